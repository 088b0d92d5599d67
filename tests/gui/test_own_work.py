"""``OwnWork``: whose work the session's unsaved changes are, on a stand-in studio (the
window's behaviour with it is ``test_workspace_own_work.py``)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.own_work import OwnWork


def _studio(lesson_place=None):
    return SimpleNamespace(demonstrating=False, run_is_demonstration=False,
                           lesson_place=lesson_place or {})


def test_the_students_changes_are_own_work_and_a_demonstration_replaces_them(qapp):
    studio = _studio()
    work = OwnWork(studio)
    work.changed("network")
    work.changed("training")
    assert work.parts == {"network", "training"}
    studio.demonstrating = True                 # a lesson step sets the network
    studio.lesson_place = {"lesson": "03_vanishing_gradients"}
    work.changed("network")
    assert work.parts == {"training"} and work.lesson == "03_vanishing_gradients"
    studio.demonstrating = False
    studio.run_is_demonstration = True          # the step's own run is not the student's
    work.changed("run")
    assert work.parts == {"training"}


def test_edits_after_a_step_of_the_lesson_on_screen_are_the_lessons(qapp):
    studio = _studio(lesson_place={"lesson": "03_vanishing_gradients"})
    work = OwnWork(studio)
    work.lesson = "03_vanishing_gradients"
    work.changed("network")                     # asked for by the lesson's text
    work.changed("data")
    assert work.parts == set() and work.lesson_edits == {"network", "data"}
    studio.lesson_place = {"lesson": "05_activations"}    # another lesson: the student's
    work.changed("training")
    assert work.parts == {"training"}


def test_at_stake_names_what_a_replacement_would_lose_and_let_go_forgets_it(qapp):
    work = OwnWork(_studio())
    work.restore({"network", "run"})
    assert work.at_stake(None) == {"network", "run"}
    assert work.at_stake(["data"]) == set()
    assert work.at_stake(["run", "data"]) == {"run"}
    work.restore({"session"})                   # a restored session: where is not known
    assert work.at_stake(["data"]) == {"session"} and work.at_stake([]) == set()
    work.restore({"network", "run"})
    work.let_go({"run"})
    assert work.parts == {"network"}
    work.clear()
    assert work.parts == set() and work.lesson_edits == set()


def test_the_whole_session_going_takes_the_lessons_edits_too(qapp):
    """Walker37 W37-21: with lesson 13 on screen the student built a network by hand and
    trained it; Ctrl+O opened a file without a question and both were gone. Edits made
    while following a lesson are replaced by its next step without a question, but New and
    Open, which replace the whole session, ask about them."""
    studio = _studio(lesson_place={"lesson": "12_convolutions"})
    work = OwnWork(studio)
    work.lesson = "12_convolutions"
    work.changed("network")
    work.changed("run")
    assert work.parts == set() and work.lesson_edits == {"network", "run"}
    assert work.at_stake(None) == set() and work.at_stake(["network"]) == set()
    assert work.at_stake(None, whole=True) == {"network", "run"}
    work.let_go({"network", "run"})             # discarded: not asked again
    assert work.at_stake(None, whole=True) == set()

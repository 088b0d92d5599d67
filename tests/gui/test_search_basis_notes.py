"""The search's basis sentence and its note on results computed on other data."""
from __future__ import annotations

from dlstudio.data.spec import DataSpec
from dlstudio.gui import specs
from dlstudio.gui.search.basis_notes import BasisLabelWidget, OtherDataNoteWidget
from dlstudio.gui.search.demo import demo_studio


def test_the_setup_sentence_names_data_and_optimizer_as_the_docks_do(qtbot):
    """W7-10/W7-11: it said "on **spirals** with **rmsprop**" (code names)."""
    studio = demo_studio()
    label = BasisLabelWidget(studio)
    qtbot.addWidget(label)
    text = label.text()
    assert "(3 layers)" in text
    assert f"<b>{specs.dataset_name(studio.data_spec.dataset)}</b>" in text
    assert f"<b>{specs.optimizer_name(studio.train_spec.optimizer)}</b>" in text
    assert specs.optimizer_name("rmsprop") == "RMSprop" and specs.dataset_name("mnist") != "mnist"
    assert specs.dataset_name("/home/me/my.csv") == "/home/me/my.csv"
    studio.set_data_spec(studio.data_spec.with_(dataset="spirals"))     # follows the studio
    assert f"<b>{specs.dataset_name('spirals')}</b>" in label.text()


def test_the_other_data_note_names_both_data_sets_or_says_the_settings_differ(qtbot):
    note = OtherDataNoteWidget()
    qtbot.addWidget(note)
    note.show()
    moons = DataSpec(dataset="moons", params={"noise": 0.2})
    note.show_for(None, moons)                    # no results: nothing to say
    assert not note.isVisible()
    note.show_for(moons, moons)                   # their own data
    assert not note.isVisible()
    note.show_for(moons, moons.with_(dataset="spirals"))
    assert note.isVisible() and note.action_button.isVisible()
    text = note.text()
    assert specs.dataset_name("moons") in text and specs.dataset_name("spirals") in text
    note.show_for(moons, moons.with_params(noise=0.3))
    assert "other data settings" in note.text()
    with qtbot.waitSignal(note.sigAction):
        note.action_button.click()

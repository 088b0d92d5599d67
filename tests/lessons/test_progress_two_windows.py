"""Two windows (two ProgressStore objects) on one progress file: neither writes the other's
progress over with its older copy (walker14 W14-8: window 1 wrote lesson 03 back to 0/4
after window 2 had completed its first step)."""
from __future__ import annotations

import json

from dlstudio.engine.filesave import OwnerLock, briefly_locked
from dlstudio.lessons.progress import ProgressStore


def test_each_windows_steps_and_answers_are_kept(tmp_path):
    path = tmp_path / "lesson_progress.json"
    one, two = ProgressStore(path), ProgressStore(path)
    two.mark_completed("03", "check-before-training")
    one.mark_completed("04", "first")             # window 1 still has no 03 in memory
    one.record_answer("04", "first", 2)
    two.set_current("03", "the-loss-plateaus")
    data = json.loads(path.read_text(encoding="utf-8"))["lessons"]
    assert data["03"]["completed"] == ["check-before-training"]
    assert data["03"]["current_step"] == "the-loss-plateaus"
    assert data["04"]["completed"] == ["first"] and data["04"]["answers"] == {"first": 2}
    # each window sees the other's work once it writes
    assert one.get("03").completed == {"check-before-training"}
    assert ProgressStore(path).done_steps("04", ["first", "second"]) == ["first"]


def test_the_first_answer_counts_across_windows_and_a_reset_sticks(tmp_path):
    path = tmp_path / "lesson_progress.json"
    one, two = ProgressStore(path), ProgressStore(path)
    assert one.record_answer("05", "q", 1)
    assert not two.record_answer("05", "q", 3)     # window 2 had not seen it in memory
    assert ProgressStore(path).get("05").answers == {"q": 1}
    two.mark_completed("05", "q")
    one.reset("05")
    two.mark_completed("06", "a")                   # not bringing 05 back
    fresh = ProgressStore(path)
    assert "05" not in fresh.lessons and fresh.get("06").completed == {"a"}


def test_a_change_waits_for_the_lock_and_leaves_none_behind(tmp_path):
    path = tmp_path / "lesson_progress.json"
    store = ProgressStore(path)
    other = OwnerLock(path)
    assert other.acquire()                          # another window is writing
    with briefly_locked(path, wait=0.05) as held:
        assert not held                             # gave up waiting: goes on without it
    other.release()
    store.mark_completed("01", "x")
    assert not OwnerLock(path).path.exists()
    with briefly_locked(path) as held:
        assert held

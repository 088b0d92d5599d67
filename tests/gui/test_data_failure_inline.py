"""A data file that cannot be loaded is said in the Data dock and the status line, never in a
dialog (walker3 W3-29/W3-30: a broken file restored from the last session popped a
crash-style dialog at start-up and again when a lesson step replaced the data)."""
from __future__ import annotations

import numpy as np


def _weird_npz(tmp_path):
    path = tmp_path / "weird.npz"
    np.savez(path, a=np.zeros((4, 2)), b=np.zeros(4))
    return path


def test_a_failed_load_shows_inline_without_a_dialog(window, small_studio, qtbot, tmp_path,
                                                     monkeypatch):
    from dlstudio.gui import main_window

    shown = []
    monkeypatch.setattr(main_window, "show_problem", lambda *args: shown.append(args))
    s = small_studio
    s._set_state("failed")              # a previous run failed: still no crash dialog
    path = _weird_npz(tmp_path)
    with qtbot.waitSignal(s.sigDatasetFailed, timeout=60000):
        s.set_data_spec(s.data_spec.with_(dataset="npz", params={"path": str(path)}))
        s.load_dataset()
    assert shown == []
    assert "weird.npz" in window.status_label.full_text()
    assert s.dataset_error and "weird.npz" in s.dataset_error
    # the data spec changes (a lesson step, the dataset combo): the old failure is gone
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.set_data_spec(s.data_spec.with_(dataset="spirals", params={"n_samples": 240}))
        s.load_dataset()
    assert window.status_label.full_text() == "" and s.dataset_error == ""
    assert shown == []


def test_a_load_replaced_by_a_newer_data_spec_says_nothing(small_studio, qtbot, tmp_path):
    s = small_studio
    failures = []
    s.sigDatasetFailed.connect(failures.append)
    s.sigError.connect(failures.append)
    s.set_data_spec(s.data_spec.with_(dataset="npz", params={"path": str(_weird_npz(tmp_path))}))
    s.load_dataset()
    s.set_data_spec(s.data_spec.with_(dataset="spirals", params={"n_samples": 240}))
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.load_dataset()
    qtbot.wait(200)
    assert failures == []


def test_start_with_data_that_failed_to_load_is_a_setting_to_fix(small_studio, qtbot, tmp_path):
    s = small_studio
    s.set_data_spec(s.data_spec.with_(dataset="npz", params={"path": str(_weird_npz(tmp_path))}))
    with qtbot.waitSignal(s.sigDatasetFailed, timeout=60000):
        s.load_dataset()
    errors = []
    s.sigError.connect(errors.append)
    s.start()
    assert len(errors) == 1 and "weird.npz" in errors[0]
    assert s.state != "failed"

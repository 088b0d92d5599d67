"""Shared set-up for the GUI tests: offscreen Qt, per-test user folders, small fast specs."""
from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(scope="session", autouse=True)
def _cycles_collected_on_the_gui_thread(qapp):
    """As in the app (``gui.collector``): cycles holding Qt objects are destroyed on the GUI
    thread, between events, never inside a worker's allocation or a Qt handler."""
    from dlstudio.gui import collector

    running = collector.install(qapp)
    yield
    running.stop()


@pytest.fixture(autouse=True)
def _nothing_set_aside_from_collection():
    """The app sets start-up's objects aside from later collections once its kernels are
    ready (``collector.settle``); a test that starts the app's start-up gives them back
    afterwards, so that what it built (a window...) is collected like any other test's."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture(scope="session", autouse=True)
def _worker_threads_finish_before_exit():
    """A studio's shutdown waits 60 s for its threads; a kernel warm-up compiling on a cold
    Numba cache (minutes on a busy machine) can outlive it, and Python destroying a running
    QThread at exit aborts the process after the tests passed: the session waits for it."""
    yield
    from dlstudio.gui.job_runner import wait_for_threads

    assert wait_for_threads(900), "a worker thread still runs 15 minutes after the last test"


@pytest.fixture(autouse=True)
def _no_modal_questions_on_close(monkeypatch):
    """A window closed while its run trains asks "Stop it and quit?" in a modal box, which
    nobody answers offscreen: tests answer "Stop and quit" (a test of the question replaces
    ``WorkspaceController.ask_stop_run`` itself)."""
    from dlstudio.gui import file_choice

    monkeypatch.setattr(file_choice, "ask_stop_run", lambda *_args, **_kwargs: True)
    # nor the one before saving over a file another window changed: replace it
    monkeypatch.setattr(file_choice, "ask_overwrite_changed", lambda _parent, _name: "overwrite")
    # nor the one before opening a file another window (a test's other controller) has open
    monkeypatch.setattr(file_choice, "ask_open_elsewhere", lambda *_args: True)


@pytest.fixture(autouse=True)
def _widgets_freed_when_the_test_ends(qapp):
    """A test's windows, dialogs and plots are deleted as it ends, not some tests later.

    Closed widgets wait for a ``deleteLater`` that no event loop runs, and pyqtgraph's items
    (each plot keeps parentless context menus) sit in reference cycles that the GUI-thread
    collector frees only now and then: the session kept tens of thousands of widgets, and
    every theme, classroom or language switch re-styled or re-translated all of them (a
    one-label theme test took 40 s late in the suite, 0.02 s alone). Runs after the test's
    own fixtures closed its windows and stopped its studio, on the GUI thread at the top of
    the event loop, as the collector does. A full collection costs ~0.1-0.3 s on the suite's
    heap, so it runs only once the plots' parentless menus have piled up (a few windows)."""
    yield
    if not qapp.topLevelWidgets():
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if len(qapp.topLevelWidgets()) > _TOP_LEVEL_WIDGETS_KEPT:
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


#: top-level widgets (mostly pyqtgraph's context menus) left waiting for a collection
_TOP_LEVEL_WIDGETS_KEPT = 400


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """Send the autosave and log of the code under test to a temporary folder."""
    from dlstudio.gui import errors

    monkeypatch.setattr(errors, "user_data_dir", lambda: tmp_path)
    return tmp_path


@pytest.fixture
def small_studio(qapp, user_dir):
    """A Studio on a tiny 2-D problem (toy_2d on 240 spiral points, 2 epochs)."""
    from dlstudio.gui.studio import Studio

    studio = Studio()
    studio.set_data_spec(studio.data_spec.with_(dataset="spirals")
                         .with_params(n_samples=240))
    studio.set_train_spec(studio.train_spec.replace(epochs=2, batch_size=16,
                                                    learning_rate=0.01))
    yield studio
    studio.shutdown()


@pytest.fixture
def pause_after(small_studio, qtbot):
    """``pause_after(steps)``: ``small_studio`` trains a 3-epoch run, ``steps`` mini-batches
    one at a time (started paused), and stays paused there."""
    def pause(steps: int) -> None:
        s = small_studio
        s.set_train_spec(s.train_spec.replace(epochs=3))
        s.start(paused=True)
        for n in range(1, steps + 1):
            s.runner.step_once()
            qtbot.waitUntil(lambda n=n: s.store.latest("A") is not None
                            and s.store.latest("A").step >= n, timeout=60000)

    return pause


@pytest.fixture
def stop_after(small_studio, qtbot, pause_after):
    """``stop_after(steps)``: ``small_studio`` trains a 3-epoch run, ``steps`` mini-batches
    one at a time (started paused), and is stopped there as the Stop button does."""
    def stop(steps: int) -> None:
        s = small_studio
        pause_after(steps)
        with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
            s.stop()
        assert s.state == "stopped"

    return stop


@pytest.fixture
def window(small_studio, qtbot):
    """The main window on ``small_studio``, shown, with every panel built."""
    from dlstudio.gui.main_window import MainWindow

    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.show()
    w.build_panels()
    return w


@pytest.fixture
def window_on_settings(small_studio, qtbot, tmp_path):
    """``window_on_settings()`` -> ``(window, settings)``: a new main window on
    ``small_studio`` reading its own settings file (``tmp_path/settings.ini``: a second call
    reads what the first window wrote, as a restart does), 1366x738 and shown."""
    from PySide6.QtCore import QSettings

    from dlstudio.gui.main_window import MainWindow

    def make():
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        w = MainWindow(small_studio, settings)
        qtbot.addWidget(w)
        w.resize(1366, 738)
        w.show()
        return w, settings

    return make


@pytest.fixture
def lesson_panel(qtbot, user_dir, tmp_path):
    """A shown ``LessonPanel`` in English on a fresh studio, its progress in ``tmp_path``."""
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio
    from dlstudio.lessons.progress import ProgressStore

    studio = Studio()
    widget = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"), lang="en")
    qtbot.addWidget(widget)
    widget.resize(520, 800)
    widget.show()
    yield widget
    studio.shutdown()


def _clear_pending_quit(app) -> None:
    """Undo a quit left pending by an earlier test (a nested ``exec`` that was told to quit
    when no loop ran): while it is pending every event loop, and so every ``qtbot.wait``,
    returns at once and timers never fire."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(0)
    stuck = loop.exec() == -1
    timer.stop()
    if stuck:
        QTimer.singleShot(0, app.quit)
        app.exec()          # starts clean, quits at once, and clears the pending quit


@pytest.fixture(autouse=True)
def _event_loop_not_quitting(qapp):
    _clear_pending_quit(qapp)
    yield


@pytest.fixture
def app_look_restored(qapp):
    """The application's style, palette, font, style sheet and theme properties as they
    were, after a test that applies a theme: ``theme.apply`` installs a style sheet the
    session never had, which widened later tests' widgets (test_editor's dock width, 3 px)."""
    from PySide6.QtGui import QFont, QPalette

    saved = (qapp.style().name(), QPalette(qapp.palette()), QFont(qapp.font()),
             qapp.styleSheet(), qapp.property("dlstudio_theme"),
             qapp.property("dlstudio_classroom"))
    yield
    style, palette, font, sheet, theme_name, classroom = saved
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setProperty("dlstudio_theme", theme_name)
    qapp.setProperty("dlstudio_classroom", classroom)

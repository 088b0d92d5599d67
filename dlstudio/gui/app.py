"""Start the studio: ``run(argv) -> exit code``.

Order matters for a fast start: the QApplication, theme, translator and an empty window come
first; the engine (and Numba) load when the window has shown. Options (also accepted by
``dlstudio gui``)::

    WORKSPACE            a workspace file to open (otherwise the last session is restored)
    --preset NAME        start from a preset network (and its dataset)
    --dataset NAME       use this dataset
    --epochs N           train for N epochs
    --autostart          start training as soon as the window is up
    --panel NAME         bring this plot panel forward
    --lesson ID          open the lessons on lesson ID ("03" or "03_vanishing_gradients")
    --step N             ... at its step N (counted from 1, as the panel shows it)
    --classroom          classroom mode (large text, thick lines)
    --theme light|dark   colour theme
    --lang en|zh_CN      language
    --fresh              do not restore the last session

Environment variables ``DLSTUDIO_PRESET``, ``DLSTUDIO_AUTOSTART=1``, ``DLSTUDIO_LANG``,
``DLSTUDIO_THEME`` and ``DLSTUDIO_FRESH=1`` do the same (handy for screenshots).
"""
from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="dlstudio gui", add_help=True)
    add_options(p)
    return p.parse_args(argv)


def window_language(text: str) -> str:
    """``--lang`` (any spelling ``language_option`` reads) as the window's language name."""
    from dlstudio.messages import language_option

    return {"en": "en", "zh": "zh_CN"}[language_option(text)]


def _env_language(text: str | None) -> str | None:
    """``DLSTUDIO_LANG`` as a window language; None (the saved or the system's language) when
    unset or another language, as before: a setting in the environment never stops the window
    from opening."""
    try:
        return window_language(text) if text else None
    except argparse.ArgumentTypeError:
        return None


def add_options(p: argparse.ArgumentParser) -> None:
    """The window's command-line options (shared with ``dlstudio gui``)."""
    from dlstudio.messages import LANGUAGE_METAVAR

    env = os.environ.get
    p.add_argument("workspace", nargs="?", help="a workspace file to open")
    p.add_argument("--preset", default=env("DLSTUDIO_PRESET"),
                   help="start from a preset network, e.g. toy_2d or mnist_convnet")
    p.add_argument("--dataset", default=env("DLSTUDIO_DATASET"), help="dataset to use")
    p.add_argument("--epochs", type=int, default=None, help="number of epochs to train")
    p.add_argument("--learning-rate", type=float, default=None, help="learning rate")
    p.add_argument("--autostart", action="store_true",
                   default=env("DLSTUDIO_AUTOSTART", "") not in ("", "0"),
                   help="start training as soon as the window is up")
    p.add_argument("--panel", default=env("DLSTUDIO_PANEL"),
                   help="bring this plot panel forward")
    p.add_argument("--lesson", default=env("DLSTUDIO_LESSON"),
                   help="open the lessons on this lesson: its number as the lesson list shows "
                        "it (4), its name (vanishing_gradients) or its id "
                        "(03_vanishing_gradients)")
    p.add_argument("--step", type=int, default=None,
                   help="with --lesson: open at this step (1 is the first)")
    p.add_argument("--classroom", action="store_true", default=None,
                   help="classroom mode: larger text and thicker lines")
    p.add_argument("--theme", choices=("light", "dark"), default=env("DLSTUDIO_THEME"),
                   help="the window's colours (default: the theme chosen last in View)")
    p.add_argument("--lang", type=window_language, metavar=LANGUAGE_METAVAR,
                   default=_env_language(env("DLSTUDIO_LANG")),
                   help="language of the window (zh_CN and zh-CN also work)")
    p.add_argument("--fresh", action="store_true",
                   default=env("DLSTUDIO_FRESH", "") not in ("", "0"),
                   help="do not restore the last session")


def _flag(settings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    return value in (True, "true", "1", 1)


def inside_worker_process() -> bool:
    """True in a process started by ``multiprocessing`` (e.g. a search worker). A launcher
    script without a ``__main__`` guard runs again in every spawned worker; the window must
    not open there (the worker would never serve its search, and a second window would
    appear and start searches of its own). A spawned process runs the launcher before
    ``multiprocessing`` knows its parent (``parent_process()`` is None then), so its own
    command line tells: every training child and search worker of such a launcher opened a
    window of its own, which outlived the window that started it."""
    import multiprocessing

    return multiprocessing.parent_process() is not None \
        or "--multiprocessing-fork" in getattr(sys, "orig_argv", ())


def run(argv: list[str] | None = None) -> int:
    """Open the studio window and run the event loop."""
    return run_with_args(parse_args(list(sys.argv[1:] if argv is None else argv)))


def option_problem(args: argparse.Namespace) -> str:
    """What is wrong with the start-up options, in words ("" when nothing is): an unknown
    preset or lesson, or a step the lesson does not have."""
    if getattr(args, "preset", None):
        from dlstudio.engine.presets import PRESETS

        if args.preset not in PRESETS:
            return (f"there is no preset {args.preset!r}; choose one of: "
                    f"{', '.join(PRESETS.names())}")
    lesson_id = getattr(args, "lesson", None)
    step = getattr(args, "step", None)
    if step is not None and not lesson_id:
        return "--step needs --lesson (for example --lesson 4 --step 2)"
    if lesson_id:
        from dlstudio.lessons.loader import LessonError, find_lesson

        try:
            lesson = find_lesson(lesson_id)
        except (LookupError, LessonError) as exc:
            return str(exc)
        if step is not None and not 1 <= step <= len(lesson.steps):
            return (f"lesson {lesson.id} has steps 1 to {len(lesson.steps)}; "
                    f"--step {step} is not one of them")
    return ""


def run_with_args(args: argparse.Namespace) -> int:
    """``run`` with options already parsed (by ``dlstudio gui``)."""
    if inside_worker_process():
        print("dlstudio: not opening a window inside a worker process: the script that "
              "starts dlstudio runs again in each worker; put its start under "
              "`if __name__ == \"__main__\":`", file=sys.stderr)
        return 3
    problem = option_problem(args)
    if problem:
        print(f"dlstudio: {problem}", file=sys.stderr)
        return 2
    from dlstudio.gui import startup_trace
    # the files this window's code came from, before anything can update them: a child
    # that trains a run compares them with the files it imports (walker20 W20-13)
    from dlstudio.gui import code_stamp  # noqa: F401

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import collector, errors, i18n, theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("dlstudio")
    app.setOrganizationName("dlstudio")
    collector.install(app)      # cycles are collected on this thread only
    errors.setup_logging()
    reporter = errors.ErrorReporter(app)
    reporter.install()
    app.error_reporter = reporter

    settings = QSettings("dlstudio", "dlstudio")
    theme_name = args.theme or settings.value("theme", "light")
    classroom = args.classroom if args.classroom is not None else _flag(settings, "classroom",
                                                                        False)
    theme.apply(app, theme_name, classroom, theme.screen_height())
    from dlstudio.gui.widgets.focus import KeyboardFocusController

    app.focus_controller = KeyboardFocusController(app)   # a focus one can see (W8-11)
    from dlstudio.gui.widgets import wheel_guard

    wheel_guard.install(app)    # the wheel scrolls panels, not the boxes it passes over
    from dlstudio.gui.widgets import space_key

    space_key.install(app)      # Space pauses unless a space is text there (W13-5, W13-7)
    from dlstudio.gui.widgets import busy_button_focus

    busy_button_focus.install(app)   # a self-disabling button's focus stays off fields (W28-7)
    chosen = args.lang or settings.value("language", "")
    i18n.set_language(chosen or i18n.system_language(), chosen=bool(chosen))

    window = build_window(settings, theme_name, classroom)
    startup_trace.mark("window constructed")
    startup_trace.mark_first_paint(window, "first paint")
    # the engine-dependent panels are built once the empty window has painted, so that it
    # appears at once (a window that never paints, e.g. minimized, goes on after a second)
    startup_trace.after_next_paint(window, lambda: after_show(window, args), fallback_ms=1000)
    window.show()
    from dlstudio.gui.end_signals import EndSignalWatcher

    # a logout, a shutdown or `kill` closes the window as Quit does (walker32 B1)
    ending = EndSignalWatcher(window.end_for_system, app)
    code = app.exec()
    ending.uninstall()
    reporter.uninstall()
    from dlstudio.gui.job_runner import busy_threads

    if busy_threads():
        # a kernel compilation or a lesson check cannot be interrupted; everything is
        # saved, so leave now
        # instead of letting Python tear down a running QThread (which aborts)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    return int(code)


#: seconds a thread running Python may keep the GIL while another thread waits for it
#: (Python's default: 5 ms). The trainer's thread needs the GIL back after every kernel and
#: matrix product; while the GUI thread ran Python (a plot redraw) it could wait up to the
#: whole interval each time. Measured with the MLP (4 alternating pairs on a busy machine,
#: medians): 22,700 examples/s at 1 ms against 19,800 at 5 ms, the GUI as smooth.
GIL_SWITCH_SECONDS = 0.001


#: whether a window trains its runs in a child process (``gui/training_process.py``) until
#: the user chooses otherwise (Run > Train in a separate process). In the same process the
#: GUI thread's plots and the training share one GIL: the 784-300-100-10 MLP's three MNIST
#: epochs (2 cores, 2026-12-07, quiet, 5 rounds each alternating headless, window on its
#: thread, window with a child) trained in the window at 0.81 of headless on its thread and
#: 0.86-0.90 with a child (faster in each of the 5 rounds); the MLP on a slice (an epoch end
#: every 94 steps) 0.81 / 0.97; the convnet's epoch no different beyond this machine's noise
#: (0.89 / 0.90 and 0.76 / 0.80 in two comparisons of 3 rounds).
TRAIN_IN_PROCESS_DEFAULT = True


def training_in_process(settings) -> bool:
    """Whether the window trains in a child process: ``DLSTUDIO_TRAIN_PROCESS`` 1 or 0 when
    set, else the user's choice kept in ``settings`` (``TRAIN_IN_PROCESS_DEFAULT`` until there
    is one); without settings (tests, embedding) the studio's own default."""
    forced = os.environ.get("DLSTUDIO_TRAIN_PROCESS", "")
    if forced in ("0", "1"):
        return forced == "1"
    if settings is None:
        return False
    return _flag(settings, "train_in_process", TRAIN_IN_PROCESS_DEFAULT)


def build_window(settings, theme_name: str, classroom: bool):
    from dlstudio.gui import startup_trace
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio
    from dlstudio.gui.window_geometry import restore_geometry

    startup_trace.mark("imports done")
    sys.setswitchinterval(GIL_SWITCH_SECONDS)

    studio = Studio()
    studio.theme = theme_name
    studio.classroom = classroom
    studio.train_in_process = training_in_process(settings)
    window = MainWindow(studio, settings)
    restore_geometry(window, settings)
    return window


def leave_restored_lesson(window, key: str) -> None:
    """``--lesson`` chooses a lesson as the lesson list does: when the restored session is
    in another lesson, what that lesson put on screen (its run, check, variants) goes first
    (``LessonPanel.leave_for``); the student's own work stays. An unknown lesson is said by
    ``open_lesson``."""
    from dlstudio.lessons.loader import find_lesson

    panel = window.lesson_panel()
    if panel is None:
        return
    try:
        lesson_id = find_lesson(key).id
    except (LookupError, KeyError):
        return
    panel.leave_for(lesson_id)


def after_show(window, args: argparse.Namespace) -> None:
    """Engine-dependent start-up: panels, the workspace, command-line choices, and the start
    page (unless the command line already chose what to do)."""
    from PySide6.QtCore import QTimer

    from dlstudio.gui.data_folders import DataFolderMemory
    from dlstudio.gui.dock_state import STATE_KEY
    from dlstudio.gui.workspace import WorkspaceController

    from dlstudio.gui import collector, startup_trace

    studio = window.studio
    window.build_panels()
    startup_trace.mark("panels built")
    startup_trace.mark_first_paint(window, "panels painted")
    state = window.settings.value(STATE_KEY) if window.settings is not None else None
    if state is not None and not args.fresh:
        window.restore_layout(state)   # dock layout of the last session
    window.dock_state.start()        # from now on saved as it changes (W19-8)
    window.attach_workspace(WorkspaceController(studio, window, settings=window.settings))
    # folders the student gave for MNIST & co. are searched by every later load (W8-4)
    window.data_folders = DataFolderMemory(studio, window.settings, window)
    # a file another window has open is asked about first, as File > Open does (fix89);
    # Cancel starts the window as if no file had been given
    opened = bool(args.workspace) and window.workspace.may_open_here(args.workspace) \
        and window.workspace.open(args.workspace)
    if not opened and not (args.fresh or args.preset):
        # a file named on the command line that cannot be opened must not cost the last
        # session: it is restored as if no file had been given (W7-13)
        window.workspace.recovery.restore_last_session()
    else:       # this window starts without the last session: keep it for later
        window.workspace.recovery.keep_previous_session()
    if args.preset:
        from dlstudio.gui.editor.preset_box import apply_preset

        apply_preset(studio, args.preset, record=False)   # network, data, training settings
    if args.dataset:
        studio.set_data_spec(dataclasses.replace(studio.data_spec, dataset=args.dataset,
                                                 params={}))
    if args.epochs:
        studio.set_train_spec(studio.train_spec.replace(epochs=args.epochs))
    if args.learning_rate:
        studio.set_train_spec(studio.train_spec.replace(learning_rate=args.learning_rate))
    window.workspace.start_autosave()
    studio.load_dataset()
    studio.warmer.sigFinished.connect(lambda _result: startup_trace.mark("kernels ready"))
    # start-up is over: what it built is not scanned by every later collection
    studio.warmer.sigFinished.connect(lambda _result: collector.settle())
    if studio.train_in_process:      # its first run's process compiles or loads them
        from dlstudio.gui.training_process import start_spare

        start_spare()
    studio.warm_up_engine()          # kernels compile while the user looks around
    # a run started before the kernels are ready waits only for those it needs (issue 13)
    studio.sigTelemetry.connect(lambda _snap: startup_trace.mark("first training step"))
    startup_trace.exit_when_done(["panels painted", "kernels ready"]
                                 + (["first training step"] if args.autostart else []))
    if getattr(args, "lesson", None):
        leave_restored_lesson(window, args.lesson)
        window.open_lesson(args.lesson, None if args.step is None else args.step - 1)
    if args.panel:
        studio.show_panel(args.panel)
    if args.autostart:
        studio.start()
    chosen = args.workspace or args.preset or getattr(args, "lesson", None) or args.autostart
    if not chosen and window.wants_start_page():
        if window.workspace.recovery.recovery_box is not None:
            # the (modal) start page would cover the question about a crashed window's
            # work and block it: it comes once that is answered, unless the work was opened
            window.workspace.recovery.sigRecoveryAnswered.connect(
                lambda opened: opened or window.show_start_page())
        else:
            QTimer.singleShot(200, window, window.show_start_page)   # lessons, tour, or explore

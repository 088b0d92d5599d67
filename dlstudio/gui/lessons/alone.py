"""The lesson panel shown alone, on a fresh studio: for trying lessons and for smoke tests.

``python -m dlstudio.gui.lessons.alone [--lang zh] [--lesson N]``.
"""
from __future__ import annotations

from dlstudio.gui.lessons.panel import LessonPanel


def panel_options():
    """The options of the panel shown alone (``main``): ``--lang`` and ``--lesson``."""
    import argparse

    from dlstudio.messages import LANGUAGE_METAVAR, language_option

    parser = argparse.ArgumentParser(description="dlstudio lesson panel")
    parser.add_argument("--lang", type=language_option, metavar=LANGUAGE_METAVAR, default=None)
    parser.add_argument("--lesson", default=None,
                        help="lesson to open: its number as the list shows it, name or id")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Show the panel alone on a fresh studio (for trying lessons and for smoke tests)."""
    import sys

    from PySide6.QtWidgets import QApplication

    args = panel_options().parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from dlstudio.gui.studio import Studio

    studio = Studio()
    panel = LessonPanel(studio, lang={"zh": "zh_CN", "en": "en"}.get(args.lang or "", None))
    if args.lesson:
        from dlstudio.lessons.loader import find_lesson

        panel.open_lesson(find_lesson(args.lesson).id)
    panel.resize(520, 820)
    panel.setWindowTitle("dlstudio – " + panel.title())
    panel.show()
    code = app.exec()
    studio.shutdown()
    return code



if __name__ == "__main__":
    raise SystemExit(main())

"""Light and dark themes and classroom mode for the whole application.

The theme is a Fusion palette plus a small style sheet (``resources/themes/<name>.qss``).
Classroom mode enlarges the application font for a projector; plots read
``Studio.classroom`` and ``plot_colors(theme)`` to thicken lines and pick readable colours.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from dlstudio.gui.menu_box_style import MenuBoxStyle
from dlstudio.paths import shared_dir

THEMES = ("light", "dark")
RESOURCES = shared_dir("resources")

#: colours the plots may use for background, foreground (axes, text) and grid per theme
PLOT_COLORS = {
    "light": {"background": "#ffffff", "foreground": "#202020", "grid": "#d0d0d0"},
    "dark": {"background": "#1e1f22", "foreground": "#e6e6e6", "grid": "#45474d"},
}

_DARK = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282c",
    QPalette.ColorRole.ToolTipBase: "#3a3d42",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35383d",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#6cb4ff",
    QPalette.ColorRole.Highlight: "#3d7bd9",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#8d9096",
}
_LIGHT_TWEAKS = {
    QPalette.ColorRole.Highlight: "#2f6fd0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#fffbe6",
    QPalette.ColorRole.ToolTipText: "#202020",
}

#: colour for inline problems, readable on both themes
ERROR_COLOR = {"light": "#c62828", "dark": "#ff7b72"}

_base_point_size: float | None = None

#: classroom mode's font scale on a screen 1080 pixels high or more (a 1920x1080 projector)
CLASSROOM_SCALE = 1.5
CLASSROOM_FULL_HEIGHT = 1080
#: the smallest classroom scale, on a low screen (1366x768: 1.5 x 768 / 1080 = 1.07)
CLASSROOM_MIN_SCALE = 1.1


def classroom_scale(screen_height: int | None) -> float:
    """The classroom font scale for a screen ``screen_height`` pixels high (None: unknown,
    the full scale).

    A projector throws any resolution onto the same wall, so a pixel of a 768-pixel-high
    image is 1.4 times as tall as one of a 1080-pixel image: text as large on the wall needs
    fewer pixels. The scale falls in proportion to the height from ``CLASSROOM_SCALE`` at
    ``CLASSROOM_FULL_HEIGHT`` to at least ``CLASSROOM_MIN_SCALE``: at 1.5 a 1366x768 screen
    showed two and a half lessons of the list and the Draw a digit page needed scrolling
    (walker16 W16-27); at 1.1 both fit."""
    if not screen_height or screen_height >= CLASSROOM_FULL_HEIGHT:
        return CLASSROOM_SCALE
    return max(CLASSROOM_MIN_SCALE, CLASSROOM_SCALE * screen_height / CLASSROOM_FULL_HEIGHT)


def palette(theme: str) -> QPalette:
    app = QApplication.instance()
    pal = app.style().standardPalette() if app is not None else QPalette()
    for role, colour in (_DARK if theme == "dark" else _LIGHT_TWEAKS).items():
        pal.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    if theme == "dark":
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                     QPalette.ColorRole.WindowText):
            pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d83"))
    return pal


#: classroom mode's additions to the theme: radio buttons and check boxes as large as the
#: enlarged text (a lesson's answers looked like plain lines of text on a projector, their
#: 13-px circles beside 1.5x text: walker10 W10-14)
CLASSROOM_SHEET = """
QRadioButton::indicator, QCheckBox::indicator { width: 20px; height: 20px; }
"""


#: helper text (``QLabel[role="hint"]``, a layer's description): the themes' own grey in
#: normal mode; in classroom mode near the text colour, since light grey on light grey was
#: the first text lost on a projector (walker11 W11-18)
HINT_COLOR = {("light", False): "#5f6368", ("dark", False): "#a0a4aa",
              ("light", True): "#303336", ("dark", True): "#dcdfe4"}


def hint_color(theme: str | None = None, classroom: bool | None = None) -> str:
    """The colour of helper text in ``theme`` and mode (None: the application's now)."""
    app = QApplication.instance()
    if theme is None:
        theme = (app.property("dlstudio_theme") if app is not None else None) or "light"
    if classroom is None:
        classroom = bool(app.property("dlstudio_classroom")) if app is not None else False
    return HINT_COLOR.get((theme, bool(classroom)), HINT_COLOR[("light", False)])


#: the dark theme draws its own radio circles (``dark.qss``): round at classroom size too
#: (20 px and a 1 px border)
CLASSROOM_DARK_SHEET = """
QRadioButton::indicator { border-radius: 11px; }
"""


def classroom_sheet(theme: str) -> str:
    """Classroom mode's additions to ``theme``'s style sheet."""
    return CLASSROOM_SHEET + (CLASSROOM_DARK_SHEET if theme == "dark" else "") \
        + f'QLabel[role="hint"] {{ color: {hint_color(theme, True)}; }}\n'


def style_sheet(theme: str) -> str:
    path = RESOURCES / "themes" / f"{theme}.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def screen_height(widget=None) -> int | None:
    """The height in pixels of the screen ``widget`` is on (None: the primary screen's), or
    None when there is no screen."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        app = QApplication.instance()
        screen = app.primaryScreen() if app is not None else None
    return screen.geometry().height() if screen is not None else None


def apply(app: QApplication, theme: str = "light", classroom: bool = False,
          screen_height: int | None = None) -> None:
    """Apply ``theme`` ("light" or "dark") and classroom font scaling to ``app``: the font
    ``classroom_scale(screen_height)`` times larger (None: the full scale)."""
    global _base_point_size
    if theme not in THEMES:
        theme = "light"
    # Fusion, with menu check boxes that show on the dark theme's menus (menu_box_style)
    app.setStyle(MenuBoxStyle())
    # first: widgets restyle as the palette changes, and read the theme's colours that the
    # palette lacks (``error_color``) from this property
    app.setProperty("dlstudio_theme", theme)
    app.setPalette(palette(theme))
    font = QFont(app.font())
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_base_point_size * (classroom_scale(screen_height) if classroom else 1.0))
    app.setFont(font)
    app.setStyleSheet(style_sheet(theme) + (classroom_sheet(theme) if classroom else ""))
    app.setProperty("dlstudio_classroom", classroom)


def error_color(theme: str | None = None) -> str:
    if theme is None:
        app = QApplication.instance()
        theme = app.property("dlstudio_theme") if app is not None else "light"
    return ERROR_COLOR.get(theme or "light", ERROR_COLOR["light"])

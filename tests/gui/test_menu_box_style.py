"""A menu's check boxes show on the dark theme, and checkable items with an icon keep it.

On the dark theme's menus an unchecked box was not to be seen, so a setting that can be
turned on (Run > Write TensorBoard logs...) looked like a command; a style sheet rule for
``QMenu::indicator`` drew the box but put it in place of Run > Pause's icon."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QStyle, QStyleFactory, QStyleOptionButton

from dlstudio.gui import theme
from dlstudio.gui.menu_box_style import MenuBoxStyle
from tests.contrast_ratio import contrast

pytest.importorskip("pytestqt")

ICON_COLOR = QColor("#e0a030")


def _shown_menu(qtbot) -> tuple[QMenu, dict]:
    menu = QMenu()
    qtbot.addWidget(menu)
    pixmap = QPixmap(16, 16)
    pixmap.fill(ICON_COLOR)
    actions = {"box": menu.addAction("Write TensorBoard logs..."),
               "icon": menu.addAction(QIcon(pixmap), "Pause"),
               "command": menu.addAction("Reset weights")}
    actions["box"].setCheckable(True)
    actions["icon"].setCheckable(True)
    menu.show()
    qtbot.waitExposed(menu)
    return menu, actions


def _icon_pixels(image: QImage, rect: QRect) -> list[tuple[int, int]]:
    """The (x, y) of ``image``'s pixels inside ``rect`` in the icon's colour."""
    return [(x, y) for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)
            if QColor(image.pixel(x, y)) == ICON_COLOR]


@pytest.mark.parametrize("name", ["dark", "light"])
def test_an_unchecked_menu_box_stands_out_from_the_menu(qapp, qtbot, app_look_restored, name):
    theme.apply(qapp, name)
    menu, actions = _shown_menu(qtbot)
    image = menu.grab().toImage()
    # the box stands in the column of the icons (found by the icon's colour), left of the text
    column = sorted({x for x, _ in _icon_pixels(image, menu.actionGeometry(actions["icon"]))})
    item = menu.actionGeometry(actions["box"])
    background = QColor(image.pixel(item.right() - 2, item.center().y()))
    best = max(contrast(QColor(image.pixel(x, y)), background)
               for x in range(column[0] - 2, column[-1] + 3)
               for y in range(item.top(), item.bottom() + 1))
    # the light theme's is Fusion's own (3.0); the dark one's was 1.06, as good as absent
    assert best >= 2.9, best


@pytest.mark.parametrize("name", ["dark", "light"])
def test_a_checkable_item_with_an_icon_keeps_its_icon(qapp, qtbot, app_look_restored, name):
    theme.apply(qapp, name)
    menu, actions = _shown_menu(qtbot)
    image = menu.grab().toImage()
    assert len(_icon_pixels(image, menu.actionGeometry(actions["icon"]))) >= 14 * 14


def _drawn_box(style, palette, qtbot) -> QImage:
    """A 14-px menu check box drawn by ``style`` on ``palette``."""
    menu = QMenu()
    qtbot.addWidget(menu)
    option = QStyleOptionButton()
    option.rect = QRect(1, 1, 14, 14)
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(palette.color(palette.ColorRole.Base))
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, menu)
    painter.end()
    return image


def test_the_light_theme_keeps_fusions_own_box(qtbot):
    fusion = QStyleFactory.create("Fusion")
    light, dark = theme.palette("light"), theme.palette("dark")
    assert _drawn_box(MenuBoxStyle(), light, qtbot) == _drawn_box(fusion, light, qtbot)
    assert _drawn_box(MenuBoxStyle(), dark, qtbot) != _drawn_box(fusion, dark, qtbot)

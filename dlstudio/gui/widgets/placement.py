"""Where a small top-level box stands so that it does not cover what it is about or what the
student is reading: beside a rectangle, inside an area (``beside``), and a widget moved
there (``move_beside``).

The guided tour's bubble stands beside the part of the window it talks about (walker20: its
first bubble covered the layer stack it described); the data-loading box stands beside the
start page instead of over its lesson table (walker20).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

#: pixels between the box and the rectangle it stands beside
GAP = 8


def beside(target: QRect, size: QSize, area: QRect, gap: int = GAP) -> QPoint:
    """The top-left corner of a box of ``size`` inside ``area`` that does not overlap
    ``target``: to its right, else its left, below, above (aligned with the target's top or
    left edge as far as ``area`` allows). When no side has room, the place inside ``area``
    that covers the least of ``target``."""
    w, h = size.width(), size.height()

    def inside(x: int, y: int) -> QPoint:
        return clamped(QPoint(x, y), size, area)

    places = [inside(target.right() + 1 + gap, target.top()),
              inside(target.left() - gap - w, target.top()),
              inside(target.left(), target.bottom() + 1 + gap),
              inside(target.left(), target.top() - gap - h)]

    def covered(corner: QPoint) -> int:
        common = QRect(corner, size).intersected(target)
        return common.width() * common.height() if common.isValid() else 0

    return min(places, key=covered)         # the first of the least covering (min is stable)


def clamped(corner: QPoint, size: QSize, area: QRect) -> QPoint:
    """``corner`` moved as little as needed for a box of ``size`` there to lie in ``area``."""
    return QPoint(max(area.left(), min(corner.x(), area.right() + 1 - size.width())),
                  max(area.top(), min(corner.y(), area.bottom() + 1 - size.height())))


def global_rect(widget: QWidget) -> QRect:
    """``widget``'s rectangle on the screen (its frame included for a window)."""
    if widget.isWindow():
        return widget.frameGeometry()
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def move_beside(box: QWidget, target: QRect, area: QRect | None = None) -> None:
    """Move the top-level ``box`` beside ``target`` (screen coordinates), inside ``area``
    (default: the available part of the box's screen)."""
    if area is None:
        screen = box.screen()
        if screen is None:
            return
        area = screen.availableGeometry()
    # a window's move() places its frame, which the window manager may add around it
    box.move(beside(target, box.frameGeometry().size(), area))


def keep_clear_of_dialogs(box: QWidget) -> None:
    """Move the shown top-level ``box`` beside the largest other open dialog it overlaps (the
    start page, the tour), over its own window as far as there is room."""
    if not box.isVisible():
        return
    mine = box.frameGeometry()
    others = [w.frameGeometry() for w in QApplication.topLevelWidgets()
              if isinstance(w, QDialog) and w is not box and w.isVisible()
              and w.frameGeometry().intersects(mine)]
    if not others:
        return
    target = max(others, key=lambda r: r.width() * r.height())
    owner = box.parentWidget().window() if box.parentWidget() is not None else None
    screen = box.screen()
    area = screen.availableGeometry() if screen is not None else None
    if owner is not None:
        area = owner.frameGeometry() if area is None else owner.frameGeometry() & area
    move_beside(box, target, area)


class _ClearOfDialogsFilter(QObject):
    """Keeps the box it watches clear of other dialogs each time the box is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            # once shown: Qt centres a dialog over its parent as it shows it
            QTimer.singleShot(0, watched, lambda: keep_clear_of_dialogs(watched))
        return False


def keep_clear_when_shown(box: QWidget) -> None:
    """Each time the top-level ``box`` is shown (a progress dialog shows itself once its work
    takes long enough), move it clear of the other open dialogs (``keep_clear_of_dialogs``)."""
    box.installEventFilter(_ClearOfDialogsFilter(box))

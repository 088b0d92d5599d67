"""The network diagram's labels under the blocks never run into each other and speak the
interface's language (walker13 W13-15)."""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtGui import QFontMetricsF

from dlstudio.gui import i18n
from dlstudio.gui.editor.diagram import NetworkDiagramWidget

#: lesson 12's convnet (MNIST)
CONVNET = [("Conv2D", (26, 26, 32)), ("MaxPooling2D", (13, 13, 32)), ("Conv2D", (11, 11, 64)),
           ("MaxPooling2D", (5, 5, 64)), ("Conv2D", (3, 3, 64)), ("Flatten", (576,)),
           ("Dense", (64,)), ("Dense", (10,))]


def _diagram(qtbot, width: int, points: float = 0) -> NetworkDiagramWidget:
    widget = NetworkDiagramWidget()
    qtbot.addWidget(widget)
    if points:                                   # classroom mode's larger text
        font = widget.font()
        font.setPointSizeF(points)
        widget.setFont(font)
    widget.set_rows((28, 28, 1), [SimpleNamespace(type=t, name=f"{t.lower()}_{i}",
                                                  output_shape=s, problems=[])
                                  for i, (t, s) in enumerate(CONVNET)])
    widget.resize(width, 220)
    return widget


def _drawn_spans(widget) -> list[tuple[float, float, float]]:
    """(left, right, top) of every drawn line of text."""
    fm = QFontMetricsF(widget.label_font())
    spans = []
    for rect, shown, _full in widget.label_boxes():
        for k, line in enumerate(shown):
            half = fm.horizontalAdvance(line) / 2
            spans.append((rect.center().x() - half, rect.center().x() + half,
                          rect.top() + k * fm.height()))
    return spans


def test_labels_in_a_narrow_dock_do_not_overprint(qtbot):
    """Lesson 12 step 2 in the classroom layout (dock ~470 px): "In 8×28×… Conv …×26×3…
    MaxPoo …" ran together, clipped at both ends."""
    for width, points in ((470, 0), (360, 0), (900, 0), (470, 16), (360, 16)):
        widget = _diagram(qtbot, width, points)
        spans = _drawn_spans(widget)
        for i, (left, right, top) in enumerate(spans):
            assert left >= 0 and right <= width + 1
            for other_left, other_right, other_top in spans[i + 1:]:
                if abs(top - other_top) < 1:                    # the same line of text
                    assert right <= other_left + 0.5 or other_right <= left + 0.5, \
                        (width, spans)
        boxes = widget.label_boxes()
        assert boxes[-1][0].bottom() <= widget.height()
    assert all(shown == full for _r, shown, full in _diagram(qtbot, 470).label_boxes())


def test_full_label_names_and_the_input_in_chinese(qtbot):
    """"In" and "Flat" stayed English (and cut) in the Chinese interface."""
    i18n.set_language("zh_CN")
    try:
        widget = _diagram(qtbot, 470)
        firsts = [full[0] for _r, _shown, full in widget.label_boxes()]
        assert firsts[0] == "输入" and "Flatten" in firsts and "MaxPool" in firsts
        assert "In" not in firsts and "Flat" not in firsts
    finally:
        i18n.set_language("en")

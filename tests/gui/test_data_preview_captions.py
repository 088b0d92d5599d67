"""The captions under the image-folder preview's tiles never run together (walker7 W7-17:
"squaresquaresquare" read as one word)."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.data.preview import CAPTION_GAP, image_grid


def test_long_class_names_are_cut_to_their_tile_and_leave_a_gap(qapp):
    h = w = 28
    scale, columns = 2, 4
    images = np.random.default_rng(0).random((columns, h, w, 1)).astype(np.float32)
    names = ["a-very-long-class-name-for-squares"] * 2 + ["circlecirclecircle"] * 2
    pix = image_grid(images, [0, 0, 1, 1], columns=columns, scale=scale, class_names=names,
                     label_color="#000000")
    image = pix.toImage()
    cell_w = w * scale + 6
    caption_rows = range(2 + h * scale, 2 + h * scale + 16)
    inked = [x for x in range(image.width())
             if any(image.pixelColor(x, y).alpha() > 0 for y in caption_rows)]
    assert inked, "the captions are drawn"
    for c in range(columns - 1):
        # the strip between tile c and tile c + 1 (past the tile's own width) stays empty
        gap = range(c * cell_w + 3 + w * scale - CAPTION_GAP // 2, (c + 1) * cell_w + 3 +
                    CAPTION_GAP // 2)
        assert not set(gap) & set(inked), (c, sorted(set(gap) & set(inked)))


def test_a_large_table_is_counted_with_thousands_separators(qtbot):
    """Walker38 W38-13: a 50 MB CSV previewed as "993388 examples of shape 4", right above
    the split's "993,388"."""
    from types import SimpleNamespace

    from dlstudio.gui.data.preview import DataPreviewWidget

    preview = DataPreviewWidget()
    qtbot.addWidget(preview)
    data = SimpleNamespace(x_train=np.zeros((993_388, 4), np.float32),
                           y_train=np.zeros(993_388, np.int64), info=SimpleNamespace())
    preview.show_dataset(data)
    assert preview.message.text() == "993,388 examples of shape 4"

"""share_width: column widths that fill a table's width, each at least what it needs."""
from __future__ import annotations

from dlstudio.gui.widgets.fitting_columns import share_width


def test_spare_width_is_shared_and_a_narrow_table_shrinks_toward_the_least():
    least, liked = [20, 40, 30], [20, 80, 60]
    assert share_width(least, liked, 200) == [34, 93, 73]          # 160 liked, 40 spare
    widths = share_width(least, liked, 120)                        # between 90 and 160
    assert sum(widths) == 120 and all(w >= a for w, a in zip(widths, least))
    assert share_width(least, liked, 50) == least                  # scrolls only then
    assert share_width([], [], 100) == []

"""The studio's comparison variants (``gui/studio_variants.py``): B-D start as copies of A
and change on their own; at most four."""
from __future__ import annotations

import pytest


def test_variants_are_copies_that_can_change(small_studio):
    s = small_studio
    assert [v.name for v in s.variants] == ["A"]
    b = s.add_variant()
    assert b.name == "B" and b.network_spec == s.network_spec
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.1))
    assert s.variants[1].train_spec.learning_rate == 0.1
    assert s.train_spec.learning_rate == 0.01       # A is untouched
    s.add_variant(), s.add_variant()
    with pytest.raises(ValueError):
        s.add_variant()
    s.clear_variants()
    assert len(s.variants) == 1

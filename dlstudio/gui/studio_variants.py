"""The studio's comparison variants: A (the current specs) and up to three more, B to D.

``StudioVariants`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
specs and ``sigVariantsChanged``). A variant is a ``Variant``: its own network and training
specs and a note. A changed A carries over to the other variants, except what each changes
itself (``training.variants.follow_base``). A lesson step may tag its variants with short
names ("A sigmoid") that the legends and the status line add to the letters; a tag holds
while its variant keeps the specs it had when tagged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlstudio.engine.spec import NetworkSpec
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import SINGLE_RUN
from dlstudio.training.variants import follow_base


@dataclass(frozen=True)
class Variant:
    """A comparison variant: its own network and training specs. ``"A"`` is the base."""

    name: str
    network_spec: Any
    train_spec: Any
    note: str = ""


class StudioVariants:
    """Comparison variants B-D beside the base A, and their tags (mixed into ``Studio``)."""

    def _init_variants(self) -> None:
        #: the added variants B, C, D (A is the current specs)
        self._variants: list[Variant] = []
        #: variant letter -> (tag, network spec, train spec it was tagged with)
        self._tags: dict[str, tuple] = {}
        #: variant letter -> (label, network spec, train spec it was labelled with)
        self._labels: dict[str, tuple] = {}
        #: the variants "Branch from here" made, while no one edited them (``drop_branches``):
        #: name -> (the variant it continues, the step it continues from)
        self._branches: dict[str, tuple[str, int]] = {}
        #: what the newest Start said of the branches it left out ("" when none), for the
        #: note over the plots (the status line soon says other things)
        self.branches_left_out = ""
        #: whether the variants are a lesson step's, untouched by the student since
        #: (``variants_from_lesson``)
        self._lesson_variants = False

    @property
    def variants_from_lesson(self) -> bool:
        """Whether the added variants were made by a lesson step (inside a demonstration)
        and the student has not added, edited or removed one since: a lesson switch takes
        them away with the step's run (walker15 W15-9)."""
        return bool(self._variants) and self._lesson_variants

    def mark_variants_from_lesson(self) -> None:
        """The added variants are a lesson step's (a workspace restored them so): a lesson
        switch or a ready-made network takes them away, as before the save."""
        self._lesson_variants = bool(self._variants)

    def _variants_edited(self) -> None:
        self._lesson_variants = bool(getattr(self, "demonstrating", False))

    @property
    def variants(self) -> list[Variant]:
        """Variant ``A`` (the current specs) followed by the added variants B, C, D."""
        base = Variant(SINGLE_RUN, self._network_spec, self._train_spec)
        return [base] + list(self._variants)

    def _variants_follow(self, old_net: Any, old_train: Any) -> None:
        """A changed A carries over to the variants, except what each changes itself
        (``training.variants.follow_base``): shared settings stay shared."""
        moved = []
        for v in self._variants:
            net, train = follow_base(old_net, old_train, self._network_spec, self._train_spec,
                                     v.network_spec, v.train_spec)
            moved.append(Variant(v.name, net, train, v.note))
        if moved != self._variants:
            self._variants = moved
            self.sigVariantsChanged.emit()

    def add_variant(self, note: str = "") -> Variant:
        """Duplicate the current configuration as the next variant (B, C or D)."""
        used = {v.name for v in self._variants}
        name = next((n for n in "BCD" if n not in used), None)
        if name is None:
            raise ValueError("at most four variants (A-D) can be compared; remove one first")
        variant = Variant(name, self._network_spec, self._train_spec, note)
        self._variants.append(variant)
        self._variants_edited()
        self.sigVariantsChanged.emit()
        return variant

    def set_variant(self, name: str, *, network_spec: Any = None, train_spec: Any = None,
                    note: str | None = None) -> None:
        for i, v in enumerate(self._variants):
            if v.name == name:
                self._variants[i] = Variant(
                    name,
                    NetworkSpec.coerce(network_spec) if network_spec is not None
                    else v.network_spec,
                    TrainSpec.coerce(train_spec) if train_spec is not None else v.train_spec,
                    v.note if note is None else note)
                if self._variants[i] != v:          # edited: a comparison of its own
                    self._branches.pop(name, None)
                    self._variants_edited()
                self.sigVariantsChanged.emit()
                return
        raise KeyError(f"no variant {name!r}")

    def remove_variant(self, name: str) -> None:
        self._variants = [v for v in self._variants if v.name != name]
        self._branches.pop(name, None)
        self._variants_edited()
        self.sigVariantsChanged.emit()

    def mark_branch(self, name: str, origin: str, step: int) -> None:
        """Say that variant ``name`` is a branch of the current run: it continues variant
        ``origin`` from its moment at ``step`` (``branch_from``)."""
        self._branches[name] = (origin, int(step))
        self.branches_left_out = ""
        self.sigVariantsChanged.emit()          # its label and Start's say it is a branch

    def branch_origin(self, name: str) -> tuple[str, int] | None:
        """``(variant, step)`` the branch ``name`` continues from; None for a variant that
        is no branch (or was edited since: a comparison of its own)."""
        return self._branches.get(name)

    def start_names(self) -> list[str]:
        """The variants a new Start trains (the Start button names them): every variant but
        the branches, which go on from a moment of their run."""
        return [v.name for v in self.variants if self.branch_origin(v.name) is None]

    def drop_branches(self) -> list[str]:
        """Remove the variants "Branch from here" made and no one edited since: a branch
        continues its run from one of its moments, so a new run from new weights has none
        (walker11 W11-19: every later Start trained A and the branch B from scratch, B with
        A's new settings). Returns their names."""
        dropped = [v.name for v in self._variants if v.name in self._branches]
        if dropped:
            self._variants = [v for v in self._variants if v.name not in self._branches]
            self._branches.clear()
            self.sigVariantsChanged.emit()
        return dropped

    def set_variant_tags(self, tags: dict[str, str]) -> None:
        """Short names the legends and the status line add to the variant letters ("A
        sigmoid"), as a lesson step names its variants. A tag holds while its variant keeps
        the specs it had when tagged (change A's activation and "A sigmoid" is just "A")."""
        current = {v.name: v for v in self.variants}
        self._tags = {name: (str(tag), current[name].network_spec, current[name].train_spec)
                      for name, tag in tags.items() if tag and name in current}
        self.sigVariantsChanged.emit()

    def variant_tags(self) -> dict[str, str]:
        """The tags that still hold, by variant letter (see ``set_variant_tags``)."""
        out = {}
        for v in self.variants:
            tag = self._tags.get(v.name)
            if tag and tag[1] == v.network_spec and tag[2] == v.train_spec:
                out[v.name] = tag[0]
        return out

    def set_variant_labels(self, labels: dict[str, str]) -> None:
        """What a lesson step calls its variants where their letter alone says little ("A
        valid", "B same": the summary's network chooser says "B: same"); a label holds while
        its variant keeps its specs, as a tag does."""
        current = {v.name: v for v in self.variants}
        self._labels = {name: (str(label), current[name].network_spec,
                               current[name].train_spec)
                        for name, label in labels.items() if label and name in current}
        self.sigVariantsChanged.emit()

    def variant_labels(self) -> dict[str, str]:
        """The labels that still hold, by variant letter (``set_variant_labels``)."""
        return {v.name: label[0] for v in self.variants
                if (label := self._labels.get(v.name))
                and label[1] == v.network_spec and label[2] == v.train_spec}

    def variant_names(self) -> dict[str, str]:
        """How choosers name each variant, by letter: "A (Glorot normal)" with a tag that
        still holds, else "A"."""
        tags = self.variant_tags()
        return {v.name: f"{v.name} ({tags[v.name]})" if tags.get(v.name) else v.name
                for v in self.variants}

    def clear_variants(self) -> None:
        self._branches.clear()
        self.branches_left_out = ""
        if self._variants:
            self._variants.clear()
            self.sigVariantsChanged.emit()

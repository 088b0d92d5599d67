"""The lesson data model: plain frozen dataclasses read from the lesson files.

A lesson (one TOML file in the top-level ``lessons/`` folder) is a list of steps. Every
step configures an experiment (network, data and training changes applied on top of the
lesson's ``setup``), says how long to run it, which plot to look at, may ask a question,
and names a *check*: a pure function over the telemetry of the run that confirms the
phenomenon the step talks about really happened.

Texts are bilingual: ``Text(en=..., zh=...)``; ``Text.get(lang)`` picks one.
Nothing here imports Qt; the loader (``loader.py``) builds these objects and validates them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: languages every text must provide
LANGUAGES = ("en", "zh")

#: lesson levels, easiest first
LEVELS = ("beginner", "intermediate", "advanced")

#: plot panels a step may bring forward (the main window maps these to its docks)
PANELS = ("network", "data", "convergence", "gradients", "activations", "weights", "outcome",
          "preflight", "playground", "search", "transfer", "landscape")

#: experiment kinds a step can run
EXPERIMENTS = ("train", "playground", "search", "transfer", "inspect", "preflight")


@dataclass(frozen=True)
class Text:
    """A text in English and Simplified Chinese."""

    en: str
    zh: str

    def get(self, lang: str = "en") -> str:
        """The text in ``lang`` ("en" or "zh"; anything starting with "zh" picks Chinese)."""
        return self.zh if str(lang).lower().startswith("zh") else self.en


@dataclass(frozen=True)
class Answer:
    """One answer of a question, with the explanation shown after it is picked.

    ``curve`` (optional) is a short list of numbers sketching the curve this answer
    predicts, for "predict the curve" questions.
    """

    text: Text
    correct: bool
    explanation: Text
    curve: tuple[float, ...] = ()


@dataclass(frozen=True)
class Question:
    """A multiple-choice question (``kind="choice"``) or a curve prediction
    (``kind="predict_curve"``: every answer carries a sketched curve).

    ``predicts`` says whether the step's run shows the answer (the student predicts, then
    applies the step to see); a question the run does not answer (why a bias is redundant)
    is thought through instead, and its explanation gives the answer."""

    kind: str
    prompt: Text
    answers: tuple[Answer, ...]
    predicts: bool = True

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, a in enumerate(self.answers) if a.correct)


@dataclass(frozen=True)
class CheckSpec:
    """Which registered check confirms a step, its parameters, and the hint shown on failure."""

    kind: str
    params: dict
    hint: Text


@dataclass(frozen=True)
class NetworkChange:
    """How a step changes the network: a preset and/or a full spec, then edits in order.

    ``mlp`` is a shorthand that builds a multilayer perceptron spec (``dlstudio.engine.spec_edits.mlp``); ``edits`` are
    ``spec_edits.EDIT_OPS`` tables.
    """

    preset: str | None = None
    spec: dict | None = None
    mlp: dict | None = None
    edits: tuple[dict, ...] = ()

    @property
    def empty(self) -> bool:
        return self.preset is None and self.spec is None and self.mlp is None and not self.edits


@dataclass(frozen=True)
class Changes:
    """Network, data and training changes (a lesson's setup, a step, or a variant)."""

    network: NetworkChange = field(default_factory=NetworkChange)
    data: dict = field(default_factory=dict)
    train: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """One side of a comparison: a name ("A"), a label, and changes on top of the step."""

    name: str
    label: Text
    changes: Changes


@dataclass(frozen=True)
class RunLength:
    """How long a step's experiment runs: ``epochs`` or ``steps`` (mini-batches)."""

    epochs: int | None = None
    steps: int | None = None

    def describe(self, lang: str = "en") -> str:
        if self.steps is not None:
            n = self.steps
            return f"{n} 步" if lang.startswith("zh") else f"{n} step{'s' if n != 1 else ''}"
        n = self.epochs or 0
        return f"{n} 个轮次" if lang.startswith("zh") else f"{n} epoch{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class Show:
    """Which plot panel to bring forward and what to point at in it."""

    panel: str
    #: what to point at, in both languages (None: nothing in particular)
    highlight: Text | None = None
    note: Text | None = None
    #: which view inside the panel to select (a key the panel knows, e.g. "inside" for the
    #: Outcome panel's "Inside the network"); None keeps the panel's current view
    view: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of a lesson (``index`` is 0-based; ``id`` names it for saved progress and
    stays the same when steps are inserted or moved: the file's ``id``, else the English
    title's slug, see ``loader.step_slug``)."""

    index: int
    title: Text
    text: Text
    changes: Changes
    variants: tuple[Variant, ...]
    run: RunLength
    show: Show
    check: CheckSpec
    question: Question | None = None
    experiment: str = "train"
    experiment_config: dict = field(default_factory=dict)
    slow: bool = False
    id: str = ""


@dataclass(frozen=True)
class Lesson:
    """A guided lesson: its identity, its shared setup and its steps."""

    id: str
    title: Text
    level: str
    minutes: int
    prerequisites: tuple[str, ...]
    summary: Text
    setup: Changes
    steps: tuple[Step, ...]
    path: Path | None = None

    def step(self, index: int) -> Step:
        return self.steps[index]

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "level": self.level, "minutes": self.minutes,
                "steps": len(self.steps), "prerequisites": list(self.prerequisites)}

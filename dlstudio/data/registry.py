"""The dataset registry: every dataset a lesson or a user can train on, described.

``DATASETS`` maps a name to a ``DatasetInfo`` (its shape, classes, task, size, source, whether
it works offline, its parameters). ``info(name, **params)`` gives the description for chosen
parameters (a 5-class blob set has 5 class names); ``dlstudio.data.load`` turns a name or a
``DataSpec`` into a ``Dataset`` of split, preprocessed arrays.

A dataset's loader is ``loader(params, seed, data_dir, progress) -> RawData``; it returns the
arrays the source provides (a test split only when the source has one) and never applies
splits, subsets or preprocessing itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from dlstudio.data.cache import looked_in
from dlstudio.engine.registry import Param, Registry
from dlstudio.messages import Message, counted, message_of

#: ``progress(done, total, message)``; ``total`` may be 0 when unknown.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without loading it.

    ``input_shape`` has no batch axis (NHWC for images: ``(28, 28, 1)``). ``size`` is
    ``(n_train, n_test)`` as the source provides it (``n_test`` 0 when the source has no test
    set and one is split off). ``kind`` is ``"2d"`` (points in the plane, plottable),
    ``"image"`` or ``"tabular"``. ``offline`` says the data needs no download (generated or
    shipped); see ``availability`` for whether a downloadable set is present now.
    """

    name: str
    display_name: str
    input_shape: tuple[int, ...]
    class_names: tuple[str, ...]
    task: str = "classification"
    size: tuple[int, int] = (0, 0)
    source: str = ""
    offline: bool = True
    params: tuple[Param, ...] = ()
    kind: str = "2d"
    help: str = ""
    #: what the ``path`` parameter names, for a file chooser: ``"file"`` (then
    #: ``path_patterns`` are its name patterns, e.g. ``("*.csv",)``), ``"folder"``, or ""
    #: (no path); ``path_required``: nothing can load until a path is given
    path_kind: str = ""
    path_patterns: tuple[str, ...] = ()
    path_required: bool = False
    #: for the user's own data: how the task and classes were inferred (see
    #: ``dlstudio.data.tabular``), and whether that was a guess to confirm
    task_note: str = ""
    task_guessed: bool = False
    loader: Callable[..., "RawData"] | None = field(default=None, repr=False, compare=False)
    #: ``describe(params) -> dict`` of fields that depend on the parameters
    describe: Callable[[dict], dict] | None = field(default=None, repr=False, compare=False)
    #: ``locate(params, data_dir) -> str | None``: where the files are found (downloadable
    #: sets); None, or ``FileNotFoundError`` with a message naming the folders looked in,
    #: when they are not there
    locate: Callable[[dict, Any], str | None] | None = field(default=None, repr=False,
                                                               compare=False)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def resolve_params(self, params: dict | None) -> dict:
        """Defaults merged with ``params``, each checked; raises ``ValueError`` on a problem."""
        params = dict(params or {})
        known = {p.name for p in self.params}
        unknown = set(params) - known
        if unknown:
            names = ", ".join(sorted(unknown))
            raise ValueError(Message("data.params.unknown", name=self.name, unknown=names,
                                     known=", ".join(sorted(known))) if known else
                             Message("data.params.none", name=self.name, unknown=names))
        out = self.defaults()
        out.update(params)
        for p in self.params:
            if out[p.name] is None and p.default is None:
                continue
            problem = p.check(out[p.name])
            if problem:
                raise ValueError(Message("data.params.bad", name=self.name, problem=problem))
        return out

    def with_params(self, params: dict | None) -> "DatasetInfo":
        """This description for the given parameters (class names, shape and size updated)."""
        resolved = self.resolve_params(params)
        if self.describe is None:
            return self
        return replace(self, **self.describe(resolved))


@dataclass
class RawData:
    """What a loader returns: the source's own splits, before anything is done to them."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    #: files skipped while reading, as (path, reason)
    report: list = field(default_factory=list)
    #: where the data came from ("generated", a folder path...)
    source: str = ""
    #: DatasetInfo fields known only after loading (class names read from folder names...)
    info_updates: dict = field(default_factory=dict)


@dataclass
class Dataset:
    """Arrays ready to train on.

    Features are float32 ``(N, ...)`` (images NHWC in [0, 1] before preprocessing); labels are
    int64 ``(N,)`` for classification, float32 ``(N, k)`` targets for regression. Missing
    splits are empty arrays with the right trailing shape. ``preprocessor`` was fitted on the
    training split and already applied to all three; ``augmenter`` (or None) is to be applied
    by the trainer to training batches only.
    """

    info: DatasetInfo
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    preprocessor: Any = None
    augmenter: Any = None
    report: list = field(default_factory=list)
    source: str = ""
    spec: Any = None
    #: training examples the validation split left, before ``subset.per_class`` kept some
    #: of them (None: no such cap)
    before_subset: int | None = None

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    @property
    def n_classes(self) -> int:
        return self.info.n_classes

    @property
    def task(self) -> str:
        return self.info.task

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.info.class_names

    def batches(self, batch_size: int, rng: np.random.Generator, shuffle: bool = True,
                augment: bool = True):
        """Training mini-batches for one epoch, augmented when an augmenter is set."""
        from dlstudio.data.split import batches

        for xb, yb in batches(self.x_train, self.y_train, batch_size, rng, shuffle):
            if augment and self.augmenter is not None:
                xb = self.augmenter(xb, rng)
            yield xb, yb

    def summary(self) -> str:
        """One line per split: ``train 48000 x (28, 28, 1)`` and the class count."""
        lines = [f"{self.info.display_name} ({self.info.name}), {self.task}, "
                 f"{self.n_classes} classes" if self.task == "classification"
                 else f"{self.info.display_name} ({self.info.name}), regression"]
        for split in ("train", "val", "test"):
            x = getattr(self, f"x_{split}")
            lines.append(f"  {split:5s} {len(x):6d} x {tuple(x.shape[1:])}")
        if self.report:
            lines.append("  " + str(counted("data.folder.files_skipped", len(self.report))))
        return "\n".join(lines)


DATASETS: Registry[DatasetInfo] = Registry("dataset")


def add_dataset(info: DatasetInfo, aliases: tuple[str, ...] = ()) -> DatasetInfo:
    """Register ``info`` in ``DATASETS`` (its params, kind and task go into the entry)."""
    DATASETS.add(info.name, info, display=info.display_name, help=info.help,
                 params=info.params, aliases=aliases, kind=info.kind, task=info.task,
                 offline=info.offline, path_kind=info.path_kind,
                 path_patterns=info.path_patterns, path_required=info.path_required)
    return info


def info(name: str, **params: Any) -> DatasetInfo:
    """The description of dataset ``name`` for the given parameters."""
    return DATASETS[name].with_params(params)


def availability(name: str, data_dir=None, **params: Any) -> tuple[bool, str]:
    """``(available_now, where)``: generated sets are always available ("generated");
    downloadable sets say the folder their files were found in, or that they are missing, or
    what is wrong with the files in the folder given (a ``Message``: its English text, rendered in the UI's language by the window)."""
    inf = DATASETS[name]
    if inf.locate is None:
        return True, Message("data.where.generated") if inf.offline else inf.source
    try:
        where = inf.locate(inf.resolve_params(params), data_dir)
    except ValueError as exc:       # the folder given holds damaged or partial files
        return False, message_of(exc) or str(exc)
    except FileNotFoundError as exc:    # in none of the folders, which it names
        return False, message_of(exc) or str(exc)
    return (where is not None), (where or Message("data.where.not_found", name=inf.name,
                                                  expected=Message("data.where.its_files"),
                                                  looked=looked_in(params.get("path")
                                                                   or data_dir)))


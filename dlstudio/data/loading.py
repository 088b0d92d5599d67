"""``load``: from a dataset name or a ``DataSpec`` to a ``Dataset`` ready to train on.

Order of work (each step seeded from the spec's seed):

1. the dataset's loader reads or generates the source's own splits;
2. a test split is held out (``test_split``, stratified) when the source has none;
3. ``subset.classes`` keeps some classes in every split (renumbered with ``relabel``);
4. ``validation_split`` of the training split is held out (stratified);
5. ``subset.per_class`` caps the training examples per class (validation keeps its share);
6. the preprocessing pipeline is fitted on the training split and applied to all three;
7. an ``Augmenter`` is attached when the spec asks for augmentation (training batches only).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.data.registry import DATASETS, Dataset, Progress
from dlstudio.data.spec import DataSpec
from dlstudio.data import split as splits
from dlstudio.messages import Message, join_sentences


_SPEC_FIELDS = ("validation_split", "test_split", "subset", "preprocessing", "augmentation")


def _as_spec(spec_or_name: Any, seed: int | None, params: dict) -> DataSpec:
    if isinstance(spec_or_name, DataSpec):
        spec = spec_or_name
    elif isinstance(spec_or_name, dict):
        spec = DataSpec.from_dict(spec_or_name)
    elif isinstance(spec_or_name, str):
        spec = DataSpec(dataset=spec_or_name)
    else:
        raise TypeError(f"load() takes a dataset name, a DataSpec or its dict, "
                        f"got {type(spec_or_name).__name__}")
    fields = {k: params.pop(k) for k in list(params) if k in _SPEC_FIELDS}
    if fields:
        spec = spec.with_(**fields)
    if params:
        spec = spec.with_params(**params)
    if seed is not None:
        spec = spec.with_(seed=int(seed))
    return spec


def _empty_like(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (np.zeros((0,) + x.shape[1:], x.dtype), np.zeros((0,) + y.shape[1:], y.dtype))


def _cast(x: np.ndarray, y: np.ndarray, task: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.ascontiguousarray(x, dtype=np.float32)
    if task == "classification":
        y = np.ascontiguousarray(y, dtype=np.int64).reshape(-1)
    else:
        y = np.ascontiguousarray(y, dtype=np.float32)
        if y.ndim == 1:
            y = y[:, None]
    return x, y


def load(spec_or_name: Any = "digits", seed: int | None = None, data_dir=None,
         progress: Progress | None = None, **params: Any) -> Dataset:
    """Load a dataset and prepare its splits.

    Parameters
    ----------
    spec_or_name : a registry name (``"mnist"``), a ``DataSpec`` or its dict form.
    seed : overrides the spec's seed (generation, splits, subsets).
    data_dir : a folder to look in (and download to) before the usual places.
    progress : ``progress(done, total, message)`` for reading / downloading.
    **params : dataset parameters overriding the spec's (``n_samples=2000``, ``path=...``);
        the spec fields ``validation_split``, ``test_split``, ``subset``, ``preprocessing``
        and ``augmentation`` may be given here too.

    Returns
    -------
    Dataset with float32 features ``(N, ...)`` and int64 labels ``(N,)`` (float32 ``(N, k)``
    targets for regression).

    Raises
    ------
    KeyError for an unknown dataset name; ValueError for bad parameters or splits;
    FileNotFoundError (with what to download and where) for missing real data.
    """
    spec = _as_spec(spec_or_name, seed, params)
    problems = [p for p in spec.validate() if "unknown dataset" not in p]
    if problems:
        raise ValueError(Message("data.spec.problems", problems=join_sentences(problems)))
    base = DATASETS[spec.dataset]
    resolved = base.resolve_params(spec.params)
    info = base.with_params(resolved)
    raw = base.loader(resolved, spec.seed, data_dir, progress)
    if raw.info_updates:
        from dataclasses import replace

        info = replace(info, **raw.info_updates)
    task = info.task
    x_train, y_train = _cast(raw.x_train, raw.y_train, task)
    rng = np.random.default_rng([spec.seed, 7919])  # splits: a stream apart from generation

    if raw.x_test is not None and len(raw.x_test):
        x_test, y_test = _cast(raw.x_test, raw.y_test, task)
    elif spec.test_split > 0:
        keep, held = splits.split_indices(y_train, spec.test_split, rng)
        x_test, y_test = x_train[held], y_train[held]
        x_train, y_train = x_train[keep], y_train[keep]
    else:
        x_test, y_test = _empty_like(x_train, y_train)

    sub = spec.subset
    if sub is not None and sub.classes is not None:
        if task != "classification":
            raise ValueError(Message("data.subset.regression", name=info.name))
        bad = [c for c in sub.classes if not 0 <= c < info.n_classes]
        if bad:
            raise ValueError(Message("data.subset.no_such_classes", bad=str(bad), name=info.name,
                                     last=info.n_classes - 1))
        x_train, y_train = splits.select_classes(x_train, y_train, sub.classes, sub.relabel)
        x_test, y_test = splits.select_classes(x_test, y_test, sub.classes, sub.relabel)
        if sub.relabel:
            from dataclasses import replace

            info = replace(info, class_names=tuple(info.class_names[c] for c in sub.classes))

    if spec.validation_split > 0:
        keep, held = splits.split_indices(y_train, spec.validation_split, rng)
        x_val, y_val = x_train[held], y_train[held]
        x_train, y_train = x_train[keep], y_train[keep]
    else:
        x_val, y_val = _empty_like(x_train, y_train)

    before_subset = None
    if sub is not None and sub.per_class is not None:
        if task != "classification":
            raise ValueError(Message("data.subset.per_class_regression"))
        before_subset = len(x_train)
        x_train, y_train = splits.take_per_class(x_train, y_train, sub.per_class, rng)

    if len(x_train) == 0:
        raise ValueError(Message("data.no_training_left", name=info.name))

    preprocessor = None
    if spec.preprocessing:
        from dlstudio.data.preprocess import Pipeline

        preprocessor = Pipeline.from_steps(spec.preprocessing)
        preprocessor.fit(x_train)
        x_train = preprocessor.transform(x_train)
        x_val = preprocessor.transform(x_val)
        x_test = preprocessor.transform(x_test)
        if tuple(x_train.shape[1:]) != tuple(info.input_shape):  # e.g. PCA to k components
            from dataclasses import replace

            info = replace(info, input_shape=tuple(x_train.shape[1:]))

    augmenter = None
    if spec.augments:
        from dlstudio.data.augment import Augmenter

        if x_train.ndim != 4:
            raise ValueError(Message("data.augment_needs_images", name=info.name,
                                     shape=str(tuple(x_train.shape[1:]))))

        augmenter = Augmenter(spec.augmentation_settings)

    return Dataset(info=info, x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val,
                   x_test=x_test, y_test=y_test, preprocessor=preprocessor,
                   augmenter=augmenter, report=list(raw.report), source=raw.source, spec=spec,
                   before_subset=before_subset)

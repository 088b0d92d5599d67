"""dlstudio.data: everything a lesson or a user trains on (headless: numpy/Numba only).

- ``DATASETS``: the registry of datasets (``DatasetInfo`` per name); ``info(name, **params)``.
- ``DataSpec``: dataset + parameters + splits + subset + preprocessing + augmentation + seed.
- ``load(spec_or_name, seed=None, data_dir=None, progress=None, **params) -> Dataset``.
- ``batches(x, y, batch_size, rng)``: shuffled mini-batches for one epoch.
- ``set_settings_data_dir(path)``: the application's data folder (GUI settings);
  ``set_remembered_data_dirs(paths)``: folders the student gave for data before.

Preprocessing lives in ``dlstudio.data.preprocess`` (``PREPROCESSORS``, ``Pipeline``) and
augmentation in ``dlstudio.data.augment`` (``Augmenter``; imports Numba, so not loaded here).
"""
from __future__ import annotations

# The dataset families and the PCA preprocessors register themselves on import; importing them
# here, before anything else in the package is used, keeps DATASETS and PREPROCESSORS full.
from dlstudio.data import catalog, catalog_files, pca  # noqa: F401
from dlstudio.data.registry import (DATASETS, Dataset, DatasetInfo, RawData, availability,
                                    info)
from dlstudio.data.spec import AUGMENT_DEFAULTS, DataSpec, Subset
from dlstudio.data.split import batches
from dlstudio.data.loading import load
from dlstudio.data.cache import set_remembered_data_dirs, set_settings_data_dir, user_cache_dir

__all__ = ["DATASETS", "Dataset", "DatasetInfo", "RawData", "availability", "info",
           "AUGMENT_DEFAULTS", "DataSpec", "Subset", "batches", "load",
           "set_remembered_data_dirs", "set_settings_data_dir", "user_cache_dir"]

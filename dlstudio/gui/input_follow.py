"""The network's Input follows the data (walker32 W32-10).

A student who picks a dataset whose examples have another shape expects the network to take
them: choosing MNIST for the 2-D toy network left an Input of [2] that could not train, and
nothing said so until Start. The rule, in one place:

- the shape of one example of a data spec is the loaded data's, else the one the dataset
  declares for its settings (``data_shape``; unknown for the student's CSV or NPZ file until
  it loads);
- when the data change, the Input follows them if it took the examples of the data before
  (``followed``): the student had not set it to something else by hand, and keeping the old
  shape could only fail;
- otherwise (an Input set by hand, a network opened from a file) nothing changes by itself:
  the Network panel says that the shapes differ and offers to match them
  (``editor/input_note.py``).
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def declared_shape(data_spec: Any) -> tuple[int, ...] | None:
    """The shape of one example that ``data_spec``'s dataset declares for its settings, or
    None when it is not known before loading (a CSV or NPZ file) or the settings are bad."""
    from dlstudio.data import info

    try:
        shape = tuple(int(d) for d in info(data_spec.dataset, **data_spec.params).input_shape)
    except (KeyError, ValueError, TypeError):
        log.debug("no declared shape for %s", getattr(data_spec, "dataset", "?"), exc_info=True)
        return None
    return shape if shape and all(d > 0 for d in shape) else None


def data_shape(data_spec: Any, dataset: Any = None) -> tuple[int, ...] | None:
    """The shape of one example of ``data_spec``: the loaded ``dataset``'s (None: not
    loaded), else the declared one."""
    x = getattr(dataset, "x_train", None)
    if x is not None and getattr(x, "ndim", 0) >= 2:
        return tuple(int(d) for d in x.shape[1:])
    return declared_shape(data_spec)


def followed(network_spec: Any, before: tuple[int, ...] | None,
             after: tuple[int, ...] | None) -> Any:
    """``network_spec`` with the Input of the data ``after`` when its Input took the data
    ``before``; None when it stays as it is (shapes unknown, the same, or an Input the
    data before did not have)."""
    if before is None or after is None or before == after:
        return None
    if tuple(network_spec.input_shape) != tuple(before):
        return None
    return network_spec.with_input_shape(after)

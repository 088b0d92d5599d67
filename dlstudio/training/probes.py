"""Telemetry probes: pure NumPy functions that measure a network layer by layer.

A probe happens in three moments around one optimizer step (the trainer decides when):

1. after the backward pass, before the step: ``capture_gradients`` (norm, RMS and histogram
   of each kernel's gradient, norm and RMS of each bias gradient) and ``copy_kernels`` (a copy
   of each kernel, so the step's size can be measured);
2. the step runs;
3. ``probe_layers`` runs the network forward and backward on the probe batch
   (``Network.backward_signals``) and assembles one ``LayerTelemetry`` per layer: activation
   histogram/mean/std, saturated or dead fraction, gradient pass-through (mean f'(z) relative
   to f'(0)), pre-activation statistics, the back-propagated signal dL/dz (norm and RMS),
   weight norm and histogram, the captured gradients, the update-to-weight ratio
   ``||W_after - W_before|| / ||W_before||``, batch-norm moving statistics next to the probe
   batch's own statistics of the layer's input, and, for one chosen layer, per-unit
   statistics.

Two gradients, two meanings: dL/dz is the signal back-propagation delivers to a layer (what
the vanishing-gradient papers plot, measured on the probe batch after the step); dL/dW is what
the optimizer uses (measured on the step's training batch): it is the layer's input times
dL/dz, so it can stay level across layers while dL/dz vanishes (Glorot and Bengio 2010).
Norms grow with the size of the array; RMS values (norm / sqrt(count)) do not, so compare
layers of different widths by RMS.

Choices (documented because plots and lesson checks depend on them):

* The probe batch is a fixed set of training examples chosen once per run, so histograms are
  comparable over time. It is run **without side effects**: dropout is off (inference), batch
  normalization normalizes with the probe batch's own statistics as in training but its moving
  averages are restored afterwards, no random numbers are drawn, and the layers' gradient
  arrays are restored after the probe's backward pass. Probing therefore never changes the
  run: a probed and an unprobed run give bit-identical weights.
* Activation histograms of bounded activations use fixed bins over the activation's
  ``output_range`` (sigmoid [0, 1], tanh [-1, 1], softmax [0, 1]). An ``output_range`` reaching
  beyond [-1, 1] (relu [0, 6], linear [-6, 6], ...) stands for an unbounded function: its bins
  follow the data (``data_range``: [0, b], or [-b, b] when there are negative values, with
  ``b = nice_bound(max |a|)``), so a ReLU layer whose outputs spread 0.07 fills its histogram
  as well as one spreading 2. Values beyond the range are counted in the end bins. Layers
  without an activation of their own (pooling, flatten, dropout) inherit the range of the
  layer before them; batch normalization uses [-6, 6], which follows the data too.
* Pre-activation, weight and gradient histograms are symmetric around 0 with a bound rounded
  up to 1, 2 or 5 times a power of ten, so bins change rarely while magnitudes vary by orders
  of magnitude (gradients of 1e-8 and of 1e+2 both fill their histogram).
* Saturation counts sigmoid/tanh outputs within ``saturation_margin`` (default 0.02) of the
  function's limits; ``saturation_curve`` records the same share at every margin of
  ``telemetry.SATURATION_MARGINS``, so a plot can show it at another margin after the run;
  pass-through measures the same thing without a threshold.
* A ReLU-family unit is **dead** when it outputs <= 0 for every example of the probe batch. For
  convolutional layers a unit is a channel (one filter): it is dead when it is <= 0 at every
  position of every probe example, because all positions share the filter's weights and get
  no gradient at all only in that case.
* Histograms, means and standard deviations of large outputs are computed on an evenly strided
  subsample of at most ``max_values`` values (the stride avoids the channel count's factors so
  every channel is represented); dead fractions use every value.

The numeric helpers are ``probe_math.py``, the measures of a layer's outputs
``activation_stats.py``; this module holds what a layer is and the three moments.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlstudio.engine.kernels import reductions
# the measures live in probe_math.py and activation_stats.py; callers read them as probes.X
from dlstudio.training.activation_stats import (activation_stats, data_range,  # noqa: F401
                                                saturation_curve, unit_stats)
from dlstudio.training.probe_math import (bin_edges, channel_moments,  # noqa: F401
                                          dead_fraction, histogram, mean_std, nice_bound, norm,
                                          norm_rms, pass_through, reference_slope, rms,
                                          small_fraction, step_norm, subsample,
                                          symmetric_histogram)
from dlstudio.training.telemetry import SMALL_WEIGHT, LayerTelemetry  # noqa: F401

#: range used when a layer has no activation to take a range from
DEFAULT_RANGE = (-6.0, 6.0)


# -- what a layer is -----------------------------------------------------------------------
def layer_activation(network: Any, index: int):
    """The activation object layer ``index`` applies (the network's output activation for the
    last layer, which the engine detaches to fuse it with the loss), or None."""
    if index == len(network.layers) - 1:
        out_act = getattr(network, "output_activation", None)
        if out_act is not None:
            return out_act
    return getattr(network.layers[index], "activation", None)


def activation_ranges(network: Any) -> list[tuple[float, float]]:
    """Histogram range of each layer's output (see the module docstring)."""
    ranges: list[tuple[float, float]] = []
    previous = DEFAULT_RANGE
    for i, layer in enumerate(network.layers):
        act = layer_activation(network, i)
        if act is not None:
            previous = tuple(float(r) for r in act.output_range)
        elif getattr(layer, "type_name", "") == "BatchNormalization":
            previous = DEFAULT_RANGE
        ranges.append(previous)
    return ranges


def kernel_key(layer: Any) -> str | None:
    """The key of the layer's kernel-like parameter: ``W`` if present, else None."""
    return "W" if "W" in getattr(layer, "params", {}) else None


# -- probe moments -------------------------------------------------------------------------
def capture_gradients(network: Any, bins: int) -> dict[int, dict[str, Any]]:
    """``LayerTelemetry`` gradient fields of each layer with a kernel, keyed by layer index:
    ``grad_norm``, ``grad_rms``, ``grad_hist`` of dL/dW and ``bias_grad_norm``,
    ``bias_grad_rms`` of dL/db.

    Call after the backward pass (and the global regularization terms), before clipping and
    the optimizer step, so a lesson sees the gradient backpropagation produced.
    """
    out: dict[int, dict[str, Any]] = {}
    for i, layer in enumerate(network.layers):
        key = kernel_key(layer)
        g = layer.grads.get(key) if key else None
        if g is None:
            continue
        grad_norm, grad_rms = norm_rms(g)
        fields = {"grad_norm": grad_norm, "grad_rms": grad_rms,
                  "grad_hist": symmetric_histogram(subsample(g), bins)}
        gb = layer.grads.get("b")
        if gb is not None:
            fields["bias_grad_norm"], fields["bias_grad_rms"] = norm_rms(gb)
        out[i] = fields
    return out


def copy_kernels(network: Any, reuse: dict[int, np.ndarray] | None = None
                 ) -> dict[int, np.ndarray]:
    """A copy of each layer's kernel (to measure the next step's size).

    ``reuse``: the copies of an earlier probe, written over where a layer's kernel still has
    their shape and dtype (the trainer passes them back: a new 940 KB array per probe for a
    784-300-100-10 MLP meant fresh memory, ~0.3 ms of page faults a probe in the window).
    """
    reuse = reuse or {}
    out = {}
    for i, layer in enumerate(network.layers):
        k = kernel_key(layer)
        if k is None:
            continue
        w, old = layer.params[k], reuse.get(i)
        if old is not None and old.shape == w.shape and old.dtype == w.dtype:
            np.copyto(old, w)
            out[i] = old
        else:
            out[i] = w.copy()
    return out


def _signals(network: Any, x: np.ndarray, y: np.ndarray, loss: Any) -> list[np.ndarray]:
    """``Network.backward_signals`` without weight gradients (every layer's gradient arrays
    are left as they were: the step's gradients, which the optimizer has used by now) and
    from the first layer with weights up (the probe reports signals of kernel layers only)."""
    return network.backward_signals(x, y, loss, weight_grads=False, below_weights=False)[1]


def probe_layers(network: Any, x_probe: np.ndarray | None, bins: int = 40,
                 gradients: dict[int, dict[str, Any]] | None = None,
                 kernels_before: dict[int, np.ndarray] | None = None,
                 y_probe: np.ndarray | None = None, loss: Any = None,
                 saturation_margin: float | None = None, unit_layer: int | None = None,
                 unit_index: int = 0) -> tuple[LayerTelemetry, ...]:
    """Measure every layer (see the module docstring).

    Parameters
    ----------
    network : an engine ``Network`` (``layers`` with ``params``, ``grads`` and ``state``;
        ``probe(x)`` for each layer's pre-activation and output on the probe batch).
    x_probe : (P, *input_shape) probe batch, or None to skip activation statistics.
    bins : number of bins of every histogram.
    gradients : from ``capture_gradients`` before the step (None: no gradient fields).
    kernels_before : from ``copy_kernels`` before the step (None: no update ratio).
    y_probe, loss : the probe batch's targets and the loss; with both, the probe also runs
        backward and reports dL/dz (``signal_norm``, ``signal_rms``).
    saturation_margin : distance to a sigmoid/tanh limit that counts as saturated (None: the
        activation's default, 0.02).
    unit_layer : index of a layer to report per-unit statistics for (None: none).
    unit_index : the unit of that layer whose mean output is reported as ``unit_value``.
    """
    gradients = gradients or {}
    kernels_before = kernels_before or {}
    values = signals = None
    if x_probe is not None and len(x_probe):
        if y_probe is not None and loss is not None:
            with np.errstate(all="ignore"):
                signals = _signals(network, x_probe, y_probe, loss)
            values = [(layer.last_preactivation, layer.last_output)
                      for layer in network.layers]
        else:
            values = network.probe(x_probe)
    ranges = activation_ranges(network)
    result = []
    with np.errstate(all="ignore"):
        for i, layer in enumerate(network.layers):
            act = layer_activation(network, i)
            fields: dict[str, Any] = {}
            z, a = values[i] if values is not None else (None, None)
            if a is not None:
                fields.update(activation_stats(act, a, *ranges[i], bins, saturation_margin))
                if i == unit_layer:
                    fields.update(unit_stats(act, a, saturation_margin, unit_index))
            if z is not None and act is not None:
                zs = subsample(z)
                fields["pre_mean"], fields["pre_std"] = mean_std(zs)
                fields["pre_hist"] = symmetric_histogram(zs, bins)
                if i != len(network.layers) - 1:
                    fields["pass_through"] = pass_through(act, zs)
            if signals is not None and signals[i].size and kernel_key(layer) is not None:
                fields["signal_norm"], fields["signal_rms"] = norm_rms(signals[i])
            key = kernel_key(layer)
            if key is not None:
                w = layer.params[key]
                fields["weight_norm"] = norm(w)
                fields["weight_hist"] = symmetric_histogram(subsample(w), bins)
                fields["weight_small_fraction"] = small_fraction(w)
                if i in kernels_before:
                    before = kernels_before[i]
                    denom = norm(before)
                    fields["update_ratio"] = (step_norm(w, before) / denom if denom > 0
                                              else float("inf"))
            fields.update(gradients.get(i, {}))
            if "moving_mean" in layer.state:
                fields["bn_moving_mean"] = layer.state["moving_mean"].copy()
                fields["bn_moving_variance"] = layer.state["moving_variance"].copy()
                if values is not None:
                    x_in = x_probe if i == 0 else values[i - 1][1]
                    fields["bn_batch_mean"], fields["bn_batch_variance"] = \
                        channel_moments(x_in)
            result.append(LayerTelemetry(
                index=i, name=layer.name or f"{layer.type_name.lower()}_{i}",
                kind=layer.type_name, activation=getattr(act, "name", None), **fields))
    return tuple(result)


def layer_grad_norms(network: Any) -> list[tuple[int, float]]:
    """``(layer index, norm of all that layer's gradients)`` for every layer with gradients;
    cheap enough to run every step (used to detect divergence)."""
    out = []
    for i, layer in enumerate(network.layers):
        if not layer.grads or not layer.trainable:
            continue
        total = 0.0
        for g in layer.grads.values():
            if g.dtype == np.float32 or g.dtype == np.float64:
                total += reductions.sum_squares(g.reshape(-1))   # the usual case, kept cheap
            else:
                n = norm(g)
                total += n * n
        out.append((i, math.sqrt(total) if math.isfinite(total) else total))
    return out

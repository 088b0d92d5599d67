"""Compile every Numba kernel of the engine ahead of the first training step.

The first call of a kernel otherwise pays its compilation (seconds with a cold Numba cache,
~0.3 s in total from the cache) in the middle of the first step. The kernels release the GIL,
so a GUI can run ``warmup()`` in a background thread at start-up.

The kernels are compiled in stages (``STAGES``), the ones nearly every run needs first (the
fused Dense step, bias + activation, the trainer's own kernels, the optimizers) and the
convolution kernels last. Numba compiles one kernel at a time: a run that starts while the
warm-up compiles waits for the warm-up's kernel of the moment before it can compile its own.
So ``warmup(between=...)`` asks before every stage whether to go on: a caller that has just
started a run holds the warm-up back (or stops it) until the run has compiled what it needs.
Measured on a cold cache here (2 cores, 2026-12): the toy network's first step came 21 s
after start-up alone, 30 s with the warm-up running beside it, and a headless ``dlstudio
train`` that waited for the whole warm-up (~120 s) before its first step took 118 s.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


#: whether ``warmup`` has compiled (or loaded) the float32 training kernels in this process
_ready = False


def warmup(dtypes=(np.float32,), between: Callable[[], bool] | None = None) -> bool:
    """Compile (or load from Numba's cache) every kernel for ``dtypes`` on tiny inputs.

    ``between()``, when given, is called before every stage; it may block (a run is being
    prepared) and returns False to stop the warm-up there. Returns whether every stage ran.
    """
    global _ready
    for dtype in dtypes:
        kind = np.dtype(dtype).type
        for _name, stage in STAGES:
            if between is not None and not between():
                return False
            stage(kind)
    if any(np.dtype(d) == np.float32 for d in dtypes):
        _ready = True
    return True


def kernels_ready() -> bool:
    """Whether the training kernels (float32) were warmed up in this process: a run then
    pays no compilation, and a window need not say it may take a minute or two."""
    return _ready


def _dense_kernels(dtype) -> None:
    """Bias + ReLU passes and column sums of Dense (and Conv2D) outputs."""
    from dlstudio.engine.kernels import bias_act

    z = np.zeros((4, 3), dtype=dtype)
    b = np.zeros(3, dtype=dtype)
    partial = np.zeros((2, 3))
    bias_act.bias_relu_forward(z, b, z.copy())
    bias_act.relu_backward_colsum(z, z, z.copy(), partial)
    bias_act.colsum(z, partial)
    bias_act.relu_backward(b, b, b.copy())


def _trainer_kernels(dtype) -> None:
    """The trainer's every-step kernels (gradient norms, last good weights, accuracy) and
    the probes' histograms and statistics."""
    from dlstudio.engine.kernels import probe_stats, reductions
    from dlstudio.engine.kernels.lists import ArrayTable, copy_pairs

    z = np.zeros((4, 3), dtype=dtype)
    b = np.zeros(3, dtype=dtype)
    reductions.sum_squares(b)
    pair = ArrayTable([b, b.copy()])
    reductions.sum_squares_groups(pair.first, pair.table, np.zeros(2, np.int64), np.zeros(1))
    copy_pairs(pair.first, pair.table)
    reductions.argmax_hits(z, np.zeros(4, np.int64))
    # the probes' histograms, of contiguous and of subsampled (strided) values
    for flat in (b, z.reshape(-1)[::2]):
        reductions.bin_counts(flat, -1.0, 1.0, np.zeros(2, np.int64))
        reductions.max_abs_finite(flat)
        probe_stats.mean_std(flat)
        probe_stats.finite_extremes(flat)
        probe_stats.count_small(flat, 1e-3)
    probe_stats.diff_sum_squares(b, b)
    probe_stats.alive_units(z)


def _batchnorm_kernels(dtype) -> None:
    from dlstudio.engine.kernels import batchnorm

    z = np.zeros((4, 3), dtype=dtype)
    b = np.zeros(3, dtype=dtype)
    partial = np.zeros((2, 3))
    mean, var = np.zeros(3), np.ones(3)
    batchnorm.moments(z, mean, var, partial)
    batchnorm.normalize(z, mean, var, b, b, z.copy(), z.copy())
    batchnorm.grad_sums(z, z, partial, partial.copy())
    batchnorm.grad_input(z, z, var, mean, mean, z.copy())
    batchnorm.train_forward(z, b, b, b.copy(), b.copy(), 0.9, 1e-3, var.copy(), z.copy(),
                            z.copy())
    batchnorm.train_backward(z, z, b, var, True, mean.copy(), mean.copy(), z.copy())


def _image(dtype):
    """The tiny NHWC image every convolution and pooling stage warms up on."""
    return np.zeros((1, 3, 3, 2), dtype=dtype)


def _pooling_kernels(dtype) -> None:
    from dlstudio.engine.kernels import pooling

    x = _image(dtype)
    out = np.zeros((1, 2, 2, 2), dtype=dtype)
    arg = np.zeros((1, 2, 2, 2), dtype=np.int32)
    pooling.maxpool_forward(x, 2, 2, 1, 1, 0, 0, 2, 2, out, arg)
    pooling.maxpool_backward(out, arg, x.reshape(1, -1))
    pooling.maxpool_backward_2x2(out[:, :1, :1], arg[:, :1, :1], x)
    pooling.avgpool_forward(x, 2, 2, 1, 1, 0, 0, 2, 2, out)
    pooling.avgpool_backward(out, 2, 2, 1, 1, 0, 0, x)


def _im2col_kernels(dtype) -> None:
    from dlstudio.engine.kernels import conv

    x = _image(dtype)
    cols = np.zeros((4, 8), dtype=dtype)
    conv.im2col(x, 2, 2, 1, 1, 0, 0, 2, 2, cols)
    conv.col2im(cols, 2, 2, 1, 1, 0, 0, 2, 2, x)
    conv.im2col_image(x, 0, 2, 2, 1, 1, 0, 0, 2, 2, cols, 0)
    conv.col2im_image(cols, 0, 0, 2, 2, 1, 1, 0, 0, 2, 2, x)


def _direct_convolution(dtype) -> None:
    """Conv2D's direct passes for few terms per output (the first layer on grey images)."""
    x = _image(dtype)
    from dlstudio.engine.kernels import conv_direct, conv_pool

    taps = conv_direct.tap_tables(2, 2, 3, 2)
    w9, b = np.zeros((taps.shape[1], 3), dtype), np.zeros(3, dtype)
    z = np.zeros((4, 3), dtype)
    geometry = (2, 2, 1, 1, 0, 0, 2, 2)
    conv_direct.conv_forward_direct(x, x.reshape(1, -1), w9, b, True, taps, *geometry, z,
                                    z.copy())
    conv_direct.conv_backward_direct(x, x.reshape(1, -1), z, z, True, taps, *geometry, True,
                                     z.copy(), np.zeros((1, 2, 3), dtype), np.zeros((1, 9, 3), dtype),
                                     np.zeros((1, 3)))
    pooled = np.zeros((1, 1, 1, 3), dtype)
    conv_direct.conv_backward_direct_pooled(x, x.reshape(1, -1), pooled,
                                            np.zeros((1, 1, 1, 3), np.int32), pooled.copy(),
                                            taps, *geometry, np.zeros((1, 2, 3), dtype),
                                            np.zeros((1, 9, 3), dtype), np.zeros((1, 3)))
    conv_direct.forward_rows(x, x.reshape(1, -1), w9, b, False, taps, *geometry, z, z, 0, 1,
                             0)                      # public: conv_pool's kernel calls it
    conv_pool.conv_forward_direct_pooled(x, x.reshape(1, -1), w9, b, True, taps,
                                         *geometry[:6], 2, np.zeros((1, 4, 3), dtype), pooled,
                                         np.zeros((1, 1, 1, 3), np.int32))


def _tiled_convolution(dtype) -> None:
    """Conv2D's tile-by-tile passes (only where NumPy's BLAS is reachable from Numba)."""
    from dlstudio.engine.kernels import blas, conv_pool, conv_tiles, winograd

    if not blas.AVAILABLE:
        return
    x = _image(dtype)
    w2, b = np.zeros((8, 3), dtype), np.zeros(3, dtype)
    cols, z = np.zeros((1, 4, 8), dtype), np.zeros((4, 3), dtype)
    geometry = (2, 2, 1, 1, 0, 0, 2, 2, 1)
    conv_tiles.conv_forward_tiles(x, w2, b, True, True, *geometry, cols, z, z.copy())
    conv_tiles.conv_backward_tiles(x, z, z, w2, True, True, True, *geometry, cols,
                                   np.zeros((1, 4, 3), dtype), np.zeros((1, 8, 3), dtype),
                                   np.zeros((1, 3)), x.copy())
    pooled, won = np.zeros((1, 1, 1, 3), dtype), np.zeros((1, 1, 1, 3), np.int32)
    conv_tiles.conv_backward_tiles_pooled(x, pooled, won, pooled, w2, True, True, True,
                                          *geometry[:6], 2, 1, cols, np.zeros((1, 4, 3), dtype),
                                          np.zeros((1, 8, 3), dtype), np.zeros((1, 3)), x.copy())
    winograd.weight_transform(np.zeros((9, 2), dtype), np.zeros((16, 2), dtype))
    winograd.conv3x3_pooled(np.zeros((1, 4, 4, 1), dtype), np.zeros((16, 1, 2), dtype), b,
                            True, True, 2, 1, np.zeros((1, 16, 1, 1), dtype),
                            np.zeros((1, 16, 1, 2), dtype), np.zeros((1, 1, 1, 2), dtype),
                            np.zeros((1, 1, 1, 2), np.int32))
    winograd.weight_transform_adjoint(np.zeros((16, 2), dtype), np.zeros((9, 2), dtype))
    winograd.conv3x3_pooled_backward(np.zeros((1, 4, 4, 1), dtype), np.zeros((1, 1, 1, 2), dtype),
                                     np.zeros((1, 1, 1, 2), np.int32),
                                     np.zeros((1, 1, 1, 2), dtype), np.zeros((16, 2, 1), dtype),
                                     True, True, True, 2, 1, True,
                                     np.zeros((1, 16, 1, 1), dtype), np.zeros((1, 16, 1, 1), dtype),
                                     np.zeros((1, 16, 1, 2), dtype),
                                     np.zeros((1, 16, 1, 2), dtype), np.zeros((1, 2)),
                                     np.zeros((1, 4, 4, 1), dtype))
    conv_pool.conv_forward_tiles_pooled(x, w2, b, True, True, *geometry[:6], 2, 1, cols,
                                        np.zeros((1, 4, 3), dtype), pooled, won)


def _optimizer_kernels(dtype) -> None:
    from dlstudio.engine.kernels import optimizers as kopt

    kopt.compile_parallel(dtype)                  # the kernels of large arrays, on small ones
    # the serial kernels take flat views of every parameter (one signature per dtype)
    a = [np.zeros((2, 1), dtype) for _ in range(5)]
    kopt.gd(a[0], a[1], 0.0)
    kopt.sgd_momentum(a[0], a[1], a[2], 0.0, 0.9, True)
    kopt.adagrad(a[0], a[1], a[2] + 1, 0.0, 1e-7)
    kopt.rmsprop(a[0], a[1], a[2], a[3], a[4], 0.0, 0.9, 1e-7, 0.9, True)
    kopt.adam(a[0], a[1], a[2], a[3], a[4], 0.0, 0.9, 0.999, 1e-7, True)
    kopt.ftrl(a[0], a[1], a[2] + 1, a[3], 1.0, 0.5, 0.0, 0.0, 0.0)
    from dlstudio.engine.kernels.lists import ArrayTable

    # whole rows for every rule (2, 3 or 5 arrays each)
    packed = ArrayTable([np.zeros(2, dtype) for _ in range(30)])
    first, table = packed.first, packed.table
    kopt.gd_many(first, table, 0.0)
    kopt.sgd_momentum_many(first, table, 0.0, 0.9, True)
    kopt.adagrad_many(first, table, 0.0, 1e-7)
    kopt.rmsprop_many(first, table, 0.0, 0.9, 1e-7, 0.9, True)
    kopt.adam_many(first, table, 0.0, 0.9, 0.999, 1e-7, True)


def _fused_step(dtype) -> None:
    """One fused training step of a tiny Dense network (the fused path builds the arguments)."""
    from dlstudio.engine import fused
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec

    # ELU: the kernels' own activation; tanh: NumPy's after the bias kernel (``add_bias``)
    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 2, "activation": "elu"}),
                              LayerSpec("Dense", {"units": 2, "activation": "tanh"}),
                              LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0, dtype=dtype)
    # one example: the one-kernel pass; a batch beyond MAX_MACS: the BLAS path's kernels
    for n in (1, fused.MAX_MACS // 8 + 1):
        fused.forward_backward(net, np.zeros((n, 2), dtype), np.zeros(n, np.int64),
                               "sparse_categorical_crossentropy")
    net.predict(np.zeros((1, 2), dtype))           # the forward path and its softmax
    net.predict(np.zeros((2, 2), dtype))           # its products through kblas.matmul_bias


#: the warm-up's stages in order: what (nearly) every run needs first, convolutions last
STAGES: tuple[tuple[str, Callable[[type], None]], ...] = (
    ("fused Dense step", _fused_step),
    ("bias and activation", _dense_kernels),
    ("trainer and probes", _trainer_kernels),
    ("optimizers", _optimizer_kernels),
    ("batch normalization", _batchnorm_kernels),
    ("pooling", _pooling_kernels),
    ("im2col", _im2col_kernels),
    ("direct convolution", _direct_convolution),
    ("tiled convolution", _tiled_convolution),
)

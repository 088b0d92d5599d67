"""Fused Numba kernels for the optimizer updates.

An update such as Adam's touches five arrays per parameter; written as NumPy expressions it
makes a pass over memory (and often a temporary array) for every operation. A kernel here makes
one pass, element by element, with no temporaries. Their NumPy twins are the readable update
functions next to each optimizer (``sgd.sgd_update``, ``adam.adam_update``, ...); the tests
compare every kernel with its twin.

Each rule is written once as a ``_<rule>_range`` kernel that updates elements ``[start, stop)``
(serial, cheap to call: used for small arrays, where waking a thread pool costs more than the
work) and wrapped by a ``_<rule>_parallel`` kernel that splits the array into chunks over
Numba's threads (``prange``). ``run`` picks one of the two by size.

Scalars are cast to the arrays' dtype by the caller, so float32 arrays are updated in float32
arithmetic exactly like their NumPy twins. Arrays must be C-contiguous and share one float
dtype (``fits`` checks); anything else takes the NumPy path.
"""
from __future__ import annotations

import math

import numba
import numpy as np
from numba import njit, prange

#: arrays with at least this many elements are updated by all threads; measured on 2 cores:
#: below ~30k float32 elements waking the pool costs more than the work itself.
PARALLEL_MIN_SIZE = 32_768


def fits(*arrays: np.ndarray) -> bool:
    """True when every array is C-contiguous, float32/float64, of one dtype and one size."""
    first = arrays[0]
    if first.dtype not in (np.float32, np.float64):
        return False
    return all(a.dtype == first.dtype and a.size == first.size and a.flags.c_contiguous
               for a in arrays)


def run(range_kernel, parallel_kernel, arrays: tuple, scalars: tuple) -> None:
    """Apply a rule to whole arrays: serially when small, chunked over threads when large."""
    n = arrays[0].size
    flat = tuple(a.reshape(-1) for a in arrays)
    t = arrays[0].dtype.type
    args = tuple(s if isinstance(s, bool) else t(s) for s in scalars)
    n_threads = numba.get_num_threads()
    if n < PARALLEL_MIN_SIZE or n_threads == 1:
        range_kernel(*flat, *args, 0, n)
    else:
        parallel_kernel(*flat, *args, 4 * n_threads)


# -- SGD ------------------------------------------------------------------------------------
@njit(nogil=True, cache=True)
def _gd_range(w, g, lr, start, stop):
    for i in range(start, stop):
        w[i] -= lr * g[i]


@njit(nogil=True, cache=True, parallel=True)
def _gd_parallel(w, g, lr, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _gd_range(w, g, lr, c * size, min(n, (c + 1) * size))


@njit(nogil=True, cache=True)
def _sgd_momentum_range(w, g, v, lr, momentum, nesterov, start, stop):
    for i in range(start, stop):
        step = lr * g[i]
        vi = momentum * v[i] - step
        v[i] = vi
        if nesterov:
            w[i] += momentum * vi - step
        else:
            w[i] += vi


@njit(nogil=True, cache=True, parallel=True)
def _sgd_momentum_parallel(w, g, v, lr, momentum, nesterov, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _sgd_momentum_range(w, g, v, lr, momentum, nesterov, c * size, min(n, (c + 1) * size))


# -- AdaGrad --------------------------------------------------------------------------------
@njit(nogil=True, cache=True)
def _adagrad_range(w, g, acc, lr, eps, start, stop):
    for i in range(start, stop):
        gi = g[i]
        a = acc[i] + gi * gi
        acc[i] = a
        w[i] -= lr * gi / math.sqrt(a + eps)


@njit(nogil=True, cache=True, parallel=True)
def _adagrad_parallel(w, g, acc, lr, eps, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _adagrad_range(w, g, acc, lr, eps, c * size, min(n, (c + 1) * size))


# -- RMSprop --------------------------------------------------------------------------------
@njit(nogil=True, cache=True)
def _rmsprop_range(w, g, ms, mg, mom, lr, rho, one_minus_rho, eps, momentum, centered,
                   use_momentum, start, stop):
    for i in range(start, stop):
        gi = g[i]
        v = rho * ms[i] + one_minus_rho * gi * gi
        ms[i] = v
        if centered:
            a = rho * mg[i] + one_minus_rho * gi
            mg[i] = a
            inc = lr * gi / math.sqrt(v - a * a + eps)
        else:
            inc = lr * gi / math.sqrt(v + eps)
        if use_momentum:
            m = momentum * mom[i] + inc
            mom[i] = m
            w[i] -= m
        else:
            w[i] -= inc


@njit(nogil=True, cache=True, parallel=True)
def _rmsprop_parallel(w, g, ms, mg, mom, lr, rho, one_minus_rho, eps, momentum, centered,
                      use_momentum, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _rmsprop_range(w, g, ms, mg, mom, lr, rho, one_minus_rho, eps, momentum, centered,
                       use_momentum, c * size, min(n, (c + 1) * size))


# -- Adam -----------------------------------------------------------------------------------
@njit(nogil=True, cache=True)
def _adam_range(w, g, m, v, vhat, alpha, one_minus_b1, one_minus_b2, eps, amsgrad,
                start, stop):
    for i in range(start, stop):
        gi = g[i]
        mi = m[i] + (gi - m[i]) * one_minus_b1
        vi = v[i] + (gi * gi - v[i]) * one_minus_b2
        m[i] = mi
        v[i] = vi
        if amsgrad:
            if vi > vhat[i]:
                vhat[i] = vi
            vi = vhat[i]
        w[i] -= mi * alpha / (math.sqrt(vi) + eps)


@njit(nogil=True, cache=True, parallel=True)
def _adam_parallel(w, g, m, v, vhat, alpha, one_minus_b1, one_minus_b2, eps, amsgrad,
                   n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _adam_range(w, g, m, v, vhat, alpha, one_minus_b1, one_minus_b2, eps, amsgrad,
                    c * size, min(n, (c + 1) * size))


# -- FTRL-Proximal --------------------------------------------------------------------------
@njit(nogil=True, cache=True)
def _ftrl_range(w, g, acc, lin, lr, power, l1, two_l2, shrink2, start, stop):
    for i in range(start, stop):
        gi = g[i]
        wi = w[i]
        n_old = acc[i]
        n_new = n_old + gi * gi
        sigma = (n_new ** power - n_old ** power) / lr
        z = lin[i] + gi + shrink2 * wi - sigma * wi
        lin[i] = z
        acc[i] = n_new
        quadratic = n_new ** power / lr + two_l2
        clipped = min(max(z, -l1), l1)
        w[i] = (clipped - z) / quadratic


@njit(nogil=True, cache=True, parallel=True)
def _ftrl_parallel(w, g, acc, lin, lr, power, l1, two_l2, shrink2, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        _ftrl_range(w, g, acc, lin, lr, power, l1, two_l2, shrink2, c * size,
                    min(n, (c + 1) * size))


def warm_up(dtype=np.float32) -> None:
    """Compile (or load from Numba's cache) every kernel for ``dtype`` on tiny arrays."""
    z = [np.zeros(4, dtype) for _ in range(6)]
    one = dtype(1.0) if isinstance(dtype, type) else np.dtype(dtype).type(1.0)
    for big in (False, True):
        pick = (lambda r, p, arrays, scalars: p(*arrays, *scalars, 2)) if big else \
               (lambda r, p, arrays, scalars: r(*arrays, *scalars, 0, 4))
        pick(_gd_range, _gd_parallel, z[:2], (one,))
        pick(_sgd_momentum_range, _sgd_momentum_parallel, z[:3], (one, one, True))
        pick(_adagrad_range, _adagrad_parallel, z[:3], (one, one))
        pick(_rmsprop_range, _rmsprop_parallel, z[:5],
             (one, one, one, one, one, True, True))
        pick(_adam_range, _adam_parallel, z[:5], (one, one, one, one, True))
        pick(_ftrl_range, _ftrl_parallel, z[:4], (one, one, one, one, one))

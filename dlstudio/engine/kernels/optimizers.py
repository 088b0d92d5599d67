"""Fused Numba kernels for the optimizer updates.

An update such as Adam's touches five arrays per parameter; written as NumPy expressions it
makes a pass over memory (and a temporary array) for every operation. A kernel here makes one
pass, element by element, with no temporaries. Their NumPy twins are the readable update
functions next to each optimizer (``sgd.sgd_update``, ``adam.adam_update``, ...); the tests
compare every kernel with its twin.

Each rule has three parts:

* ``_<rule>(arrays..., scalars...)``: a serial kernel over flat (1-D) C-contiguous arrays. It
  is cheap to call (well under a microsecond), which matters for small networks where waking a
  thread pool would cost more than the work. Every caller passes flat views (``<rule>`` takes
  ``reshape(-1)`` of the parameter's arrays), so each kernel has one signature per dtype: a
  Dense kernel (2-D), a bias (1-D) and a convolution kernel (4-D) share one compilation
  instead of three (``SERIAL``, tested).
* ``_<rule>_parallel(..., n_chunks)``: splits flat arrays into chunks and runs the serial
  kernel on each chunk in parallel (``prange``).
* ``<rule>(...)``: the Python entry point: flat views of the arrays, then one of the two by
  size.
* ``<rule>_many(first, table, scalars...)``: the serial kernel over many parameters in one
  call. ``first, table`` are an ``ArrayTable`` (``kernels.lists``) of flat arrays, the rule's
  array arguments of each parameter in a row (SGD with momentum: ``w0, g0, v0, w1, g1, v1,
  ...``): a classroom network's eight parameters cost one call (~0.5 us to pass) instead of
  ~6 us of per-call overhead.

Subnormal numbers: a state that decays geometrically (momentum's velocity, RMSprop's and
Adam's moving averages) where a weight's gradient stays 0 (a pixel that is 0 in every image,
a dead ReLU unit) falls through the subnormal range (below 1.2e-38 in float32) on its way to
0, for ~150 steps at a decay of 0.9. Each arithmetic operation on a subnormal costs the CPU
a microcode assist of ~100+ cycles: measured in a 784-300-100-10 SGD-momentum run on MNIST-
like data, 3% of the first layer's velocities and 7.5% of the second's were subnormal after
3,000 steps, and the update took ~30% of the training step (one thread: 1.20-1.31 ms a step
before, 0.98-1.01 ms after, alternating on one machine). So a state value below the
dtype's smallest normal number (``np.finfo(dtype).tiny``) is stored as 0 (the NumPy twins
do the same, ``base.flush_subnormal``): it moves no weight of any normal size, and the
assist happens once per value instead of on every step. NaN is kept (it compares false).

Scalars arrive as Python floats and are cast to the arrays' dtype inside the kernels, so
float32 arrays are updated in float32 arithmetic, exactly like the NumPy twins. Arrays must be
C-contiguous and share one float dtype (``fits`` checks ``w`` and ``g``; the optimizer creates
its slots to match); anything else takes the NumPy path.
"""
from __future__ import annotations

import math

import numba
import numpy as np
from numba import njit, prange

from dlstudio.engine.kernels.lists import flat

#: arrays with at least this many elements are updated by all of Numba's threads (when it has
#: more than one). Back to back on 2 free cores (Adam, float32) parallel wins early: 65,536
#: elements 23 us serial vs 16 parallel; 235,200 (a 784x300 kernel) 79 vs 48 us. Inside a
#: training step it does not: the helper thread sleeps between steps (passive waits) and
#: must be woken, and on a shared machine it is often preempted. Measured in whole steps
#: with the other core nearly free: 784-300-100-10 SGD-momentum b50 761 us with one thread,
#: 1,140 with two, 786 with two but this update serial; 5x100 ELU Adam 473 / 594 / 485 us.
#: So only arrays large enough to amortize that (8 MB in float32) are split.
PARALLEL_MIN_SIZE = 2_000_000

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def fits(w: np.ndarray, g: np.ndarray) -> bool:
    """True when ``w`` and ``g`` are C-contiguous float32/float64 arrays of one dtype."""
    return (w.flags.c_contiguous and g.flags.c_contiguous and w.dtype == g.dtype
            and w.dtype in _FLOATS)


def compile_parallel(dtype) -> None:
    """Compile (or load from the cache) every ``*_parallel`` kernel for ``dtype`` on small
    arrays (the engine's warm-up; the entry points use them only for large arrays)."""
    a = [np.zeros(8, dtype) for _ in range(5)]
    _gd_parallel(a[0], a[1], 0.0, 2)
    _sgd_momentum_parallel(a[0], a[1], a[2], 0.0, 0.9, True, 2)
    _adagrad_parallel(a[0], a[1], a[2] + 1, 0.0, 1e-7, 2)
    _rmsprop_parallel(a[0], a[1], a[2], a[3], a[4], 0.0, 0.9, 1e-7, 0.9, True, True, 2)
    _adam_parallel(a[0], a[1], a[2], a[3], a[4], 0.0, 0.9, 0.999, 1e-7, True, 2)
    _ftrl_parallel(a[0], a[1], a[2] + 1, a[3], 1.0, 0.5, 0.0, 0.0, 0.0, 2)


def _chunks() -> int:
    return 4 * numba.get_num_threads()


def _serial(n: int) -> bool:
    return n < PARALLEL_MIN_SIZE or numba.get_num_threads() == 1


# -- SGD ------------------------------------------------------------------------------------
@njit(nogil=True, cache=True, error_model="numpy")
def _gd(w, g, lr):
    lr = w.dtype.type(lr)
    wf, gf = w.ravel(), g.ravel()
    for i in range(wf.size):
        wf[i] -= lr * gf[i]


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _gd_parallel(w, g, lr, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _gd(w[s:e], g[s:e], lr)


@njit(nogil=True, cache=True, error_model="numpy")
def gd_many(first, table, lr):
    """``gd`` on ``w, g`` of every parameter in the table."""
    for i in range(0, table.shape[0], 2):
        _gd(flat(table, i, first), flat(table, i + 1, first), lr)


def gd(w, g, lr: float) -> None:
    """``w -= lr * g``."""
    w, g = w.reshape(-1), g.reshape(-1)
    if _serial(w.size):
        _gd(w, g, lr)
    else:
        _gd_parallel(w, g, lr, _chunks())


@njit(nogil=True, cache=True, error_model="numpy")
def _sgd_momentum(w, g, v, lr, momentum, nesterov):
    t = w.dtype.type
    lr, momentum = t(lr), t(momentum)
    tiny, zero = t(np.finfo(w.dtype).tiny), t(0)
    wf, gf, vf = w.ravel(), g.ravel(), v.ravel()
    for i in range(wf.size):
        step = lr * gf[i]
        vi = momentum * vf[i] - step
        if abs(vi) < tiny:              # subnormal: 0 (see the module's notes)
            vi = zero
        vf[i] = vi
        if nesterov:
            wf[i] += momentum * vi - step
        else:
            wf[i] += vi


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _sgd_momentum_parallel(w, g, v, lr, momentum, nesterov, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _sgd_momentum(w[s:e], g[s:e], v[s:e], lr, momentum, nesterov)


@njit(nogil=True, cache=True, error_model="numpy")
def sgd_momentum_many(first, table, lr, momentum, nesterov):
    """``sgd_momentum`` on ``w, g, v`` of every parameter in the table."""
    for i in range(0, table.shape[0], 3):
        w, g, v = flat(table, i, first), flat(table, i + 1, first), flat(table, i + 2, first)
        _sgd_momentum(w, g, v, lr, momentum, nesterov)


def sgd_momentum(w, g, v, lr: float, momentum: float, nesterov: bool) -> None:
    """Momentum / Nesterov SGD (see ``sgd.sgd_update``)."""
    w, g, v = w.reshape(-1), g.reshape(-1), v.reshape(-1)
    if _serial(w.size):
        _sgd_momentum(w, g, v, lr, momentum, nesterov)
    else:
        _sgd_momentum_parallel(w, g, v, lr, momentum, nesterov, _chunks())


# -- AdaGrad --------------------------------------------------------------------------------
@njit(nogil=True, cache=True, error_model="numpy")
def _adagrad(w, g, acc, lr, eps):
    t = w.dtype.type
    lr, eps = t(lr), t(eps)
    wf, gf, af = w.ravel(), g.ravel(), acc.ravel()
    for i in range(wf.size):
        gi = gf[i]
        a = af[i] + gi * gi
        af[i] = a
        wf[i] -= lr * gi / math.sqrt(a + eps)


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _adagrad_parallel(w, g, acc, lr, eps, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _adagrad(w[s:e], g[s:e], acc[s:e], lr, eps)


@njit(nogil=True, cache=True, error_model="numpy")
def adagrad_many(first, table, lr, eps):
    """``adagrad`` on ``w, g, acc`` of every parameter in the table."""
    for i in range(0, table.shape[0], 3):
        w, g, acc = flat(table, i, first), flat(table, i + 1, first), flat(table, i + 2, first)
        _adagrad(w, g, acc, lr, eps)


def adagrad(w, g, acc, lr: float, eps: float) -> None:
    """AdaGrad (see ``adagrad.adagrad_update``)."""
    w, g, acc = w.reshape(-1), g.reshape(-1), acc.reshape(-1)
    if _serial(w.size):
        _adagrad(w, g, acc, lr, eps)
    else:
        _adagrad_parallel(w, g, acc, lr, eps, _chunks())


# -- RMSprop --------------------------------------------------------------------------------
@njit(nogil=True, cache=True, error_model="numpy")
def _rmsprop(w, g, ms, mg, mom, lr, rho, eps, momentum, centered, use_momentum):
    t = w.dtype.type
    one_minus_rho = t(1.0 - rho)
    lr, rho, eps, momentum = t(lr), t(rho), t(eps), t(momentum)
    tiny, zero = t(np.finfo(w.dtype).tiny), t(0)
    wf, gf, sf, af, mf = w.ravel(), g.ravel(), ms.ravel(), mg.ravel(), mom.ravel()
    for i in range(wf.size):
        gi = gf[i]
        v = rho * sf[i] + one_minus_rho * gi * gi
        if v < tiny:                    # subnormal: 0 (see the module's notes)
            v = zero
        sf[i] = v
        if centered:
            a = rho * af[i] + one_minus_rho * gi
            if abs(a) < tiny:
                a = zero
            af[i] = a
            inc = lr * gi / math.sqrt(v - a * a + eps)
        else:
            inc = lr * gi / math.sqrt(v + eps)
        if use_momentum:
            m = momentum * mf[i] + inc
            if abs(m) < tiny:
                m = zero
            mf[i] = m
            wf[i] -= m
        else:
            wf[i] -= inc


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _rmsprop_parallel(w, g, ms, mg, mom, lr, rho, eps, momentum, centered, use_momentum,
                      n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _rmsprop(w[s:e], g[s:e], ms[s:e], mg[s:e], mom[s:e], lr, rho, eps, momentum, centered,
                 use_momentum)


@njit(nogil=True, cache=True, error_model="numpy")
def rmsprop_many(first, table, lr, rho, eps, momentum, centered):
    """``rmsprop`` on ``w, g, ms, mg, mom`` of every parameter in the table (``mg``/``mom``
    are placeholders, e.g. ``w`` itself, when unused)."""
    use_momentum = momentum > 0
    for i in range(0, table.shape[0], 5):
        w, g, ms = flat(table, i, first), flat(table, i + 1, first), flat(table, i + 2, first)
        mg, mom = flat(table, i + 3, first), flat(table, i + 4, first)
        _rmsprop(w, g, ms, mg, mom, lr, rho, eps, momentum, centered, use_momentum)


def rmsprop(w, g, ms, mg, mom, lr: float, rho: float, eps: float, momentum: float,
            centered: bool) -> None:
    """RMSprop (see ``rmsprop.rmsprop_update``); ``mg``/``mom`` may be None when unused."""
    use_momentum = momentum > 0
    mg = w if mg is None else mg          # placeholders are never read when unused
    mom = w if mom is None else mom
    w, g, ms = w.reshape(-1), g.reshape(-1), ms.reshape(-1)
    mg, mom = mg.reshape(-1), mom.reshape(-1)
    if _serial(w.size):
        _rmsprop(w, g, ms, mg, mom, lr, rho, eps, momentum, centered, use_momentum)
    else:
        _rmsprop_parallel(w, g, ms, mg, mom, lr, rho, eps, momentum, centered, use_momentum,
                          _chunks())


# -- Adam -----------------------------------------------------------------------------------
@njit(nogil=True, cache=True, error_model="numpy")
def _adam(w, g, m, v, vhat, alpha, beta_1, beta_2, eps, amsgrad):
    t = w.dtype.type
    one_minus_b1, one_minus_b2 = t(1.0 - beta_1), t(1.0 - beta_2)
    alpha, eps = t(alpha), t(eps)
    tiny, zero = t(np.finfo(w.dtype).tiny), t(0)
    wf, gf, mf, vf, hf = w.ravel(), g.ravel(), m.ravel(), v.ravel(), vhat.ravel()
    for i in range(wf.size):
        gi = gf[i]
        mi = mf[i] + (gi - mf[i]) * one_minus_b1
        vi = vf[i] + (gi * gi - vf[i]) * one_minus_b2
        if abs(mi) < tiny:              # subnormal: 0 (see the module's notes)
            mi = zero
        if vi < tiny:
            vi = zero
        mf[i] = mi
        vf[i] = vi
        if amsgrad:
            if vi > hf[i]:
                hf[i] = vi
            vi = hf[i]
        wf[i] -= mi * alpha / (math.sqrt(vi) + eps)


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _adam_parallel(w, g, m, v, vhat, alpha, beta_1, beta_2, eps, amsgrad, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _adam(w[s:e], g[s:e], m[s:e], v[s:e], vhat[s:e], alpha, beta_1, beta_2, eps, amsgrad)


@njit(nogil=True, cache=True, error_model="numpy")
def adam_many(first, table, alpha, beta_1, beta_2, eps, amsgrad):
    """``adam`` on ``w, g, m, v, v_hat`` of every parameter in the table (``v_hat`` is
    ``v`` itself without AMSGrad)."""
    for i in range(0, table.shape[0], 5):
        w, g, m = flat(table, i, first), flat(table, i + 1, first), flat(table, i + 2, first)
        v, vhat = flat(table, i + 3, first), flat(table, i + 4, first)
        _adam(w, g, m, v, vhat, alpha, beta_1, beta_2, eps, amsgrad)


def adam(w, g, m, v, vhat, alpha: float, beta_1: float, beta_2: float, eps: float,
         amsgrad: bool) -> None:
    """Adam with the bias correction folded into ``alpha`` (see ``adam.adam_update``)."""
    vhat = v if vhat is None else vhat
    w, g, m = w.reshape(-1), g.reshape(-1), m.reshape(-1)
    v, vhat = v.reshape(-1), vhat.reshape(-1)
    if _serial(w.size):
        _adam(w, g, m, v, vhat, alpha, beta_1, beta_2, eps, amsgrad)
    else:
        _adam_parallel(w, g, m, v, vhat, alpha, beta_1, beta_2, eps, amsgrad, _chunks())


# -- FTRL-Proximal --------------------------------------------------------------------------
@njit(nogil=True, cache=True, error_model="numpy")
def _ftrl(w, g, acc, lin, lr, power, l1, two_l2, shrink2):
    t = w.dtype.type
    lr, power, l1, two_l2, shrink2 = t(lr), t(power), t(l1), t(two_l2), t(shrink2)
    wf, gf, nf, zf = w.ravel(), g.ravel(), acc.ravel(), lin.ravel()
    for i in range(wf.size):
        gi = gf[i]
        wi = wf[i]
        n_old = nf[i]
        n_new = n_old + gi * gi
        if power == 0.5:                      # the usual case: sqrt is exact and faster
            p_old = math.sqrt(n_old)
            p_new = math.sqrt(n_new)
        else:
            p_old = n_old ** power
            p_new = n_new ** power
        sigma = (p_new - p_old) / lr
        z = zf[i] + gi + shrink2 * wi - sigma * wi
        zf[i] = z
        nf[i] = n_new
        quadratic = p_new / lr + two_l2
        wf[i] = (min(max(z, -l1), l1) - z) / quadratic


@njit(nogil=True, cache=True, parallel=True, error_model="numpy")
def _ftrl_parallel(w, g, acc, lin, lr, power, l1, two_l2, shrink2, n_chunks):
    n = w.size
    size = (n + n_chunks - 1) // n_chunks
    for c in prange(n_chunks):
        s, e = c * size, min(n, (c + 1) * size)
        _ftrl(w[s:e], g[s:e], acc[s:e], lin[s:e], lr, power, l1, two_l2, shrink2)


def ftrl(w, g, acc, lin, lr: float, power: float, l1: float, two_l2: float,
         shrink2: float) -> None:
    """FTRL-Proximal with ``power = -learning_rate_power`` (see ``ftrl.ftrl_update``)."""
    w, g, acc, lin = w.reshape(-1), g.reshape(-1), acc.reshape(-1), lin.reshape(-1)
    if _serial(w.size):
        _ftrl(w, g, acc, lin, lr, power, l1, two_l2, shrink2)
    else:
        _ftrl_parallel(w, g, acc, lin, lr, power, l1, two_l2, shrink2, _chunks())


#: the serial kernels, each compiled once per dtype (for flat arrays: see the module's notes)
SERIAL = (_gd, _sgd_momentum, _adagrad, _rmsprop, _adam, _ftrl)

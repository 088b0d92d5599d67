"""Convolutions with few terms per output (the first layer on grey or RGB images), computed
directly: no im2col, no BLAS (NHWC, ReLU or no activation).

A 3x3 kernel on one channel gives 9 terms per output value. As a matrix product
(``cols (rows, 9) @ W2 (9, F)``) that is too thin for BLAS to run near its speed, and the
glue around it (im2col, a bias + ReLU pass, backward a ReLU-mask + bias-sum pass) sweeps
arrays of several megabytes. Here each output pixel is finished in one pass.

Forward, per output pixel r (threads take ranges of output rows):
    x_0..x_8 = its first ``GROUP`` input values (scalars);
    for u in 0..F-1:  s = b[u] + sum_k x_k W2[k, u];  z[r, u] = s;  a[r, u] = max(s, 0)
The loop over the output channels ``u`` is innermost and contiguous, so LLVM vectorizes it
(AVX-512 here: 32 filters = 2 zmm vectors, the 9 products as vfmadd). More taps (5x5: 25,
3x3 RGB: 27) come in further groups of ``GROUP`` (weights padded with zero rows) added to z.
Backward, one contiguous range of output rows per worker (fixed, so sums never depend on
scheduling), per image row:
    d[j, u] = g[r, u] * [z[r, u] > 0];   db[w, u] += d[j, u]
    dW[w, k, u] += sum over 8 pixels j of x_k(j) d[j, u]      (one loop per tap k)
The caller adds the workers' partial sums in order. No input gradient here: the layer
computes it from ``dz`` (written out when asked) with the im2col path's product and col2im.
Under 2x2 max pooling at stride 2, ``conv_backward_direct_pooled`` builds d straight from the
pooling's gradient, winners and output (a first layer in training: ``Network`` hands it the
pooling's pass), so the pooling's 2.8 MB input gradient and z are never written or read.

What made LLVM vectorize these loops (measured, one thread, MNIST batch 32: forward
0.55 -> 0.29 ms against im2col + BLAS + bias/ReLU; a first try was 3x slower): the serial
loops live in their own functions (``forward_rows``, ``_backward_rows``) called once per
range, because the body of a ``prange`` loop vectorized worse; no array views or helper
calls with array arguments inside the hot loops (each costs a reference-count update);
gather indices as unsigned integers (``_u``: no wrap-around check for negative indices);
backward loops that write one array row each (nine written rows per loop exceed LLVM's
run-time alias checks, and it falls back to scalar code).

Tap tables (``tap_tables``): for tap k, its offset in a flattened image from the window's
corner, its kernel row ``dh``, column ``dw`` and channel ``dc``; padded taps (k >= K) have
``dh = PAD_TAP``. Shapes: x (N, H, W, C), xf the same as (N, H*W*C); w9 (K9, F) with K9 = K
rounded up to ``GROUP``; b (F,); z, a, g, dz (rows, F), rows = N*out_h*out_w; dzs
(workers, out_w, F) scratch; dw (workers, K9, F) same dtype as x; db (workers, F) float64.
Twins: ``_reference.conv_forward_direct`` / ``conv_backward_direct``.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from dlstudio.engine.kernels import conv_windows as windows

#: taps summed per pass over the output channels (3x3 on one channel: one pass)
GROUP = 9
#: row ranges the forward pass is split into (threads take them in turn)
CHUNKS = 64
#: ``dh`` of a padded tap: no image row is that far away, so the tap reads as 0
PAD_TAP = 1 << 30


def padded_terms(terms: int) -> int:
    """K rounded up to a multiple of ``GROUP``."""
    return -(-terms // GROUP) * GROUP


def tap_tables(kh: int, kw: int, width: int, chans: int) -> np.ndarray:
    """(4, K9) int64: per tap k (in the (kh, kw, C) order of W2's rows) its offset in a
    flattened image from the window's corner, ``(dh * width + dw) * chans + dc``, and its
    kernel row dh, column dw and channel dc. A padded tap (k >= K, zero weights) reads the
    first tap's value inside the image (times 0) and 0 outside (``dh = PAD_TAP``)."""
    k = kh * kw * chans
    idx = np.arange(k)
    taps = np.zeros((4, padded_terms(k)), dtype=np.int64)
    taps[1] = PAD_TAP
    taps[1, :k], taps[2, :k], taps[3, :k] = idx // (kw * chans), (idx // chans) % kw, idx % chans
    taps[0, :k] = (taps[1, :k] * width + taps[2, :k]) * chans + taps[3, :k]
    return taps


def padded_weights(w2: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out`` (K9, F) = W2 (K, F) followed by zero rows."""
    k = w2.shape[0]
    out[:k] = w2
    out[k:] = 0
    return out


@njit(nogil=True, cache=True, inline="always")
def _u(i):
    """A non-negative index as uint64 (never mix it with signed ints: that gives floats)."""
    return np.uint64(i)


@njit(nogil=True, cache=True)
def _border_tap(x, taps, n, ih0, iw0, k):
    """Tap k of the window at (ih0, iw0) with bounds checks: 0 over the padding."""
    ih = ih0 + taps[1, k]
    iw = iw0 + taps[2, k]
    if 0 <= ih < x.shape[1] and 0 <= iw < x.shape[2]:
        return x[n, ih, iw, taps[3, k]]
    return x.dtype.type(0)


@njit(nogil=True, cache=True)
def _border_forward(x, w9, taps, n, ih0, iw0, r, z):
    """z[r] += x_k W2[k] over the taps of a window that reaches into the padding."""
    for k in range(w9.shape[0]):
        v = _border_tap(x, taps, n, ih0, iw0, k)
        for u in range(w9.shape[1]):
            z[r, u] += v * w9[k, u]


@njit(nogil=True, cache=True)
def _border_backward(x, taps, n, ih0, iw0, d, j, acc):
    """acc[k] += x_k d[j] over the taps of a window that reaches into the padding."""
    for k in range(acc.shape[0]):
        v = _border_tap(x, taps, n, ih0, iw0, k)
        for u in range(acc.shape[1]):
            acc[k, u] += v * d[j, u]


@njit(parallel=True, nogil=True, cache=True)
def conv_forward_direct(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h,
                        out_w, z, a):
    """z = conv(x) + b; a = max(z, 0) when ``relu`` (else ``a`` is not written).
    ``a`` may be ``z`` itself (inference). ``xf``: x as (N, H*W*C); z, a: (rows, F)."""
    tasks = x.shape[0] * out_h
    chunks = min(tasks, CHUNKS)
    # row0 an int64 0, not the literal 0: Numba compiles a callee again for each literal
    # argument, and this is the signature the warm-up compiles (~1 s per dtype saved)
    row0 = np.int64(0)
    for c in prange(chunks):
        forward_rows(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h,
                     out_w, z, a, c * tasks // chunks, (c + 1) * tasks // chunks, row0)


@njit(nogil=True, cache=True, fastmath={"contract"})
def forward_rows(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w,
                 z, a, task0, task1, row0):
    """``conv_forward_direct`` for the output rows task0 <= n * out_h + i < task1 (one
    thread: LLVM vectorizes this serial loop better than the parallel body), pixel j of
    row ``task`` into row ``task * out_w + j - row0`` of z (and a)."""
    height, width, chans = x.shape[1], x.shape[2], x.shape[3]
    k9, f = w9.shape
    zero = z.dtype.type(0)
    fused = relu and k9 == GROUP
    # unsigned offsets: indexing then needs no check for negative (wrap-around) indices,
    # which would otherwise cost as much as the products of a 9-term output
    o0, o1, o2, o3, o4 = _u(taps[0, 0]), _u(taps[0, 1]), _u(taps[0, 2]), _u(taps[0, 3]), _u(taps[0, 4])
    o5, o6, o7, o8 = _u(taps[0, 5]), _u(taps[0, 6]), _u(taps[0, 7]), _u(taps[0, 8])
    for task in range(task0, task1):
        n = task // out_h
        i = task - n * out_h
        ih0 = i * sh - pad_top
        rows_inside = ih0 >= 0 and ih0 + kh <= height
        for j in range(out_w):
            r = _u(task * out_w + j - row0)
            iw0 = j * sw - pad_left
            if rows_inside and iw0 >= 0 and iw0 + kw <= width:
                c = _u((ih0 * width + iw0) * chans)
                x0, x1, x2 = xf[n, c + o0], xf[n, c + o1], xf[n, c + o2]
                x3, x4, x5 = xf[n, c + o3], xf[n, c + o4], xf[n, c + o5]
                x6, x7, x8 = xf[n, c + o6], xf[n, c + o7], xf[n, c + o8]
                if fused:
                    for u in range(f):
                        s = (b[u] + x0 * w9[0, u] + x1 * w9[1, u] + x2 * w9[2, u]
                             + x3 * w9[3, u] + x4 * w9[4, u] + x5 * w9[5, u] + x6 * w9[6, u]
                             + x7 * w9[7, u] + x8 * w9[8, u])
                        z[r, u] = s
                        a[r, u] = s if s > zero else zero
                    continue
                for u in range(f):
                    z[r, u] = (b[u] + x0 * w9[0, u] + x1 * w9[1, u] + x2 * w9[2, u]
                               + x3 * w9[3, u] + x4 * w9[4, u] + x5 * w9[5, u]
                               + x6 * w9[6, u] + x7 * w9[7, u] + x8 * w9[8, u])
                for g in range(GROUP, k9, GROUP):
                    x0 = xf[n, c + _u(taps[0, g])]
                    x1 = xf[n, c + _u(taps[0, g + 1])]
                    x2 = xf[n, c + _u(taps[0, g + 2])]
                    x3 = xf[n, c + _u(taps[0, g + 3])]
                    x4 = xf[n, c + _u(taps[0, g + 4])]
                    x5 = xf[n, c + _u(taps[0, g + 5])]
                    x6 = xf[n, c + _u(taps[0, g + 6])]
                    x7 = xf[n, c + _u(taps[0, g + 7])]
                    x8 = xf[n, c + _u(taps[0, g + 8])]
                    for u in range(f):
                        z[r, u] += (x0 * w9[g, u] + x1 * w9[g + 1, u] + x2 * w9[g + 2, u]
                                    + x3 * w9[g + 3, u] + x4 * w9[g + 4, u]
                                    + x5 * w9[g + 5, u] + x6 * w9[g + 6, u]
                                    + x7 * w9[g + 7, u] + x8 * w9[g + 8, u])
            else:
                for u in range(f):
                    z[r, u] = b[u]
                _border_forward(x, w9, taps, n, ih0, iw0, r, z)
            if relu:
                for u in range(f):
                    v = z[r, u]
                    a[r, u] = v if v > zero else zero


@njit(parallel=True, nogil=True, cache=True)
def conv_backward_direct(x, xf, g, z, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h,
                         out_w, want_dz, dz, dzs, dw, db):
    """db[w] / dw[w]: worker w's sums of dz and of x_k dz over its output rows, with
    dz = g * [z > 0] (or g). ``dz`` (rows, F) is written only when ``want_dz``."""
    workers = dw.shape[0]
    tasks = x.shape[0] * out_h
    nothing = np.zeros((0, 0, 0, 0), dtype=g.dtype)        # stand-ins for the pooling's
    no_winners = np.zeros((0, 0, 0, 0), dtype=np.int32)    # arrays, not used here
    for w in prange(workers):
        _backward_rows(x, xf, g, z, relu, False, nothing, no_winners, nothing, taps, kh, kw,
                       sh, sw, pad_top, pad_left, out_h, out_w, want_dz, dz, dzs[w], dw[w],
                       db[w], w * tasks // workers, (w + 1) * tasks // workers)


@njit(parallel=True, nogil=True, cache=True)
def conv_backward_direct_pooled(x, xf, gp, winners, pooled, taps, kh, kw, sh, sw, pad_top,
                                pad_left, out_h, out_w, dzs, dw, db):
    """``conv_backward_direct`` (ReLU, no dz) for a convolution whose output went through 2x2
    max pooling at stride 2 (``pooling.disjoint_2x2``), from the pooling's gradient
    ``gp`` (N, PH, PW, F), its winners (flat offsets, ``pooling.maxpool_forward``) and its
    output ``pooled``: dz is gp at each window's winner when the pooled value (= the winner's
    ReLU) is positive, else 0; so the pooling's input gradient and z are never read or
    written. Same values as the pooling's backward followed by ``conv_backward_direct``
    (summed window by window, so to rounding, when ``conv_windows.applies``)."""
    workers = dw.shape[0]
    if windows.applies(x, dw[0], kh, kw, sh, sw, pad_top, pad_left):
        tasks = gp.shape[0] * gp.shape[1]
        for w in prange(workers):
            windows.backward_rows(xf, x.shape[2], gp, winners, pooled, out_w, dw[w], db[w],
                                  w * tasks // workers, (w + 1) * tasks // workers)
        return
    tasks = x.shape[0] * out_h
    nothing = np.zeros((0, 0), dtype=gp.dtype)             # stand-in for g, z and dz
    for w in prange(workers):
        _backward_rows(x, xf, nothing, nothing, True, True, gp, winners, pooled, taps, kh, kw,
                       sh, sw, pad_top, pad_left, out_h, out_w, False, nothing, dzs[w], dw[w],
                       db[w], w * tasks // workers, (w + 1) * tasks // workers)


@njit(nogil=True, cache=True, fastmath={"contract"})
def _backward_rows(x, xf, g, z, relu, from_pool, gp, winners, pooled, taps, kh, kw, sh, sw,
                   pad_top, pad_left, out_h, out_w, want_dz, dz, d, acc, dbw, task0, task1):
    """One worker's part of ``conv_backward_direct`` (or, ``from_pool``, of
    ``conv_backward_direct_pooled``): output rows [task0, task1); d (out_w, F) scratch,
    acc (K9, F) and dbw (F,) its sums (overwritten)."""
    height, width, chans = x.shape[1], x.shape[2], x.shape[3]
    f = d.shape[1]
    k9 = acc.shape[0]
    k = k9                              # the real taps (the padded ones keep zero sums)
    while k > 0 and taps[1, k - 1] == PAD_TAP:
        k -= 1
    terms = k
    zero = g.dtype.type(0)
    dbw[:] = 0.0
    acc[:] = 0.0
    for task in range(task0, task1):
        n = task // out_h
        i = task - n * out_h
        ih0 = i * sh - pad_top
        rows_inside = ih0 >= 0 and ih0 + kh <= height
        r0 = task * out_w
        if from_pool and i // 2 >= gp.shape[1]:
            continue                    # a row in no pooling window: dz = 0
        for j in range(out_w):
            r = _u(r0 + j)
            if from_pool:
                ip, jp = i // 2, j // 2
                if jp < gp.shape[2]:
                    first = (i * out_w + j) * f
                    for u in range(f):
                        won = (winners[n, ip, jp, u] == first + u) & (pooled[n, ip, jp, u] > zero)
                        v = gp[n, ip, jp, u] if won else zero
                        d[j, u] = v
                        dbw[u] += v
                else:
                    for u in range(f):
                        d[j, u] = zero
            elif relu:
                for u in range(f):
                    v = g[r, u] if z[r, u] > zero else zero
                    d[j, u] = v
                    dbw[u] += v
            else:
                for u in range(f):
                    v = g[r, u]
                    d[j, u] = v
                    dbw[u] += v
            if want_dz:
                for u in range(f):
                    dz[r, u] = d[j, u]
        # dW: eight pixels at a time, one kernel row (tap) per loop over the filters: a loop
        # that writes one array row and reads eight is what LLVM vectorizes here
        j = 0
        while j < out_w:
            iw0 = j * sw - pad_left
            if not (rows_inside and iw0 >= 0 and iw0 + kw <= width):
                _border_backward(x, taps, n, ih0, iw0, d, j, acc)
                j += 1
                continue
            c = _u((ih0 * width + iw0) * chans)
            if j + 8 <= out_w and iw0 + 7 * sw + kw <= width:
                st = _u(sw * chans)
                for k in range(terms):
                    o = c + _u(taps[0, k])
                    x0, x1, x2, x3 = xf[n, o], xf[n, o + st], xf[n, o + 2 * st], xf[n, o + 3 * st]
                    x4, x5 = xf[n, o + 4 * st], xf[n, o + 5 * st]
                    x6, x7 = xf[n, o + 6 * st], xf[n, o + 7 * st]
                    for u in range(f):
                        acc[k, u] += (x0 * d[j, u] + x1 * d[j + 1, u] + x2 * d[j + 2, u]
                                      + x3 * d[j + 3, u] + x4 * d[j + 4, u] + x5 * d[j + 5, u]
                                      + x6 * d[j + 6, u] + x7 * d[j + 7, u])
                j += 8
                continue
            for k in range(terms):
                x0 = xf[n, c + _u(taps[0, k])]
                for u in range(f):
                    acc[k, u] += x0 * d[j, u]
            j += 1

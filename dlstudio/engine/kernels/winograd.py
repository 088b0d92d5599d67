"""3x3 convolutions at stride 1 followed by 2x2 max pooling, by Winograd's minimal filtering
F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): the
second layer of the MNIST convnet in evaluation and in training, forward and backward
(``Conv2D`` through ``conv2d_pooled``; the backward pass below the forward one).

A 2x2 block of outputs of a 3x3 convolution needs a 4x4 block d of input. With

    B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    G   = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]
    A^T = [[1, 1, 1, 0], [0, 1, -1, -1]]

the block is Y = A^T [ sum over channels c of (G g_c G^T) * (B^T d_c B) ] A (* element by
element): 16 products per channel and filter instead of 36. Over a batch that is 16 matrix
products, one per position e of the 4x4 transforms:

    M_e (tiles, F) = V_e (tiles, C) @ U_e (C, F),   V_e = (B^T d B)_e,  U_e = (G g G^T)_e

2.25x fewer multiplications than im2col + one product, at the price of the two transforms
(additions only). A 2x2 output block is exactly a pooling window, so each block's four
values go straight to the pooled output: + b, the maximum in scan order (ties to the first),
ReLU, and the winner (``argmax``, when not empty) as ``conv_pool`` records it.

Rounding differs from the direct sums (the transforms add and subtract inputs before the
product); the error stays within a few units of the last place of the result's scale.

Shapes: x (N, H, W, C); u (16, C, F) from ``weight_transform`` (given as (16, C*F)); b (F,) or empty; v (workers,
16, ipt*PH*PW, C); m (workers, 16, ipt*PH*PW, F); out, argmax (N, PH, PW, F). The windows
must lie inside the image: 2*PH + 2 <= H and 2*PW + 2 <= W ('valid' padding).
Twins: ``_reference.winograd_weight_transform`` / ``winograd_conv3x3_pooled`` (and
``winograd_weight_transform_adjoint`` / ``winograd_conv3x3_pooled_backward``).
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from dlstudio.engine.kernels.blas import gemm_into
from dlstudio.engine.kernels.conv_tiles import tile_bounds
from dlstudio.engine.kernels.pooling import window_max

#: G of F(2x2, 3x3): U = G g G^T for each channel and filter
G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
#: rows of B^T: the two input rows (or columns) each transformed value combines, and signs
_PICK = np.array([[0, 2], [1, 2], [2, 1], [1, 3]], dtype=np.int64)
_SIGN = np.array([[1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [1.0, -1.0]])


@njit(nogil=True, cache=True)
def weight_transform(w9, u):
    """u (16, C*F) = G g G^T for every channel and filter: ``w9`` is the kernel (3, 3, C, F)
    as (9, C*F). Each row of u is a sum of rows of w9 with the nonzero coefficients
    G[a, i] G[b, j] (64 of the 144), added one row at a time (vectorized)."""
    t = u.dtype.type
    for a in range(4):
        for bb in range(4):
            e = 4 * a + bb
            u[e] = 0
            for i in range(3):
                for j in range(3):
                    c = G[a, i] * G[bb, j]
                    if c != 0.0:
                        cc = t(c)
                        for k in range(u.shape[1]):
                            u[e, k] += cc * w9[3 * i + j, k]


@njit(parallel=True, nogil=True, cache=True)
def conv3x3_pooled(x, u, b, has_bias, relu, out_w, ipt, v, m, out, argmax):
    """out = maxpool(f(conv3x3(x) + b)) by F(2x2, 3x3), tiles of ``ipt`` images per worker
    (worker w takes tiles w, w + workers, ...); ``out_w``: the convolution's output width
    (for the winners' offsets). ``v`` has one slot per worker (scratch) or, in training, at
    least one per tile: then tile t's V stays in v[t] for the backward pass."""
    n_img, ph, pw, _ = out.shape
    per = ph * pw
    n_tiles = (n_img + ipt - 1) // ipt
    workers = m.shape[0]
    keep = v.shape[0] >= n_tiles
    for w in prange(workers):
        for t in range(w, n_tiles, workers):
            i0, i1, _, rows = tile_bounds(t, ipt, n_img, per)
            s = t if keep else np.int64(w)   # (the prange index is unsigned)
            for n in range(i0, i1):
                _input_transform(x, n, ph, pw, v[s], (n - i0) * per)
            for e in range(16):
                gemm_into(m[w, e, :rows], v[s, e, :rows], u[e], False, False, 0.0)
            for n in range(i0, i1):
                _output_pooled(m[w], (n - i0) * per, b, has_bias, relu, out_w, n, out, argmax)


@njit(nogil=True, cache=True)
def _input_transform(x, n, ph, pw, v, r0):
    """v[e, r0 + p * PW + q, :] = (B^T d B)_e of image n's 4x4 block at (2p, 2q), all
    channels: one loop over the channels per transformed value (it writes one row)."""
    chans = x.shape[3]
    real = x.dtype.type     # signs in x's type: float64 signs made float32 sums go through
    for p in range(ph):     # float64 (0.53 -> 0.32-0.38 ms for 64 images of 13x13x32)
        for q in range(pw):
            r = r0 + p * pw + q
            for xi in range(4):
                ia, ib = 2 * p + _PICK[xi, 0], 2 * p + _PICK[xi, 1]
                sa, sb = real(_SIGN[xi, 0]), real(_SIGN[xi, 1])
                for nu in range(4):
                    ja, jb = 2 * q + _PICK[nu, 0], 2 * q + _PICK[nu, 1]
                    ta, tb = real(_SIGN[nu, 0]), real(_SIGN[nu, 1])
                    e = 4 * xi + nu
                    for c in range(chans):
                        v[e, r, c] = (sa * (ta * x[n, ia, ja, c] + tb * x[n, ia, jb, c])
                                      + sb * (ta * x[n, ib, ja, c] + tb * x[n, ib, jb, c]))


@njit(nogil=True, cache=True)
def _output_pooled(m, r0, b, has_bias, relu, out_w, n, out, argmax):
    """out[n] from the products m[e, r0 + p * PW + q, :]: Y = A^T M A per block, + b, the
    maximum in scan order, ReLU; winners into argmax when it is not empty."""
    _, ph, pw, f = out.shape
    zero = out.dtype.type(0)
    winners = argmax.size > 0
    for p in range(ph):
        for q in range(pw):
            r = r0 + p * pw + q
            o00 = (2 * p * out_w + 2 * q) * f
            o10 = o00 + out_w * f
            for u in range(f):
                s00 = m[0, r, u] + m[4, r, u] + m[8, r, u]
                s01 = m[1, r, u] + m[5, r, u] + m[9, r, u]
                s02 = m[2, r, u] + m[6, r, u] + m[10, r, u]
                s03 = m[3, r, u] + m[7, r, u] + m[11, r, u]
                s10 = m[4, r, u] - m[8, r, u] - m[12, r, u]
                s11 = m[5, r, u] - m[9, r, u] - m[13, r, u]
                s12 = m[6, r, u] - m[10, r, u] - m[14, r, u]
                s13 = m[7, r, u] - m[11, r, u] - m[15, r, u]
                c = b[u] if has_bias else zero
                v0 = s00 + s01 + s02 + c
                v1 = s01 - s02 - s03 + c
                v2 = s10 + s11 + s12 + c
                v3 = s11 - s12 - s13 + c
                best, win = window_max(v0, v1, v2, v3, o00, o10, f, u)
                if relu:
                    best = best if best > zero else zero
                out[n, p, q, u] = best
                if winners:
                    argmax[n, p, q, u] = win


# -- the backward pass ---------------------------------------------------------------------------
# The forward pass is linear in U and in each block's V, so its gradients are the transposed
# transforms (Lavin and Gray's training section): with dY a block's output gradient (2x2),
#
#     dM_e = (A dY A^T)_e                         (tiles, F)
#     dU_e = V_e^T @ dM_e                         (C, F)     -> dg = G^T dU G per channel
#     dV_e = dM_e @ U_e^T                         (tiles, C) -> dd = B dV B^T, added into dx
#
# again 16 products per channel and filter instead of 36, for the weight and the input
# gradient alike, and no im2col. Under the pooling dY has one value per window and filter,
# at the winner; the forward pass's windows are exactly the blocks.

@njit(nogil=True, cache=True)
def weight_transform_adjoint(du, dw9):
    """dw9 (9, C*F) = G^T du G for every channel and filter, ``du`` (16, C*F): the gradient
    of the kernel from that of U (the adjoint of ``weight_transform``, summed the same way)."""
    t = dw9.dtype.type
    for i in range(3):
        for j in range(3):
            o = 3 * i + j
            dw9[o] = 0
            for a in range(4):
                for bb in range(4):
                    c = G[a, i] * G[bb, j]
                    if c != 0.0:
                        cc = t(c)
                        for k in range(dw9.shape[1]):
                            dw9[o, k] += cc * du[4 * a + bb, k]


@njit(parallel=True, nogil=True, cache=True)
def conv3x3_pooled_backward(x, gp, winners, pooled, ut, relu, want_dw, want_dx, out_w, ipt,
                            kept, v, dv, m, du, db, dx):
    """The backward pass of ``conv3x3_pooled`` from the pooling's gradient ``gp`` (N, PH, PW,
    F), its winners and its output ``pooled`` (with ReLU a window passes its gradient when the
    pooled value is positive). Worker w (tiles w, w + workers, ...) sums its tiles' bias
    gradient into db[w] (float64) and, when ``want_dw``, their dU into du[w] (16, C, F);
    dx (N, H, W, C) is written whole when ``want_dx`` (pixels no block reads get 0).
    ``ut`` (16, F, C): U with each position's matrix transposed (a product by U_e^T is ~1.8x
    slower in BLAS at these sizes). ``kept``: v (tiles, 16, ipt*PH*PW, C) holds every tile's
    V from the forward pass; else v (workers, ...) is scratch for computing it again. dv
    (workers, 16, ipt*PH*PW, C) may be v when not ``kept``; m (workers, 16, ipt*PH*PW, F)."""
    n_img, ph, pw, _ = gp.shape
    per = ph * pw
    n_tiles = (n_img + ipt - 1) // ipt
    workers = m.shape[0]
    for w in prange(workers):
        db[w] = 0.0
        if want_dw:
            du[w] = 0.0
        for t in range(w, n_tiles, workers):
            i0, i1, _, rows = tile_bounds(t, ipt, n_img, per)
            for n in range(i0, i1):
                _grad_transform(gp, winners, pooled, relu, out_w, n, m[w], (n - i0) * per,
                                db[w])
            if want_dw:
                s = t if kept else np.int64(w)
                if not kept:
                    for n in range(i0, i1):
                        _input_transform(x, n, ph, pw, v[s], (n - i0) * per)
                for e in range(16):
                    gemm_into(du[w, e], v[s, e, :rows], m[w, e, :rows], True, False, 1.0)
            if want_dx:
                for e in range(16):
                    gemm_into(dv[w, e, :rows], m[w, e, :rows], ut[e], False, False, 0.0)
                for n in range(i0, i1):
                    dx[n] = 0.0
                    _input_transform_adjoint(dv[w], (n - i0) * per, n, ph, pw, dx)


@njit(nogil=True, cache=True)
def _grad_transform(gp, winners, pooled, relu, out_w, n, m, r0, dbw):
    """m[e, r0 + p * PW + q, :] = (A dY A^T)_e for image n's windows, dY the window's
    output gradient: gp at the winner (with ReLU: when the pooled value is positive), 0 at
    the other three; the gradients' sums added to dbw. One pass over the channels per row
    of A dY, writing four rows of m: a loop writing all sixteen was not vectorized (LLVM
    gives up on that many possibly overlapping arrays) and took 4.5x as long."""
    _, ph, pw, f = gp.shape
    zero = gp.dtype.type(0)
    for p in range(ph):
        for q in range(pw):
            r = r0 + p * pw + q
            o00 = (2 * p * out_w + 2 * q) * f
            o10 = o00 + out_w * f
            for a in range(4):
                e = 4 * a
                for u in range(f):
                    g = _window_grad(gp, pooled, relu, n, p, q, u)
                    won = winners[n, p, q, u]
                    y00 = g if won == o00 + u else zero
                    y01 = g if won == o00 + f + u else zero
                    y10 = g if won == o10 + u else zero
                    y11 = g if won == o10 + f + u else zero
                    # row a of A dY (A's columns [1, 1, 1, 0] and [0, 1, -1, -1])
                    if a == 0:
                        t0, t1 = y00, y01
                    elif a == 1:
                        t0, t1 = y00 + y10, y01 + y11
                    elif a == 2:
                        t0, t1 = y00 - y10, y01 - y11
                    else:
                        t0, t1 = -y10, -y11
                    # times A^T
                    m[e, r, u] = t0
                    m[e + 1, r, u] = t0 + t1
                    m[e + 2, r, u] = t0 - t1
                    m[e + 3, r, u] = -t1
            for u in range(f):
                dbw[u] += _window_grad(gp, pooled, relu, n, p, q, u)


@njit(nogil=True, cache=True, inline="always")
def _window_grad(gp, pooled, relu, n, p, q, u):
    """The gradient window (p, q) of image n passes to its winner in channel u."""
    g = gp[n, p, q, u]
    if relu:
        zero = gp.dtype.type(0)
        g = g if pooled[n, p, q, u] > zero else zero
    return g


@njit(nogil=True, cache=True)
def _input_transform_adjoint(v, r0, n, ph, pw, dx):
    """dx[n, 2p:2p+4, 2q:2q+4, :] += B dV B^T for each block (p, q), dV_e = v[e, r0 + p * PW
    + q, :]: the adjoint of ``_input_transform`` (blocks overlap by two rows and columns).
    B's rows pick the transformed rows each input row fed: row 0 <- +0; row 1 <- +1 -2 +3;
    row 2 <- -0 +1 +2; row 3 <- -3."""
    chans = dx.shape[3]
    for p in range(ph):
        for q in range(pw):
            r = r0 + p * pw + q
            i, j = 2 * p, 2 * q
            for c in range(chans):
                # over the first index (a): four rows of four
                s0 = (v[0, r, c], v[1, r, c], v[2, r, c], v[3, r, c])
                s1 = (v[4, r, c], v[5, r, c], v[6, r, c], v[7, r, c])
                s2 = (v[8, r, c], v[9, r, c], v[10, r, c], v[11, r, c])
                s3 = (v[12, r, c], v[13, r, c], v[14, r, c], v[15, r, c])
                h0 = (s0[0], s0[1], s0[2], s0[3])
                h1 = (s1[0] - s2[0] + s3[0], s1[1] - s2[1] + s3[1], s1[2] - s2[2] + s3[2],
                      s1[3] - s2[3] + s3[3])
                h2 = (s1[0] + s2[0] - s0[0], s1[1] + s2[1] - s0[1], s1[2] + s2[2] - s0[2],
                      s1[3] + s2[3] - s0[3])
                h3 = (-s3[0], -s3[1], -s3[2], -s3[3])
                _add_row(dx, n, i, j, c, h0)
                _add_row(dx, n, i + 1, j, c, h1)
                _add_row(dx, n, i + 2, j, c, h2)
                _add_row(dx, n, i + 3, j, c, h3)


@njit(nogil=True, cache=True, inline="always")
def _add_row(dx, n, i, j, c, h):
    """dx[n, i, j:j+4, c] += (h B^T's adjoint over the second index): the same picks."""
    dx[n, i, j, c] += h[0]
    dx[n, i, j + 1, c] += h[1] - h[2] + h[3]
    dx[n, i, j + 2, c] += h[1] + h[2] - h[0]
    dx[n, i, j + 3, c] -= h[3]

"""3x3 convolutions at stride 1 followed by 2x2 max pooling, forward only, by Winograd's
minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural
Networks", 2016): the second layer of the MNIST convnet in evaluation and in the training
forward pass (``Conv2D`` through ``conv2d_pooled``).

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
Twins: ``_reference.winograd_weight_transform`` / ``winograd_conv3x3_pooled``.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from dlstudio.engine.kernels.blas import gemm_into
from dlstudio.engine.kernels.conv_pool import window_max
from dlstudio.engine.kernels.conv_tiles import tile_bounds

#: G of F(2x2, 3x3): U = G g G^T for each channel and filter
G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
#: rows of B^T: the two input rows (or columns) each transformed value combines, and signs
_PICK = np.array([[0, 2], [1, 2], [2, 1], [1, 3]], dtype=np.int64)
_SIGN = np.array([[1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [1.0, -1.0]])


@njit(nogil=True, cache=True)
def weight_transform(w9, u):
    """u (16, C*F) = G g G^T for every channel and filter: ``w9`` is the kernel (3, 3, C, F)
    as (9, C*F). One loop over C*F per transformed value (it writes one row)."""
    for a in range(4):
        for bb in range(4):
            e = 4 * a + bb
            for k in range(u.shape[1]):
                s = u.dtype.type(0)
                for i in range(3):
                    for j in range(3):
                        s += G[a, i] * G[bb, j] * w9[3 * i + j, k]
                u[e, k] = s


@njit(parallel=True, nogil=True, cache=True)
def conv3x3_pooled(x, u, b, has_bias, relu, out_w, ipt, v, m, out, argmax):
    """out = maxpool(f(conv3x3(x) + b)) by F(2x2, 3x3), tiles of ``ipt`` images per worker
    (worker w takes tiles w, w + workers, ...); ``out_w``: the convolution's output width
    (for the winners' offsets)."""
    n_img, ph, pw, _ = out.shape
    per = ph * pw
    n_tiles = (n_img + ipt - 1) // ipt
    workers = v.shape[0]
    for w in prange(workers):
        for t in range(w, n_tiles, workers):
            i0, i1, _, rows = tile_bounds(t, ipt, n_img, per)
            for n in range(i0, i1):
                _input_transform(x, n, ph, pw, v[w], (n - i0) * per)
            for e in range(16):
                gemm_into(m[w, e, :rows], v[w, e, :rows], u[e], False, False, 0.0)
            for n in range(i0, i1):
                _output_pooled(m[w], (n - i0) * per, b, has_bias, relu, out_w, n, out, argmax)


@njit(nogil=True, cache=True)
def _input_transform(x, n, ph, pw, v, r0):
    """v[e, r0 + p * PW + q, :] = (B^T d B)_e of image n's 4x4 block at (2p, 2q), all
    channels: one loop over the channels per transformed value (it writes one row)."""
    chans = x.shape[3]
    for p in range(ph):
        for q in range(pw):
            r = r0 + p * pw + q
            for xi in range(4):
                ia, ib = 2 * p + _PICK[xi, 0], 2 * p + _PICK[xi, 1]
                sa, sb = _SIGN[xi, 0], _SIGN[xi, 1]
                for nu in range(4):
                    ja, jb = 2 * q + _PICK[nu, 0], 2 * q + _PICK[nu, 1]
                    ta, tb = _SIGN[nu, 0], _SIGN[nu, 1]
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

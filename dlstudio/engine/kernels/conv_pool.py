"""Forward-only passes of a convolution (ReLU or no activation) followed by 2x2 max pooling
at stride 2, all windows inside: the pooled output is written directly (NHWC).

Inference and evaluation need neither the pre-activation z, nor the activations, nor the
pooling's winners. Layer by layer, the first layer of the MNIST convnet at batch 64 writes
5.5 MB of activations that the pooling reads back to keep a quarter of them; here each
worker computes a few output rows into a scratch block that stays in its cache and pools
them at once. Only the outputs some window covers are computed: a valid 3x3 convolution on
13x13 gives 11x11, and pooling keeps the top-left 10x10 (17% fewer products).

The values are those of the layer-by-layer path: pooling commutes with adding the bias and
with ReLU (both are monotone, and rounding ``z + b`` to the nearest float is too), so

    pooled = f(max over the window of z + b) = max over the window of f(z + b)

with the window's four values compared in scan order as ``pooling.maxpool_forward`` does.

Two kernels, one per way ``Conv2D`` computes a pass:
- ``conv_forward_direct_pooled``: few terms per output (``conv_direct``); a chunk of
  pooled rows per task, each from two output rows (bias included) in ``zs[chunk]``.
- ``conv_forward_tiles_pooled``: im2col + BLAS tile by tile (``conv_tiles``); the product of
  a tile's covered rows in ``zs[worker]``, then bias and activation after the max.

Shapes: x (N, H, W, C); out (N, PH, PW, F); for the direct kernel w9, b, taps as in
``conv_direct`` and zs (chunks, 2*2*PW, F); for the tiled one w2 (K, F), cols (workers,
ipt*4*PH*PW, K), zs (workers, ipt*4*PH*PW, F). Twins: ``_reference.conv_forward_*_pooled``.
"""
from __future__ import annotations

from numba import njit, prange

from dlstudio.engine.kernels.blas import gemm_into
from dlstudio.engine.kernels.conv import im2col_image
from dlstudio.engine.kernels.conv_direct import forward_rows


@njit(parallel=True, nogil=True, cache=True)
def conv_forward_direct_pooled(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left,
                               zs, out):
    """out = maxpool(f(conv(x) + b)), f = ReLU when ``relu`` (else the identity), computed
    by ``conv_direct.forward_rows``. ``xf``: x as (N, H*W*C)."""
    n_img, ph, pw, _ = out.shape
    oh, ow = 2 * ph, 2 * pw             # the covered outputs: the last odd row/column is not
    tasks = n_img * ph
    chunks = zs.shape[0]
    for c in prange(chunks):
        z = zs[c]
        for t in range(c * tasks // chunks, (c + 1) * tasks // chunks):
            n = t // ph
            p = t - n * ph
            task0 = n * oh + 2 * p
            forward_rows(x, xf, w9, b, False, taps, kh, kw, sh, sw, pad_top, pad_left, oh, ow,
                         z, z, task0, task0 + 2, task0 * ow)
            _pool_rows(z, 0, ow, 1, b, False, relu, out, n, p)


@njit(parallel=True, nogil=True, cache=True)
def conv_forward_tiles_pooled(x, w2, b, has_bias, relu, kh, kw, sh, sw, pad_top, pad_left, ipt,
                              cols, zs, out):
    """out = maxpool(f(im2col(x) @ w2 (+ b))), tile by tile as ``conv_tiles`` computes it:
    worker w takes tiles w, w + workers, ... of ``ipt`` images."""
    n_img, ph, pw, _ = out.shape
    oh, ow = 2 * ph, 2 * pw
    per = oh * ow
    n_tiles = (n_img + ipt - 1) // ipt
    workers = cols.shape[0]
    for w in prange(workers):
        for t in range(w, n_tiles, workers):
            i0 = t * ipt
            i1 = min(n_img, i0 + ipt)
            rows = (i1 - i0) * per
            block = cols[w, :rows]
            for n in range(i0, i1):
                im2col_image(x, n, kh, kw, sh, sw, pad_top, pad_left, oh, ow, block,
                             (n - i0) * per)
            z = zs[w, :rows]
            gemm_into(z, block, w2, False, False, 0.0)
            for n in range(i0, i1):
                _pool_rows(z, (n - i0) * per, ow, ph, b, has_bias, relu, out, n, 0)


@njit(nogil=True, cache=True)
def _pool_rows(z, r0, ow, n_rows, b, has_bias, relu, out, n, p0):
    """out[n, p0:p0 + n_rows] from the output rows in z[r0:] (``ow`` pixels per output row,
    two output rows per pooled row): the window's maximum in scan order, then + b (when
    ``has_bias``) and ReLU (when ``relu``). One loop over the channels per pooled pixel."""
    f = out.shape[3]
    zero = out.dtype.type(0)
    for p in range(n_rows):
        for q in range(out.shape[2]):
            r = r0 + 2 * p * ow + 2 * q
            for u in range(f):
                best = z[r, u]
                v = z[r + 1, u]
                best = v if v > best else best
                v = z[r + ow, u]
                best = v if v > best else best
                v = z[r + ow + 1, u]
                best = v if v > best else best
                if has_bias:
                    best += b[u]
                if relu:
                    best = best if best > zero else zero
                out[n, p0 + p, q, u] = best

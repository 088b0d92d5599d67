"""Forward-only passes of a convolution (ReLU or no activation) followed by 2x2 max pooling
at stride 2, all windows inside: the pooled output is written directly (NHWC).

Inference and evaluation need neither the pre-activation z, nor the activations, nor the
pooling's winners; a training pass whose backward goes through ``Conv2D.backward_from_pool``
needs the winners only. Layer by layer, the first layer of the MNIST convnet at batch 64 writes
5.5 MB of activations that the pooling reads back to keep a quarter of them; here each
worker computes a few output rows into a scratch block that stays in its cache and pools
them at once. Only the outputs some window covers are computed: a valid 3x3 convolution on
13x13 gives 11x11, and pooling keeps the top-left 10x10 (17% fewer products).

The values are those of the layer-by-layer path: pooling commutes with ReLU (monotone), so

    pooled = f(max over the window of z + b) = max over the window of f(z + b)

with the window's four values compared in scan order as ``pooling.maxpool_forward`` does.
Training passes ask for the winners too (``argmax``, what ``Conv2D.backward_from_pool``
reads): they are the layer-by-layer path's wherever the pooled value is positive (elsewhere
no gradient flows, and the maximum of z + b may sit where ReLU's zeros tie).

Two kernels, one per way ``Conv2D`` computes a pass:
- ``conv_forward_direct_pooled``: few terms per output (``conv_direct``); a chunk of
  pooled rows per task, their output rows (bias included) first computed into ``zs[chunk]``;
  a 3x3 kernel at stride 1 on one channel without padding goes window by window instead
  (``conv_windows``: z is never stored).
- ``conv_forward_tiles_pooled``: im2col + BLAS tile by tile (``conv_tiles``); the product of
  a tile's covered rows in ``zs[worker]``, then bias and activation after the max.

Shapes: x (N, H, W, C); out (N, PH, PW, F); for the direct kernel w9, b, taps as in
``conv_direct`` and zs (chunks, 2*2*PW*ceil(N*PH / chunks), F); for the tiled one w2 (K, F), cols (workers,
ipt*4*PH*PW, K), zs (workers, ipt*4*PH*PW, F). Twins: ``_reference.conv_forward_*_pooled``.
"""
from __future__ import annotations

from numba import njit, prange

from dlstudio.engine.kernels import conv_windows as windows
from dlstudio.engine.kernels.blas import gemm_into
from dlstudio.engine.kernels.conv import im2col_image
from dlstudio.engine.kernels.conv_direct import forward_rows
from dlstudio.engine.kernels.conv_tiles import tile_bounds
from dlstudio.engine.kernels.pooling import window_max


@njit(parallel=True, nogil=True, cache=True)
def conv_forward_direct_pooled(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left,
                               out_w, zs, out, argmax):
    """out = maxpool(f(conv(x) + b)), f = ReLU when ``relu`` (else the identity), computed
    by ``conv_direct.forward_rows``. ``xf``: x as (N, H*W*C); ``out_w``: the convolution's
    output width; ``argmax``: the winners as ``pooling.maxpool_forward`` records them (not
    written when empty)."""
    n_img, ph, pw, _ = out.shape
    oh, ow = 2 * ph, 2 * pw             # the covered outputs: the last odd row/column is not
    tasks = n_img * ph                  # pooled rows; pooled row t = output rows 2t, 2t + 1
    chunks = zs.shape[0]
    if windows.applies(x, w9, kh, kw, sh, sw, pad_top, pad_left):
        for c in prange(chunks):
            windows.forward_rows(xf, x.shape[2], w9, b, relu, out, argmax, out_w,
                                 c * tasks // chunks, (c + 1) * tasks // chunks)
        return
    for c in prange(chunks):
        t0, t1 = c * tasks // chunks, (c + 1) * tasks // chunks
        z = zs[c]
        forward_rows(x, xf, w9, b, False, taps, kh, kw, sh, sw, pad_top, pad_left, oh, ow,
                     z, z, 2 * t0, 2 * t1, 2 * t0 * ow)
        for t in range(t0, t1):
            n = t // ph
            _pool_rows(z, (t - t0) * 2 * ow, ow, 1, b, False, relu, out, argmax, out_w, n,
                       t - n * ph)


@njit(parallel=True, nogil=True, cache=True)
def conv_forward_tiles_pooled(x, w2, b, has_bias, relu, kh, kw, sh, sw, pad_top, pad_left,
                              out_w, ipt, cols, zs, out, argmax):
    """out = maxpool(f(im2col(x) @ w2 (+ b))), tile by tile as ``conv_tiles`` computes it:
    worker w takes tiles w, w + workers, ... of ``ipt`` images; ``out_w`` and ``argmax`` as
    in ``conv_forward_direct_pooled``."""
    n_img, ph, pw, _ = out.shape
    oh, ow = 2 * ph, 2 * pw
    per = oh * ow
    n_tiles = (n_img + ipt - 1) // ipt
    workers = cols.shape[0]
    for w in prange(workers):
        for t in range(w, n_tiles, workers):
            i0, i1, _, rows = tile_bounds(t, ipt, n_img, per)
            block = cols[w, :rows]
            for n in range(i0, i1):
                im2col_image(x, n, kh, kw, sh, sw, pad_top, pad_left, oh, ow, block,
                             (n - i0) * per)
            z = zs[w, :rows]
            gemm_into(z, block, w2, False, False, 0.0)
            for n in range(i0, i1):
                _pool_rows(z, (n - i0) * per, ow, ph, b, has_bias, relu, out, argmax, out_w,
                           n, 0)


@njit(nogil=True, cache=True)
def _pool_rows(z, r0, ow, n_rows, b, has_bias, relu, out, argmax, out_w, n, p0):
    """out[n, p0:p0 + n_rows] from the output rows in z[r0:] (``ow`` pixels per output row,
    two output rows per pooled row): each of the window's values + b (when ``has_bias``),
    their maximum in scan order (ties to the first), then ReLU (when ``relu``). With a
    non-empty ``argmax`` the winner's flat offset in the convolution's output image
    ((i * out_w + j) * F + u) goes there. One loop over the channels per pooled pixel."""
    f = out.shape[3]
    zero = out.dtype.type(0)
    winners = argmax.size > 0
    for p in range(n_rows):
        i = 2 * (p0 + p)
        for q in range(out.shape[2]):
            r = r0 + 2 * p * ow + 2 * q
            if not winners:
                for u in range(f):
                    c = b[u] if has_bias else zero
                    v0, v1 = z[r, u] + c, z[r + 1, u] + c
                    v2, v3 = z[r + ow, u] + c, z[r + ow + 1, u] + c
                    best = v0
                    best = v1 if v1 > best else best
                    best = v2 if v2 > best else best
                    best = v3 if v3 > best else best
                    if relu:
                        best = best if best > zero else zero
                    out[n, p0 + p, q, u] = best
                continue
            o00 = (i * out_w + 2 * q) * f
            o10 = o00 + out_w * f
            for u in range(f):
                c = b[u] if has_bias else zero
                v0, v1 = z[r, u] + c, z[r + 1, u] + c
                v2, v3 = z[r + ow, u] + c, z[r + ow + 1, u] + c
                best, win = window_max(v0, v1, v2, v3, o00, o10, f, u)
                if relu:
                    best = best if best > zero else zero
                out[n, p0 + p, q, u] = best
                argmax[n, p0 + p, q, u] = win

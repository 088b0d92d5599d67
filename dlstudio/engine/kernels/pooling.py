"""Pooling kernels (NHWC): max and average, forward and backward, any window/stride/padding.

Window geometry comes from ``conv.conv_geometry`` (pooling pads like a convolution). Padded
positions never win a max and are not counted by the average: Keras's 'same' average pooling
divides by the number of real pixels under the window.

Max pooling records, for every output value, the flat offset ``(ih * W + iw) * C + c`` of
the input value that won (the first one in scan order on ties), so the backward pass routes
each gradient to exactly that value without index arithmetic.
"""
from __future__ import annotations

from numba import njit, prange


@njit(parallel=True, nogil=True, cache=True)
def maxpool_forward(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, out, argmax):
    """x: (N, H, W, C) -> out: (N, out_h, out_w, C).

    argmax (int32, shaped like out) receives each winner's flat offset in its image,
    ``(ih * W + iw) * C + c``. An empty ``argmax`` (size 0) records no winners: inference,
    where no backward pass follows.
    """
    n_img, height, width, chans = x.shape
    winners = argmax.size > 0
    if ph == 2 and pw == 2 and pad_top == 0 and pad_left == 0 and \
            (out_h - 1) * sh + 2 <= height and (out_w - 1) * sw + 2 <= width:
        _maxpool_2x2_inside(x, sh, sw, out, argmax, winners)
        return
    for n in prange(n_img):
        for i in range(out_h):
            h0 = max(i * sh - pad_top, 0)
            h1 = min(i * sh - pad_top + ph, height)
            for j in range(out_w):
                w0 = max(j * sw - pad_left, 0)
                w1 = min(j * sw - pad_left + pw, width)
                for c in range(chans):
                    out[n, i, j, c] = x[n, h0, w0, c]
                    if winners:
                        argmax[n, i, j, c] = (h0 * width + w0) * chans + c
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        if ih == h0 and iw == w0:
                            continue
                        base = (ih * width + iw) * chans
                        for c in range(chans):
                            v = x[n, ih, iw, c]
                            if v > out[n, i, j, c]:
                                out[n, i, j, c] = v
                                if winners:
                                    argmax[n, i, j, c] = base + c


@njit(parallel=True, nogil=True, cache=True)
def _maxpool_2x2_inside(x, sh, sw, out, argmax, winners):
    """``maxpool_forward`` for 2x2 windows that all lie inside the image (the textbook
    convnet's pooling): the four values compared directly, channel after channel, which
    vectorizes (3x faster than the general loop). Same winners, ties to the first in scan
    order."""
    n_img, height, width, chans = x.shape
    out_h, out_w = out.shape[1], out.shape[2]
    for n in prange(n_img):
        for i in range(out_h):
            r = i * sh
            for j in range(out_w):
                q = j * sw
                o00 = (r * width + q) * chans
                o01 = o00 + chans
                o10 = o00 + width * chans
                o11 = o10 + chans
                for c in range(chans):
                    best = x[n, r, q, c]
                    win = o00 + c
                    v = x[n, r, q + 1, c]
                    if v > best:
                        best, win = v, o01 + c
                    v = x[n, r + 1, q, c]
                    if v > best:
                        best, win = v, o10 + c
                    v = x[n, r + 1, q + 1, c]
                    if v > best:
                        best, win = v, o11 + c
                    out[n, i, j, c] = best
                    if winners:
                        argmax[n, i, j, c] = win


@njit(parallel=True, nogil=True, cache=True)
def maxpool_backward(grad_out, argmax, dx_flat):
    """Route grad_out (N, out_h, out_w, C) to the winners.

    dx_flat: (N, H*W*C), a flat view of the (N, H, W, C) input gradient; overwritten.
    """
    n_img, out_h, out_w, chans = grad_out.shape
    for n in prange(n_img):
        for t in range(dx_flat.shape[1]):
            dx_flat[n, t] = 0.0
        for i in range(out_h):
            for j in range(out_w):
                for c in range(chans):
                    dx_flat[n, argmax[n, i, j, c]] += grad_out[n, i, j, c]


@njit(parallel=True, nogil=True, cache=True)
def avgpool_forward(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, out):
    """x: (N, H, W, C) -> out: (N, out_h, out_w, C), mean over the real pixels of each window."""
    n_img, height, width, chans = x.shape
    for n in prange(n_img):
        for i in range(out_h):
            h0 = max(i * sh - pad_top, 0)
            h1 = min(i * sh - pad_top + ph, height)
            for j in range(out_w):
                w0 = max(j * sw - pad_left, 0)
                w1 = min(j * sw - pad_left + pw, width)
                for c in range(chans):
                    out[n, i, j, c] = 0.0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        for c in range(chans):
                            out[n, i, j, c] += x[n, ih, iw, c]
                inv = 1.0 / ((h1 - h0) * (w1 - w0))
                for c in range(chans):
                    out[n, i, j, c] *= inv


@njit(parallel=True, nogil=True, cache=True)
def avgpool_backward(grad_out, ph, pw, sh, sw, pad_top, pad_left, dx):
    """Spread each output gradient evenly over its window's real pixels; dx overwritten."""
    n_img, out_h, out_w, chans = grad_out.shape
    height, width = dx.shape[1], dx.shape[2]
    for n in prange(n_img):
        dx[n] = 0.0
        for i in range(out_h):
            h0 = max(i * sh - pad_top, 0)
            h1 = min(i * sh - pad_top + ph, height)
            for j in range(out_w):
                w0 = max(j * sw - pad_left, 0)
                w1 = min(j * sw - pad_left + pw, width)
                inv = 1.0 / ((h1 - h0) * (w1 - w0))
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        for c in range(chans):
                            dx[n, ih, iw, c] += grad_out[n, i, j, c] * inv


def disjoint_2x2(ph: int, pw: int, sh: int, sw: int, pad_top: int, pad_left: int,
                 out_h: int, out_w: int, height: int, width: int) -> bool:
    """2x2 windows at stride 2, all inside the image (the textbook convnet's pooling): every
    input pixel lies in at most one window, so ``maxpool_backward_2x2`` applies."""
    return ((ph, pw, sh, sw, pad_top, pad_left) == (2, 2, 2, 2, 0, 0)
            and 2 * out_h <= height and 2 * out_w <= width)


@njit(parallel=True, nogil=True, cache=True)
def maxpool_backward_2x2(grad_out, argmax, dx):
    """``maxpool_backward`` for ``disjoint_2x2`` windows: dx (N, H, W, C) is written once,
    window by window (the winner gets the gradient, the other three pixels 0; pixels of an
    odd last row or column, in no window, 0), instead of zeroing it all and then adding the
    gradients at scattered offsets. Same result (no arithmetic: copies and zeros)."""
    for n in prange(grad_out.shape[0]):
        _maxpool_backward_2x2_image(grad_out, argmax, dx, n)


@njit(nogil=True, cache=True)
def _maxpool_backward_2x2_image(grad_out, argmax, dx, n):
    """Image n of ``maxpool_backward_2x2``: one loop over the channels per window pixel, each
    writing one row of dx (LLVM vectorizes loops that write one array)."""
    _, out_h, out_w, chans = grad_out.shape
    height, width = dx.shape[1], dx.shape[2]
    zero = dx.dtype.type(0)
    for i in range(out_h):
        for j in range(out_w):
            for a in range(2):
                for b in range(2):
                    first = ((2 * i + a) * width + 2 * j + b) * chans
                    for c in range(chans):
                        won = argmax[n, i, j, c] == first + c
                        dx[n, 2 * i + a, 2 * j + b, c] = grad_out[n, i, j, c] if won else zero
    for ih in range(height):
        for iw in range(width):
            if ih >= 2 * out_h or iw >= 2 * out_w:
                for c in range(chans):
                    dx[n, ih, iw, c] = zero


@njit(nogil=True, cache=True, inline="always")
def window_max(v0, v1, v2, v3, o00, o10, f, u):
    """(maximum, winner) of a 2x2 window's values v0..v3 in scan order, ties to the first;
    the winner as the offset of channel u of its pixel, o00 / o10 being the offsets of the
    window's top-left / bottom-left pixel (F channels per pixel). Selects, no branches, so
    that the loop over the channels vectorizes."""
    best, win = v0, o00 + u
    gt = v1 > best
    best, win = (v1 if gt else best), (o00 + f + u if gt else win)
    gt = v2 > best
    best, win = (v2 if gt else best), (o10 + u if gt else win)
    gt = v3 > best
    best, win = (v3 if gt else best), (o10 + f + u if gt else win)
    return best, win

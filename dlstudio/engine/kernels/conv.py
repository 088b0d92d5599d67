"""Convolution glue kernels (NHWC): im2col and col2im, plus Keras/TensorFlow padding rules.

A 2-D convolution becomes one matrix product once every receptive field is copied into a row
("image to columns"): for an input ``x`` of shape (N, H, W, C) and a kernel of shape
(KH, KW, C, F), ``cols`` has shape (N*OH*OW, KH*KW*C) with the columns ordered (kh, kw, c),
which is exactly the row order of ``W.reshape(KH*KW*C, F)``. Then

    forward:          y = cols @ W2                (N*OH*OW, F)  == y in NHWC
    weight gradient:  dW2 = cols.T @ dy            (KH*KW*C, F)
    input gradient:   dcols = dy @ W2.T, then col2im adds every row back onto the pixels it
                      was copied from.

The matrix products go to BLAS; these Numba kernels do the copying (parallel over the batch:
each image's rows and pixels belong to one thread, so col2im's additions never race).
Zero padding is never materialized: positions outside the image read as 0 and gradients
that land there are dropped.
"""
from __future__ import annotations

from numba import njit, prange


def conv_output_length(size: int, kernel: int, stride: int, padding: str) -> int:
    """Output length along one axis: 'valid' floor((size - k) / s) + 1, 'same' ceil(size / s)."""
    if padding == "same":
        return -(-size // stride)
    return (size - kernel) // stride + 1


def padding_before(size: int, kernel: int, stride: int, padding: str) -> int:
    """Zeros added before the first pixel (TensorFlow SAME: half the total, rounded down)."""
    if padding != "same":
        return 0
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2


def conv_geometry(h: int, w: int, kh: int, kw: int, sh: int, sw: int,
                  padding: str) -> tuple[int, int, int, int]:
    """(out_h, out_w, pad_top, pad_left) for an input of h x w pixels."""
    return (conv_output_length(h, kh, sh, padding), conv_output_length(w, kw, sw, padding),
            padding_before(h, kh, sh, padding), padding_before(w, kw, sw, padding))


@njit(parallel=True, nogil=True, cache=True)
def im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols):
    """Copy receptive fields into rows.

    x: (N, H, W, C); cols: (N*out_h*out_w, kh*kw*C), written completely (zeros for padding).
    """
    for n in prange(x.shape[0]):
        im2col_image(x, n, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols,
                     n * out_h * out_w)


@njit(nogil=True, cache=True)
def im2col_image(x, n, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols, row0):
    """``im2col`` of image ``n`` alone, into ``cols[row0:row0 + out_h*out_w]``.

    When every window lies inside the image ('valid' padding) the copy needs no bounds checks
    and writes no zeros (1.8x faster on the one-channel first layer). One channel (grey
    images: the first layer) skips the channel loop, whose single trip otherwise costs more
    than the copy.
    """
    height, width, chans = x.shape[1], x.shape[2], x.shape[3]
    if pad_top == 0 and pad_left == 0 and (out_h - 1) * sh + kh <= height and \
            (out_w - 1) * sw + kw <= width:
        for i in range(out_h):
            for j in range(out_w):
                row = row0 + i * out_w + j
                for a in range(kh):
                    ih = i * sh + a
                    if chans == 1:
                        for b in range(kw):
                            cols[row, a * kw + b] = x[n, ih, j * sw + b, 0]
                        continue
                    for b in range(kw):
                        iw = j * sw + b
                        base = (a * kw + b) * chans
                        for c in range(chans):
                            cols[row, base + c] = x[n, ih, iw, c]
        return
    for i in range(out_h):
        for j in range(out_w):
            row = row0 + i * out_w + j
            for a in range(kh):
                ih = i * sh - pad_top + a
                inside_h = 0 <= ih < height
                if chans == 1:
                    for b in range(kw):
                        iw = j * sw - pad_left + b
                        if inside_h and 0 <= iw < width:
                            cols[row, a * kw + b] = x[n, ih, iw, 0]
                        else:
                            cols[row, a * kw + b] = 0.0
                    continue
                for b in range(kw):
                    iw = j * sw - pad_left + b
                    base = (a * kw + b) * chans
                    if inside_h and 0 <= iw < width:
                        for c in range(chans):
                            cols[row, base + c] = x[n, ih, iw, c]
                    else:
                        for c in range(chans):
                            cols[row, base + c] = 0.0


@njit(parallel=True, nogil=True, cache=True)
def col2im(dcols, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, dx):
    """Add every row of ``dcols`` back onto the pixels it came from.

    dcols: (N*out_h*out_w, kh*kw*C); dx: (N, H, W, C), overwritten (zeroed first).
    """
    for n in prange(dx.shape[0]):
        col2im_image(dcols, n * out_h * out_w, n, kh, kw, sh, sw, pad_top, pad_left, out_h,
                     out_w, dx)


@njit(nogil=True, cache=True)
def col2im_image(dcols, row0, n, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, dx):
    """``col2im`` of image ``n`` alone, from ``dcols[row0:row0 + out_h*out_w]``; ``dx[n]``
    is overwritten."""
    height, width, chans = dx.shape[1], dx.shape[2], dx.shape[3]
    dx[n] = 0.0
    for i in range(out_h):
        for j in range(out_w):
            row = row0 + i * out_w + j
            for a in range(kh):
                ih = i * sh - pad_top + a
                if ih < 0 or ih >= height:
                    continue
                for b in range(kw):
                    iw = j * sw - pad_left + b
                    if iw < 0 or iw >= width:
                        continue
                    base = (a * kw + b) * chans
                    for c in range(chans):
                        dx[n, ih, iw, c] += dcols[row, base + c]

"""Plain NumPy twins of the convolution and pooling kernels, for tests and for reading.

Each function here computes exactly what its namesake in ``conv.py``, ``conv_tiles.py``,
``conv_direct.py``, ``conv_pool.py``, ``winograd.py`` or ``pooling.py`` computes, written
for clarity rather than speed. Tests compare every kernel with its twin across shapes,
strides, paddings and dtypes. The twins of the kernels that work on (rows, channels) arrays
(fused bias + activation, batch normalization, reductions) are ``_reference_columns.py``.
"""
from __future__ import annotations

import numpy as np

# -- convolution glue (kernels/conv.py) --------------------------------------------------


def _padded(x: np.ndarray, kh: int, kw: int, sh: int, sw: int, pad_top: int, pad_left: int,
            out_h: int, out_w: int, fill: float = 0.0) -> np.ndarray:
    """x (N, H, W, C) surrounded by ``fill`` so that every window lies inside."""
    n, h, w, c = x.shape
    need_h = (out_h - 1) * sh + kh
    need_w = (out_w - 1) * sw + kw
    xp = np.full((n, max(need_h, pad_top + h), max(need_w, pad_left + w), c), fill,
                 dtype=x.dtype)
    xp[:, pad_top:pad_top + h, pad_left:pad_left + w, :] = x
    return xp


def im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols) -> None:
    """Twin of ``conv.im2col``: one strided slice of the padded input per kernel offset."""
    n, _, _, c = x.shape
    xp = _padded(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w)
    view = cols.reshape(n, out_h, out_w, kh, kw, c)
    for a in range(kh):
        for b in range(kw):
            view[:, :, :, a, b, :] = xp[:, a:a + sh * out_h:sh, b:b + sw * out_w:sw, :]


def col2im(dcols, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, dx) -> None:
    """Twin of ``conv.col2im``: add each kernel offset's slice back, then crop the padding."""
    n, h, w, c = dx.shape
    dxp = _padded(np.zeros_like(dx), kh, kw, sh, sw, pad_top, pad_left, out_h, out_w)
    view = dcols.reshape(n, out_h, out_w, kh, kw, c)
    for a in range(kh):
        for b in range(kw):
            dxp[:, a:a + sh * out_h:sh, b:b + sw * out_w:sw, :] += view[:, :, :, a, b, :]
    dx[...] = dxp[:, pad_top:pad_top + h, pad_left:pad_left + w, :]


# -- tiled convolution passes (kernels/conv_tiles.py) ------------------------------------


def _tiles(n_img: int, ipt: int, workers: int, w: int) -> list[tuple[int, int]]:
    """The images (first, stop) of the tiles worker ``w`` takes: tiles w, w + workers, ..."""
    n_tiles = -(-n_img // ipt)
    return [(t * ipt, min(n_img, (t + 1) * ipt)) for t in range(w, n_tiles, workers)]


def conv_forward_tiles(x, w2, b, has_bias, relu, kh, kw, sh, sw, pad_top, pad_left, out_h,
                       out_w, ipt, cols, z, a) -> None:
    """Twin of ``conv_tiles.conv_forward_tiles``: the whole batch at once (tiles change only
    the blocking of the product)."""
    n, _, _, c = x.shape
    full = np.empty((n * out_h * out_w, kh * kw * c), dtype=x.dtype)
    im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, full)
    z[...] = full @ w2
    if has_bias:
        z += b
    if relu:
        a[...] = np.maximum(z, 0)


def conv_backward_tiles(x, g, z, w2, relu, want_dw, want_dx, kh, kw, sh, sw, pad_top,
                        pad_left, out_h, out_w, ipt, cols, dz, dw, db, dx) -> None:
    """Twin of ``conv_tiles.conv_backward_tiles``: worker w's partial sums over its tiles."""
    n, _, _, c = x.shape
    per = out_h * out_w
    full = np.empty((n * per, kh * kw * c), dtype=x.dtype)
    im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, full)
    gz = np.where(z > 0, g, 0).astype(g.dtype) if relu else g
    workers = cols.shape[0]
    for w in range(workers):
        rows = [r for i0, i1 in _tiles(n, ipt, workers, w) for r in range(i0 * per, i1 * per)]
        db[w] = gz[rows].sum(axis=0, dtype=np.float64)
        if want_dw:
            dw[w] = full[rows].T @ gz[rows]
    if want_dx:
        col2im(gz @ w2.T, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, dx)


def conv_backward_tiles_pooled(x, gp, winners, pooled, w2, relu, want_dw, want_dx, kh, kw, sh,
                               sw, pad_top, pad_left, out_w, ipt, cols, dz, dw, db, dx) -> None:
    """Twin of ``conv_tiles.conv_backward_tiles_pooled``: the pooling's backward pass
    (``maxpool_backward``), the ReLU mask at the winners (a positive pooled value), then
    ``conv_backward_tiles`` over every output (the uncovered ones have zero gradient, so
    each worker's sums are the same; only dz's rows and tiles differ, and dz is scratch)."""
    n, ph, pw, f = gp.shape
    out_h = 2 * ph                       # rows below have no gradient: leave them out
    g = np.zeros((n, out_h * out_w * f), dtype=gp.dtype)
    maxpool_backward(gp, winners, g)
    if relu:
        on = np.zeros((n, out_h * out_w * f), dtype=gp.dtype)
        maxpool_backward((pooled > 0).astype(gp.dtype), winners, on)
        g = g * on
    conv_backward_tiles(x, g.reshape(-1, f), None, w2, False, want_dw, want_dx, kh, kw, sh, sw,
                        pad_top, pad_left, out_h, out_w, ipt, cols, None, dw, db, dx)


# -- pooling (kernels/pooling.py) -----------------------------------------------------------


def _windows(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, fill):
    """(N, out_h, out_w, ph*pw, C) array of every window's values (padding = ``fill``)."""
    n, _, _, c = x.shape
    xp = _padded(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, fill)
    wins = np.empty((n, out_h, out_w, ph * pw, c), dtype=x.dtype)
    for a in range(ph):
        for b in range(pw):
            wins[:, :, :, a * pw + b, :] = xp[:, a:a + sh * out_h:sh, b:b + sw * out_w:sw, :]
    return wins


def maxpool_forward(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, out, argmax) -> None:
    """Twin of ``pooling.maxpool_forward`` (argmax as flat offsets (ih * W + iw) * C + c;
    an empty argmax records none)."""
    width, chans = x.shape[2], x.shape[3]
    wins = _windows(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, -np.inf)
    k = wins.argmax(axis=3)                       # first maximum in (a, b) scan order
    out[...] = np.take_along_axis(wins, k[:, :, :, None, :], axis=3)[:, :, :, 0, :]
    if argmax.size == 0:
        return
    a, b = np.divmod(k, pw)
    ih = np.arange(out_h)[None, :, None, None] * sh - pad_top + a
    iw = np.arange(out_w)[None, None, :, None] * sw - pad_left + b
    argmax[...] = (ih * width + iw) * chans + np.arange(chans)


def maxpool_backward(grad_out, argmax, dx_flat) -> None:
    """Twin of ``pooling.maxpool_backward``: scatter-add with ``np.add.at``."""
    n = dx_flat.shape[0]
    dx_flat[...] = 0
    rows = np.broadcast_to(np.arange(n)[:, None, None, None], argmax.shape)
    np.add.at(dx_flat, (rows, argmax), grad_out)


def _counts(h, w, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w):
    """(1, out_h, out_w, 1) number of real pixels under every window."""
    ones = np.ones((1, h, w, 1))
    return _windows(ones, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, 0.0).sum(axis=3)


def avgpool_forward(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, out) -> None:
    """Twin of ``pooling.avgpool_forward``: window sums over counts of real pixels."""
    _, h, w, _ = x.shape
    wins = _windows(x, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w, 0.0)
    out[...] = wins.sum(axis=3) / _counts(h, w, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w)


def avgpool_backward(grad_out, ph, pw, sh, sw, pad_top, pad_left, dx) -> None:
    """Twin of ``pooling.avgpool_backward``: col2im of the gradient spread over each window."""
    n, h, w, c = dx.shape
    out_h, out_w = grad_out.shape[1:3]
    share = grad_out / _counts(h, w, ph, pw, sh, sw, pad_top, pad_left, out_h, out_w)
    cols = np.repeat(share[:, :, :, None, :], ph * pw, axis=3)
    col2im(cols.reshape(n * out_h * out_w, ph * pw * c), ph, pw, sh, sw, pad_top, pad_left,
           out_h, out_w, dx)


# -- direct convolution passes (kernels/conv_direct.py) ----------------------------------


def conv_forward_direct(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h,
                        out_w, z, a) -> None:
    """Twin of ``conv_direct.conv_forward_direct``: im2col, one product, bias, ReLU (the
    zero rows that pad ``w9`` are left out)."""
    n, _, _, c = x.shape
    k = kh * kw * c
    cols = np.empty((n * out_h * out_w, k), dtype=x.dtype)
    im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols)
    z[...] = cols @ w9[:k] + b
    if relu:
        a[...] = np.maximum(z, 0)


def conv_backward_direct(x, xf, g, z, relu, taps, kh, kw, sh, sw, pad_top, pad_left, out_h,
                         out_w, want_dz, dz, dzs, dw, db) -> None:
    """Twin of ``conv_direct.conv_backward_direct``: worker w's sums over its output rows
    (rows ``w * N*out_h // workers`` up to the next worker's first)."""
    n, _, _, c = x.shape
    k = kh * kw * c
    per = out_w
    cols = np.empty((n * out_h * out_w, k), dtype=x.dtype)
    im2col(x, kh, kw, sh, sw, pad_top, pad_left, out_h, out_w, cols)
    gz = np.where(z > 0, g, 0).astype(g.dtype) if relu else g
    workers, tasks = dw.shape[0], n * out_h
    for w in range(workers):
        rows = slice(w * tasks // workers * per, (w + 1) * tasks // workers * per)
        db[w] = gz[rows].sum(axis=0, dtype=np.float64)
        dw[w] = 0
        dw[w, :k] = cols[rows].T @ gz[rows]
    if want_dz:
        dz[...] = gz


def conv_backward_direct_pooled(x, xf, gp, winners, pooled, taps, kh, kw, sh, sw, pad_top,
                                pad_left, out_h, out_w, dzs, dw, db) -> None:
    """Twin of ``conv_direct.conv_backward_direct_pooled``: the pooling's backward pass
    (``maxpool_backward``), the ReLU mask at the winners (a positive pooled value), then
    ``conv_backward_direct``."""
    n, f = x.shape[0], gp.shape[3]
    g = np.zeros((n, out_h * out_w * f), dtype=gp.dtype)
    maxpool_backward(gp, winners, g)
    on = np.zeros((n, out_h * out_w * f), dtype=gp.dtype)
    maxpool_backward((pooled > 0).astype(gp.dtype), winners, on)
    g = g.reshape(-1, f)
    conv_backward_direct(x, xf, g, on.reshape(-1, f), True, taps, kh, kw, sh, sw, pad_top,
                         pad_left, out_h, out_w, False, None, dzs, dw, db)


# -- forward-only convolution + 2x2 max pooling (kernels/conv_pool.py) ---------------------


def _pool_2x2(z, relu, out_w, out, argmax) -> None:
    """2x2 max pooling of the covered outputs z (N*2PH*2PW, F), then ReLU (when asked);
    winners as offsets in the convolution's output image, out_w pixels wide."""
    n, ph, pw, f = out.shape
    zz = z.reshape(n, 2 * ph, 2 * pw, f)
    won = np.empty(out.shape, np.int32)
    maxpool_forward(zz, 2, 2, 2, 2, 0, 0, ph, pw, out, won)
    if relu:
        out[...] = np.maximum(out, 0)
    if argmax.size:
        i, rest = np.divmod(won, 2 * pw * f)             # offsets in a 2PW-wide image
        argmax[...] = i * out_w * f + rest


def conv_forward_direct_pooled(x, xf, w9, b, relu, taps, kh, kw, sh, sw, pad_top, pad_left,
                               out_w, zs, out, argmax) -> None:
    """Twin of ``conv_pool.conv_forward_direct_pooled``: the direct forward pass over the
    outputs the windows cover (the top-left 2PH x 2PW), max pooling, then ReLU."""
    n, ph, pw, f = out.shape
    z = np.empty((n * 4 * ph * pw, f), dtype=x.dtype)
    conv_forward_direct(x, xf, w9, b, False, taps, kh, kw, sh, sw, pad_top, pad_left, 2 * ph,
                        2 * pw, z, z)
    _pool_2x2(z, relu, out_w, out, argmax)


def conv_forward_tiles_pooled(x, w2, b, has_bias, relu, kh, kw, sh, sw, pad_top, pad_left,
                              out_w, ipt, cols, zs, out, argmax) -> None:
    """Twin of ``conv_pool.conv_forward_tiles_pooled``: im2col over the covered outputs, one
    product, bias, max pooling, then ReLU."""
    n, ph, pw, f = out.shape
    z = np.empty((n * 4 * ph * pw, f), dtype=x.dtype)
    conv_forward_tiles(x, w2, b, has_bias, False, kh, kw, sh, sw, pad_top, pad_left, 2 * ph,
                       2 * pw, ipt, cols, z, z)
    _pool_2x2(z, relu, out_w, out, argmax)


# -- Winograd F(2x2, 3x3) + 2x2 max pooling (kernels/winograd.py) ---------------------------

_WINOGRAD_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
_WINOGRAD_BT = np.array([[1.0, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]])
_WINOGRAD_AT = np.array([[1.0, 1, 1, 0], [0, 1, -1, -1]])


def winograd_weight_transform(w9, u) -> None:
    """Twin of ``winograd.weight_transform``: U = G g G^T, as one einsum."""
    g = w9.reshape(3, 3, -1)
    u[...] = np.einsum("ai,ijk,bj->abk", _WINOGRAD_G, g, _WINOGRAD_G).reshape(16, -1)


def winograd_conv3x3_pooled(x, u, b, has_bias, relu, out_w, ipt, v, m, out, argmax) -> None:
    """Twin of ``winograd.conv3x3_pooled``: every 4x4 input block at once, the three
    transforms as einsums, then bias, 2x2 max pooling and ReLU (``_pool_2x2``)."""
    n, ph, pw, f = out.shape
    c = x.shape[3]
    d = np.empty((n, ph, pw, 4, 4, c), dtype=x.dtype)
    for i in range(4):
        for j in range(4):
            d[:, :, :, i, j] = x[:, i:i + 2 * ph:2, j:j + 2 * pw:2]
    v_all = np.einsum("ai,npqijc,bj->npqabc", _WINOGRAD_BT, d, _WINOGRAD_BT)
    m_all = np.einsum("npqabc,abcf->npqabf", v_all, u.reshape(4, 4, c, f))
    y = np.einsum("ia,npqabf,jb->npiqjf", _WINOGRAD_AT, m_all, _WINOGRAD_AT)
    z = y.reshape(n * 4 * ph * pw, f).astype(x.dtype)
    if has_bias:
        z = z + b
    _pool_2x2(z, relu, out_w, out, argmax)


def winograd_weight_transform_adjoint(du, dw9) -> None:
    """Twin of ``winograd.weight_transform_adjoint``: G^T dU G, as one einsum."""
    dw9[...] = np.einsum("ai,abk,bj->ijk", _WINOGRAD_G, du.reshape(4, 4, -1),
                         _WINOGRAD_G).reshape(9, -1)


def winograd_conv3x3_pooled_backward(x, gp, winners, pooled, ut, relu, want_dw, want_dx, out_w,
                                     ipt, kept, v, dv, m, du, db, dx) -> None:
    """Twin of ``winograd.conv3x3_pooled_backward``: the pooling's backward pass
    (``maxpool_backward``, the ReLU mask at the winners), then the three transposed
    transforms as einsums over every block at once (V from x, whatever ``kept``); du and db
    per worker (its tiles)."""
    n, ph, pw, f = gp.shape
    c = x.shape[3]
    g = np.zeros((n, 2 * ph * out_w * f), dtype=gp.dtype)
    maxpool_backward(gp, winners, g)
    if relu:
        on = np.zeros_like(g)
        maxpool_backward((pooled > 0).astype(gp.dtype), winners, on)
        g = g * on
    dy = g.reshape(n, ph, 2, out_w, f)[:, :, :, :2 * pw].reshape(n, ph, 2, pw, 2, f)
    dm = np.einsum("ra,nprqsf,sb->npqabf", _WINOGRAD_AT, dy, _WINOGRAD_AT)
    d = np.empty((n, ph, pw, 4, 4, c), dtype=x.dtype)
    for i in range(4):
        for j in range(4):
            d[:, :, :, i, j] = x[:, i:i + 2 * ph:2, j:j + 2 * pw:2]
    v_all = np.einsum("ai,npqijc,bj->npqabc", _WINOGRAD_BT, d, _WINOGRAD_BT)
    for w in range(db.shape[0]):
        imgs = [k for i0, i1 in _tiles(n, ipt, db.shape[0], w) for k in range(i0, i1)]
        db[w] = dy[imgs].sum(axis=(0, 1, 2, 3, 4), dtype=np.float64)
        if want_dw:
            du[w] = np.einsum("npqabc,npqabf->abcf", v_all[imgs], dm[imgs]).reshape(16, c, f)
    if want_dx:
        dv = np.einsum("npqabf,abfc->npqabc", dm, ut.reshape(4, 4, f, c))
        dd = np.einsum("ai,npqabc,bj->npqijc", _WINOGRAD_BT, dv, _WINOGRAD_BT)
        dx[...] = 0
        for i in range(4):
            for j in range(4):
                dx[:, i:i + 2 * ph:2, j:j + 2 * pw:2] += dd[:, :, :, i, j]

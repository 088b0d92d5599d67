"""On-the-fly image augmentation: one batched random affine warp plus pixel changes.

For every image of a batch a random affine map is drawn (rotation, shifts, shear, zoom, flips;
Keras ``ImageDataGenerator`` names, see ``dlstudio.data.spec.AUGMENT_DEFAULTS``). Each output
pixel ``p`` (pixel-centre coordinates, image centre ``c``) is sampled bilinearly from the input
at ``A^-1 (p - c - t) + c``; samples falling outside the image use the fill mode: "constant"
(``cval``), "nearest" (edge pixel) or "reflect" (mirror: ``dcba|abcd|dcba``). Then brightness
(add ``U(-b, b)``), contrast (scale the deviation from the image mean by ``U(1-c, 1+c)``) and
gaussian noise are applied, and values are clipped to the batch's original range.

``augment_kernel`` (Numba, parallel over images, nogil) has the NumPy twin
``augment_reference``; both take the same per-image parameters.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange

from dlstudio.data.spec import AUGMENT_DEFAULTS

FILL_MODES = {"constant": 0, "nearest": 1, "reflect": 2}


@njit(nogil=True, cache=True)
def _tap(img, r, c, ch, h, w, mode, cval):
    if r < 0 or r >= h or c < 0 or c >= w:
        if mode == 0:
            return cval
        if mode == 1:
            r = min(max(r, 0), h - 1)
            c = min(max(c, 0), w - 1)
        else:
            r = r % (2 * h)
            if r >= h:
                r = 2 * h - 1 - r
            c = c % (2 * w)
            if c >= w:
                c = 2 * w - 1 - c
    return img[r, c, ch]


@njit(nogil=True, cache=True, parallel=True)
def augment_kernel(x, mats, bright, contrast, noise, noise_std, mode, cval, lo, hi, clip):
    """Warp and adjust a batch.

    Parameters
    ----------
    x : (N, H, W, C) float32 input.
    mats : (N, 6) float64 inverse maps ``(a, b, tx, c, d, ty)``: source column
        ``a*col + b*row + tx``, source row ``c*col + d*row + ty`` (pixel indices).
    bright, contrast : (N,) float32 brightness offset and contrast factor.
    noise : (N, H, W, C) float32 standard normals (or shape (0, 0, 0, 0) for none).
    noise_std : (N,) float32 noise scale.
    mode : 0 constant, 1 nearest, 2 reflect; ``cval`` the constant.
    lo, hi, clip : clip the result to [lo, hi] when ``clip``.

    Returns
    -------
    (N, H, W, C) float32.
    """
    n, h, w, nc = x.shape
    out = np.empty_like(x)
    use_noise = noise.shape[0] == n
    for i in prange(n):
        a, b, tx, c, d, ty = mats[i, 0], mats[i, 1], mats[i, 2], mats[i, 3], mats[i, 4], mats[i, 5]
        total = 0.0
        for r in range(h):
            for col in range(w):
                sx = a * col + b * r + tx
                sy = c * col + d * r + ty
                x0 = int(np.floor(sx))
                y0 = int(np.floor(sy))
                fx = sx - x0
                fy = sy - y0
                for ch in range(nc):
                    v00 = _tap(x[i], y0, x0, ch, h, w, mode, cval)
                    v01 = _tap(x[i], y0, x0 + 1, ch, h, w, mode, cval)
                    v10 = _tap(x[i], y0 + 1, x0, ch, h, w, mode, cval)
                    v11 = _tap(x[i], y0 + 1, x0 + 1, ch, h, w, mode, cval)
                    top = v00 + fx * (v01 - v00)
                    bot = v10 + fx * (v11 - v10)
                    v = top + fy * (bot - top)
                    out[i, r, col, ch] = v
                    total += v
        mean = total / (h * w * nc)
        f = contrast[i]
        bb = bright[i]
        s = noise_std[i]
        for r in range(h):
            for col in range(w):
                for ch in range(nc):
                    v = (out[i, r, col, ch] - mean) * f + mean + bb
                    if use_noise:
                        v += s * noise[i, r, col, ch]
                    if clip:
                        v = min(max(v, lo), hi)
                    out[i, r, col, ch] = v
    return out


def augment_reference(x, mats, bright, contrast, noise, noise_std, mode, cval, lo, hi, clip):
    """NumPy twin of ``augment_kernel`` (same arguments, same result up to rounding)."""
    x = np.asarray(x, np.float32)
    n, h, w, nc = x.shape
    rows, cols = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64),
                             indexing="ij")
    m = mats[:, :, None, None]
    sx = m[:, 0] * cols + m[:, 1] * rows + m[:, 2]
    sy = m[:, 3] * cols + m[:, 4] * rows + m[:, 5]
    x0, y0 = np.floor(sx).astype(np.int64), np.floor(sy).astype(np.int64)
    fx, fy = (sx - x0)[..., None], (sy - y0)[..., None]
    batch = np.arange(n)[:, None, None]

    def tap(rr, cc):
        inside = (rr >= 0) & (rr < h) & (cc >= 0) & (cc < w)
        if mode == 1:
            rr, cc = np.clip(rr, 0, h - 1), np.clip(cc, 0, w - 1)
        elif mode == 2:
            rr, cc = rr % (2 * h), cc % (2 * w)
            rr = np.where(rr >= h, 2 * h - 1 - rr, rr)
            cc = np.where(cc >= w, 2 * w - 1 - cc, cc)
        vals = x[batch, np.clip(rr, 0, h - 1), np.clip(cc, 0, w - 1)].astype(np.float64)
        if mode == 0:
            vals = np.where(inside[..., None], vals, cval)
        return vals

    v00, v01, v10, v11 = tap(y0, x0), tap(y0, x0 + 1), tap(y0 + 1, x0), tap(y0 + 1, x0 + 1)
    top = v00 + fx * (v01 - v00)
    bot = v10 + fx * (v11 - v10)
    warped = (top + fy * (bot - top)).astype(np.float32)
    mean = warped.reshape(n, -1).astype(np.float64).mean(axis=1)[:, None, None, None]
    v = (warped - mean) * contrast[:, None, None, None] + mean + bright[:, None, None, None]
    if noise.shape[0] == n:
        v = v + noise_std[:, None, None, None] * noise
    if clip:
        v = np.clip(v, lo, hi)
    return v.astype(np.float32)


class Augmenter:
    """Random augmentation of NHWC batches with the given settings.

    ``Augmenter(settings)(batch, rng)`` returns a new augmented batch; the input is unchanged.
    Settings not given take their do-nothing defaults.
    """

    def __init__(self, settings: dict | None = None, use_numba: bool = True):
        settings = dict(settings or {})
        unknown = set(settings) - set(AUGMENT_DEFAULTS)
        if unknown:
            raise ValueError(f"unknown augmentation setting(s) {sorted(unknown)}; known: "
                             f"{', '.join(AUGMENT_DEFAULTS)}")
        self.settings = {**AUGMENT_DEFAULTS, **settings}
        if self.settings["fill_mode"] not in FILL_MODES:
            raise ValueError(f"fill_mode must be one of {', '.join(FILL_MODES)}, got "
                             f"{self.settings['fill_mode']!r}")
        for k, v in self.settings.items():
            if k not in ("fill_mode", "horizontal_flip", "vertical_flip", "cval") and v < 0:
                raise ValueError(f"augmentation {k} must be >= 0, got {v}")
        self.use_numba = use_numba

    @property
    def is_identity(self) -> bool:
        return all(self.settings[k] == v for k, v in AUGMENT_DEFAULTS.items()
                   if k not in ("fill_mode", "cval"))

    def get_config(self) -> dict:
        return dict(self.settings)

    def draw(self, n: int, height: int, width: int, rng: np.random.Generator
             ) -> dict[str, np.ndarray]:
        """Random per-image parameters for a batch of ``n`` images."""
        s = self.settings
        theta = np.deg2rad(rng.uniform(-1, 1, n) * s["rotation_range"])
        shear = np.deg2rad(rng.uniform(-1, 1, n) * s["shear_range"])
        zx = 1.0 + rng.uniform(-1, 1, n) * s["zoom_range"]
        zy = 1.0 + rng.uniform(-1, 1, n) * s["zoom_range"]
        tx = rng.uniform(-1, 1, n) * s["width_shift_range"] * width
        ty = rng.uniform(-1, 1, n) * s["height_shift_range"] * height
        fx = np.where(rng.random(n) < 0.5, -1.0, 1.0) if s["horizontal_flip"] else np.ones(n)
        fy = np.where(rng.random(n) < 0.5, -1.0, 1.0) if s["vertical_flip"] else np.ones(n)
        bright = rng.uniform(-1, 1, n) * s["brightness_range"]
        contrast = 1.0 + rng.uniform(-1, 1, n) * s["contrast_range"]
        return {"theta": theta, "shear": shear, "zx": zx * fx, "zy": zy * fy, "tx": tx,
                "ty": ty, "bright": bright.astype(np.float32),
                "contrast": contrast.astype(np.float32)}

    @staticmethod
    def inverse_maps(p: dict, height: int, width: int) -> np.ndarray:
        """(N, 6) maps from output pixel (col, row) to input (col, row).

        Forward map: ``out = R(theta) Sh(shear) Z(zx, zy) (in - centre) + centre + t``.
        """
        cos, sin = np.cos(p["theta"]), np.sin(p["theta"])
        # A = R @ [[1, -sin(shear)], [0, cos(shear)]] @ diag(zx, zy)
        sh0, sh1 = -np.sin(p["shear"]), np.cos(p["shear"])
        a00 = cos * p["zx"]
        a01 = (cos * sh0 - sin * sh1) * p["zy"]
        a10 = sin * p["zx"]
        a11 = (sin * sh0 + cos * sh1) * p["zy"]
        det = a00 * a11 - a01 * a10
        i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
        cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
        ux, uy = -cx - p["tx"], -cy - p["ty"]  # source = Ainv (p + u) + centre
        return np.stack([i00, i01, i00 * ux + i01 * uy + cx,
                         i10, i11, i10 * ux + i11 * uy + cy], axis=1)

    def __call__(self, batch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Augment ``batch`` (N, H, W, C) float32; returns a new array of the same shape."""
        x = np.ascontiguousarray(batch, dtype=np.float32)
        if x.ndim != 4:
            raise ValueError(f"augmentation needs image batches (N, H, W, C), got shape "
                             f"{x.shape}; augmentation applies to image datasets only")
        if self.is_identity or len(x) == 0:
            return x.copy()
        n, h, w, _ = x.shape
        p = self.draw(n, h, w, rng)
        s = self.settings
        noise_std = np.full(n, s["noise_std"], np.float32)
        noise = (rng.standard_normal(x.shape, dtype=np.float32) if s["noise_std"] > 0
                 else np.zeros((0, 0, 0, 0), np.float32))
        pixel_ops = s["brightness_range"] > 0 or s["contrast_range"] > 0 or s["noise_std"] > 0
        lo, hi = float(x.min()), float(x.max())
        fn = augment_kernel if self.use_numba else augment_reference
        return fn(x, self.inverse_maps(p, h, w), p["bright"], p["contrast"], noise, noise_std,
                  FILL_MODES[s["fill_mode"]], float(s["cval"]), lo, hi, pixel_ops)

    def preview(self, sample: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` augmented versions of one image (H, W, C) -> (n, H, W, C)."""
        sample = np.asarray(sample, dtype=np.float32)
        if sample.ndim == 2:
            sample = sample[..., None]
        return self(np.repeat(sample[None], n, axis=0), rng)


def augmenter_from(settings: Any) -> Augmenter | None:
    """An Augmenter for non-trivial settings, else None."""
    aug = Augmenter(settings)
    return None if aug.is_identity else aug

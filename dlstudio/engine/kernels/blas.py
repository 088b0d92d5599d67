"""Matrix products callable from inside Numba kernels: NumPy's own OpenBLAS, one thread.

``engine.gemm`` multiplies whole arrays from Python. A convolution done that way writes its
im2col matrix (4.5 MB for the MNIST convnet's second layer at batch 32) to memory, reads it
back in the product, and hands blocks to helper threads between separate parallel kernels.
Inside a Numba kernel each thread can instead copy a few images' receptive fields into a
buffer that stays in its cache and multiply it right away (``kernels.conv_tiles``); that
needs BLAS without the GIL and without Python: ``gemm_into`` below.

The routine is the ``cblas_?gemm`` of the OpenBLAS that NumPy's wheels ship
(``numpy.libs/libscipy_openblas64_*``, 64-bit integers; ``scipy_openblas32`` builds use 32-bit
ones). Its address is registered with LLVM under a fixed name, so the compiled kernels refer
to the name and Numba's on-disk cache stays valid from one process to the next.
``AVAILABLE`` is False when no such library is found (a NumPy built against MKL or
Accelerate, say); callers then keep the whole-array path. OpenBLAS runs these calls on the
calling thread: ``engine.threads`` holds it at one thread of its own.
"""
from __future__ import annotations

import ctypes
import glob
import os

import numpy as np
from numba import njit, types
from numba.extending import intrinsic, overload

ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112

#: (symbol suffix, integer type) of the OpenBLAS builds NumPy's wheels use
_VARIANTS = (("64_", types.int64), ("", types.int32))


def _library_candidates() -> list[str]:
    root = os.path.dirname(os.path.dirname(np.__file__))
    out = []
    for folder in ("numpy.libs", os.path.join("numpy", ".dylibs")):
        out += sorted(glob.glob(os.path.join(root, folder, "*openblas*")))
    return out


def _register() -> types.Type | None:
    """Register the library's s/dgemm with LLVM; returns the BLAS integer type or None."""
    import llvmlite.binding as llvm

    for path in _library_candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for suffix, int_type in _VARIANTS:
            try:
                s = getattr(lib, f"scipy_cblas_sgemm{suffix}")
                d = getattr(lib, f"scipy_cblas_dgemm{suffix}")
            except AttributeError:
                continue
            llvm.add_symbol("dlstudio_cblas_sgemm", ctypes.cast(s, ctypes.c_void_p).value)
            llvm.add_symbol("dlstudio_cblas_dgemm", ctypes.cast(d, ctypes.c_void_p).value)
            return int_type
    return None


def _signature(real: types.Type, int_type: types.Type):
    i = int_type
    return types.void(types.int32, types.int32, types.int32, i, i, i, real, types.voidptr, i,
                      types.voidptr, i, real, types.voidptr, i)


_INT = _register()
AVAILABLE = _INT is not None
_int = _INT if _INT is not None else types.int64
_sgemm = types.ExternalFunction("dlstudio_cblas_sgemm", _signature(types.float32, _int))
_dgemm = types.ExternalFunction("dlstudio_cblas_dgemm", _signature(types.float64, _int))


def gemm_into(c, a, b, trans_a, trans_b, beta):
    """``c = op(a) @ op(b) + beta * c`` inside a Numba kernel (op: transpose when asked).

    ``a``, ``b``, ``c``: 2-D C-contiguous arrays of one dtype (float32 or float64), ``c`` of
    shape (m, n), ``op(a)`` (m, k), ``op(b)`` (k, n). Callable only from compiled code, and
    only when ``AVAILABLE``.
    """
    raise NotImplementedError("gemm_into runs inside Numba kernels only")


@overload(gemm_into, jit_options={"nogil": True})
def _gemm_into(c, a, b, trans_a, trans_b, beta):
    fn = _sgemm if c.dtype == types.float32 else _dgemm
    real = np.float32 if c.dtype == types.float32 else np.float64

    def impl(c, a, b, trans_a, trans_b, beta):
        m, n = c.shape
        k = a.shape[0] if trans_a else a.shape[1]
        fn(ROW_MAJOR, TRANS if trans_a else NO_TRANS, TRANS if trans_b else NO_TRANS,
           m, n, k, real(1.0), a.ctypes.data, a.shape[1], b.ctypes.data, b.shape[1],
           real(beta), c.ctypes.data, n)
    return impl


@njit(nogil=True, cache=True, error_model="numpy")
def matmul_bias(x, W, has_bias, b, z):
    """z = x @ W, then z += b when ``has_bias``, in one call from Python: x (M, K), W (K, N),
    b (1, N), z (M, N), C-contiguous, of one dtype. With M, K and N all at least 2,
    ``numpy.matmul`` makes this very BLAS call itself (the same routine, arguments and
    thread), so z equals ``np.matmul(x, W, out=z); z += b`` bit for bit (tested), for ~0.4 us
    instead of ~1.3 us on the classroom toy's 10 x 8 @ 8 x 8 (NumPy's own set-up). Its
    products with a dimension of 1 take other routines (gemv, a dot, loops). Only when
    ``AVAILABLE``."""
    gemm_into(z, x, W, False, False, 0.0)
    if has_bias:
        n_rows, n_units = z.shape
        for n in range(n_rows):
            for j in range(n_units):
                z[n, j] += b[0, j]


def gemm_at(zero, trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc):
    """``C = op(A) @ op(B)`` inside a Numba kernel, the operands given by address and
    leading dimension (row-major), for blocks of larger arrays (``kernels.split_gemm``
    multiplies half of a product this way). ``zero``: 0.0 as float32 or float64 (chooses
    sgemm or dgemm); ``trans_a``/``trans_b``: ``NO_TRANS`` or ``TRANS``; ``a``, ``b``, ``c``:
    addresses (``array.ctypes.data`` plus an offset, as int64). Only when ``AVAILABLE``.
    """
    raise NotImplementedError("gemm_at runs inside Numba kernels only")


@overload(gemm_at, jit_options={"nogil": True})
def _gemm_at(zero, trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc):
    fn = _sgemm if zero == types.float32 else _dgemm
    real = np.float32 if zero == types.float32 else np.float64

    def impl(zero, trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc):
        fn(ROW_MAJOR, trans_a, trans_b, m, n, k, real(1.0), _pointer(a), lda, _pointer(b), ldb,
           real(0.0), _pointer(c), ldc)
    return impl


@intrinsic
def _pointer(typingctx, address):
    """An int64 address as a ``void *`` argument."""
    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(types.voidptr))

    return types.voidptr(address), codegen

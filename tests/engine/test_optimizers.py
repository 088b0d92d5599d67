"""Optimizers against hand-written scalar references, kernels against their NumPy twins,
the curriculum's gradient-descent facts, and exact continuation after save/restore."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlstudio.engine import optimizers as O
from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers import base as optimizer_base
from dlstudio.engine.optimizers.base import ParamRef

W0 = [1.0, -2.0, 0.5]
GRADS = [[0.5, -1.0, 2.0], [0.1, 0.3, -0.4], [-0.2, 0.2, 1.0]]
BACKENDS = ["numba", "numpy"]


def _run(opt, backend, dtype=np.float64, steps=3, lr=None):
    opt.backend = backend
    w = np.array(W0, dtype)
    for g in GRADS[:steps]:
        opt.apply([ParamRef(0, "W", w, np.array(g, dtype))], lr)
    return w


# -- scalar references, one element at a time, straight from the equations ------------------
def ref_sgd(lr, momentum=0.0, nesterov=False):
    out = []
    for i, w in enumerate(W0):
        v = 0.0
        for g in (step[i] for step in GRADS):
            v = momentum * v - lr * g
            w = w + (momentum * v - lr * g if nesterov else v)
        out.append(w)
    return out


def ref_adagrad(lr, init=0.1, eps=1e-7):
    out = []
    for i, w in enumerate(W0):
        s = init
        for g in (step[i] for step in GRADS):
            s = s + g * g
            w = w - lr * g / math.sqrt(s + eps)
        out.append(w)
    return out


def ref_rmsprop(lr, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    out = []
    for i, w in enumerate(W0):
        s = a = m = 0.0
        for g in (step[i] for step in GRADS):
            s = rho * s + (1 - rho) * g * g
            a = rho * a + (1 - rho) * g
            d = s - a * a + eps if centered else s + eps
            step = lr * g / math.sqrt(d)
            m = momentum * m + step
            w = w - (m if momentum > 0 else step)
        out.append(w)
    return out


def ref_adam(lr, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False):
    out = []
    for i, w in enumerate(W0):
        m = v = vmax = 0.0
        for t, g in enumerate((step[i] for step in GRADS), start=1):
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            vmax = max(vmax, v)
            lr_t = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            w = w - lr_t * m / (math.sqrt(vmax if amsgrad else v) + eps)
        out.append(w)
    return out


def ref_ftrl(lr, power=-0.5, init=0.1, l1=0.0, l2=0.0):
    out = []
    for i, w in enumerate(W0):
        n, z = init, 0.0
        for g in (step[i] for step in GRADS):
            sigma = ((n + g * g) ** -power - n ** -power) / lr
            n = n + g * g
            z = z + g - sigma * w
            w = 0.0 if abs(z) <= l1 else -(z - math.copysign(l1, z)) / (n ** -power / lr + 2 * l2)
        out.append(w)
    return out


CASES = [
    ("sgd", dict(learning_rate=0.1), lambda: ref_sgd(0.1)),
    ("sgd", dict(learning_rate=0.1, momentum=0.9), lambda: ref_sgd(0.1, 0.9)),
    ("sgd", dict(learning_rate=0.1, momentum=0.9, nesterov=True), lambda: ref_sgd(0.1, 0.9, True)),
    ("adagrad", dict(learning_rate=0.1), lambda: ref_adagrad(0.1)),
    ("rmsprop", dict(learning_rate=0.01), lambda: ref_rmsprop(0.01)),
    ("rmsprop", dict(learning_rate=0.01, momentum=0.5, centered=True),
     lambda: ref_rmsprop(0.01, momentum=0.5, centered=True)),
    ("adam", dict(learning_rate=0.1), lambda: ref_adam(0.1)),
    ("adam", dict(learning_rate=0.1, amsgrad=True), lambda: ref_adam(0.1, amsgrad=True)),
    ("ftrl", dict(learning_rate=0.5), lambda: ref_ftrl(0.5)),
    ("ftrl", dict(learning_rate=0.5, l1_regularization_strength=0.3,
                  l2_regularization_strength=0.1), lambda: ref_ftrl(0.5, l1=0.3, l2=0.1)),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name, config, reference", CASES,
                         ids=[f"{c[0]}-{'-'.join(k for k in c[1] if k != 'learning_rate')}"
                              for c in CASES])
def test_three_steps_match_hand_reference(name, config, reference, backend):
    np.testing.assert_allclose(_run(O.get(name, **config), backend), reference(),
                               rtol=1e-12, atol=1e-14)
    w32 = _run(O.get(name, **config), backend, np.float32)
    assert w32.dtype == np.float32
    np.testing.assert_allclose(w32, reference(), rtol=1e-5, atol=1e-6)


def test_sgd_momentum_literal_numbers():
    """lr 0.1, momentum 0.9, gradients 0.5, 0.1, -0.2 on w = 1 (worked by hand)."""
    w = np.array([1.0])
    opt = O.SGD(0.1, momentum=0.9)
    seen = []
    for g in (0.5, 0.1, -0.2):
        opt.apply([ParamRef(0, "W", w, np.array([g]))])
        seen.append(w[0])
    # v: -0.05, -0.055, -0.0295
    np.testing.assert_allclose(seen, [0.95, 0.895, 0.8655], rtol=1e-12)
    w = np.array([1.0])
    opt = O.SGD(0.1, momentum=0.9, nesterov=True)
    for g in (0.5, 0.1, -0.2):
        opt.apply([ParamRef(0, "W", w, np.array([g]))])
    np.testing.assert_allclose(w, [0.83895], rtol=1e-12)


def test_first_adam_step_is_about_the_learning_rate():
    w = np.array([1.0, 1.0])
    O.Adam(0.1).apply([ParamRef(0, "W", w, np.array([0.5, -0.05]))])
    np.testing.assert_allclose(w, [0.9, 1.1], atol=1e-4)


def test_gradient_descent_on_parabola_matches_closed_form():
    """Curriculum: lr 0.01 from w = 0 on (w - 5)^2; w_k = 5 (1 - 0.98^k)."""
    w = np.array([0.0])
    opt = O.SGD(0.01)
    for _ in range(1000):
        opt.apply([ParamRef(0, "w", w, 2 * (w - 5))])
    closed = 5 * (1 - (1 - 0.02) ** 1000)
    assert closed == pytest.approx(4.9999999916, abs=1e-9)
    assert w[0] == pytest.approx(closed, rel=1e-13)
    assert opt.iterations == 1000


def test_float32_gradient_descent_stalls_just_short_of_the_minimum():
    """In float32 the steps 0.02 (5 - w) fall below half a unit in the last place of w near 5
    (ulp(5) = 4.8e-7), so w stops at ~4.99999 instead of the exact 4.9999999916."""
    w = np.array([0.0], np.float32)
    opt = O.SGD(0.01)
    for _ in range(1000):
        opt.apply([ParamRef(0, "w", w, 2 * (w - np.float32(5)))])
    assert 4.9999 < w[0] < 5.0
    assert abs(float(w[0]) - 5 * (1 - 0.98 ** 1000)) > 1e-6
    before = w.copy()
    opt.apply([ParamRef(0, "w", w, 2 * (w - np.float32(5)))])
    np.testing.assert_array_equal(w, before)          # stalled: the update rounds away


def _parabola_path(momentum, steps=1000):
    w = np.array([0.0])
    opt = O.SGD(0.01, momentum=momentum)
    path = []
    for _ in range(steps):
        opt.apply([ParamRef(0, "w", w, 2 * (w - 5))])
        path.append(w[0])
    return np.array(path)


def test_momentum_too_close_to_one_overshoots_and_oscillates():
    wild = _parabola_path(0.99999)
    calm = _parabola_path(0.9)
    assert wild.max() > 9.0                                   # overshoots 5 by almost 5
    crossings = np.count_nonzero(np.diff(np.sign(wild - 5)))
    assert crossings >= 10                                    # keeps swinging
    assert abs(wild[-1] - 5) > 1.0                            # still far after 1000 steps
    assert abs(calm[-1] - 5) < 1e-6                           # ordinary momentum converges


@pytest.mark.parametrize("name, config", [(c[0], c[1]) for c in CASES])
def test_state_dict_round_trip_continues_identically(name, config):
    rng = np.random.default_rng(0)
    grads = [[rng.normal(size=(4, 3)), rng.normal(size=3)] for _ in range(6)]
    shapes = [(4, 3), (3,)]

    def steps(opt, ws, gs):
        for g in gs:
            opt.apply([ParamRef(1, k, w, gi) for k, w, gi in zip("Wb", ws, g)])

    ws = [np.ones(s) for s in shapes]
    a = O.get(name, **config)
    steps(a, ws, grads[:3])
    saved_w = [w.copy() for w in ws]
    state = a.state_dict()
    assert state["iterations"] == 3 and "1/W" in state["slots"]
    steps(a, ws, grads[3:])

    b = O.get(a.get_config())
    b.load_state_dict(state)
    steps(b, saved_w, grads[3:])
    for w1, w2 in zip(ws, saved_w):
        np.testing.assert_array_equal(w1, w2)
    # the saved state is a copy, not a view of the live slots
    for slot, arr in state["slots"].get("1/W", {}).items():
        assert not np.shares_memory(arr, a.slots_of(1, "W")[slot])


def test_load_state_dict_rejects_foreign_or_mismatched_state():
    adam = O.Adam()
    with pytest.raises(ValueError, match="sgd"):
        adam.load_state_dict(O.SGD(momentum=0.9).state_dict())
    with pytest.raises(ValueError):
        adam.load_state_dict({"nothing": 1})
    adam.load_state_dict({"name": "adam", "iterations": 2,
                          "slots": {"0/W": {"m": np.zeros(5), "v": np.zeros(5)}}})
    with pytest.raises(ValueError, match="different network"):
        adam.apply([ParamRef(0, "W", np.zeros(3), np.zeros(3))])


# -- kernels vs NumPy twins ----------------------------------------------------------------
KERNEL_CASES = [
    ("sgd", {}), ("sgd", {"momentum": 0.9}), ("sgd", {"momentum": 0.9, "nesterov": True}),
    ("adagrad", {}), ("rmsprop", {}), ("rmsprop", {"momentum": 0.9, "centered": True}),
    ("adam", {}), ("adam", {"amsgrad": True}),
    ("ftrl", {"learning_rate_power": -1.0}),
    ("ftrl", {"l1_regularization_strength": 0.01, "l2_regularization_strength": 0.01,
              "l2_shrinkage_regularization_strength": 0.01, "beta": 0.1}),
]


@pytest.mark.parametrize("shape", [(37,), (3, 3, 2, 4), (300, 257)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, config", KERNEL_CASES)
def test_numba_kernels_match_numpy_twins(name, config, dtype, shape, monkeypatch):
    monkeypatch.setattr(kopt, "PARALLEL_MIN_SIZE", 65_536)   # the largest shape in parallel
    assert (np.prod(shape) >= kopt.PARALLEL_MIN_SIZE) == (shape == (300, 257))
    rng = np.random.default_rng(7)
    w0 = rng.normal(size=shape).astype(dtype)
    grads = [rng.normal(size=shape).astype(dtype) for _ in range(4)]
    results = []
    for backend in BACKENDS:
        opt = O.get(name, learning_rate=0.01, **config)
        opt.backend = backend
        w = w0.copy()
        assert opt.use_kernels(w, grads[0]) == (backend == "numba")
        for g in grads:
            opt.apply([ParamRef(0, "W", w, g)])
        results.append((w, opt.state_dict()))
    (wa, sa), (wb, sb) = results
    tol = dict(rtol=2e-6, atol=1e-7) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-15)
    if name == "ftrl" and dtype == np.float32:
        tol["atol"] = 1e-6      # w = (clip(z) - z) / q cancels when |z| is close to l1
    np.testing.assert_allclose(wa, wb, **tol)
    for slot, arr in sa["slots"]["0/W"].items():
        np.testing.assert_allclose(arr, sb["slots"]["0/W"][slot], **tol)



def test_serial_kernels_compile_once_per_dtype_whatever_the_parameter_shapes():
    """A bias (1-D), a Dense kernel (2-D) and a convolution kernel (4-D) are updated by one
    compilation of each serial kernel per dtype: the entry points pass flat views (each
    extra signature costs ~0.25 s of compiling with a cold cache, in a run's first step)."""
    shapes = [(3,), (4, 3), (3, 3, 2, 4)]
    for dtype in (np.float32, np.float64):
        for name, config in KERNEL_CASES:
            opt = O.get(name, learning_rate=0.01, **config)
            opt.backend = "numba"
            refs = [ParamRef(i, "W", np.ones(s, dtype), np.full(s, 0.5, dtype))
                    for i, s in enumerate(shapes)]
            opt.apply(refs)        # the first step: one ``update`` per parameter
    for kernel in kopt.SERIAL:
        arrays = [next(t for t in sig if hasattr(t, "ndim")) for sig in kernel.signatures]
        assert {a.ndim for a in arrays} == {1}, kernel.py_func.__name__
        assert len(arrays) == len({a.dtype for a in arrays}), (kernel.py_func.__name__,
                                                               kernel.signatures)

def test_non_contiguous_parameters_fall_back_to_numpy():
    base = np.ones((4, 6))
    w = base[:, ::2]                          # a strided view
    g = np.full((4, 3), 0.5)
    O.get("adam", learning_rate=0.1).apply([ParamRef(0, "W", w, g)])
    np.testing.assert_allclose(base[:, ::2], 0.9, atol=1e-4)
    np.testing.assert_array_equal(base[:, 1::2], 1.0)


# -- registry, config, validation ----------------------------------------------------------
@pytest.mark.parametrize("name", O.OPTIMIZERS.names())
def test_registry_entry_builds_the_optimizer_with_keras_defaults(name):
    entry = O.OPTIMIZERS.entry(name)
    assert entry.display and entry.help and entry.meta.get("paper")
    lr = entry.param("learning_rate")
    assert lr.log and lr.low > 0
    opt = O.get(name)
    cfg = opt.get_config()
    assert cfg == {"name": name, **entry.defaults()}
    assert O.get(opt.to_dict()).get_config() == cfg
    assert O.get(cfg).get_config() == cfg


@pytest.mark.parametrize("ident", ["Adam", "RMSprop", "SGD", "Adagrad", "Ftrl",
                                   {"class_name": "SGD", "config": {"momentum": 0.9}}])
def test_get_accepts_keras_names(ident):
    assert isinstance(O.get(ident), O.Optimizer)


def test_get_overrides_and_instances():
    sgd = O.get("sgd", learning_rate=0.1, momentum=0.9, nesterov=True)
    assert (sgd.learning_rate, sgd.momentum, sgd.nesterov) == (0.1, 0.9, True)
    assert O.get(sgd) is sgd
    assert O.get(sgd, momentum=0.5).momentum == 0.5


@pytest.mark.parametrize("name, bad", [
    ("sgd", {"momentum": 1.5}), ("sgd", {"learning_rate": -0.1}), ("adam", {"beta_1": 1.0}),
    ("rmsprop", {"rho": -0.1}), ("ftrl", {"learning_rate_power": 0.5}),
    ("adagrad", {"epsilon": float("nan")}), ("adam", {"bogus": 1}),
])
def test_bad_settings_raise_value_errors_naming_the_setting(name, bad):
    with pytest.raises(ValueError) as info:
        O.get(name, **bad)
    assert next(iter(bad)) in str(info.value)


def test_docstrings_name_the_paper_and_equations():
    for fn, paper in [(O.sgd_update, "Nesterov"), (O.adagrad_update, "Duchi"),
                      (O.rmsprop_update, "Hinton"), (O.adam_update, "Kingma"),
                      (O.ftrl_update, "McMahan")]:
        assert paper in fn.__doc__ and "<-" in fn.__doc__


def test_slots_appear_when_a_setting_is_switched_on_live():
    opt = O.SGD(0.1)
    w, g = np.ones(3), np.ones(3)
    opt.apply([ParamRef(0, "W", w, g)])
    assert opt.slots_of(0, "W") == {}
    opt.momentum = 0.9
    opt.apply([ParamRef(0, "W", w, g)])
    np.testing.assert_allclose(opt.slots_of(0, "W")["momentum"], -0.1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, config", KERNEL_CASES)
def test_packed_updates_of_many_parameters_match_numpy_twins(name, config, dtype, monkeypatch):
    # the same ParamRefs every step (as Network.parameters() hands them out): the small
    # arrays go through one *_many kernel call, the large one through its own kernel
    monkeypatch.setattr(kopt, "PARALLEL_MIN_SIZE", 65_536)
    rng = np.random.default_rng(3)
    shapes = [(5, 4), (4,), (4, 3), (3,), (300, 257)]
    w0 = [rng.normal(size=s).astype(dtype) for s in shapes]
    grads = [[rng.normal(size=s).astype(dtype) for s in shapes] for _ in range(4)]
    results = []
    for backend in BACKENDS:
        opt = O.get(name, learning_rate=0.01, **config)
        opt.backend = backend
        ws = [w.copy() for w in w0]
        gs = [np.zeros_like(w) for w in w0]
        refs = [ParamRef(i, "W", w, g) for i, (w, g) in enumerate(zip(ws, gs))]
        for step in grads:
            for g, new in zip(gs, step):
                g[...] = new
            opt.apply(refs)
        if backend == "numba" and name != "ftrl":
            assert opt._packed is not None and len(opt._packed) % 4 == 0
        results.append(ws)
    tol = dict(rtol=2e-6, atol=1e-7) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-15)
    if name == "ftrl" and dtype == np.float32:
        tol["atol"] = 1e-6
    for wa, wb in zip(*results):
        np.testing.assert_allclose(wa, wb, **tol)


def test_small_parameters_are_packed_from_the_second_step():
    """The first step creates the slots; from the second the same ParamRefs go through one
    packed kernel call (a headless run too: the list is built by cached kernels)."""
    refs = [ParamRef(i, "W", np.ones(3, np.float32), np.ones(3, np.float32))
            for i in range(3)]
    opt = O.SGD(0.1)
    opt.apply(refs)
    assert opt._packed is not None and len(opt._packed) == 3 * 2
    opt.apply(refs)
    opt.apply(refs)
    np.testing.assert_allclose(refs[0].value, 0.7, rtol=1e-6)


def test_packed_updates_follow_a_setting_switched_on_live():
    refs = [ParamRef(i, "W", np.ones(3), np.ones(3)) for i in range(3)]
    opt = O.SGD(0.1)
    opt.apply(refs)
    opt.apply(refs)
    opt.momentum = 0.9
    opt.apply(refs)
    for i in range(3):
        np.testing.assert_allclose(opt.slots_of(i, "W")["momentum"], -0.1)
        np.testing.assert_allclose(refs[i].value, 0.7)


DECAYING = [("sgd", {"momentum": 0.9}), ("sgd", {"momentum": 0.9, "nesterov": True}),
            ("rmsprop", {}), ("rmsprop", {"momentum": 0.5, "centered": True}),
            ("adam", {"beta_1": 0.5, "beta_2": 0.5})]    # (0.999 would take 70,000 steps)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name, config", DECAYING)
def test_a_decaying_state_skips_the_subnormal_numbers(name, config, backend, dtype):
    """A weight whose gradient stays 0 (a pixel 0 in every image) has its velocity or moving
    averages decay geometrically; they go from the smallest normal numbers straight to 0
    instead of through the subnormal range, where every operation costs the CPU a ~100-cycle
    assist (measured: ~30% of a 784-300-100-10 SGD-momentum step). A NaN is kept."""
    tiny = np.finfo(dtype).tiny
    opt = O.get(name, learning_rate=0.01, **config)
    opt.backend = backend
    w = np.ones(4, dtype)
    g = np.array([1e-3, 1e-3, 1e-3, np.nan], dtype)
    opt.apply([ParamRef(0, "W", w, g)])                   # states of a normal size (NaN last)
    g[:3] = 0
    seen_small = False
    for _ in range(20_000):
        opt.apply([ParamRef(0, "W", w, g)])
        states = list(opt.state_dict()["slots"]["0/W"].values())
        live = np.concatenate([np.abs(s[:3]) for s in states])
        assert not np.any((live > 0) & (live < tiny)), "a subnormal state value"
        seen_small = seen_small or bool(np.any((live > 0) & (live < 1e4 * tiny)))
        if not live.any():
            break
    assert seen_small and not live.any()                # it got near tiny, then reached 0
    assert all(np.isnan(s[3]) for s in states if s.dtype.kind == "f")

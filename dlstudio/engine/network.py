"""A sequential network built from a ``NetworkSpec``.

>>> from dlstudio import Network
>>> net = Network.from_spec("mnist_convnet", seed=0)
>>> print(net.summary())

The network owns its layers and runs them in order. Two things live here rather than in a
layer: the loss (with the softmax + cross-entropy and sigmoid + binary cross-entropy pairs
fused on the logits, which is both cheaper and numerically stable), and the regularization
and constraints each layer declares. Prediction and evaluation are ``inference.py``, the
signals of telemetry ``backward_signals.py``.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from dlstudio.engine import fused, threads
from dlstudio.engine.backward_signals import BackwardSignalsMixin
from dlstudio.engine.inference import InferenceMixin
from dlstudio.engine.layers.base import Layer
from dlstudio.engine.spec import NetworkSpec, SpecError
from dlstudio.messages import Message, error_text


class NetworkError(ValueError):
    """A network that cannot be built or fed as asked; the message is meant for a user."""


class Network(InferenceMixin, BackwardSignalsMixin):
    """Layers in order, built for ``spec.input_shape`` (shapes exclude the batch axis)."""

    def __init__(self, spec: NetworkSpec, layers: list[Layer], seed: int, dtype) -> None:
        self.spec = spec
        self.layers = layers
        self.seed = seed
        self.dtype = np.dtype(dtype).type
        self.input_shape = tuple(int(s) for s in spec.input_shape)
        self._output_activation = None  # set by _detach_output_activation
        self._param_refs: tuple | None = None   # parameters(): (array ids, ParamRefs)
        self._detach_output_activation()
        shape = self.input_shape
        for layer in layers:
            shape = tuple(layer.output_shape(shape))
        self.output_shape = shape
        self._fuse = True           # training passes may fuse layers (layer_by_layer())
        # index of the first layer holding weights: backward never needs to go below it
        self._first_weighted = next((i for i, layer in enumerate(layers)
                                     if layer.params or layer.state), 0)

    # -- building ------------------------------------------------------------------------
    @classmethod
    def from_spec(cls, spec: NetworkSpec | dict | str | Path, seed: int = 0,
                  dtype=np.float32) -> "Network":
        """Build and initialize a network; raises ``NetworkError`` listing every problem.

        A Keras ``.keras`` file brings its trained weights along."""
        from dlstudio.engine import keras_format
        from dlstudio.engine.layers import LAYERS

        keras_weights = None
        try:
            if isinstance(spec, (str, Path)) and Path(spec).suffix.lower() == ".keras":
                spec, keras_weights = keras_format.read_keras_file(spec)
            spec = NetworkSpec.coerce(spec)
        except (SpecError, keras_format.KerasFormatError) as exc:
            # its message, not its English text: the window shows it in its language
            # (walker20 W20-12)
            raise NetworkError(error_text(exc)) from None
        problems = spec.validate()
        if problems:
            raise NetworkError("the network has problems:\n" + "\n".join(f"  - {p}" for p in problems))
        rng = np.random.default_rng(seed)
        layers: list[Layer] = []
        shape = tuple(spec.input_shape)
        for ls, name in zip(spec.layers, spec.layer_names()):
            layer = LAYERS[ls.type](**ls.config)
            layer.name = name
            layer.build(shape, rng, dtype)
            shape = tuple(layer.output_shape(shape))
            layers.append(layer)
        net = cls(spec, layers, seed, dtype)
        if keras_weights is not None:
            try:
                net.set_weights(keras_weights)
            except ValueError as exc:
                raise NetworkError(f"the weights in the .keras file do not fit its network "
                                   f"({exc})") from None
        return net

    def _detach_output_activation(self) -> None:
        """Run the last layer linearly and apply its activation here, so that losses can
        work on the logits (softmax + cross-entropy fused)."""
        from dlstudio.engine import activations

        last = self.layers[-1] if self.layers else None
        act = getattr(last, "activation", None)
        if act is not None and act.name in ("softmax", "sigmoid"):
            self._output_activation = act
            last.activation = activations.get("linear")

    def reset_parameters(self, seed: int | None = None) -> None:
        """Draw fresh weights from the initializers (a new seed gives new weights)."""
        rng = np.random.default_rng(self.seed if seed is None else seed)
        for layer in self.layers:
            layer.reset_parameters(rng)

    # -- computation ---------------------------------------------------------------------
    def _check_input(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.shape[1:] != self.input_shape:
            want = "(N, " + ", ".join(str(s) for s in self.input_shape) + ")"
            raise NetworkError(Message("network.input_shape", want=want, have=str(x.shape)))
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        return x

    def _forward_logits(self, x: np.ndarray, training: bool) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def _train_logits(self, x: np.ndarray) -> np.ndarray:
        """``_forward_logits(x, training=True)`` for ``forward_backward``: a Conv2D right
        under a max pooling computes both layers' forward pass at once when it can
        (``Conv2D.forward_pooled``: the pooled values and winners only; its backward pass
        then goes through ``backward_from_pool``). Off inside ``layer_by_layer()``."""
        layers, i = self.layers, 0
        while i < len(layers):
            if self._fuse and i + 1 < len(layers) and hasattr(layers[i], "forward_pooled"):
                pooled = layers[i].forward_pooled(x, layers[i + 1],
                                                  input_grad=i != self._first_weighted)
                if pooled is not None:
                    x, i = pooled, i + 2
                    continue
            x = layers[i].forward(x, True)
            i += 1
        return x

    @contextlib.contextmanager
    def layer_by_layer(self) -> Iterator[None]:
        """Training passes layer by layer while inside, every layer's ``last_output`` and
        ``last_preactivation`` set (a gradient check reads them after ``forward_backward``)."""
        saved, self._fuse = self._fuse, False
        try:
            yield
        finally:
            self._fuse = saved

    def _finish_output(self, z: np.ndarray) -> np.ndarray:
        if self._output_activation is None:
            return z
        y = self._output_activation.forward(z)
        last = self.layers[-1]
        last.last_preactivation, last.last_output = z, y
        return y

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """Outputs for a batch ``x`` of shape (N, *input_shape)."""
        threads.ensure()
        return self._finish_output(self._forward_logits(self._check_input(x), training))

    def probe(self, x: np.ndarray, batch_statistics: bool = True
              ) -> list[tuple[np.ndarray | None, np.ndarray]]:
        """Every layer's values on ``x`` for telemetry, without changing the training run.

        Layer by layer (never the fused kernel), dropout off, batch normalization on the
        batch's own statistics with its moving averages restored afterwards (with
        ``batch_statistics`` False: on its moving averages, as a trained network predicts;
        a batch of one example needs it, since on its own statistics every feature of one
        example is its mean and batch norm answers beta for any input), no random numbers
        drawn. Returns per layer ``(z, a)``: the pre-activation and the output, as the layer's
        ``last_preactivation`` and ``last_output`` (which it also leaves set); for the last
        layer ``z`` is the logits and ``a`` the output after ``output_activation``. The arrays
        may be work buffers: copy them to keep them past the next forward pass.
        """
        with self._state_kept():
            self._finish_output(self._probe_forward(self._check_input(x), batch_statistics))
        return [(layer.last_preactivation, layer.last_output) for layer in self.layers]

    def _probe_forward(self, x: np.ndarray, batch_statistics: bool = True) -> np.ndarray:
        """The logits in probe mode: dropout off, batch norm on the batch's statistics (or
        on its moving averages)."""
        for layer in self.layers:
            x = layer.forward(x, batch_statistics and layer.type_name == "BatchNormalization")
        return x

    @contextlib.contextmanager
    def _state_kept(self) -> Iterator[None]:
        """Restore every layer's ``state`` (batch norm's moving averages) on leaving."""
        saved = [{k: v.copy() for k, v in layer.state.items()} for layer in self.layers]
        try:
            yield
        finally:
            for layer, state in zip(self.layers, saved):
                for k, v in state.items():
                    layer.state[k][...] = v

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """Back-propagate d(loss)/d(output) (after the output activation); fills ``grads``."""
        if self._output_activation is not None:
            last = self.layers[-1]
            grad_out = self._output_activation.backward(last.last_preactivation,
                                                        last.last_output, grad_out)
        return self._backward_logits(grad_out)

    def _backward_logits(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate through the layers. Training does not need the gradient with respect
        to the input: it stops at the first layer with weights, which skips that layer's
        input-gradient product (about a quarter of the work of a 784-300-100-10 MLP). A
        Conv2D right under a max pooling takes the pooling's backward pass into its own when
        it can (``Conv2D.backward_from_pool``: the same gradients, without the pooling's input
        gradient)."""
        stop = 0 if need_input_grad else self._first_weighted
        first = self.layers[stop] if self.layers else None
        skip = not need_input_grad and hasattr(first, "compute_input_grad")
        if skip:
            first.compute_input_grad = False
        try:
            layers = self.layers[stop:]
            i = len(layers) - 1
            while i >= 0:
                # a Conv2D under max pooling may take the pooling's pass into its own
                if i >= 1 and hasattr(layers[i - 1], "backward_from_pool"):
                    done, dx = layers[i - 1].backward_from_pool(layers[i], grad)
                    if done:
                        grad, i = dx, i - 2
                        continue
                grad = layers[i].backward(grad)
                i -= 1
        finally:
            if skip:
                first.compute_input_grad = True
        return None if skip else grad

    def forward_backward(self, x: np.ndarray, y: np.ndarray, loss: Any) -> tuple[float, np.ndarray]:
        """One training-mode pass: returns (loss incl. regularization, predictions) and
        leaves every layer's ``grads`` filled."""
        threads.ensure()
        # Small Dense-only networks: one Numba kernel for the whole pass (engine/fused.py);
        # None when the network, loss or batch does not qualify.
        result = fused.forward_backward(self, x, y, loss)
        if result is not None:
            return result
        from dlstudio.engine import losses

        loss_fn = losses.get(loss)
        z = self._train_logits(self._check_input(x))
        act = self._output_activation
        if act is not None and getattr(loss_fn, "fuses_with", None) == act.name:
            value, grad_z = loss_fn.value_and_grad_logits(z, y)
            y_pred = self._finish_output(z)
        else:
            y_pred = self._finish_output(z)
            value = loss_fn.value(y_pred, y)
            grad_y = loss_fn.grad(y_pred, y)
            grad_z = grad_y if act is None else act.backward(z, y_pred, grad_y)
        self._backward_logits(np.asarray(grad_z, dtype=self.dtype), need_input_grad=False)
        value = float(value) + self.regularization_loss()
        for layer in self.layers:
            if layer.trainable:
                layer.add_regularization_grads()
        return value, y_pred

    def regularization_loss(self) -> float:
        return float(sum(layer.regularization_loss() for layer in self.layers))

    def apply_constraints(self) -> None:
        """Apply each layer's kernel constraint (e.g. max-norm) after an optimizer step."""
        for layer in self.layers:
            if layer.trainable:
                layer.apply_constraints()

    def parameters(self) -> list:
        """Live (value, grad) pairs of every trainable parameter of unfrozen layers."""
        refs = fused.cached_parameters(self)      # same list while the arrays stay the same
        if refs is not None:
            return refs
        from dlstudio.engine.optimizers.base import ParamRef

        # The same ParamRef objects while every array is the same object: the optimizer
        # then reuses its packed small parameters instead of packing them again each step
        # (0.49 ms of a 10 ms convnet step). The cached refs hold their arrays, so an id in
        # the key cannot be reused by a new array while the cache lives.
        pairs = [(i, key, value, layer.grads.get(key))
                 for i, layer in enumerate(self.layers) if layer.trainable
                 for key, value in layer.params.items()]
        pairs = [p for p in pairs if p[3] is not None]
        ids = tuple((id(v), id(g)) for _, _, v, g in pairs)
        cached = self._param_refs
        if cached is not None and cached[0] == ids:
            return list(cached[1])
        refs = [ParamRef(i, key, value, grad) for i, key, value, grad in pairs]
        self._param_refs = (ids, tuple(refs))
        return refs

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray,
                       loss: Any = "sparse_categorical_crossentropy") -> tuple[float, list[np.ndarray]]:
        """Mean loss and gradients aligned entry by entry with ``get_weights()`` (training
        mode; zeros where an entry has no gradient, such as moving statistics)."""
        value, _ = self.forward_backward(x, y, loss)
        grads = []
        for layer in self.layers:
            for key, array in layer.weight_items():
                g = layer.grads.get(key) if key in layer.params else None
                grads.append(np.zeros_like(array) if g is None else g.copy())
        return value, grads

    # -- weights -------------------------------------------------------------------------
    def get_weights(self, copies: Callable[[list[np.ndarray]], list[np.ndarray]] | None = None
                    ) -> list[np.ndarray]:
        """All arrays in Keras's order and layouts (copies). ``copies``, when given, makes
        the copies of the live arrays instead (e.g. ``CopyPool.copies``: reused memory)."""
        if copies is None:
            return [w for layer in self.layers for w in layer.get_weights()]
        return copies([a for layer in self.layers for _, a in layer.weight_items()])

    def set_weights(self, weights: list[np.ndarray]) -> None:
        weights = list(weights)
        expected = sum(len(layer.get_weights()) for layer in self.layers)
        if len(weights) != expected:
            raise NetworkError(f"expected {expected} weight arrays, got {len(weights)}")
        pos = 0
        for layer in self.layers:
            n = len(layer.get_weights())
            layer.set_weights(weights[pos:pos + n])
            pos += n

    def set_dropout_rate(self, rate: float) -> None:
        """Change the rate of every Dropout layer (live, between steps)."""
        for layer in self.layers:
            if layer.type_name == "Dropout":
                layer.rate = float(rate)

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.layers)

    @property
    def n_trainable(self) -> int:
        return sum(layer.n_trainable for layer in self.layers)

    @property
    def output_activation(self) -> Any:
        """The softmax or sigmoid the network applies after its last layer (None if the last
        layer's own activation is used): the loss works on the logits before it."""
        return self._output_activation

    @property
    def task(self) -> str:
        """'classification' when the output is a softmax/sigmoid, else 'regression'."""
        return "classification" if self._output_activation is not None else "regression"

    # -- description (saving and loading: ``dlstudio.engine.serialize``) -----------------
    def summary(self) -> str:
        from dlstudio.engine.summary import format_summary, rows_for_network

        return format_summary(rows_for_network(self))

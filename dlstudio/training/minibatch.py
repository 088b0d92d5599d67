"""One mini-batch of a trainer (``MiniBatchMixin``, mixed into
:class:`~dlstudio.training.trainer.Trainer`): an epoch's order of the examples, the next
batch (augmented when the spec asks), and the step itself: forward and backward, the global
penalty (reported apart from the loss), the divergence check (last good weights put back), the gradients a probe captures,
clipping, the optimizer step, constraints and max-norm, and the running sums.
"""
from __future__ import annotations

import time

import numpy as np

from dlstudio.engine import losses
from dlstudio.training import probes, run_checks
from dlstudio.training.step import (add_global_penalty, apply_global_max_norm, clip_gradients,
                                    find_divergence)


class MiniBatchMixin:
    """The trainer's mini-batch step (it uses the trainer's spec, data, network, optimizer,
    loss, generators, position, settings, last good weights and gradient norms)."""

    def _start_epoch(self) -> None:
        n = len(self.data.x_train)
        self._perm = self._order_rng.permutation(n) if self.spec.shuffle else np.arange(n)
        self._batch_index = 0
        self._epoch_seconds = 0.0

    def _batch(self) -> tuple[np.ndarray, np.ndarray]:
        bs = self.spec.batch_size
        lo = self._batch_index * bs
        if self.spec.shuffle:
            idx = self._perm[lo:lo + bs]
            xb, yb = self.data.x_train[idx], self.data.y_train[idx]
        else:
            xb, yb = self.data.x_train[lo:lo + bs], self.data.y_train[lo:lo + bs]
        if self.spec.augment and self.data.augmenter is not None:
            xb = self.data.augmenter(xb, self._aug_rng)
        return xb, yb

    def _train_batch(self, probe: bool) -> str | None:
        """One step; returns a divergence message (weights restored) or None."""
        # one errstate for the whole step (entering one costs ~0.7 us): NaN/Inf are found by
        # the divergence check, not warned about
        with np.errstate(all="ignore"):
            return self._train_batch_quietly(probe)

    def _train_batch_quietly(self, probe: bool) -> str | None:
        net = self.network
        settings = self.settings
        xb, yb = self._batch()
        total, y_pred = net.forward_backward(xb, yb, self._loss_fn)
        params = net.parameters()
        # the loss is reported without the weight penalties (layers' own and the global
        # L1/L2), like the validation loss, which has none: with L1 0.001 the penalty was
        # ten times the data loss and the training curve read as "far above validation"
        # (walker14 W14-14); the penalty is reported apart (``Telemetry.penalty``)
        layer_penalty = net.regularization_loss()
        penalty = layer_penalty + add_global_penalty(params, settings["l1"], settings["l2"])
        loss = float(total) - layer_penalty
        self._last_penalty = penalty
        norms = self._grad_norms(net, params)
        failure = find_divergence(net, self.step + 1, loss + penalty, norms, cause=lambda: (
            run_checks.divergence_cause(net, xb, self._initial_scale, self.learning_rate)))
        if failure is not None:
            self._last_good.restore()
            self._last_batch_loss = loss + penalty
            return failure
        grads = kernels = None
        if probe and self.spec.telemetry.enabled:
            t0 = time.perf_counter()
            bins = self.spec.telemetry.histogram_bins
            grads = probes.capture_gradients(net, bins)
            kernels = self._kernels_before = probes.copy_kernels(net, self._kernels_before)
            self.probe_seconds += time.perf_counter() - t0
        self._last_good.keep(self.step)
        if self.step == 0:
            self._first_loss = loss
        if settings["clipvalue"] or settings["clipnorm"]:
            clip_gradients([p.grad for p in params], settings["clipvalue"],
                           settings["clipnorm"])
        self.optimizer.apply(params, self.learning_rate)
        net.apply_constraints()
        apply_global_max_norm(params, settings["max_norm"])
        self.step += 1
        self._batch_index += 1
        n = len(yb)
        self._last_batch_loss = loss
        self._sums["loss"] += loss * n
        self._sums["seen"] += n
        acc = losses.accuracy(y_pred, yb, self._loss_fn)
        if acc is not None:
            self._sums["correct"] += acc * n
            self._sums["has_acc"] = True
        self.throughput.add(n)
        if probe:
            self._probe(grads, kernels)
        return None

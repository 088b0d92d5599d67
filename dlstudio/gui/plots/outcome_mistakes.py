"""The images part of the outcome panel: confusion matrices and the grid of mistakes, from
predictions made in pieces.

A mixin of :class:`~dlstudio.gui.plots.outcome.OutcomePanel` (it uses the panel's providers,
data, controls and plot helpers). The sample is evaluated in pieces of one timer tick each (a
convnet's forward pass on all of them at once would freeze the window for a noticeable
moment): a piece holds as many samples as the network predicts in about
``EVAL_PIECE_SECONDS`` (timed on ``EVAL_CHUNK``), at least ``EVAL_CHUNK``; a small MLP does
all 300 in one (30 a tick took ~15 s on a loaded machine, each tick spaced by the redraw
budget: walker11 W11-21).
"""
from __future__ import annotations

import logging
import time

import numpy as np

from dlstudio.gui.plots import outcome_images as views
from dlstudio.gui.plots import style
from dlstudio.gui.plots.outcome_math import as_probabilities, confusion_matrix
from dlstudio.gui.plots.outcome_provider import NetworkCannotRun

log = logging.getLogger(__name__)

EVAL_CHUNK = 30
#: a page wider than this many times its height puts the mistakes beside the matrix
BESIDE_RATIO = 1.2
#: the time one evaluation piece may take (0: pieces of ``EVAL_CHUNK`` samples)
EVAL_PIECE_SECONDS = 0.03


class MistakesViewsMixin:
    """Confusion matrix per variant and the chosen variant's mistakes (images and other
    features), evaluated in pieces."""

    def _evaluation_jobs(self) -> list:
        """One prediction piece per variant and slice of the sample, then one that shows the
        confusion matrices and one that shows the mistakes (``BasePanel._jobs`` pieces)."""
        self._predictions = {v: [] for v in self.items["confusion"]}
        self._eval_error, self._eval_retry = "", False
        if not self._shown_full:
            self.set_label_text(self.error_label, self.tr(
                "Evaluating the network on {0} validation images...").format(len(self.x)))
        rows = self._piece_rows()
        jobs = [(f"predict:{variant}:{start}", 1,
                 lambda v=variant, a=start: self._predict_chunk(v, a, rows))
                for variant in self.items["confusion"]
                for start in range(0, len(self.x), rows)]
        return jobs + [("confusion", 1, lambda: self._show_predictions("confusion")),
                       ("mistakes", 1, lambda: self._show_predictions("mistakes"))]

    def _piece_rows(self) -> int:
        """Samples per evaluation piece: as many as the network predicts in about
        ``EVAL_PIECE_SECONDS`` (timed on ``EVAL_CHUNK`` samples), at least ``EVAL_CHUNK``."""
        providers = [p for p in map(self._provider, self.items["confusion"]) if p is not None]
        if not providers or EVAL_PIECE_SECONDS <= 0 or len(self.x) <= EVAL_CHUNK:
            return EVAL_CHUNK
        start = time.perf_counter()
        try:
            providers[0](self.x[:EVAL_CHUNK].astype(np.float32))
        except Exception:  # noqa: BLE001 - the pieces report it
            return EVAL_CHUNK
        took = max(time.perf_counter() - start, 1e-6)
        return int(min(len(self.x), max(EVAL_CHUNK, EVAL_CHUNK * EVAL_PIECE_SECONDS / took)))

    def _predict_chunk(self, variant: str, start: int, rows: int = EVAL_CHUNK) -> None:
        provider = self._provider(variant)
        if provider is None or self._eval_error:
            return
        try:
            chunk = self.x[start:start + rows].astype(np.float32)
            self._predictions[variant].append(as_probabilities(provider(chunk)).argmax(axis=1))
            if not self._shown_full and start + rows < len(self.x):   # (the last: shown next)
                self._show_partial(variant)
        except LookupError:
            self._eval_error = self.tr("Waiting for the network...")
            self._eval_retry = True
        except NetworkCannotRun as exc:      # (the network's next change rebuilds the page)
            self._eval_error = exc.explained()
        except Exception as exc:  # noqa: BLE001 - a plot must never take the app down
            log.warning("outcome panel could not evaluate the model", exc_info=True)
            self._eval_error = self.tr("Cannot evaluate the network on this data: {0}"
                                       ).format(exc)

    def _show_predictions(self, part: str) -> None:
        """Show the finished predictions: ``part`` "confusion" (matrices) or "mistakes"."""
        self.error = self._eval_error
        if self._eval_retry:
            # the network was not there (swapped at a run's end, say): no new snapshot
            # may come to trigger another look, so come back on a later tick (walker6 W6-8:
            # a matrix of 5 mistakes over an empty grid after the run had ended)
            self.invalidate()
        if not self.error:
            preds = {v: np.concatenate(p) for v, p in self._predictions.items()
                     if p and sum(len(c) for c in p) == len(self.x)}
            self._update_mistakes(preds, part)
            self._shown_full = self._shown_full or (part == "mistakes" and bool(preds))
        self.set_label_text(self.error_label, self.error)

    def _show_partial(self, variant: str) -> None:
        """During the first evaluation, show what the samples evaluated so far say (the
        page is useful at once instead of blank until every chunk is done)."""
        pred = np.concatenate(self._predictions[variant])
        self._update_mistakes({variant: pred}, "both", n=len(pred))
        self.set_label_text(self.error_label, self.tr(
            "Evaluated {0} of {1} validation images...").format(len(pred), len(self.x)))

    def mistakes_beside(self) -> bool:
        """Whether the grid of mistakes stands beside the confusion matrix (one variant's,
        on a page wider than ``BESIDE_RATIO`` times its height) instead of under it: an
        aspect-locked matrix under which the mistakes take a third of the height was a
        small square in a wide empty axis (walker13 W13-9)."""
        view = self.canvas.viewport()
        return self.mode == "images" and self.view_box.currentData() != "inside" \
            and len(self.store.variants()) == 1 \
            and view.width() > BESIDE_RATIO * max(1, view.height())

    def _build_mistakes(self, variants: list[str], images: bool) -> None:
        beside = images and len(variants) == 1 and self.mistakes_beside()
        self.items["beside"] = beside
        sub = self.graphics.addLayout(row=1, col=0)
        self.items["confusion"] = {}
        for j, variant in enumerate(variants):
            title = self._confusion_title(several=len(variants) > 1)
            if len(variants) > 1:
                title = style.variant_title(title, variant, self.store)
            self.items["confusion"][variant] = views.build_confusion(
                self, sub, j, title, self.class_names)
        if images:
            title = self.tr("Misclassified samples (true → predicted)")
            if len(variants) > 1:
                chosen = self.variant_box.currentData() or variants[0]
                title = style.variant_title(title, chosen, self.store)
            layout = self.graphics.ci.layout
            if beside:
                self.items["mistakes"] = views.build_mistakes(
                    self, self.graphics.ci, 1, 1, title, col=1,
                    cols=views.MISTAKE_COLS_BESIDE)
                layout.setColumnStretchFactor(0, 1)
                layout.setColumnStretchFactor(1, 1)
            else:
                self.items["mistakes"] = views.build_mistakes(self, self.graphics.ci, 2, 1,
                                                              title)
                layout.setRowStretchFactor(1, 3)
                layout.setRowStretchFactor(2, 2)

    def _confusion_title(self, several: bool = False) -> str:
        """The confusion matrix's title, saying how many validation samples it counts: a
        matrix of 300 images read as the whole split of 6,000 (walker16 W16-22). Beside
        other variants' (``several``: narrow plots) only the count it holds: the long title
        shortened to "Confusion matrix (6,000 validation sa…" in zh, which read as 6,000
        samples (walker33 W33-1)."""
        shown, given = len(self.x), max(self.n_given, len(self.x))
        if several:
            return self.tr("Confusion matrix ({0} samples)").format(f"{shown:,}")
        if shown < given:
            return self.tr("Confusion matrix ({0} of the {1} validation samples)").format(
                f"{shown:,}", f"{given:,}")
        return self.tr("Confusion matrix (all {0} validation samples)").format(f"{shown:,}")

    def _update_mistakes(self, predictions: dict[str, np.ndarray],
                         part: str = "both", n: int | None = None) -> None:
        """Show ``predictions`` (variant -> predicted class per sample, shape (N,)) in the
        confusion matrices and/or the grid of mistakes (``part``); with ``n``, only the
        first ``n`` samples have been predicted so far."""
        x, y = (self.x, self.y) if n is None else (self.x[:n], self.y[:n])
        chosen = self.variant_box.currentData() or self.store.variants()[0]
        for variant, items in self.items["confusion"].items():
            pred = predictions.get(variant)
            if pred is None:
                continue
            if part != "mistakes":
                c = len(self.class_names)
                matrix = confusion_matrix(np.clip(y, 0, c - 1), np.clip(pred, 0, c - 1), c)
                views.update_confusion(items, matrix, self.classroom)
            if part != "confusion" and variant == chosen and "mistakes" in self.items:
                views.update_mistakes(self.items["mistakes"], x, y, pred,
                                      self.class_names, self.palette(), self.classroom,
                                      self.tr("No mistakes in this sample"))

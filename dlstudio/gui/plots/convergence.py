"""Convergence: loss and accuracy over training, raw and smoothed, and the learning rate.

- Loss: every mini-batch's loss (faint), its exponential moving average (bold, adjustable
  factor, default 0.8) and the validation loss at each epoch end (dots).
- Accuracy: the running training accuracy (faint), its average (bold), validation (dots),
  the test accuracy at the end (a star with its value); hidden when the loss has no accuracy
  (regression). The axis shows the whole run from its first step (walker13 W13-10: zoomed
  to the accuracies after the first epoch, 0.95-1, it hid the first epoch's climb); only a
  run high from its start (a fine-tuned network) gets an axis zoomed to its values.
- Learning rate over steps (it changes with a schedule or a live edit).

In a comparison every variant has its own colour in all three plots, with one legend.
When the panel is narrower than ``STACK_BELOW`` pixels the accuracy plot goes below the loss
plot (side by side it was squeezed to a sliver). A variant whose loss exploded (diverged) is
left off the top of the linear loss axis, so the others stay readable, and a note at the top
edge names it and its largest loss; the curves of a run that diverged end at its last good
loss, and a dashed line marks the step it blew up at (``plots/blow_up_mark.py``). When early stopping put back the weights of its best epoch
(``training.callbacks.restored_epoch``), a vertical line at that epoch's end says so: the
model kept is the one from the bottom of the validation curve, not from the last epoch.
With L1/L2 weight penalties the training loss is drawn without them, like the validation loss
(with them it was ten times the validation loss in lesson 10: walker14 W14-14); a note at the
top edge names the penalty and its latest value. The loss legend goes to the corner the curves
leave most free. These notes, marks and the legend's place are ``plots/loss_marks.py``'s.
Run alone: ``python -m dlstudio.gui.plots.convergence [--variants 2]``.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtWidgets import QWidget

from dlstudio.gui.plots import (accuracy_star, accuracy_tags, coinciding, drawn_lines, ranges,
                                style)
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.blow_up_mark import blow_up_position, last_good_losses
from dlstudio.gui.plots.convergence_options import ConvergenceOptions
from dlstudio.gui.plots.curve_data import set_points
from dlstudio.gui.plots.loss_marks import LossMarks
from dlstudio.gui.plots.smoothing import ema
from dlstudio.gui.plots.validation_curve import add_validation_curve, legend_sample, mark_points
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import SINGLE_RUN


#: narrower than this (pixels), the accuracy plot goes below the loss plot
STACK_BELOW = 760


class ConvergencePanel(BasePanel):
    """Loss, accuracy and learning rate of every variant over steps or epochs."""

    #: a single run's three plots (7 items) are redrawn on one tick, with one paint; a
    #: comparison's loss plot on one tick, its accuracy and learning-rate plots on the next
    #: ones. In pieces, a single run's redraw took two paints of the whole page: 18.5 ms of
    #: the GUI thread instead of 12.1 (a 3-epoch MLP run's page, 1100 x 700; issue 13)
    items_per_tick = 8
    #: built before a run, a plot at a time (``prepare_ahead``): built at the run's first
    #: snapshot, its three plots held the GUI thread 0.19 s (0.5-0.8 s on a loaded machine)
    prepares_ahead = True

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.smoothing = 0.8
        self.log_loss = False
        self.x_axis = "step"
        self.items: dict[str, dict[str, pg.PlotDataItem]] = {}
        self.loss_plot = self.acc_plot = self.lr_plot = None
        #: what the loss plot shows besides the curves, and the legend placed around it:
        #: each variant's notes at its top edge (loss off the scale, penalty), the lines at
        #: the epochs whose weights early stopping restored (``plots/loss_marks.py``)
        self.marks = LossMarks()
        #: the bottom of the accuracy axis (above 0 when every accuracy is high)
        self.acc_floor = 0.0
        #: a comparison legend's sample of the validation style (not on the plot)
        self.validation_sample: pg.PlotDataItem | None = None

        #: the options above the plots (``plots/convergence_options.py``)
        self.options = ConvergenceOptions(self.smoothing)
        self.options.smoothing_box.valueChanged.connect(self._on_smoothing_changed)
        self.options.log_box.toggled.connect(self._on_log_toggled)
        self.options.x_box.currentIndexChanged.connect(self._on_x_changed)
        self.options.place(self.controls)
        self.retranslate_controls()

    def retranslate_controls(self) -> None:
        self.options.retranslate()

    def placeholder_text(self) -> str:
        return self.tr("Start training to see the loss and accuracy curves.")

    # -- options --------------------------------------------------------------------------
    def set_smoothing(self, factor: float) -> None:
        self.options.smoothing_box.setValue(factor)

    def _on_smoothing_changed(self, value: float) -> None:
        self.smoothing = float(value)
        self.invalidate()
        self.refresh(force=True)

    def _on_log_toggled(self, on: bool) -> None:
        self.log_loss = bool(on)
        self.rebuild()
        self.refresh(force=True)

    def _on_x_changed(self, _index: int) -> None:
        self.x_axis = self.options.x_box.currentData()
        self.rebuild()
        self.refresh(force=True)

    # -- drawing --------------------------------------------------------------------------
    def _has_accuracy(self) -> bool:
        return any(self.store.series(v, "train_accuracy")[0].size
                   or self.store.series(v, "val_accuracy")[0].size
                   for v in self.store.variants())

    def _structure(self) -> tuple:
        return (tuple(self.store.variants()), self._has_accuracy(), self.log_loss,
                self.x_axis, self.classroom, self.stacked())

    def _expected_structure(self) -> tuple:
        """The next run's layout: the variants it trains (the last run's, or a single run,
        before Start), with an accuracy plot unless the last layout had none."""
        last = self.last_built_key
        variants = (tuple(self.store.expected_variants())
                    or (last[0] if last is not None else (SINGLE_RUN,)))
        has_acc = last[1] if last is not None else True
        return (variants, has_acc, self.log_loss, self.x_axis, self.classroom, self.stacked())

    def stacked(self) -> bool:
        """Whether the accuracy plot goes below the loss plot (the panel is narrow)."""
        return self.width() < STACK_BELOW

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        key = self._structure_key
        if key is not None and key[-1] != self.stacked():
            self.rebuild()

    def _build(self, key: tuple) -> Iterator[None]:
        """A generator: each ``yield`` ends a piece of the build (``prepare_ahead``)."""
        variants, has_acc, log_loss, x_axis, _, stacked = key
        x_label = self.tr("step") if x_axis == "step" else self.tr("epoch")
        side = has_acc and not stacked          # accuracy beside the loss, else below it
        # the old layout's items go first: between two pieces the new plots' signals (a
        # range set, a resize) reach handlers that read these (placing the legend among the
        # old run's lines moved the new loss axis)
        self.items, self.marks = {}, LossMarks(2 if len(variants) > 1 else 1)
        self.acc_plot = self.lr_plot = self.validation_sample = None
        self.loss_plot = self.add_plot(
            0, 0, self.tr("Loss (faint: each batch, bold: smoothed)"),
            x_label, self.tr("loss"), log_y=log_loss, legend=True,
            colspan=1 if side else 2, over_steps=x_axis == "step")
        view = self.loss_plot.getViewBox()
        view.sigRangeChanged.connect(self._place_loss_legend)
        view.sigResized.connect(self._on_loss_view_resized)
        yield
        lr_row = 1
        if has_acc:
            row, col = (0, 1) if side else (1, 0)
            # the training accuracy is the mean over the epoch so far: it restarts at each
            # epoch's start, so it steps up where an epoch ends (walker5 W5-19)
            self.acc_plot = self.add_plot(row, col, self.tr("Accuracy (training: running "
                                                            "mean per epoch)"), x_label,
                                          self.tr("accuracy"), legend=False,
                                          colspan=1 if side else 2,
                                          over_steps=x_axis == "step")
            self.acc_plot.setYRange(0, 1, padding=0.02)
            ranges.hold_accuracy_axis(self.acc_plot)     # Ctrl + wheel too (W33-7)
            self.acc_floor = 0.0
            view = self.acc_plot.getViewBox()
            view.sigRangeChanged.connect(self._place_test_tags)
            view.sigResized.connect(self._place_test_tags)
            lr_row = 1 if side else 2
            yield
        self.lr_plot = self.add_plot(lr_row, 0, self.tr("Learning rate"), x_label,
                                     self.tr("learning rate"), colspan=2,
                                     over_steps=x_axis == "step")
        if self.acc_plot is not None:
            self.acc_plot.setXLink(self.loss_plot)
        layout = self.graphics.ci.layout
        layout.setRowStretchFactor(0, 3)
        if lr_row == 2:                            # loss, accuracy, learning rate
            layout.setRowStretchFactor(1, 2)
            layout.setRowStretchFactor(2, 1)
        else:
            layout.setRowStretchFactor(1, 1)
        if side:                                  # the accuracy gets a third of the width
            layout.setColumnStretchFactor(0, 2)
            layout.setColumnStretchFactor(1, 1)
        for plot in self.plots:
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
        yield

        for i, variant in enumerate(variants):
            color = style.variant_color(i)
            name = style.variant_label(variant, self.store)
            single = len(variants) == 1
            items = {
                "raw": self.loss_plot.plot(pen=self.pen(color, 1.0, alpha=80)),
                # a comparison's legend names each variant once, by its colour, and the
                # validation style once (below): eight entries covered a third of the loss
                # plot in lesson 05's four-variant run (walker12 W12-5)
                "ema": self.loss_plot.plot(pen=self.pen(color, 2.2),
                                           name=self.tr("training") if single else name),
                "val": add_validation_curve(self.loss_plot, color, self.pen, self.classroom,
                                            self.tr("validation") if single else None),
                "lr": self.lr_plot.plot(pen=self.pen(color, 2.0)),
            }
            if self.acc_plot is not None:
                items["acc_raw"] = self.acc_plot.plot(pen=self.pen(color, 1.0, alpha=80))
                items["acc_ema"] = self.acc_plot.plot(pen=self.pen(color, 2.2))
                items["acc_val"] = add_validation_curve(self.acc_plot, color, self.pen,
                                                        self.classroom, None)
                # the test accuracy at the end of the run: a star with its value
                items["acc_test"], items["acc_test_note"] = accuracy_star.add_star(
                    self.acc_plot, color, self.pen, self.classroom,
                    style.label_fill(self.palette()))
            self.items[variant] = items
            if i == 1 and getattr(self.loss_plot, "legend", None) is not None:
                # a comparison's legend in two columns: half as tall, it fits above or below
                # the curves (walker10 W10-12)
                self.loss_plot.legend.setColumnCount(2)
            self.marks.add(self.loss_plot, variant, color, self.pen,
                           style.text_font(self.classroom), style.label_fill(self.palette()))
            yield
        if getattr(self.loss_plot, "legend", None) is not None:
            # a tight frame (Qt's default margins took 18 of a one-row legend's 40 pixels):
            # the legend takes less of a short plot (walker14 W14-4)
            self.loss_plot.legend.layout.setContentsMargins(4, 2, 4, 2)
        legend = getattr(self.loss_plot, "legend", None)
        if len(variants) > 1 and legend is not None:
            # the validation style, once for every variant (a sample, not on the plot)
            self.validation_sample = legend_sample(
                style.theme_colors(self.palette())["foreground"], self.pen, self.classroom)
            legend.addItem(self.validation_sample, self.tr("validation"))
        yield                       # (the build's end, its layout: a piece of its own)

    #: the curves a later variant's may cover, and their base widths (``coinciding``)
    COINCIDING = {"ema": 2.2, "acc_ema": 2.2, "lr": 2.0}

    def _show_coinciding(self, key: str) -> None:
        """Draw the ``key`` curve of a variant that a later variant's covers wider."""
        base = self.COINCIDING[key]
        coinciding.widen_covered(
            [items[key] for items in self.items.values()],
            lambda i, more: self.pen(style.variant_color(i), base + more))

    def _xy(self, variant: str, name: str):
        x, y = self.store.series(variant, name, x=self.x_axis)
        if name in ("batch_loss", "train_loss", "val_loss") and self.log_loss:
            keep = y > 0                       # a log axis cannot show zero
            x, y = x[keep], y[keep]
        return x, y

    def _update(self) -> None:
        for _, _, job in self._jobs(True):
            job()

    def _jobs(self, layers_changed: bool) -> list:
        """The loss plot, then (next tick) the accuracy and learning-rate plots."""
        jobs = [("loss", 3 * len(self.items), self._set_loss)]
        if self.acc_plot is not None:
            jobs.append(("acc", 3 * len(self.items), self._set_accuracy))
        jobs.append(("lr", len(self.items), self._set_learning_rate))
        return jobs

    def _planned(self) -> float | None:
        """Where the step axis ends: the planned steps, or the step a run blew up at."""
        if self.x_axis != "step":
            return None
        ends = [found[1] for variant in self.items
                if (found := blow_up_position(self.store, variant, "step")) is not None]
        planned = self.planned_steps()
        return max(ends + ([planned] if planned is not None else []), default=None)

    def _losses(self, variant: str) -> tuple[tuple, tuple]:
        """``variant``'s per-batch losses ``(x, y)`` as drawn, ending at the last good loss
        of a run that blew up (``blow_up_mark``), and as its top-edge note reads them, with
        the loss it blew up to."""
        x, y = last_good_losses(self.store, variant, self.x_axis)
        keep = np.isfinite(y) & (y > 0) if self.log_loss else np.isfinite(y)
        x, y = x[keep], y[keep]              # (a log axis cannot show zero)
        found = blow_up_position(self.store, variant, self.x_axis)
        if found is None or not np.isfinite(found[2]):
            return (x, y), (x, y)
        return (x, y), (np.append(x, found[1]), np.append(y, found[2]))

    def _set_loss(self) -> None:
        noted = {}
        for variant, items in self.items.items():
            (x, y), noted[variant] = self._losses(variant)
            items["raw"].setData(x, y)
            items["ema"].setData(x, ema(y, self.smoothing))
            val_x, val_y = self._xy(variant, "val_loss")
            set_points(items["val"], val_x, val_y)
            mark_points(items["val"], len(val_x))
        loss_items = [it for items in self.items.values() for k, it in items.items()
                      if k in ("raw", "ema", "val")]
        ys = [it.yData for it in loss_items]
        raw = [items["raw"] for items in self.items.values()]
        cap = None if self.log_loss else ranges.exploded_cap(
            [it.yData for it in raw], first_x=[float(it.xData[0]) if it.xData is not None
                                               and len(it.xData) else None for it in raw])
        # a linear loss axis keeps 0 in view: a plateau at 0.69 zoomed to 0.68-0.76 hid
        # that it sits "well above zero" and made the noise look dramatic (walker14 W14-5)
        ranges.apply(self.loss_plot, [it.xData for it in loss_items],
                     ranges.below(ys, cap), log_y=self.log_loss, planned_x=self._planned(),
                     y_floor=None if self.log_loss else 0.0)
        # the notes' texts and the marks, then the legend around them, then the notes
        # where the legend leaves them (``loss_marks``)
        self.marks.write(noted, self.store, cap, self.x_axis)
        self._show_coinciding("ema")
        self.marks.place(self.loss_plot, self._loss_lines)

    def curve_lines(self, keys: tuple[str, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The drawn lines (x, y) of the items ``keys`` of every variant, in data units."""
        return drawn_lines.data_lines(self.items.values(), keys)

    def _place_loss_legend(self, *_: object) -> None:
        """The loss legend placed again whenever the loss plot's axes move (``loss_marks``)."""
        self.marks.place_legend(self.loss_plot, self._loss_lines)

    def _on_loss_view_resized(self, *_: object) -> None:
        """A new size of the loss plot's data area: its notes and legend placed anew."""
        if self.loss_plot is None or not shiboken6.isValid(self.loss_plot):
            return
        self.marks.place_after_resize(self.loss_plot, self._loss_lines)

    def _loss_lines(self) -> list:
        """The loss plot's lines ``(x, y, goes_on)`` in view units (log10 on a log axis):
        each variant's per-batch, smoothed and validation losses; the smoothed and
        validation ones go on to the axis' end."""
        return drawn_lines.view_lines(self.items.values(), ("raw", "ema", "val"),
                                      self.log_loss, ("ema", "val"))

    def _set_accuracy(self) -> None:
        shown = []                     # what the axis must show: the whole run
        tests = []
        for variant, items in self.items.items():
            x, y = self._xy(variant, "train_accuracy")
            items["acc_raw"].setData(x, y)
            smooth = ema(y, self.smoothing)
            items["acc_ema"].setData(x, smooth)
            val_x, val_y = self._xy(variant, "val_accuracy")
            set_points(items["acc_val"], val_x, val_y)
            mark_points(items["acc_val"], len(val_x))
            shown += [y, val_y]
            tests.append((variant, items, *self._xy(variant, "test_accuracy")))
        # a run whose every accuracy is high gets an axis zoomed to them; any other keeps
        # its first epoch's climb in view (W13-10, W6-28). Set only when it changes: a
        # user's zoom stays.
        floor = ranges.accuracy_floor(shown)
        if floor != self.acc_floor:
            self.acc_floor = floor
            self.acc_plot.setYRange(floor, 1, padding=0.02)
        self._show_coinciding("acc_ema")
        for variant, items, x, y in tests:      # placed once the axis is final
            letter = accuracy_tags.tag_letter(variant, len(self.items))
            accuracy_star.show_value(
                items["acc_test"], items["acc_test_note"], x, y,
                lambda accuracy, letter=letter: accuracy_star.tag_text(
                    letter, self._test_words(accuracy)))
        self._place_test_tags()

    def _test_words(self, accuracy: float) -> str:
        return self.tr("test {0:.1%}").format(accuracy)

    def _place_test_tags(self, *_: object) -> None:
        """The test tags at the plot's right edge, where the curves leave room
        (``accuracy_tags``); placed again whenever the axes move."""
        accuracy_tags.place_tags(self.acc_plot, self.items, self._test_words,
                                 lambda: self.curve_lines(("acc_raw", "acc_ema", "acc_val")))

    def _set_learning_rate(self) -> None:
        for variant, items in self.items.items():
            items["lr"].setData(*self._xy(variant, "learning_rate"))
        ranges.apply(self.lr_plot, [it["lr"].xData for it in self.items.values()], [],
                      planned_x=self._planned(), fit_y=False)
        rates = [np.asarray(item["lr"].yData, np.float64) for item in self.items.values()
                 if item["lr"].yData is not None and item["lr"].yData.size]
        rates = np.concatenate(rates) if rates else np.zeros(0)
        log, y_range = ranges.rate_axis(rates)
        if log != self.lr_plot.getAxis("left").logMode:
            self.lr_plot.setLogMode(y=log)
        if y_range is not None:
            self.lr_plot.setYRange(*y_range, padding=0)
        self._show_coinciding("lr")


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(ConvergencePanel))

"""The pre-flight page's legend: what each plot's colours mean there, and what was measured.

Blue and red are the same two colours in three plots, but they mean different things in
each (walker38 W38-2: the legend said blue = "vanishing", which in the signal plot marked the
first layers and in the z-spread plot the last ones, so a student read the spread plot as
"the gradient vanishes at the output end"). So the legend names them plot by plot:

- **dL/dz**: the layer's verdict (healthy, exploding, vanishing, dead units, saturated),
  the words of the layer stack's badges;
- **pass-through**: what the activation does itself (dead units, saturated), not the
  signal's verdict (``PreflightBar.pass_judgement``);
- **spread of z**: the forward signal fading (std below ``VANISHING``) or growing (above
  ``EXPLODING``), not the gradient (``PreflightBar.act_judgement``);
- **update/weight**: a step that barely moves the weights (below ``SMALL_UPDATE``) or one
  that is too large (``PreflightBar.update_judgement``).

It ends with the batch the check ran and the step the update plot measured (optimizer and
learning rate: walker38 W38-3, they were the update plot's y-axis title, which now names
the quantity).
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import full_width
from dlstudio.gui.plots.legend_below import WORD_JOINER
from dlstudio.gui.preflight_check import VERDICT_COLORS, verdict_word
from dlstudio.messages.numbers import math_number
from dlstudio.training.preflight_verdicts import HEALTHY, VERDICTS

translate = QCoreApplication.translate


def short_optimizer_name(optimizer: str) -> str:
    """The Training panel's name of ``optimizer`` without its brackets ("SGD", "RMSprop")
    (W11-4: the page said the registry key "sgd")."""
    from dlstudio.gui.specs import optimizer_name

    name = optimizer_name(optimizer)
    for bracket in (" (", "（", "("):
        name = name.split(bracket)[0]
    return name.strip() or optimizer


def _whole(text: str) -> str:
    """``text`` as HTML that never breaks across lines: no-break spaces, and word joiners
    between its characters (Chinese breaks between any two: "权重|几乎不动" in classroom
    mode; a span's ``white-space: nowrap`` does not hold in Qt's rich text)."""
    text = text.replace(" ", "\u00a0")
    return html.escape(WORD_JOINER.join(text) if any(map(full_width, text)) else text)


def _key(word: str, text: str) -> str:
    """A colour square of verdict ``word``'s colour, then ``text``, kept on one line."""
    return f'<span style="color:{VERDICT_COLORS[word]}">■</span>&nbsp;{_whole(text)}'


def _group(name: str, keys: list[str]) -> str:
    """One plot's keys after its name, the name kept with the first key: "spread of z:
    ■ fading  ■ growing"."""
    return _whole(name) + "&nbsp;" + "&nbsp;&nbsp;".join(keys)


def legend_text(report: Any) -> str:
    """The legend (HTML) for ``report`` (a ``PreflightReport``)."""
    verdicts = _group(translate("PreflightPanel", "dL/dz:"),
                      [_key(w, verdict_word(w)) for w in (HEALTHY, *VERDICTS)])
    passing = _group(translate("PreflightPanel", "pass-through:"),
                     [_key(w, verdict_word(w)) for w in (HEALTHY, "dead units", "saturated")])
    spread = _group(translate("PreflightPanel", "spread of z:"),
                    [_key("vanishing", translate("PreflightPanel", "the forward signal fades")),
                     _key("exploding", translate("PreflightPanel", "the forward signal grows"))])
    update = _group(translate("PreflightPanel", "update/weight:"),
                    [_key("vanishing", translate("PreflightPanel", "the weights barely move")),
                     _key("exploding", translate("PreflightPanel", "too large"))])
    batch = translate("PreflightPanel",
                      "one batch of %1 examples, loss %2, no training step").replace(
        "%1", str(report.batch_size)).replace("%2", math_number(f"{report.loss:.3g}"))
    step = translate("PreflightPanel", "the update: one step of %1 at learning rate %2").replace(
        "%1", short_optimizer_name(str(report.optimizer))).replace(
        "%2", f"{report.learning_rate:g}")
    marks = [_whole(translate("PreflightPanel", "◆ dead or saturated share")),
             _whole(translate("PreflightPanel", "▼ zero (below a log axis)"))]
    # one line for the layers' verdicts, one for the two plots with readings of their own
    return "<br>".join([" · ".join([verdicts, *marks]), " · ".join([passing, spread, update]),
                        html.escape(translate("PreflightPanel", "%1; %2").replace(
                            "%1", batch).replace("%2", step))])

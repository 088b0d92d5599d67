"""``--edit`` for the commands that take a network: the whole-network edits of the window's
switches and the lesson files (``dlstudio.engine.spec_edits``), on the command line::

    dlstudio summary deep_sigmoid_mlp --edit add_batchnorm
    dlstudio train toy_2d --data spirals --edit add_dropout:rate=0.3
    dlstudio summary toy_2d --edit set:layers=hidden,key=activation,value=relu
    dlstudio summary toy_2d --edit '{"op": "hidden", "units": [64, 64]}'

Each ``--edit`` is an op name with ``key=value`` settings (values read as JSON when they
can be: numbers, lists, ``true``), or one JSON object; they apply in the order given.
"""
from __future__ import annotations

import json
import re
from typing import Any

from dlstudio.cli import UserError

#: commas that separate settings (not those inside [...] or {...})
_SEPARATOR = re.compile(r",(?![^\[\]{}]*[\]}])")


def add_edit_argument(p) -> None:
    from dlstudio.engine.spec_edits import EDIT_OPS

    p.add_argument("--edit", action="append", default=[], metavar="OP[:k=v,...]",
                   help=f"change the network before use (repeatable): {', '.join(EDIT_OPS)}; "
                        f"e.g. add_batchnorm, add_dropout:rate=0.5, "
                        f"set:layers=hidden,key=activation,value=relu")


def parse_edit(text: str) -> dict[str, Any]:
    """``"add_dropout:rate=0.5"`` -> ``{"op": "add_dropout", "rate": 0.5}``."""
    text = text.strip()
    if text.startswith("{"):
        try:
            edit = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise UserError(f"--edit: not a valid JSON object ({exc})") from None
        if not isinstance(edit, dict) or "op" not in edit:
            raise UserError(f"--edit: a JSON edit needs an \"op\", got {text!r}")
        return edit
    op, _, rest = text.partition(":")
    edit: dict[str, Any] = {"op": op.strip()}
    for item in filter(None, (s.strip() for s in _SEPARATOR.split(rest))):
        key, eq, value = item.partition("=")
        if not eq:
            raise UserError(f"--edit: expected key=value after the op, got {item!r}")
        try:
            edit[key.strip()] = json.loads(value)
        except (ValueError, RecursionError):
            edit[key.strip()] = value
    return edit


def edited_spec(network_arg: Any, edits: list[str]):
    """The ``NetworkSpec`` named by ``network_arg`` with the ``--edit`` arguments applied."""
    from dlstudio.engine import spec_edits
    from dlstudio.engine.spec import NetworkSpec, SpecError

    try:
        spec = NetworkSpec.coerce(network_arg)
    except SpecError as exc:
        raise UserError(str(exc)) from None
    try:
        return spec_edits.apply_edits(spec, [parse_edit(e) for e in edits])
    except spec_edits.EditError as exc:
        raise UserError(f"--edit: {exc}") from None

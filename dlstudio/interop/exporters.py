"""The export targets by name: what the CLI's ``--to`` and the window's File > Export offer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Target:
    name: str
    display: str
    suffix: str
    write: Callable[..., object]      # write(network, path) -> path(s) written


def _onnx(network, path):
    from dlstudio.interop.onnx_export import export_onnx

    return [export_onnx(network, path)]


def _pytorch(network, path):
    from dlstudio.interop.pytorch_export import export_pytorch

    return list(export_pytorch(network, path))


def _keras(network, path):
    from dlstudio.interop.keras_export import export_keras

    return [export_keras(network, path)]


TARGETS = {t.name: t for t in (
    Target("onnx", "ONNX model (.onnx)", ".onnx", _onnx),
    Target("pytorch", "PyTorch module (.py + .pt)", ".py", _pytorch),
    Target("keras", "Keras 3 model (.keras)", ".keras", _keras),
)}


def export(network, target: str, path: str | Path) -> list[Path]:
    """Write ``network`` for ``target`` to ``path`` (its suffix added when missing, put in
    place of another target's suffix: 'network.onnx' exported to PyTorch is 'network.py');
    returns the files written."""
    t = TARGETS[target]
    path = Path(path)
    if path.suffix.lower() in {other.suffix for other in TARGETS.values()}:
        path = path.with_suffix(t.suffix)
    elif path.suffix != t.suffix:
        path = path.with_name(path.name + t.suffix)
    return [Path(p) for p in t.write(network, path)]

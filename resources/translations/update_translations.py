"""Regenerate ``dlstudio_zh_CN.ts`` and ``.qm`` from the sources and ``zh_CN.json``.

Usage: ``.venv/bin/python resources/translations/update_translations.py [--missing]``

1. ``pyside6-lupdate`` collects every ``self.tr(...)``/``QCoreApplication.translate(...)``
   string of ``dlstudio/gui``;
2. the registries' display names, help texts and parameter labels are added (contexts
   ``Registry`` and ``Param``), since they are translated at run time from the registries;
3. Qt's own strings that the ``qtbase`` translations PySide6 ships lack are added (context
   ``QFileDialog``: Qt 6 writes "&Look in:" where ``qtbase_zh_CN.qm`` has only Qt 5's
   "Look in:"): the app installs our catalogue beside qtbase's, so Qt finds them there;
4. translations are filled in from ``zh_CN.json`` (``{"English": "中文"}``, one table for all
   contexts; a key ``"Context|English"`` overrides one context);
5. ``pyside6-lrelease`` compiles the ``.qm`` the app loads.

``--missing`` prints the strings that have no translation yet.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
LANG = "zh_CN"


#: Qt's own strings missing from the qtbase translations shipped with PySide6, by context
QT_GAPS = {"QFileDialog": ["&Look in:", "Files of &type:"]}


def registry_strings() -> dict[str, list[str]]:
    """Strings shown from registries: {"Registry": [display names, help], "Param": [...]}."""
    sys.path.insert(0, str(ROOT))
    from dlstudio.data import DATASETS
    from dlstudio.engine.activations import ACTIVATIONS
    from dlstudio.engine.initializers import INITIALIZERS
    from dlstudio.engine.layers import LAYERS
    from dlstudio.engine.losses import LOSSES
    from dlstudio.engine.optimizers import OPTIMIZERS
    from dlstudio.engine.presets import PRESETS
    from dlstudio.engine.regularizers import CONSTRAINTS, REGULARIZERS
    from dlstudio.gui.data.augmentation import AUGMENT_PARAMS

    registries = [DATASETS, ACTIVATIONS, INITIALIZERS, LAYERS, LOSSES, OPTIMIZERS, PRESETS,
                  CONSTRAINTS, REGULARIZERS]
    for module, name in (("dlstudio.engine.schedules", "SCHEDULES"),
                         ("dlstudio.data.preprocess", "PREPROCESSORS"),
                         ("dlstudio.engine.surfaces", "SURFACES"),
                         ("dlstudio.training.search_space", "HYPERPARAMETERS")):
        try:
            registries.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    reg, par = [], ["(none)"]
    params = list(AUGMENT_PARAMS)
    for r in registries:
        for e in r.entries():
            reg += [e.display, e.help]
            params += list(e.params)
    choices = []
    for p in params:
        par.append(p.label)
        reg.append(p.help)
        if p.kind == "choice":
            choices += [c for c in p.choices if isinstance(c, str)]
    unique = lambda xs: list(dict.fromkeys(x for x in xs if x))  # noqa: E731
    return {"Registry": unique(reg), "Param": unique(par), "ParamChoice": unique(choices)}


def main(argv: list[str]) -> int:
    table = json.loads((HERE / f"{LANG}.json").read_text(encoding="utf-8"))
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "dlstudio" / "gui").rglob("*.py"))
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.ts"
        subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete",
                        "-locations", "none", "-ts", str(raw)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        tree = ET.parse(raw)
    root = tree.getroot()
    root.set("language", LANG)
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for name, strings in {**registry_strings(), **QT_GAPS}.items():
        if name == "ParamChoice":   # most choices are code names (relu, same...): kept as they are
            strings = [text for text in strings if text in table]
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
        have = {m.findtext("source") for m in ctx.iter("message")}
        for text in strings:
            if text not in have:
                msg = ET.SubElement(ctx, "message")
                ET.SubElement(msg, "source").text = text
                ET.SubElement(msg, "translation").set("type", "unfinished")
    missing = []
    total = 0
    for ctx in root.iter("context"):
        cname = ctx.findtext("name")
        for msg in ctx.iter("message"):
            total += 1
            source = msg.findtext("source")
            node = msg.find("translation")
            text = table.get(f"{cname}|{source}", table.get(source))
            if text:
                node.text = text
                node.attrib.pop("type", None)
            else:
                node.text = ""
                node.set("type", "unfinished")
                missing.append((cname, source))
    ET.indent(tree)
    ts = HERE / f"dlstudio_{LANG}.ts"
    with open(ts, "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm",
                    str(HERE / f"dlstudio_{LANG}.qm")], check=True, stdout=subprocess.DEVNULL)
    print(f"{total - len(missing)}/{total} strings translated -> {ts.name}, "
          f"dlstudio_{LANG}.qm")
    if "--missing" in argv:
        for cname, source in missing:
            print(json.dumps(source, ensure_ascii=False) + f"  # {cname}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

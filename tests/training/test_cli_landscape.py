"""``dlstudio landscape``: JSON grid, PNG, trajectory, errors."""
from __future__ import annotations

import json

from dlstudio.cli import main


def test_grid_json_and_png(tmp_path, capsys):
    out, png = tmp_path / "s.json", tmp_path / "s.png"
    rc = main(["landscape", "toy_2d", "--data", "spirals:n_samples=200", "--out", str(out),
               "--png", str(png), "--resolution", "5", "--examples", "64", "--seed", "2"])
    assert rc == 0, capsys.readouterr()
    d = json.loads(out.read_text())
    assert len(d["x"]) == len(d["y"]) == 5 and len(d["loss"]) == 5
    assert all(len(row) == 5 for row in d["loss"]) and d["examples"] == 64
    assert d["directions"] == "random filter-normalized" and d["seed"] == 2
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_line_and_trajectory(tmp_path, capsys):
    out, png = tmp_path / "t.json", tmp_path / "t.png"
    rc = main(["landscape", "toy_2d", "--data", "spirals:n_samples=200", "--out", str(out),
               "--png", str(png), "--resolution", "5", "--trajectory", "3"])
    assert rc == 0, capsys.readouterr()
    d = json.loads(out.read_text())
    t = d["trajectory"]
    assert len(t["steps"]) == len(t["x"]) == 4 and t["steps"][0] == 0
    assert abs(t["x"][-1]) < 1e-9 and abs(t["y"][-1]) < 1e-9      # the path ends at the centre
    assert max(map(abs, t["x"])) <= d["span"]
    out1 = tmp_path / "line.json"
    assert main(["landscape", "toy_2d", "--data", "spirals:n_samples=200", "--out",
                 str(out1), "--png", str(png), "--dims", "1", "--resolution", "6"]) == 0
    line = json.loads(out1.read_text())
    assert line["y"] is None and len(line["loss"]) == 7


def test_bad_arguments(tmp_path, capsys):
    rc = main(["landscape", "toy_2d", "--data", "digits:n_samples=200", "--out",
               str(tmp_path / "x.json")])
    assert rc == 2 and "shape" in capsys.readouterr().err
    rc = main(["landscape", "toy_2d", "--data", "spirals", "--out", str(tmp_path / "x.json"),
               "--span", "0"])
    assert rc == 2 and "--span" in capsys.readouterr().err

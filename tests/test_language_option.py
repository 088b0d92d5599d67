"""``--lang`` takes the same spellings everywhere it is taken (walker25 W25-11: ``python -m
dlstudio --lang zh`` was refused with "choose from 'en', 'zh_CN'", while the subcommands took
only ``zh``)."""
from __future__ import annotations

import argparse

import pytest

from dlstudio.cli import build_parser
from dlstudio.messages import language_option

SPELLINGS = [("en", "en"), ("EN", "en"), ("zh", "zh"), ("zh_CN", "zh"), ("zh-CN", "zh"),
             ("zh_cn", "zh"), ("ZH", "zh"), ("zh-Hans", "zh")]
SUBCOMMANDS = [["train", "net.json", "--data", "blobs"], ["preflight", "toy_2d", "--data", "blobs"],
               ["lesson", "03"]]


@pytest.mark.parametrize("text, lang", SPELLINGS)
def test_every_spelling_of_a_language_is_read(text, lang):
    assert language_option(text) == lang


@pytest.mark.parametrize("text", ["fr", "", "chinese", "english"])
def test_another_language_is_refused_naming_the_choices(text):
    with pytest.raises(argparse.ArgumentTypeError, match="en or zh"):
        language_option(text)


@pytest.mark.parametrize("text, lang", SPELLINGS)
def test_the_window_takes_every_spelling(text, lang):
    from dlstudio.gui import app

    assert app.parse_args(["--lang", text]).lang == {"en": "en", "zh": "zh_CN"}[lang]


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize("text, lang", SPELLINGS)
def test_the_subcommands_take_every_spelling(argv, text, lang):
    assert build_parser().parse_args(argv + ["--lang", text]).lang == lang


def test_the_lesson_panel_alone_takes_every_spelling():
    from dlstudio.gui.lessons.alone import panel_options

    assert panel_options().parse_args(["--lang", "zh_CN"]).lang == "zh"


@pytest.mark.parametrize("env, lang", [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("en", "en"),
                                       ("fr", None), ("", None)])
def test_the_windows_environment_language_never_stops_it(monkeypatch, env, lang):
    from dlstudio.gui import app

    monkeypatch.setenv("DLSTUDIO_LANG", env)
    assert app.parse_args([]).lang == lang

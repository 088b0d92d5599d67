"""Language switching relabels the live window; exceptions in slots show a dialog and the app
carries on; the translation file covers every string."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from dlstudio.gui import i18n
from dlstudio.gui.errors import ErrorReporter
from dlstudio.gui.main_window import MainWindow
from tests.plot_texts import scene_texts


@pytest.fixture
def window(small_studio, qtbot):
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.build_panels()
    yield w
    i18n.set_language("en")


def test_switching_language_changes_the_labels(window, qtbot):
    file_menu = window.menus["file"]
    start = window.run_actions.actions["start"]
    editor = window.docks["network"].widget()
    assert file_menu.title() == "&File" and start.text() == "Start"
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: file_menu.title() != "&File", timeout=3000)
    assert file_menu.title() == "文件(&F)"
    assert start.text() == "开始"
    assert window.docks["training"].windowTitle() == "训练"
    assert editor.tabs.tabText(2) == "摘要"
    # strings that come from the registries are translated too
    assert editor.preset.itemText(editor.preset.findData("toy_2d")).startswith("课堂")
    window.set_language("en")
    qtbot.waitUntil(lambda: file_menu.title() == "&File", timeout=3000)
    assert start.text() == "Start" and editor.tabs.tabText(2) == "Summary"


def test_translation_file_is_complete_and_placeholders_survive():
    root = ET.parse(i18n.TRANSLATIONS / "dlstudio_zh_CN.ts").getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 300
    for m in messages:
        source, node = m.findtext("source"), m.find("translation")
        assert node.get("type") != "unfinished" and node.text, source
        for mark in ("%1", "%2", "{0}", "{1}", "%s", "%d"):
            assert source.count(mark) == node.text.count(mark), source
        # printf-style placeholders are positional: same kinds in the same order
        printf = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdgfe]")
        assert printf.findall(source) == printf.findall(node.text), source


def test_ts_fallback_translator_reads_the_ts_file(qapp):
    tr = i18n.TsTranslator(i18n.TRANSLATIONS / "dlstudio_zh_CN.ts")
    assert tr.translate("MainWindow", "&File") == "文件(&F)"
    # "not here" must be None (a null QString): an empty string would count as a translation
    assert tr.translate("MainWindow", "no such text") is None


def test_compiled_qm_agrees_with_the_ts_file(qapp):
    """The app loads the .qm; a .ts edited without recompiling would silently not show."""
    from PySide6.QtCore import QTranslator

    qm = QTranslator()
    assert qm.load(str(i18n.TRANSLATIONS / "dlstudio_zh_CN.qm"))
    ts = i18n.TsTranslator(i18n.TRANSLATIONS / "dlstudio_zh_CN.ts")
    stale = [key for key, text in ts.table.items() if qm.translate(*key) != text]
    assert not stale, f"run resources/translations/update_translations.py: {stale[:5]}"


@pytest.mark.parametrize("use_qm", [True, False])
def test_strings_a_base_class_translates_show_in_a_subclass(qapp, monkeypatch, tmp_path,
                                                            use_qm):
    """PySide's tr() asks the subclass's context first; the base class's text must win."""
    import shutil

    from dlstudio.gui.plots.gradients import GradientsPanel
    from dlstudio.gui.run_store import RunStore

    if not use_qm:  # only the .ts: the fallback translator
        shutil.copy(i18n.TRANSLATIONS / "dlstudio_zh_CN.ts", tmp_path)
        monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    try:
        i18n.set_language("zh_CN")
        panel = GradientsPanel(RunStore())
        assert panel.export_button.text() == "导出"
        assert [a.text() for a in panel.export_actions] == [
            "图表另存为 PNG 图片...", "图表另存为 SVG 矢量图...", "指标另存为 CSV 表格..."]
        panel.deleteLater()
    finally:
        i18n.set_language("en")


class _Thrower(QObject):
    sigGo = Signal()

    def boom(self):
        raise RuntimeError("a bug in a slot")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_a_dialog_and_the_app_carries_on(qapp, qtbot):
    reporter = ErrorReporter()
    reporter.install()
    try:
        t = _Thrower()
        t.sigGo.connect(t.boom)
        t.sigGo.emit()
        QTimer.singleShot(0, t.boom)
        qtbot.waitUntil(lambda: reporter.count >= 2, timeout=3000)
        assert "a bug in a slot" in reporter.last[0]
        assert reporter.dialog is not None and reporter.dialog.isVisible()
        assert "RuntimeError" in reporter.dialog.text()
        # the event loop still runs
        fired = []
        QTimer.singleShot(0, lambda: fired.append(True))
        qtbot.waitUntil(lambda: bool(fired), timeout=1000)
        reporter.dialog.close()
    finally:
        reporter.uninstall()


def test_no_translated_text_hides_where_lupdate_cannot_see_it():
    """lupdate skips tr() calls inside f-strings; such texts silently stay English."""
    import ast
    from pathlib import Path

    root = Path(i18n.__file__).resolve().parent
    hidden = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr in ("tr", "translate")):
                    hidden.append(f"{path.relative_to(root)}:{call.lineno}")
    assert not hidden, f"tr() inside an f-string: {hidden}"


def test_table_headers_and_registry_texts_show_in_chinese(qapp):
    """Texts kept in constants (headers, scales) and registry names (surfaces, searchable
    hyperparameters) are collected for translation and shown in Chinese."""
    from dlstudio.gui.playground.panel import PlaygroundPanel
    from dlstudio.gui.search.results_view import status_text
    from dlstudio.gui.search.space_editor import SpaceEditorWidget
    from dlstudio.gui.transfer.layer_table import LayerTableWidget
    from dlstudio.gui.transfer.results_view import HistoryTableWidget

    try:
        i18n.set_language("zh_CN")
        headers = []
        for cls in (SpaceEditorWidget, LayerTableWidget, HistoryTableWidget):
            w = cls()
            headers += [w.horizontalHeaderItem(i).text() for i in range(w.columnCount())]
            if cls is SpaceEditorWidget:
                names = [box.text() for box in w.checks.values()]
                assert "超参数" in headers and "动量" in names and "隐藏单元数" in names
            w.deleteLater()
        assert "层" in headers and "冻结" in headers and "微调后准确率" in headers
        assert status_text("cancelled") == "已取消"
        panel = PlaygroundPanel()
        assert panel.surface_combo.itemText(0) == "圆碗"
        panel.deleteLater()
    finally:
        i18n.set_language("en")


def test_network_problems_in_the_editor_read_in_chinese(window):
    """The editor's inline problems come from the engine as messages."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec

    studio = window.studio
    window.set_language("zh_CN")
    studio.set_network_spec(NetworkSpec((28, 28, 1), (LayerSpec("Dense", {"units": 10}),)))
    editor = window.docks["network"].widget()
    editor.refresh()
    shown = editor.stack.itemWidget(editor.stack.item(0)).problem.text()
    assert "Flatten" in shown and "扁平向量" in shown, shown


def test_every_text_the_window_marks_for_translation_is_in_the_catalogue(tmp_path):
    """A new self.tr("...") without re-running update_translations.py stays English."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists() and shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    gui = Path(i18n.__file__).resolve().parent
    raw = tmp_path / "raw.ts"
    subprocess.run([str(lupdate if lupdate.exists() else "pyside6-lupdate"),
                    *sorted(str(p) for p in gui.rglob("*.py")), "-no-obsolete",
                    "-locations", "none", "-ts", str(raw)],
                   check=True, capture_output=True, timeout=120)
    shipped = i18n.TsTranslator(i18n.TRANSLATIONS / "dlstudio_zh_CN.ts").table
    missing = [(ctx.findtext("name"), m.findtext("source"))
               for ctx in ET.parse(raw).getroot().iter("context")
               for m in ctx.iter("message")
               if (ctx.findtext("name"), m.findtext("source")) not in shipped]
    assert not missing, (f"run resources/translations/update_translations.py and translate: "
                         f"{missing[:8]}")


def _panel_texts(panel) -> set[str]:
    """Every text a student reads on a plot panel: its controls and its plots' titles and
    axis labels."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

    texts = set()
    for w in panel.findChildren(QLabel) + panel.findChildren(QAbstractButton):
        texts.add(w.text())
    for box in panel.findChildren(QComboBox):
        texts.update(box.itemText(i) for i in range(box.count()))
    texts |= scene_texts(panel.graphics.scene())
    return {t for t in texts if t}


def test_a_language_switch_reaches_the_plot_panels_controls_and_titles(window, small_studio,
                                                                        qtbot):
    """Switching from the menu after a run: no English control or plot title is left on the
    plot pages, and switching back leaves no Chinese (the titles are rebuilt)."""
    import json

    with qtbot.waitSignal(small_studio.runner.sigFinished, timeout=120000):
        small_studio.start()
    panels = {name: window.plot_panels[name] for name in
              ("convergence", "gradients", "activations", "weights", "units", "outcome")}
    for p in panels.values():
        p.refresh(force=True)
    english = {name: _panel_texts(p) for name, p in panels.items()}
    catalogue = json.loads((i18n.TRANSLATIONS / "zh_CN.json").read_text(encoding="utf-8"))
    translatable = {k for k, v in catalogue.items() if v != k}
    assert english["convergence"] & translatable          # the test looks at real texts
    try:
        window.set_language("zh_CN")
        qtbot.waitUntil(lambda: window.menus["file"].title() != "&File", timeout=3000)
        for p in panels.values():
            p.refresh(force=True)
        for name, p in panels.items():
            left = _panel_texts(p) & translatable
            assert not left, (name, left)
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.menus["file"].title() == "&File", timeout=3000)
    chinese = set(catalogue.values()) - set(catalogue)
    for name, p in panels.items():
        p.refresh(force=True)
        assert not _panel_texts(p) & chinese, name


# -- a failure says what failed, not only its exception's name (walker5 W5-10) ------------------
def test_first_line_of_an_error_reads_past_a_bare_exception_name():
    from dlstudio.gui.errors import first_line

    assert first_line("RuntimeError: \n\n        An attempt has been made to start\n more") \
        == "RuntimeError: An attempt has been made to start"
    assert first_line("Cannot read the file.\nDetails") == "Cannot read the file."
    assert first_line("") == "" and first_line("\n\n") == ""


def test_the_window_does_not_open_inside_a_worker_process(monkeypatch, capsys):
    import multiprocessing

    from dlstudio.gui import app

    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert app.run(["--fresh"]) == 3
    assert "__main__" in capsys.readouterr().err


def test_a_catalogue_rewritten_while_the_app_runs_leaves_the_window_in_its_language(
        qapp, tmp_path, monkeypatch):
    """Walker17 W17-n: in zh classroom mode the toolbar, dialogs and placeholders turned
    English mid-lesson while menus stayed Chinese: the .qm catalogue had been regenerated
    in place while the app ran, and QTranslator reads a file it maps into memory. The
    catalogue is read into memory now."""
    import shutil

    from PySide6.QtCore import QCoreApplication

    from dlstudio.gui import i18n

    copy = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, copy)
    monkeypatch.setattr(i18n, "TRANSLATIONS", copy)
    before = i18n.current_language()
    try:
        i18n.set_language("zh_CN")
        assert QCoreApplication.translate("RunActions", "Start") == "开始"
        qm = copy / "dlstudio_zh_CN.qm"
        size = qm.stat().st_size
        with open(qm, "r+b") as f:           # rewritten in place (same inode, same size)
            f.write(b"\0" * size)
        assert QCoreApplication.translate("RunActions", "Start") == "开始"
    finally:
        i18n.set_language(before)


def _wrapped_lines(text: str, width: int, font) -> list[str]:
    """``text`` broken into lines ``width`` pixels wide, as a word-wrapping label breaks it."""
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_a_chinese_sentences_end_never_stands_alone_on_a_wrapped_line(qapp):
    """walker31 (64zhchanged.png): the Training note's third line held "复。" alone. The
    last characters of each sentence keep together with its full stop, at any width."""
    from dlstudio.gui.i18n import WORD_JOINER, joined_sentence_ends

    text = "你修改了第 2 课第 1 步设的训练设置。上课之前你自己的设置仍然可以恢复。"
    font = qapp.font()
    widths = range(80, 700, 3)
    alone = [w for w in widths if len(_wrapped_lines(text, w, font)[-1].strip()) <= 3]
    assert alone                          # the text as it was: somewhere "复。" alone
    joined = joined_sentence_ends(text)
    assert joined.replace(WORD_JOINER, "") == text
    for width in widths:
        lines = [line.replace(WORD_JOINER, "").strip()
                 for line in _wrapped_lines(joined, width, font)]
        assert len(lines[-1]) >= 4, (width, lines)
        assert not any(len(line) <= 2 and line.endswith("。") for line in lines), lines
    assert joined_sentence_ends("Layer 2 is fine.") == "Layer 2 is fine."


def test_the_training_notes_chinese_keeps_its_sentence_ends_together(qtbot):
    from dlstudio.gui.i18n import WORD_JOINER
    from dlstudio.gui.training.lesson_note import LessonSettingsNoteWidget

    class Studio(QObject):
        sigTrainChanged = Signal()

        def training_set_by(self):
            return ""

        def edited_lesson_training(self):
            return "第 2 课第 1 步"

        def can_restore_own_training(self):
            return True

    studio = Studio()
    i18n.set_language("zh_CN")
    try:
        note = LessonSettingsNoteWidget(studio)
        qtbot.addWidget(note)
        text = note.label.text()
        assert text.endswith(WORD_JOINER.join("以恢复") + "。"), text
    finally:
        i18n.set_language("en")


def test_a_number_at_a_chinese_sentences_end_keeps_its_words_with_it(qapp):
    """The Transfer page's plan ended "…（“解冻顶部层数”为 / 0）。" with "0）。" alone on
    its last line: a number (and the space before it) counts as one of the bound words."""
    from dlstudio.gui.i18n import WORD_JOINER, joined_sentence_ends

    text = "按“训练”：新输出头训练 5 轮，使用 Adam；之后不微调（“解冻顶部层数”为 0）。"
    joined = joined_sentence_ends(text)
    assert joined.replace(WORD_JOINER, "").replace("\u00a0", " ") == text
    font = qapp.font()
    for width in range(60, 500, 3):
        lines = [line.replace(WORD_JOINER, "").strip()
                 for line in _wrapped_lines(joined, width, font)]
        assert lines[-1] != "0）。", (width, lines)

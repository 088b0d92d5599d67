"""Building a network from the keyboard (walker33 W33-14): Enter or Insert on a palette
entry adds it where a double-click does, the layer list's Up/Down buttons come right after
the list in Tab order, and Help > Keyboard shortcuts lists the keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.editor.panel import NetworkEditorPanel
from dlstudio.gui.widgets import space_key


@pytest.fixture
def router(qapp):
    """The application-wide Space/Enter rule, as dlstudio's start installs it: the keys
    below go through it, as real key presses do."""
    made = space_key.install(qapp)
    yield made
    qapp.removeEventFilter(made)
    del qapp.space_key_router


@pytest.fixture
def editor(small_studio, qtbot):
    panel = NetworkEditorPanel(small_studio)
    qtbot.addWidget(panel)
    panel.resize(450, 900)
    panel.show()
    panel.activateWindow()
    qtbot.waitActive(panel)
    small_studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 8, "name": "a"}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax", "name": "out"}))))
    return panel


def _types(studio) -> list[str]:
    return [layer.type for layer in studio.network_spec.layers]


def _focus_palette_on(editor, qtbot, layer_type: str):
    palette = editor.palette_view
    row = next(i for i in range(palette.count())
               if palette.item(i).data(Qt.ItemDataRole.UserRole) == layer_type)
    palette.setFocus()
    qtbot.waitUntil(palette.hasFocus)
    palette.setCurrentRow(row)
    return palette


@pytest.mark.parametrize("key, modifier", [
    (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
    (Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier)])
def test_enter_or_insert_on_a_palette_entry_adds_it_as_a_double_click_does(
        router, editor, small_studio, qtbot, key, modifier):
    editor.stack.setCurrentRow(0)
    palette = _focus_palette_on(editor, qtbot, "Dropout")
    qtbot.keyClick(palette, key, modifier)
    assert _types(small_studio) == ["Dense", "Dropout", "Dense"]    # after the selection
    assert editor.stack.currentRow() == 1
    assert palette.hasFocus()          # the next layer can be added at once
    qtbot.keyClick(palette, key, modifier)
    assert _types(small_studio) == ["Dense", "Dropout", "Dropout", "Dense"]
    small_studio.undo()
    assert _types(small_studio) == ["Dense", "Dropout", "Dense"]


def test_space_on_the_palette_stays_the_pause_key(router, editor, small_studio, qtbot):
    palette = _focus_palette_on(editor, qtbot, "Dropout")
    qtbot.keyClick(palette, Qt.Key.Key_Space)
    assert _types(small_studio) == ["Dense", "Dense"]


def test_the_palettes_context_menu_adds_the_current_entry(editor, small_studio, qtbot):
    """Shift+F10 or the Menu key: a menu whose one entry adds the current kind."""
    palette = _focus_palette_on(editor, qtbot, "Flatten")
    editor.stack.setCurrentRow(0)
    menu = palette.context_menu()
    assert [a.text().split("\t")[0] for a in menu.actions()] == ["Add Flatten to the network"]
    menu.actions()[0].trigger()
    assert _types(small_studio) == ["Dense", "Flatten", "Dense"]


def test_tab_goes_from_the_layer_list_to_its_up_and_down_buttons(router, editor, qtbot):
    """Tab from the list went to "Check before training" first; Up and Down came after it
    (made later), so they seemed out of the keyboard's reach."""
    editor.stack.setFocus()
    qtbot.waitUntil(editor.stack.hasFocus)
    editor.stack.setCurrentRow(1)                  # the last layer: Down is off
    assert editor.move_up_button.isEnabled()
    seen = []
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [editor.move_up_button, editor.check_button]   # Down is disabled
    editor.stack.setCurrentRow(0)
    editor.stack.setFocus()
    qtbot.waitUntil(editor.stack.hasFocus)
    qtbot.keyClick(editor.stack, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.move_down_button
    qtbot.keyClick(editor.move_down_button, Qt.Key.Key_Return)     # Enter presses it
    assert [layer.config.get("name") for layer in editor.studio.network_spec.layers] \
        == ["out", "a"]


def test_alt_arrows_move_the_selected_layer(router, editor, small_studio, qtbot):
    editor.stack.setFocus()
    qtbot.waitUntil(editor.stack.hasFocus)
    editor.stack.setCurrentRow(1)
    qtbot.keyClick(editor.stack, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [layer.config.get("name") for layer in small_studio.network_spec.layers] \
        == ["out", "a"]
    assert editor.stack.currentRow() == 0
    qtbot.keyClick(editor.stack, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [layer.config.get("name") for layer in small_studio.network_spec.layers] \
        == ["a", "out"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_shortcuts_list_says_how_to_add_and_move_a_layer(qapp, lang):
    from dlstudio.gui import i18n
    from dlstudio.gui.widgets.about import key_text, shortcuts_text

    i18n.set_language(lang)
    try:
        text = shortcuts_text()
        add_keys = f"{key_text('Return')} / {key_text('Insert')}"
        move_keys = f"{key_text('Alt+Up')} / {key_text('Alt+Down')}"
    finally:
        i18n.set_language("en")
    assert add_keys in text and move_keys in text
    if lang == "en":
        assert "Add the layer kind" in text and "Move the selected layer" in text
    else:
        assert "Add the layer kind" not in text and "Move the selected layer" not in text

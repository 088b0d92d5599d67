"""install_once keeps one helper per application."""
from __future__ import annotations


def test_install_once_builds_the_helper_the_first_time_only(qapp):
    from dlstudio.gui.widgets.app_filters import install_once

    made = []

    def make(app):
        made.append(app)
        return object()

    first = install_once(qapp, "_test_helper_kept", make)
    assert install_once(qapp, "_test_helper_kept", make) is first and made == [qapp]
    del qapp._test_helper_kept

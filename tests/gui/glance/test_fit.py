"""值班首页 and 交接班 fit the small duty-room screens: 1366×768 and 1280×720, in both themes."""

from __future__ import annotations

import pytest

from dutyroom.gui import theme


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
@pytest.mark.parametrize("name", list(theme.THEMES))
@pytest.mark.parametrize("page_name", ["GlancePage", "HandoverPage"])
def test_the_page_fits_the_small_screens(qtbot, qapp, open_window, accounts, size, name, page_name):
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    window = open_window(accounts[0])
    window.resize(*size)
    index = next(i for i, spec in enumerate(window._specs) if spec.name == page_name)
    window.show_page(index)
    page = window.page(index)
    qtbot.waitUntil(lambda: not page.loading)
    qapp.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], f"needs {hint.toTuple()}"
    assert window.size().toTuple() == size
    # Every button of the page is on screen and shows its whole text.
    from PySide6.QtWidgets import QPushButton

    for button in page.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width() - 1, button.text()
            assert page.rect().contains(button.geometry().translated(button.parentWidget().mapTo(page, button.pos())
                                                                     - button.pos()).center()), button.text()


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_sections_are_laid_out_at_their_new_heights_as_soon_as_they_are_read(qtbot, qapp, open_window,
                                                                           sqlite_services, name):
    # Found in a real window after login: for seconds the sections kept the heights they had empty, their
    # lines cut and "另有 3 件未列出" drawn over them, until the layouts caught up one event-loop turn at a time.
    from dutyroom.services.demo import seed_demo

    passwords = seed_demo(sqlite_services)  # sections with several lines each
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    window = open_window(sqlite_services.users.login("admin", passwords["admin"]))
    window.resize(1280, 740)
    page = window.page(0)
    qtbot.waitUntil(lambda: not page.loading)
    squeezed = {key: (view.height(), view.minimumSizeHint().height()) for key, view in page.views.items()
                if view.height() < view.minimumSizeHint().height()}
    assert squeezed == {}
    for view in page.views.values():
        if view.message.isVisible() and view.list.isVisible():
            assert view.message.geometry().top() > view.list.geometry().bottom(), view.section.key

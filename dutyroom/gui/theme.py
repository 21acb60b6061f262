"""Look and feel: the Chinese font, the light and dark style sheets, tinted icons."""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from dutyroom import paths

log = logging.getLogger(__name__)

THEMES = {"light": "浅色", "dark": "深色"}
DEFAULT_THEME = "light"
#: on the application: the theme chosen, and the theme of the application-wide style sheet (theme_switch.py)
THEME_PROPERTY = "dutyroom_theme"
SHEET_PROPERTY = "dutyroom_sheet_theme"
#: set to 1 to behave as on a machine without any Chinese font (checks the bundled-font path)
FORCE_BUNDLED_ENV = "DUTYROOM_FORCE_BUNDLED_FONT"
POINT_SIZE = 12

# Sans-serif UI fonts in order of preference. A serif Ming face (e.g. AR PL UMing) is legible
# but tiring on screen, so the system's fallback choice is not trusted when one of these exists.
_PREFERRED = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
              "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")

# Colours the style sheets use, repeated here for the palette (dialogs the sheets do not reach,
# e.g. message boxes) and for icons.
_COLOURS = {
    "light": {"window": "#f3f4f6", "base": "#ffffff", "alt": "#f7f8fa", "text": "#1f2933",
              "muted": "#52606d", "accent": "#2f6690", "accent_text": "#ffffff", "highlight": "#d6e4f0",
              "highlight_text": "#102a43", "icon": "#3e5c76", "disabled": "#9aa5b1"},
    "dark": {"window": "#1b1f24", "base": "#22272e", "alt": "#262c34", "text": "#dde3ea",
             "muted": "#9aa5b1", "accent": "#6fa8dc", "accent_text": "#0f1419", "highlight": "#2d4a63",
             "highlight_text": "#ffffff", "icon": "#a9c4de", "disabled": "#5c6670"},
}


def chinese_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def ensure_cjk_font(app: QGuiApplication | None = None, *, force_bundled: bool | None = None) -> str:
    """Make sure Chinese never renders as boxes; returns the family that draws Chinese text.

    A machine without any Chinese font gets the bundled font registered and added to the application
    font. `force_bundled` (or DUTYROOM_FORCE_BUNDLED_FONT=1) pretends the system has none.
    """
    app = app or QGuiApplication.instance()
    if force_bundled is None:
        force_bundled = os.environ.get(FORCE_BUNDLED_ENV, "") not in ("", "0")
    font = QFont(app.font())
    system = [] if force_bundled else chinese_families()
    chosen = next((f for f in _PREFERRED if f in system), None)
    if chosen:
        font.setFamilies([chosen])
    elif not system:
        chosen = _load_bundled_font()
        if chosen:
            # The bundled font has no Latin letters: the platform's UI face draws those, ours the Chinese.
            latin = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
            font.setFamilies([latin, chosen] if latin and latin != chosen else [chosen])
    # Platform defaults (9 pt on Windows) are too small for dense Chinese read at night.
    font.setPointSize(POINT_SIZE)
    app.setFont(font)
    return chosen or QFontInfo(font).family()


@lru_cache(maxsize=1)
def _load_bundled_font() -> str | None:
    path = paths.bundled_font()
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.error("bundled font could not be loaded: %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


# -- themes -----------------------------------------------------------------------------------

def stylesheet(name: str) -> str:
    """resources/styles/<name>.qss; its `url(icons/…)` point into resources/icons wherever that is."""
    root = paths.resources_dir()
    text = (root / "styles" / f"{name}.qss").read_text(encoding="utf-8")
    return text.replace("url(icons/", f"url({(root / 'icons').as_posix()}/")


@lru_cache(maxsize=len(THEMES))
def stylesheet_text(name: str) -> str:
    # The files ship with the program and do not change while it runs: read each once per process.
    return stylesheet(name)


def palette(name: str) -> QPalette:
    c = {k: QColor(v) for k, v in _COLOURS[name].items()}
    pal = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, c["window"]), (role.WindowText, c["text"]), (role.Base, c["base"]),
                      (role.AlternateBase, c["alt"]), (role.Text, c["text"]), (role.Button, c["alt"]),
                      (role.ButtonText, c["text"]), (role.ToolTipBase, c["base"]), (role.ToolTipText, c["text"]),
                      (role.Highlight, c["highlight"]), (role.HighlightedText, c["highlight_text"]),
                      (role.PlaceholderText, c["muted"]), (role.Link, c["accent"]), (role.BrightText, c["text"])):
        pal.setColor(r, colour)
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, c["disabled"])
    return pal


def apply_theme(app: QApplication, name: str) -> str:
    """Fusion style + palette + application-wide style sheet; an unknown name falls back to the light theme.

    Every widget of the program is restyled: for the start and for tests. A running program switches with
    theme_switch.switch, which restyles only what is on screen."""
    if name not in THEMES:
        name = DEFAULT_THEME
    if app.styleSheet():
        # Replacing one application style sheet by another makes Qt repolish each widget once per ancestor
        # (QStyleSheetStyle::repolish walks the children of every styled object): 2–3 s for the main window's
        # ~1,100 widgets. Removing the sheet first turns the switch into two plain setStyle passes, one visit
        # per widget each (~10× faster), and into the very steps a fresh start takes, so it looks the same.
        app.setStyleSheet("")
    if app.style().name().lower() != "fusion":
        # Only on the first call: while a sheet is set, style() is Qt's style-sheet wrapper, whose name is
        # not "fusion", and setting Fusion again would re-polish every widget for nothing.
        app.setStyle("Fusion")  # the same look on every platform; native styles ignore parts of the QSS
    app.setPalette(palette(name))
    app.setStyleSheet(stylesheet_text(name))
    app.setProperty(THEME_PROPERTY, name)
    app.setProperty(SHEET_PROPERTY, name)
    return name


def current_theme(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()
    value = app.property(THEME_PROPERTY) if app else None
    return value if value in THEMES else DEFAULT_THEME


def colour(key: str, theme: str | None = None) -> str:
    return _COLOURS[theme or current_theme()][key]


# -- icons ------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _icon_svg(name: str) -> bytes:
    return (paths.resources_dir() / "icons" / f"{name}.svg").read_bytes()


def icon(name: str, theme: str | None = None, *, size: int = 48, focus_on_accent: bool = False) -> QIcon:
    """resources/icons/<name>.svg in the theme's icon colour (the files draw with currentColor);
    selected items (white on the accent colour) get a matching light variant. `focus_on_accent`: a button
    that turns accent-coloured when focused (a message box's buttons: the focused one is the default) draws
    its icon in the accent's text colour then — the dark icon vanished on the blue (保留草稿, 继续填写)."""
    return _themed_icon(name, theme or current_theme(), size, focus_on_accent)


# QIcon is implicitly shared: a cached one costs nothing to hand out again, and a theme switch back and forth
# no longer renders every navigation icon anew.
@lru_cache(maxsize=256)
def _themed_icon(name: str, theme: str, size: int, focus_on_accent: bool = False) -> QIcon:
    try:
        svg = _icon_svg(name)
    except OSError:
        log.warning("icon missing: %s", name)
        return QIcon()
    result = QIcon()
    modes = [(QIcon.Mode.Normal, "icon"), (QIcon.Mode.Selected, "accent_text")]
    if focus_on_accent:  # Qt draws a focused button's icon in Active mode
        modes.append((QIcon.Mode.Active, "accent_text"))
    for mode, key in modes:
        result.addPixmap(_render(svg.replace(b"currentColor", colour(key, theme).encode()), size), mode)
    return result


def _render(svg: bytes, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg))
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap

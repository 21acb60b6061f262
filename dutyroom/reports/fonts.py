"""Fonts of the printed documents: find the official fonts, check them, register them with reportlab.

Every document font is a TrueType font that reportlab subsets and embeds, so a PDF prints the same on
any machine. Roles follow GB/T 9704: "title" 小标宋, "heading" 黑体, "body" 仿宋, "kai" 楷体. When an
office font is missing the next candidate is tried, and a bundled font is the last resort: AR PL
UMing (a Ming face, the closest free relative of 宋体) for titles and body, Droid Sans Fallback (a
sans face, like 黑体) for headings. An administrator may name a font file per role (workstation
settings, 设置 → 文书字体); a named file that cannot be used is reported, not silently replaced.
CFF-flavoured OpenType fonts (Noto CJK, Source Han) cannot be embedded by reportlab and are skipped.

The bundled UMing holds only GB 2312, Droid Sans Fallback has no Latin letters or digits, and
仿宋_GB2312 lacks rarer name characters, so `markup()` / `text_runs()` switch to a fallback font for
each character the main font lacks (the Latin font, then UMing, then Droid).

Each face is parsed once a process, and across processes through `font_cache` (parsing a CJK font
takes longer than building most documents).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics

from dutyroom import paths
from dutyroom.errors import DutyRoomError
from dutyroom.reports import font_cache
from dutyroom.workstation import load_workstation

FONT_DIRS_ENV = "DUTYROOM_FONT_DIRS"
ROLES = ("title", "heading", "body", "kai")
LATIN = "latin"  # the role of the Latin fallback font (digits and letters the CJK font may lack)
ROLE_LABELS = {"title": "标题", "heading": "小标题", "body": "正文", "kai": "楷体行", LATIN: "数字与字母"}
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_CJK_PROBE = "值班通讯录"
_LATIN_PROBE = "0123456789A—"


@dataclass(frozen=True)
class Candidate:
    label: str
    files: tuple[str, ...]  # file names, matched case-insensitively
    subfont: int = 0  # face inside a .ttc collection


_XIAOBIAOSONG = Candidate(
    "方正小标宋",
    ("方正小标宋简体.ttf", "FZXBSJW.TTF", "FZXBSJW--GB1-0.ttf", "方正小标宋_GBK.ttf", "FZXBSK.TTF",
     "FZXiaoBiaoSong-B05S.ttf", "小标宋.ttf"),
)
_SIMHEI = Candidate("黑体", ("simhei.ttf", "黑体.ttf", "STHeiti Medium.ttc", "STHEITI.TTF"))
_YAHEI = Candidate("微软雅黑", ("msyh.ttc", "msyh.ttf"))
_WQY = Candidate("文泉驿正黑", ("wqy-zenhei.ttc", "wqy-microhei.ttc"))
_FANGSONG_GB2312 = Candidate("仿宋_GB2312", ("仿宋_GB2312.ttf", "FANGSONG_GB2312.TTF", "FS_GB2312.ttf"))
_FANGSONG = Candidate("仿宋", ("simfang.ttf", "仿宋.ttf", "FZFSJW.TTF", "方正仿宋简体.ttf", "FZFSK.TTF", "STFANGSO.TTF"))
_SIMSUN = Candidate("宋体", ("simsun.ttc", "simsun.ttf", "宋体.ttf", "STSONG.TTF"))
_UMING = Candidate("AR PL UMing", ("uming.ttc",))
_KAITI = Candidate("楷体", ("楷体_GB2312.ttf", "KAITI_GB2312.TTF", "simkai.ttf", "楷体.ttf", "FZKTJW.TTF", "STKAITI.TTF"))
_UKAI = Candidate("AR PL UKai", ("ukai.ttc",))

CANDIDATES: dict[str, tuple[Candidate, ...]] = {
    "title": (_XIAOBIAOSONG, _SIMHEI, _YAHEI, _WQY),
    "heading": (_SIMHEI, _YAHEI, _WQY),
    "body": (_FANGSONG_GB2312, _FANGSONG, _SIMSUN, _UMING),
    "kai": (_KAITI, _UKAI),  # optional: falls back to the body font, not to the bundled one
    LATIN: (
        Candidate("Arial", ("arial.ttf",)),
        Candidate("Liberation Sans", ("LiberationSans-Regular.ttf",)),
        # Condensed first: a roster's phone column holds five 11-digit numbers on one line.
        Candidate("DejaVu Sans Condensed", ("DejaVuSansCondensed.ttf",)),
        Candidate("DejaVu Sans", ("DejaVuSans.ttf",)),
    ),
}


@dataclass(frozen=True)
class ResolvedFont:
    role: str
    name: str  # the registered reportlab font name: use it in styles and canvas.setFont
    path: Path
    subfont: int
    label: str
    bundled: bool = False
    chosen: bool = False  # named by the administrator (workstation settings)


@dataclass(frozen=True)
class FontSet:
    roles: dict[str, ResolvedFont]  # ROLES plus LATIN
    fallbacks: tuple[str, ...]  # tried in order for characters a role's font lacks
    problems: tuple[str, ...] = ()  # administrator-chosen files that could not be used, in Chinese

    def name(self, role: str) -> str:
        try:
            return self.roles[role].name
        except KeyError:
            raise ValueError(f"unknown font role {role!r}") from None


# ---- discovery ---------------------------------------------------------------------------------


def system_font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [Path(os.environ.get("WINDIR") or "C:/Windows") / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    dirs += [
        Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts",
        Path("/Library/Fonts"), home / "Library/Fonts", Path("/System/Library/Fonts"),
    ]
    return dirs


def font_dirs() -> list[Path]:
    """Folders searched for fonts: those of DUTYROOM_FONT_DIRS first, then the system's."""
    extra = [Path(p) for p in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if p.strip()]
    return extra + system_font_dirs()


def _index(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-cased file name → path of every font file under `dirs` (the earlier folder wins)."""
    found: dict[str, Path] = {}
    for top in dirs:
        if not top.is_dir():
            continue
        for folder, _subdirs, files in os.walk(top, onerror=lambda _e: None):
            for file in files:
                key = file.lower()
                if key.endswith(_FONT_SUFFIXES) and key not in found:
                    found[key] = Path(folder) / file
    return found


_loaded: dict[tuple[str, int], str | None] = {}  # (path, subfont) → registered name, None = unusable
_coverage: dict[str, dict[int, int]] = {}  # registered name → code point → glyph
_lock = threading.RLock()


def _register(path: Path, subfont: int, probe: str) -> str | None:
    """Register a TrueType font with reportlab; None if it is not usable (CFF, damaged, no CJK...)."""
    key = (str(path), subfont)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        digest = hashlib.sha1(f"{path}#{subfont}".encode()).hexdigest()[:8]
        stem = re.sub(r"[^A-Za-z0-9]+", "", path.stem) or "font"
        name = f"DutyRoom-{stem}-{subfont}-{digest}"
        try:
            font = font_cache.load_font(name, path, subfont)
            glyphs = font.face.charToGlyph
            usable = all(ord(ch) in glyphs for ch in probe)
        except Exception:  # reportlab raises TTFError, struct.error, OSError... for fonts it cannot embed
            usable = False
        if usable:
            pdfmetrics.registerFont(font)
            _coverage[name] = glyphs
        _loaded[key] = name if usable else None
        return _loaded[key]


def _first_usable(role: str, index: dict[str, Path]) -> ResolvedFont | None:
    probe = _LATIN_PROBE if role == LATIN else _CJK_PROBE
    for candidate in CANDIDATES[role]:
        for file in candidate.files:
            path = index.get(file.lower())
            if path is not None and (name := _register(path, candidate.subfont, probe)):
                return ResolvedFont(role, name, path, candidate.subfont, candidate.label)
    return None


def _bundled(role: str, path: Path, label: str, probe: str) -> ResolvedFont:
    name = _register(path, 0, probe) if path.is_file() else None
    if name is None:
        raise DutyRoomError(f"程序文件不完整：内置字体不可用（{path}），请重新安装本程序。")
    return ResolvedFont(role, name, path, 0, label, bundled=True)


def check_font_file(role: str, file: str) -> str | None:
    """Why a font file cannot print a role (in Chinese), or None when it can be embedded."""
    path = Path(file).expanduser()
    if not path.is_file():
        return f"{ROLE_LABELS[role]}字体文件不存在：{path}"
    if _register(path, 0, _LATIN_PROBE if role == LATIN else _CJK_PROBE) is None:
        return f"{ROLE_LABELS[role]}字体无法嵌入 PDF（需含中文的 TrueType 字体，.ttf/.ttc）：{path}"
    return None


def _chosen(role: str, file: str, problems: list[str]) -> ResolvedFont | None:
    """The font file the administrator named for a role, if it can be embedded."""
    if (problem := check_font_file(role, file)) is not None:
        problems.append(problem)
        return None
    path = Path(file).expanduser()
    name = _register(path, 0, _CJK_PROBE)
    assert name is not None  # checked just above (registration is cached)
    return ResolvedFont(role, name, path, 0, path.stem, chosen=True)


def resolve_fonts(search_dirs: Sequence[Path] | None = None, chosen: dict[str, str] | None = None) -> FontSet:
    """Pick and register a font for every role: the file named in `chosen` (role → path), else the
    first official font found in `search_dirs` (default: font_dirs()), else a bundled one."""
    index = _index(font_dirs() if search_dirs is None else search_dirs)
    serif = _bundled("body", paths.bundled_serif_font(), "AR PL UMing（程序自带）", _CJK_PROBE)
    sans = _bundled("heading", paths.bundled_font(), "Droid Sans Fallback（程序自带）", _CJK_PROBE)
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    problems: list[str] = []
    picked = {role: _chosen(role, file, problems) for role, file in (chosen or {}).items() if file.strip()}
    roles: dict[str, ResolvedFont] = {}
    for role, last in (("title", serif), ("heading", sans), ("body", serif)):
        roles[role] = picked.get(role) or _first_usable(role, index) or replace(last, role=role)
    roles["kai"] = picked.get("kai") or _first_usable("kai", index) or replace(roles["body"], role="kai")
    roles[LATIN] = _first_usable(LATIN, index) or _bundled(LATIN, vera, "Bitstream Vera", _LATIN_PROBE)
    # Latin first: a heading in the sans face gets sans digits, not the Ming face's; a character no
    # Latin font has (a rare name character) then goes to the Ming face, and to the sans one last.
    return FontSet(roles, fallbacks=(roles[LATIN].name, serif.name, sans.name), problems=tuple(problems))


_current: FontSet | None = None


def current_fonts() -> FontSet:
    """The fonts of this process: resolved on first use, then kept."""
    global _current
    with _lock:
        if _current is None:
            _current = resolve_fonts(chosen=chosen_font_files())
        return _current


def chosen_font_files() -> dict[str, str]:
    """Role → font file the administrator named in this workstation's settings (may be empty)."""
    ws = load_workstation()
    return {"title": ws.font_title, "heading": ws.font_heading, "body": ws.font_body, "kai": ws.font_kai}


generation = 0  # bumped when the fonts may change: caches of measured text key on it


def reset_font_cache() -> None:
    """Forget the chosen fonts (after DUTYROOM_FONT_DIRS changed, or in tests)."""
    global _current, generation
    with _lock:
        _current = None
        generation += 1


def font_for(role: str) -> str:
    """The registered reportlab font name for a role: "title", "heading", "body", "kai" or "latin"."""
    return current_fonts().name(role)


def describe_fonts() -> dict[str, Path]:
    """Role → font file in use (for the About page and for support calls)."""
    return {role: font.path for role, font in current_fonts().roles.items()}


# ---- per-character fallback --------------------------------------------------------------------


# Written only when no font of the chain has the character: the meaning survives, the glyph differs.
REPLACEMENTS = {
    "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI", "Ⅶ": "VII", "Ⅷ": "VIII",
    "☐": "□", "☑": "√", "✓": "√", "✔": "√", "✗": "×", "✘": "×", "⚠": "！", "–": "-", "‑": "-",
    "‧": "·", "・": "·",  # the other middle dots of foreign names typed from other input methods
}


def covers(font_name: str, ch: str) -> bool:
    glyphs = _coverage.get(font_name)
    return glyphs is None or ord(ch) in glyphs  # fonts not registered here: trust them


def text_runs(text: str, font_name: str, fontset: FontSet | None = None) -> list[tuple[str, str]]:
    """Split text into (chunk, font name) runs so each character is drawn by a font that has it;
    a character no font has is written as its REPLACEMENTS entry where there is one."""
    chain = (font_name, *(fontset or current_fonts()).fallbacks)
    runs: list[tuple[str, str]] = []
    for ch in text:
        chosen = font_name
        if not ch.isspace():
            found = next((name for name in chain if covers(name, ch)), None)
            if found is None and ch in REPLACEMENTS:
                ch = REPLACEMENTS[ch]
                found = next((name for name in chain if all(covers(name, c) for c in ch)), None)
            chosen = found or font_name
        if runs and runs[-1][1] == chosen:
            runs[-1] = (runs[-1][0] + ch, chosen)
        else:
            runs.append((ch, chosen))
    return runs


def missing(text: str, font_name: str, fontset: FontSet | None = None) -> str:
    """The characters of `text` that would print as an empty box (no font of the chain has them)."""
    return "".join(sorted({c for chunk, name in text_runs(text, font_name, fontset) for c in chunk
                           if not c.isspace() and not covers(name, c)}))


def markup(text: str, font_name: str) -> str:
    """Escape text for a reportlab Paragraph, with <font> tags where a fallback font is needed.

    Line breaks in the text become <br/>."""
    parts = []
    for chunk, name in text_runs(text, font_name):
        # html.escape, not xml.sax.saxutils.escape (the same three characters): saxutils imports urllib.request,
        # http.client and ssl, ~25 ms of every report command (issue 14).
        safe = html.escape(chunk, quote=False).replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(safe if name == font_name else f'<font face="{name}">{safe}</font>')
    return "".join(parts)

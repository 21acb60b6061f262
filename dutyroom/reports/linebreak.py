"""Chinese line breaking for every paragraph of the documents (installed into reportlab on import).

reportlab breaks CJK text after whichever character reaches the margin. An office would not sign a
page that reads "1" at the end of a line and "人" at the start of the next, or ends a paragraph with
one character alone on its last line. The rules here, on top of reportlab's (a closing mark hangs in
the margin rather than start a line):
- a number is not parted from what follows it ("1人", "3.5小时", "100.0%"), nor a Latin or digit run
  from itself ("09:00", "2026-12-03", "0571-87051234"): the break moves back to before the token. A
  token wider than a whole line is parted after its "-" when it has one, else it overhangs; the ":"
  or "." inside a token never hangs in the margin as a closing mark would;
- a paragraph's last line holds at least two characters (not counting punctuation): the line
  before gives one up;
- a line does not start with a space;
- a justified line of Chinese is justified: what a moved number leaves at its end is spread between
  its characters (reportlab justifies only at spaces, which Chinese text has none of);
- a paragraph on the official character grid (GB/T 9704: 28 characters of 三号 in the 156 mm line)
  measures and draws every character with the grid's character spacing (`on_grid`), as Word's 文档网格
  does: 16 pt glyphs at a 15.79 pt pitch.
Both of reportlab's CJK paths are replaced: one-font paragraphs (textsplit.dumbSplit) and mixed-font
ones (paragraph.cjkFragSplit); the rest of reportlab is untouched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

_FUZZ = 1e-6
_OBJECT = chr(0xFFFC)  # stands for a unit without text (never printed)
_NUMBER = frozenset("0123456789")
_grid_space = [0.0]  # the character spacing of the paragraph being broken (0 off the grid)
_LATIN_RUN = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:%‰℃")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZ" or ch in "—…%％"


def _ideograph(ch: str) -> bool:
    return 0x3400 <= ord(ch) <= 0x9FFF


def glued(before: str, after: str) -> bool:
    """True when no line may break between `before` and `after` (whatever surrounds them)."""
    if before in _LATIN_RUN and after in _LATIN_RUN and (before not in "%‰℃"):
        return True  # "2026", "100.0%", "12:30", "A3"
    return before in _NUMBER and _ideograph(after)  # a number and its unit: "1人", "03分", "6号"


# Units of more than one character: "3.5小时" is not parted as "3.5小" / "时".
_UNITS = sorted(("小时", "分钟", "公里", "千米", "平方米", "平方公里", "立方米", "公顷", "毫米", "厘米",
                 "万元", "亿元", "千元", "万人", "千克", "公斤", "人次", "户次", "架次", "车次", "余人",
                 "多人", "周岁", "个月", "摄氏度"), key=len, reverse=True)
_JOINERS = "-/－／"  # inside a number: "2026-12-03", "0571-87051234", "12/3"


def glue_map(chars: Sequence[str]) -> tuple[list[bool], frozenset[int]]:
    """(glue, soft): glue[i] when no line may break before chars[i]; soft holds the places inside such
    a token where it may break when the whole token is wider than a line (after the "-" of a date or a
    telephone number). "14时" / "03分" and "12月" / "3日" part as Chinese text does, not inside a number."""
    n = len(chars)
    glue = [i > 0 and glued(chars[i - 1], chars[i]) for i in range(n)]
    soft: set[int] = set()
    for i in range(1, n - 1):
        before, ch, after = chars[i - 1], chars[i], chars[i + 1]
        if before in _NUMBER and after in _NUMBER and ch in _JOINERS:
            glue[i] = glue[i + 1] = True
            soft.add(i + 1)
    for i in range(1, n):
        if chars[i - 1] in _NUMBER and _ideograph(chars[i]):
            text = "".join(chars[i:i + 4])
            unit = next((u for u in _UNITS if text.startswith(u)), "")
            for k in range(i + 1, i + len(unit)):
                glue[k] = True
    return glue, frozenset(soft)


def _lines(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float],
           hard: frozenset[int], limits: dict[int, int]) -> list[tuple[int, int, float, bool]]:
    """(start, end, width used, ends at a hard break) per line."""
    lines: list[tuple[int, int, float, bool]] = []
    glue, soft = glue_map(chars)
    n, start = len(chars), 0
    while start < n:
        while start < n and chars[start].isspace() and start not in hard:
            start += 1  # no line starts with a space
        if start >= n:
            break
        room = max_widths[min(len(lines), len(max_widths) - 1)]
        limit = limits.get(len(lines), n)
        end, used = start, 0.0
        while end < n and end < limit:
            if used + widths[end] > room + _FUZZ and end > start:
                break
            used += widths[end]
            end += 1
            if end - 1 in hard:
                break
        broke_hard = end - 1 in hard
        if not broke_hard and end < n:
            if chars[end] in paragraph.ALL_CANNOT_START and end < limit and not glue[end]:
                used += widths[end]  # a closing mark hangs in the margin (not the ":" of "09:00")
                end += 1
            elif glue[end]:
                back = end
                while back - 1 > start and glue[back]:
                    back -= 1
                if not glue[back]:  # the token goes over to the next line whole
                    used -= sum(widths[back:end])
                    end = back
                else:  # the line is one token wider than the line: part it where it may be, else overhang
                    parts = [p for p in soft if start < p <= end]
                    if parts:
                        used -= sum(widths[max(parts):end])
                        end = max(parts)
                    else:
                        while end < n and glue[end] and end not in soft:
                            used += widths[end]
                            end += 1
        lines.append((start, end, used, broke_hard))
        start = end
    return lines


def break_lines(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float],
                hard: frozenset[int] = frozenset()) -> list[tuple[int, int, float, bool]]:
    lines = _lines(chars, widths, max_widths, hard, {})
    if len(lines) >= 2 and not lines[-2][3]:
        start, end = lines[-1][0], lines[-1][1]
        if sum(1 for ch in chars[start:end] if not _is_punct(ch)) == 1:
            before = lines[-2]
            if before[1] - before[0] > 4:  # the line before gives up a character (and its glued ones)
                retry = _lines(chars, widths, max_widths, hard, {len(lines) - 2: before[1] - 1})
                if len(retry) == len(lines):
                    lines = retry
    return lines


class on_grid:  # noqa: N801 (used as a statement: `with on_grid(space):`)
    """While a grid paragraph is broken into lines, every character is `space` wider (or narrower)."""

    def __init__(self, space: float):
        self.space = space

    def __enter__(self) -> None:
        self.saved, _grid_space[0] = _grid_space[0], self.space

    def __exit__(self, *_exc) -> None:
        _grid_space[0] = self.saved


def _dumb_split(word: str, widths: Sequence[float], maxWidths, _FUZZ=_FUZZ):  # noqa: N803 (reportlab's)
    max_widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    if _grid_space[0]:
        widths = [w + _grid_space[0] for w in widths]
    out = []
    for n, (start, end, used, _hard) in enumerate(break_lines(word, widths, max_widths)):
        room = max_widths[min(n, len(max_widths) - 1)]
        out.append([room - used, word[start:end].strip()])
    return out


def _frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803 (reportlab's names)
    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(paragraph.cjkU(text, f, encoding))
    max_widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_widths[0]
            w = w.normalizedValue(max_widths[0])
        widths.append(w + _grid_space[0] if str(u) else w)
    hard = frozenset(i for i, u in enumerate(units) if hasattr(u.frag, "lineBreak"))
    chars = [str(u) or _OBJECT for u in units]  # a line break or an image: neither space nor text
    lines = []
    for n, (start, end, used, broke_hard) in enumerate(break_lines(chars, widths, max_widths, hard)):
        room = max_widths[min(n, len(max_widths) - 1)]
        lines.append(paragraph.makeCJKParaLine(units[start:end], room, used, room - used, broke_hard, calcBounds))
    return paragraph.ParaLines(kind=1, lines=lines)


def _spread(tx, extra: float, text: str, last) -> bool:
    """Set the character spacing that fills a justified CJK line; False when it is not one."""
    if last or extra <= 1e-6 or " " in text.strip() or not any(_ideograph(ch) for ch in text):
        return False
    gaps = len(text) - 1
    if gaps <= 0 or extra / gaps > 0.5 * paragraph.stringWidth("中", tx._fontname, tx._fontsize):
        return False  # a short line before a hard break, not one to stretch
    tx.setCharSpace(getattr(tx, "grid_space", 0.0) + extra / gaps)
    return True


_plain_justify = paragraph._justifyDrawParaLine
_frags_justify = paragraph._justifyDrawParaLineX


def _justify(tx, offset, extraspace, words, last=0):
    if _spread(tx, extraspace, "".join(words), last):
        try:
            return _plain_justify(tx, offset, 0, words, last)
        finally:
            tx.setCharSpace(getattr(tx, "grid_space", 0.0))
    return _plain_justify(tx, offset, extraspace, words, last)


def _justify_frags(tx, offset, line, last=0):
    text = "".join(getattr(w, "text", "") for w in line.words if not hasattr(w, "cbDefn"))
    if not line.lineBreak and _spread(tx, line.extraSpace, text, last):
        try:
            saved, line.extraSpace = line.extraSpace, 0
            return _frags_justify(tx, offset, line, last)
        finally:
            line.extraSpace = saved
            tx.setCharSpace(getattr(tx, "grid_space", 0.0))
    return _frags_justify(tx, offset, line, last)


textsplit.dumbSplit = _dumb_split
paragraph.cjkFragSplit = _frag_split
paragraph._justifyDrawParaLine = _justify
paragraph._justifyDrawParaLineX = _justify_frags

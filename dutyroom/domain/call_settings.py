"""The office's call categories and quick texts, as the administrator types them in 设置.

Both are kept as text in the settings row (one JSON document for the whole office), so a list edited
on one workstation is the list on all of them; these functions read that text and say, in Chinese and
with the line, what is wrong with it.
"""

from __future__ import annotations

import re

CATEGORY_MAX_LEN = 30  # the call.category column
MAX_CATEGORIES = 40
QUICK_CODE = re.compile(r"^[a-z0-9]{1,10}$")
QUICK_TEXT_MAX = 200
_SEPARATORS = re.compile(r"[,，、;；\n]+")


def parse_categories(text: str) -> list[str]:
    """Comma-separated (，、; also accepted) names in menu order, duplicates dropped."""
    names: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


def category_problem(text: str) -> str | None:
    names = parse_categories(text)
    if not names:
        return "请至少填写一个来电类别"
    if len(names) > MAX_CATEGORIES:
        return f"来电类别最多 {MAX_CATEGORIES} 个"
    long = [n for n in names if len(n) > CATEGORY_MAX_LEN]
    if long:
        return f"类别“{long[0][:10]}…”太长（最多 {CATEGORY_MAX_LEN} 个字）"
    return None


def parse_quick_texts(text: str) -> dict[str, str]:
    """One "短码=标准用语" per line (full-width ＝ accepted); blank lines and bad lines are skipped."""
    phrases: dict[str, str] = {}
    for line in (text or "").splitlines():
        code, sep, phrase = line.replace("＝", "=").partition("=")
        code, phrase = code.strip().lower(), phrase.strip()
        if sep and QUICK_CODE.match(code) and phrase and len(phrase) <= QUICK_TEXT_MAX:
            phrases[code] = phrase
    return phrases


def quick_text_problem(text: str) -> str | None:
    """The first bad line, named by its number, or None."""
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, phrase = line.replace("＝", "=").partition("=")
        if not sep:
            return f"第 {number} 行缺少“=”：应写成“短码=标准用语”，例如 yc=已一次性告知办理流程和所需材料。"
        if not QUICK_CODE.match(code.strip().lower()):
            return f"第 {number} 行的短码“{code.strip()[:12]}”无效：短码为 1 到 10 个英文字母或数字"
        if not phrase.strip():
            return f"第 {number} 行缺少标准用语"
        if len(phrase.strip()) > QUICK_TEXT_MAX:
            return f"第 {number} 行的标准用语太长（最多 {QUICK_TEXT_MAX} 个字）"
    return None

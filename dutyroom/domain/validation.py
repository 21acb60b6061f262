"""Input checks shared by services and imports. Messages are what the user sees next to a field."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")  # and what XML cannot carry
_PHONE_ALLOWED = re.compile(r"^[0-9+\-()（）转,，、/ ]+$")


class Problems(dict):
    """field name -> message; truthy when something is wrong."""

    def need(self, field: str, ok: bool, message: str) -> None:
        if not ok and field not in self:
            self[field] = message


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """Strip, drop control characters, unify full-width ASCII the way an IME types it."""
    text = unicodedata.normalize("NFC", value or "")
    if not multiline:
        text = text.replace("\r", " ").replace("\n", " ")
    text = _CONTROL.sub("", text)
    return text.strip()


def normalize_phone(value: str | None) -> str:
    """Full-width digits and separators to ASCII; spaces collapsed. Empty stays empty."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = text.replace("—", "-").replace("－", "-")
    return re.sub(r"\s+", " ", text)


def phone_problem(value: str) -> str | None:
    if not value:
        return None
    if not _PHONE_ALLOWED.match(value):
        return "电话号码只能包含数字、“-”、括号、“转”和分隔符"
    if sum(ch.isdigit() for ch in value) < 3:
        return "电话号码太短"
    if len(value) > 60:
        return "电话号码太长（最多 60 个字符）"
    return None


def check_text(problems: Problems, field: str, value: str, label: str, *, required: bool = False,
               max_len: int = 100) -> None:
    if required:
        problems.need(field, bool(value), f"请填写{label}")
    problems.need(field, len(value) <= max_len, f"{label}太长（最多 {max_len} 个字）")


def check_phone(problems: Problems, field: str, value: str) -> None:
    message = phone_problem(value)
    if message:
        problems.need(field, False, message)

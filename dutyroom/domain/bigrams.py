"""Character bigrams: the search index terms and the similarity of call summaries.

Chinese has no spaces and most words are two characters, so text is cut into overlapping pairs of
characters (the approach of Lucene's CJK analyzer): "停水问题" → 停水 水问 问题. A query matches when
its pairs occur consecutively, which finds any substring of two or more characters. Digits and
Latin letters are paired the same way, so part of a phone or plate number is found too.

Each run of letters/digits/ideographs also ends with its last character alone, so a one-character
query (a prefix query on the terms) finds a character even where it ends a run ("停水" → 停水 水).
Runs are broken by spaces and punctuation; pairs never span two runs or two fields. A middle dot
joins instead of breaking (浙A·3K27X is found by 浙A3K27X).

Digits get a second, longer gram. There are only a hundred digit pairs and each occurs in a large
share of calls, so a phone number as a phrase of pairs intersects several very long posting lists
(35 ms for 11 digits over a million calls). Every run of four or more digits is therefore also
indexed as its overlapping 4-digit grams, after the field's pairs, and a query of four or more
digits is the phrase of those: far rarer terms, same results. A run of seven or more digits (a landline,
a mobile, an ID card) is also indexed as its overlapping 7-digit grams, after the 4-digit ones, and a
query of seven or more digits is the phrase of those: at a million calls a 7-digit gram is held by a
handful of calls, where a mobile's eight 4-digit grams were each held by thousands (PostgreSQL: 11 ms for
a whole mobile, 1/19 of a scan, issue 14). Query and index must agree on this; migration 0022 added
the 7-digit grams to an index built before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

DIGIT_GRAM = 4
LONG_DIGIT_GRAM = 7
_DIGITS = re.compile(f"[0-9]{{{DIGIT_GRAM},}}")
_JOINERS = "·•・‧"  # middle dots inside plate numbers and foreign names


def _runs(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    runs, current = [], []
    for ch in text:
        if ch in _JOINERS:
            continue
        if ch.isalnum():
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def run_terms(run: str) -> list[str]:
    """The terms of one run: its consecutive pairs, then its last character alone."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def digit_grams(digits: str, size: int = DIGIT_GRAM) -> list[str]:
    return [digits[i:i + size] for i in range(len(digits) - size + 1)]


def index_terms(texts: Iterable[str | None], *, long_digit_grams: bool = True) -> list[str]:
    """The terms to index for the given fields, in order (positions matter for phrase matching).
    `long_digit_grams=False`: the terms as indexed before migration 0022 (which must unindex them)."""
    terms: list[str] = []
    for text in texts:
        runs = _runs(text or "")
        for run in runs:
            terms.extend(run_terms(run))
        for run in runs:
            for digits in _DIGITS.findall(run):
                terms.extend(digit_grams(digits))
                if long_digit_grams and len(digits) >= LONG_DIGIT_GRAM:
                    terms.extend(digit_grams(digits, LONG_DIGIT_GRAM))
    return terms


def query_phrase(run: str) -> list[str] | None:
    """The terms a query run must match in a row, or None for a one-character run (a prefix query)."""
    if len(run) < 2:
        return None
    if len(run) >= DIGIT_GRAM and run.isascii() and run.isdigit():
        return digit_grams(run, LONG_DIGIT_GRAM if len(run) >= LONG_DIGIT_GRAM else DIGIT_GRAM)
    return run_terms(run)[:-1]


def query_runs(query: str) -> list[str]:
    """The parts of a search box's text that must all match: runs of letters, digits or ideographs."""
    return _runs(query)


def bigram_set(text: str | None) -> frozenset[str]:
    """The distinct pairs of a text (single characters for one-character runs), for similarity."""
    grams: set[str] = set()
    for run in _runs(text or ""):
        if len(run) == 1:
            grams.add(run)
        else:
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two bigram sets: 1.0 for the same text, 0.0 for nothing in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))

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
digits is the phrase of those: far rarer terms, same results. Query and index must agree on this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

DIGIT_GRAM = 4
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


def digit_grams(digits: str) -> list[str]:
    return [digits[i:i + DIGIT_GRAM] for i in range(len(digits) - DIGIT_GRAM + 1)]


def index_terms(texts: Iterable[str | None]) -> list[str]:
    """The terms to index for the given fields, in order (positions matter for phrase matching)."""
    terms: list[str] = []
    for text in texts:
        runs = _runs(text or "")
        for run in runs:
            terms.extend(run_terms(run))
        for run in runs:
            for digits in _DIGITS.findall(run):
                terms.extend(digit_grams(digits))
    return terms


def query_phrase(run: str) -> list[str] | None:
    """The terms a query run must match in a row, or None for a one-character run (a prefix query)."""
    if len(run) < 2:
        return None
    if len(run) >= DIGIT_GRAM and run.isascii() and run.isdigit():
        return digit_grams(run)
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

"""Every character the program itself writes into a document has a glyph in the fonts it prints with.

The texts are the string constants of the document modules (reports/) and of the domain's wording
(labels, levels Ⅰ–Ⅳ, symbols): whatever a document prints that the user did not type. They are checked
against the bundled fonts alone, the fonts of a workstation with no official font installed, for every
role a document uses; a character no font has would print as an empty box.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader

import dutyroom
from dutyroom.reports import build_document, fonts
from dutyroom.reports.fonts import FontSet, ResolvedFont
from dutyroom.reports.styles import get_styles, para

PACKAGE = Path(dutyroom.__file__).parent
SOURCES = sorted([*(PACKAGE / "reports").glob("*.py"), *(PACKAGE / "domain").glob("*.py")])


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def program_text() -> str:
    """Every non-ASCII character of the string constants (docstrings left out) of the sources."""
    chars: set[str] = set()
    for source in SOURCES:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                chars.update(c for c in node.value if ord(c) > 0x7E and c.isprintable() and not c.isspace())
    return "".join(sorted(chars))


@pytest.fixture(scope="module")
def bundled_only(tmp_path_factory) -> FontSet:
    return fonts.resolve_fonts([tmp_path_factory.mktemp("no-fonts")])


def test_the_texts_are_collected():
    text = program_text()
    # The level numerals, the dash of page numbers and the words of the wording modules are there.
    for ch in "ⅠⅡⅢⅣ—较大级特别重":
        assert ch in text, ch


@pytest.mark.parametrize("role", [*fonts.ROLES, fonts.LATIN])
def test_every_program_character_has_a_glyph_in_the_bundled_fonts(bundled_only, role):
    assert fonts.missing(program_text(), bundled_only.name(role), bundled_only) == ""


def test_body_and_title_print_in_the_bundled_ming_face_without_official_fonts(bundled_only):
    from dutyroom import paths

    for role in ("title", "body", "kai"):
        assert bundled_only.roles[role].path == paths.bundled_serif_font(), role
    assert bundled_only.roles["heading"].path == paths.bundled_font()
    # The level numerals come from the Ming face itself, not from a sans fallback.
    body = bundled_only.name("body")
    assert fonts.text_runs("较大（Ⅲ级）", body, bundled_only) == [("较大（Ⅲ级）", body)]


def test_a_character_no_font_has_is_replaced_by_its_plain_form():
    vera_path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    name = fonts._register(vera_path, 0, "0123456789")
    assert name
    vera = ResolvedFont("body", name, vera_path, 0, "Vera")
    latin_only = FontSet({role: vera for role in (*fonts.ROLES, fonts.LATIN)}, fallbacks=(name,))
    assert "".join(chunk for chunk, _ in fonts.text_runs("Ⅲ级 ☑", name, latin_only)) == "III级 √"
    assert fonts.missing("Ⅲ级", name, latin_only) == "级"  # no plain form: reported, not hidden


def test_level_numerals_come_back_from_the_pdf(fresh_fonts, tmp_path):
    fresh_fonts.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    out = io.BytesIO()
    build_document(out, [para("事件等级：较大（Ⅲ级）、一般（Ⅳ级）", get_styles().body)], title="等级")
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "较大（Ⅲ级）" in text and "一般（Ⅳ级）" in text
    assert fonts.missing("较大（Ⅲ级）一般（Ⅳ级）", fonts.font_for("body")) == ""

"""A font file is parsed once: later processes read its tables from the cache and print the same PDF."""

from __future__ import annotations

import shutil

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen import canvas

from dutyroom import paths
from dutyroom.reports import font_cache

TEXT = "值班通讯录 临江区应急管理局 0571-88001234"


@pytest.fixture
def font_file(tmp_path, monkeypatch):
    """A copy of the bundled Ming font, with a cache folder of its own."""
    monkeypatch.setenv("DUTYROOM_HOME", str(tmp_path / "home"))
    path = tmp_path / "ming.ttf"
    shutil.copyfile(paths.bundled_serif_font(), path)
    return path


@pytest.fixture
def parses(monkeypatch):
    """How many times reportlab parsed a font's tables."""
    seen: list[str] = []
    parse = TTFontFile.extractInfo

    def counted(self, *args, **kwargs):
        seen.append(self.filename)
        return parse(self, *args, **kwargs)

    monkeypatch.setattr(TTFontFile, "extractInfo", counted)
    return seen


def _pdf(font, path) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    page = canvas.Canvas(str(path), invariant=1)
    page.setFont(font.fontName, 12)
    page.drawString(72, 700, TEXT)
    page.save()
    return path.read_bytes()


def test_a_second_load_reads_the_cache_and_prints_the_same_pdf(font_file, parses, tmp_path):
    first = font_cache.load_font("CacheTestA", font_file)
    assert parses == [str(font_file)]
    second = font_cache.load_font("CacheTestB", font_file)  # as a new process would: no font in memory
    assert [p for p in parses if p == str(font_file)] == [str(font_file)]  # not parsed again
    assert second.fontName == "CacheTestB" and sorted(vars(second)) == sorted(vars(first))
    assert second.stringWidth(TEXT, 12) == first.stringWidth(TEXT, 12)
    assert second.face.name == first.face.name and second.face.charToGlyph == first.face.charToGlyph
    one = _pdf(first, tmp_path / "a.pdf").replace(b"CacheTestA", b"CacheTestX")
    two = _pdf(second, tmp_path / "b.pdf").replace(b"CacheTestB", b"CacheTestX")
    assert one == two  # the same embedded subset, widths and descriptor


def test_a_changed_font_file_is_parsed_again(font_file, parses):
    font_cache.load_font("CacheTestC", font_file)
    with font_file.open("ab") as f:
        f.write(b"\0\0\0\0")  # another size: an updated font under the same name
    font_cache.load_font("CacheTestD", font_file)
    assert parses.count(str(font_file)) == 2


def test_a_damaged_cache_file_is_parsed_again_and_replaced(font_file, parses):
    font_cache.load_font("CacheTestE", font_file)
    (stored,) = font_cache.font_cache_dir().glob("*.face")
    stored.write_bytes(b"not a face")
    font = font_cache.load_font("CacheTestF", font_file)
    assert parses.count(str(font_file)) == 2 and font.stringWidth(TEXT, 12) > 0
    font_cache.load_font("CacheTestG", font_file)
    assert parses.count(str(font_file)) == 2  # the damaged file was rewritten

"""Font discovery: official fonts first, TrueType only, the bundled font as the last resort."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, Table

from dutyroom import paths
from dutyroom.reports import build_document, describe_fonts, font_for, fonts
from dutyroom.reports.styles import get_styles, para

CJK = "值班通讯录"


def _usable(name: str, text: str = CJK) -> bool:
    font = pdfmetrics.getFont(name)
    return isinstance(font, TTFont) and all(fonts.covers(name, ch) for ch in text)


def test_every_role_has_a_registered_truetype_font_with_cjk():
    for role in (*fonts.ROLES, fonts.LATIN):
        name = font_for(role)
        assert isinstance(pdfmetrics.getFont(name), TTFont), role
    for role in fonts.ROLES:
        assert _usable(font_for(role)), role
    assert _usable(font_for(fonts.LATIN), "0123456789")


def test_describe_fonts_names_existing_files():
    described = describe_fonts()
    assert set(described) == {*fonts.ROLES, fonts.LATIN}
    assert all(path.is_file() for path in described.values())


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError):
        font_for("gothic")


def test_env_folders_are_searched_first(fresh_fonts, tmp_path):
    fresh_fonts.setenv(fonts.FONT_DIRS_ENV, f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    assert fonts.font_dirs()[:2] == [tmp_path / "a", tmp_path / "b"]


def test_official_font_in_env_folder_wins(fresh_fonts, tmp_path):
    # Any TrueType CJK font will do as a stand-in for 仿宋 (file names are what we look for).
    shutil.copyfile(paths.bundled_font(), tmp_path / "SIMFANG.TTF")
    fresh_fonts.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    chosen = fonts.current_fonts().roles["body"]
    assert chosen.path == tmp_path / "SIMFANG.TTF"
    assert chosen.label == "仿宋" and not chosen.bundled
    assert _usable(font_for("body"))


def test_empty_env_folder_still_gives_a_usable_body_font(fresh_fonts, tmp_path):
    fresh_fonts.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    body = font_for("body")
    assert _usable(body)
    out = io.BytesIO()
    build_document(out, [para("值班员：王建国，电话 13900000001", get_styles().body)], title="测试")
    assert out.getvalue().startswith(b"%PDF")


def test_no_font_anywhere_falls_back_to_the_bundled_font(tmp_path):
    chosen = fonts.resolve_fonts([tmp_path])
    for role in fonts.ROLES:
        assert chosen.roles[role].bundled, role
        # Titles and body in the Ming face (like 宋体), headings in the sans one (like 黑体).
        expected = paths.bundled_font() if role == "heading" else paths.bundled_serif_font()
        assert chosen.roles[role].path == expected, role
        assert _usable(chosen.roles[role].name)
    # The bundled font has no digits: a TrueType Latin font (reportlab's own Vera at worst) covers them.
    assert _usable(chosen.roles[fonts.LATIN].name, "0123456789—")


def _cff_font(path: Path, characters: str) -> Path:
    """A small OpenType font with PostScript (CFF) outlines that covers `characters`: reportlab cannot
    embed such fonts, and offices do have them (Noto CJK, Source Han)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    names = [".notdef"] + [f"uni{ord(ch):04X}" for ch in characters]
    pen = T2CharStringPen(1000, None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.closePath()
    outline = pen.getCharString()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(ch): f"uni{ord(ch):04X}" for ch in characters})
    builder.setupCFF("FakeFangSong", {"FullName": "FakeFangSong"}, {name: outline for name in names}, {})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "FakeFangSong", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_cff_opentype_font_is_skipped_not_fatal(tmp_path):
    # Named like 仿宋 and covering every character the probe asks for, but with PostScript outlines.
    _cff_font(tmp_path / "simfang.ttf", CJK + fonts._CJK_PROBE)
    chosen = fonts.resolve_fonts([tmp_path])
    assert chosen.roles["body"].bundled
    assert fonts._register(tmp_path / "simfang.ttf", 0, CJK) is None


def test_damaged_and_non_cjk_fonts_are_skipped(tmp_path):
    (tmp_path / "simhei.ttf").write_bytes(b"not a font at all")
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    shutil.copyfile(vera, tmp_path / "simsun.ttc")  # a real TrueType font, but without Chinese
    chosen = fonts.resolve_fonts([tmp_path])
    assert chosen.roles["heading"].bundled
    assert chosen.roles["body"].bundled


def test_markup_switches_font_only_for_missing_characters():
    latin, _serif, bundled = fonts.current_fonts().fallbacks  # Droid Sans Fallback has no digits
    text = "电话：0571-8705<1234>"
    marked = fonts.markup(text, bundled)
    assert marked.startswith("电话：")
    assert f'<font face="{latin}">0571-8705&lt;1234&gt;</font>' in marked
    # Text the font has entirely gets no tags, only escaping and line breaks.
    assert fonts.markup("A&B", latin) == "A&amp;B"
    assert fonts.markup("第一行\n第二行", bundled) == "第一行<br/>第二行"
    Paragraph(marked, get_styles().cell)  # parses


def test_plain_string_table_cells_do_not_pull_in_a_standard_font():
    out = io.BytesIO()
    table = Table([["", "A"], ["B", Table([["C"]])]], style=[("SPAN", (0, 0), (0, 0))])
    build_document(out, [KeepTogether([table])], title="表格")
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    names = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert names and not any(n.lstrip("/") in pdfmetrics.standardFonts for n in names)


def test_a_font_file_the_administrator_chose_wins_and_a_bad_one_is_reported(tmp_path):
    good = tmp_path / "my-fangsong.ttf"
    shutil.copyfile(paths.bundled_font(), good)
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    chosen = fonts.resolve_fonts([tmp_path / "none"], chosen={
        "body": str(good), "title": str(tmp_path / "broken.ttf"), "kai": str(tmp_path / "gone.ttf")})
    assert chosen.roles["body"].path == good and chosen.roles["body"].chosen
    assert chosen.roles["title"].bundled  # the broken file is not used...
    assert any("标题字体无法嵌入" in p and "broken.ttf" in p for p in chosen.problems)  # ...and is said
    assert any("楷体行字体文件不存在" in p for p in chosen.problems)


def test_the_notice_names_the_substitutes_and_how_to_install(tmp_path):
    from dutyroom.reports.font_notice import notice

    text = notice(fonts.resolve_fonts([tmp_path]))
    assert text.splitlines()[0].startswith("文书字体：标题 AR PL UMing（程序自带）")
    assert "未找到 方正小标宋简体、黑体、仿宋_GB2312、楷体_GB2312" in text
    assert "C:\\Windows\\Fonts" in text and "管理 → 文书字体" in text
    shutil.copyfile(paths.bundled_font(), tmp_path / "simfang.ttf")
    shutil.copyfile(paths.bundled_font(), tmp_path / "simhei.ttf")
    shutil.copyfile(paths.bundled_font(), tmp_path / "simkai.ttf")
    shutil.copyfile(paths.bundled_font(), tmp_path / "FZXBSJW.TTF")
    complete = notice(fonts.resolve_fonts([tmp_path]))
    assert "正文 仿宋" in complete and "程序自带" not in complete and "安装官方字体" not in complete

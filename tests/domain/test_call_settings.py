"""The office's call categories and quick texts as typed in 设置."""

from __future__ import annotations

from dutyroom.domain.call_settings import (
    category_problem,
    parse_categories,
    parse_quick_texts,
    quick_text_problem,
)


def test_categories_accept_chinese_commas_and_drop_duplicates():
    assert parse_categories("咨询，求助、投诉;咨询,, ") == ["咨询", "求助", "投诉"]
    assert category_problem("咨询，求助") is None
    assert category_problem(" ，") == "请至少填写一个来电类别"
    assert "太长" in category_problem("咨询," + "长" * 31)


def test_quick_texts_read_one_code_per_line_with_full_width_equals():
    text = "yc=已一次性告知。\nZB＝已转办。\n\n坏行\n"
    assert parse_quick_texts(text) == {"yc": "已一次性告知。", "zb": "已转办。"}


def test_the_first_bad_quick_text_line_is_named_by_number():
    assert quick_text_problem("yc=好\n\n停水").startswith("第 3 行缺少“=”")
    assert "短码“停水”无效" in quick_text_problem("停水=停水了")
    assert quick_text_problem("ts=") == "第 1 行缺少标准用语"
    assert quick_text_problem("yc=好\nzb=转") is None

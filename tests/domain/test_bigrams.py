"""Character bigrams: what the search index holds, what a query asks, and summary similarity."""

from __future__ import annotations

from dutyroom.domain.bigrams import bigram_set, index_terms, query_runs, run_terms, similarity


def test_two_character_words_are_single_terms_and_runs_end_with_their_last_character():
    assert index_terms(["小区停水"]) == ["小区", "区停", "停水", "水"]


def test_pairs_never_span_punctuation_spaces_or_fields():
    terms = index_terms(["停水，问题", "张三"])
    assert "水问" not in terms and "题张" not in terms
    assert terms == ["停水", "水", "问题", "题", "张三", "三"]


def test_full_width_digits_and_latin_are_folded_like_the_query():
    assert index_terms(["京Ａ１２"]) == index_terms(["京a12"]) == ["京a", "a1", "12", "2"]
    assert query_runs("京A 12") == ["京a", "12"]


def test_a_single_character_run_is_kept():
    assert run_terms("水") == ["水"]
    assert index_terms(["水 电"]) == ["水", "电"]


def test_empty_and_punctuation_only_text_has_no_terms():
    assert index_terms([None, "", "，。！"]) == []
    assert query_runs("  ，") == []


def test_similarity_is_one_for_the_same_text_and_zero_for_nothing_shared():
    a = bigram_set("某小区停水三天")
    assert similarity(a, a) == 1.0
    assert similarity(a, bigram_set("路灯不亮")) == 0.0
    assert similarity(a, frozenset()) == 0.0
    assert 0.5 < similarity(a, bigram_set("小区停水已经三天了")) < 1.0

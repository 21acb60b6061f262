"""Character bigrams: what the search index holds, what a query asks, and summary similarity."""

from __future__ import annotations

from dutyroom.domain.bigrams import bigram_set, index_terms, query_phrase, query_runs, run_terms, similarity


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


def test_runs_of_four_or_more_digits_are_also_indexed_as_four_digit_grams_after_the_pairs():
    terms = index_terms(["电话013812"])
    assert terms[:8] == ["电话", "话0", "01", "13", "38", "81", "12", "2"]
    assert terms[8:] == ["0138", "1381", "3812"]
    assert "123" not in index_terms(["123"]) and index_terms(["123"]) == ["12", "23", "3"]


def test_runs_of_seven_or_more_digits_are_also_indexed_as_seven_digit_grams_after_the_four_digit_ones():
    terms = index_terms(["手机13812345678", "座机6480489"])
    mobile = terms[:terms.index("座机")]
    assert mobile[-13:-5] == ["1381", "3812", "8123", "1234", "2345", "3456", "4567", "5678"]
    assert mobile[-5:] == ["1381234", "3812345", "8123456", "1234567", "2345678"]
    assert terms[-5:] == ["6480", "4804", "8048", "0489", "6480489"]
    assert "648048" not in index_terms(["648048"])  # six digits: four-digit grams only
    # the terms an index built before migration 0022 holds (it unindexes them to add the new ones)
    assert index_terms(["手机13812345678"], long_digit_grams=False) == mobile[:-5]


def test_a_query_of_four_to_six_digits_is_a_phrase_of_four_digit_grams_seven_or_more_of_seven_digit_grams():
    assert query_phrase("648048") == ["6480", "4804", "8048"]
    assert query_phrase("6480489") == ["6480489"]
    assert query_phrase("13812345678") == ["1381234", "3812345", "8123456", "1234567", "2345678"]
    assert query_phrase("648") == ["64", "48"]
    assert query_phrase("a6480") == ["a6", "64", "48", "80"]
    assert query_phrase("水") is None


def test_a_middle_dot_joins_a_plate_number_instead_of_splitting_it():
    assert query_runs("浙A·3K27X") == query_runs("浙A3K27X") == ["浙a3k27x"]
    assert index_terms(["浙A·3K"]) == index_terms(["浙A3K"])

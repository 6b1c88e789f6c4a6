"""Quote cards: the matched span in bold, long quotes trimmed around it, HTML escaped."""
from __future__ import annotations

from bot.render import quote_html


def test_the_matched_span_is_bold_and_markup_is_escaped():
    quote = "他说：<我们>坚决反对。"
    assert quote_html(quote, (3, 7)) == "他说：<b>&lt;我们&gt;</b>坚决反对。"


def test_a_long_quote_is_trimmed_around_its_span_with_ellipses():
    quote = "甲" * 100 + "关键句" + "乙" * 100
    html = quote_html(quote, (100, 103), limit=23)
    assert html == "…" + "甲" * 10 + "<b>关键句</b>" + "乙" * 10 + "…"


def test_a_span_longer_than_the_limit_keeps_its_start():
    quote = "前" * 10 + "长" * 50 + "后" * 10
    assert quote_html(quote, (10, 60), limit=20) == "…<b>" + "长" * 20 + "</b>…"


def test_no_span_shows_the_start_of_the_quote():
    assert quote_html("一二三四五", (0, 0), limit=3) == "一二三…"
    assert quote_html("一二三", (5, 9)) == "一二三"


def test_the_quote_is_shown_in_the_requested_script():
    assert quote_html("国家安全部表示", (0, 5), script="t") == "<b>國家安全部</b>表示"

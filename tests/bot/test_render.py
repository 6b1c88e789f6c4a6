"""Quote cards: the matched span in bold, long quotes trimmed around it, HTML escaped; the speaker line
never guesses (issue #9): "speaker not stated — reported by <outlet>", relayed words name both."""
from __future__ import annotations

from bot.render import hit_html, quote_html
from store import Hit
from store.evidence import Attribution


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


def _hit(speaker: str = "", relayed_by: str = "", outlet: str = "新华网", cue: str = "", evidence: str = "") -> Hit:
    attribution = Attribution(speaker, relayed_by, "statement" if speaker else "narration", cue, evidence, "strong" if speaker else "none")
    return Hit(1, 1, "中方愿同各方加强合作。", speaker, "2023-05-08", "2023-05-08", outlet, "标题", "", "a.txt", 0.9, (0, 4),
               attribution=attribution)


def test_a_card_with_no_speaker_says_so_and_names_the_outlet():
    html = hit_html(_hit(), "en")
    assert "— speaker not stated — reported by 新华网 · 2023-05-08" in html
    assert "说话人" not in html and "<b>" not in html.split("\n")[1]


def test_a_card_names_who_relays_a_leaders_words_and_how_it_was_found():
    html = hit_html(_hit("李强", "汪文斌", "外交部", "relayed", "李强总理指出"), "en")
    lines = html.split("\n")
    assert lines[1] == "— <b>李强</b> — relayed by 汪文斌 · 2023-05-08 · 外交部"
    assert lines[2] == "<i>speaker from words quoted by another speaker: «李强总理指出»</i>"
    assert "汪文斌 转述" in hit_html(_hit("李强", "汪文斌", "外交部", "relayed", "李强总理指出"), "zh")

"""The quick scans that spare work (a sentence with no reporting verb and no colon is not searched clause by
clause; text with no odd space, no source line break or no `?` skips the patterns that would change nothing)
leave what is indexed as it was: on small documents written for the test, indexed through `reindex()`."""
from __future__ import annotations

from store.cues import may_cue
from storetest import build

TITLE = "立法會議員激辯"
NARRATION = "本報訊，立法會今日舉行會議，討論多項議案，會議持續至深夜。"


def _passage(tmp_path, body: str, fragment: str, name: str = "news.txt"):
    ps = build(tmp_path, {name: body if name.endswith(".html") else f"{TITLE}\n\n{body}\n"}).passages()
    found = [p for p in ps if fragment in p.text]
    assert found, (fragment, [p.text for p in ps])
    return found[0]


def test_a_sentence_with_no_verb_and_no_colon_can_hold_no_cue():
    s = "今日天氣晴朗，氣溫二十度。"
    assert not may_cue(s, 0, len(s))


def test_a_colon_or_a_verb_anywhere_in_the_sentence_may_be_a_cue():
    assert may_cue("陳大文：「我們不會放棄。」", 0, 13)
    s = "會議結束後，陳大文表示"
    assert may_cue(s, 0, len(s) - 2)  # a verb starting where the sentence ends may still be read
    assert not may_cue(s, 0, len(s) - 8)


def test_a_colon_quote_without_a_verb_names_its_speaker(tmp_path):
    p = _passage(tmp_path, f"{NARRATION}\n\n陳大文：「我們不會放棄，會繼續爭取。」", "我們不會放棄")
    assert (p.speaker, p.attribution.cue) == ("陳大文", "colon")


def test_narration_without_a_verb_names_nobody(tmp_path):
    p = _passage(tmp_path, f"{NARRATION}\n\n會議於晚上十時結束，多項議案獲得通過。", "多項議案獲得通過")
    assert p.speaker == ""


def test_a_verb_closing_the_sentence_after_a_quote_names_its_speaker(tmp_path):
    p = _passage(tmp_path, f"{NARRATION}\n\n「政府應盡快公布詳情，不能再拖。」陳大文說。", "政府應盡快公布詳情")
    assert p.speaker == "陳大文"


def test_odd_spaces_and_zero_width_characters_are_still_tidied(tmp_path):
    body = f"{NARRATION}\n\n\u3000\u3000政府\u200b今日  公布\u00a0新措施，市民反應熱烈。"
    p = _passage(tmp_path, body, "市民反應熱烈")
    assert p.text == "政府今日 公布 新措施，市民反應熱烈。"


def test_a_source_line_break_between_chinese_characters_is_no_space(tmp_path):
    html = (
        "<html><head><title>立法會議員激辯</title></head><body><article>"
        f"<p>{NARRATION}</p><p>政府今日公布新措施，\n   市民反應熱烈，商界\n亦十分歡迎。</p><p>會議持續至深夜，多項議案獲得通過。</p>"
        "</article></body></html>"
    )
    p = _passage(tmp_path, html, "市民反應熱烈", name="news.html")
    assert p.text == "政府今日公布新措施，市民反應熱烈，商界亦十分歡迎。"

"""Asking like a journalist through the bot (issue #14), on a small press corpus written for the test:
interface languages and /lang, answers in the interface's script, small talk, the answer to a question,
newest first (🕒), citations in two styles, /export."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from test_handlers import Bot, buttons, visible

from bot.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from journalist import FILES  # noqa: E402
from storetest import write_files  # noqa: E402


@pytest.fixture
async def bot(tmp_path: Path):
    write_files(tmp_path / "corpus", FILES)
    config = Config(token="123456:TEST", admin_ids=frozenset(), db=tmp_path / "data" / "q.db", corpus=tmp_path / "corpus")
    b = await Bot(config).start()
    yield b
    await b.stop()


@pytest.mark.parametrize("code, start", [
    ("zh-hant", "你好！我在新聞報道"), ("zh-TW", "你好！我在新聞報道"), ("zh-hk", "你好！我在新聞報道"),
    ("zh-hans", "你好！我在新闻报道"), ("zh", "你好！我在新闻报道"), ("en", "Hi! I find"), ("de", "Hi! I find"),
])
async def test_interface_language_from_the_telegram_code(bot: Bot, code: str, start: str):
    assert (await bot.say("/start", lang=code))["text"].startswith(start)


async def test_lang_choice_is_remembered_and_answers_follow_its_script(bot: Bot):
    prompt = await bot.say("/lang", uid=7)
    assert set(buttons(prompt)) == {"简体中文", "繁體中文", "English"}
    done = await bot.click(prompt, buttons(prompt)["繁體中文"], uid=7)
    assert done["text"] == "界面語言：繁體中文。"
    card = visible((await bot.say("仁爱礁 菲律宾 立场", uid=7))["text"])
    assert "«仁愛礁是中國南沙" in card and "所答問題" in card  # traditional script, no `毛宁：` label
    assert (await bot.say("/start", uid=7, lang="en"))["text"].startswith("你好！我在新聞報道")  # the choice wins
    assert (await bot.say("/lang en", uid=7))["text"] == "Interface language: English."
    assert (await bot.say("/start", uid=7, lang="zh-hant"))["text"].startswith("Hi! I find")
    assert (await bot.say("/start", uid=8, lang="zh-hant"))["text"].startswith("你好！我在新聞報道")  # others unchanged


async def test_small_talk_gets_a_friendly_reply_not_a_quote(bot: Bot):
    for message in ("谢谢", "你好！", "thanks", "怎么用？"):
        reply = await bot.say(message, lang="zh")
        assert reply["text"].startswith("很高兴为你服务！") and "«" not in reply["text"], message


async def test_english_question_gets_a_tip_about_the_chinese_corpus(bot: Bot):
    reply = visible((await bot.say("what did the spokesperson say about the airship?"))["text"])
    assert "the corpus is in Chinese" in reply


async def test_a_question_is_answered_with_the_answer_that_follows_it(bot: Bot):
    card = visible((await bot.say("中方对菲律宾仁爱礁问题的立场是什么？", lang="zh"))["text"])
    assert card.startswith("«仁爱礁是中国南沙群岛的一部分")
    assert "— 毛宁 · 2023-02-03 · 外交部" in card and "所答问题: 法新社记者：中方对菲律宾在仁爱礁的行动有何评论？" in card


async def test_newest_first_button_and_latest_listing(bot: Bot):
    card = await bot.say("解决 争端")
    assert "🕒 Newest" in buttons(card)
    newest = await bot.click(card, buttons(card)["🕒 Newest"])
    assert "— 毛宁 · 2024-01-15" in visible(newest["text"]) and "🕒 Newest" not in buttons(newest)
    latest = await bot.say("毛宁")
    assert "— 毛宁 · 2024-01-15" in visible(latest["text"]) and "Latest statements" in visible(latest["text"])
    second = await bot.click(latest, buttons(latest)["Next ▶"])
    assert "2023-12-29" in visible(second["text"])


async def test_citation_in_both_styles_without_labels(bot: Bot):
    card = await bot.say("民用无人飞艇 气象科研", lang="zh")
    await bot.click(card, buttons(card)["📎 引用"], lang="zh")
    cite = visible(bot.api.sent()[-1]["text"])
    head, zh, _, other, en = cite.split("\n")
    assert head == "引用格式（可直接复制）：" and other == "另一种格式："
    assert zh.startswith("外交部发言人毛宁（2023年2月3日，外交部）：“这是一只民用无人飞艇，用于气象等科研，受西风带影响偏离预定航线。”《")
    assert en.startswith("“这是一只民用无人飞艇") and "” — 毛宁 (外交部发言人), 2023-02-03, 外交部." in en


async def test_export_sends_the_last_results_as_csv_and_citations(bot: Bot):
    assert (await bot.say("/export"))["text"].startswith("Nothing to export yet")
    await bot.say('"政治解决"')
    citations = await bot.say("/export")
    name, data = bot.api.uploads[-1]
    assert name == "quotebot-results.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and all("政治解决" in r["passage"] for r in rows)
    assert rows[0]["speaker"] == "外交部发言人汪文斌" and rows[0]["kind"] == "answer" and rows[0]["date"] == "2024-01-12"
    assert not rows[0]["quote"].startswith("汪文斌：") and rows[0]["citation_en"].startswith("“")
    assert visible(bot.api.sent("sendDocument")[-1]["caption"]).startswith(f'{len(rows)} results for «"政治解决"»')
    assert citations["text"].startswith("Citations:\n\n1. “")

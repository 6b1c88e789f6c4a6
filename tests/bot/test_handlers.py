"""The bot's handlers on real PTB objects, through the project's own Application (bot.app.build)."""
from __future__ import annotations

import asyncio
import logging
import re
import shutil
from pathlib import Path

import pytest
from fakeapi import FakeBotApi, callback_update, feed, inline_update, message_update

from bot import app as appmod
from bot.callbacks import MAX_BYTES, decode
from bot.config import Config
from bot.render import TELEGRAM_LIMIT

ROOT = Path(__file__).resolve().parents[2]
ADMIN, USER = 1001, 2002


def visible(html: str) -> str:
    """The text a user sees: tags removed, entities decoded."""
    import html as htmlmod

    return htmlmod.unescape(re.sub(r"<[^>]+>", "", html))


def buttons(message: dict) -> dict[str, str]:
    """Button text → callback data."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


class Bot:
    """The bot under test, its stand-in Bot API, and helpers to act as a user."""

    def __init__(self, config: Config):
        self.config = config
        self.api = FakeBotApi()
        self.app = appmod.build(config, request=self.api)

    async def start(self) -> Bot:
        await self.app.initialize()
        await self.app.post_init(self.app)
        return self

    async def stop(self) -> None:
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()

    async def say(self, text: str, **kw) -> dict:
        await feed(self.app, message_update(text, **kw))
        return self.api.last_message()

    async def click(self, message: dict, data: str, **kw) -> dict:
        await feed(self.app, callback_update(message, data, **kw))
        return self.api.last_message()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    return Config(token="123456:TEST", admin_ids=frozenset({ADMIN}), db=tmp_path / "data" / "q.db", corpus=tmp_path / "corpus")


@pytest.fixture
async def bot(config: Config):
    b = await Bot(config).start()
    yield b
    await b.stop()


async def test_startup_builds_the_index_and_sets_the_command_menu(bot: Bot):
    assert bot.config.db.exists()
    menus = bot.api.sent("setMyCommands")
    default = next(m for m in menus if not m.get("language_code") and "scope" not in m)
    assert [c["command"] for c in default["commands"]] == [
        "start", "help", "q", "check", "sources", "stats", "lang", "export", "follow", "following", "unfollow"
    ]
    chinese = next(m for m in menus if m.get("language_code") == "zh" and "scope" not in m)
    assert chinese["commands"][1]["description"] == "使用方法和示例"
    admin = next(m for m in menus if m.get("scope", {}).get("chat_id") == ADMIN)
    assert {"reindex", "add", "feeds"} <= {c["command"] for c in admin["commands"]}


async def test_question_gets_quote_card_with_attribution_and_buttons(bot: Bot):
    reply = await bot.say("王毅谈联合国的中心作用")
    text = visible(reply["text"])
    assert "联合国中心作用" in text
    assert "王毅" in text and "2021-10-0" in text
    assert "<b>" in reply["text"]  # the matched span is highlighted
    assert re.search(r"Confidence: (high|medium|low) \(\d\.\d\d\)", text)
    assert "Also reported by" in text
    names = buttons(reply)
    assert {"Next ▶", "📄 Context", "繁體", "📎 Cite"} <= set(names)
    assert all(len(data.encode()) <= MAX_BYTES and decode(data) for data in names.values())


async def test_nothing_found_is_said_plainly_with_a_tip(bot: Bot):
    reply = await bot.say("欧盟碳边境调节机制")
    assert "found nothing I trust" in reply["text"] and "Tip:" in reply["text"]
    assert "reply_markup" not in reply


async def test_chinese_users_get_chinese_interface(bot: Bot):
    reply = await bot.say("欧盟碳边境调节机制", lang="zh-hans")
    assert "没有找到" in reply["text"]
    reply = await bot.say("恐怖网络仍在蔓延", lang="zh")
    assert "可信度" in reply["text"]
    assert "下一条 ▶" in buttons(reply) or len(buttons(reply)) == 3


async def test_paging_context_script_and_citation(bot: Bot):
    first = await bot.say("反恐合作")
    second = await bot.click(first, buttons(first)["Next ▶"])
    assert visible(second["text"]) != visible(first["text"])
    assert "Result 2/" in visible(second["text"])
    back = await bot.click(second, buttons(second)["◀ Previous"])
    assert visible(back["text"]) == visible(first["text"])

    context = await bot.click(first, buttons(first)["📄 Context"])
    assert visible(context["text"]).startswith("Context (")
    quote_start = visible(first["text"]).split("»")[0].lstrip("«")[:15]
    assert quote_start in visible(context["text"])
    restored = await bot.click(context, buttons(context)["↩ Back"])
    assert visible(restored["text"]) == visible(first["text"])

    traditional = await bot.click(first, buttons(first)["繁體"])
    assert "簡" in "".join(buttons(traditional)) or "简体" in buttons(traditional)
    simplified_quote = visible(first["text"]).split("»")[0]
    traditional_quote = visible(traditional["text"]).split("»")[0]
    assert traditional_quote != simplified_quote and len(traditional_quote) == len(simplified_quote)

    await bot.click(first, buttons(first)["📎 Cite"])
    cite = bot.api.sent()[-1]["text"]
    assert cite.startswith("Citation (copy and paste):\n<code>")
    assert re.search(r"” — .+, \d{4}-\d{2}-\d{2}, ", visible(cite))


async def test_buttons_survive_a_restart(config: Config):
    first = await Bot(config).start()
    reply = await first.say("恐怖网络仍在蔓延")
    data = buttons(reply)["📄 Context"]
    await first.stop()
    second = await Bot(config).start()
    try:
        context = await second.click(reply, data)
        assert visible(context["text"]).startswith("Context (")
    finally:
        await second.stop()


async def test_stale_or_forged_buttons_get_a_polite_alert(bot: Bot):
    reply = await bot.say("恐怖网络仍在蔓延")
    for data in ("1:r:nosuchkey:0:o", "garbage", "1:r:" + "x" * 8 + ":99:o"):
        await bot.click(reply, data)
        alert = bot.api.sent("answerCallbackQuery")[-1]
        assert alert["show_alert"] is True and "expired" in alert["text"]


async def test_long_passages_are_trimmed_and_escaped(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = "各国应加强合作共同应对挑战" * 300  # one unpunctuated run: a single very long passage
    (corpus / "long.txt").write_text(f"长文标题\n\n{filler}<script>alert(1)</script>&关键句在这里出现{filler}。\n", encoding="utf-8")
    config = Config(token="1:T", admin_ids=frozenset(), db=tmp_path / "q.db", corpus=corpus)
    bot = await Bot(config).start()
    try:
        reply = await bot.say("关键句在这里出现")
        assert len(visible(reply["text"])) <= TELEGRAM_LIMIT
        assert "<script>" not in reply["text"] and "&lt;script&gt;" in reply["text"]
        assert "关键句在这里出现" in visible(reply["text"]) and "…" in visible(reply["text"])
        context = await bot.click(reply, buttons(reply)["📄 Context"])
        assert len(visible(context["text"])) <= TELEGRAM_LIMIT
    finally:
        await bot.stop()


async def test_empty_huge_and_odd_messages(bot: Bot):
    assert "few words" in (await bot.say("   "))["text"]
    huge = await bot.say("恐怖网络仍在蔓延" + "啊" * 9990)
    assert len(visible(huge["text"])) <= TELEGRAM_LIMIT and "first 300 characters" in huge["text"]
    for odd in ('"NEAR( OR * -', "'; DROP TABLE passages; --", "😀😀😀", "\u200b\u0007恐怖网络"):
        reply = await bot.say(odd)
        assert reply["text"]
    sticker = {"file_id": "s1", "file_unique_id": "u1", "width": 1, "height": 1, "is_animated": False, "is_video": False, "type": "regular"}
    update = message_update("", uid=USER)
    del update["message"]["text"]
    update["message"]["sticker"] = sticker
    await feed(bot.app, update)
    assert "only read text" in bot.api.sent()[-1]["text"]


async def test_group_mentions_and_q_command(bot: Bot):
    group = -100123
    before = len(bot.api.sent())
    await bot.say("随便聊聊 恐怖网络仍在蔓延", chat_type="group", chat_id=group)
    assert len(bot.api.sent()) == before  # not addressed to the bot: silence
    text = "@quote_test_bot 恐怖网络仍在蔓延"
    reply = await bot.say(text, chat_type="group", chat_id=group, entities=[{"type": "mention", "offset": 0, "length": 15}])
    assert "恐怖网络仍在蔓延" in visible(reply["text"])
    reply = await bot.say("/q@quote_test_bot 恐怖网络仍在蔓延", chat_type="supergroup", chat_id=group)
    assert "恐怖网络仍在蔓延" in visible(reply["text"])
    assert bot.api.sent()[-1]["chat_id"] == group


async def test_check_command_verdicts(bot: Bot):
    verbatim = await bot.say("/check 恐怖组织利用社交网络、加密通信、虚拟货币、人工智能等新兴技术从事恐怖活动")
    assert verbatim["text"].startswith("✅ <b>Verbatim.</b>") and "王毅" in verbatim["text"]
    reworded = await bot.say("/check 恐怖组织利用社交媒体、加密通信、虚拟货币等新技术从事恐怖活动")
    assert reworded["text"].startswith("⚠️ <b>Reworded.</b>")
    assert "«媒体» → «网络»" in visible(reworded["text"]) and "missing: «人工智能»" in visible(reworded["text"])
    missing = await bot.say("/check 中方将坚决反对任何形式的贸易保护主义")
    assert missing["text"].startswith("❌ <b>Not found.</b>")
    usage = await bot.say("/check")
    assert "/check" in usage["text"] and "e.g." in usage["text"]


async def test_check_card_leads_with_what_to_act_on(bot: Bot):
    opposite = visible((await bot.say("/check 国际反恐合作只能削弱，不能加强"))["text"])
    assert opposite.startswith("❌ The corpus says the opposite: «削弱» → «加强» (2021-10-07)\n❌ Contradicted.")
    assert "The corpus says:\n«" in opposite and "— 王毅 · 2021-10-07" in opposite
    figure = visible((await bot.say("/check 今年正值全球反恐论坛成立20周年"))["text"])
    assert figure.startswith("❌ The corpus gives another figure: «20» → «10» (2021-10-07)")
    speaker = visible((await bot.say("/check 王毅表示，在疫情期间及疫情之后，进一步弘扬多边主义对反恐努力至关重要"))["text"])
    assert speaker.startswith("⚠️ These are 張軍's words, not 王毅's (2020-07-10)\n✅ Verbatim.")  # 張軍10日表示, published the 11th
    assert "— 張軍 · 2020-07-10 (published 2020-07-11)" in speaker
    joined = visible((await bot.say("/check 中方对中国公民遇袭感到十分震惊。弘扬多边主义对反恐努力至关重要"))["text"])
    assert joined.startswith("⚠️ Two statements joined: «中方对中国公民遇袭感到十分震惊。» (2024-10-09) + «弘扬多边主义对反恐努力至关重要» (2020-07-10)")
    assert "— 國安部 · 2024-10-09" in joined and "— 張軍 · 2020-07-10 (published 2020-07-11)" in joined
    same = visible((await bot.say("/check 王毅说：“恐怖组织利用社交网络、加密通信、虚拟货币”", lang="zh"))["text"])
    assert same.startswith("✅ 原文。") and "说话人：王毅，与所引一致。" in same
    dated = visible((await bot.say("/check 张军2021年7月10日表示：在疫情面前没有任何国家能够独善其身"))["text"])
    assert dated.startswith("⚠️ The corpus dates these words 2020-07-10, not 2021年7月10日\n✅ Verbatim.")
    cut = visible((await bot.say("/check " + "恐怖组织利用社交网络、加密通信、虚拟货币。" * 60))["text"])
    assert "✂️ Only the first 1000 characters were checked" in cut


async def test_sources_and_stats(bot: Bot):
    sources = visible((await bot.say("/sources"))["text"])
    assert "Indexed sources (5 documents)" in sources
    for outlet in ("联合早报", "凤凰资讯", "新華網"):
        assert outlet in sources
    stats = visible((await bot.say("/stats", lang="zh"))["text"])
    assert "文档：5" in stats and "段落：" in stats


async def test_help_lists_admin_commands_only_for_admins(bot: Bot):
    assert "/reindex" in (await bot.say("/help", uid=ADMIN))["text"]
    assert "/reindex" not in (await bot.say("/help", uid=USER))["text"]
    assert "@quote_test_bot" in (await bot.say("/help", uid=USER))["text"]


async def test_reindex_is_for_admins_only(bot: Bot):
    generation = bot.config.db.stat().st_mtime_ns
    reply = await bot.say("/reindex", uid=USER)
    assert "only admins" in reply["text"]
    assert bot.config.db.stat().st_mtime_ns == generation


async def test_admin_reindex_reports_the_summary(bot: Bot):
    (bot.config.corpus / "new.txt").write_text("新文件标题\n\n外交部发言人表示，新增的这段话应当被索引并可以检索到。\n", encoding="utf-8")
    (bot.config.corpus / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\0\0binary")
    await bot.say("/reindex", uid=ADMIN)
    done = visible(bot.api.last_message()["text"])
    assert done.startswith("✅ Reindex finished")
    assert "indexed 1, unchanged 5" in done and "skipped 1" in done and "broken.html: binary file (PNG image)" in done
    assert "新增的这段话" in visible((await bot.say("新增的这段话应当被索引"))["text"])


async def test_second_reindex_is_refused_while_one_runs(bot: Bot, held_reindex):
    first = asyncio.create_task(bot.say("/reindex", uid=ADMIN))
    await held_reindex.started.wait()
    busy = await bot.say("/reindex", uid=ADMIN)
    assert "already running" in busy["text"]
    answer = await bot.say("恐怖网络仍在蔓延", uid=USER)  # other users are served meanwhile
    assert "恐怖网络仍在蔓延" in visible(answer["text"])
    held_reindex.release.set()
    await first
    assert held_reindex.calls == 2  # the second ran right after the first, as the reply said
    assert visible(bot.api.last_message()["text"]).startswith("✅ Reindex finished")


async def test_failed_reindex_is_reported_and_old_index_keeps_answering(bot: Bot, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(appmod.handlers.admin, "reindex", broken)
    await bot.say("/reindex", uid=ADMIN)
    assert "Reindex failed: OSError: disk full" in bot.api.last_message()["text"]
    assert "previous index is still answering" in bot.api.last_message()["text"]
    assert "恐怖网络仍在蔓延" in visible((await bot.say("恐怖网络仍在蔓延"))["text"])


async def test_admin_document_upload_is_saved_and_indexed(bot: Bot):
    content = "上传文件标题\n\n发言人强调，通过聊天上传的文件会被保存到语料并立即建立索引。\n".encode("gb18030")
    bot.api.files["f1"] = content
    document = {"file_id": "f1", "file_unique_id": "uf1", "file_name": "../上传 statement.txt", "mime_type": "text/plain", "file_size": len(content)}
    await feed(bot.app, message_update("", uid=ADMIN, document=document))
    saved = list((bot.config.corpus / "uploads").iterdir())
    assert [p.name for p in saved] == ["上传_statement.txt"] and saved[0].read_bytes() == content
    assert any("Saved 上传_statement.txt" in m["text"] for m in bot.api.sent())
    assert visible(bot.api.last_message()["text"]).startswith("✅ Reindex finished")
    assert "通过聊天上传的文件" in visible((await bot.say("通过聊天上传的文件会被保存到语料"))["text"])


async def test_uploads_refused_for_non_admins_and_wrong_types(bot: Bot):
    document = {"file_id": "f2", "file_unique_id": "uf2", "file_name": "x.txt", "file_size": 10}
    await feed(bot.app, message_update("", uid=USER, document=document))
    assert "only admins" in bot.api.sent()[-1]["text"]
    document = dict(document, file_name="slides.pdf")
    await feed(bot.app, message_update("", uid=ADMIN, document=document))
    assert ".txt, .md and .html" in bot.api.sent()[-1]["text"]
    assert not (bot.config.corpus / "uploads").exists()


async def test_inline_mode_lists_quote_cards(bot: Bot):
    await feed(bot.app, inline_update("恐怖网络仍在蔓延"))
    answer = bot.api.sent("answerInlineQuery")[-1]
    assert answer["results"], "inline query got no results"
    card = answer["results"][0]
    assert card["type"] == "article" and "王毅" in card["description"]
    assert "恐怖网络仍在蔓延" in visible(card["input_message_content"]["message_text"])
    assert card["input_message_content"]["parse_mode"] == "HTML"
    await feed(bot.app, inline_update("欧盟碳边境调节机制"))
    assert bot.api.sent("answerInlineQuery")[-1]["results"] == []


async def test_errors_are_logged_and_the_user_is_told(bot: Bot, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(appmod.handlers.ask, "search", explode)
    with caplog.at_level(logging.ERROR, logger="quotebot"):
        reply = await bot.say("恐怖网络仍在蔓延")
    assert reply["text"] == "Sorry, something went wrong. Please try again."
    assert "boom" in caplog.text


async def test_flood_limits_are_retried(bot: Bot):
    bot.api.fail_next["sendMessage"] = 1
    reply = await bot.say("恐怖网络仍在蔓延")
    assert "恐怖网络仍在蔓延" in visible(reply["text"])
    assert bot.api.fail_next["sendMessage"] == 0  # the 429 was served, then retried


def test_the_token_never_reaches_the_logs(caplog):
    token = "987654:SECRET-TOKEN"
    logger = logging.getLogger("httpx")
    handler = logging.StreamHandler()
    handler.addFilter(appmod.RedactToken(token))
    records = []
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        logger.warning("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", token)
    finally:
        logger.removeHandler(handler)
    assert token not in records[0].getMessage() and "<token>" in records[0].getMessage()

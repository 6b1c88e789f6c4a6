"""End-to-end tests of the real bot: ``quotebot serve`` as a subprocess, users played through the
Bot API emulator over HTTP.

Each class shares one bot process between its tests (the emulator forgets the previous test's
messages); the admin tests get their own process and corpus copy, because they change the corpus.
The finer points of every handler are tested in-process in tests/bot/test_handlers.py; here the
question is whether the whole program, started as a user starts it, behaves.
"""
from __future__ import annotations

import random
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from botproc import (
    ROOT,
    BotProcess,
    buttons,
    clean_environment,
    copy_corpus,
    free_port,
    quotebot_executable,
    token_rejecting_api,
    visible,
)
from emulator import BotApiEmulator, Message

ADMIN = 7001  # QUOTEBOT_ADMIN_IDS of every bot process here
USER = 1001  # the emulator's default user: English, not an admin
ZH_USER = 2002
BOT = "quote_test_bot"

ERROR_REPLY = "Sorry, something went wrong. Please try again."
NOT_ADMIN = "Sorry, only admins can do that."
CONFIDENCE = re.compile(r"Confidence: (high|medium|low) \((0\.\d\d|1\.00)\)")

EN_COMMANDS = [
    {"command": "start", "description": "Start"},
    {"command": "help", "description": "How to ask, with examples"},
    {"command": "q", "description": "Find a quote"},
    {"command": "check", "description": "Is this quote real?"},
    {"command": "sources", "description": "Indexed sources"},
    {"command": "stats", "description": "Index statistics"},
    {"command": "lang", "description": "Interface language"},
    {"command": "export", "description": "Download the last results (CSV and citations)"},
    {"command": "follow", "description": "Follow a speaker or topic"},
    {"command": "following", "description": "What you follow"},
    {"command": "unfollow", "description": "Stop following (number)"},
]
ZH_COMMANDS = [
    {"command": "start", "description": "开始"},
    {"command": "help", "description": "使用方法和示例"},
    {"command": "q", "description": "查找引语"},
    {"command": "check", "description": "核实引语"},
    {"command": "sources", "description": "已收录来源"},
    {"command": "stats", "description": "索引统计"},
    {"command": "lang", "description": "界面语言"},
    {"command": "export", "description": "下载上一次的结果（CSV 和引用格式）"},
    {"command": "follow", "description": "关注发言人或话题"},
    {"command": "following", "description": "我的关注"},
    {"command": "unfollow", "description": "取消关注（编号）"},
]


# ----- fixtures and helpers -----


@pytest.fixture(scope="class")
def bot(emulator_server: BotApiEmulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """One bot process for a class of tests that do not change the corpus."""
    workdir = tmp_path_factory.mktemp("bot")
    with BotProcess(emulator_server, workdir, corpus=copy_corpus(workdir), admin_ids=[ADMIN], name="conversation") as process:
        yield process


def click(bot: BotProcess, message: Message, button: str, **user: Any) -> tuple[Message, dict[str, Any]]:
    """Press ``button`` on the current keyboard of a bot message; wait for the edit it causes.

    Returns the edited message and the bot's answerCallbackQuery parameters.
    """
    now = bot.emulator.current(message)
    query_id = bot.emulator.click(now, buttons(now)[button], **user)
    edited = bot.wait_for_message(
        lambda m: m["message_id"] == now["message_id"] and len(m["edits"]) > len(now["edits"]), chat_id=now["chat"]["id"]
    )
    bot.wait_until(lambda: bot.emulator.callback_answer(query_id) is not None)
    return edited, bot.emulator.callback_answer(query_id)


def settle(bot: BotProcess, chat_id: int, seconds: float = 0.4) -> list[Message]:
    """The bot's messages in a chat once nothing new arrived for ``seconds`` (for "no reply" checks)."""
    seen = bot.emulator.bot_messages(chat_id)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = bot.emulator.bot_messages(chat_id)
        if len(now) != len(seen) or [len(m["edits"]) for m in now] != [len(m["edits"]) for m in seen]:
            seen, deadline = now, time.monotonic() + seconds
    return seen


def quote_of(message: Message) -> str:
    """The «quote» of a quote card, as the user sees it."""
    return visible(message["text"]).split("»")[0].lstrip("«")


def assert_quote_card(
    message: Message, *, contains: str, speaker: str, date: str | None = None, outlet: str | None = None
) -> None:
    """A quote card: the quote with its matched span in bold, who/when/where, confidence, keyboard.

    Without ``date`` and ``outlet`` only the speaker of the attribution line is checked.
    """
    text = visible(message["text"])
    assert message["parse_mode"] == "HTML" and message["link_preview_options"] == {"is_disabled": True}
    assert contains in quote_of(message), text
    bold = re.search(r"«[^»]*<b>([^<]+)</b>", message["text"])
    assert bold and bold.group(1) in quote_of(message), f"no highlighted span in {message['text']!r}"
    who = f"— {speaker} · " if date is None else "— " + " · ".join(x for x in (speaker, date, outlet) if x) + "\n"
    assert who in text, text
    assert CONFIDENCE.search(text), text
    names = set(buttons(message))
    assert {"📄 Context", "📎 Cite"} <= names and len(names & {"简体", "繁體"}) == 1, names
    assert names & {"Next ▶", "◀ Previous"} or "Result " not in text


def assert_token_not_logged(bot: BotProcess) -> None:
    log = bot.log_text()
    assert log, "the bot wrote no log at all"
    assert bot.emulator.token not in log
    assert bot.emulator.token.split(":", 1)[1] not in log


# ----- one bot, many users -----


class TestConversation:
    def test_command_menus_in_english_chinese_and_for_admins(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        assert emulator.my_commands() == EN_COMMANDS
        assert emulator.my_commands(language_code="zh") == ZH_COMMANDS
        admin = {"type": "chat", "chat_id": ADMIN}
        assert emulator.my_commands(scope=admin) == EN_COMMANDS + [
            {"command": "reindex", "description": "Update the index (admins)"},
            {"command": "add", "description": "Add a web page now (admins)"},
            {"command": "feeds", "description": "Feeds and their last fetch (admins)"},
        ]
        assert emulator.my_commands(scope=admin, language_code="zh") == ZH_COMMANDS + [
            {"command": "reindex", "description": "更新索引（管理员）"},
            {"command": "add", "description": "立即收录网页（管理员）"},
            {"command": "feeds", "description": "订阅源及最近抓取（管理员）"},
        ]
        assert emulator.my_commands(scope={"type": "chat", "chat_id": USER}) == []

    def test_questions_in_simplified_traditional_and_with_a_typo(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        simplified = bot.ask("王毅谈联合国的中心作用")
        assert_quote_card(simplified, contains="应发挥联合国中心作用", speaker="王毅", date="2021-10-08", outlet="联合早报")
        assert "Also reported by: 凤凰资讯 (2021-10-07)" in visible(simplified["text"])
        assert 'href="https://www.zaobao.com/' in simplified["text"]  # the source, linked
        assert "Result 1/" in visible(simplified["text"]) and "Next ▶" in buttons(simplified)

        traditional = bot.ask("恐怖組織利用社交網絡、加密通信", user_id=1002)
        assert_quote_card(traditional, contains="恐怖组织利用社交网络、加密通信", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")
        assert "Confidence: high" in visible(traditional["text"])

        typo = bot.ask("恐怖网络仍在曼延", user_id=1003)  # 蔓 mistyped as 曼
        assert_quote_card(typo, contains="恐怖网络仍在蔓延", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")

        for chat in (USER, 1002, 1003):  # one answer per question, no extra messages
            assert len(emulator.bot_messages(chat)) == 1

    def test_paging_context_script_and_citation_edit_one_message(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        first = bot.ask("反恐合作")
        assert_quote_card(first, contains="回顾论坛成立10年来的国际反恐合作", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")
        assert "Result 1/5" in visible(first["text"]) and "◀ Previous" not in buttons(first)

        second, answer = click(bot, first, "Next ▶")
        assert answer == {}  # answered, without an alert
        assert "Result 2/5" in visible(second["text"]) and quote_of(second) != quote_of(first)
        assert {"◀ Previous", "Next ▶"} <= set(buttons(second))

        back, _ = click(bot, second, "◀ Previous")
        assert back["text"] == first["text"] and back["reply_markup"] == first["reply_markup"]

        context, _ = click(bot, back, "📄 Context")
        assert visible(context["text"]).startswith("Context (王毅：“东伊运”危害中国安全")
        assert "<b>回顾论坛成立10年来的国际反恐合作" in context["text"]  # the passage itself, in bold
        assert "今年正值全球反恐论坛成立10周年" in visible(context["text"])  # and what comes before it
        assert list(buttons(context)) == ["↩ Back"]

        restored, _ = click(bot, context, "↩ Back")
        assert restored["text"] == first["text"] and restored["reply_markup"] == first["reply_markup"]

        traditional, _ = click(bot, restored, "繁體")
        assert "回顧論壇成立10年來的國際反恐合作" in quote_of(traditional)
        assert len(quote_of(traditional)) == len(quote_of(first))
        assert "简体" in buttons(traditional) and "繁體" not in buttons(traditional)

        simplified, _ = click(bot, traditional, "简体")
        assert quote_of(simplified) == quote_of(first)

        query_id = emulator.click(simplified, buttons(simplified)["📎 Cite"])
        cite = bot.reply_to(simplified)
        assert cite["text"].startswith("Citation (copy and paste):\n<code>") and cite["text"].endswith("</code>")
        assert visible(cite["text"]).split("\n", 1)[1].startswith(
            "“回顾论坛成立10年来的国际反恐合作，反思“9·11”事件后20年的国际反恐斗争"
        )
        assert "” — 王毅, 2021-10-07, 凤凰资讯. 王毅：“东伊运”危害中国安全" in visible(cite["text"])
        assert "reply_markup" not in cite
        assert bot.wait_until(lambda: emulator.callback_answer(query_id) is not None)

        # one card, edited in place: sent, next, previous, context, back, 繁體, 简体
        card = bot.emulator.current(first)
        texts = [visible(v["text"]) for v in card["edits"]]
        assert len(texts) == 7
        assert texts[0] == texts[2] == texts[4] == visible(first["text"])
        assert texts[1] == visible(second["text"]) and texts[3].startswith("Context (")
        assert texts[5] == visible(traditional["text"]) and texts[6] == visible(first["text"])
        assert all(v["parse_mode"] == "HTML" for v in card["edits"])
        assert [m["message_id"] for m in emulator.bot_messages(USER)] == [first["message_id"], cite["message_id"]]

    def test_script_button_turns_a_traditional_quote_into_simplified(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        card = bot.ask("张军 新工具和新技术")  # the corpus has this statement in traditional script only
        assert_quote_card(card, contains="國際社會要有新工具和新技術", speaker="張軍", date="2020-07-10 (published 2020-07-11)", outlet="新華網")
        offered = [name for name in buttons(card) if name in ("简体", "繁體")]
        assert offered == ["简体"], f"a quote in traditional script offers {offered} (showing it in traditional changes nothing)"
        simplified, _ = click(bot, card, "简体")
        assert "国际社会要有新工具和新技术" in quote_of(simplified)

    def test_out_of_corpus_question_gets_nothing_found_with_a_tip(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        reply = bot.ask("欧盟碳边境调节机制")
        assert visible(reply["text"]) == (
            "I found nothing I trust for «欧盟碳边境调节机制».\n"
            "Tip: use a distinctive phrase from the quote, fewer words, or add a speaker or year (/help)."
        )
        assert "reply_markup" not in reply

    def test_odd_messages_are_all_answered(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        log_start = bot.log_size()
        odd = {
            3101: "   ",
            3102: "恐怖网络仍在蔓延" + "啊" * 9990,
            3103: "😀😀😀",
            3104: '"NEAR( OR * -',
            3105: "'; DROP TABLE passages; --",
            3106: "speaker: from:abc to: outlet:\" AND NOT ^*",
            3107: "\u200b\u0007恐怖网络\u202e",
            3108: "/q",
        }
        sent = {user: emulator.send_message(text, user_id=user) for user, text in odd.items()}
        replies = {user: bot.reply_to(message) for user, message in sent.items()}
        assert visible(replies[3101]["text"]) == "Send me a few words of the quote, or a question about it."
        assert visible(replies[3108]["text"]) == "Send me a few words of the quote, or a question about it."
        huge = replies[3102]
        assert "恐怖网络仍在蔓延" in quote_of(huge) and len(visible(huge["text"])) <= 4096
        assert visible(huge["text"]).endswith("(Only the first 300 characters of your message were used.)")
        for user in (3103, 3104, 3105):
            assert visible(replies[user]["text"]).startswith("I found nothing I trust for «"), replies[user]["text"]
        assert all(reply["text"] != ERROR_REPLY for reply in replies.values())
        for user in odd:
            assert len(settle(bot, user, 0.1)) == 1
        log = bot.log_since(log_start)
        assert "ERROR" not in log and "Traceback" not in log, log
        assert bot.running
        assert_quote_card(bot.ask("恐怖网络仍在蔓延", user_id=3110), contains="恐怖网络仍在蔓延", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")

    def test_chinese_interface_for_chinese_users(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        zh = {"user_id": ZH_USER, "language_code": "zh-hans"}
        assert bot.command("/start", **zh)["text"].startswith("你好！我在新闻报道和官方声明中查找原话")
        assert bot.command("/help", **zh)["text"].startswith("<b>怎么问</b>")

        card = bot.ask("恐怖网络仍在蔓延？", **zh)  # a question: similar passages come as further results
        text = visible(card["text"])
        assert "— 王毅 · 2021-10-07 · 凤凰资讯" in text and re.search(r"可信度: 高 \(\d\.\d\d\) · 第 1/\d 条", text)
        assert set(buttons(card)) == {"下一条 ▶", "🕒 最新", "📄 上下文", "繁體", "📎 引用"}
        context, _ = click(bot, card, "📄 上下文", user_id=ZH_USER, language_code="zh-hans")
        assert visible(context["text"]).startswith("上下文（") and list(buttons(context)) == ["↩ 返回"]

        emulator.click(context, buttons(context)["↩ 返回"], user_id=ZH_USER, language_code="zh-hans")
        bot.wait_until(lambda: "📎 引用" in buttons(bot.emulator.current(card)))
        emulator.click(card, buttons(card)["📎 引用"], user_id=ZH_USER, language_code="zh-hans")
        cite = bot.reply_to(card)
        assert cite["text"].startswith("引用格式（可直接复制）：\n<code>王毅（2021年10月7日，凤凰资讯）：“")
        assert "”《王毅：“东伊运”危害中国安全 必须本着零容忍态度予以打击》\n\n另一种格式：\n“" in visible(cite["text"])

        nothing = bot.ask("欧盟碳边境调节机制", user_id=2003, language_code="zh-TW")  # Taiwan: traditional interface
        assert visible(nothing["text"]).startswith("沒有找到關於「欧盟碳边境调节机制」的可信結果。\n提示：")

        for n, code in enumerate(("en", "de", "", "pt-br")):
            reply = bot.command("/start", user_id=2100 + n, language_code=code)
            assert reply["text"].startswith("Hi! I find exact quotes"), (code, reply["text"])

    def test_start_and_help(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        start = bot.command("/start")
        assert start["text"].startswith("Hi! I find exact quotes") and "/help" in start["text"]
        help_ = bot.command("/help")
        assert visible(help_["text"]).startswith("How to ask")
        assert f"@{BOT} words" in visible(help_["text"]) and "/check" in help_["text"]
        assert "/reindex" not in help_["text"]
        assert "/reindex" in bot.command("/help", user_id=ADMIN)["text"]

    def test_check_verbatim_reworded_and_not_found(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        verbatim = bot.command("/check 恐怖组织利用社交网络、加密通信、虚拟货币、人工智能等新兴技术从事恐怖活动")
        assert verbatim["text"].startswith("✅ <b>Verbatim.</b> The corpus has these exact words.")
        assert "— 王毅 · 2021-10-07 · 凤凰资讯" in visible(verbatim["text"])

        reworded = bot.command("/check 恐怖组织利用社交媒体、加密通信、虚拟货币等新技术从事恐怖活动", user_id=1002)
        text = visible(reworded["text"])
        assert re.match(r"⚠️ Reworded\. The corpus says it differently \(similarity \d+%\)\.", text), text
        assert "The corpus says:\n«" in text and "恐怖组织利用社交网络、加密通信、虚拟货币、人工智能等新兴技术" in text
        assert "Differences (claimed → corpus):" in text
        assert "• «媒体» → «网络»" in text and "• missing: «人工智能»" in text

        opposite = visible(bot.command("/check 王毅说：国际反恐合作只能削弱，不能加强", user_id=1005)["text"])
        assert opposite.startswith("❌ The corpus says the opposite: «削弱» → «加强» (2021-10-07)"), opposite
        assert "Speaker: 王毅, as claimed." in opposite

        missing = bot.command("/check 中方将坚决反对任何形式的贸易保护主义", user_id=1003)
        assert missing["text"].startswith("❌ <b>Not found.</b> Nothing in the corpus says this.")

        usage = bot.command("/check", user_id=1004)
        assert visible(usage["text"]) == "Send /check followed by the quote, e.g. /check 恐怖网络仍在蔓延"

    def test_sources_and_stats(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        sources = visible(bot.command("/sources")["text"])
        assert sources.startswith("Indexed sources (5 documents)")
        for outlet in ("联合早报", "凤凰资讯", "新華網", "中國西藏網", "國家安全部"):
            assert f"\n{outlet} · 1 · " in sources, sources
        assert "2021-10-08 王毅：团结合作是应对恐怖主义的唯一通途" in sources

        stats = visible(bot.command("/stats", user_id=1002)["text"])
        assert re.match(
            r"Index\nDocuments: 5\nPassages: 57\nSpeakers: \d+\nOutlets: 5\nDates: 2020-07-11 – 2024-10-09\n"
            r"Last reindex: \d{4}-\d\d-\d\dT[\d:]+\+00:00\nSize: \d+\.\d KB",
            stats,
        ), stats

    def test_groups_answer_mentions_and_commands_only(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        group = {"chat_type": "group", "chat_id": -1001}
        emulator.send_message("随便聊聊 恐怖网络仍在蔓延", user_id=3001, **group)
        emulator.send_message("@someone_else 恐怖网络仍在蔓延", user_id=3002, **group)
        emulator.send_message("/start@other_bot", user_id=3003, **group)
        mention = emulator.send_group_mention("恐怖网络仍在蔓延", user_id=3004, chat_id=-1001)
        answer = bot.reply_to(mention)
        assert answer["chat"]["id"] == -1001
        assert_quote_card(answer, contains="恐怖网络仍在蔓延", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")

        command = emulator.send_command("/q 张军 反恐办公室", chat_type="supergroup", chat_id=-1002, user_id=3005)
        assert command["text"] == f"/q@{BOT} 张军 反恐办公室"
        card = bot.reply_to(command)
        assert card["chat"] == {"id": -1002, "type": "supergroup", "title": "Test Group"}
        assert_quote_card(card, contains="反恐辦公室", speaker="張軍", date="2020-07-10 (published 2020-07-11)", outlet="新華網")
        next_, _ = click(bot, card, "Next ▶", user_id=3006)  # anyone in the group may page
        assert "Result 2/" in visible(next_["text"])

        assert [m["message_id"] for m in settle(bot, -1001)] == [answer["message_id"]]
        assert len(settle(bot, -1002, 0.1)) == 1

    def test_inline_mode_answers_with_quote_cards(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        query_id = emulator.send_inline_query("恐怖网络仍在蔓延", user_id=3201, chat_type="group")
        answer = bot.wait_until(lambda: emulator.inline_answers(query_id))
        results = answer["results"]
        assert 1 <= len(results) <= 10 and answer["cache_time"] == 30
        first = results[0]
        assert first["type"] == "article" and first["description"] == "王毅 · 2021-10-07 · 凤凰资讯"
        assert first["title"].startswith("今也是“9·11”事件20周年") and first["title"].endswith("…")
        content = first["input_message_content"]
        assert content["parse_mode"] == "HTML"
        card = {"text": content["message_text"], "parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}
        assert "<b>" in card["text"] and "恐怖网络仍在蔓延" in quote_of(card)
        assert "— 王毅 · 2021-10-07 · 凤凰资讯" in visible(card["text"]) and CONFIDENCE.search(visible(card["text"]))
        assert len({r["id"] for r in results}) == len(results)

        emulator.choose_inline_result(query_id, first["id"])
        bot.wait_until(lambda: f"inline result {first['id']} chosen for '恐怖网络仍在蔓延'" in bot.log_text())

        for query in ("欧盟碳边境调节机制", ""):
            other = emulator.send_inline_query(query, user_id=3202)
            assert bot.wait_until(lambda: emulator.inline_answers(other))["results"] == []
        assert emulator.bot_messages() == []  # inline mode sends no messages itself

    def test_flood_control_answer_arrives_once(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        emulator.fail_next("sendMessage", 1)
        started = time.monotonic()
        card = bot.ask("恐怖网络仍在蔓延？", user_id=3301)  # a question: it has further results to page to
        assert time.monotonic() - started >= 1.0  # the bot waited retry_after, then sent again
        assert_quote_card(card, contains="恐怖网络仍在蔓延", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")
        assert settle(bot, 3301) == [card]

        emulator.fail_next("editMessageText", 1)  # a button press meets flood control too
        started = time.monotonic()
        second, _ = click(bot, card, "Next ▶", user_id=3301)
        assert time.monotonic() - started >= 1.0 and "Result 2/" in visible(second["text"])
        assert [len(m["edits"]) for m in settle(bot, 3301)] == [2]
        assert bot.running

    def test_token_never_reaches_the_log(self, bot: BotProcess, emulator: BotApiEmulator) -> None:
        bot.ask("恐怖网络仍在蔓延")  # at least one exchange in this test, whatever ran before
        assert_token_not_logged(bot)


# ----- admin: reindex and uploads change the corpus, so they get their own bot -----


@pytest.fixture(scope="class")
def admin_bot(emulator_server: BotApiEmulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    workdir = tmp_path_factory.mktemp("admin")
    with BotProcess(emulator_server, workdir, corpus=copy_corpus(workdir), admin_ids=[ADMIN], name="admin") as process:
        yield process


GENERATED = 360  # documents


def generated_documents(folder: Path, count: int, paragraphs: int = 40) -> None:
    """``count`` documents of random Chinese text: enough work to make a reindex take a few seconds."""
    rng = random.Random(20240601)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
    folder.mkdir(parents=True)
    for i in range(count):
        body = "\n\n".join("".join(rng.choices(alphabet, k=rng.randint(60, 120))) + "。" for _ in range(paragraphs))
        (folder / f"gen_{i:04d}.txt").write_text(f"生成文档{i}\n\n{body}\n", encoding="utf-8")


def db_state(bot: BotProcess) -> tuple[int, int]:
    return bot.db.stat().st_mtime_ns, bot.db.stat().st_size


UPLOAD = "上传声明标题\n\n外交部发言人表示，通过聊天发送的这份声明应当被保存到语料并立即编入索引。\n".encode("gb18030")


class TestAdmin:
    def test_non_admins_can_neither_reindex_nor_upload(self, admin_bot: BotProcess, emulator: BotApiEmulator) -> None:
        before = db_state(admin_bot)
        assert admin_bot.command("/reindex")["text"] == NOT_ADMIN
        assert admin_bot.command("/reindex", user_id=ZH_USER, language_code="zh")["text"] == "抱歉，只有管理员可以这样做。"
        sent = emulator.send_document("上传 声明.txt", UPLOAD, mime_type="text/plain")
        assert admin_bot.reply_to(sent)["text"] == NOT_ADMIN
        assert len(settle(admin_bot, USER)) == 2  # the two refusals, nothing else
        assert db_state(admin_bot) == before and "reindex:" not in admin_bot.log_text()
        assert not (admin_bot.corpus / "uploads").exists()

    def test_admin_reindex_edits_one_status_message_and_refuses_a_second_one(
        self, admin_bot: BotProcess, emulator: BotApiEmulator
    ) -> None:
        corpus = admin_bot.corpus
        (corpus / "新增声明.txt").write_text(
            "新增声明\n\n外交部发言人汪文斌表示，新增的这段话应当被索引并可以检索到。\n", encoding="utf-8"
        )
        (corpus / "junk.bin").write_bytes(b"\0\1\2\3" + random.Random(7).randbytes(4096))
        generated_documents(corpus / "generated", GENERATED)

        command = emulator.send_command("/reindex", user_id=ADMIN)
        status = admin_bot.reply_to(command)
        assert status["text"] == "Reindexing corpus …"

        # while it runs: a second /reindex, and another user's question
        again = emulator.send_command("/reindex", user_id=ADMIN)
        question = emulator.send_message("恐怖网络仍在蔓延", user_id=3401)
        busy = admin_bot.reply_to(again)
        answer = admin_bot.reply_to(question)
        assert not admin_bot.emulator.current(status)["text"].startswith("✅"), "the reindex ended too soon to overlap"
        assert busy["text"] == "A reindex is already running; I will run another one right after it and post its summary."
        assert_quote_card(answer, contains="恐怖网络仍在蔓延", speaker="王毅", date="2021-10-07", outlet="凤凰资讯")

        done = admin_bot.wait_for_message(
            lambda m: m["message_id"] == status["message_id"] and not m["text"].startswith("Reindexing"),
            chat_id=ADMIN,
            timeout=90,
        )
        summary = visible(done["text"])
        match = re.fullmatch(
            r"✅ Reindex finished in (\d+\.\d) s\n"
            rf"indexed {GENERATED + 1}, unchanged 5, removed 0, skipped 1\n"
            rf"the index holds {GENERATED + 6} documents, (\d+) passages\n"
            r"Skipped:\n"
            r"• junk\.bin: binary file \(contains NUL bytes\)",
            summary,
        )
        assert match, summary
        assert float(match.group(1)) > 0 and int(match.group(2)) > 57 + GENERATED * 20
        versions = [v["text"] for v in done["edits"]]
        assert versions[0] == "Reindexing corpus …" and versions[-1] == done["text"]
        for progress in versions[1:-1]:
            assert re.fullmatch(rf"Reindexing … \d+/{GENERATED + 7} files \(\d+ indexed, [01] skipped\)", progress), progress
        # the second /reindex waited: it runs right after, as the reply promised
        second = admin_bot.wait_for_message(
            lambda m: m["message_id"] not in (status["message_id"], busy["message_id"]) and m["text"].startswith("✅"),
            chat_id=ADMIN,
            timeout=90,
        )
        assert f"indexed 0, unchanged {GENERATED + 6}, removed 0, skipped 1" in visible(second["text"])
        assert [m["message_id"] for m in settle(admin_bot, ADMIN)] == [status["message_id"], busy["message_id"], second["message_id"]]

        found = admin_bot.ask("新增的这段话应当被索引", user_id=3402)
        assert_quote_card(found, contains="新增的这段话应当被索引并可以检索到", speaker="汪文斌")
        stats = visible(admin_bot.command("/stats", user_id=3402)["text"])
        assert f"Documents: {GENERATED + 6}\n" in stats and f"Passages: {match.group(2)}\n" in stats

    def test_admin_upload_is_saved_indexed_and_found(self, admin_bot: BotProcess, emulator: BotApiEmulator) -> None:
        sent = emulator.send_document("上传 声明.txt", UPLOAD, mime_type="text/plain", user_id=ADMIN)
        saved = admin_bot.reply_to(sent)
        assert saved["text"] == "Saved 上传_声明.txt to the corpus."
        status = admin_bot.reply_to(saved)
        done = admin_bot.wait_for_message(
            lambda m: m["message_id"] == status["message_id"] and m["text"].startswith("✅"), chat_id=ADMIN, timeout=60
        )
        assert re.match(r"✅ Reindex finished in \d+\.\d s\nindexed 1, unchanged \d+, removed 0, skipped \d+\n", visible(done["text"]))
        path = admin_bot.corpus / "uploads" / "上传_声明.txt"
        assert path.read_bytes() == UPLOAD
        assert sorted(p.name for p in path.parent.iterdir()) == ["上传_声明.txt"]  # no partial download left

        found = admin_bot.ask("通过聊天发送的这份声明", user_id=3501)
        assert "通过聊天发送的这份声明应当被保存到语料并立即编入索引" in quote_of(found)
        assert "上传声明标题" in visible(found["text"])

        other = "上传声明标题\n\n这是别人试图覆盖的内容。\n".encode()
        refused = emulator.send_document("上传 声明.txt", other, mime_type="text/plain", user_id=3502)
        assert admin_bot.reply_to(refused)["text"] == NOT_ADMIN
        assert path.read_bytes() == UPLOAD
        assert sorted(p.name for p in path.parent.iterdir()) == ["上传_声明.txt"]

    def test_token_never_reaches_the_log(self, admin_bot: BotProcess, emulator: BotApiEmulator) -> None:
        assert_token_not_logged(admin_bot)


# ----- restarts, webhook mode, configuration -----


def test_buttons_work_after_a_restart(emulator: BotApiEmulator, tmp_path: Path) -> None:
    bot = BotProcess(emulator, tmp_path, corpus=copy_corpus(tmp_path), admin_ids=[ADMIN], name="restart")
    with bot:
        card = bot.ask("反恐合作")
        assert "Result 1/5" in visible(card["text"])
    assert bot.returncodes == [0]  # SIGTERM: a clean shutdown
    index = bot.db.stat().st_ino

    with bot:
        assert bot.db.stat().st_ino == index and "no index at" not in bot.log_text(run=1)
        context, answer = click(bot, card, "📄 Context")
        assert answer == {} and visible(context["text"]).startswith("Context (")
        restored, _ = click(bot, context, "↩ Back")
        assert restored["text"] == card["text"]
        second, _ = click(bot, restored, "Next ▶")
        assert "Result 2/5" in visible(second["text"])
    assert bot.returncodes == [0, 0]
    assert_token_not_logged(bot)


def test_webhook_mode_answers_a_question(emulator: BotApiEmulator, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    bot = BotProcess(
        emulator,
        tmp_path,
        corpus=copy_corpus(tmp_path),
        admin_ids=[ADMIN],
        args=["--webhook", url],
        env={"QUOTEBOT_WEBHOOK_LISTEN": "127.0.0.1", "QUOTEBOT_WEBHOOK_PORT": str(port)},
        name="webhook",
    )
    try:
        with bot:
            info = emulator.bot_api("getWebhookInfo")
            assert info["url"] == url and "last_error_message" not in info
            card = bot.ask("王毅谈联合国的中心作用")
            assert_quote_card(card, contains="应发挥联合国中心作用", speaker="王毅", date="2021-10-08", outlet="联合早报")
            context, _ = click(bot, card, "📄 Context")
            assert visible(context["text"]).startswith("Context (")
        assert bot.returncodes == [0]
        assert_token_not_logged(bot)
    finally:
        emulator.bot_api("deleteWebhook")  # leave the emulator to polling bots


@pytest.mark.parametrize("token", [None, "", "   "])
def test_serve_without_a_token_says_how_to_set_one(tmp_path: Path, token: str | None) -> None:
    settings = {"QUOTEBOT_DB": str(tmp_path / "q.db"), "QUOTEBOT_CORPUS": str(ROOT / "corpus")}
    if token is not None:
        settings["TELEGRAM_BOT_TOKEN"] = token
    result = subprocess.run(
        [str(quotebot_executable()), "serve"],
        cwd=tmp_path,  # no .env here
        env=clean_environment(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0, result
    message = " ".join(result.stderr.split())
    assert "TELEGRAM_BOT_TOKEN is not set" in message, result.stderr
    assert "@BotFather" in message and ".env" in message
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "q.db").exists()


def test_a_rejected_token_is_not_printed(tmp_path: Path) -> None:
    """A revoked or mistyped token: the bot stops with an error, and does not print the token."""
    token = "654321:REVOKED-SECRET-TOKEN"
    with token_rejecting_api() as api:
        result = subprocess.run(
            [str(quotebot_executable()), "serve"],
            cwd=tmp_path,
            env=clean_environment(
                TELEGRAM_BOT_TOKEN=token,
                TELEGRAM_API_BASE_URL=api,
                QUOTEBOT_DB=str(tmp_path / "q.db"),
                QUOTEBOT_CORPUS=str(ROOT / "corpus"),
            ),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0, result
    leaked = [line for line in (result.stdout + result.stderr).splitlines() if "REVOKED-SECRET-TOKEN" in line]
    assert not leaked, f"the bot printed its token: {leaked}"

"""Follows and web intake end to end: ``quotebot serve`` against the Bot API emulator and a local
website (a feed plus pages in HTML and GBK). Users follow a speaker and a topic; new feed items are
fetched on the schedule, indexed, and each follower receives exactly the new matching quotes, once,
also across a restart with ``quotebot fetch`` run while the bot was down; /add indexes a page; a
broken feed, a 404, a huge page and a private address are reported and skipped."""
from __future__ import annotations

import subprocess
from pathlib import Path

from botproc import BotProcess, buttons, quotebot_executable, visible
from emulator import BotApiEmulator, Message
from followdocs import LATER, MEETING, PRESS
from website import Website

ADMIN, USER, ZH_USER = 7001, 1001, 2002
DATE = "Thu, 09 May 2024 15:00:00 +0800"
NOTE, ZH_NOTE = "🔔 New quotes for what you follow", "🔔 您关注的内容有新引语"

AFRICA = """<html><head><title>王毅会见非洲客人</title></head><body>
<h1>王毅会见非洲客人</h1>
<p>王毅表示，中方愿同非方深化全方位合作，共同维护发展中国家的正当权益。</p>
</body></html>"""

FIRST = """<html><head><title>外交部发言人答记者问</title></head><body>
<h1>2024年5月8日外交部发言人毛宁答记者问</h1>
<p>问：有报道称菲律宾船只再次进入仁爱礁海域，中方有何评论？</p>
<p>毛宁：中方已经多次阐明在仁爱礁问题上的严正立场，菲方应当停止一切挑衅。</p>
</body></html>"""

MEETING_GBK = MEETING.encode("gbk")  # the charset is in the HTTP header only

WHILE_DOWN = """<html><head><title>2024年5月10日外交部发言人毛宁主持例行记者会</title></head><body>
<h1>2024年5月10日外交部发言人毛宁主持例行记者会</h1>
<p>总台记者：中方如何看待即将举行的中欧峰会？</p>
<p>毛宁：中欧是两大力量、两大市场、两大文明，双方应当坚持伙伴定位，推动中欧关系行稳致远。</p>
</body></html>"""

ADDED = """<html><head><title>外交部声明</title></head><body>
<h1>外交部声明</h1>
<p>外交部发言人表示，通过网址收录的这份声明应当立即编入索引并可以被检索到。</p>
</body></html>"""


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "press.html").write_text(PRESS, encoding="utf-8")
    (corpus / "africa.html").write_text(AFRICA, encoding="utf-8")
    return corpus


def _notes(bot: BotProcess, chat: int, head: str = NOTE) -> list[Message]:
    return [m for m in bot.emulator.bot_messages(chat) if m["text"].startswith(head)]


def _rounds_done(bot: BotProcess) -> int:
    """Intake rounds the bot has logged (a round logs once its fetching is over)."""
    return bot.log_text().count(" intake: ")


def _wait_rounds(bot: BotProcess, n: int) -> None:
    """Wait until `n` more rounds have started, so that every earlier round has finished (notifications too)."""
    target = _rounds_done(bot) + n
    bot.wait_until(lambda: _rounds_done(bot) >= target, timeout=60)


def test_followers_get_new_matching_quotes_from_the_feed_once(emulator: BotApiEmulator, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    with Website() as site:
        site.page("/first.html", FIRST)
        site.feed("/feed.xml", "外交部", [("/first.html", "外交部发言人答记者问", "Wed, 08 May 2024 15:00:00 +0800")])
        site.page("/broken.xml", "<<< this is not a feed", "application/rss+xml")
        site.page("/added.html", ADDED)
        env = {
            "QUOTEBOT_FEEDS": f"{site.url('/broken.xml')},{site.url('/feed.xml')}",
            "QUOTEBOT_FETCH_EVERY": "1",
            "QUOTEBOT_FETCH_ALLOW_PRIVATE": "1",
            "QUOTEBOT_FETCH_MAX_BYTES": "300000",
            "QUOTEBOT_FOLLOW_CHECK_EVERY": "1",
        }
        bot = BotProcess(emulator, tmp_path, corpus=corpus, admin_ids=[ADMIN], env=env, name="follow")
        with bot:
            _wait_rounds(bot, 2)  # the item already in the feed is fetched and indexed before anyone follows
            assert (corpus / "feeds/127.0.0.1/2024-05-08-first.html").exists()
            assert "Following #1: said by 毛宁" in visible(bot.command("/follow 毛宁", user_id=USER)["text"])
            assert "Following #2: words «仁爱礁»" in visible(bot.command("/follow 仁爱礁", user_id=USER)["text"])
            zh = bot.command("/follow 台湾", user_id=ZH_USER, language_code="zh")
            assert "已关注 #1：词语 «台湾»" in visible(zh["text"])

            site.page("/later.html", LATER)
            site.page("/taiwan.html", MEETING_GBK, "text/html; charset=gbk")
            site.endless("/huge.html")
            site.feed("/feed.xml", "外交部", [
                ("/later.html", "毛宁主持例行记者会", DATE), ("/taiwan.html", "王毅会见欧洲客人", DATE),
                ("/missing.html", "已删除", DATE), ("/huge.html", "很长的页面", DATE),
                ("/first.html", "外交部发言人答记者问", "Wed, 08 May 2024 15:00:00 +0800"),
            ])
            note = bot.wait_for_message(lambda m: m["text"].startswith(NOTE), chat_id=USER, timeout=60)
            text = visible(note["text"])
            assert "(3)" in text, text  # the answer matches both follows: listed once
            assert "«菲律宾称将再次向仁爱礁运送物资" in text
            assert "«中方将继续依法维护自身领土主权" in text and "— 毛宁 · 2024-05-09 · 外交部" in text
            assert "美国国务卿" not in text and "严正立场" not in text  # indexed before the follows
            assert "«汪文斌指出，毛宁此前" in text and "— 汪文斌" in text  # mentions 毛宁: matched by 仁爱礁 only
            zh_note = bot.wait_for_message(lambda m: m["text"].startswith(ZH_NOTE), chat_id=ZH_USER, timeout=30)
            assert "（1 条）" in zh_note["text"] and "台湾问题是中国内政" in visible(zh_note["text"])

            card_data = buttons(note)["2"]
            emulator.click(note, card_data, user_id=USER)
            card = bot.wait_for_message(lambda m: m["message_id"] > note["message_id"] and "📎 Cite" in buttons(m), chat_id=USER)
            assert visible(card["text"]).startswith("«中方将继续") and "— 毛宁 · 2024-05-09" in visible(card["text"])

            _wait_rounds(bot, 3)
            assert len(_notes(bot, USER)) == 1 and len(_notes(bot, ZH_USER, ZH_NOTE)) == 1

            feeds = visible(bot.command("/feeds", user_id=ADMIN)["text"])
            assert f"{site.url('/broken.xml')}\n" in feeds and "❌ broken feed" in feeds
            assert f"{site.url('/missing.html')}: HTTP 404 Not Found" in feeds
            assert f"{site.url('/huge.html')}: too large: over 300000 bytes, stopped reading" in feeds
            assert site.endless_sent < 100 * 300_000
            assert "only admins" in visible(bot.command("/feeds", user_id=USER)["text"])

            sent = emulator.send_command(f"/add {site.url('/added.html')}", user_id=ADMIN)
            bot.wait_for_message(lambda m: m["message_id"] > sent["message_id"] and "Saved as" in m["text"], chat_id=ADMIN)
            bot.wait_for_message(lambda m: m["message_id"] > sent["message_id"] and "Reindex finished" in m["text"], chat_id=ADMIN, timeout=30)
            found = bot.ask("通过网址收录的这份声明", user_id=USER)
            assert "通过网址收录的这份声明" in visible(found["text"]), found["text"]
            sent = emulator.send_command(f"/add {site.url('/added.html')}", user_id=ADMIN)
            bot.wait_for_message(lambda m: m["message_id"] > sent["message_id"] and "Already in the corpus" in m["text"], chat_id=ADMIN)

        # down: `quotebot fetch` (cron) indexes a new item; the follower gets it once the bot is back
        site.page("/while-down.html", WHILE_DOWN)
        site.feed("/feed.xml", "外交部", [("/while-down.html", "毛宁主持例行记者会", "Fri, 10 May 2024 15:00:00 +0800")])
        cron = subprocess.run(
            [str(quotebot_executable()), "fetch"], cwd=tmp_path, env=bot.environment(), capture_output=True, text=True, timeout=120
        )
        assert f"{site.url('/feed.xml')}: 1 new" in cron.stdout, cron.stdout + cron.stderr
        assert cron.returncode == 1 and "1 of 2 feeds failed" in cron.stderr  # the broken feed, for cron to report
        with bot:
            back = bot.wait_for_message(lambda m: m["text"].startswith(NOTE) and "中欧" in m["text"], chat_id=USER, timeout=30)
            assert "(1)" in back["text"] and "— 毛宁 · 2024-05-10" in visible(back["text"])
            _wait_rounds(bot, 2)
            assert len(_notes(bot, USER)) == 2 and len(_notes(bot, ZH_USER, ZH_NOTE)) == 1
            assert "1. said by 毛宁\n2. words «仁爱礁»" in visible(bot.command("/following", user_id=USER)["text"])
    assert bot.returncodes == [0, 0]


def test_private_addresses_are_refused_with_the_guard_on(emulator: BotApiEmulator, tmp_path: Path) -> None:
    with Website() as site:
        site.page("/added.html", ADDED)
        site.feed("/feed.xml", "外交部", [("/added.html", "外交部声明", DATE)])
        env = {"QUOTEBOT_FEEDS": site.url("/feed.xml"), "QUOTEBOT_FETCH_EVERY": "1"}
        with BotProcess(emulator, tmp_path, corpus=_corpus(tmp_path), admin_ids=[ADMIN], env=env, name="guarded") as bot:
            refused = emulator.send_command(f"/add {site.url('/added.html')}", user_id=ADMIN)
            reply = bot.wait_for_message(lambda m: m["message_id"] > refused["message_id"] and "Could not add" in m["text"], chat_id=ADMIN)
            assert "127.0.0.1 is a private or local address" in visible(reply["text"])
            _wait_rounds(bot, 1)
            feeds = visible(bot.command("/feeds", user_id=ADMIN)["text"])
            assert "❌ 127.0.0.1 is a private or local address" in feeds
            assert site.requests == []  # nothing was ever asked of the private address
            assert not (tmp_path / "corpus" / "feeds").exists()

"""Follows through the bot's handlers (in-process, stand-in Bot API): /follow, /following, /unfollow,
notifications after reindexes, across restarts, to blocked users; /add and /feeds for admins."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from followdocs import LATER, MEETING, MENTION, PRESS
from test_handlers import Bot, buttons, visible

from bot.config import Config
from bot.notify import notify_followers
from store import reindex

ADMIN, USER, OTHER = 1001, 2002, 3003


@pytest.fixture
def config(tmp_path: Path) -> Config:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "press.html").write_text(PRESS, encoding="utf-8")
    (corpus / "meeting.html").write_text(MEETING, encoding="utf-8")
    return Config(token="123456:TEST", admin_ids=frozenset({ADMIN}), db=tmp_path / "data" / "q.db", corpus=corpus)


@pytest.fixture
async def bot(config: Config):
    b = await Bot(config).start()
    yield b
    await b.stop()


def notifications(bot: Bot, chat: int) -> list[dict]:
    """The follow notifications the chat received, as Telegram returned them."""
    return [
        c.result for c in bot.api.calls
        if c.method == "sendMessage" and c.result and c.result["chat"]["id"] == chat and c.result["text"].startswith("🔔 New quotes for")
    ]


async def test_follow_list_and_unfollow(bot: Bot):
    assert "/follow 毛宁" in visible((await bot.say("/follow", uid=USER))["text"])
    assert "nothing to follow in «<?>»" in visible((await bot.say("/follow <?>", uid=USER))["text"])  # escaped HTML
    first = visible((await bot.say("/follow 毛宁", uid=USER))["text"])
    assert "Following #1: said by 毛宁" in first
    assert "Following #2: words «仁爱礁»" in visible((await bot.say("/follow 仁爱礁", uid=USER))["text"])
    assert "Following #3: said by 王毅 · words «台湾»" in visible((await bot.say("/follow speaker:王毅 台湾", uid=USER))["text"])
    assert "already follow that (#2)" in visible((await bot.say("/follow 仁爱礁", uid=USER))["text"])
    listed = visible((await bot.say("/following", uid=USER))["text"])
    assert "1. said by 毛宁\n2. words «仁爱礁»\n3. said by 王毅 · words «台湾»" in listed
    assert "You follow nothing yet" in visible((await bot.say("/following", uid=OTHER))["text"])
    assert "Stopped following #1: said by 毛宁" in visible((await bot.say("/unfollow 1", uid=USER))["text"])
    assert "no follow #7" in visible((await bot.say("/unfollow 7", uid=USER))["text"])
    assert "a number from /following" in visible((await bot.say("/unfollow all", uid=USER))["text"])
    assert "1. words «仁爱礁»" in visible((await bot.say("/following", uid=USER))["text"])


async def test_new_quotes_after_a_reindex_reach_each_follower_once(bot: Bot):
    await bot.say("/follow 毛宁", uid=USER)
    await bot.say("/follow 仁爱礁", uid=USER)
    await bot.say("/follow 台湾", uid=OTHER)
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    (bot.config.corpus / "mention.html").write_text(MENTION, encoding="utf-8")
    await bot.say("/reindex", uid=ADMIN)
    [note] = notifications(bot, USER)
    text = visible(note["text"])
    # the answer matches both follows and is listed once; the mention of 毛宁 matches the words only
    assert "(3)" in text
    assert "«菲律宾称将再次向仁爱礁运送物资" in text
    assert "«中方将继续依法维护自身领土主权" in text and "— 毛宁 · 2024-05-09" in text
    assert "«汪文斌指出，毛宁此前" in text and "— 汪文斌" in text
    assert not notifications(bot, OTHER)
    card = await bot.click(note, buttons(note)["2"], uid=USER)
    assert card["message_id"] != note["message_id"]  # a new message: the list stays
    shown = next(line for line in text.splitlines() if line.startswith("2. «"))[4:20]
    assert shown in visible(card["text"]) and "📎 Cite" in buttons(card)
    await bot.say("/reindex", uid=ADMIN)
    assert len(notifications(bot, USER)) == 1


async def test_a_long_list_is_capped_with_the_count_of_the_rest(config: Config):
    bot = await Bot(dataclasses.replace(config, follow_quotes_per_message=2)).start()
    try:
        await bot.say("/follow 仁爱礁", uid=USER)
        (config.corpus / "later.html").write_text(LATER, encoding="utf-8")
        (config.corpus / "mention.html").write_text(MENTION, encoding="utf-8")
        await bot.say("/reindex", uid=ADMIN)
        [note] = notifications(bot, USER)
        text = visible(note["text"])
        assert "(3)" in text and "1. «" in text and "2. «" in text and "3. «" not in text
        assert "… and 1 more" in text and set(buttons(note)) == {"1", "2"}
    finally:
        await bot.stop()


async def test_passages_indexed_while_the_bot_was_down_arrive_after_restart_once(config: Config):
    bot = await Bot(config).start()
    await bot.say("/follow 毛宁", uid=USER)
    await bot.stop()
    (config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(config.corpus, config.db)  # `quotebot reindex` while the bot is down
    bot = await Bot(config).start()
    try:
        [note] = notifications(bot, USER)
        assert "«中方将继续" in visible(note["text"])
        assert await notify_followers(bot.app) == 0
        # the same document reindexed (a sidecar added: its passages re-enter with new ids) was sent already
        (config.corpus / "later.html.meta.toml").write_text('outlet = "外交部"\n', encoding="utf-8")
        reindex(config.corpus, config.db)
        assert await notify_followers(bot.app) == 0
        assert len(notifications(bot, USER)) == 1
    finally:
        await bot.stop()


async def test_a_user_who_blocked_the_bot_is_dropped(bot: Bot):
    await bot.say("/follow 毛宁", uid=USER)
    bot.api.blocked.add(USER)
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    assert await notify_followers(bot.app) == 0
    assert bot.app.bot_data["services"].follows.of_chat(USER) == []
    attempts = len([m for m in bot.api.sent() if int(m["chat_id"]) == USER])
    (bot.config.corpus / "more.html").write_text(LATER.replace("5月9日", "5月10日").replace("中方将继续", "中方始终"), encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    await notify_followers(bot.app)
    assert len([m for m in bot.api.sent() if int(m["chat_id"]) == USER]) == attempts  # not retried


async def test_a_network_failure_is_retried_at_the_next_look_without_resending_to_others(bot: Bot):
    await bot.say("/follow 毛宁", uid=USER)
    await bot.say("/follow 毛宁", uid=OTHER)
    bot.api.unreachable[USER] = 1
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    assert await notify_followers(bot.app) == 1  # OTHER; USER's failed
    assert not notifications(bot, USER) and len(notifications(bot, OTHER)) == 1
    assert await notify_followers(bot.app) == 1  # USER now, OTHER not again
    assert len(notifications(bot, USER)) == 1 and len(notifications(bot, OTHER)) == 1
    assert await notify_followers(bot.app) == 0


async def test_flood_control_delays_a_notification_but_it_arrives_once(bot: Bot):
    await bot.say("/follow 毛宁", uid=USER)
    bot.api.fail_next["sendMessage"] = 1  # Telegram answers 429 "retry after 1": the rate limiter waits, then sends
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    assert await notify_followers(bot.app) == 1
    assert len(notifications(bot, USER)) == 1


async def test_a_chat_that_stays_unreachable_does_not_hold_the_others_forever(bot: Bot):
    await bot.say("/follow 毛宁", uid=USER)
    bot.api.unreachable[USER] = 1000
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    for _ in range(bot.config.follow_retry_rounds + 1):
        await notify_followers(bot.app)
    follows = bot.app.bot_data["services"].follows
    assert follows.position().last_id == bot.app.bot_data["services"].index.position()[1]
    assert follows.of_chat(USER)  # a network failure is no reason to drop the chat


async def test_a_rebuilt_index_does_not_flood_followers(bot: Bot):
    await bot.say("/follow 仁爱礁", uid=USER)
    bot.config.db.unlink()
    reindex(bot.config.corpus, bot.config.db)
    assert await notify_followers(bot.app) == 0
    (bot.config.corpus / "later.html").write_text(LATER, encoding="utf-8")
    reindex(bot.config.corpus, bot.config.db)
    assert await notify_followers(bot.app) == 1


async def test_add_and_feeds_are_for_admins_and_refuse_private_addresses(bot: Bot):
    assert "only admins" in visible((await bot.say("/add https://example.com/a.html", uid=USER))["text"])
    assert "only admins" in visible((await bot.say("/feeds", uid=USER))["text"])
    assert "http or https" in visible((await bot.say("/add ftp://example.com/x", uid=ADMIN))["text"])
    refused = visible((await bot.say("/add http://127.0.0.1:9/a.html", uid=ADMIN))["text"])
    assert "Could not add http://127.0.0.1:9/a.html" in refused and "private or local" in refused
    assert not (bot.config.corpus / "feeds").exists()
    assert "No feeds are configured" in visible((await bot.say("/feeds", uid=ADMIN))["text"])


async def test_help_mentions_following_and_admin_intake(bot: Bot):
    assert "/follow" in (await bot.say("/help", uid=USER))["text"]
    admin_help = (await bot.say("/help", uid=ADMIN))["text"]
    assert "/add" in admin_help and "/feeds" in admin_help

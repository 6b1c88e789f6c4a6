"""Tell followers about new quotes: after every reindex that adds passages (here or by another process),
each chat gets one message listing the new quotes that match its follows.

The bot keeps its own position in the index (the highest passage id it has looked at, bot.follows), so
passages indexed while it was down are still sent once it is back; a quote a chat was sent before is not
sent again (by its text, across documents, reindexes and restarts). A rebuilt index (another index_id)
restarts the position at its end. Sends go through the application's rate limiter; a chat that blocked
the bot is dropped; after a network failure the position waits (up to `Config.follow_retry_rounds`
looks) so that the chat is tried again.
"""
from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.follows import Position
from bot.handlers.common import Services, log
from bot.render_follow import notification
from store import IndexMissing, PassageRow
from store.follow import Follow, follow_hit, new_matches, parse_follow, quote_digest

SENT, NOTHING, RETRY = "sent", "nothing", "retry"


async def notify_followers(app: Application) -> int:
    """Look at the passages indexed since the bot's position; the number of notifications sent."""
    s: Services = app.bot_data["services"]
    async with s.notify_lock:
        try:
            index_id, top = await asyncio.to_thread(s.index.position)
        except IndexMissing:
            return 0
        position = await asyncio.to_thread(s.follows.position)
        if position is None or position.index_id != index_id or position.last_id > top:
            if position is not None:
                log.info("index %s was rebuilt: follows start again from its end (passage %d)", index_id, top)
            await asyncio.to_thread(s.follows.set_position, Position(index_id, top))
            return 0
        if position.last_id == top:
            return 0
        rows = await asyncio.to_thread(s.follows.everyone)
        follows = [(r.chat_id, parse_follow(r.text, {})) for r in rows]  # stored in explicit syntax
        found = await asyncio.to_thread(new_matches, s.index, position.last_id, top, follows) if follows else {}
        langs = {r.chat_id: r.lang for r in rows}
        outcomes = [await _notify_chat(app.bot, s, chat_id, langs[chat_id], matched) for chat_id, matched in found.items()]
        if RETRY in outcomes and position.held < s.config.follow_retry_rounds:
            # the next look reads these passages again: chats that got them are not sent them twice
            await asyncio.to_thread(s.follows.set_position, Position(index_id, position.last_id, position.held + 1))
        else:
            await asyncio.to_thread(s.follows.set_position, Position(index_id, top))
        sent = outcomes.count(SENT)
        if sent:
            log.info("follows: passages %d–%d, %d notifications", position.last_id + 1, top, sent)
        return sent


async def _notify_chat(bot: Bot, s: Services, chat_id: int, lang: str, matched: list[tuple[PassageRow, Follow]]) -> str:
    """One message to the chat with its quotes not sent before: SENT, NOTHING, or RETRY after a passing failure."""
    digests = [quote_digest(row) for row, _ in matched]
    fresh = await asyncio.to_thread(s.follows.unsent, chat_id, digests)
    items = [(row, follow) for (row, follow), d in zip(matched, digests) if d in fresh]
    if not items:
        return NOTHING
    cap = s.config.follow_quotes_per_message
    hits = [follow_hit(s.index, follow, row) for row, follow in items[:cap]]
    key = await asyncio.to_thread(s.results.save, " | ".join(dict.fromkeys(f.text for _, f in items)), hits)
    text, keyboard = notification(hits, len(items) - len(hits), key, lang)
    try:
        await bot.send_message(chat_id, text, reply_markup=keyboard)
    except TelegramError as exc:
        if _gone(exc):
            log.info("chat %s cannot be written to (%s): its follows are dropped", chat_id, exc)
            await asyncio.to_thread(s.follows.drop_chat, chat_id)
            return NOTHING
        log.warning("follow notification to %s failed: %s", chat_id, exc)
        return NOTHING if isinstance(exc, BadRequest) else RETRY  # the message itself, or the network
    await asyncio.to_thread(s.follows.mark_sent, chat_id, list(fresh))
    return SENT


def _gone(exc: TelegramError) -> bool:
    """The chat blocked the bot, or no longer exists: retrying would never succeed."""
    return isinstance(exc, Forbidden) or (isinstance(exc, BadRequest) and "chat not found" in str(exc).lower())

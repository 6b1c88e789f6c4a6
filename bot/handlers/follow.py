"""/follow, /following, /unfollow: stored searches whose new matches arrive by themselves (bot.notify)."""
from __future__ import annotations

import asyncio
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import command_text, from_index, lang, reply, services
from bot.i18n import t
from bot.render_follow import describe, following_html
from store.follow import parse_follow


async def on_follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language, s = lang(update), services(context)
    text = command_text(update).strip()
    if not text:
        await reply(update, t(language, "follow_usage"))
        return
    snapshot = await from_index(update, s.index.snapshot)
    if snapshot is None:
        return
    follow = parse_follow(text, snapshot.speakers)
    if not follow:
        await reply(update, t(language, "follow_nothing", q=escape(text[:60])))
        return
    chat_id = update.effective_chat.id
    rows = await asyncio.to_thread(s.follows.of_chat, chat_id)
    same = [n for n, row in enumerate(rows, 1) if row.text == follow.canonical]
    if same:
        await reply(update, t(language, "follow_known", n=same[0]))
    elif len(rows) >= s.config.follows_per_chat:
        await reply(update, t(language, "follow_too_many", n=len(rows)))
    else:
        n = await asyncio.to_thread(s.follows.add, chat_id, language, follow.canonical)
        await reply(update, t(language, "follow_added", n=n, what=describe(follow, language)))


async def on_following(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rows = await asyncio.to_thread(services(context).follows.of_chat, update.effective_chat.id)
    await reply(update, following_html([(row, parse_follow(row.text, {})) for row in rows], lang(update)))


async def on_unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    arg = command_text(update).strip().lstrip("#")
    if not arg.isdigit():
        await reply(update, t(language, "unfollow_usage"))
        return
    gone = await asyncio.to_thread(services(context).follows.remove, update.effective_chat.id, int(arg))
    if gone is None:
        await reply(update, t(language, "unfollow_missing", n=int(arg)))
        return
    await reply(update, t(language, "unfollow_done", n=int(arg), what=describe(parse_follow(gone.text, {}), language)))

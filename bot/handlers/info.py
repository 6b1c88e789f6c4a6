"""/start, /help, /check, /sources, /stats."""
from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import command_text, is_admin, lang, reply, services
from bot.i18n import t
from bot.render import check_html, sources_html, stats_html
from store import IndexMissing, check_quote


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, t(lang(update), "start"))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    text = t(language, "help", bot=context.bot.username)
    if is_admin(update, context):
        text += t(language, "help_admin")
    await reply(update, text)


async def on_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    claim = command_text(update).strip()
    if not claim:
        await reply(update, t(language, "check_usage"))
        return
    try:
        result = await asyncio.to_thread(check_quote, services(context).index, claim)
    except IndexMissing:
        await reply(update, t(language, "no_index"))
        return
    await reply(update, check_html(result, language))


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    try:
        sources = await asyncio.to_thread(services(context).index.sources)
    except IndexMissing:
        await reply(update, t(language, "no_index"))
        return
    await reply(update, sources_html(sources, language))


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    try:
        stats = await asyncio.to_thread(services(context).index.stats)
    except IndexMissing:
        await reply(update, t(language, "no_index"))
        return
    await reply(update, stats_html(stats, language))

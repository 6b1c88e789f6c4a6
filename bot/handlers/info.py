"""/start, /help, /check, /sources, /stats."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import command_text, from_index, is_admin, lang, reply, services
from bot.i18n import t
from bot.render import check_html, sources_html, stats_html
from store import check_quote


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, t(lang(update), "start"))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    text = t(language, "help", bot=context.bot.username) + t(language, "help_follow")
    if is_admin(update, context):
        text += t(language, "help_admin") + t(language, "help_feeds")
    await reply(update, text)


async def on_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    claim = command_text(update).strip()
    if not claim:
        await reply(update, t(lang(update), "check_usage"))
        return
    result = await from_index(update, check_quote, services(context).index, claim)
    if result is not None:
        await reply(update, check_html(result, lang(update)))


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    sources = await from_index(update, services(context).index.sources)
    if sources is not None:
        await reply(update, sources_html(sources, lang(update)))


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    stats = await from_index(update, services(context).index.stats)
    if stats is not None:
        await reply(update, stats_html(stats, lang(update)))

"""Inline mode: `@botname words` in any chat lists matching quotes; choosing one posts its card."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import from_index, lang, log, services
from bot.render import INLINE_RESULTS, inline_results
from store import search


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    text = query.query.strip()
    hits = await from_index(update, search, services(context).index, text, INLINE_RESULTS) if text else None
    # personal: the cards are in the asking user's language
    await query.answer(inline_results(hits or [], lang(update)), cache_time=30, is_personal=True)


async def on_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chosen = update.chosen_inline_result
    log.info("inline result %s chosen for %r", chosen.result_id, chosen.query)

"""Inline buttons under an answer: page through results, context, script, citation."""
from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.callbacks import CITE, CONTEXT, NEWEST, OPEN, decode
from bot.freshness import still_current
from bot.handlers.ask import RESULTS, save_results
from bot.handlers.common import edit, from_index, lang, reply, services
from bot.i18n import t
from bot.render import citation_html, context_message, result_message
from store import search
from store.query import parse


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    language = lang(update)
    s = services(context)
    callback = decode(query.data)
    stored = await asyncio.to_thread(s.results.load, callback.key) if callback else None
    if callback is None or stored is None or not 0 <= callback.index < len(stored.hits) or query.message is None:
        await query.answer(t(language, "expired"), show_alert=True)
        return
    hit = stored.hits[callback.index]
    current = await from_index(update, still_current, s.index, hit)
    if current is None:
        await query.answer()
        return
    if not current:
        await query.answer(t(language, "changed"), show_alert=True)
        return
    if callback.action == CITE:
        await query.answer()
        await reply(update, citation_html(hit, language, callback.script))
        return
    if callback.action == CONTEXT:
        rows = await from_index(update, s.index.context, hit.passage_id)
        if not rows:
            await query.answer(t(language, "gone"), show_alert=True)
            return
        await query.answer()
        await edit(query.message, *context_message(rows, hit, callback.key, callback.index, language, callback.script))
        return
    if callback.action == NEWEST:  # the same question again, newest first
        question = f"{stored.question} sort:new"
        hits = await from_index(update, search, s.index, question, RESULTS)
        await query.answer()
        if hits:
            key = await save_results(update, context, question, hits)
            await edit(query.message, *result_message(hits, 0, key, language, callback.script, question))
        return
    await query.answer()
    newest = not parse(stored.question).newest
    message = result_message(stored.hits, callback.index, callback.key, language, callback.script, stored.question, newest)
    if callback.action == OPEN:
        await reply(update, *message)
        return
    await edit(query.message, *message)

"""Admin only: /add URL fetches one web page into the corpus now; /feeds shows each feed's last round."""
from __future__ import annotations

import asyncio
import time
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.admin import run_reindex
from bot.handlers.common import command_text, is_admin, lang, reply, services
from bot.i18n import t
from bot.render_follow import feeds_html
from store.feeds import IntakeBusy, add_page
from store.fetch import FetchError

ADD_WAIT = 30.0  # seconds /add waits for a running intake round to end before it says so


async def _add_page(url: str, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, bool]:
    """`add_page`, after the intake round that is running, if one is (IntakeBusy after ADD_WAIT seconds)."""
    s, deadline = services(context), time.monotonic() + ADD_WAIT
    while True:
        try:
            return await asyncio.to_thread(add_page, url, s.config.corpus, s.intake, s.config.fetch)
        except IntakeBusy:
            if time.monotonic() >= deadline:
                raise
            await asyncio.sleep(0.5)


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    if not is_admin(update, context):
        await reply(update, t(language, "not_admin"))
        return
    url = command_text(update).strip()
    if not url.startswith(("http://", "https://")) or len(url.split()) != 1:
        await reply(update, t(language, "add_usage"))
        return
    await reply(update, t(language, "add_fetching", url=escape(url)))
    try:
        path, new = await _add_page(url, context)
    except IntakeBusy:
        await reply(update, t(language, "intake_busy"))
        return
    except FetchError as exc:
        await reply(update, t(language, "add_failed", url=escape(url), error=escape(str(exc))))
        return
    await reply(update, t(language, "add_saved" if new else "add_known", path=escape(path)))
    if new:
        await run_reindex(update, context, queued=path)


async def on_feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language, s = lang(update), services(context)
    if not is_admin(update, context):
        await reply(update, t(language, "not_admin"))
        return
    statuses = await asyncio.to_thread(s.intake.status, list(s.config.feeds))
    await reply(update, feeds_html(statuses, s.config.fetch_every, language))

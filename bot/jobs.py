"""Scheduled jobs of `quotebot serve` (PTB's JobQueue): the feed intake every QUOTEBOT_FETCH_EVERY
seconds, a look for passages another process (`quotebot fetch`, `quotebot reindex`) indexed, and the
loading of a new index generation's filter columns before a question needs them."""
from __future__ import annotations

import asyncio

from telegram.ext import Application, ContextTypes

from bot.handlers.admin import run_waiting
from bot.handlers.common import Services, log
from bot.notify import notify_followers
from store import ReindexBusy
from store.feeds import IntakeBusy, index_saved, intake

FIRST_ROUND_AFTER = 1.0  # seconds after startup: the bot serves meanwhile
WARM_EVERY = 15.0  # seconds between looks for a new index generation to load (a no-op when there is none)


async def fetch_round(app: Application) -> None:
    """One intake round, the reindex of what it saved (after any reindex running), then the notifications.
    Fetching holds no reindex lock: /reindex and uploads are not kept waiting by slow sites."""
    s: Services = app.bot_data["services"]
    try:
        report = await asyncio.to_thread(intake, list(s.config.feeds), s.config.corpus, s.intake, s.config.fetch)
    except IntakeBusy as exc:
        log.info("intake: %s", exc)
        return
    log.info("intake: %s", report.summary().replace("\n", "; "))
    async with s.reindex_lock:
        try:
            done = await asyncio.to_thread(index_saved, s.intake, s.config.corpus, s.config.db)
        except ReindexBusy as exc:  # `quotebot reindex` or `quotebot fetch` meanwhile: the next round indexes them
            log.info("intake: %s", exc)
        else:
            if done is not None:
                log.info("reindex after intake: %s", done.summary().replace("\n", "; "))
        await run_waiting(s)  # a /reindex or an upload that came meanwhile
    await notify_followers(app)


async def _fetch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await fetch_round(context.application)


async def _notify_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await notify_followers(context.application)


async def _warm_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    s: Services = context.application.bot_data["services"]
    await asyncio.to_thread(s.index.warm)


def schedule(app: Application) -> None:
    """Start the jobs the configuration asks for (the bot looks for passages indexed while it was down
    once at startup, before these)."""
    config = app.bot_data["services"].config
    jobs = app.job_queue
    if jobs is None:
        raise RuntimeError("PTB's JobQueue is missing: install python-telegram-bot[job-queue]")
    jobs.run_repeating(_warm_job, interval=WARM_EVERY, first=0, name="warm-index")
    if config.follow_check_every > 0:
        jobs.run_repeating(_notify_job, interval=config.follow_check_every, first=config.follow_check_every, name="follows")
    if config.feeds and config.fetch_every > 0:
        jobs.run_repeating(_fetch_job, interval=config.fetch_every, first=FIRST_ROUND_AFTER, name="intake")

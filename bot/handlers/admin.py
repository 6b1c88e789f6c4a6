"""Admin only: /reindex from the chat, and documents sent to the bot added to the corpus."""
from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.handlers.common import edit, is_admin, lang, log, reply, services
from bot.i18n import t
from bot.notify import notify_followers
from bot.render import human_size, reindex_html
from store import Progress, ReindexBusy, reindex

UPLOAD_TYPES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_UPLOAD = 20 * 1024 * 1024  # the Bot API lets bots download files up to 20 MB
PROGRESS_EVERY = 1.5  # seconds between edits of the status message
UPLOAD_DIR = "uploads"


async def run_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE, *, wait: bool = False) -> None:
    """Run the incremental reindex off the event loop, editing one status message with its progress;
    while another one runs, refuse (or, with `wait`, run after it: a file was just added)."""
    language = lang(update)
    s = services(context)
    if s.reindex_lock.locked() and not wait:
        await reply(update, t(language, "reindex_busy"))
        return
    async with s.reindex_lock:
        status = await reply(update, t(language, "reindex_start", corpus=s.config.corpus.name))
        latest: list[Progress] = []
        ticker = asyncio.create_task(_show_progress(status, latest, language))
        try:
            report = await asyncio.to_thread(reindex, s.config.corpus, s.config.db, progress=latest.append)
        except ReindexBusy:
            text = t(language, "reindex_busy")
        except Exception as exc:  # the old index keeps serving; tell the admin what went wrong
            log.exception("reindex failed")
            text = t(language, "reindex_failed", error=f"{type(exc).__name__}: {exc}")
        else:
            log.info("reindex: %s", report.summary().replace("\n", "; "))
            text = reindex_html(report, language)
        finally:
            ticker.cancel()
        await edit(status, text)
    await notify_followers(context.application)


async def _show_progress(status: Message, latest: list[Progress], language: str) -> None:
    shown = None
    while True:
        await asyncio.sleep(PROGRESS_EVERY)
        if latest and latest[-1] is not shown:
            shown = latest[-1]
            await edit(status, t(language, "reindex_progress", done=shown.done, total=shown.total, indexed=shown.indexed, skipped=shown.skipped))


async def on_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update, context):
        await reply(update, t(lang(update), "not_admin"))
        return
    await run_reindex(update, context)


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder."""
    stem = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "upload"
    return stem[:120]


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's .txt/.md/.html file: save it into the corpus and reindex."""
    language = lang(update)
    if not is_admin(update, context):
        await reply(update, t(language, "not_admin"))
        return
    document = update.effective_message.document
    name = safe_name(document.file_name or "upload.txt")
    if Path(name).suffix.lower() not in UPLOAD_TYPES:
        await reply(update, t(language, "upload_bad_type"))
        return
    if (document.file_size or 0) > MAX_UPLOAD:
        await reply(update, t(language, "upload_too_big", size=human_size(document.file_size), limit=human_size(MAX_UPLOAD)))
        return
    folder = services(context).config.corpus / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.{time.monotonic_ns()}.part"
    file = await document.get_file()
    await file.download_to_drive(partial)
    partial.replace(folder / name)
    await reply(update, t(language, "upload_saved", name=name))
    await run_reindex(update, context, wait=True)  # a scheduled intake may be reindexing: the upload follows it

"""Admin only: /reindex from the chat, and documents sent to the bot added to the corpus."""
from __future__ import annotations

import asyncio
import filecmp
import re
import sqlite3
import time
from pathlib import Path

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.handlers.common import Services, edit, is_admin, lang, log, reply, services
from bot.i18n import t
from bot.notify import notify_followers
from bot.render import human_size, reindex_html
from store import IndexMissing, Progress, ReindexBusy, reindex

UPLOAD_TYPES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_UPLOAD = 20 * 1024 * 1024  # the Bot API lets bots download files up to 20 MB
PROGRESS_EVERY = 1.5  # seconds between edits of the status message
UPLOAD_DIR = "uploads"
MAX_NAME_BYTES = 200  # a saved upload's name in UTF-8, extension included (file systems allow 255)


async def run_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE, *, queued: str = "") -> None:
    """Run the incremental reindex off the event loop, editing one status message with its progress,
    then tell the followers about new passages.

    Asked while one runs (a /reindex, an upload or /add named `queued`), the request says so and is
    queued: whoever holds the reindex lock runs one more reindex for it right after, with its summary.
    """
    s = services(context)
    if s.reindex_lock.locked():
        s.reindex_waiting.append((update, queued))
        await reply(update, t(lang(update), "upload_queued", name=queued) if queued else t(lang(update), "reindex_busy"))
        return
    async with s.reindex_lock:
        await _reindex_once(s, update, queued)
        await run_waiting(s)
    await notify_followers(context.application)


async def run_waiting(s: Services) -> None:
    """The reindexes asked for while the lock was held (call it holding `s.reindex_lock`)."""
    while s.reindex_waiting:
        update, queued = s.reindex_waiting.pop(0)
        await _reindex_once(s, update, queued)


async def _reindex_once(s: Services, update: Update, queued: str) -> None:
    language = lang(update)
    status = await reply(update, t(language, "reindex_start", corpus=s.config.corpus.name))
    latest: list[Progress] = []
    ticker = asyncio.create_task(_show_progress(status, latest, language))
    try:
        report = await asyncio.to_thread(reindex, s.config.corpus, s.config.db, progress=latest.append)
    except ReindexBusy:
        text = t(language, "upload_busy_elsewhere", name=queued) if queued else t(language, "reindex_busy_elsewhere")
    except Exception as exc:  # tell the admin what went wrong, and whether the previous index still answers
        log.exception("reindex failed")
        error = f"{type(exc).__name__}: {exc}"
        key = "reindex_failed" if await _index_answers(s) else "reindex_failed_no_index"
        text = t(language, key, error=error)
    else:
        log.info("reindex: %s", report.summary().replace("\n", "; "))
        text = reindex_html(report, language)
    finally:
        ticker.cancel()
    await edit(status, text)


async def _index_answers(s) -> bool:
    try:
        await asyncio.to_thread(s.index.stats)
    except (IndexMissing, sqlite3.DatabaseError):
        return False
    return True


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


def _fit(stem: str, tail: str, limit: int) -> str:
    """`stem` cut so that `stem + tail` takes at most `limit` bytes in UTF-8 (file systems count bytes)."""
    room = limit - len(tail.encode())
    while len(stem.encode()) > room:
        stem = stem[:-1]
    return stem.rstrip("._") + tail


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder, at most MAX_NAME_BYTES, extension kept."""
    clean = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "upload"
    suffix = Path(clean).suffix if len(Path(clean).suffix) <= 10 else ""
    stem = _fit(clean[: len(clean) - len(suffix)], "", MAX_NAME_BYTES - len(suffix.encode()))
    return (stem or "upload") + suffix


def free_name(folder: Path, name: str, content: Path) -> str:
    """`name`, or `name-2`, `name-3`… when a different file already has it (the same content reuses it)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while (folder / candidate).exists() and not filecmp.cmp(folder / candidate, content, shallow=False):
        n += 1
        candidate = _fit(stem, f"-{n}{suffix}", MAX_NAME_BYTES)
    return candidate


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's .txt/.md/.html file: save it into the corpus (never over a different file) and reindex."""
    language = lang(update)
    if not is_admin(update, context):
        await reply(update, t(language, "not_admin"))
        return
    document = update.effective_message.document
    wanted = safe_name(document.file_name or "upload.txt")
    if Path(wanted).suffix.lower() not in UPLOAD_TYPES:
        await reply(update, t(language, "upload_bad_type"))
        return
    if (document.file_size or 0) > MAX_UPLOAD:
        await reply(update, t(language, "upload_too_big", size=human_size(document.file_size), limit=human_size(MAX_UPLOAD)))
        return
    folder = services(context).config.corpus / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".upload-{time.monotonic_ns()}.part"
    file = await document.get_file()
    await file.download_to_drive(partial)
    name = free_name(folder, wanted, partial)
    partial.replace(folder / name)
    saved = t(language, "upload_saved", name=name)
    if name != wanted:
        saved = t(language, "upload_renamed", old=wanted, name=name)
    await reply(update, saved)
    await run_reindex(update, context, queued=name)

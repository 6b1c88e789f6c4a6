"""What every handler needs: the bot's services, the user's language, admin checks, safe replies."""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.config import Config
from bot.follows import FollowStore
from bot.i18n import lang_of, t
from bot.prefs import Preferences
from bot.ratelimit import UserRateLimit
from bot.state import ResultStore
from store import IndexMissing, IndexReader, IndexUnreadable, QueryTimeout
from store.feeds import IntakeState
from store.limits import LIMITS

T = TypeVar("T")

log = logging.getLogger("quotebot")


@dataclass
class Services:
    """Shared by all handlers (kept in `application.bot_data["services"]`)."""

    config: Config
    index: IndexReader
    results: ResultStore
    prefs: Preferences
    follows: FollowStore
    intake: IntakeState
    limiter: UserRateLimit
    reindex_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    notify_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    reindex_waiting: list[tuple[Update, str]] = field(default_factory=list)  # asked for while one ran


# Searches and checks share these threads (not asyncio's default pool, which reindex progress and
# file saving also use): a flood of slow requests waits here instead of taking every thread.
STORE_POOL = ThreadPoolExecutor(max_workers=Config.store_threads, thread_name_prefix="quotebot-store")


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def lang(update: Update) -> str:
    return lang_of(update.effective_user)


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in services(context).config.admin_ids


def _within_time_limit(call: Callable[..., T], args: tuple) -> T:
    """`call(*args)` with the SQLite time limit on the index it reads (an argument, or the method's own)."""
    reader = next((a for a in args if isinstance(a, IndexReader)), getattr(call, "__self__", None))
    if not isinstance(reader, IndexReader):
        return call(*args)
    with reader.time_limit(LIMITS.query_seconds):
        return call(*args)


async def from_index(update: Update, call: Callable[..., T], *args: object) -> T | None:
    """Run a `store` call on the store threads, within the query time limit; when there is no usable
    index or the call ran out of time, say so (in reply to the update's message, when it has one: an
    inline query has none) and return None."""
    try:
        return await asyncio.get_running_loop().run_in_executor(STORE_POOL, _within_time_limit, call, args)
    except IndexUnreadable as exc:
        log.error("index unusable: %s", exc)
        await reply(update, t(lang(update), "index_unreadable"))
    except IndexMissing:
        await reply(update, t(lang(update), "no_index"))
    except sqlite3.DatabaseError as exc:  # damaged while being read
        log.error("index unreadable: %s", exc)
        await reply(update, t(lang(update), "index_unreadable"))
    except QueryTimeout:
        await reply(update, t(lang(update), "too_slow"))
    return None


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Reply to the message behind `update` (HTML and no link previews are the application's defaults)."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(text, reply_markup=markup)


async def edit(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit a message; editing to the same content is not an error."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


def command_text(update: Update) -> str:
    """What follows the command in the message, as typed."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""

"""What every handler needs: the bot's services, the user's language, admin checks, safe replies."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.config import Config
from bot.i18n import lang_of, t
from bot.prefs import Preferences
from bot.state import ResultStore
from store import IndexMissing, IndexReader

T = TypeVar("T")

log = logging.getLogger("quotebot")


@dataclass
class Services:
    """Shared by all handlers (kept in `application.bot_data["services"]`)."""

    config: Config
    index: IndexReader
    results: ResultStore
    prefs: Preferences
    reindex_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def lang(update: Update) -> str:
    return lang_of(update.effective_user)


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in services(context).config.admin_ids


async def from_index(update: Update, call: Callable[..., T], *args: object) -> T | None:
    """Run a `store` call off the event loop; without an index yet, say so (in reply to the update's
    message, when it has one: an inline query has none) and return None."""
    try:
        return await asyncio.to_thread(call, *args)
    except IndexMissing:
        await reply(update, t(lang(update), "no_index"))
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

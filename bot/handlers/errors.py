"""The error handler: log the failure, tell the user something went wrong."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import lang, log
from bot.i18n import t


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t(lang(update), "error"))
        except Exception:  # the chat may be gone or the network down; the log has the error
            log.warning("could not tell chat %s about the error", update.effective_chat.id)

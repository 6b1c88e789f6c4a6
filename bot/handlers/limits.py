"""Runs before every other handler: a user over their request budget is told once, then ignored until
the budget refills (admins are never limited)."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.handlers.common import is_admin, lang, reply, services
from bot.i18n import t
from bot.ratelimit import Verdict


async def on_any_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None or update.chosen_inline_result is not None or is_admin(update, context):
        return
    verdict = services(context).limiter.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.REFUSE_AND_TELL:
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang(update), "slow_down"), show_alert=True)
        elif update.inline_query is None:
            await reply(update, t(lang(update), "slow_down"))
    raise ApplicationHandlerStop

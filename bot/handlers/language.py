"""The interface language: remembered per user (/lang), else from Telegram's language code."""
from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.handlers.common import command_text, edit, lang, reply, services
from bot.i18n import CHOSEN, INTERFACES, LANG_NAMES, t

PREFIX = "lang:"  # callback data of the language buttons


async def remember(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any handler: make the user's chosen language the one `lang(update)` answers in."""
    user = update.effective_user
    CHOSEN.set(services(context).prefs.lang(user.id) if user else "")


def _choose(code: str) -> str:
    """An interface language from what the user typed (`zh-hant`, `繁體`, `en`…), or ""."""
    code = code.strip().lower()
    aliases = {"简体": "zh", "简体中文": "zh", "zh-hans": "zh", "繁體": "zh-hant", "繁体": "zh-hant",
               "繁體中文": "zh-hant", "zh-tw": "zh-hant", "zh-hk": "zh-hant", "english": "en"}
    return code if code in INTERFACES else aliases.get(code, "")


async def _set(update: Update, context: ContextTypes.DEFAULT_TYPE, chosen: str) -> str:
    services(context).prefs.set_lang(update.effective_user.id, chosen)
    CHOSEN.set(chosen)
    return t(chosen, "lang_set", name=LANG_NAMES[chosen])


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/lang zh-hant` sets the language; `/lang` alone offers the three as buttons."""
    chosen = _choose(command_text(update))
    if chosen and update.effective_user:
        await reply(update, await _set(update, context, chosen))
        return
    buttons = [InlineKeyboardButton(LANG_NAMES[code], callback_data=PREFIX + code) for code in INTERFACES]
    await reply(update, t(lang(update), "lang_prompt"), InlineKeyboardMarkup([buttons]))


async def on_lang_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    chosen = _choose((query.data or "")[len(PREFIX) :])
    if not chosen or query.message is None:
        await query.answer(t(lang(update), "expired"), show_alert=True)
        return
    await query.answer()
    await edit(query.message, await _set(update, context, chosen))

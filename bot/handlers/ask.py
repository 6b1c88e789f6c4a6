"""Questions: plain messages in private chats, /q anywhere, and mentions of the bot in groups."""
from __future__ import annotations

import asyncio
import re

from telegram import MessageEntity, Update
from telegram.ext import ContextTypes

from bot.handlers.common import command_text, from_index, lang, reply, services
from bot.i18n import script_of, t
from bot.render import nothing_html, result_message
from store import Hit, search
from store.chitchat import is_chitchat
from store.query import parse

RESULTS = 5


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Search and reply with the first result and its keyboard, or an honest "nothing found"."""
    language = lang(update)
    question = question.strip()
    if not question:
        await reply(update, t(language, "empty"))
        return
    if is_chitchat(question):
        await reply(update, t(language, "chitchat"))
        return
    s = services(context)
    cap = s.config.max_question_chars
    note = "\n\n" + t(language, "truncated", n=cap) if len(question) > cap else ""
    question = question[:cap]
    hits = await from_index(update, search, s.index, question, RESULTS)
    if hits is None:
        return
    if not hits:
        await reply(update, nothing_html(question, language) + note)
        return
    key = await save_results(update, context, question, hits)
    text, keyboard = result_message(hits, 0, key, language, script_of(language), question, not parse(question).newest)
    await reply(update, text + note, keyboard)


async def save_results(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, hits: list[Hit]) -> str:
    """Store a result set (for the buttons) as the chat's last one (for /export); its key."""
    s = services(context)
    key = await asyncio.to_thread(s.results.save, question, hits)
    if update.effective_chat:
        s.prefs.set_last_results(update.effective_chat.id, key)
    return key


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer(update, context, update.effective_message.text or "")


async def on_q(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer(update, context, command_text(update))


async def on_mention(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups: answer messages that mention the bot, without the mention."""
    message = update.effective_message
    me = f"@{context.bot.username}".lower()
    mentions = message.parse_entities([MessageEntity.MENTION])
    if not any(text.lower() == me for text in mentions.values()):
        return
    await answer(update, context, re.sub(re.escape(me), " ", message.text or "", flags=re.IGNORECASE))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos and the like in a private chat: say what the bot can read."""
    await reply(update, t(lang(update), "not_text"))


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no handler took: in private chats, or addressed to this bot in a group, say so."""
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0]
    addressed = "@" in command and command.split("@", 1)[1].lower() == (context.bot.username or "").lower()
    if message.chat.type == "private" or addressed:
        await reply(update, t(lang(update), "unknown_command"))

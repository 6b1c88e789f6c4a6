"""All handlers, registered on an Application in one place."""
from __future__ import annotations

from telegram import MessageEntity, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import admin, ask, buttons, errors, export, feeds, follow, info, inline, language, limits

PRIVATE = filters.ChatType.PRIVATE


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, language.remember), group=-1)  # the user's /lang choice, for every update
    app.add_handler(CommandHandler("start", info.on_start))
    app.add_handler(CommandHandler("help", info.on_help))
    app.add_handler(CommandHandler("q", ask.on_q))
    app.add_handler(CommandHandler("check", info.on_check))
    app.add_handler(CommandHandler("sources", info.on_sources))
    app.add_handler(CommandHandler("stats", info.on_stats))
    app.add_handler(CommandHandler("reindex", admin.on_reindex))
    app.add_handler(CommandHandler("follow", follow.on_follow))
    app.add_handler(CommandHandler("following", follow.on_following))
    app.add_handler(CommandHandler("unfollow", follow.on_unfollow))
    app.add_handler(CommandHandler("add", feeds.on_add))
    app.add_handler(CommandHandler("feeds", feeds.on_feeds))
    app.add_handler(CommandHandler("lang", language.on_lang))
    app.add_handler(CommandHandler("export", export.on_export))
    app.add_handler(CallbackQueryHandler(language.on_lang_button, pattern=f"^{language.PREFIX}"))
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    app.add_handler(InlineQueryHandler(inline.on_inline_query))
    app.add_handler(ChosenInlineResultHandler(inline.on_chosen))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, ask.on_text))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.TEXT & filters.Entity(MessageEntity.MENTION), ask.on_mention))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, admin.on_document))
    app.add_handler(MessageHandler(PRIVATE & ~filters.COMMAND & ~filters.TEXT & ~filters.Document.ALL, ask.on_other))
    app.add_handler(MessageHandler(filters.COMMAND, ask.on_unknown_command))  # after every command handler
    app.add_handler(TypeHandler(Update, limits.on_any_update), group=-2)  # before everything else (one handler runs per group)
    app.add_error_handler(errors.on_error)

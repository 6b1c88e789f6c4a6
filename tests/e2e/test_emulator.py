"""Tests of the Bot API emulator and its harness, driven by a tiny python-telegram-bot app.

The app runs in the test's event loop (polling or webhook, over real HTTP), so the
harness's blocking waits go through ``asyncio.to_thread``.
"""

import asyncio
import contextlib
import hashlib
import html
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from botproc import free_port
from emulator import BotApiEmulator, EmulatorError, Message

T = TypeVar("T")
WEBHOOK_SECRET = "webhook-secret"
GREETING = "Hello! Pick one."


# ----- the tiny bot -----


def echo_of(text: str) -> str:
    return f"echo: {text}"


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    await update.effective_message.reply_text(GREETING, reply_markup=keyboard)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    # HTML, a quoted reply and no link preview: all must reach the emulator's records.
    await update.effective_message.reply_text(
        f"<b>{html.escape(echo_of(update.effective_message.text))}</b>",
        parse_mode=ParseMode.HTML,
        do_quote=True,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    context.bot_data["callback_query"] = query
    await query.answer("working")
    await query.edit_message_text("Working…")  # a progress message, edited again below
    await query.edit_message_text(f"Done: {query.data}")


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query.query
    await update.inline_query.answer(
        [
            InlineQueryResultArticle(
                id="r1",
                title=f"Quote: {query}",
                input_message_content=InputTextMessageContent(query),
            )
        ]
    )


async def on_chosen_result(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["chosen"] = update.chosen_inline_result


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    data = await (await message.document.get_file()).download_as_bytearray()
    await message.reply_text(f"{message.caption}: sha256 {hashlib.sha256(data).hexdigest()}")


def build_app(emu: BotApiEmulator, *, rate_limiter: AIORateLimiter | None = None) -> Application:
    builder = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(f"{emu.base_url}/bot")
        .base_file_url(f"{emu.base_url}/file/bot")
    )
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.add_handlers(
        [
            CommandHandler("start", on_start),
            MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
            MessageHandler(filters.Document.ALL, on_document),
            CallbackQueryHandler(on_button),
            InlineQueryHandler(on_inline_query),
            ChosenInlineResultHandler(on_chosen_result),
        ]
    )
    return app


@contextlib.asynccontextmanager
async def running(app: Application, webhook_port: int | None = None) -> AsyncIterator[Application]:
    """Run ``app`` as run_polling (or run_webhook, given a port) would, in this event loop."""
    await app.initialize()
    await app.start()
    if webhook_port is None:
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
    else:
        await app.updater.start_webhook(
            listen="127.0.0.1", port=webhook_port, url_path="hook", secret_token=WEBHOOK_SECRET
        )
    try:
        yield app
    finally:
        await app.updater.stop()
        if webhook_port is not None:
            await app.bot.delete_webhook()
        await app.stop()
        await app.shutdown()


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Application]:
    async with running(build_app(emulator)) as app:
        yield app


async def wait_for_message(emu: BotApiEmulator, predicate: Callable[[Message], bool]) -> Message:
    return await asyncio.to_thread(emu.wait_for_bot_message, predicate)


async def wait_until(emu: BotApiEmulator, predicate: Callable[[], T | None]) -> T:
    return await asyncio.to_thread(emu.wait_until, predicate)


# ----- the tests -----


async def test_initialize_gets_the_bot_user(bot: Application) -> None:
    me = bot.bot.bot  # what initialize() got from getMe
    assert (me.id, me.username, me.is_bot) == (123456, "quote_test_bot", True)
    assert me.supports_inline_queries and me.can_join_groups
    assert me.can_read_all_group_messages is not None


async def test_text_gets_a_reply_stored_with_its_options(
    bot: Application, emulator: BotApiEmulator
) -> None:
    sent = emulator.send_message("hello https://example.org", language_code="zh-hans")
    reply = await wait_for_message(emulator, lambda m: echo_of("hello") in m["text"])

    assert reply["chat"] == {"id": 1001, "type": "private", "first_name": "Tester"}
    assert reply["from"]["username"] == "quote_test_bot"
    assert abs(reply["date"] - time.time()) < 60  # seconds, not milliseconds
    assert reply["parse_mode"] == "HTML"
    assert reply["link_preview_options"] == {"is_disabled": True}
    assert reply["reply_to_message"]["message_id"] == sent["message_id"]
    assert sent["from"]["language_code"] == "zh-hans"


async def test_button_click_edits_the_message_and_keeps_its_history(
    bot: Application, emulator: BotApiEmulator
) -> None:
    emulator.send_command("/start")
    greeting = await wait_for_message(emulator, lambda m: m["text"] == GREETING)
    assert greeting["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more"

    query_id = emulator.click(greeting, "more")
    done = await wait_for_message(emulator, lambda m: m["text"] == "Done: more")

    assert [version["text"] for version in done["edits"]] == [GREETING, "Working…", "Done: more"]
    assert "reply_markup" not in done  # an edit without reply_markup drops the keyboard
    assert emulator.callback_answer(query_id) == {"text": "working"}
    query = bot.bot_data["callback_query"]
    assert query.chat_instance and query.from_user.id == 1001
    assert query.message.text == GREETING and query.message.reply_markup is not None
    with pytest.raises(EmulatorError, match="no button"):
        emulator.click(done, "more")  # the keyboard is gone


async def test_group_chat_commands_and_mentions(bot: Application, emulator: BotApiEmulator) -> None:
    command = emulator.send_command("/start", chat_type="group", user_id=7)
    assert command["text"] == "/start@quote_test_bot"
    assert command["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    greeting = await wait_for_message(emulator, lambda m: m["text"] == GREETING)
    assert greeting["chat"] == {"id": -1001, "type": "group", "title": "Test Group"}

    mention = emulator.send_group_mention("你好 😀", reply_to=greeting)
    assert mention["entities"] == [{"type": "mention", "offset": 0, "length": 15}]
    assert mention["reply_to_message"]["text"] == GREETING
    await wait_for_message(emulator, lambda m: echo_of("@quote_test_bot 你好 😀") in m["text"])


async def test_set_my_commands(bot: Application, emulator: BotApiEmulator) -> None:
    await bot.bot.set_my_commands([("quote", "Find a quote"), ("help", "How to use me")])
    await bot.bot.set_my_commands([("quote", "查找引语")], language_code="zh")

    assert emulator.my_commands() == [
        {"command": "quote", "description": "Find a quote"},
        {"command": "help", "description": "How to use me"},
    ]
    assert emulator.my_commands(language_code="zh") == [
        {"command": "quote", "description": "查找引语"}
    ]
    await bot.bot.delete_my_commands(language_code="zh")
    assert emulator.my_commands(language_code="zh") == []


async def test_inline_query_is_answered_and_chosen(
    bot: Application, emulator: BotApiEmulator
) -> None:
    query_id = emulator.send_inline_query("一带一路", user_id=42)
    answer = await wait_until(emulator, lambda: emulator.inline_answers(query_id))
    assert [(r["id"], r["title"]) for r in answer["results"]] == [("r1", "Quote: 一带一路")]

    emulator.choose_inline_result(query_id, "r1")
    chosen = await wait_until(emulator, lambda: bot.bot_data.get("chosen"))
    assert (chosen.result_id, chosen.query, chosen.from_user.id) == ("r1", "一带一路", 42)


async def test_document_is_downloaded_with_the_same_bytes(
    bot: Application, emulator: BotApiEmulator
) -> None:
    content = bytes(range(256)) * 1024  # 256 KiB: bigger than express's default body limit
    sent = emulator.send_document("quotes.bin", content, caption="check")
    assert sent["document"]["file_size"] == len(content)

    await wait_for_message(
        emulator, lambda m: m["text"] == f"check: sha256 {hashlib.sha256(content).hexdigest()}"
    )


# AIORateLimiter itself reads RetryAfter.retry_after, deprecated since PTB 22.2.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_is_retried(emulator: BotApiEmulator) -> None:
    app = build_app(emulator, rate_limiter=AIORateLimiter(max_retries=2))
    async with running(app):
        emulator.fail_next("sendMessage", 1)
        started = time.monotonic()
        emulator.send_message("slow down")
        await wait_for_message(emulator, lambda m: echo_of("slow down") in m["text"])

    assert time.monotonic() - started >= 1.0  # PTB waited retry_after before retrying
    assert len(emulator.bot_messages()) == 1


async def test_fifty_concurrent_users_get_one_reply_each(
    bot: Application, emulator: BotApiEmulator
) -> None:
    users = range(2000, 2050)
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        list(pool.map(lambda user: emulator.send_message(f"hi {user}", user_id=user), users))
    await wait_until(emulator, lambda: len(emulator.bot_messages()) >= len(users))
    await asyncio.sleep(0.3)  # a duplicate would show up by now

    replies = emulator.bot_messages()
    assert sorted(m["chat"]["id"] for m in replies) == list(users)
    assert all(echo_of(f"hi {m['chat']['id']}") in m["text"] for m in replies)


async def test_webhook_delivers_updates(emulator: BotApiEmulator) -> None:
    port = free_port()
    async with running(build_app(emulator), webhook_port=port) as app:
        info = await app.bot.get_webhook_info()
        assert info.url == f"http://127.0.0.1:{port}/hook"
        emulator.send_message("via webhook")
        await wait_for_message(emulator, lambda m: echo_of("via webhook") in m["text"])


def test_get_updates_offset_limit_timeout_and_allowed_updates(emulator: BotApiEmulator) -> None:
    def get_updates(**params: Any) -> list[dict[str, Any]]:
        return emulator.bot_api("getUpdates", **params)

    for text in ("one", "two", "three"):
        emulator.send_message(text)
    first = get_updates(limit=2)
    assert [u["message"]["text"] for u in first] == ["one", "two"]
    assert get_updates(limit=2) == first  # not confirmed yet
    offset = first[-1]["update_id"] + 1
    assert [u["message"]["text"] for u in get_updates(offset=offset)] == ["three"]
    offset += 1

    started = time.monotonic()
    assert get_updates(offset=offset, timeout=1) == []
    assert time.monotonic() - started >= 0.9

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(get_updates, offset=offset, timeout=5)
        time.sleep(0.2)
        started = time.monotonic()
        emulator.send_message("four")
        assert [u["message"]["text"] for u in waiting.result()] == ["four"]
    assert time.monotonic() - started < 1  # the long poll woke up at once
    offset += 1

    get_updates(offset=offset, allowed_updates=["callback_query"])
    emulator.send_message("ignored")
    assert get_updates(offset=offset) == []
    get_updates(offset=offset, allowed_updates=[])  # back to every update type


def test_bot_api_errors(emulator: BotApiEmulator) -> None:
    sent = emulator.send_message("hi")
    reply = emulator.bot_api(
        "sendMessage", chat_id=1001, text="yes", reply_to_message_id=sent["message_id"]
    )
    assert reply["reply_to_message"]["text"] == "hi"
    with pytest.raises(EmulatorError, match="message is not modified"):
        emulator.bot_api(
            "editMessageText", chat_id=1001, message_id=reply["message_id"], text="yes"
        )
    with pytest.raises(EmulatorError, match="chat not found"):
        emulator.bot_api("sendMessage", chat_id=999, text="who?")
    with pytest.raises(EmulatorError, match="sendPhoto is not implemented"):
        emulator.bot_api("sendPhoto", chat_id=1001)
    assert emulator.bot_api("deleteMessage", chat_id=1001, message_id=reply["message_id"])
    assert emulator.bot_messages()[0]["deleted"]

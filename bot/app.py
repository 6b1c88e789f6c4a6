"""Wire the Telegram Application: token, Bot API root, rate limiter, defaults, handlers, command menu."""
from __future__ import annotations

import asyncio
import logging
import secrets
from urllib.parse import quote, urlparse

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, Defaults
from telegram.request import BaseRequest

from bot import handlers, jobs
from bot.config import Config
from bot.follows import FollowStore
from bot.handlers.common import Services, log
from bot.i18n import LANGS, t
from bot.notify import notify_followers
from bot.ratelimit import UserRateLimit
from bot.prefs import Preferences
from bot.state import ResultStore
from store import IndexReader, IndexUnusable, indexfile, reindex
from store.feeds import IntakeState

USER_COMMANDS = ["start", "help", "q", "check", "sources", "stats", "lang", "export", "follow", "following", "unfollow"]
ADMIN_COMMANDS = USER_COMMANDS + ["reindex", "add", "feeds"]


class RedactToken(logging.Filter):
    """Keep the bot token out of every log line (httpx logs request URLs, which contain it, and file
    download URLs, where its colon is percent-encoded)."""

    def __init__(self, token: str):
        super().__init__()
        self.forms = [f for f in dict.fromkeys((token, quote(token, safe=""), token.replace(":", "%3a"))) if f]

    def _redact(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, "<token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.forms:
            message = record.getMessage()
            redacted = self._redact(message)
            if redacted != message:
                record.msg, record.args = redacted, None
            if record.exc_info:  # tracebacks too: some Telegram errors quote the token
                record.exc_text = logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
            if record.exc_text:
                record.exc_text = self._redact(record.exc_text)
        return True


def configure_logging(token: str) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every run of every job
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))


def _commands(lang: str, names: list[str]) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd_{name}")) for name in names]


async def _post_init(app: Application) -> None:
    s: Services = app.bot_data["services"]
    try:
        state = indexfile.state(s.config.db)
    except IndexUnusable as exc:  # answered with "cannot be read" until an admin acts; never replaced
        log.error("%s", exc)
        state = None
    if state in (indexfile.State.MISSING, indexfile.State.OUTDATED):
        log.info("%s index at %s: indexing %s", "no" if state is indexfile.State.MISSING else "rebuilding the outdated", s.config.db, s.config.corpus)
        report = await asyncio.to_thread(reindex, s.config.corpus, s.config.db)
        log.info("index: %s", report.summary().replace("\n", "; "))
    s.results.prune()
    await notify_followers(app)  # passages indexed while the bot was down
    jobs.schedule(app)
    for lang in LANGS:
        code = None if lang == "en" else lang
        await app.bot.set_my_commands(_commands(lang, USER_COMMANDS), language_code=code)
        for admin in s.config.admin_ids:
            try:
                await app.bot.set_my_commands(_commands(lang, ADMIN_COMMANDS), scope=BotCommandScopeChat(admin), language_code=code)
            except TelegramError as exc:  # an admin who never opened the bot has no chat yet
                log.info("no admin command menu for %s: %s", admin, exc)


async def _post_shutdown(app: Application) -> None:
    s: Services = app.bot_data["services"]
    s.results.close()
    s.prefs.close()
    s.follows.close()
    s.intake.close()


def build(config: Config, request: BaseRequest | None = None) -> Application:
    """The Application with every handler; `request` lets tests talk to a stand-in Bot API."""
    builder = (
        Application.builder()
        .token(config.token)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(overall_max_rate=config.max_messages_per_second, max_retries=3))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True), do_quote=False))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if config.api_base_url:
        builder = builder.base_url(f"{config.api_base_url}/bot").base_file_url(f"{config.api_base_url}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    state = config.db.with_name(config.db.stem + "-bot-state.db")
    limiter = UserRateLimit(config.user_burst, config.user_per_second)
    app.bot_data["services"] = Services(
        config, IndexReader(config.db), ResultStore(state), Preferences(state), FollowStore(state),
        IntakeState(config.intake_state), limiter,
    )
    handlers.register(app)
    return app


def webhook_options(config: Config) -> dict:
    """How the webhook server listens; always with a secret token, which Telegram sends with every update
    and without which a POST is refused (403): anyone who finds the URL could otherwise pose as an admin."""
    secret = config.webhook_secret
    if not secret:
        secret = secrets.token_urlsafe(32)
        log.warning(
            "QUOTEBOT_WEBHOOK_SECRET is not set: using a random secret for this run (set one to keep it across restarts)"
        )
    return dict(
        listen=config.webhook_listen,
        port=config.webhook_port,
        url_path=urlparse(config.webhook_url).path.lstrip("/"),
        webhook_url=config.webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )


def run(config: Config) -> None:
    """Serve until interrupted: long polling, or a webhook server when a webhook URL is configured."""
    configure_logging(config.token)
    app = build(config)
    if config.webhook_url:
        app.run_webhook(**webhook_options(config))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)

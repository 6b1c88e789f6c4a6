"""Configuration from the environment and an optional `.env` file (see `.env.example`)."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

from store.fetch import FetchSettings
from store.query import MAX_QUERY_CHARS

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _default_corpus() -> Path:
    bundled = PROJECT_ROOT / "corpus"
    return bundled if bundled.is_dir() else Path("corpus")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class Config:
    token: str = ""
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    db: Path = PROJECT_ROOT / "data" / "quotebot.db"
    corpus: Path = field(default_factory=_default_corpus)
    api_base_url: str = ""  # Bot API root, e.g. http://127.0.0.1:9000; the bot appends /bot<token>/<method>
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = ""
    max_messages_per_second: float = 30.0  # all chats together (Telegram's documented limit); 0: no cap
    feeds: tuple[str, ...] = ()  # RSS/Atom feed and page URLs fetched on the schedule
    fetch_every: float = 1800.0  # seconds between intake rounds in `quotebot serve` (with feeds); 0: never
    fetch: FetchSettings = field(default_factory=FetchSettings)
    follow_check_every: float = 60.0  # seconds between looks for passages another process indexed; 0: never
    follows_per_chat: int = 20
    follow_quotes_per_message: int = 10  # new quotes listed in one notification
    follow_retry_rounds: int = 5  # looks that wait for a chat whose notification failed on the network
    max_question_chars: int = MAX_QUERY_CHARS  # longer questions are cut here, and the user is told
    store_threads: int = 4  # searches and checks run at most this many at once, off the event loop
    user_burst: int = 30  # requests one user may make at once …
    user_per_second: float = 1.0  # … and then per second; beyond, the user is told to slow down (0: no limit)

    @property
    def intake_state(self) -> Path:
        """What the intake saved and each feed's last round (beside the index)."""
        return self.db.with_name(self.db.stem + "-feeds.db")


def _admin_ids(raw: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(f"QUOTEBOT_ADMIN_IDS must be comma-separated Telegram user ids, got {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {raw!r}")
    return value


def _feeds(raw: str) -> tuple[str, ...]:
    urls = tuple(dict.fromkeys(u.strip() for u in raw.split(",") if u.strip()))
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"QUOTEBOT_FEEDS must be comma-separated http(s) URLs, got {url!r}")
    return urls


def load(env_file: Path | None = None) -> Config:
    """Read the configuration; values already in the environment win over the `.env` file."""
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    env = os.environ
    port = env.get("QUOTEBOT_WEBHOOK_PORT", "8443").strip()
    if not port.isdigit():
        raise ConfigError(f"QUOTEBOT_WEBHOOK_PORT must be a port number, got {port!r}")
    max_rate = _number(env, "QUOTEBOT_MAX_MESSAGES_PER_SECOND", Config.max_messages_per_second)
    burst, per_second = _number(env, "QUOTEBOT_USER_BURST", Config.user_burst), _number(env, "QUOTEBOT_USER_PER_SECOND", Config.user_per_second)
    secret = env.get("QUOTEBOT_WEBHOOK_SECRET", "").strip()
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("QUOTEBOT_WEBHOOK_SECRET may only hold 1-256 letters, digits, _ and - (Telegram's rule)")
    return Config(
        token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
        admin_ids=_admin_ids(env.get("QUOTEBOT_ADMIN_IDS", "")),
        db=Path(env["QUOTEBOT_DB"]) if env.get("QUOTEBOT_DB") else Config.db,
        corpus=Path(env["QUOTEBOT_CORPUS"]) if env.get("QUOTEBOT_CORPUS") else _default_corpus(),
        api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip().rstrip("/"),
        webhook_url=env.get("QUOTEBOT_WEBHOOK_URL", "").strip(),
        webhook_listen=env.get("QUOTEBOT_WEBHOOK_LISTEN", "0.0.0.0").strip(),
        webhook_port=int(port),
        webhook_secret=secret,
        max_messages_per_second=max(max_rate, 0.0),
        feeds=_feeds(env.get("QUOTEBOT_FEEDS", "")),
        fetch_every=_number(env, "QUOTEBOT_FETCH_EVERY", Config.fetch_every),
        fetch=FetchSettings(
            timeout=_number(env, "QUOTEBOT_FETCH_TIMEOUT", FetchSettings.timeout) or FetchSettings.timeout,
            max_bytes=int(_number(env, "QUOTEBOT_FETCH_MAX_BYTES", FetchSettings.max_bytes)) or FetchSettings.max_bytes,
            allow_private=env.get("QUOTEBOT_FETCH_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes"),
        ),
        follow_check_every=_number(env, "QUOTEBOT_FOLLOW_CHECK_EVERY", Config.follow_check_every),
        user_burst=max(int(burst), 1),
        user_per_second=max(per_second, 0.0),
    )

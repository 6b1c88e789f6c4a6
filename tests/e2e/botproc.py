"""Run the real bot, ``quotebot serve``, as a subprocess that talks to the Bot API emulator.

    with BotProcess(emulator, tmp_path, corpus=..., admin_ids=[1001]) as bot:
        emulator.send_message("恐怖网络仍在蔓延")
        card = bot.wait_for_message(lambda m: "王毅" in m["text"])

The process is started exactly as a user would start it (``.venv/bin/quotebot serve`` with
the settings in the environment), in its own working folder so that no ``.env`` of the
project is read. ``start()`` returns once the bot has built its index, set its command
menus and answered a ``/start``; ``stop()`` sends SIGTERM, then SIGKILL. The process's
stderr (the bot's log) goes to a file: ``log_text()`` reads it, waits that time out quote
its end, and ``ShowBotLogs`` (a pytest plugin) adds it to the report of a failing test.

Also helpers to read what the bot sent: ``visible`` (the text a user sees), ``buttons``
(button text -> callback data); ``copy_corpus``; ``free_port``; and ``token_rejecting_api``, a stand-in for
Telegram refusing a revoked or mistyped token (the emulator accepts any token).
"""
from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import atexit
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import pytest

from emulator import BotApiEmulator, Message

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")

PROBE_USER = 999_999  # sends the /start that tells the bot is up; tests use other users
STARTUP_TIMEOUT = 60.0
# Settings that could leak in from the developer's shell; each BotProcess sets its own.
_OWN_ENV = ("TELEGRAM_", "QUOTEBOT_")


def quotebot_executable() -> Path:
    """``.venv/bin/quotebot`` of the project, else the one next to the running Python."""
    for candidate in (ROOT / ".venv" / "bin" / "quotebot", Path(sys.executable).with_name("quotebot")):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("no quotebot executable: run `pip install -e .` in the project's .venv")


def clean_environment(**settings: str) -> dict[str, str]:
    """The current environment without any TELEGRAM_*/QUOTEBOT_* variable, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_ENV)}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


def visible(text: str) -> str:
    """What a user sees of an HTML message: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def buttons(message: Message) -> dict[str, str]:
    """The message's inline buttons: text -> callback data."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


def copy_corpus(workdir: Path) -> Path:
    """A copy of the bundled corpus in ``workdir``, for a bot that may change it."""
    corpus = workdir / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    return corpus


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def token_rejecting_api() -> Iterator[str]:
    """A Bot API root (``http://127.0.0.1:PORT``) that answers every call as Telegram answers a
    revoked token: HTTP 401 ``{"ok": false, "error_code": 401, "description": "Unauthorized"}``."""

    class Unauthorized(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Unauthorized)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class BotProcess:
    """``quotebot serve`` against ``emulator``; can be stopped and started again (same DB)."""

    instances: list[BotProcess] = []  # every one created, for ShowBotLogs

    def __init__(
        self,
        emulator: BotApiEmulator,
        workdir: Path,
        *,
        corpus: Path,
        db: Path | None = None,
        admin_ids: Iterable[int] = (),
        args: Iterable[str] = (),
        env: Mapping[str, str] | None = None,
        name: str = "bot",
    ) -> None:
        self.emulator = emulator
        self.workdir = workdir
        self.corpus = corpus
        self.db = db or workdir / "q.db"
        self.admin_ids = list(admin_ids)
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.name = name
        self.process: subprocess.Popen[bytes] | None = None
        self.logs: list[Path] = []  # one per start
        self.returncodes: list[int] = []
        BotProcess.instances.append(self)

    # ----- lifecycle -----

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def environment(self) -> dict[str, str]:
        return clean_environment(
            TELEGRAM_BOT_TOKEN=self.emulator.token,
            TELEGRAM_API_BASE_URL=self.emulator.base_url,
            QUOTEBOT_ADMIN_IDS=",".join(map(str, self.admin_ids)),
            QUOTEBOT_DB=str(self.db),
            QUOTEBOT_CORPUS=str(self.corpus),
            **self.extra_env,
        )

    def start(self, timeout: float = STARTUP_TIMEOUT) -> Self:
        """Start the process and wait until it serves (index built, menus set, /start answered)."""
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        self._forget_command_menus()  # so that the menus tell when this process has started
        log = self.workdir / f"{self.name}-{len(self.logs) + 1}.log"
        self.logs.append(log)
        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [str(quotebot_executable()), "serve", *self.args],
                cwd=self.workdir,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C goes to pytest, whose teardown stops the bot
            )
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _command_menu_scopes(self) -> list[tuple[dict[str, Any] | None, str]]:
        scopes: list[dict[str, Any] | None] = [None] + [{"type": "chat", "chat_id": a} for a in self.admin_ids]
        return [(scope, lang) for scope in scopes for lang in ("", "zh")]

    def _forget_command_menus(self) -> None:
        for scope, lang in self._command_menu_scopes():
            self.emulator.bot_api("deleteMyCommands", scope=scope, language_code=lang)

    def _wait_ready(self, timeout: float) -> None:
        def menus_set() -> bool:
            self._check_alive()
            return all(self.emulator.my_commands(scope=s, language_code=l) for s, l in self._command_menu_scopes())

        self.wait_until(menus_set, timeout)
        if "--webhook" in self.args:
            url = self.args[self.args.index("--webhook") + 1]
            self.wait_until(lambda: self._check_alive() or self.emulator.bot_api("getWebhookInfo")["url"] == url, timeout)
        probe = self.emulator.send_command("/start", user_id=PROBE_USER, first_name="Probe")

        def answered() -> bool:
            self._check_alive()
            return any(m["message_id"] > probe["message_id"] for m in self.emulator.bot_messages(PROBE_USER))

        self.wait_until(answered, timeout)

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(
                f"quotebot serve ({self.name}) exited with code {self.process.returncode}:\n{self.log_text()}"
            )

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM (the bot shuts down cleanly), then SIGKILL after ``timeout`` s. The exit code."""
        if self.process is None:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.returncodes.append(process.returncode)
        return process.returncode

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ----- the log -----

    def log_text(self, run: int | None = None) -> str:
        """What the bot wrote on stderr, in every run (or in run ``run``, counted from 0)."""
        logs = self.logs if run is None else [self.logs[run]]
        return "".join(p.read_text(errors="replace") for p in logs if p.exists())

    def log_size(self) -> int:
        return sum(p.stat().st_size for p in self.logs if p.exists())

    def log_since(self, offset: int) -> str:
        text = b"".join(p.read_bytes() for p in self.logs if p.exists())
        return text[offset:].decode(errors="replace")

    # ----- waiting for the bot -----

    def wait_until(self, predicate: Callable[[], T | None], timeout: float = 10.0) -> T:
        """The emulator's wait_until; a timeout also quotes the end of the bot's log."""
        try:
            return self.emulator.wait_until(predicate, timeout)
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n--- quotebot serve ({self.name}) log (end):\n{self.log_text()[-4000:]}") from None

    def wait_for_message(
        self,
        predicate: Callable[[Message], bool] = lambda message: True,
        *,
        chat_id: int | None = None,
        timeout: float = 10.0,
    ) -> Message:
        """The emulator's wait_for_bot_message; a timeout also quotes the end of the bot's log."""
        try:
            return self.emulator.wait_for_bot_message(predicate, chat_id=chat_id, timeout=timeout)
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n--- quotebot serve ({self.name}) log (end):\n{self.log_text()[-4000:]}") from None

    def reply_to(self, sent: Message, predicate: Callable[[Message], bool] = lambda m: True, timeout: float = 10.0) -> Message:
        """The first bot message in ``sent``'s chat after ``sent`` that satisfies ``predicate``."""
        return self.wait_for_message(
            lambda m: m["message_id"] > sent["message_id"] and predicate(m), chat_id=sent["chat"]["id"], timeout=timeout
        )

    def ask(self, text: str, **sender: Any) -> Message:
        """A user sends ``text``; the bot's first message after it in that chat."""
        return self.reply_to(self.emulator.send_message(text, **sender))

    def command(self, text: str, **sender: Any) -> Message:
        """A user sends a command; the bot's first message after it in that chat."""
        return self.reply_to(self.emulator.send_command(text, **sender))



class ShowBotLogs:
    """pytest plugin: the report of a failing test shows what each bot process logged meanwhile."""

    def __init__(self) -> None:
        self.offsets: dict[int, int] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.offsets = {id(p): p.log_size() for p in BotProcess.instances}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        report = yield
        if report.failed:
            for process in BotProcess.instances:
                text = process.log_since(self.offsets.get(id(process), 0))
                if text:
                    report.sections.append((f"quotebot serve ({process.name}): log during the test", text[-20000:]))
        return report


@atexit.register
def _stop_leftovers() -> None:
    """Should a test run end without its teardown (an interpreter exit), stop the bots anyway."""
    for process in BotProcess.instances:
        process.stop(timeout=5)

"""Harness for end-to-end tests against a local Telegram Bot API emulator.

``BotApiEmulator`` runs ``tests/e2e/emulator/launcher.js`` (Node 18+, built on the npm
package telegram-test-api) and plays the Telegram users::

    with BotApiEmulator() as emu:
        # the bot under test: Bot API root emu.base_url, token emu.token
        emu.send_command("/start")
        reply = emu.wait_for_bot_message(lambda m: "Welcome" in m["text"])
        emu.click(reply, "more")

Messages are plain dicts shaped like Telegram's Message objects. Those from
``bot_messages()`` also carry ``edits`` (every version of the message, the one sent
first, the current one last; versions keep the bot's ``parse_mode`` and non-inline
keyboards) and ``deleted: True`` once the bot deleted them. Message ids grow across the
whole run, so ``m["message_id"] > sent["message_id"]`` picks replies to ``sent``. Messages a
user sends and the bot's messages carry ``received_ms``, when the emulator got them (its clock,
in milliseconds): the difference is the bot's reply time, whatever the polling interval.

Every method is synchronous and thread-safe. A bot running in the test's own event loop
needs the waits off that loop: ``await asyncio.to_thread(emu.wait_for_bot_message, ...)``.
"""

from __future__ import annotations

import base64
import mimetypes
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypedDict, TypeVar, Unpack

import httpx

EMULATOR_DIR = Path(__file__).resolve().parent / "emulator"

Message = dict[str, Any]
T = TypeVar("T")


class User(TypedDict, total=False):
    """The Telegram user who acts; by default user 1001, "Tester", language "en"."""

    user_id: int
    first_name: str
    username: str
    language_code: str


class Sender(User, total=False):
    """The user, and the chat they write in: by default their private chat with the bot.

    ``chat_type`` is "private", "group" or "supergroup"; ``chat_id`` and ``chat_title``
    apply to group chats only (default -1001, "Test Group"): a private chat's id is the
    user's id.
    """

    chat_type: str
    chat_id: int
    chat_title: str


class EmulatorError(RuntimeError):
    """The emulator could not be started, or refused a request."""


class BotApiEmulator:
    """A running Telegram Bot API emulator, and the users who talk to the bot through it.

    The bot under test uses ``base_url`` as its Bot API root (it calls
    ``<base_url>/bot<token>/<method>`` and downloads files from
    ``<base_url>/file/bot<token>/<file_path>``) and ``token`` as its token.
    """

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "quote_test_bot",
        host: str = "127.0.0.1",
        startup_timeout: float = 30.0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.host = host
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[str] | None = None
        self._http: httpx.Client | None = None
        self._log_path: Path | None = None
        self._base_url: str | None = None

    # ----- lifecycle -----

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running emulator."""
        if self._base_url is None:
            raise EmulatorError("the emulator is not running: call start() first")
        return self._base_url

    def start(self) -> Self:
        """Install the emulator's npm packages if needed, start it and wait until it listens."""
        if self._process is not None:
            return self
        node = _tool("node")
        _install_node_modules()
        with tempfile.NamedTemporaryFile(
            prefix="bot-api-emulator-", suffix=".log", delete=False
        ) as log:
            self._log_path = Path(log.name)
            self._process = subprocess.Popen(
                [
                    node,
                    str(EMULATOR_DIR / "launcher.js"),
                    "--host",
                    self.host,
                    "--port",
                    "0",
                    "--bot-username",
                    self.bot_username,
                ],
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        try:
            port = self._wait_ready()
        except BaseException:
            self.stop()
            raise
        self._base_url = f"http://{self.host}:{port}"
        self._http = httpx.Client(base_url=self._base_url, timeout=10.0)
        return self

    def _wait_ready(self) -> int:
        """Read the launcher's ``READY <port>`` line."""
        assert self._process is not None and self._process.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        while (remaining := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([self._process.stdout], [], [], remaining)
            if not readable:
                break
            line = self._process.stdout.readline()
            if not line:  # the launcher exited
                raise EmulatorError(f"the emulator did not start:\n{self.log_text()}")
            if line.startswith("READY "):
                return int(line.split()[1])
        raise EmulatorError(
            f"the emulator did not start within {self.startup_timeout} s:\n{self.log_text()}"
        )

    def stop(self) -> None:
        """Stop the emulator (SIGTERM, then SIGKILL after 5 s) and delete its log."""
        if self._http is not None:
            self._http.close()
            self._http = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._log_path is not None:
            self._log_path.unlink(missing_ok=True)
            self._log_path = None
        self._base_url = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def log_text(self) -> str:
        """What the emulator wrote on stderr: refused Bot API calls, webhook failures."""
        if self._log_path is None or not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")

    # ----- requests -----

    def _request(self, path: str, params: dict[str, Any], wait: float = 0.0) -> Any:
        if self._http is None:
            raise EmulatorError("the emulator is not running: call start() first")
        body = {key: value for key, value in params.items() if value is not None}
        response = self._http.post(path, json=body, timeout=10.0 + wait)  # `wait`: the server holds the request
        reply = response.json()
        if not reply.get("ok"):
            raise EmulatorError(
                f"{path}: HTTP {response.status_code}: {reply.get('description', reply)}"
            )
        return reply["result"]

    def _client(self, action: str, **params: Any) -> Any:
        return self._request(f"/client/{action}", {"token": self.token, **params})

    def bot_api(self, method: str, **params: Any) -> Any:
        """Call a Bot API method as the bot does, and return its ``result``."""
        return self._request(f"/bot{self.token}/{method}", params)

    # ----- what users do -----

    def send_message(
        self, text: str, *, reply_to: Message | int | None = None, **sender: Unpack[Sender]
    ) -> Message:
        """A user writes ``text`` (commands and @mentions get their entities, as in
        Telegram), optionally as a reply to a message of that chat. Returns the Message."""
        return self._client(
            "message", text=text, reply_to_message_id=_message_id(reply_to), **sender
        )

    def send_command(
        self, command_text: str, *, reply_to: Message | int | None = None, **sender: Unpack[Sender]
    ) -> Message:
        """A user sends a command such as ``"/quote 一带一路"`` (the "/" may be left out).

        Outside private chats the command names the bot (``/quote@bot_username ...``),
        as Telegram apps do when a command is picked from the bot's menu.
        """
        command, _, arguments = command_text.removeprefix("/").partition(" ")
        if sender.get("chat_type", "private") != "private" and "@" not in command:
            command = f"{command}@{self.bot_username}"
        return self.send_message(f"/{command} {arguments}".rstrip(), reply_to=reply_to, **sender)

    def send_group_mention(
        self, text: str, *, reply_to: Message | int | None = None, **sender: Unpack[Sender]
    ) -> Message:
        """A user writes ``@bot_username text`` in a group chat (by default -1001)."""
        sender.setdefault("chat_type", "group")
        return self.send_message(f"@{self.bot_username} {text}", reply_to=reply_to, **sender)

    def send_document(
        self,
        file_name: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **sender: Unpack[Sender],
    ) -> Message:
        """A user sends a file; the bot can getFile and download the same bytes."""
        return self._client(
            "document",
            file_name=file_name,
            mime_type=mime_type or mimetypes.guess_type(file_name)[0],
            content_base64=base64.b64encode(content).decode("ascii"),
            caption=caption,
            **sender,
        )

    def click(self, message: Message, data: str, **user: Unpack[User]) -> str:
        """A user presses the inline button with callback ``data`` on a bot message (it
        must be on the message's current keyboard). Returns the callback query id."""
        return self._client(
            "callback",
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            data=data,
            **user,
        )

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The bot's answerCallbackQuery parameters (text, show_alert, ...), if it answered."""
        return self._client("callbackAnswer", callback_query_id=query_id)

    def send_inline_query(
        self,
        query: str,
        *,
        offset: str = "",
        chat_type: str = "private",
        **user: Unpack[User],
    ) -> str:
        """A user types ``@bot_username query`` in a chat. Returns the inline query id."""
        return self._client("inlineQuery", query=query, offset=offset, chat_type=chat_type, **user)

    def inline_answers(self, query_id: str) -> dict[str, Any] | None:
        """The bot's answerInlineQuery parameters (``results`` as a list of dicts,
        ``next_offset``, ...), or None while it has not answered."""
        return self._client("inlineAnswer", inline_query_id=query_id)

    def choose_inline_result(
        self, query_id: str, result_id: str, *, inline_message_id: str | None = None
    ) -> None:
        """The user who sent inline query ``query_id`` picks the answer ``result_id``."""
        self._client(
            "chosenInlineResult",
            inline_query_id=query_id,
            result_id=result_id,
            inline_message_id=inline_message_id,
        )

    # ----- what tests look at or arrange -----

    def bot_messages(self, chat_id: int | None = None) -> list[Message]:
        """The bot's messages (in one chat, or all), oldest first, with their ``edits``."""
        return self._client("botMessages", chat_id=chat_id)

    def current(self, message: Message) -> Message:
        """The current version of a bot message, with its ``edits``."""
        return next(m for m in self.bot_messages(message["chat"]["id"]) if m["message_id"] == message["message_id"])

    def wait_for_reply(self, sent: Message, timeout: float = 10.0) -> Message:
        """The bot's first message in ``sent``'s chat after ``sent``, waited for by the emulator
        itself (no polling: what load tests with many users need)."""
        reply = self._request(
            "/client/nextBotMessage",
            {"token": self.token, "chat_id": sent["chat"]["id"], "after_message_id": sent["message_id"], "timeout": timeout},
            wait=timeout,
        )
        if reply is None:
            raise TimeoutError(f"no reply in chat {sent['chat']['id']} within {timeout} s")
        return reply

    def wait_until(self, predicate: Callable[[], T | None], timeout: float = 10.0) -> T:
        """Poll ``predicate`` every 50 ms until it returns something truthy; return that."""
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"condition still false after {timeout} s; emulator log (end):\n"
                    f"{self.log_text()[-4000:]}"
                )
            time.sleep(0.05)
        return value

    def wait_for_bot_message(
        self,
        predicate: Callable[[Message], bool] = lambda message: True,
        *,
        chat_id: int | None = None,
        timeout: float = 10.0,
    ) -> Message:
        """Wait for a bot message (current version) that satisfies ``predicate``; the
        oldest such message is returned."""

        def match() -> Message | None:
            return next(filter(predicate, self.bot_messages(chat_id)), None)

        try:
            return self.wait_until(match, timeout)
        except TimeoutError as error:
            texts = [message.get("text") for message in self.bot_messages(chat_id)]
            raise TimeoutError(f"no such bot message; the bot sent {texts}. {error}") from None

    def my_commands(
        self, *, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The bot's commands (setMyCommands) for a scope (default: default scope)."""
        return self.bot_api("getMyCommands", scope=scope, language_code=language_code)

    def fail_next(self, method: str, count: int = 1, *, retry_after: int = 1) -> None:
        """Make the next ``count`` calls of Bot API ``method`` fail with HTTP 429
        "Too Many Requests: retry after ``retry_after``"."""
        self._client("failNext", method=method, count=count, retry_after=retry_after)

    def reset(self) -> None:
        """Forget all messages, pending updates, files, queries and injected failures.

        The bot's settings (commands, webhook, allowed_updates) stay, as they would for
        a bot that keeps running; ids keep growing, so a polling bot's offset stays valid.
        """
        self._request("/client/reset", {})


def _message_id(message: Message | int | None) -> int | None:
    return message["message_id"] if isinstance(message, dict) else message


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise EmulatorError(
            f"{name} not found on PATH: the Bot API emulator needs Node.js 18+ with npm"
        )
    return path


def _install_node_modules() -> None:
    """``npm ci`` in the emulator's folder, once."""
    if (EMULATOR_DIR / "node_modules").is_dir():
        return
    result = subprocess.run(
        [_tool("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=EMULATOR_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise EmulatorError(f"npm ci in {EMULATOR_DIR} failed:\n{result.stdout}{result.stderr}")

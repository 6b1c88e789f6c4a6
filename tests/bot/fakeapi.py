"""A stand-in for the Bot API inside the test process: records every call, answers like Telegram.

Handlers then run on real PTB objects (Update, Message, CallbackQuery…) built from JSON, through the
project's own Application (bot.app.build), with no network.
"""
from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

BOT = {"id": 4242, "is_bot": True, "first_name": "Quote", "username": "quote_test_bot", "can_join_groups": True,
       "can_read_all_group_messages": False, "supports_inline_queries": True}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


@dataclass
class FakeBotApi(BaseRequest):
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content) of documents the bot sent
    ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    fail_next: dict[str, int] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)  # chats whose user blocked the bot: sendMessage answers 403
    unreachable: dict[int, int] = field(default_factory=dict)  # chat -> sendMessage calls that answer 502

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url, method, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        if "/file/bot" in url:
            return 200, self.files[url.rsplit("/", 1)[-1]]
        name = url.rsplit("/", 1)[-1]
        params = {k: _decode(v) for k, v in (request_data.parameters if request_data else {}).items()}
        if self.fail_next.get(name):
            self.fail_next[name] -= 1
            return 429, json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                    "parameters": {"retry_after": 1}}).encode()
        chat = int(params.get("chat_id", 0)) if name == "sendMessage" else 0
        if self.unreachable.get(chat):
            self.unreachable[chat] -= 1
            return 502, b"Bad Gateway"
        if chat in self.blocked:
            self.calls.append(Call(name, params, None))
            return 403, json.dumps({"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}).encode()
        for part in (request_data.multipart_data if request_data else {}).values():
            filename, content = part[0], part[1]
            self.uploads.append((filename, content if isinstance(content, bytes) else content.read()))
        call = Call(name, params, self._result(name, params))
        self.calls.append(call)
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT
        if name in ("sendMessage", "editMessageText"):
            chat = params.get("chat_id", 1)
            return {"message_id": int(params.get("message_id") or next(self.ids)), "date": int(time.time()),
                    "chat": {"id": chat, "type": "private"}, "from": BOT, "text": params.get("text", ""),
                    **({"reply_markup": params["reply_markup"]} if params.get("reply_markup") else {})}
        if name == "sendDocument":
            return {"message_id": next(self.ids), "date": int(time.time()), "chat": {"id": params.get("chat_id", 1), "type": "private"},
                    "from": BOT, "caption": params.get("caption", ""),
                    "document": {"file_id": "f", "file_unique_id": "uf", "file_name": self.uploads[-1][0] if self.uploads else ""}}
        if name == "getFile":
            return {"file_id": params["file_id"], "file_unique_id": "u" + params["file_id"], "file_path": params["file_id"]}
        if name == "getUpdates":
            return []
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def last_message(self) -> dict[str, Any]:
        """The Message the bot sent or edited last, as Telegram returned it."""
        return next((c.result for c in reversed(self.calls) if c.method in ("sendMessage", "editMessageText")), {})


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


_update_ids = itertools.count(1)


def user(uid: int = 1001, lang: str = "en") -> dict:
    return {"id": uid, "is_bot": False, "first_name": "Tester", "language_code": lang}


def message_update(text: str, *, uid: int = 1001, lang: str = "en", chat_type: str = "private", chat_id: int | None = None,
                   entities: list[dict] | None = None, document: dict | None = None) -> dict:
    chat = {"id": chat_id or uid, "type": chat_type, **({"title": "Group"} if chat_type != "private" else {})}
    message: dict[str, Any] = {"message_id": next(_update_ids), "date": int(time.time()), "chat": chat, "from": user(uid, lang)}
    if document is not None:
        message["document"] = document
    else:
        message["text"] = text
        if text.startswith("/"):
            entities = (entities or []) + [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if entities:
            message["entities"] = entities
    return {"update_id": next(_update_ids), "message": message}


def callback_update(message: dict, data: str, *, uid: int = 1001, lang: str = "en") -> dict:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": str(next(_update_ids)), "from": user(uid, lang), "chat_instance": "ci", "data": data, "message": message}}


def inline_update(query: str, *, uid: int = 1001, lang: str = "en") -> dict:
    return {"update_id": next(_update_ids), "inline_query": {"id": str(next(_update_ids)), "from": user(uid, lang), "query": query, "offset": ""}}


async def feed(app: Application, data: dict) -> None:
    """Process one update to completion (handlers, error handler)."""
    await app.process_update(Update.de_json(data, app.bot))

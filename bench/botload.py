"""Bot throughput: the real `quotebot serve` process against the Bot API emulator, many users at once.

Two kinds of load, both from `users` simulated users in their own private chats:
- capacity (closed loop): each user asks again as soon as it is answered, so the bot is never idle;
  answers per second is what the bot can do, latency is mostly queueing;
- rate (open loop): questions arrive at a fixed rate whatever the answers, spread evenly over the
  users; latency is what a user waits at that load.
Latency runs from the moment the emulator takes a question to the moment the bot's reply reaches it
(the emulator stamps both). A question with no reply is lost; a second reply to one is a duplicate.
"""
from __future__ import annotations

import contextlib
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from botproc import BotProcess  # noqa: E402
from emulator import BotApiEmulator, Message  # noqa: E402

FIRST_USER = 50_000
REPLY_TIMEOUT = 60.0


def _closed_loop(emu: BotApiEmulator, uid: int, questions: list[str], sent: list[Message]) -> None:
    for question in questions:
        message = emu.send_message(question, user_id=uid)
        sent.append(message)
        try:
            emu.wait_for_reply(message, timeout=REPLY_TIMEOUT)
        except TimeoutError:
            pass  # counted as lost below


def _open_loop(emu: BotApiEmulator, uid: int, questions: list[str], start: float, period: float, sent: list[Message]) -> None:
    for i, question in enumerate(questions):
        time.sleep(max(0.0, start + i * period - time.monotonic()))
        sent.append(emu.send_message(question, user_id=uid))


def _outcome(emu: BotApiEmulator, sent: list[Message]) -> dict:
    """Pair each question with the first unpaired reply after it in its chat (replies come in order);
    answers per second over the time from the first question to the last reply."""
    from bench.run import percentile

    by_chat: dict[int, list[Message]] = {}
    for message in sent:
        by_chat.setdefault(message["chat"]["id"], []).append(message)
    latencies, lost, duplicated, last = [], 0, 0, 0
    for chat, questions in by_chat.items():
        replies = sorted(emu.bot_messages(chat_id=chat), key=lambda m: m["message_id"])
        for question in sorted(questions, key=lambda m: m["message_id"]):
            reply = next((r for r in replies if r["message_id"] > question["message_id"]), None)
            if reply is None:
                lost += 1
                continue
            replies.remove(reply)
            latencies.append(reply["received_ms"] - question["received_ms"])
            last = max(last, reply["received_ms"])
        duplicated += len(replies)
    return {
        "questions": len(sent),
        "answers_per_s": len(latencies) / max((last - min(m["received_ms"] for m in sent)) / 1000, 1e-3),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "lost": lost,
        "duplicated": duplicated,
    }


def _replies(emu: BotApiEmulator, chats: dict[int, list[str]]) -> int:
    return sum(1 for m in emu.bot_messages() if m["chat"]["id"] in chats)


def bot_load(
    db: Path, corpus: Path, questions: list[str], workdir: Path, *, users: int, per_user: int, max_rate: str,
    rate: float | None = None,
) -> dict:
    """Run one load against a fresh bot process whose send cap is `max_rate` ("0": none). With `rate`
    (questions per second in all), an open loop; without, a closed loop."""
    work = workdir / f"botload-{max_rate}-{rate or 'closed'}"
    work.mkdir(exist_ok=True)
    env = {"QUOTEBOT_MAX_MESSAGES_PER_SECOND": max_rate}
    plans = {FIRST_USER + u: [questions[(u * per_user + i) % len(questions)] for i in range(per_user)] for u in range(users)}
    sent: list[Message] = []
    with BotApiEmulator() as emu, BotProcess(emu, work, corpus=corpus, db=db, env=env):
        started = time.monotonic()
        if rate:
            period = users / rate  # each user asks every `period` seconds, users evenly staggered
            threads = [
                threading.Thread(target=_open_loop, args=(emu, uid, qs, started + k * period / users, period, sent))
                for k, (uid, qs) in enumerate(plans.items())
            ]
        else:
            threads = [threading.Thread(target=_closed_loop, args=(emu, uid, qs, sent)) for uid, qs in plans.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if rate:  # wait for the answers still on their way
            with contextlib.suppress(TimeoutError):
                emu.wait_until(lambda: _replies(emu, plans) >= len(sent), timeout=REPLY_TIMEOUT)
        time.sleep(1.0)  # let any late duplicate arrive before counting
        result = _outcome(emu, sent)
    return dict(result, users=users, max_rate=max_rate, rate=rate)

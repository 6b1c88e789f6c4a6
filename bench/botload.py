"""Bot throughput: the real `quotebot serve` process against the Bot API emulator, many users at once.

Each simulated user sends its questions one after another (the next when the previous is answered),
all users at the same time. Latency is from the moment a question is handed to the emulator to the
moment the bot's reply reaches it (the emulator stamps both); a question with no reply is lost, a
second reply to one question is a duplicate.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from botproc import BotProcess  # noqa: E402
from emulator import BotApiEmulator  # noqa: E402

FIRST_USER = 50_000
REPLY_TIMEOUT = 30.0


def _user(emu: BotApiEmulator, uid: int, questions: list[str], latencies: list[float], lost: list[int]) -> None:
    for question in questions:
        sent = emu.send_message(question, user_id=uid)
        try:
            reply = emu.wait_for_reply(sent, timeout=REPLY_TIMEOUT)
        except TimeoutError:
            lost.append(uid)
            continue
        latencies.append(reply["received_ms"] - sent["received_ms"])


def bot_throughput(
    db: Path, corpus: Path, questions: list[str], users: int, per_user: int, workdir: Path, max_rate: str
) -> dict:
    """Answers per second, latency percentiles, lost and duplicated replies, with the bot's cap on
    messages per second set to `max_rate` ("30" is the default, "0" no cap)."""
    from bench.run import percentile

    work = workdir / f"botload-{max_rate}"
    work.mkdir(exist_ok=True)
    env = {"QUOTEBOT_MAX_MESSAGES_PER_SECOND": max_rate}
    with BotApiEmulator() as emu, BotProcess(emu, work, corpus=corpus, db=db, env=env):
        latencies: list[float] = []
        lost: list[int] = []
        plans = {FIRST_USER + u: [questions[(u * per_user + i) % len(questions)] for i in range(per_user)] for u in range(users)}
        threads = [threading.Thread(target=_user, args=(emu, uid, qs, latencies, lost)) for uid, qs in plans.items()]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        time.sleep(1.0)  # let any late duplicate arrive before counting
        replies = {uid: len(emu.bot_messages(chat_id=uid)) for uid in plans}
    answered = users * per_user - len(lost)
    return {
        "max_rate": max_rate,
        "users": users,
        "questions": users * per_user,
        "answers_per_s": answered / elapsed,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "lost": len(lost),
        "duplicated": sum(max(0, n - per_user) for n in replies.values()),
    }

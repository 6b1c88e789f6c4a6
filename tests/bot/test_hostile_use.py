"""The bot against bad days and bad users (issue 13): stale buttons after a reindex, forged webhook
posts, the token in encoded URLs, floods from one user, unknown commands, long claims, uploads with
long or repeated names or sent during a reindex, a damaged or outdated index, truthful failure notes."""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import httpx
import pytest
from fakeapi import feed, message_update
from test_handlers import ADMIN, USER, Bot, buttons, config, visible  # noqa: F401  (config is a fixture)

from bot import app as appmod
from bot.config import Config
from bot.ratelimit import UserRateLimit, Verdict
from store.quotecheck import SETTINGS as CHECK_SETTINGS

PHRASE = "恐怖网络仍在蔓延"
F0 = "000_4b8698010285b6ff.txt"  # where PHRASE is


@pytest.fixture
async def bot(config: Config):
    b = await Bot(config).start()
    yield b
    await b.stop()


def document(file_id: str, name: str, content: bytes) -> dict:
    return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_name": name, "file_size": len(content)}


async def upload(bot: Bot, file_id: str, name: str, content: bytes) -> None:
    bot.api.files[file_id] = content
    await feed(bot.app, message_update("", uid=ADMIN, document=document(file_id, name, content)))


# ---------------------------------------------------------------- stale buttons


async def test_buttons_of_an_answer_whose_passage_was_reattributed_are_refused(bot: Bot):
    answer = await bot.say(PHRASE, uid=USER)
    keys = buttons(answer)
    sidecar = bot.config.corpus / f"{F0}.meta.toml"
    sidecar.write_text('speaker = "别人"\n', encoding="utf-8")
    await bot.say("/reindex", uid=ADMIN)
    for label in ("繁體", "📎 Cite"):
        await bot.click(answer, keys[label], uid=USER)
        alert = bot.api.sent("answerCallbackQuery")[-1]
        assert alert.get("show_alert") and "changed" in alert["text"], label
    assert not any("Citation" in m["text"] for m in bot.api.sent())


async def test_buttons_of_an_answer_whose_passage_was_removed_are_refused(bot: Bot):
    answer = await bot.say(PHRASE, uid=USER)
    (bot.config.corpus / F0).unlink()
    await bot.say("/reindex", uid=ADMIN)
    await bot.click(answer, buttons(answer)["📎 Cite"], uid=USER)
    alert = bot.api.sent("answerCallbackQuery")[-1]
    assert alert.get("show_alert") and "changed" in alert["text"]
    assert not any("Citation" in m["text"] for m in bot.api.sent())


async def test_buttons_keep_working_when_nothing_changed(bot: Bot):
    answer = await bot.say(PHRASE, uid=USER)
    await bot.say("/reindex", uid=ADMIN)
    await bot.click(answer, buttons(answer)["📎 Cite"], uid=USER)
    assert "王毅" in visible(bot.api.sent()[-1]["text"])


# ---------------------------------------------------------------- webhook


async def test_webhook_refuses_a_forged_post_without_the_secret(config: Config, unused_tcp_port: int, caplog):
    config = Config(**{**vars(config), "webhook_url": "https://example.org/hook", "webhook_listen": "127.0.0.1", "webhook_port": unused_tcp_port})
    b = await Bot(config).start()
    with caplog.at_level(logging.WARNING, logger="quotebot"):
        options = appmod.webhook_options(config)
    assert "QUOTEBOT_WEBHOOK_SECRET is not set" in caplog.text
    assert len(options["secret_token"]) >= 32
    await b.app.updater.start_webhook(**options)
    await b.app.start()
    try:
        forged = message_update("/reindex", uid=ADMIN)
        url = f"http://127.0.0.1:{unused_tcp_port}/hook"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json=forged)
            accepted = await client.post(url, json=message_update("/start", uid=USER),
                                         headers={"X-Telegram-Bot-Api-Secret-Token": options["secret_token"]})
        assert refused.status_code == 403 and accepted.status_code == 200
        await asyncio.sleep(0.5)
        texts = [m["text"] for m in b.api.sent()]
        assert not any("Reindex" in t for t in texts) and any("I find exact quotes" in t for t in texts)
        assert b.api.sent("setWebhook")[-1]["secret_token"] == options["secret_token"]
    finally:
        await b.app.updater.stop()
        await b.app.stop()
        await b.stop()


def test_configured_webhook_secret_is_used_and_checked(monkeypatch):
    from bot import config as configmod

    monkeypatch.setenv("QUOTEBOT_WEBHOOK_SECRET", "my_secret-1")
    assert appmod.webhook_options(configmod.load())["secret_token"] == "my_secret-1"
    monkeypatch.setenv("QUOTEBOT_WEBHOOK_SECRET", "has spaces!")
    with pytest.raises(configmod.ConfigError, match="QUOTEBOT_WEBHOOK_SECRET"):
        configmod.load()


# ---------------------------------------------------------------- the token in logs


@pytest.mark.parametrize("encode", [str, lambda t: t.replace(":", "%3A"), lambda t: t.replace(":", "%3a")])
def test_the_token_is_redacted_however_it_is_written(encode):
    token = "4242:AAH-secret_Token"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "GET https://api.telegram.org/file/bot%s/documents/f.txt", (encode(token),), None)
    appmod.RedactToken(token).filter(record)
    assert "secret_Token" not in record.getMessage() and "<token>" in record.getMessage()


# ---------------------------------------------------------------- floods, unknown commands, long claims


def test_rate_limit_allows_a_burst_then_refuses_telling_once_then_refills():
    limit = UserRateLimit(burst=3, per_second=1.0)
    verdicts = [limit.check(7, now=100.0) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.REFUSE_AND_TELL, Verdict.REFUSE, Verdict.REFUSE]
    assert limit.check(8, now=100.0) is Verdict.ALLOW  # other users have their own budget
    assert limit.check(7, now=101.0) is Verdict.ALLOW


async def test_one_user_flooding_is_told_once_and_others_are_served(config: Config):
    b = await Bot(Config(**{**vars(config), "user_burst": 3, "user_per_second": 0.001})).start()
    try:
        for _ in range(20):
            await feed(b.app, message_update(PHRASE, uid=USER))
        texts = [m["text"] for m in b.api.sent() if m["chat_id"] == USER]
        assert len(texts) == 4 and "faster than I can answer" in texts[-1]
        other = await b.say(PHRASE, uid=USER + 1)
        assert PHRASE in visible(other["text"])
    finally:
        await b.stop()


async def test_unknown_command_gets_a_reply(bot: Bot):
    assert "do not know that command" in (await bot.say("/foo"))["text"]
    count = len(bot.api.sent())
    await feed(bot.app, message_update("/foo@other_bot", chat_type="supergroup", chat_id=-100))
    assert len(bot.api.sent()) == count  # another bot's command in a group is not ours to answer
    await feed(bot.app, message_update("/foo@quote_test_bot", chat_type="supergroup", chat_id=-100))
    assert "do not know that command" in bot.api.sent()[-1]["text"]


async def test_long_claim_is_checked_up_to_the_cap_and_the_cut_is_told(bot: Bot):
    cap = CHECK_SETTINGS.max_chars
    claim = "恐怖组织利用社交网络" * 400
    reply = await bot.say("/check " + claim)
    assert f"first {cap} characters were checked ({len(claim) - cap} more left out)" in reply["text"]
    assert any(mark in reply["text"] for mark in "✅⚠❌")  # and the part it checked has its verdict


async def test_question_cut_is_what_the_user_is_told(bot: Bot):
    reply = await bot.say(PHRASE + "啊" * 5000)
    assert f"first {bot.config.max_question_chars} characters" in reply["text"]


# ---------------------------------------------------------------- uploads


async def test_long_upload_name_keeps_its_extension(bot: Bot):
    await upload(bot, "f1", "声明" * 100 + ".md", "---\ntitle: 长名字\n---\n\n发言人说，长文件名的上传也应当保留扩展名。\n".encode())
    [saved] = list((bot.config.corpus / "uploads").iterdir())
    assert saved.suffix == ".md" and len(saved.name.encode()) <= 200


async def test_second_upload_with_the_same_name_is_kept_beside_the_first(bot: Bot):
    await upload(bot, "f1", "statement.txt", "第一份声明\n\n发言人说，第一份声明的内容在这里。\n".encode())
    await upload(bot, "f2", "statement.txt", "第二份声明\n\n发言人说，第二份声明的内容与第一份不同。\n".encode())
    names = sorted(p.name for p in (bot.config.corpus / "uploads").iterdir())
    assert names == ["statement-2.txt", "statement.txt"]
    assert any("saved this one as statement-2.txt" in m["text"] for m in bot.api.sent())
    await upload(bot, "f3", "statement.txt", "第一份声明\n\n发言人说，第一份声明的内容在这里。\n".encode())
    assert sorted(p.name for p in (bot.config.corpus / "uploads").iterdir()) == names  # the same file again


async def test_upload_during_a_reindex_is_indexed_right_after_it(bot: Bot, held_reindex):
    first = asyncio.create_task(bot.say("/reindex", uid=ADMIN))
    await held_reindex.started.wait()
    await upload(bot, "f9", "during.txt", "期间上传\n\n发言人说，在索引更新期间上传的文件随后也会被索引。\n".encode())
    assert "will be indexed right after it" in bot.api.sent()[-1]["text"]
    held_reindex.release.set()
    await first
    assert held_reindex.calls == 2
    assert visible(bot.api.last_message()["text"]).startswith("✅ Reindex finished")
    assert "随后也会被索引" in visible((await bot.say("在索引更新期间上传的文件随后也会被索引"))["text"])


async def test_upload_while_the_command_line_reindexes_says_what_to_do(bot: Bot):
    import fcntl

    with open(f"{bot.config.db}.lock", "w") as lock:  # as `quotebot reindex` holds it
        fcntl.flock(lock, fcntl.LOCK_EX)
        await upload(bot, "f4", "later.txt", "稍后\n\n发言人说，命令行索引期间上传的文件需要之后再索引。\n".encode())
    assert "send /reindex when it has finished" in bot.api.last_message()["text"]
    assert (bot.config.corpus / "uploads" / "later.txt").exists()


# ---------------------------------------------------------------- damaged, outdated, failing


async def test_damaged_index_is_reported_and_reindex_failure_is_truthful(bot: Bot):
    data = bytearray(bot.config.db.read_bytes())
    data[100:12288] = b"\x5a" * (12288 - 100)
    bot.config.db.write_bytes(bytes(data))
    assert "cannot be read" in (await bot.say(PHRASE))["text"]
    await bot.say("/reindex", uid=ADMIN)
    text = bot.api.last_message()["text"]
    assert "Reindex failed" in text and "no usable index now" in text and "still answering" not in text


async def test_outdated_index_is_rebuilt_when_the_bot_starts(config: Config):
    first = await Bot(config).start()
    await first.stop()
    conn = sqlite3.connect(config.db)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    again = await Bot(config).start()
    try:
        assert PHRASE in visible((await again.say(PHRASE))["text"])
    finally:
        await again.stop()

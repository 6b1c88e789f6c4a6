"""Print, as Markdown, a real conversation with quotebot for the README.

    python tests/e2e/transcript.py > docs/transcript.md

Starts the Bot API emulator and the real bot (``quotebot serve``, on a temporary copy of the
bundled corpus, exactly as tests/e2e/test_bot_e2e.py does), plays one user who asks a question,
pages, opens the context, switches script, cites, checks a reworded quote, asks something the
corpus does not hold and looks at /stats, and prints each step with the bot's reply: the visible
text (HTML turned into Markdown) and the inline keyboard. Progress goes to stderr.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

try:
    import httpx  # noqa: F401 - the harness needs it; the project's .venv has it
except ImportError:  # run by a Python without the project's packages: use the project's own
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != venv_python.parents[1].resolve():
        os.execv(venv_python, [str(venv_python), __file__, *sys.argv[1:]])
    raise

import tempfile  # noqa: E402
import unicodedata  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

sys.path.insert(0, str(HERE))
from botproc import BotProcess, buttons, copy_corpus  # noqa: E402
from emulator import BotApiEmulator, Message  # noqa: E402

# ----- HTML (Telegram's subset) to Markdown -----

_MD_SPECIAL = set("\\`*_[]<>")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


def _is_space_or_punct(char: str) -> bool:
    return not char or char.isspace() or unicodedata.category(char)[0] in "PS"


class _Runs(HTMLParser):
    """Splits Telegram HTML into runs of text with the tags around them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[tuple[str, frozenset[str], str | None]] = []
        self.open: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = {"strong": "b", "em": "i", "pre": "code"}.get(tag, tag)
        self.open.append(tag)
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        tag = {"strong": "b", "em": "i", "pre": "code"}.get(tag, tag)
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        if tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        self.runs.append((data, frozenset(self.open), self.href if "a" in self.open else None))


def _wrap(text: str, marker: str, before: str, after: str) -> str:
    """``marker``text``marker``, moving punctuation at its ends outside where CommonMark would
    otherwise not see the markers as emphasis (e.g. a bold span ending in "。" before a letter)."""
    lead = trail = ""
    while text and unicodedata.category(text[0])[0] == "P" and not _is_space_or_punct(before):
        lead, text = lead + text[0], text[1:]
    while text and unicodedata.category(text[-1])[0] == "P" and not _is_space_or_punct(after):
        trail, text = text[-1] + trail, text[:-1]
    if not text.strip():
        return lead + text + trail
    return f"{lead}{marker}{text}{marker}{trail}"


def html_to_markdown(html_text: str) -> list[str]:
    """The lines of a Telegram HTML message as Markdown (bold, italic, links, inline code)."""
    parser = _Runs()
    parser.feed(html_text)
    parser.close()
    lines: list[list[tuple[str, frozenset[str], str | None]]] = [[]]
    for text, tags, href in parser.runs:
        for i, piece in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if piece:
                lines[-1].append((piece, tags, href))
    rendered = []
    for runs in lines:
        out = []
        for i, (text, tags, href) in enumerate(runs):
            before = runs[i - 1][0][-1] if i else ""
            after = runs[i + 1][0][0] if i + 1 < len(runs) else ""
            if "code" in tags:
                fence = "``" if "`" in text else "`"
                piece = f"{fence}{text}{fence}"
            else:
                piece = _escape(text)
                if "b" in tags:
                    piece = _wrap(piece, "**", before, after)
                if "i" in tags:
                    piece = _wrap(piece, "*", before, after)
            if href:
                piece = f"[{piece}]({href})"
            out.append(piece)
        rendered.append("".join(out))
    return rendered


def quote_block(message: Message) -> str:
    """A bot message as a Markdown block quote, with its inline keyboard under it."""
    lines = html_to_markdown(message["text"]) if message.get("parse_mode") == "HTML" else message["text"].split("\n")
    out = []
    for i, line in enumerate(lines):
        last = i + 1 == len(lines) or not lines[i + 1].strip()
        out.append(f"> {line}" + ("" if last or not line.strip() else "\\") if line.strip() else ">")
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    if rows:
        out += [">", "> " + " · ".join(f"`[ {b['text']} ]`" for row in rows for b in row)]
    return "\n".join(out)


# ----- the conversation -----


class Transcript:
    def __init__(self, bot: BotProcess) -> None:
        self.bot = bot
        self.emulator = bot.emulator
        self.parts: list[str] = []

    def _log(self, what: str) -> None:
        print(f"transcript: {what}", file=sys.stderr)

    def say(self, text: str) -> Message:
        self._log(text)
        reply = self.bot.ask(text)
        self.parts += [f"**You:** {_escape(text)}", f"**quotebot:**\n\n{quote_block(reply)}"]
        return reply

    def press(self, message: Message, button: str) -> Message:
        """Press a button; returns the message it edited (or the new message it sent)."""
        self._log(f"[{button}]")
        now = self.emulator.current(message)
        self.emulator.click(now, buttons(now)[button])
        changed = self.bot.wait_for_message(
            lambda m: (m["message_id"] == now["message_id"] and len(m["edits"]) > len(now["edits"]))
            or m["message_id"] > now["message_id"],
            chat_id=now["chat"]["id"],
        )
        how = "edits its answer" if changed["message_id"] == now["message_id"] else "sends a new message"
        self.parts += [f"**You** press `{button}`; **quotebot** {how}:", quote_block(changed)]
        return changed

    def markdown(self) -> str:
        head = [
            "# A conversation with quotebot",
            "",
            "A real exchange with the bot, produced by `python tests/e2e/transcript.py > docs/transcript.md`: the",
            "script starts the local Telegram Bot API emulator (tests/e2e/emulator) and the bot itself",
            "(`quotebot serve`, indexing the bundled corpus), then plays a user whose Telegram is in English.",
            "Bold and italics are the bot's own formatting; `[ … ]` are the inline buttons under a message.",
        ]
        return "\n\n".join(["\n".join(head), *self.parts]) + "\n"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quotebot-transcript-") as tmp, BotApiEmulator() as emulator:
        workdir = Path(tmp)
        with BotProcess(emulator, workdir, corpus=copy_corpus(workdir), name="transcript") as bot:
            emulator.reset()  # forget the /start that told the bot was up
            t = Transcript(bot)
            card = t.say("王毅谈联合国的中心作用")
            card = t.press(card, "Next ▶")
            card = t.press(card, "📄 Context")
            card = t.press(card, "↩ Back")
            card = t.press(card, "◀ Previous")
            card = t.press(card, "繁體")
            t.press(card, "📎 Cite")
            t.say("/check 恐怖组织利用社交媒体、加密通信、虚拟货币等新技术从事恐怖活动")
            t.say("欧盟碳边境调节机制")
            t.say("/stats")
            sys.stdout.write(t.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())

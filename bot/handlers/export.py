"""/export: the chat's last result set as a CSV file, and its citations as text."""
from __future__ import annotations

import asyncio
import csv
import io
from html import escape

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.handlers.common import lang, reply, services
from bot.i18n import script_of, style_of, t
from bot.render import TELEGRAM_LIMIT
from store import Hit
from store.cite import citation, convert, sentences, speaker_text

COLUMNS = ["rank", "quote", "passage", "speaker", "relayed_by", "kind", "date", "outlet", "title", "url",
           "confidence", "level", "citation_zh", "citation_en"]


def results_csv(hits: list[Hit], script: str = "o") -> bytes:
    """The result set as CSV (UTF-8 with a byte-order mark, so that spreadsheets read the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n, hit in enumerate(hits, 1):
        writer.writerow([
            n, convert(sentences(hit), script), convert(hit.quote, script), convert(speaker_text(hit, "zh"), script),
            convert(hit.relayed_by, script), hit.kind, hit.date or hit.published, convert(hit.outlet, script),
            convert(hit.title, script), hit.url, f"{hit.score:.2f}", hit.level,
            citation(hit, "zh", script), citation(hit, "en", script),
        ])
    return out.getvalue().encode("utf-8-sig")


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = lang(update)
    s = services(context)
    key = s.prefs.last_results(update.effective_chat.id) if update.effective_chat else ""
    stored = await asyncio.to_thread(s.results.load, key) if key else None
    if not stored or not stored.hits:
        await reply(update, t(language, "export_none"))
        return
    script = script_of(language)
    data = results_csv(stored.hits, script)
    caption = t(language, "export_caption", n=len(stored.hits), q=escape(stored.question[:100]))
    await update.effective_message.reply_document(InputFile(io.BytesIO(data), filename="quotebot-results.csv"), caption=caption)
    lines = [f"{n}. {citation(hit, style_of(language), script)}" for n, hit in enumerate(stored.hits, 1)]
    text = t(language, "export_head") + "\n\n" + "\n\n".join(lines)
    await update.effective_message.reply_text(text[: TELEGRAM_LIMIT - 10], parse_mode=None)

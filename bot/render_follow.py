"""Follows, follow notifications and feed status → Telegram messages (HTML, everything escaped)."""
from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import OPEN, Callback
from bot.follows import FollowRow
from bot.i18n import t
from bot.render import TELEGRAM_LIMIT, speaker_line
from store import Hit
from store.cite import label_end
from store.feeds import FeedStatus
from store.follow import Follow

FIRST_WORDS = 60  # characters of each new quote in a notification
BUTTONS_PER_ROW = 5


def describe(follow: Follow, lang: str) -> str:
    """What a follow asks for, in words: "said by 毛宁 · words 仁爱礁"."""
    parts = [t(lang, "follow_speaker", v=f"<b>{escape(s)}</b>") for s in follow.speakers]
    parts += [t(lang, "follow_words", v=f"«{escape(w)}»") for w in follow.words]
    parts += [t(lang, "follow_outlet", v=escape(o)) for o in follow.outlets]
    parts += [t(lang, key, v=escape(value.rstrip(chr(0xFFFF)))) for key, value in (("follow_from", follow.date_from), ("follow_to", follow.date_to)) if value]
    return " · ".join(parts)


def following_html(rows: list[tuple[FollowRow, Follow]], lang: str) -> str:
    if not rows:
        return t(lang, "following_empty")
    lines = [t(lang, "following_head")]
    lines += [f"{n}. {describe(follow, lang)}" for n, (_, follow) in enumerate(rows, 1)]
    return "\n".join(lines + ["", t(lang, "following_tip")])


def notification(hits: list[Hit], more: int, key: str, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """One message listing new quotes (first words, who, when, where), a button per quote to open its card."""
    lines = [t(lang, "notify_head", n=len(hits) + more)]
    for n, hit in enumerate(hits, 1):
        quote = hit.quote[label_end(hit) :]  # without its turn label (`毛宁：`), as the card shows it
        words = quote if len(quote) <= FIRST_WORDS else quote[:FIRST_WORDS] + "…"
        lines.append(f"\n{n}. «{escape(words)}»\n{speaker_line(hit, lang)}")
    if more:
        lines.append("\n" + t(lang, "notify_more", n=more))
    lines.append("\n" + t(lang, "notify_open"))
    row = [InlineKeyboardButton(str(i + 1), callback_data=Callback(OPEN, key, i).encode()) for i in range(len(hits))]
    keyboard = [row[i : i + BUTTONS_PER_ROW] for i in range(0, len(row), BUTTONS_PER_ROW)]
    return "\n".join(lines)[: TELEGRAM_LIMIT - 10], InlineKeyboardMarkup(keyboard)


def _every(seconds: float) -> str:
    if seconds <= 0:
        return "—"
    return f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def feeds_html(statuses: list[FeedStatus], every: float, lang: str) -> str:
    """Each feed: its last fetch, new items, items saved in all, and errors."""
    if not statuses:
        return t(lang, "feeds_none")
    lines = [t(lang, "feeds_head", every=_every(every))]
    for s in statuses:
        lines.append(f"\n<code>{escape(s.url)}</code>")
        if not s.last_fetch:
            lines.append(t(lang, "feeds_never"))
        else:
            lines.append(t(lang, "feeds_line", last=escape(s.last_fetch), new=s.new_items, total=s.total_items))
        if s.error:
            lines.append(t(lang, "feeds_error", error=escape(s.error)))
        if s.item_errors:
            lines.append(t(lang, "feeds_item_errors"))
            lines += [f"• {escape(e[:300])}" for e in s.item_errors[:10]]
    return "\n".join(lines)[: TELEGRAM_LIMIT - 10]

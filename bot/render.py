"""Results → Telegram messages: HTML with everything escaped, never longer than Telegram allows."""
from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent

from bot.callbacks import CITE, CONTEXT, SHOW, Callback
from bot.i18n import t
from store import Hit, IndexStats, PassageRow, QuoteCheck, ReindexReport, SourceSummary
from store.textnorm import to_simplified, to_traditional

TELEGRAM_LIMIT = 4096
QUOTE_CHARS = 1500  # longest quote shown; longer ones are trimmed around the matched span
INLINE_RESULTS = 10


def convert(text: str, script: str) -> str:
    """The text in simplified ("s") or traditional ("t") script, or as written ("o")."""
    if script == "s":
        return to_simplified(text)
    if script == "t":
        return to_traditional(text)
    return text


def quote_html(quote: str, span: tuple[int, int], script: str = "o", limit: int = QUOTE_CHARS) -> str:
    """The quote with its matched span in bold, trimmed around the span to `limit` characters."""
    s, e = span if 0 <= span[0] < span[1] <= len(quote) else (0, 0)
    start, end = 0, len(quote)
    if end > limit:
        room = max(limit - (e - s), 0)
        start = max(0, min(s - room // 2, end - limit))
        end = start + limit
    s, e = (s, min(e, end)) if e > s else (start, start)
    before, match, after = (escape(convert(p, script)) for p in (quote[start:s], quote[s:e], quote[e:end]))
    return ("…" if start > 0 else "") + before + (f"<b>{match}</b>" if match else "") + after + ("…" if end < len(quote) else "")


def speaker_line(hit: Hit | PassageRow, lang: str, markup: bool = True) -> str:
    """`— 李强 — relayed by 汪文斌 · 2023-11-08 · 外交部`; with no speaker stated, `— speaker not stated —
    reported by 新华网 · 2023-11-08`: the card never guesses whose words these are. HTML unless `markup`
    is off (the terminal)."""
    esc = escape if markup else str
    when = esc(hit.date) if hit.date else t(lang, "date_unknown")
    if not hit.speaker:
        by = t(lang, "reported_by", outlet=esc(hit.outlet)) if hit.outlet else ""
        return f"— {t(lang, 'not_stated')}" + (f" — {by}" if by else "") + f" · {when}"
    relayed = hit.attribution.relayed_by
    speaker = f"<b>{esc(hit.speaker)}</b>" if markup else hit.speaker
    speaker += f" — {t(lang, 'relayed_by', name=esc(relayed))}" if relayed else ""
    return f"— {speaker} · {when}" + (f" · {esc(hit.outlet)}" if hit.outlet else "")


def evidence_line(hit: Hit | PassageRow, lang: str, markup: bool = True, limit: int = 30) -> str:
    """How the speaker was found, briefly (`speaker from a reporting verb: «张军10日表示»`), or ""."""
    a = hit.attribution
    if not hit.speaker or not a.cue:
        return ""
    text = a.evidence if len(a.evidence) <= limit else a.evidence[: limit - 1] + "…"
    line = t(lang, "evidence", cue=t(lang, f"cue_{a.cue}"), text=escape(text) if markup else text)
    return f"<i>{line}</i>" if markup else line


def _title(hit: Hit | PassageRow) -> str:
    title = escape(hit.title or hit.path)
    return f'<a href="{escape(hit.url, quote=True)}">{title}</a>' if hit.url.startswith(("http://", "https://")) else f"<i>{title}</i>"


def _also(hit: Hit, lang: str) -> str:
    """The other outlets (and dates) that carry the same quote."""
    return f"{t(lang, 'also')}: " + ", ".join(f"{escape(s.outlet or '?')} ({escape(s.date or '?')})" for s in hit.also_reported_by[:8])


def confidence_label(score: float, lang: str) -> str:
    level = "conf_high" if score >= 0.7 else "conf_medium" if score >= 0.45 else "conf_low"
    return f"{t(lang, 'confidence')}: {t(lang, level)} ({score:.2f})"


def hit_html(hit: Hit, lang: str, script: str = "o") -> str:
    """A quote card: the quote, who said it when and where, the source, corroboration and confidence."""
    lines = [f"«{quote_html(hit.quote, hit.span, script)}»", speaker_line(hit, lang)]
    evidence = evidence_line(hit, lang)
    lines += [evidence] if evidence else []
    lines.append(_title(hit))
    if hit.also_reported_by:
        lines.append(_also(hit, lang))
    lines.append(confidence_label(hit.score, lang))
    return "\n".join(lines)


def result_message(hits: list[Hit], i: int, key: str, lang: str, script: str = "o") -> tuple[str, InlineKeyboardMarkup]:
    """Result `i` of a stored result set, with the keyboard to page, see context, switch script and cite."""
    hit = hits[i]
    text = hit_html(hit, lang, script)
    if len(hits) > 1:
        text += f" · {t(lang, 'result_n', i=i + 1, n=len(hits))}"
    nav = []
    if i > 0:
        nav.append(InlineKeyboardButton(t(lang, "btn_prev"), callback_data=Callback(SHOW, key, i - 1, script).encode()))
    if i + 1 < len(hits):
        nav.append(InlineKeyboardButton(t(lang, "btn_next"), callback_data=Callback(SHOW, key, i + 1, script).encode()))
    shown_traditional = script == "t" or (script == "o" and to_simplified(hit.quote) != hit.quote)
    other = "s" if shown_traditional else "t"
    tools = [
        InlineKeyboardButton(t(lang, "btn_context"), callback_data=Callback(CONTEXT, key, i, script).encode()),
        InlineKeyboardButton(
            t(lang, "btn_traditional" if other == "t" else "btn_simplified"),
            callback_data=Callback(SHOW, key, i, other).encode(),
        ),
        InlineKeyboardButton(t(lang, "btn_cite"), callback_data=Callback(CITE, key, i, script).encode()),
    ]
    return text, InlineKeyboardMarkup([row for row in (nav, tools) if row])


def context_message(rows: list[PassageRow], hit: Hit, key: str, i: int, lang: str, script: str) -> tuple[str, InlineKeyboardMarkup]:
    """The passages around a hit (the hit itself in bold), each trimmed so the message fits."""
    parts = []
    for row in rows:
        limit = 1200 if row.id == hit.passage_id else 500
        body = escape(convert(row.text if len(row.text) <= limit else row.text[:limit] + "…", script))
        parts.append(f"<b>{body}</b>" if row.id == hit.passage_id else body)
    head = t(lang, "context_head", title=escape((hit.title or hit.path)[:100]))
    text = f"{head}\n\n" + "\n\n".join(parts) + f"\n\n{speaker_line(hit, lang)}"
    back = InlineKeyboardButton(t(lang, "btn_back"), callback_data=Callback(SHOW, key, i, script).encode())
    return text, InlineKeyboardMarkup([[back]])


def citation(hit: Hit, lang: str, script: str = "o") -> str:
    """A ready-to-paste citation line (plain text)."""
    quote = convert(hit.quote, script)
    if lang == "zh":
        when = hit.date or t(lang, "date_unknown")
        line = f"{hit.speaker or t(lang, 'by_unknown')}（{when}，{hit.outlet or '?'}）：“{quote}”"
        if hit.title:
            line += f"《{hit.title}》"
    else:
        line = f"“{quote}” — {hit.speaker or t(lang, 'by_unknown')}, {hit.date or t(lang, 'date_unknown')}, {hit.outlet or '?'}"
        if hit.title:
            line += f". {hit.title}"
    return line + (f" {hit.url}" if hit.url else "")


def citation_html(hit: Hit, lang: str, script: str) -> str:
    line = citation(hit, lang, script)
    if len(line) > TELEGRAM_LIMIT - 100:
        line = line[: TELEGRAM_LIMIT - 101] + "…"
    return f"{t(lang, 'cite_head')}\n<code>{escape(line)}</code>"


def nothing_html(question: str, lang: str) -> str:
    shown = question if len(question) <= 60 else question[:60] + "…"
    return f"{t(lang, 'nothing', q=escape(shown))}\n{t(lang, 'nothing_tip')}"


def check_html(result: QuoteCheck, lang: str) -> str:
    """The verdict on a claimed quote, with the corpus text and what differs."""
    if result.verdict == "too_short":
        return t(lang, "check_too_short")
    sim = f"{result.similarity:.0%}"
    if result.verdict == "not_found":
        text = t(lang, "check_not_found")
        if result.hit:
            text += f"\n\n{t(lang, 'check_closest', sim=sim)}:\n«{escape(result.matched[:600])}»\n{speaker_line(result.hit, lang)}"
        return text
    head = t(lang, "check_verbatim" if result.verdict == "verbatim" else "check_reworded", sim=sim)
    hit = result.hit
    assert hit is not None
    lines = [head, "", f"{t(lang, 'check_corpus_says')}:", f"«{quote_html(hit.quote, hit.span, limit=1200)}»", speaker_line(hit, lang), _title(hit)]
    if hit.also_reported_by:
        lines.append(_also(hit, lang))
    if result.differences:
        lines += ["", f"{t(lang, 'check_differences')}:"]
        for d in result.differences[:12]:
            lines.append("• " + t(lang, f"diff_{d.kind}", a=escape(d.claimed[:80]), b=escape(d.corpus[:80])))
    return "\n".join(lines)


def sources_html(sources: list[SourceSummary], lang: str, max_outlets: int = 15) -> str:
    if not sources:
        return t(lang, "sources_empty")
    lines = [t(lang, "sources_head", docs=sum(s.documents for s in sources))]
    for s in sources[:max_outlets]:
        span = f"{s.first_date} – {s.last_date}" if s.first_date else t(lang, "date_unknown")
        lines.append(f"\n<b>{escape(s.outlet)}</b> · {s.documents} · {escape(span)}")
        lines += [f"  {escape(date or '—')} {escape(title[:60])}" for date, title in s.titles]
    if len(sources) > max_outlets:
        lines.append("\n" + t(lang, "sources_more", n=len(sources) - max_outlets))
    return "\n".join(lines)[: TELEGRAM_LIMIT - 10]


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def stats_html(stats: IndexStats, lang: str) -> str:
    return t(
        lang, "stats", documents=stats.documents, passages=stats.passages, speakers=stats.speakers,
        outlets=stats.outlets, first=stats.first_date or "?", last=stats.last_date or "?",
        indexed_at=escape(stats.indexed_at or "?"), size=human_size(stats.size_bytes),
    )


def reindex_html(report: ReindexReport, lang: str) -> str:
    text = t(
        lang, "reindex_done", seconds=report.seconds, indexed=report.indexed, unchanged=report.unchanged,
        removed=report.removed, skipped=len(report.skipped), documents=report.documents_total,
        passages=report.passages_total,
    )
    if report.skipped:
        text += "\n" + t(lang, "reindex_skipped") + "".join(
            f"\n• {escape(path)}: {escape(reason)}" for path, reason in report.skipped[:20]
        )
        if len(report.skipped) > 20:
            text += f"\n… +{len(report.skipped) - 20}"
    return text[: TELEGRAM_LIMIT - 10]


def inline_results(hits: list[Hit], lang: str) -> list[InlineQueryResultArticle]:
    """Inline-mode choices: each posts a quote card with its attribution."""
    results = []
    for hit in hits[:INLINE_RESULTS]:
        who = " · ".join(x for x in (hit.speaker, hit.date, hit.outlet) if x)
        results.append(
            InlineQueryResultArticle(
                id=str(hit.passage_id),
                title=hit.quote[:60] + ("…" if len(hit.quote) > 60 else ""),
                description=who or t(lang, "by_unknown"),
                input_message_content=InputTextMessageContent(hit_html(hit, lang), parse_mode="HTML"),
            )
        )
    return results

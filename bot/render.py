"""Results → Telegram messages: HTML with everything escaped, never longer than Telegram allows."""
from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent

from bot.callbacks import CITE, CONTEXT, NEWEST, SHOW, Callback
from bot.i18n import script_of, style_of, t
from store import Difference, Hit, IndexStats, PassageRow, QuoteCheck, ReindexReport, SourceSummary
from store.cite import citation as cite_line
from store.cite import convert, label_end
from store.ranking import level
from store.speakercheck import SpeakerCheck
from store.textnorm import cjk_count, to_simplified

TELEGRAM_LIMIT = 4096
QUOTE_CHARS = 1500  # longest quote shown; longer ones are trimmed around the matched span
INLINE_RESULTS = 10


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


def speaker_line(hit: Hit | PassageRow, lang: str, markup: bool = True, script: str = "o") -> str:
    """`— 李强 — relayed by 汪文斌 · 2023-11-08 · 外交部`; with no speaker stated, `— speaker not stated —
    reported by 新华网 · 2023-11-08`: the card never guesses whose words these are. Names in `script`
    (as the quote is shown); HTML unless `markup` is off (the terminal)."""

    def esc(text: str) -> str:
        text = convert(text, script)
        return escape(text) if markup else text

    when = esc(hit.date) if hit.date else t(lang, "date_unknown")
    if isinstance(hit, Hit) and hit.dated_by and hit.published and hit.published != hit.date:  # said the day before it was published
        when = t(lang, "said_published", said=esc(hit.date), published=esc(hit.published))
    if not hit.speaker:
        by = t(lang, "reported_by", outlet=esc(hit.outlet)) if hit.outlet else ""
        return f"— {t(lang, 'not_stated')}" + (f" — {by}" if by else "") + f" · {when}"
    relayed = hit.attribution.relayed_by
    speaker = f"<b>{esc(hit.speaker)}</b>" if markup else esc(hit.speaker)
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
    return f"{t(lang, 'confidence')}: {t(lang, 'conf_' + level(score))} ({score:.2f})"


def _standing(hit: Hit, lang: str, question: str) -> str:
    """What the card is: a listing of latest statements, passages containing a short query, or an
    answer with its confidence."""
    if hit.mode == "latest":
        return t(lang, "latest")
    if hit.mode == "contains" and question.strip():
        return t(lang, "contains", q=escape(question.strip()[:20]))
    return confidence_label(hit.score, lang)


def hit_html(hit: Hit, lang: str, script: str = "o", question: str = "") -> str:
    """A quote card: the quote (without a turn label), who said it when and where, the question it
    answers, the source, corroboration and confidence."""
    start = label_end(hit)
    span = (hit.span[0] - start, hit.span[1] - start) if hit.span[0] >= start else (0, 0)
    lines = [f"«{quote_html(hit.quote[start:], span, script)}»", speaker_line(hit, lang, script=script)]
    evidence = evidence_line(hit, lang)
    lines += [evidence] if evidence else []
    if hit.asked:
        asked = hit.asked if len(hit.asked) <= 200 else hit.asked[:200] + "…"
        lines.append(f"{t(lang, 'asked')}: <i>{escape(convert(asked, script))}</i>")
    lines.append(_title(hit))
    if hit.also_reported_by:
        lines.append(_also(hit, lang))
    lines.append(_standing(hit, lang, question))
    return "\n".join(lines)


def result_message(
    hits: list[Hit], i: int, key: str, lang: str, script: str = "o", question: str = "", newest: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """Result `i` of a stored result set, with the keyboard to page, see context, switch script and
    cite, and (`newest`) to order the results newest first."""
    hit = hits[i]
    text = hit_html(hit, lang, script, question)
    if len(hits) > 1:
        text += f" · {t(lang, 'result_n', i=i + 1, n=len(hits))}"
    nav = []
    if i > 0:
        nav.append(InlineKeyboardButton(t(lang, "btn_prev"), callback_data=Callback(SHOW, key, i - 1, script).encode()))
    if i + 1 < len(hits):
        nav.append(InlineKeyboardButton(t(lang, "btn_next"), callback_data=Callback(SHOW, key, i + 1, script).encode()))
    if newest and len(hits) > 1:
        nav.append(InlineKeyboardButton(t(lang, "btn_newest"), callback_data=Callback(NEWEST, key, i, script).encode()))
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
    """A ready-to-paste citation line (plain text) in the style of the interface language."""
    return cite_line(hit, style_of(lang), script)


def citation_html(hit: Hit, lang: str, script: str) -> str:
    """The citation in the interface's style, then in the other (Chinese / English) style."""
    lines = [citation(hit, lang, script), cite_line(hit, "zh" if style_of(lang) == "en" else "en", script)]
    room = (TELEGRAM_LIMIT - 200) // 2
    first, other = (escape(line if len(line) <= room else line[: room - 1] + "…") for line in lines)
    return f"{t(lang, 'cite_head')}\n<code>{first}</code>\n\n{t(lang, 'cite_other')}\n<code>{other}</code>"


def nothing_html(question: str, lang: str) -> str:
    shown = question if len(question) <= 60 else question[:60] + "…"
    tip = "nothing_tip" if cjk_count(question) else "nothing_tip_latin"  # an English question: say the corpus is Chinese
    return f"{t(lang, 'nothing', q=escape(shown))}\n{t(lang, tip)}"


def _difference(d: Difference, lang: str) -> str:
    shape = "replace" if d.claimed and d.corpus else "insert" if d.corpus else "delete"
    return t(lang, f"diff_{shape}", a=escape(d.claimed[:80]), b=escape(d.corpus[:80]))


def _check_lead(result: QuoteCheck, lang: str) -> str:
    """The line a journalist acts on first: the corpus says the opposite, statements joined, or the
    words are not the claimed speaker's (or the corpus does not say whose they are)."""
    flag, check, hit = result.flag, result.speaker_check, result.hit
    date = escape(hit.date) if hit and hit.date else t(lang, "date_unknown")
    if flag == "contradicted":
        d = next(d for d in result.differences if d.contradicts)
        key = "check_lead_number" if d.kind == "number" else "check_lead_opposite"
        return t(lang, key, change=_difference(d, lang), date=date)
    if flag == "spliced":
        joined = " + ".join(
            f"«{escape(p.text.strip()[:40])}» ({escape(p.hit.date or '?')})" if p.hit and p.verdict != "not_found"
            else f"«{escape(p.text.strip()[:40])}» ({t(lang, 'check_part_missing')})"
            for p in result.parts
        )
        return t(lang, "check_lead_joined" if len(result.parts) == 2 else "check_lead_joined_n", n=len(result.parts), parts=joined)
    if flag == "date":
        return t(lang, "check_lead_date", corpus=escape(result.date_check.corpus), claimed=escape(result.date_check.claimed))
    if check is None or not flag:
        return ""
    names = dict(claimed=escape(check.claimed), said_by=escape(check.said_by), date=date)
    return t(lang, f"check_lead_{flag}", **names)


def _speaker_line(check: SpeakerCheck | None, lang: str) -> str:
    if check is None or check.agrees is not True:
        return ""
    key = "check_speaker_relayed" if check.relayed_by else "check_speaker_same"
    return t(lang, key, said_by=escape(check.said_by), relayed_by=escape(check.relayed_by))


def check_html(result: QuoteCheck, lang: str) -> str:
    """The verdict on a claimed quote: first what a journalist must act on, then the evidence (the
    corpus text, who said it when and where, what differs, the parts of a joined claim)."""
    if result.verdict == "too_short":
        return t(lang, "check_too_short")
    lines = [x for x in (_check_lead(result, lang),) if x]
    sim = f"{result.similarity:.0%}"
    if result.cut:
        lines.append(t(lang, "check_cut", n=len(result.claim), rest=result.cut))
    if result.parts:
        lines.append(t(lang, "check_not_one_quote"))
        for p in result.parts:
            mark = {"verbatim": "✅", "reworded": "⚠️", "contradicted": "❌"}.get(p.verdict, "❔")
            lines += ["", f"{mark} «{escape(p.text.strip()[:300])}»"]
            if p.hit and p.verdict != "not_found":
                lines += [speaker_line(p.hit, lang), _title(p.hit)]
                lines += ["• " + _difference(d, lang) for d in p.differences if d.contradicts][:3]
            else:
                lines.append(t(lang, "check_part_missing"))
        return "\n".join(lines)
    if result.verdict == "not_found":
        lines.append(t(lang, "check_not_found"))
        if result.hit:
            lines.append(f"\n{t(lang, 'check_closest', sim=sim)}:\n«{escape(result.matched[:600])}»\n{speaker_line(result.hit, lang)}")
        return "\n".join(lines)
    head = {"verbatim": "check_verbatim", "reworded": "check_reworded", "contradicted": "check_contradicted"}[result.verdict]
    hit = result.hit
    assert hit is not None
    lines.append(t(lang, head, sim=sim))
    lines += [x for x in (_speaker_line(result.speaker_check, lang),) if x]
    lines += ["", f"{t(lang, 'check_corpus_says')}:", f"«{quote_html(hit.quote, hit.span, limit=1200)}»", speaker_line(hit, lang), _title(hit)]
    if hit.also_reported_by:
        lines.append(_also(hit, lang))
    if result.differences:
        lines += ["", f"{t(lang, 'check_differences')}:"]
        lines += ["• " + _difference(d, lang) for d in result.differences[:12]]
    return "\n".join(lines)[: TELEGRAM_LIMIT - 10]


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
                input_message_content=InputTextMessageContent(hit_html(hit, lang, script_of(lang)), parse_mode="HTML"),
            )
        )
    return results

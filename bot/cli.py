"""The `quotebot` command: reindex, fetch, ask, check, serve, demo — a thin layer over `store` and `bot.app`."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
from pathlib import Path

import click

from bot import config as configmod
from bot.render import evidence_line, speaker_line
from store import Hit, IndexMissing, QuoteCheck, ReindexBusy, check_quote, open_index, reindex, search
from store.chitchat import is_chitchat
from store.cite import citation, label_end
from store.feeds import IntakeBusy, IntakeState, index_saved, intake
from store.index import Progress
from store.query import ParsedQuery
from store.ranking import level
from store.retrieval import parse_query

_UNREADABLE = "{db} cannot be read ({error}): move or delete it, then run `quotebot reindex`"
DEMO_QUESTIONS = ["王毅谈联合国的中心作用", "恐怖組織利用社交網絡、加密通信", "欧盟碳边境调节机制"]


def _config() -> configmod.Config:
    try:
        return configmod.load()
    except configmod.ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def hit_json(hit: Hit) -> dict:
    """A hit as the JSON the eval scripts and other tools read, with how its speaker was found, the
    date it is dated by, what kind of passage it is and what its confidence means."""
    out = dataclasses.asdict(hit)
    a = out.pop("attribution")
    out.update(relayed_by=a["relayed_by"], kind=a["kind"],
               speaker_evidence={"cue": a["cue"], "text": a["evidence"], "strength": a["strength"]},
               date_used=hit.date or hit.published, level=hit.level,
               citation={"zh": citation(hit, "zh"), "en": citation(hit, "en")})
    return out


def query_json(q: ParsedQuery) -> dict:
    """How the question was read: the filters, the date range and the order."""
    f = q.filters
    return {"speakers": f.speakers + q.cue_speakers, "outlets": f.outlets, "date_from": f.date_from,
            "date_to": f.date_to, "month_day": f.month_day, "required": f.required, "excluded": f.excluded,
            "sort": "new" if q.newest else "confidence"}


def _marked(hit: Hit, bold: bool) -> str:
    """The quote without its turn label, the matched span in bold (terminal escape codes) when `bold`."""
    start = label_end(hit)
    s, e = hit.span
    if not bold or not start <= s < e <= len(hit.quote):
        return hit.quote[start:]
    return hit.quote[start:s] + click.style(hit.quote[s:e], bold=True) + hit.quote[e:]


def format_hit(hit: Hit, n: int | None = None, bold: bool = False) -> str:
    """A hit as plain text for a terminal, the matched part in bold when `bold`."""
    lines = [f"{f'{n}. ' if n else ''}«{_marked(hit, bold)}»", f"   {speaker_line(hit, 'en', markup=False)}"]
    evidence = evidence_line(hit, "en", markup=False)
    if evidence:
        lines.append(f"   {evidence}")
    if hit.asked:
        lines.append(f"   in answer to: {hit.asked}")
    if hit.title:
        lines.append(f"   {hit.title}")
    if hit.url:
        lines.append(f"   {hit.url}")
    if hit.also_reported_by:
        also = ", ".join(f"{s.outlet or '?'} ({s.date or '?'})" for s in hit.also_reported_by)
        lines.append(f"   also reported by: {also}")
    if hit.mode == "latest":
        lines.append("   latest statements, newest first")
    elif hit.mode == "contains":
        lines.append("   a passage containing the query")
    else:
        lines.append(f"   confidence {level(hit.score)} ({hit.score:.2f})")
    return "\n".join(lines)


def check_json(result: QuoteCheck) -> dict:
    """A quote check as the JSON of `quotebot check --json` (the contract in the README)."""
    def diffs(ds) -> list[dict]:
        return [dataclasses.asdict(d) for d in ds]

    def check(c) -> dict | None:
        return dataclasses.asdict(c) if c is not None else None

    return {
        "claim": result.claim, "words": result.words, "claimed_speaker": result.claimed_speaker,
        "verdict": result.verdict, "similarity": result.similarity, "flag": result.flag,
        "hit": hit_json(result.hit) if result.hit else None, "matched": result.matched,
        "differences": diffs(result.differences), "speaker_check": check(result.speaker_check),
        "date_check": check(result.date_check),
        "parts": [
            {"text": p.text, "verdict": p.verdict, "similarity": p.similarity, "hit": hit_json(p.hit) if p.hit else None,
             "matched": p.matched, "differences": diffs(p.differences), "speaker_check": check(p.speaker_check)}
            for p in result.parts
        ],
        "also_reported_by": [dataclasses.asdict(s) for s in result.also_reported_by],
        "cut": result.cut,
    }


SPEAKER_LEADS = {
    "someone_else": "WRONG SPEAKER: these are {said_by}'s words, not {claimed}'s{date}",
    "question": "WRONG SPEAKER: this is a journalist's question ({said_by}), not {claimed}'s words{date}",
    "relayed": "RELAYED: these are {said_by}'s words, relayed by {claimed}{date}",
    "role": "SPEAKER: the corpus names {said_by}; the claim names only {claimed}{date}",
    "unnamed": "SPEAKER UNKNOWN: the corpus says only {said_by}, not who (claimed: {claimed}){date}",
    "not_stated": "SPEAKER UNKNOWN: the corpus does not say who said it (claimed: {claimed})",
}


def _lead(result: QuoteCheck) -> str:
    """The first line: what a journalist must know before printing."""
    flag, check = result.flag, result.speaker_check
    date = f" ({result.hit.date or 'date unknown'})" if result.hit else ""
    if flag == "contradicted":
        d = next(d for d in result.differences if d.contradicts)
        return f"CONTRADICTED: the corpus says otherwise: «{d.claimed}» → «{d.corpus}»{date}"
    if flag == "spliced":
        joined = " + ".join(
            f"«{p.text.strip()[:40]}» ({p.hit.date or '?'} {p.hit.speaker or '?'})" if p.hit and p.verdict != "not_found"
            else f"«{p.text.strip()[:40]}» (not found)"
            for p in result.parts
        )
        return f"JOINED: {len(result.parts)} statements from different places: {joined}"
    if flag == "date":
        return f"WRONG DATE: the corpus dates these words {result.date_check.corpus}, not {result.date_check.claimed}"
    if flag and check is not None:
        return SPEAKER_LEADS[flag].format(said_by=check.said_by, claimed=check.claimed, date=date)
    return ""


def format_check(result: QuoteCheck) -> str:
    if result.verdict == "too_short":
        return "Too short to check: give at least a few words of the quote."
    if result.verdict == "verbatim":
        head = "VERBATIM: the corpus has these exact words."
    elif result.verdict == "reworded":
        head = f"REWORDED: the corpus says it differently (similarity {result.similarity:.0%})."
    elif result.verdict == "contradicted":
        head = "The corpus does not say this: it says the opposite or gives other facts."
    else:
        head = f"NOT FOUND: nothing in the corpus says this{' as one quote' if result.parts else ''}."
    lead = _lead(result)
    lines = [lead, head] if lead else [head]
    if result.cut:
        lines.append(f"(only the first {len(result.claim)} characters were checked; {result.cut} more were left out)")
    if result.speaker_check and result.speaker_check.agrees:
        lines.append(f"speaker: {result.speaker_check.said_by}, as claimed")
    for p in result.parts:
        found = p.hit is not None and p.verdict != "not_found"
        where = f" — {p.hit.speaker or 'speaker unknown'}, {p.hit.date or 'date unknown'}, {p.hit.outlet}" if found else ""
        lines.append(f"  part {p.verdict}: «{p.text.strip()}»{where}")
    if result.hit and result.verdict != "not_found" and not result.parts:
        lines += [f"corpus: «{result.matched}»", format_hit(result.hit)]
        lines += [f"   {d.kind}: «{d.claimed}» → «{d.corpus}»" for d in result.differences]
    elif result.hit and not result.parts:
        lines.append(f"closest ({result.similarity:.0%}): «{result.matched}» — {result.hit.speaker or '?'}, {result.hit.date or '?'}")
    return "\n".join(lines)


@click.group()
def main() -> None:
    """quotebot: find the exact quote, who said it, when, and where it was published."""


@main.command("reindex")
@click.option("--corpus", type=click.Path(path_type=Path), help="Corpus folder (default: QUOTEBOT_CORPUS or the bundled corpus).")
@click.option("--db", type=click.Path(path_type=Path), help="Index file (default: QUOTEBOT_DB or data/quotebot.db).")
@click.option("--workers", type=int, default=None, help="Processes for parsing (default: all cores).")
def reindex_cmd(corpus: Path | None, db: Path | None, workers: int | None) -> None:
    """Index new and changed files, drop removed ones; the old index serves until this one is complete."""
    cfg = _config()
    corpus, db = corpus or cfg.corpus, db or cfg.db
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="file", desc="reindex", file=sys.stderr)

    def progress(p: Progress) -> None:
        if bar is not None:
            bar.total = p.total
            bar.n = p.done
            bar.set_postfix(indexed=p.indexed, skipped=p.skipped)
            bar.refresh()

    try:
        report = reindex(corpus, db, progress=progress, workers=workers)
    except (ReindexBusy, FileNotFoundError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    click.echo(report.summary())
    click.echo(f"index: {db}")


@main.command("fetch")
@click.option("--corpus", type=click.Path(path_type=Path), help="Corpus folder (default: QUOTEBOT_CORPUS or the bundled corpus).")
@click.option("--db", type=click.Path(path_type=Path), help="Index file (default: QUOTEBOT_DB or data/quotebot.db).")
def fetch_cmd(corpus: Path | None, db: Path | None) -> None:
    """One intake round (for cron): fetch QUOTEBOT_FEEDS, save new pages under feeds/, reindex. Exits
    with 1 when a feed failed (after saving and indexing the others' pages), so cron reports it."""
    cfg = _config()
    cfg = dataclasses.replace(cfg, corpus=corpus or cfg.corpus, db=db or cfg.db)
    if not cfg.feeds:
        raise click.ClickException("QUOTEBOT_FEEDS is not set: give comma-separated RSS/Atom feed or page URLs.")
    state = IntakeState(cfg.intake_state)
    try:
        report = intake(list(cfg.feeds), cfg.corpus, state, cfg.fetch)
        click.echo(report.summary())
        indexed = index_saved(state, cfg.corpus, cfg.db)
        if indexed is not None:
            click.echo(indexed.summary())
    except IntakeBusy as exc:
        raise click.ClickException(str(exc)) from exc
    except (ReindexBusy, FileNotFoundError, RuntimeError) as exc:
        raise click.ClickException(f"the pages are saved; the next round indexes them, as the reindex failed: {exc}") from exc
    finally:
        state.close()
    failed = [f.url for f in report.feeds if f.error]
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(report.feeds)} feeds failed ({', '.join(failed)}); the others' pages are saved and indexed")


def _answer(index, question: str, limit: int, as_json: bool) -> str:
    """The answer to one line: a question (the bot's query syntax), or `/check QUOTE`."""
    if question.startswith("/check") and not as_json:
        return format_check(check_quote(index, question[len("/check") :].strip()))
    chat = is_chitchat(question)
    try:
        hits = search(index, question, limit=limit) if question.strip() else []
        parsed = query_json(parse_query(index, question)) if question.strip() and not chat else {}
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(_UNREADABLE.format(db=index.path, error=exc)) from exc
    if as_json:
        out = {"query": question, "parsed": parsed, "results": [hit_json(h) for h in hits]}
        return json.dumps(out | ({"reply": "chitchat"} if chat else {}), ensure_ascii=False)
    if not question.strip():
        return "Empty question: type a few words of the quote, or a question about it."
    if chat:
        return "Hello! Type a few words of a quote, or ask who said what."
    if not hits:
        return "Nothing found that I trust. Try a distinctive phrase from the quote, or add a speaker or year."
    bold = sys.stdout.isatty()
    return "\n".join(format_hit(h, i + 1, bold) for i, h in enumerate(hits))


@main.command("ask")
@click.argument("question", required=False)
@click.option("--db", type=click.Path(path_type=Path), help="Index file (default: QUOTEBOT_DB or data/quotebot.db).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question: {query, results}.")
@click.option("--limit", type=click.IntRange(1, 50), default=3, show_default=True, help="Results per question.")
def ask_cmd(question: str | None, db: Path | None, as_json: bool, limit: int) -> None:
    """Answer QUESTION, or every line of standard input when no QUESTION is given."""
    index = open_index(db or _config().db)
    if question is not None:
        click.echo(_answer(index, question, limit, as_json))
        return
    interactive = sys.stdin.isatty() and not as_json
    while True:
        if interactive:
            click.echo("? ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        click.echo(_answer(index, line.rstrip("\n"), limit, as_json))
        sys.stdout.flush()


def _check(index, claim: str, as_json: bool) -> str:
    try:
        result = check_quote(index, claim)
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(_UNREADABLE.format(db=index.path, error=exc)) from exc
    return json.dumps(check_json(result), ensure_ascii=False) if as_json else format_check(result)


@main.command("check")
@click.argument("quote", required=False)
@click.option("--db", type=click.Path(path_type=Path), help="Index file (default: QUOTEBOT_DB or data/quotebot.db).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim (the contract in the README).")
def check_cmd(quote: str | None, db: Path | None, as_json: bool) -> None:
    """Is QUOTE in the corpus verbatim, reworded, contradicted, or not at all? And did the named speaker say it?
    With no QUOTE, checks every line of standard input."""
    index = open_index(db or _config().db)
    if quote is not None:
        click.echo(_check(index, quote, as_json))
        return
    for line in sys.stdin:
        if line.strip():
            click.echo(_check(index, line.rstrip("\n"), as_json))
            sys.stdout.flush()


@main.command("serve")
@click.option("--webhook", "webhook_url", default=None, help="Public HTTPS URL: run as a webhook server instead of long polling.")
@click.option("--port", type=int, default=None, help="Webhook listening port (default: QUOTEBOT_WEBHOOK_PORT or 8443).")
def serve_cmd(webhook_url: str | None, port: int | None) -> None:
    """Run the Telegram bot (long polling, or a webhook server with --webhook)."""
    cfg = _config()
    if not cfg.token:
        raise click.ClickException(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather, then put its token in the environment "
            "or in a .env file (see .env.example)."
        )
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run

    cfg = dataclasses.replace(cfg, webhook_url=webhook_url or cfg.webhook_url, webhook_port=port or cfg.webhook_port)
    try:
        run(cfg)
    except InvalidToken as exc:  # its message quotes the token: never print it
        raise click.ClickException("Telegram rejected TELEGRAM_BOT_TOKEN: check the token @BotFather gave you.") from exc
    except NetworkError as exc:
        where = cfg.api_base_url or "api.telegram.org"
        raise click.ClickException(f"cannot reach the Telegram Bot API at {where}: {str(exc).replace(cfg.token, '<token>')}") from exc


@main.command("demo")
def demo_cmd() -> None:
    """Without Telegram: index the corpus, answer a few questions, then take yours from the terminal."""
    cfg = _config()
    click.echo(f"Indexing {cfg.corpus} into {cfg.db} …")
    try:
        click.echo(reindex(cfg.corpus, cfg.db).summary())
    except (ReindexBusy, FileNotFoundError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    index = open_index(cfg.db)
    for question in DEMO_QUESTIONS:
        click.echo(f"\n? {question}\n{_answer(index, question, 1, False)}")
    if sys.stdin.isatty():
        click.echo("\nAsk your own questions, or /check a quote (Ctrl-D to quit). Set TELEGRAM_BOT_TOKEN to run the Telegram bot.")
        ask_cmd.callback(None, cfg.db, False, 3)


if __name__ == "__main__":
    main()

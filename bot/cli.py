"""The `quotebot` command: reindex, ask, check, serve, demo — a thin layer over `store` and `bot.app`."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from bot import config as configmod
from bot.render import evidence_line, speaker_line
from store import Hit, IndexMissing, QuoteCheck, ReindexBusy, check_quote, open_index, reindex, search
from store.index import Progress

DEMO_QUESTIONS = ["王毅谈联合国的中心作用", "恐怖組織利用社交網絡、加密通信", "欧盟碳边境调节机制"]


def _config() -> configmod.Config:
    try:
        return configmod.load()
    except configmod.ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def hit_json(hit: Hit) -> dict:
    """A hit as the JSON the eval scripts and other tools read, with how its speaker was found."""
    out = dataclasses.asdict(hit)
    a = out.pop("attribution")
    out.update(relayed_by=a["relayed_by"], kind=a["kind"],
               speaker_evidence={"cue": a["cue"], "text": a["evidence"], "strength": a["strength"]})
    return out


def format_hit(hit: Hit, n: int | None = None) -> str:
    """A hit as plain text for a terminal."""
    lines = [f"{f'{n}. ' if n else ''}«{hit.quote}»", f"   {speaker_line(hit, 'en', markup=False)}"]
    evidence = evidence_line(hit, "en", markup=False)
    if evidence:
        lines.append(f"   {evidence}")
    if hit.title:
        lines.append(f"   {hit.title}")
    if hit.url:
        lines.append(f"   {hit.url}")
    if hit.also_reported_by:
        also = ", ".join(f"{s.outlet or '?'} ({s.date or '?'})" for s in hit.also_reported_by)
        lines.append(f"   also reported by: {also}")
    lines.append(f"   confidence {hit.score:.2f}")
    return "\n".join(lines)


def format_check(result: QuoteCheck) -> str:
    if result.verdict == "too_short":
        return "Too short to check: give at least a few words of the quote."
    if result.verdict == "verbatim":
        head = "VERBATIM: the corpus has these exact words."
    elif result.verdict == "reworded":
        head = f"REWORDED: the corpus says it differently (similarity {result.similarity:.0%})."
    else:
        head = "NOT FOUND: nothing in the corpus says this."
    lines = [head]
    if result.hit and result.verdict != "not_found":
        lines += [f"corpus: «{result.matched}»", format_hit(result.hit)]
        lines += [f"   {d.kind}: «{d.claimed}» → «{d.corpus}»" for d in result.differences]
    elif result.hit:
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


def _answer(index, question: str, limit: int, as_json: bool) -> str:
    try:
        hits = search(index, question, limit=limit) if question.strip() else []
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        return json.dumps({"query": question, "results": [hit_json(h) for h in hits]}, ensure_ascii=False)
    if not question.strip():
        return "Empty question: type a few words of the quote, or a question about it."
    if not hits:
        return "Nothing found that I trust. Try a distinctive phrase from the quote, or add a speaker or year."
    return "\n".join(format_hit(h, i + 1) for i, h in enumerate(hits))


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


@main.command("check")
@click.argument("quote")
@click.option("--db", type=click.Path(path_type=Path), help="Index file (default: QUOTEBOT_DB or data/quotebot.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check_cmd(quote: str, db: Path | None, as_json: bool) -> None:
    """Is QUOTE in the corpus verbatim, reworded, or not at all?"""
    try:
        result = check_quote(open_index(db or _config().db), quote)
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False) if as_json else format_check(result))


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
    click.echo(reindex(cfg.corpus, cfg.db).summary())
    index = open_index(cfg.db)
    for question in DEMO_QUESTIONS:
        click.echo(f"\n? {question}\n{_answer(index, question, 1, False)}")
    if sys.stdin.isatty():
        click.echo("\nAsk your own questions (Ctrl-D to quit). Set TELEGRAM_BOT_TOKEN to run the Telegram bot.")
        ask_cmd.callback(None, cfg.db, False, 3)


if __name__ == "__main__":
    main()

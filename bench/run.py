"""The benchmark, one command: `python -m bench.run` (see --help).

For each corpus size: full index time and passages/s, incremental reindex with nothing changed and
with 1% of files changed, database size, peak RSS of the indexer and of the search process, query
latency p50/p95/p99 over a fixed query mix; the same queries against brute-force rapidfuzz, SQLite
FTS5 alone and tantivy (bigrams, BM25, re-ranked by rapidfuzz) on the same data, with accuracy per
query class (the headline is the worst class) and the share answered with a wrong attribution (speaker,
date or outlet not the generator's truth); then the real bot process's throughput through the Bot API
emulator. Prints the tables and writes them to bench/RESULTS.md. Every process is measured on its own
(its peak RSS is its own); timings are never asserted, only reported.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from rapidfuzz import fuzz

from bench.corpus import CorpusInfo, cached_corpus
from bench.queries import Query, make_queries
from bench.words import to_script
from bench.searchproc import build_fts, build_tantivy
from store.ingest import decode, discover
from store.textnorm import normalize

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ("quotebot", "bruteforce", "fts5", "tantivy")
BRUTE_FULL_BELOW = 500_000  # passages; above, brute force (seconds a query) answers an evenly spread sample
CLASSES = {  # query kinds (bench.queries) as reported
    "exact": "exact fragment", "typo": "typo'd fragment", "cross_script": "cross-script fragment",
    "question": "keyword question", "short": "1–2 characters", "miss": "must abstain: unseen text",
    "boilerplate": "must abstain: page furniture",
}


@dataclass
class Run:
    """A subprocess's wall time and the peak RSS of it and its children together."""

    seconds: float
    peak_rss_mb: float


def run_measured(cmd: list[str]) -> Run:
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a chatty process never blocks on it
        proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = _wait_measuring(proc)
        if proc.returncode:
            stderr.seek(0)
            raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{stderr.read().decode(errors='replace')[-3000:]}")
    return Run(time.perf_counter() - started, peak)


def _wait_measuring(proc: psutil.Popen) -> float:
    """Wait for `proc` to end; the peak RSS of it and its children together, in MB."""
    peak = 0.0
    while proc.poll() is None:
        try:
            tree = [proc] + proc.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.05)
    return peak


def reindex(corpus: Path, db: Path) -> Run:
    return run_measured([sys.executable, "-m", "bot.cli", "reindex", "--corpus", str(corpus), "--db", str(db)])


def touch_one_percent(info: CorpusInfo) -> list[tuple[Path, bytes]]:
    """Add a paragraph to 1% of the corpus files, in each file's own format and encoding; return
    their original bytes."""
    files = [source.path for source in discover(info.path)]
    count = max(1, len(files) // 100)
    changed = files[:: max(1, len(files) // count)][:count]
    originals = []
    for i, path in enumerate(changed):
        data = path.read_bytes()
        text, encoding = decode(data)
        added = f"本段为基准测试追加的第{i}段更新内容，用于检验增量索引。"
        if encoding.startswith("big5"):  # Big5 holds traditional characters only
            added = to_script(added, "tw")
        if "</body>" in text:
            text = text.replace("</body>", f"<p>{added}</p></body>", 1)
        else:
            text += f"\n\n{added}\n"
        originals.append((path, data))
        path.write_bytes(text.encode(encoding))
    return originals


def restore(originals: list[tuple[Path, bytes]]) -> None:
    for path, data in originals:
        path.write_bytes(data)


def answers(system: str, db: Path, questions: list[str], tmp: Path) -> tuple[list[dict], float]:
    qfile, out = tmp / f"{system}-queries.json", tmp / f"{system}-out.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    run_measured([sys.executable, "-m", "bench.searchproc", system, str(db), str(qfile), str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    return data["results"], data["peak_rss_mb"]


def correct(query: Query, top: str, asked: str = "") -> bool:
    """A right answer comes from the expected paragraph (or its republished near-duplicate); for a 1–2
    character query, any passage holding it; a miss must get no answer. A journalist's question comes back
    as the answer that follows it with the question on the card (`asked`): that question is the passage
    shown for it."""
    if query.expect_text is None:
        return not top
    answer, expected = normalize(top), normalize(query.expect_text)
    if not answer:
        return False
    if query.kind == "short":
        return normalize(query.q) in answer
    return any(
        shown in expected or (bool(query.also_files) and fuzz.partial_ratio(shown, expected) >= 85)
        for shown in (answer, normalize(asked)) if shown
    )


class Truth:
    """The generator's attribution of each targeted paragraph, by file (near-duplicates included)."""

    def __init__(self, info: CorpusInfo) -> None:
        self.by_file: dict[tuple[str, str], dict] = {}
        self.groups: dict[str, dict[str, dict]] = {}
        with info.ground_truth.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                self.by_file[(record["file"], record["text"])] = record
                if record["group"]:
                    self.groups.setdefault(record["group"], {})[record["file"]] = record

    def wrong_attribution(self, query: Query, top: dict) -> bool | None:
        """Whether an answer names a speaker, date or outlet other than the truth ("not stated" is not wrong;
        an answer to a query that must abstain always is); None when there is no answer, or no truth to
        check (1–2 characters). The generator's speaker is whoever delivers the paragraph: a card giving
        a leader's words relayed by them ("李强 — relayed by 汪文斌") names them too."""
        if not top.get("text") or query.kind == "short":
            return None
        if query.expect_text is None:
            return True
        record = self.by_file[(query.expect_file, query.expect_text)]
        record = self.groups.get(record["group"], {}).get(top["path"], record)  # a republished copy: its own truth
        truth = (record["speaker"], record["date"] or record["published"], record["outlet"])
        relayed = top.get("relayed_by") and normalize(top["relayed_by"]) == normalize(truth[0])
        given = ("" if relayed else top["speaker"], top["date"], top["outlet"])
        if top.get("asked") and normalize(top["asked"]) in normalize(query.expect_text):
            truth, given = truth[1:], given[1:]  # the question's card names the answer's speaker, not the asker
        return any(b and normalize(a) != normalize(b) for a, b in zip(truth, given))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


@dataclass
class SizeResult:
    info: CorpusInfo
    queries: list[Query]
    db: Path
    passages: int
    full: Run
    nochange: Run
    one_percent: Run
    db_mb: float
    tantivy_build: tuple[float, float] = (0.0, 0.0)  # seconds, MB
    latency: dict[str, list[float]] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)
    by_class: dict[str, dict[str, list[bool]]] = field(default_factory=dict)  # system → kind → right or not
    wrong_attribution: dict[str, float] = field(default_factory=dict)  # system → share of the queries checked
    search_rss: dict[str, float] = field(default_factory=dict)
    sampled: dict[str, int] = field(default_factory=dict)  # system → queries it answered, when not all

    def worst(self, system: str) -> tuple[str, float]:
        """The class this system answers worst, and its accuracy."""
        return min(((kind, sum(v) / len(v)) for kind, v in self.by_class[system].items() if v), key=lambda kv: kv[1])


def _by_class(queries: list[Query], right: list[bool]) -> dict[str, list[bool]]:
    classes: dict[str, list[bool]] = {kind: [] for kind in CLASSES}
    for q, ok in zip(queries, right):
        classes[q.kind].append(ok)
    return classes


def bench_size(n: int, n_queries: int, tmp: Path, brute_queries: int) -> SizeResult:
    info = cached_corpus(n)
    queries = make_queries(info, n_queries)
    truth = Truth(info)
    db = tmp / f"bench-{n}.db"
    full = reindex(info.path, db)
    nochange = reindex(info.path, db)
    originals = touch_one_percent(info)
    try:
        one_percent = reindex(info.path, db)
    finally:
        restore(originals)
    passages = sqlite3.connect(db).execute("SELECT count(*) FROM passages").fetchone()[0]
    db_mb = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file() and not p.name.endswith(".lock")) / 2**20
    result = SizeResult(info, queries, db, passages, full, nochange, one_percent, db_mb)
    build_fts(db)  # the baselines' own indexes, built after the size was taken
    result.tantivy_build = build_tantivy(db)
    brute_step = 1 if passages < BRUTE_FULL_BELOW else max(1, len(queries) // brute_queries)
    for system in SYSTEMS:
        subset = queries[::brute_step] if system == "bruteforce" else queries
        rows, rss = answers(system, db, [q.q for q in subset], tmp)
        tops = [r["top"] for r in rows]
        result.latency[system] = [r["ms"] for r in rows]
        right = [correct(q, top.get("text", ""), top.get("asked", "")) for q, top in zip(subset, tops)]
        result.accuracy[system] = sum(right) / len(subset)
        result.by_class[system] = _by_class(subset, right)
        if system == "quotebot" and brute_step > 1:  # quotebot on exactly the queries brute force answers
            result.by_class["quotebot@brute-sample"] = _by_class(subset[::brute_step], right[::brute_step])
        checked = [truth.wrong_attribution(q, top) for q, top in zip(subset, tops)]
        result.wrong_attribution[system] = sum(c is True for c in checked) / max(1, sum(q.kind != "short" for q in subset))
        result.search_rss[system] = rss
        if len(subset) < len(queries):
            result.sampled[system] = len(subset)
    return result


def _ms(values: list[float]) -> str:
    return f"{percentile(values, 50):.1f} / {percentile(values, 95):.1f} / {percentile(values, 99):.1f}"


SYSTEM_NAMES = {"quotebot": "quotebot", "bruteforce": "brute force (rapidfuzz)", "fts5": "FTS5 trigram alone",
                "tantivy": "tantivy bigrams + rapidfuzz"}


def _share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.1%}" if values else "–"


def table(results: list[SizeResult], bots: list[dict], n_queries: int) -> str:
    lines = [
        "| passages | files | full index | passages/s | reindex, no change | reindex, 1% changed | DB size | indexer peak RSS | tantivy index (baseline) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.passages:,} | {r.info.n_files:,} | {r.full.seconds:.1f} s | {r.passages / r.full.seconds:,.0f} | "
            f"{r.nochange.seconds:.1f} s | {r.one_percent.seconds:.1f} s | {r.db_mb:,.0f} MB | {r.full.peak_rss_mb:,.0f} MB | "
            f"{r.tantivy_build[0]:.1f} s, {r.tantivy_build[1]:,.0f} MB |"
        )
    lines += [
        "",
        f"Search over {n_queries} queries (exact fragments, typo'd fragments, cross-script fragments, keyword questions, "
        "1–2 character queries, queries that must abstain), in-process and warm; latency in ms, p50 / p95 / p99; "
        "accuracy = share answered right (a passage of the expected paragraph, or no answer when none must be given); "
        "headline = the worst class; wrong attribution = share of the queries (1–2 characters aside) answered with a "
        "speaker, date or outlet that is not the generator's truth (\"not stated\" is not wrong; any answer to a query "
        "that must abstain counts); "
        "RSS = the search process's peak.",
        "",
        "| passages | system | latency p50 / p95 / p99 | RSS | accuracy | worst class (headline) | wrong attribution |",
        "| ---: | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        for system in SYSTEMS:
            kind, worst = r.worst(system)
            sample = f" ({r.sampled[system]} queries)" if system in r.sampled else ""
            lines.append(
                f"| {r.passages:,} | {SYSTEM_NAMES[system]}{sample} | {_ms(r.latency[system])} | {r.search_rss[system]:,.0f} MB | "
                f"{r.accuracy[system]:.1%} | {CLASSES[kind]}: {worst:.1%} | {r.wrong_attribution[system]:.1%} |"
            )
    lines += ["", "Accuracy per query class (queries in the class):", ""]
    lines += [
        "| passages | class | queries | " + " | ".join(SYSTEM_NAMES[s] for s in SYSTEMS) + " |",
        "| ---: | --- | ---: | " + " | ".join("---:" for _ in SYSTEMS) + " |",
    ]
    for r in results:
        for kind, label in CLASSES.items():
            cells = []
            for system in SYSTEMS:
                cell = _share(r.by_class[system][kind])
                if system in r.sampled:
                    same = r.by_class["quotebot@brute-sample"][kind]
                    cell += f" ({len(same)}; quotebot {_share(same)} on them)"
                cells.append(cell)
            lines.append(f"| {r.passages:,} | {label} | {len(r.by_class['quotebot'][kind])} | " + " | ".join(cells) + " |")
    if bots:
        first = bots[0]
        lines += [
            "",
            f"Bot throughput: the real `quotebot serve` process against the Bot API emulator, {first['users']} simulated users "
            f"at once (index of {first['passages']:,} passages). Capacity: each user asks again as soon as it is answered. "
            "Rate: questions arrive at a fixed rate whatever the answers. Latency: question taken by the emulator → reply "
            "reaching it. The bot caps what it sends to all chats together at `QUOTEBOT_MAX_MESSAGES_PER_SECOND` "
            "(default 30, Telegram's documented limit).",
            "",
            "| load | send cap | questions | answers/s | question → reply p50 / p95 | lost | duplicated |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for bot in bots:
            load = f"{bot['rate']:g} questions/s" if bot["rate"] else "capacity"
            cap = "none" if bot["max_rate"] == "0" else f"{bot['max_rate']}/s (default)"
            lines.append(
                f"| {load} | {cap} | {bot['questions']} | {bot['answers_per_s']:.1f} | {bot['p50_ms']:.0f} / {bot['p95_ms']:.0f} ms | "
                f"{bot['lost']} | {bot['duplicated']} |"
            )
    return "\n".join(lines)


def environment() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; {time.strftime('%Y-%m-%d')}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes in passages, comma-separated")
    parser.add_argument("--queries", type=int, default=600, help="queries in the mix")
    parser.add_argument("--brute-queries", type=int, default=100, help=f"queries brute force answers from {BRUTE_FULL_BELOW:,} passages up")
    parser.add_argument("--bot-users", type=int, default=50, help="simulated users (0: skip the bot test)")
    parser.add_argument("--bot-questions", type=int, default=10, help="questions per simulated user (capacity run)")
    parser.add_argument("--bot-rate", type=float, default=60.0, help="questions per second in the open-loop runs")
    parser.add_argument("--bot-seconds", type=float, default=10.0, help="length of the open-loop runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="quotebot-bench-") as tmp_name:
        tmp = Path(tmp_name)
        results = []
        for n in sizes:
            print(f"[bench] {n:,} passages …", file=sys.stderr, flush=True)
            results.append(bench_size(n, args.queries, tmp, args.brute_queries))
        bots = []
        if args.bot_users:
            from bench.botload import bot_load
            from bot.config import Config

            target = max((r for r in results if r.passages <= 200_000), key=lambda r: r.passages, default=results[0])
            questions = [q.q for q in target.queries if q.expect_text]
            cap = f"{Config.max_messages_per_second:g}"  # the default send cap
            # capacity; the target rate, uncapped and under the default cap; everyday load under the default cap
            runs = [("0", None), ("0", args.bot_rate), (cap, args.bot_rate), (cap, 0.8 * float(cap))]
            for max_rate, rate in runs:
                print(f"[bench] bot: {args.bot_users} users, {rate or 'closed loop'}, cap {max_rate} …", file=sys.stderr, flush=True)
                per_user = args.bot_questions if rate is None else max(1, round(args.bot_seconds * rate / args.bot_users))
                bot = bot_load(target.db, target.info.path, questions, tmp, users=args.bot_users, per_user=per_user, max_rate=max_rate, rate=rate)
                bots.append(dict(bot, passages=target.passages))
        text = table(results, bots, args.queries)
    print(text)
    args.out.write_text(f"# Benchmark results\n\n{environment()}. Command: `{' '.join(['python -m bench.run'] + (argv or sys.argv[1:]))}`\n\n{text}\n", encoding="utf-8")
    print(f"\nwritten to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Benchmark queries cut from a generated corpus, each with its ground truth (bench.corpus): a fixed mix of
kinds, written beside the corpus; changing them never regenerates a corpus."""
from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from bench.corpus import CorpusInfo, Pool, json_line, load_pool
from bench.words import CJK, convert, masked_lines, norm
from store.align import quote_edits

# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A benchmark query; `expect_text` is None when the right answer is no quote at all.

    For "short" queries any passage containing `q` is right: `expect_text` is one of them. A paragraph
    republished by other outlets may also be answered from the near-duplicates in `also_files`.
    """

    q: str
    kind: str  # exact | typo | cross_script | question | short | miss | boilerplate
    expect_text: str | None  # the paragraph as written (pinyin notes and mid-sentence breaks left out)
    expect_file: str | None  # relative to CorpusInfo.path
    speaker: str = ""
    date: str = ""  # statement date (the publication date for pages that name no statement date)
    outlet: str = ""
    also_files: tuple[str, ...] = ()


# Exact comes last: it absorbs any shortfall of the other kinds.
QUERY_MIX = {"typo": 0.14, "cross_script": 0.14, "question": 0.20, "short": 0.08, "miss": 0.14, "boilerplate": 0.06,
             "exact": 0.24}
FUNCTION_CHARS = "的了是在和与对将也就都而及等把被从向于为以其这该并或但之所"
STOP_WORDS = frozenset("我们 他们 你们 有关 进行 已经 没有 这个 这些 那些 不是 以及 如果 因为 所以 但是 还是 可以 表示 指出 "
                       "强调 年来 今年 去年 其中 方面 问题 情况 同时 当前 目前 一些 一道 一直 继续 希望 相关 各方 认为 "
                       "就是 不会 不能 需要 作为 通过 关于 提出 重要 积极 共同 坚定 坚决 不断 有效 发展 合作".split())
SHORT_CHARS = "税油粮枪药疫钱煤电茶船桥钢"
HOMOPHONES = dict(zip("在再的地做作及即象像定订须需利力其期制治部步合和进近报抱式试场常", "再在地的作做即及像象订定需须力利期其治制步部和合近进抱报试式常场"))
QUESTION_TEMPLATES = ("{kw}", "{kw}说了什么", "{kw}怎么说？", "{who}{kw}", "{who}谈{kw}", "{who}怎么说{kw}？",
                      "{who}{year}年 {kw}", "{year}年 {kw} 是谁说的？", "关于{kw}，{who}说了什么？")
_EDGE = "，。、；：？！“”‘’「」『』（）《》【】,.;:?!\"'()[]<> 　-—…·"
_SEGMENT_SPLIT = re.compile(rf"[^\u4e00-\u9fff]+|[{FUNCTION_CHARS}]")


@dataclass(frozen=True)
class _QueryContext:
    """What the query makers draw from."""

    records: list[dict]
    traps: list[dict]
    pool: Pool
    groups: dict[str, list[str]]  # near-duplicate group → files
    common_words: frozenset[str]  # frequent two-character words of the targeted paragraphs
    within_typo: dict[str, set[str]] = field(default_factory=dict)  # must-abstain texts _within_typo rejected, by kind


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def two_char_words(text: str) -> list[str]:
    """Two-character words of a paragraph without a segmenter: the distinct runs of exactly two Chinese characters
    between punctuation, digits, Latin letters and function characters, in simplified script; no stop words."""
    runs = _SEGMENT_SPLIT.split(convert(text, "t2s"))
    return list(dict.fromkeys(run for run in runs if len(run) == 2 and run not in STOP_WORDS))


def clause_tails(text: str) -> list[str]:
    """Word-like phrases of a paragraph, in simplified script: each clause's tail of 2–7 characters that starts
    after a function character, or the whole clause when that short (clauses begin and end on word boundaries)."""
    tails: list[str] = []
    for clause in re.split(r"[^\u4e00-\u9fff]+", convert(text, "t2s")):
        starts = [i for i in range(max(0, len(clause) - 7), len(clause) - 1)
                  if i == 0 or clause[i - 1] in FUNCTION_CHARS]
        tail = clause[starts[0]:].lstrip(FUNCTION_CHARS) if starts else ""
        if len(tail) >= 2 and tail not in tails:
            tails.append(tail)
    return tails


def _fragment(text: str, rng: random.Random, low: int, high: int) -> str | None:
    """A `low`–`high` character cut from one sentence of `text` (half of them from a clause start), without
    punctuation at either end."""
    pieces = [p for p in re.split(r"(?<=[。！？!?])", text) if len(p) >= low]
    if not pieces:
        return None
    piece = rng.choice(pieces)
    clauses = [0] + [m.end() for m in re.finditer(r"[，、；：,;:]", piece) if len(piece) - m.end() >= low]
    start = rng.choice(clauses) if rng.random() < 0.5 else rng.randint(0, len(piece) - low)
    cut = piece[start:start + rng.randint(low, high)].strip(_EDGE)
    return cut if len(cut) >= low and len(norm(cut)) >= 6 else None


def _unique_fragment(record: dict, ctx: _QueryContext, rng: random.Random, low: int) -> str | None:
    """A fragment of the record's quoted words that occurs at most once in the source material, numbers and
    countries masked (the words are then written once, in this paragraph and its near-duplicates)."""
    cut = _fragment(record["text"][record["quote_from"]:], rng, low, 30)
    return cut if cut and ctx.pool.masked_text.count(masked_lines(cut)) <= 1 else None


def _absent(text: str, haystacks: Sequence[str]) -> bool:
    """True when neither the text nor any 8-character window of it (every 4th) occurs in the masked haystacks."""
    key = masked_lines(text)
    windows = [key] + [key[i:i + 8] for i in range(0, len(key) - 7, 4)]
    return not any(w in haystack for w in windows for haystack in haystacks)


def _typo_edits(text: str) -> int:
    """How many characters _typo may change in `text`: 1 below 16 characters, else 2."""
    return 1 if len(text) < 16 else 2


def _within_typo(text: str, haystack: str) -> bool:
    """True when `haystack` (masked lines) holds a substring within _typo's edits of the text (the mirror of
    _typo): such a text cannot be told from a typo'd fragment of what is written, and answering it is what a user
    who misremembered a character wants, so it cannot be a query that must abstain. By the pigeonhole rule a
    match within k edits holds one of k + 1 pieces of the text exactly; each place a piece occurs is checked."""
    key, edits = masked_lines(text), _typo_edits(text)
    size = max(1, -(-len(key) // (edits + 1)))
    for offset in range(0, len(key), size):
        piece = key[offset:offset + size]
        at = haystack.find(piece)
        while at >= 0:
            start = max(0, at - offset - edits)
            if quote_edits(key, haystack[start:at - offset + len(key) + edits], 1.0) <= edits:
                return True
            at = haystack.find(piece, at + 1)
    return False


def _expected(q: str, kind: str, record: dict, ctx: _QueryContext) -> Query:
    """A query answered by the record's paragraph (or by its near-duplicates)."""
    also = tuple(f for f in ctx.groups.get(record["group"], ()) if f != record["file"])
    return Query(q, kind, record["text"], record["file"], record["speaker"], record["date"] or record["published"],
                 record["outlet"], also)


def _typo(text: str, rng: random.Random) -> str:
    """1–2 characters substituted (by a homophone when one is known), deleted or inserted, never at the ends."""
    chars, cjk = list(text), CJK.findall(text) or list(text)
    edits = _typo_edits(text)
    for _ in range(1 if edits == 1 else rng.randint(1, edits)):
        i, roll = rng.randrange(1, len(chars) - 1), rng.random()
        if roll < 0.5:
            chars[i] = HOMOPHONES.get(chars[i]) or rng.choice(cjk)
        elif roll < 0.75:
            del chars[i]
        else:
            chars.insert(i, rng.choice(cjk))
    return "".join(chars)


def _q_exact(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """8–30 characters copied from a targeted paragraph."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 8)
    return _expected(cut, "exact", record, ctx) if cut else None


def _q_typo(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A copied fragment with 1–2 characters wrong, missing or extra."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 10)
    typo = _typo(cut, rng) if cut else None
    return _expected(typo, "typo", record, ctx) if typo and typo != cut else None


def _q_cross_script(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A copied fragment in the other script (simplified ↔ traditional)."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 8)
    if not cut:
        return None
    other = convert(cut, "t2s" if record["script"] != "s" else rng.choice(("s2t", "s2tw", "s2hk")))
    # s2hk writes some variants (衞) that t2s keeps: such a query would be a typo, not a script change
    return _expected(other, "cross_script", record, ctx) if other != cut and norm(other) == norm(cut) else None


def _q_question(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """2–4 phrases of a paragraph in a question template, sometimes with the speaker or the year."""
    record = rng.choice(ctx.records)
    speaker = record["speaker"]
    words = [w for w in clause_tails(record["text"]) if not speaker or (speaker not in w and w not in speaker)]
    if len(words) < 2:
        return None
    chosen = rng.sample(words, min(len(words), rng.randint(2, 4)))
    if sum(map(len, chosen)) < 6:
        return None
    templates = [t for t in QUESTION_TEMPLATES if speaker or "{who}" not in t]
    year = (record["date"] or record["published"])[:4]
    q = rng.choice(templates).format(kw=rng.choice((" ", " ", "、")).join(chosen), who=speaker, year=year)
    return _expected(q, "question", record, ctx)


def _q_short(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A frequent one- or two-character word of a paragraph."""
    record = rng.choice(ctx.records)
    simplified = convert(record["text"], "t2s")
    singles = [ch for ch in SHORT_CHARS if ch in simplified]
    if singles and rng.random() < 0.2:
        return _expected(rng.choice(singles), "short", record, ctx)
    words = [w for w in two_char_words(record["text"]) if w in ctx.common_words]
    return _expected(rng.choice(words), "short", record, ctx) if words else None


def _q_miss(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """Real text from a held-out block, written nowhere in the corpus (not even within a typo): the answer is no
    quote."""
    if not ctx.pool.held_out:
        return None
    block = rng.choice(ctx.pool.held_out)
    cut = _fragment(rng.choice(block.sentences), rng, 10, 30)
    if not cut or not _absent(cut, (ctx.pool.masked_text, ctx.pool.masked_decoys)):
        return None
    if _within_typo(cut, ctx.pool.masked_text):
        ctx.within_typo.setdefault("miss", set()).add(cut)
        return None
    return Query(convert(cut, "s2t") if rng.random() < 0.2 else cut, "miss", None, None)


def _q_boilerplate(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A related-news headline or editor credit that only page furniture contains (the content not even within a
    typo): the answer is no quote."""
    if not ctx.traps:
        return None
    trap = rng.choice(ctx.traps)
    q = f"责任编辑 {trap['text']}" if trap["kind"] == "editor" else trap["text"]
    if not _absent(trap["text"], (ctx.pool.masked_text,)):
        return None
    if _within_typo(q, ctx.pool.masked_text):
        ctx.within_typo.setdefault("boilerplate", set()).add(q)
        return None
    return Query(q, "boilerplate", None, None)


QUERY_MAKERS: dict[str, Callable[[_QueryContext, random.Random], Query | None]] = {
    "exact": _q_exact, "typo": _q_typo, "cross_script": _q_cross_script, "question": _q_question,
    "short": _q_short, "miss": _q_miss, "boilerplate": _q_boilerplate}


def _query_context(info: CorpusInfo) -> _QueryContext:
    """Reads the ground truth and traps and reloads the source pool the corpus was made from."""
    records = _read_jsonl(info.ground_truth)
    groups: dict[str, list[str]] = {}
    for record in records:
        if record["group"]:
            groups.setdefault(record["group"], []).append(record["file"])
    counts = Counter(w for r in records for w in two_char_words(r["text"]))
    pool = load_pool(Path(info.shared) if info.shared else None, info.seed)
    return _QueryContext(records, _read_jsonl(info.traps), pool, groups,
                         frozenset(w for w, _ in counts.most_common(300)))


def _draw(maker: Callable[[_QueryContext, random.Random], Query | None], goal: int, ctx: _QueryContext,
          rng: random.Random, seen: set[str]) -> list[Query]:
    """Up to `goal` queries from `maker` whose text is not in `seen` (a maker may fail; it gets 50 tries each)."""
    made: list[Query] = []
    for _ in range(50 * goal):
        if len(made) == goal:
            break
        query = maker(ctx, rng)
        if query and query.q not in seen:
            seen.add(query.q)
            made.append(query)
    return made


def queries_path(info: CorpusInfo, n: int, seed: int) -> Path:
    """Where make_queries writes its JSONL: beside the corpus folder."""
    return info.path.parent / f"queries-{n}-{seed}.jsonl"


def make_queries(info: CorpusInfo, n: int = 600, *, seed: int = 0) -> list[Query]:
    """A fixed mix of `n` queries (see QUERY_MIX) with ground truth, also written to queries-<n>-<seed>.jsonl."""
    rng = random.Random(f"queries-{seed}")
    ctx = _query_context(info)
    queries: list[Query] = []
    seen: set[str] = set()
    wanted = {kind: int(n * share) for kind, share in QUERY_MIX.items()}
    wanted["exact"] += n - sum(wanted.values())
    shortfall = 0
    for kind in QUERY_MIX:
        goal = wanted[kind] + (shortfall if kind == "exact" else 0)
        made = _draw(QUERY_MAKERS[kind], goal, ctx, rng, seen)
        queries += made
        shortfall += goal - len(made)
    with queries_path(info, n, seed).open("w", encoding="utf-8") as fh:
        fh.writelines(json_line(asdict(q)) for q in queries)
    left_out = ", ".join(f"{kind} {len(texts)}" for kind, texts in sorted(ctx.within_typo.items())) or "none"
    print(f"[queries] must-abstain texts within a typo of written text, left out: {left_out}", file=sys.stderr)
    return queries



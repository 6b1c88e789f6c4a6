"""Question → the passages that say it, with attribution, or nothing when nothing is trustworthy.

Stages:
1. parse: normalise, pull out filters and cues, mask question filler (store.query);
2. candidates: the passages sharing the most idf of the query's character bigrams, exactly as a full
   scan of the postings would rank them (store.topk prunes the common bigrams' lists when they cannot
   change the result; nothing is capped, so an old passage is never crowded out by newer look-alikes);
   hard filters are applied to the ranked candidates, best first;
3. score: idf-weighted bigram coverage of the passage and of its document (title and other matching
   passages), and a rapidfuzz alignment of the query inside the passage (typos, fragments), plus
   agreement with speaker and year cues;
4. decide (store.ranking): answers before the journalists' questions they answer, attribution
   strength, newest first when asked, a confidence in [0, 1] and a threshold below which there is no
   answer; the same quote from several documents is returned once, with "also reported by".

Small talk (store.chitchat) gets no quote; a question naming only a speaker or outlet lists their
latest statements (store.listing); dates in words (store.when) filter dated documents.
"""
from __future__ import annotations

import datetime as dt
import math
from itertools import compress
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from store import align, columns, holding, postings, ranking, speakercue, titlematch
from store.chitchat import is_chitchat
from store.evidence import Attributed, Attribution
from store.fragment import as_written_many, ceiling, written_bound
from store.highlight import exact_span
from store.listing import DATE as _DATE
from store.listing import newest_ids
from store.query import Filters, ParsedQuery, parse, sanitize
from store.reader import IndexReader, PassageRow
from store.saidday import dated
from store.textnorm import normalize
from store.topk import TopKSettings, top_k

THRESHOLD = 0.3  # confidence below which a result is not trusted
GROUPING = 30  # scored passages compared with each other for "also reported by"


@dataclass(frozen=True)
class CandidateSettings:
    """How many passages each stage before the scoring hands on."""

    candidates: int = 100  # passages sharing the most idf with the query (exactly, over all postings), all re-ranked by rapidfuzz
    by_rank: int = 30  # of them, the best by shared idf are scored …
    by_fuzz: int = 20  # … and so are the best of the rest by rapidfuzz partial_ratio of the query
    max_terms: int = 64  # a longer query's rarest bigrams rank the candidates
    filter_batch: int = 1_000  # ranked candidates checked against required and excluded words at a time
    topk: TopKSettings = field(default_factory=TopKSettings)


SETTINGS = CandidateSettings()


@dataclass
class Source:
    """One publication of a quote."""

    passage_id: int
    outlet: str
    date: str
    title: str
    url: str
    speaker: str


@dataclass
class Hit(Attributed):
    passage_id: int
    document_id: int
    quote: str  # the verbatim passage
    speaker: str
    date: str
    published: str
    outlet: str
    title: str
    url: str
    path: str
    score: float  # confidence in [0, 1]
    span: tuple[int, int]  # the part of `quote` that matched the question
    also_reported_by: list[Source] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)  # how `speaker` was found (store.evidence)
    mode: str = "match"  # "match"; "contains" (a 1–2 character query: passages holding it); "latest" (a listing)
    asked: str = ""  # for an answer found through the journalist's question: that question, verbatim
    dated_by: str = ""  # when `date` is the day a cue of the speaker gives (`吴谦26日…指出`, store.saidday): that cue

    @property
    def level(self) -> str:
        """What the card is: "high", "medium" or "low" confidence, or "contains" / "latest" (a listing)."""
        return ranking.level(self.score) if self.mode == "match" else self.mode


@dataclass
class Term:
    gram: str
    df: int
    idf: float


@dataclass
class Scored:
    """A candidate passage, its confidence and the span it matched (in its search form)."""

    row: PassageRow
    score: float
    span: tuple[int, int]
    asked: PassageRow | None = None  # the journalist's question this answer took the place of


# Function characters: a bigram containing one mostly spans a word boundary (鹏的, 的职) and says little.
STOP_CHARS = set("的了是在和与及或把被将从向给也都就而并还又之其这那着过么吗呢吧啊个些")


def query_terms(reader: IndexReader, q: ParsedQuery, skip: frozenset[str] | set[str] = STOP_CHARS) -> list[Term]:
    """The query's distinct bigrams (none that touch masked filler or a character of `skip`, the function
    characters unless told otherwise), with document frequencies."""
    norm, mask = q.norm, q.mask
    grams = []
    for i in range(len(norm) - 1):
        if not mask[i] and not mask[i + 1] and norm[i] not in skip and norm[i + 1] not in skip:
            grams.append(norm[i : i + 2])
    grams += _hole_bigrams(norm, mask, skip, grams)
    if not grams and q.content:
        grams = [q.content]  # a one-character query
    grams = list(dict.fromkeys(grams))
    if not grams:
        return []
    conn = reader.conn()
    snap = reader.snapshot()
    n = max(snap.passages, 1)
    df = {g: len(ids) for g, ids in snap.lists.cached(grams).items()}  # a list held in memory gives its frequency
    df |= postings.frequencies(conn, [g for g in grams if g not in df])
    for g in grams:
        if len(g) == 1:  # passages with a bigram starting with it
            df[g] = len(postings.starting_with(conn, g))
    return [Term(g, df.get(g, 0), math.log(1 + (n - df.get(g, 0) + 0.5) / (df.get(g, 0) + 0.5))) for g in grams]


def _hole_bigrams(norm: str, mask: list[bool], skip: frozenset[str] | set[str], grams: list[str]) -> list[str]:
    """The bigrams, function characters and all, of each content character that no other bigram holds:
    都 is a function character, but 成都道 is a name (`成都道在什么地方`)."""
    held = {i for i in range(len(norm) - 1) if norm[i : i + 2] in grams}
    held |= {i + 1 for i in held}
    out = []
    for i, c in enumerate(norm):
        if mask[i] or c in skip or i in held:
            continue
        out += [norm[j : j + 2] for j in (i - 1, i) if 0 <= j < len(norm) - 1 and not mask[j] and not mask[j + 1]]
    return out


def _names(wanted: list[str], known: dict[str, list[str]]) -> list[str]:
    """The names as written whose normalised form contains one of `wanted` (any script)."""
    keys = [normalize(w) for w in wanted]
    return [name for norm, names in known.items() if any(k and k in norm for k in keys) for name in names]


def _filter_names(reader: IndexReader, filters: Filters) -> tuple[list[str], list[str]]:
    """The speakers and the outlets, as written, that the filters admit ([]: no condition; [""] when
    nothing known matches, so that nothing can pass)."""
    snap = reader.snapshot()
    speakers, outlets = (
        (_names(wanted, known) or [""]) if wanted else []
        for wanted, known in ((filters.speakers, snap.speakers), (filters.outlets, snap.outlets))
    )
    return speakers, outlets


def _filter_sql(reader: IndexReader, filters: Filters) -> tuple[str, list]:
    """SQL conditions on passages `p` and documents `d` for hard filters (the mask's, store.columns; date words
    a passage says itself are `candidates`' to admit)."""
    where, args = [], []
    for column, names in zip(("p.speaker", "d.outlet"), _filter_names(reader, filters)):
        if names:
            where.append(f"{column} IN ({','.join('?' * len(names))})")
            args += names
    dated = []
    if filters.date_from:
        dated.append(f"{_DATE} >= ?")
        args.append(filters.date_from)
    if filters.date_to:
        dated.append(f"{_DATE} <= ?")
        args.append(filters.date_to)
    if filters.month_day:
        dated.append(f"substr({_DATE}, 6, 5) = ?")
        args.append(filters.month_day)
    if dated:
        both = " AND ".join(dated)
        where.append(f"({_DATE} = '' OR ({both}))" if filters.undated_ok else both)
    for phrase in filters.required:
        where.append("instr(p.norm, ?) > 0")
        args.append(phrase)
    for word in filters.excluded:
        where.append("instr(p.norm, ?) = 0")
        args.append(word)
    return " AND ".join(where), args


def _ranked(reader: IndexReader, terms: list[Term], k: int, mask: tuple[tuple, np.ndarray] | None = None) -> np.ndarray:
    """The `k` passage ids sharing the most idf with the query's terms (ties: newest first); with a `mask`
    (its key and the mask, store.columns), of the passages it passes (each list filtered once a search:
    the passes of a question share most of their terms)."""
    conn = reader.conn()
    known = sorted((t for t in terms if t.df > 0), key=lambda t: t.df)[: SETTINGS.max_terms]  # rarest first
    lists = reader.snapshot().lists.read(conn, [t.gram for t in known if len(t.gram) == 2])
    ids = [lists[t.gram] if len(t.gram) == 2 else postings.starting_with(conn, t.gram) for t in known]
    if mask is not None:
        key, passes = mask
        memo = reader.memo()
        for i, t in enumerate(known):
            filtered = ("passing", key, t.gram)
            if filtered not in memo:
                memo[filtered] = columns.passing(ids[i], passes)
            ids[i] = memo[filtered]
    return top_k(ids, [t.idf for t in known], k, SETTINGS.topk)


def candidates(reader: IndexReader, terms: list[Term], filters: Filters, limit: int | None = None) -> list[int]:
    """Passage ids sharing the most idf with the query, best first (`limit`, else SETTINGS.candidates, of
    them): the exact ranking of every passage holding one of its terms. With hard filters, the ranking of
    the passages that pass them (speaker, outlet and dates by a mask over all passages; required and
    excluded words checked on the ranked passages until `limit` pass)."""
    limit = limit or SETTINGS.candidates
    if not filters:
        return _ranked(reader, terms, limit).tolist()
    names = _filter_names(reader, filters)
    key, mask, saying = _masks(reader, names, filters)
    words = bool(filters.required or filters.excluded)
    if not words and saying is None:
        return _ranked(reader, terms, limit, (key, mask)).tolist()
    if saying is not None:
        key, mask = key + (filters.date_text,), mask | saying

    def admits(norm: str, says: bool) -> bool:  # (`says`: it passes the dates only by saying the date words)
        return filters.admits(norm) and (not says or filters.date_text in norm)

    passing: list[int] = []
    checked, k = 0, SETTINGS.filter_batch if words else 2 * limit
    while True:
        ranked = _ranked(reader, terms, k, (key, mask))  # the ranking is deterministic: it extends the last one
        unchecked = ranked[checked:]
        says = saying[unchecked].tolist() if saying is not None else [False] * len(unchecked)
        fresh = unchecked.tolist()
        norms = reader.norms([pid for pid, s in zip(fresh, says) if words or s])  # those whose text decides
        passing += [pid for pid, s in zip(fresh, says) if not (words or s) or (pid in norms and admits(norms[pid], s))]
        if len(passing) >= limit or len(ranked) < k:
            return passing[:limit]
        checked, k = len(ranked), k * 4


def _masks(reader: IndexReader, names: tuple[list[str], list[str]], filters: Filters) -> tuple[tuple, np.ndarray, np.ndarray | None]:
    """The key of the filters, the mask of the passages that pass them, and the mask of those that may pass
    by saying the date words (`_saying_dates`); the masks made once per index generation for the same
    filters (store.columns.MaskCache)."""
    key = (tuple(names[0]), tuple(names[1]), filters.date_from, filters.date_to, filters.month_day, filters.undated_ok)
    masks = reader.snapshot().masks
    mask = masks.get(key, lambda: reader.columns().mask(*names, filters))
    saying = masks.get(key + (filters.date_text,), lambda: _saying_dates(reader, names, filters, mask))
    return key, mask, saying


def _saying_dates(reader: IndexReader, names: tuple[list[str], list[str]], filters: Filters, dated: np.ndarray) -> np.ndarray | None:
    """When the dates come from date words (`今年`), the passages that fail the dates but may say the words
    themselves (they hold each of the words' bigrams; containment is checked on the ranked passages);
    None when the rule does not apply."""
    words = filters.date_text
    if len(words) < 2 or not (filters.date_from or filters.date_to or filters.month_day):
        return None
    grams = list(dict.fromkeys(words[i : i + 2] for i in range(len(words) - 1)))
    lists = reader.snapshot().lists.read(reader.conn(), grams)
    ids = lists.get(grams[0], np.empty(0, np.int64))
    for gram in grams[1:]:
        ids = np.intersect1d(ids, lists.get(gram, ids[:0]), assume_unique=True)
    says = np.zeros(len(dated), bool)
    says[ids[ids < len(says)]] = True
    saying = says & ~dated
    if any(names):  # the speakers and outlets still apply (with none, every passage holding the words is one)
        saying &= reader.columns().mask(*names, replace(filters, date_from="", date_to="", month_day=""))
    return saying


def _shortlisted(reader: IndexReader, q: ParsedQuery) -> list[int]:
    """The candidates of `q` worth scoring. They are ranked on every bigram, function characters
    included: 也建议 is evidence among the many passages that say 建议你向中方主管部门询问."""
    ids = candidates(reader, query_terms(reader, q, skip=frozenset()), q.filters)
    return shortlist(q, ids, reader.norms(ids[SETTINGS.by_rank :] if q.content else []))


def shortlist(q: ParsedQuery, ids: list[int], norms: dict[int, str]) -> list[int]:
    """The candidates worth scoring in full: the best by shared idf, and of the rest (`norms`: their search
    forms) those in which the query aligns best (rapidfuzz partial_ratio, one C call over all of them)."""
    head, rest = ids[: SETTINGS.by_rank], [i for i in ids[SETTINGS.by_rank :] if i in norms]
    if not rest or not q.content:
        return head
    fuzzy = process.extract(q.content, [norms[i] for i in rest], scorer=fuzz.partial_ratio, limit=SETTINGS.by_fuzz)
    return head + [rest[index] for _, _, index in fuzzy]


def _cue_agreement(q: ParsedQuery, row: PassageRow, voices: dict[int, frozenset[str]] | None = None) -> float:
    """+ for each soft cue the passage agrees with, − for each it contradicts (store.speakercue)."""
    return speakercue.agreement(row, q.cue_speakers, q.cue_years[0], voices or {}, q.asks)


@dataclass
class Features:
    coverage: float  # idf share of the query's known bigrams found in the passage
    doc_coverage: float  # … found in the passage's document (title and matching passages)
    unknown: float  # idf share of the query's bigrams found nowhere in the corpus
    align: float  # rapidfuzz alignment of the query inside the passage, 0..1
    chars: float  # share of the query's distinct content characters found in the passage
    cue: float  # agreement with speaker/year cues
    in_order: float  # a remembered quote's share held as written where it aligns (store.fragment)
    title: float = 0.0  # share of the document title's bigrams that the question holds (store.titlematch)


def features(
    q: ParsedQuery,
    terms: list[Term],
    rows: list[PassageRow],
    voices: dict[int, frozenset[str]] | None = None,
    lists: dict[str, np.ndarray] | None = None,
    floor: float = 0.0,
) -> list[tuple[PassageRow, Features, tuple[int, int]]]:
    """Evidence that each candidate passage answers the query, and the window of the passage the query
    aligns with (`voices`: who speaks in each candidate's document, for the speaker cue; `lists`: the
    terms' postings, if read, to tell which terms a passage holds without searching its text,
    store.holding). A passage whose confidence cannot reach `floor` however well the query could align in
    it (the bounds of the alignment and of the share as written that the query's characters it holds give)
    is not aligned (alignment 0, as written 0: its confidence stays below `floor`)."""
    content = q.content
    known = [t for t in terms if t.df > 0]
    total = sum(t.idf for t in terms)
    unknown = sum(t.idf for t in terms if t.df == 0) / total if total else 1.0
    grams, weights = [t.gram for t in known], [t.idf for t in known]
    known_total = sum(weights)

    def coverage(held: list[bool]) -> float:  # the idf share of the known terms held
        return sum(compress(weights, held)) / known_total if known_total else 0.0

    held = holding.held(grams, [r.id for r in rows], [r.norm for r in rows], lists or {})
    first: dict[int, int] = {}  # each document's first candidate passage
    for i, row in enumerate(rows):
        first.setdefault(row.document_id, i)
    slot = {d: k for k, d in enumerate(first)}
    in_doc = np.array([[g in rows[i].title_norm for g in grams] for i in first.values()], bool).reshape(len(first), len(grams))
    np.logical_or.at(in_doc, [slot[r.document_id] for r in rows], held)  # held by the title or a candidate passage
    doc_coverage = {d: coverage(h) for d, h in zip(first, in_doc.tolist())}
    chars = set(content) - STOP_CHARS
    asked = titlematch.question_bigrams(q)
    titles = {d: titlematch.title_share(asked, rows[i].title_norm) for d, i in first.items()}
    out, written = [], []
    for row, row_held in zip(rows, held.tolist()):
        in_text = align.held(content, row.norm)
        f = Features(
            coverage(row_held), doc_coverage[row.document_id], unknown, align.locate_bound(content, row.norm, in_text),
            sum(map(row.norm.__contains__, chars)) / len(chars) if chars else 0.0, _cue_agreement(q, row, voices),
            written_bound(content, in_text), titles[row.document_id],
        )
        s = e = 0
        if confidence(f, q.fragment) < floor:  # not even aligned as well as it could be
            f.align = f.in_order = 0.0
        else:
            f.align, s, e = align.locate(content, row.norm) if content else (0.0, 0, 0)
            if not q.fragment:
                f.in_order = f.align
            elif confidence(f, True) >= floor:  # (as written at most its bound) the aligned passage could reach `floor`
                written.append(len(out))
            else:
                f.in_order = 0.0
        out.append((row, f, (s, e)))
    for i, share in zip(written, as_written_many(content, [(out[i][0].norm, *out[i][2]) for i in written])):
        out[i][1].in_order = share  # a remembered quote: how much of it the passage holds as written
    return out


def matched_span(q: ParsedQuery, row: PassageRow, window: tuple[int, int]) -> tuple[int, int]:
    """The part of the passage's search form the query matched: the whole query where the passage holds it,
    else the aligned window widened to the runs they share (store.highlight)."""
    whole = row.norm.find(q.norm) if q.norm != q.content else -1
    return (whole, whole + len(q.norm)) if whole >= 0 else exact_span(q.content, row.norm, *window)


def confidence(f: Features, fragment: bool = False) -> float:
    """Confidence that the passage is the answer: the evidence, discounted by the share of the
    question that the corpus has never seen (calibrated on held-out real questions; see README).
    A remembered quote (`fragment`) must also be found nearly as written: few edits for its length (a
    typo or a word left out is fine; look-alike wording with words changed is not the quote)."""
    evidence = 0.4 * f.coverage + 0.2 * f.doc_coverage + 0.2 * f.align + 0.2 * f.chars
    score = evidence * (1 - f.unknown) + f.cue
    if fragment:
        score = min(score, ceiling(f.in_order))
    else:
        score += titlematch.SETTINGS.weight * f.title
    return min(max(score, 0.0), 1.0)


def _score(
    q: ParsedQuery, terms: list[Term], rows: list[PassageRow], voices: dict[int, frozenset[str]], lists: dict[str, np.ndarray] | None = None
) -> list[Scored]:
    scored = []
    for row, f, window in features(q, terms, rows, voices, lists, THRESHOLD):
        score = confidence(f, q.fragment)  # below the threshold a passage is never shown: its span is not needed
        scored.append(Scored(row, score, matched_span(q, row, window) if score >= THRESHOLD else window))
    scored.sort(key=lambda s: (-s.score, len(s.row.norm)))
    return scored


def _named_parts(reader: IndexReader, q: ParsedQuery, dated: bool) -> list[tuple[ParsedQuery, list[Term]]]:
    """The query's forms (dated documents' first when `dated`) with its speaker cues read as text, for
    passages that name them rather than quote them; [] unless the names weigh enough of the question to
    be what it asks about (`王处直的字是什么`, not `耿爽 斗则俱伤 双方合则两利`)."""
    named = q.with_names()
    if named is q:
        return []
    parts = [(form, query_terms(reader, form)) for form in ([named.without_dates(), named] if dated else [named])]
    keys = [speakercue.name_key(s) for s in q.cue_speakers]
    terms = parts[0][1]
    total = sum(t.idf for t in terms)
    in_names = sum(t.idf for t in terms if any(t.gram in key for key in keys))
    return parts if total and in_names / total >= speakercue.SETTINGS.name_share else []


def _score_parts(
    parts: list[tuple[ParsedQuery, list[Term]]], rows: list[PassageRow], voices: dict[int, frozenset[str]], lists: dict[str, np.ndarray]
) -> list[Scored]:
    """`rows` scored by the query's one form, or with two (dated documents first), by its dated form
    when they have a date, by the other when not."""
    scored = []
    for i, (part_q, part_terms) in enumerate(parts):
        part = [r for r in rows if bool(ranking.date_of(r)) != bool(i)] if len(parts) > 1 else rows
        scored += _score(part_q, part_terms, part, voices, lists)
    return scored


def _best_per_passage(scored: list[Scored]) -> list[Scored]:
    """Each passage once, with its best score."""
    best: dict[int, Scored] = {}
    for s in scored:
        if s.row.id not in best or s.score > best[s.row.id].score:
            best[s.row.id] = s
    return list(best.values())


def text_span(row: PassageRow, norm_span: tuple[int, int]) -> tuple[int, int]:
    """A span of the passage's search form as a span of its text."""
    from store.textnorm import normalize_with_map

    norm, index = normalize_with_map(row.text)
    s, e = norm_span
    if not index or e <= s:
        return (0, 0)
    s, e = min(s, len(index) - 1), min(e, len(index))
    return (index[s], index[e - 1] + 1)


def _same_quote(a: Scored, b: Scored) -> bool:
    """Two passages carry the same quote: their matched parts (or whole texts) are near-identical."""
    if a.row.document_id == b.row.document_id:
        return False
    wa, wb = a.row.norm[a.span[0] : a.span[1]], b.row.norm[b.span[0] : b.span[1]]
    if len(wa) >= 8 and len(wb) >= 8 and fuzz.ratio(wa, wb) >= 90:
        return True
    return fuzz.ratio(a.row.norm, b.row.norm) >= 85


def make_hit(reader: IndexReader, s: Scored, also: list[Scored], mode: str = "match") -> Hit:
    """The card of a scored passage, dated by the day its speaker's cue gives (store.saidday), else by its
    document."""
    r = s.row
    date, dated_by = dated(reader, r)
    return Hit(
        r.id, r.document_id, r.text, r.speaker, date, r.published, r.outlet, r.title, r.url, r.path,
        round(s.score, 3), text_span(r, s.span),
        [Source(o.row.id, o.row.outlet, o.row.date, o.row.title, o.row.url, o.row.speaker) for o in also],
        r.attribution, mode, s.asked.text if s.asked else "", dated_by,
    )


def search(
    index: IndexReader | Path | str,
    question: str,
    limit: int = 5,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> list[Hit]:
    """The best passages for `question` (at most `limit`), most confident first (newest first when the
    question asks for it); [] when none is trusted or the question is small talk. Relative dates
    (`去年`) are read against `today`."""
    reader = index if isinstance(index, IndexReader) else IndexReader(index)
    if is_chitchat(question):
        return []
    with reader.pinned():  # one index generation throughout
        return _search(reader, question, limit, filters, today)


def _search(reader: IndexReader, question: str, limit: int, filters: Filters | None, today: dt.date | None) -> list[Hit]:
    q = parse_query(reader, question, filters, today)
    dated_q = q.without_dates()
    if not dated_q.content:
        return _latest(reader, q, limit) if dated_q.listing else []
    terms = query_terms(reader, q)
    if not terms:
        return []
    ids = _shortlisted(reader, q)
    parts = [(q, terms)]
    if dated_q is not q:  # dated documents are matched without the date words: there they are a filter
        dated_terms = query_terms(reader, dated_q)
        ids = list(dict.fromkeys(_shortlisted(reader, dated_q) + ids))
        parts = [(dated_q, dated_terms), (q, terms)]
    named_parts = _named_parts(reader, q, len(parts) > 1)
    if named_parts:
        ids = list(dict.fromkeys(ids + _shortlisted(reader, named_parts[0][0])))
    rows = list(reader.rows(ids).values())
    unattributed = [r.document_id for r in rows if not r.speaker]
    voices = speakercue.document_voices(reader, unattributed) if q.cue_speakers else {}
    lists = reader.snapshot().lists.cached([t.gram for _, ts in parts + named_parts for t in ts])  # read by the ranking
    scored = _score_parts(parts, rows, voices, lists)
    if named_parts:
        naming = [r for r in rows if speakercue.names(r, q.cue_speakers)]
        scored = _best_per_passage(scored + _score_parts(named_parts, naming, voices, lists))
    mode = "contains" if len(q.norm) <= 2 and not (q.cue_speakers or q.filters) else "match"
    scored = sorted(scored, key=lambda s: (-s.score, len(s.row.norm)))
    trusted = [s for s in scored if s.score >= THRESHOLD][:GROUPING]
    scored = ranking.answers_first(reader, trusted, dated_q.content, mode == "match", q.filters.admits)
    quoted = normalize(sanitize(question))  # a passage holding the whole question, names and all, is quoting them
    scored = [replace(s, score=ranking.adjusted(s.score, s.row, _contradicted(q, s.row, quoted, voices))) for s in scored]
    scored = sorted((s for s in scored if s.score >= THRESHOLD), key=lambda s: (-s.score, len(s.row.norm)))
    if q.newest or q.filters.month_day:  # `2月3日`: the latest such day first
        scored = ranking.newest_first(scored)
    hits: list[Hit] = []
    used: set[int] = set()
    for i, s in enumerate(scored):
        if s.row.id in used:
            continue
        group = [o for o in scored[i + 1 :] if o.row.id not in used and _same_quote(s, o)]
        used.update(o.row.id for o in group)
        hits.append(make_hit(reader, s, group, mode))
        if len(hits) >= limit:
            break
    return hits


def _contradicted(q: ParsedQuery, row: PassageRow, quoted: str, voices: dict[int, frozenset[str]]) -> list[str]:
    """The question's named speakers when the passage contradicts them, else []: a passage holding the
    whole question, names and all, is quoting them; one silent about its speaker does not contradict."""
    if not q.cue_speakers or quoted in row.norm:
        return []
    return q.cue_speakers if speakercue.stance(row, q.cue_speakers, voices, q.asks) == speakercue.OTHER else []


def parse_query(reader: IndexReader, question: str, filters: Filters | None = None, today: dt.date | None = None) -> ParsedQuery:
    """The question parsed against the index's known speakers and outlets, with extra `filters`."""
    snap = reader.snapshot()
    q = parse(question, snap.speakers, today, snap.outlets)
    if filters:
        q.filters = replace(
            q.filters, speakers=q.filters.speakers + filters.speakers,
            date_from=filters.date_from or q.filters.date_from, date_to=filters.date_to or q.filters.date_to,
            outlets=q.filters.outlets + filters.outlets,
            date_text="" if filters.date_from or filters.date_to else q.filters.date_text,  # given dates are no text
        )
    return q


def _latest(reader: IndexReader, q: ParsedQuery, limit: int) -> list[Hit]:
    """Passages meeting the question's filters (its speaker cue as a filter), newest first."""
    filters = replace(q.filters, speakers=q.filters.speakers + q.cue_speakers)
    where, args = _filter_sql(reader, filters)
    cols = reader.columns()
    among, documents = cols.newest_first(cols.mask(*_filter_names(reader, filters), filters))
    ids = newest_ids(reader, where, args, limit, ranking.SETTINGS.listing_min_chars, among, documents)
    rows = reader.rows(ids)
    return [make_hit(reader, Scored(rows[i], ranking.adjusted(1.0, rows[i], []), (0, 0)), [], "latest") for i in ids if i in rows]

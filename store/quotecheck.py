"""Did X really say this? A claimed quote against the corpus: verbatim, reworded, contradicted or not found.

"Verbatim" compares the search forms: the same words, whatever the script (simplified/traditional),
width, case or punctuation. The corpus text shown is always the original. The claim's attribution
(`毛宁说：`) is parsed off (store.claims) and checked against the passage's record (store.speakercheck);
edits that reverse or change what was said make the quote "contradicted" (store.contradiction); a
claim whose sentences come from different places is split into its parts.

Work is bounded whatever the input: the claim is cut at `CheckSettings.max_chars`, each part reads a
bounded candidate set (store.retrieval.candidates) and aligns at most `align_top` passages.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from store.align import fit, locate
from store.claims import parse_claim
from store.datecheck import DateCheck, check_date, claimed_date
from store.pieces import ELLIPSIS, claim_pieces
from store.contradiction import SMALL_REPLACE, Edit, classify, reach, reverses
from store.query import Filters, ParsedQuery
from store.reader import IndexReader, PassageRow
from store.saidday import dated as dated_on
from store.retrieval import Hit, Scored, Source, candidates, make_hit, query_terms, text_span
from store.speakercheck import SpeakerCheck, check_speaker
from store.textnorm import normalize, normalize_with_map


@dataclass(frozen=True)
class CheckSettings:
    """The quote check's tunables; the bot and the CLI both use `SETTINGS`."""

    max_chars: int = 1000  # a longer claim is checked up to here, and the user told where it was cut
    min_chars: int = 4  # search-form characters below which a claim is too short to check
    reworded_min: float = 0.7  # similarity from which a claim counts as a rewording of a passage
    part_min: float = 0.8  # similarity from which a part of a claim counts as found
    align_top: int = 12  # candidates aligned precisely, per part
    whole_max: int = 300  # search-form characters up to which a claim is also aligned as a whole
    part_max: int = 200  # a longer part is cut into pieces of this length
    part_min_chars: int = 6  # shorter parts are joined to their neighbour
    max_parts: int = 8
    tie: float = 0.02  # other documents this close to the best are "also reported by"
    pick_tie: float = 0.005  # passages this close to the best are equally good: the claimed speaker's wins
    rewritten_share: float = 0.15  # words rewritten over more of the claim than this: not a rewording of it


SETTINGS = CheckSettings()
VERBATIM = 0.999
SHOWN_AROUND = 2  # characters shown either side of a negation or figure added or dropped
GAP = 2  # characters a quote running over two passages may skip at the end of one and the start of the next
NEIGHBOURS = 3  # each part is also aligned with the other parts' best passages, this many each


@dataclass
class Difference:
    """One edit between the claim and the corpus text, both as written."""

    kind: str  # "negation", "number", "replace", "insert" (the corpus has more) or "delete" (the claim has more)
    claimed: str
    corpus: str
    contradicts: bool = False  # the edit changes what was said: a negation, a figure, a name


@dataclass
class Part:
    """One part of a claim that joins words from different places."""

    text: str
    verdict: str
    similarity: float
    hit: Hit | None
    matched: str
    differences: list[Difference] = field(default_factory=list)
    speaker_check: SpeakerCheck | None = None


@dataclass
class QuoteCheck:
    verdict: str  # "verbatim", "reworded", "contradicted", "not_found" or "too_short"
    claim: str  # the claim as checked (at most `max_chars` characters)
    similarity: float = 0.0
    hit: Hit | None = None  # the closest passage
    matched: str = ""  # the part of the passage that corresponds to the claim, as written
    differences: list[Difference] = field(default_factory=list)  # contradicting ones first
    also_reported_by: list[Source] = field(default_factory=list)
    words: str = ""  # the quoted words, without the claim's attribution
    claimed_speaker: str = ""
    speaker_check: SpeakerCheck | None = None  # when the claim names a speaker
    date_check: DateCheck | None = None  # when the claim's attribution gives a date and the words are found
    parts: list[Part] = field(default_factory=list)  # when the claim joins words from different places
    cut: int = 0  # characters past `max_chars` that were not checked

    @property
    def flag(self) -> str:
        """What a journalist must know first: "contradicted", "spliced", the speaker check's reason when
        it disagrees ("someone_else", "question", "relayed"), "date" when the claimed date is not the
        corpus's, the speaker check's reason when it cannot tell ("role", "unnamed", "not_stated"), or ""."""
        if self.verdict == "contradicted":
            return "contradicted"
        if self.parts:
            return "spliced"
        check = self.speaker_check if self.verdict != "not_found" else None
        if check is not None and check.agrees is False:
            return check.reason
        if self.date_check is not None and self.date_check.agrees is False:
            return "date"
        return check.reason if check is not None and check.agrees is None else ""


@dataclass
class _Match:
    row: PassageRow
    similarity: float
    span: tuple[int, int]  # in `row.norm`


def _align(norm: str, row: PassageRow) -> _Match:
    """The claim's similarity to the passage and the window of the passage it corresponds to."""
    i = row.norm.find(norm)
    if i >= 0:
        return _Match(row, 1.0, (i, i + len(norm)))
    score, s, e = locate(norm, row.norm)  # (a passage inside a longer claim scores 1 here: `fit` rescores it)
    if e > s:
        score, s, e = fit(norm, row.norm, s, e)
    return _Match(row, score, (s, e))


def _matches(reader: IndexReader, norm: str, speaker: str, settings: CheckSettings) -> list[_Match]:
    """The passages closest to `norm`, best first (among the claimed speaker's too, when one is named)."""
    terms = query_terms(reader, ParsedQuery(norm, norm, [False] * len(norm), Filters()))
    if not terms:
        return []
    theirs = set(candidates(reader, terms, Filters(speakers=[speaker]))) if speaker else set()
    ids = list(dict.fromkeys(candidates(reader, terms, Filters()) + sorted(theirs)))
    rows = list(reader.rows(ids).values())
    rows.sort(key=lambda row: (fuzz.partial_ratio(norm, row.norm), row.id in theirs), reverse=True)
    out = [_align(norm, row) for row in rows[: settings.align_top]]
    out.sort(key=lambda m: (m.similarity, -len(m.row.norm)), reverse=True)
    return out


def _pick(reader: IndexReader, matches: list[_Match], speaker: str, settings: CheckSettings, when: str = "") -> _Match | None:
    """The best match; among equally good ones, the claimed speaker's, then one of the claimed date (the
    day its words were said, store.saidday, else its document's), then one that is not a question."""
    if not matches:
        return None
    ties = [m for m in matches if m.similarity >= matches[0].similarity - settings.pick_tie]

    def rank(m: _Match) -> tuple[bool, bool, bool]:
        agrees = bool(speaker) and check_speaker(speaker, m.row.attribution).agrees is True
        dated = bool(when) and check_date(when, dated_on(reader, m.row)[0]).agrees is True
        return agrees, dated, m.row.kind != "question"

    return max(ties, key=rank)


def _runs(a: str, b: str) -> list[Edit]:
    """Levenshtein edits from `a` to `b`, adjacent ones joined into one run."""
    runs: list[Edit] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        a0, b0, a1, b1 = op.src_start, op.dest_start, op.src_end, op.dest_end
        if runs and (runs[-1].a1, runs[-1].b1) == (a0, b0):
            last = runs.pop()
            a0, b0 = last.a0, last.b0
        runs.append(Edit("replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert", a0, a1, b0, b1))
    return runs


def _differences(claim: str, corpus: str) -> list[Difference]:
    """Edits from the claim to the corpus text (on search forms), shown as written, contradicting ones first."""
    a, amap = normalize_with_map(claim)
    b, bmap = normalize_with_map(corpus)

    def cut(text: str, index: list[int], s: int, e: int) -> str:
        return text[index[s] : index[e - 1] + 1] if e > s else ""

    edits, covered = [], -1
    for e in [classify(a, b, run) for run in _runs(a, b)]:
        if e.b1 <= covered and e.b1 > e.b0:
            continue  # inside a wider edit already listed
        edits.append(e)
        covered = max(covered, e.b1)
    diffs = []
    for e in edits:
        if e.contradicts and (e.a0 == e.a1 or e.b0 == e.b1):  # shown with the words around it: «是谁» → «不是谁»
            k = min(SHOWN_AROUND, e.a0, e.b0)
            m = min(SHOWN_AROUND, len(a) - e.a1, len(b) - e.b1)
            e = Edit(e.kind, e.a0 - k, e.a1 + m, e.b0 - k, e.b1 + m, True)
        diffs.append(Difference(e.kind, cut(claim, amap, e.a0, e.a1), cut(corpus, bmap, e.b0, e.b1), e.contradicts))
    order = {"negation": 0, "number": 1}
    return sorted(diffs, key=lambda d: (not d.contradicts, order.get(d.kind, 2)))


@dataclass
class _Judged:
    verdict: str
    match: _Match | None
    matched: str = ""
    differences: list[Difference] = field(default_factory=list)


def _judge(words: str, norm: str, match: _Match | None, settings: CheckSettings) -> _Judged:
    """The verdict on `words` against their closest passage."""
    if match is None or match.similarity < settings.reworded_min:
        return _Judged("not_found", match, _matched_text(match))
    span = reach(norm, match.row.norm, *match.span)
    if match.similarity >= VERBATIM and span == match.span:
        return _Judged("verbatim", match, _matched_text(match))
    match = _Match(match.row, match.similarity, span)
    matched = _matched_text(match)
    diffs = _differences(words, matched)
    if any(d.contradicts for d in diffs):
        return _Judged("contradicted", match, matched, diffs)
    if _rewritten(norm, match, settings):
        return _Judged("not_found", match, matched)
    return _Judged("reworded", match, matched, diffs)


def _rewritten(norm: str, match: _Match, settings: CheckSettings) -> bool:
    """Part of the claim says something else than the passage: the words put for others are more than a
    few and more than `rewritten_share` of the claim."""
    window = match.row.norm[match.span[0] : match.span[1]]
    replaced = sum(e.a1 - e.a0 for e in _runs(norm, window) if e.kind == "replace")
    return replaced > SMALL_REPLACE and replaced > settings.rewritten_share * len(norm)


def _matched_text(match: _Match | None) -> str:
    if match is None:
        return ""
    s, e = text_span(match.row, match.span)
    return match.row.text[s:e]


def _hit(reader: IndexReader, match: _Match, others: list[_Match], settings: CheckSettings) -> Hit:
    """The match as a hit, with the other documents that carry the same words equally well."""
    same = [
        Scored(o.row, o.similarity, o.span)
        for o in others
        if o.row.document_id != match.row.document_id
        and o.similarity >= max(match.similarity - settings.tie, settings.reworded_min)
    ]
    return make_hit(reader, Scored(match.row, match.similarity, match.span), same)


def _contiguous(a: _Match, b: _Match, elided: bool = False) -> bool:
    """`b` continues `a`: the same passage, or the next one from where `a` ends (anywhere in it when the
    claim marks words left out), in the same turn (a question and its answer are two)."""
    same_turn = (a.row.speaker, a.row.kind) == (b.row.speaker, b.row.kind)
    if a.row.document_id != b.row.document_id or not same_turn:
        return False
    if b.row.ord == a.row.ord:
        return True
    edges = elided or (a.span[1] >= len(a.row.norm) - GAP and b.span[0] <= GAP)
    return b.row.ord == a.row.ord + 1 and edges


def _chain(found: list[list[_Match]], elided: bool) -> list[_Match]:
    """One match per found part, staying in one place (a passage and the next) as long as possible."""
    best: list[_Match] = []
    for first in found[0]:
        chain = [first]
        for options in found[1:]:
            chain.append(next((m for m in options if _contiguous(chain[-1], m, elided)), options[0]))
        if not best or _breaks(chain, elided) < _breaks(best, elided):
            best = chain
    return best


def _breaks(chain: list[_Match], elided: bool) -> int:
    return sum(not _contiguous(a, b, elided) for a, b in zip(chain, chain[1:]))


def _closest(chain: list[_Match], norms: list[str]) -> list[_Match]:
    """Each part found verbatim where it stands nearest before the next part in the same passage."""
    out = list(chain)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        j = a.row.norm.rfind(norms[i], 0, b.span[0]) if a.row.id == b.row.id and a.similarity == 1.0 else -1
        if j > a.span[0]:
            out[i] = _Match(a.row, 1.0, (j, j + len(norms[i])))
    return out


def _left_out(parts: list[Part]) -> list[Difference]:
    """What the corpus says between consecutive parts of one passage (words the claim marks as left out);
    a negation left out contradicts."""
    out = []
    for p, q in zip(parts, parts[1:]):
        if p.hit and q.hit and p.hit.passage_id == q.hit.passage_id and q.hit.span[0] > p.hit.span[1]:
            gap = p.hit.quote[p.hit.span[1] : q.hit.span[0]]
            out.append(Difference("negation", "", gap, True) if reverses(normalize(gap)) else Difference("insert", "", gap))
    return out


def _summary_check(checks: list[SpeakerCheck | None]) -> SpeakerCheck | None:
    """The speaker check of a claim made of parts: the first disagreement, else the first doubt."""
    present = [c for c in checks if c is not None]
    for wanted in (False, None):
        for c in present:
            if c.agrees is wanted:
                return c
    return present[0] if present else None


def check_quote(index: IndexReader | Path | str, claim: str, settings: CheckSettings = SETTINGS) -> QuoteCheck:
    """Look a claimed quote up in the corpus: its verdict, closest passage, differences, speaker and parts."""
    reader = index if isinstance(index, IndexReader) else IndexReader(index)
    parsed = parse_claim(claim, settings.max_chars, reader.snapshot().speakers)
    norm = normalize(parsed.words)
    base = dict(words=parsed.words, claimed_speaker=parsed.speaker, cut=parsed.cut)
    if len(norm) < settings.min_chars:
        return QuoteCheck("too_short", parsed.text, **base)
    speaker = parsed.speaker
    matches = _matches(reader, norm, speaker, settings) if len(norm) <= settings.whole_max else []
    when = claimed_date(parsed.attribution)
    whole = _pick(reader, matches, speaker, settings, when)
    judged = _judge(parsed.words, norm, whole, settings)
    if parsed.attribution and judged.verdict in ("verbatim", "reworded"):
        judged = _with_attribution(parsed.text, judged, settings)
    elided = bool(ELLIPSIS.search(parsed.words))  # an alignment over words left out is no evidence of a change
    one_passage = judged.verdict == "contradicted" and whole.similarity >= settings.part_min and not elided
    if judged.verdict != "verbatim" and not one_passage:  # perhaps words from several places, or over several passages
        window = whole.row.norm[whole.span[0] : whole.span[1]] if whole else ""
        pieces = claim_pieces(parsed.words, norm, window, settings.part_min_chars, settings.part_max, settings.max_parts)
        joined = _joined(reader, parsed.text, pieces, speaker, settings, elided) if len(pieces) >= 2 else None
        # taken when the whole is not found or elided, or when the parts, each from its place, read better
        judged_similarity = whole.similarity if whole else 0.0
        better = joined is not None and bool(joined.parts) and min(p.similarity for p in joined.parts) > judged_similarity
        if joined is not None and (elided or judged.verdict == "not_found" or better):
            dated = check_date(when, joined.hit.date) if when and not joined.parts else None
            return replace(joined, date_check=dated, **base)
    if whole is None:
        return QuoteCheck("not_found", parsed.text, **base, speaker_check=check_speaker(speaker, None) if speaker else None)
    hit = _hit(reader, judged.match, matches, settings)
    found = judged.verdict != "not_found"
    check = check_speaker(speaker, whole.row.attribution if found else None) if speaker else None
    return QuoteCheck(
        judged.verdict, parsed.text, round(whole.similarity, 3), hit, judged.matched, judged.differences,
        hit.also_reported_by if found else [], speaker_check=check,
        date_check=check_date(when, hit.date) if when and found else None, **base,
    )


def _with_attribution(text: str, judged: _Judged, settings: CheckSettings) -> _Judged:
    """The claim with its attribution against the passage, when the passage carries that attribution too
    (`新华社…7月10日电…张军10日表示，…`): a figure or negation changed there contradicts the passage."""
    match = judged.match
    whole = _align(normalize(text), match.row)
    if whole.span[0] >= match.span[0] or whole.similarity < settings.part_min:
        return judged  # the passage does not have the attribution before the words
    full = _judge(text, normalize(text), whole, settings)
    return full if full.verdict == "contradicted" else judged


def _joined(
    reader: IndexReader, text: str, pieces: list[str], speaker: str, settings: CheckSettings, elided: bool
) -> QuoteCheck | None:
    """The claim judged part by part when its parts come from different places, span passages, or are
    the words around the claim's ellipses (`elided`); None when it is better judged as a whole."""
    norms = [normalize(piece) for piece in pieces]
    searched = [_matches(reader, norm, "", settings) for norm in norms]  # one candidate read per part
    # a part in common words may hold in many passages, beyond its candidates: try it in the others' too
    shared = {m.row.id: m.row for ms in searched for m in ms[:NEIGHBOURS]}
    looked = []
    for piece, norm, ms in zip(pieces, norms, searched):
        seen = {m.row.id for m in ms}
        ms = sorted(ms + [_align(norm, row) for i, row in shared.items() if i not in seen], key=lambda m: -m.similarity)
        looked.append((piece, norm, ms, [m for m in ms if m.similarity >= settings.part_min]))
    found = [good for _, _, _, good in looked if good]
    if not found:
        return None
    chain = _closest(_chain(found, elided), [norm for _, norm, _, good in looked if good])
    spliced = _breaks(chain, elided) > 0
    spans_passages = len({m.row.id for m in chain}) > 1 and len(found) == len(looked)
    if not spliced and not spans_passages and not (elided and len(found) == len(looked)):
        return None
    parts, chosen = [], iter(chain)
    for piece, norm, ms, good in looked:
        match = next(chosen) if good else _pick(reader, ms, speaker, settings)
        judged = _judge(piece, norm, match, settings)
        hit = _hit(reader, judged.match, ms, settings) if judged.match else None
        found_part = judged.verdict != "not_found"
        check = check_speaker(speaker, match.row.attribution if match and found_part else None) if speaker else None
        similarity = round(match.similarity, 3) if match else 0.0
        parts.append(Part(piece, judged.verdict, similarity, hit, judged.matched, judged.differences, check))
    gaps = [] if spliced else _left_out(parts)
    verdicts = {p.verdict for p in parts} | {"contradicted" for d in gaps if d.contradicts}
    if "contradicted" in verdicts:
        verdict = "contradicted"
    elif spliced:
        verdict = "not_found"
    else:  # words left out, even where the claim marks them, are a rewording
        verdict = "verbatim" if verdicts == {"verbatim"} and not elided else "reworded"
    first = next(p for p in parts if p.hit is not None)
    kept = [d for p in parts for d in p.differences if d.contradicts or not spliced]
    said = sum(len(norm) for norm in norms)
    similarity = min(p.similarity for p in parts) * said / (said + sum(len(normalize(d.corpus)) for d in gaps))
    return QuoteCheck(
        verdict, text, round(similarity, 3), first.hit,
        first.matched if spliced else ("……" if elided else "").join(p.matched for p in parts),
        sorted(kept + gaps, key=lambda d: not d.contradicts),
        first.hit.also_reported_by if not spliced else [],
        speaker_check=_summary_check([p.speaker_check for p in parts]), parts=parts if spliced else [],
    )

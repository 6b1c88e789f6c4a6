"""The final ranking and decision over scored passages: answers before questions, attribution strength,
newest first, and what a confidence means (calibrated levels).

- A journalist's question is never the top answer when the spokesperson's answer to it is there: the
  question gives its place to the answer that follows it in the transcript (the card then shows the
  question it answers), or, with no answer after it, falls back behind what else matched.
- Confidence is discounted by the attribution's strength: a card whose speaker rests on weak evidence
  is less likely to be right as a whole.
- `level(score)` is "high", "medium" or "low", with thresholds measured on a labelled set (bench.calibrate;
  README "Confidence"): high ≥ 95% right, medium ≥ 80% right.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from store.align import locate
from store.reader import IndexReader, PassageRow
from store.textnorm import normalize

if TYPE_CHECKING:
    from store.retrieval import Scored


@dataclass(frozen=True)
class RankingSettings:
    """The tunable numbers of the final ranking and decision, in one place."""

    high: float = 0.70  # confidence from which ≥ 95% of top answers were right (bench.calibrate)
    medium: float = 0.45  # … ≥ 80% right
    strength_factor: dict[str, float] = field(
        default_factory=lambda: {"strong": 1.0, "medium": 1.0, "weak": 0.9, "none": 1.0}
    )
    other_speaker: float = 0.7  # the question names a speaker this passage is not attributed to
    unanswered_question: float = 0.8  # a question with no answer after it, relative to its match
    answer_lookahead: int = 3  # passages after a question searched for its answer
    answer_span_min: float = 0.6  # alignment from which the query is highlighted in the answer
    listing_min_chars: int = 15  # shorter passages (a salutation) are left out of a latest-statements listing


SETTINGS = RankingSettings()


def level(score: float, settings: RankingSettings = SETTINGS) -> str:
    """"high", "medium" or "low": what the confidence measured on the labelled set means."""
    return "high" if score >= settings.high else "medium" if score >= settings.medium else "low"


def adjusted(score: float, row: PassageRow, cue_speakers: list[str], settings: RankingSettings = SETTINGS) -> float:
    """The match's confidence for the whole card: discounted by weak attribution evidence, and when
    the question names a speaker the passage is not attributed to."""
    score *= settings.strength_factor.get(row.attribution.strength, 1.0)
    if cue_speakers and not _agrees(row.speaker, cue_speakers):
        score *= settings.other_speaker
    return score


def _agrees(speaker: str, wanted: list[str]) -> bool:
    key = normalize(speaker)
    return bool(key) and any(normalize(w) in key or key in normalize(w) for w in wanted)


def following_answer(reader: IndexReader, question: PassageRow, settings: RankingSettings = SETTINGS) -> PassageRow | None:
    """The first answer after a question in its transcript, before the next question; None if none."""
    for row in reader.context(question.id, before=0, after=settings.answer_lookahead)[1:]:
        if row.kind == "question":
            return None
        if row.kind == "answer":
            return row
    return None


def answers_first(
    reader: IndexReader, ranked: list[Scored], content: str, swap: bool = True,
    admits: Callable[[str], bool] = lambda norm: True, settings: RankingSettings = SETTINGS,
) -> list[Scored]:
    """`ranked` (best first) with every question replaced by the answer that follows it (scored at
    least as the question was), or moved behind when it has none, when the answer fails `admits` (the
    question's exact and excluded words) or when not `swap` (a listing of the passages holding a word);
    best first again."""
    by_id = {r.row.id: r for r in ranked}
    out: dict[int, Scored] = {}
    for r in ranked:
        if r.row.kind != "question":
            if r.row.id not in out:
                out[r.row.id] = r
            continue
        answer = following_answer(reader, r.row, settings) if swap else None
        if answer is None or not admits(answer.norm):
            out.setdefault(r.row.id, replace(r, score=r.score * settings.unanswered_question))
            continue
        own = out.get(answer.id) or by_id.get(answer.id)
        if own is not None:
            out[answer.id] = replace(own, score=max(own.score, r.score), asked=r.row)
            continue
        align, s, e = locate(content, answer.norm) if content else (0.0, 0, 0)
        out[answer.id] = replace(r, row=answer, span=(s, e) if align >= settings.answer_span_min else (0, 0), asked=r.row)
    return sorted(out.values(), key=lambda r: (-r.score, len(r.row.norm)))


def date_of(row: PassageRow) -> str:
    """The date a passage is dated by: its statement's date, else its publication's."""
    return row.date or row.published


def newest_first(ranked: list[Scored]) -> list[Scored]:
    """Newest first; the same day in confidence order, undated last."""
    ordered = sorted(ranked, key=lambda r: -r.score)
    return sorted(ordered, key=lambda r: date_of(r.row), reverse=True)

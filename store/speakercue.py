"""How a passage stands to the speakers a question names (`耿爽 合则两利`), and to its year.

A passage agrees when it is attributed to one of them, as speaker or as the spokesperson relaying the
words. It says nothing either way (silent) when it has no speaker of its own but its document gives
one of them the floor: a paragraph that goes on with what the speaker of the paragraph before said
(`商务部强调，…。` then `双方在…`) is not attributed, and is no evidence against the cue. So is a passage
that names them (in its text or its document's title): it is about them (`王处直（），字允明…`), and
the name is matched there as its text. Both hold for questions (words apart, question words); pasted
text keeps the plain rule. Only a passage of another speaker that does not name them, or an
unattributed one in a document where they never speak, contradicts a question.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from store.reader import IndexReader, PassageRow
from store.textnorm import normalize

AGREES, SILENT, OTHER = "agrees", "silent", "other"


@dataclass(frozen=True)
class CueSettings:
    """What agreeing with or contradicting a question's cues adds to a passage's confidence."""

    speaker_agrees: float = 0.1
    speaker_other: float = -0.15
    year_agrees: float = 0.05
    year_other: float = -0.1  # a dated passage of another year (undated: nothing)
    name_share: float = 0.25  # share of a question's idf in its names from which they are also matched as text


SETTINGS = CueSettings()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    return normalize(name)


@lru_cache(maxsize=4096)
def _matches(name: str, wanted: tuple[str, ...]) -> bool:
    """The name is one of the wanted ones (normalised), or holds one, or is held by one. (Cached: a search
    asks it of the same few speakers for every candidate.)"""
    key = name_key(name)
    return bool(key) and any(w in key or key in w for w in wanted)


def document_voices(reader: IndexReader, document_ids: list[int]) -> dict[int, frozenset[str]]:
    """The normalised names that speak or relay in each document (any passage of it), and the one its
    header names as the document's speaker."""
    ids = list(dict.fromkeys(document_ids))
    voices: dict[int, set[str]] = {d: set() for d in ids}
    conn = reader.conn()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = (
            "SELECT DISTINCT document_id, coalesce(speaker, ''), coalesce(relayed_by, '') FROM passages "
            f"WHERE document_id IN ({','.join('?' * len(chunk))})"
        )
        for doc, speaker, relayer in conn.execute(sql, chunk):
            voices[doc].update(name_key(n) for n in (speaker, relayer) if n)
        sql = f"SELECT id, coalesce(speaker, '') FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
        for doc, speaker in conn.execute(sql, chunk):
            if speaker:
                voices[doc].add(name_key(speaker))
    return {d: frozenset(v) for d, v in voices.items()}


def names(row: PassageRow, cue_speakers: list[str]) -> bool:
    """The passage, or its document's title, names one of the speakers: it is about them."""
    return any(len(key) >= 2 and (key in row.norm or key in row.title_norm) for key in map(name_key, cue_speakers))


def stance(row: PassageRow, cue_speakers: list[str], voices: dict[int, frozenset[str]], asked: bool = True) -> str:
    """AGREES, SILENT or OTHER: the passage's speaker against the query's named speakers. Only a question
    (`asked`) leaves room for silence; in pasted text (a headline, `米歇尔主席和冯德莱恩主席表示`) a
    name is where the text says it, and a passage not attributed to them is not that text."""
    wanted = tuple(name_key(s) for s in cue_speakers)
    if _matches(row.speaker, wanted) or _matches(row.relayed_by, wanted):
        return AGREES
    if asked and names(row, cue_speakers):
        return SILENT
    if asked and not row.speaker and any(_matches(v, wanted) for v in voices.get(row.document_id, ())):
        return SILENT
    return OTHER


def agreement(
    row: PassageRow, cue_speakers: list[str], cue_year: str, voices: dict[int, frozenset[str]],
    asked: bool = True, settings: CueSettings = SETTINGS,
) -> float:
    """+ for each cue the passage agrees with, − for each it contradicts, 0 where it says nothing."""
    bonus = 0.0
    if cue_speakers:
        side = stance(row, cue_speakers, voices, asked)
        bonus += settings.speaker_agrees if side == AGREES else settings.speaker_other if side == OTHER else 0.0
    if cue_year:
        date = row.date or row.published
        bonus += settings.year_agrees if date.startswith(cue_year) else (settings.year_other if date else 0.0)
    return bonus

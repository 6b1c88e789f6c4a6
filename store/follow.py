"""Follows: a stored question (speaker, words, outlet, dates) matched against newly indexed passages.

A follow is written like a question (store.query syntax): `毛宁` (a known speaker's bare name),
`仁爱礁` (words), `speaker:王毅 台湾`, `outlet:新华社 碳中和`. A speaker follow matches the passage's
attributed speaker only when the evidence is strong enough to show on a card (`Attribution.shown`),
never a passage that merely mentions the name; words must all occur in the passage (script-, width-
and case-blind, like search).
"""
from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TypeVar

from store.query import parse
from store.reader import IndexReader, PassageRow
from store.retrieval import Hit, Scored, make_hit
from store.textnorm import normalize

K = TypeVar("K", bound=Hashable)
BATCH = 1000


@dataclass(frozen=True)
class Follow:
    """What a follow asks for; every part given must hold."""

    text: str  # as the user wrote it
    speakers: tuple[str, ...] = ()  # any of these (normalised) is the passage's stated speaker
    words: tuple[str, ...] = ()  # all of these (normalised) occur in the passage
    outlets: tuple[str, ...] = ()  # any of these (normalised) is in the document's outlet
    date_from: str = ""
    date_to: str = ""

    def __bool__(self) -> bool:
        return bool(self.speakers or self.words or self.outlets or self.date_from or self.date_to)

    @property
    def canonical(self) -> str:
        """The follow in explicit syntax (`speaker:毛宁 仁爱礁`): it reads the same whatever the index
        later learns about names, so it is what is stored and shown."""
        parts = [f"speaker:{s}" for s in self.speakers] + list(self.words)  # normalised: no spaces to quote
        parts += [f"outlet:{o}" for o in self.outlets]
        parts += [f"{key}:{value.rstrip(chr(0xFFFF))}" for key, value in (("from", self.date_from), ("to", self.date_to)) if value]
        return " ".join(parts)


def parse_follow(text: str, known_speakers: dict[str, list[str]]) -> Follow:
    """Read a follow; `known_speakers` maps normalised names to the names as written (IndexReader.snapshot).

    Each space-separated part is read on its own: a filter (`speaker:`, `outlet:`, `from:`…), a known
    speaker's name (alone, or at the edge of a part: `王毅谈台湾`), or words (question filler dropped).
    """
    whole = parse(text, known_speakers)
    speakers = [normalize(s) for s in whole.filters.speakers]
    words: list[str] = []
    for part in text.split():
        parsed = parse(part, known_speakers)
        if parsed.filters:
            continue
        name = normalize(part)
        if name in known_speakers:
            speakers.append(name)
            continue
        speakers += [normalize(s) for s in parsed.cue_speakers]
        if parsed.content:
            words.append(parsed.content)
    return Follow(
        text.strip(),
        tuple(dict.fromkeys(s for s in speakers if s)),
        tuple(dict.fromkeys(words)),
        tuple(dict.fromkeys(normalize(o) for o in whole.filters.outlets if normalize(o))),
        whole.filters.date_from,
        whole.filters.date_to,
    )


@dataclass(frozen=True)
class _Facts:
    """What follows compare, read once per passage."""

    speaker: str  # normalised, "" unless the evidence is strong enough to show
    norm: str
    outlet: str  # normalised
    date: str

    @classmethod
    def of(cls, row: PassageRow) -> _Facts:
        return cls(normalize(row.attribution.stated_speaker), row.norm, normalize(row.outlet), row.date or row.published)


def _holds(follow: Follow, facts: _Facts) -> bool:
    """`follow` on one passage; the containment tests run in C (`map`), as this runs passages × follows times."""
    if not all(map(facts.norm.__contains__, follow.words)):
        return False
    if follow.speakers and not (facts.speaker and any(map(facts.speaker.__contains__, follow.speakers))):
        return False
    if follow.outlets and not any(map(facts.outlet.__contains__, follow.outlets)):
        return False
    if follow.date_from and not (facts.date and facts.date >= follow.date_from):
        return False
    return not (follow.date_to and not (facts.date and facts.date <= follow.date_to))


def matches(follow: Follow, row: PassageRow) -> bool:
    """Does the newly indexed passage `row` satisfy `follow` (an empty follow matches nothing)?"""
    return bool(follow) and _holds(follow, _Facts.of(row))


def follow_hit(reader: IndexReader, follow: Follow, row: PassageRow) -> Hit:
    """The passage as a card: an exact match of the follow, its first word in bold."""
    first = min((row.norm.find(w), w) for w in follow.words) if follow.words else (0, "")
    return make_hit(reader, Scored(row, 1.0, (first[0], first[0] + len(first[1]))), [])


def quote_digest(row: PassageRow) -> str:
    """The identity of a quote across documents and reindexes (its search form), for sending it once."""
    return hashlib.blake2b(row.norm.encode(), digest_size=12).hexdigest()


def new_matches(
    index: IndexReader, after: int, upto: int, follows: list[tuple[K, Follow]]
) -> dict[K, list[tuple[PassageRow, Follow]]]:
    """For each key (a chat), the passages with `after` < id <= `upto` that match one of its follows,
    in index order, each quote once (the first follow it matched)."""
    out: dict[K, list[tuple[PassageRow, Follow]]] = {}
    seen: set[tuple[K, str]] = set()
    keys_of: dict[Follow, list[K]] = {}  # a follow many chats share is checked once
    for key, follow in follows:
        if follow:
            keys_of.setdefault(follow, []).append(key)
    while after < upto:
        rows = [r for r in index.rows_after(after, BATCH) if r.id <= upto]
        if not rows:
            break
        for row in rows:
            digest, facts = quote_digest(row), _Facts.of(row)
            for follow, keys in keys_of.items():
                if not _holds(follow, facts):
                    continue
                for key in keys:
                    if (key, digest) not in seen:
                        seen.add((key, digest))
                        out.setdefault(key, []).append((row, follow))
        after = rows[-1].id
    return out

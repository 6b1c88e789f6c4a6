"""Reported speech in news articles: whose words each sentence carries, as runs of one speaker (spans).

A sentence is a speaker's when it carries a cue of its own (a reporting verb after a valid subject in
either order, a colon-quote, a short form or pronoun continuing that speaker's run); words quoted from a
third person inside it carry that person with the quoting speaker as `relayed_by`. Sentences without a
cue continue the run of the sentence before within a paragraph (weakly, unless they are quoted words);
a quote paragraph continues the run of the paragraph before it or takes the speaker the next paragraph
names. Everything else is narration: no speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from store.cues import CLOSERS, OPENERS, Cue, aligned_simple, clause_starts, cue_at, quote_first, sentences
from store.evidence import Attribution, Span
from store.speakers import PRONOUNS, alias_of, named, speaker_name

NARRATION = Attribution()
_DATELINE = re.compile(r"^\S{0,20}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^（）()]{0,30}[)）])?\s*")
_FIRST_PERSON = re.compile(r"我|我们|我哋|本人|咱")
_FRAMING = 12  # a cue this far into a sentence follows the reporter's own words (`在辩方盘问下，赵表示` does not)


@dataclass
class _Names:
    """Speakers named so far (simplified → as the document spells them), to resolve short forms."""

    spelled: dict[str, str] = field(default_factory=dict)

    def add(self, simple: str, original: str) -> None:
        self.spelled.pop(simple, None)
        self.spelled[simple] = original

    def resolve(self, name: str) -> str:
        """A full name for a short form (`韩` → `韩其昌`), the name itself when it is one, or ""."""
        if len(name) <= 2 and not named(name) or re.match(r"^.(?:官|生|大状|sir)$", name):
            full = alias_of(name, list(self.spelled))
            return full
        return name


@dataclass
class _Found:
    """A validated cue: where its words begin and the attribution they carry."""

    cue: Cue
    attribution: Attribution
    pronoun: bool = False


def _speaker(cue: Cue, s: str, t: str, names: _Names, run: Attribution) -> _Found | None:
    """The cue's speaker as an attribution, or None when its subject names nobody."""
    raw = speaker_name(cue.subject)
    if not raw:
        return None
    evidence = t[cue.subject_start : cue.verb_end].strip()
    if raw in PRONOUNS:
        if run.shown and not run.relayed_by:
            return _Found(cue, replace(run, cue="pronoun", evidence=evidence, strength="medium"), pronoun=True)
        return _Found(cue, Attribution(kind="statement", cue="pronoun", evidence=evidence, strength="weak"), pronoun=True)
    full = names.resolve(raw)
    if not full:
        return _Found(cue, Attribution(raw, kind="statement", cue="alias", evidence=evidence, strength="weak"))
    if full != raw:
        return _Found(cue, Attribution(names.spelled[full], kind="statement", cue="alias", evidence=evidence, strength="medium"))
    k = cue.subject.find(raw)
    spelled = t[cue.subject_start + k : cue.subject_start + k + len(raw)] if k >= 0 else raw
    names.add(raw, spelled)
    return _Found(cue, Attribution(spelled, kind="statement", cue="verb" if cue.verb else "colon", evidence=evidence, strength="strong"))


def _first_cue(s: str, t: str, at: int, end: int, names: _Names, run: Attribution) -> _Found | None:
    for cue in cue_at(s, at, end):
        found = _speaker(cue, s, t, names, run)
        if found:
            return found
    return None


def _relayed(found: _Found, by: Attribution) -> Attribution:
    return replace(found.attribution, relayed_by=by.speaker, cue="relayed", strength=found.attribution.strength) if by.speaker else found.attribution


def _immediately(s: str, after: int, at: int) -> bool:
    """Nothing but punctuation and quote marks between `after` and `at` (`毛宁说，习近平主席强调`)."""
    return not s[after:at].strip("，,：: 　" + OPENERS)


def sentence_runs(s: str, t: str, a: int, b: int, names: _Names, run: Attribution, relay_by: Attribution | None = None) -> list[tuple[int, Attribution]]:
    """(start, attribution) changes inside sentence a–b; [] when it has no cue of its own.

    `relay_by` (an answering spokesperson) makes every named cue relayed speech of that speaker."""
    lead = _DATELINE.match(s, a)
    head = lead.end() if lead and lead.end() < b else a
    cues: list[_Found] = []
    for c in quote_first(s, a, b):
        found = _speaker(c, s, t, names, run)
        if found:
            cues.append(found)
            break
    for at in clause_starts(s, head, b):
        found = _first_cue(s, t, at, b, names, run)
        if found:
            cues.append(found)
    out: list[tuple[int, Attribution]] = []
    current: _Found | None = None
    for found in cues:
        a_ = found.attribution
        if relay_by is not None:
            if found.pronoun or not a_.speaker or a_.speaker == relay_by.speaker:
                continue
            out.append((found.cue.at if out or found.cue.at - a >= _FRAMING else a, _relayed(found, relay_by)))
            continue
        if current is None:
            current = found
            if found.cue.at - head >= _FRAMING:
                out.append((a, NARRATION))  # the reporter's words before the cue
            out.append((found.cue.at if out else a, a_))
            if found.cue.relays:
                obj = _first_cue(s, t, found.cue.verb_end, b, names, run) or _object(s, t, found, names)
                if obj and obj.attribution.speaker and obj.attribution.speaker != a_.speaker:
                    out[-1] = (out[-1][0], _relayed(obj, a_))
            continue
        if found.pronoun or a_.speaker == current.attribution.speaker or not a_.speaker and not a_.evidence:
            continue
        if _immediately(s, current.cue.verb_end, found.cue.at) and current.attribution.shown:
            out.append((found.cue.at, _relayed(found, current.attribution)))
        else:
            out.append((found.cue.at, a_))
        current = found
    return out


def _object(s: str, t: str, found: _Found, names: _Names) -> _Found | None:
    """The person a relaying verb quotes (`引述张德江` → 张德江)."""
    at = found.cue.verb_end
    for n in (4, 3, 2):
        name = s[at : at + n]
        if named(name) or names.resolve(name) and name in names.spelled:
            spelled = t[at : at + n]
            names.add(name, spelled)
            return _Found(found.cue, Attribution(spelled, kind="statement", cue="verb", evidence=t[found.cue.subject_start : at + n], strength="strong"))
    return None


def _continuation(run: Attribution, text: str) -> Attribution:
    """An uncued sentence after one of `run`'s: its quoted or first-person words stay the speaker's; other
    words may be the reporter's, so they are only weakly the speaker's."""
    if not run.speaker:
        return NARRATION
    quoted = text.lstrip()[:1] in OPENERS or _FIRST_PERSON.search(text)
    return replace(run, cue="carried", evidence=run.evidence, strength="medium" if quoted and run.shown else "weak")


def article_spans(texts: list[str]) -> list[list[Span]]:
    """The speaker runs of every paragraph of a news article."""
    names = _Names()
    simple = [aligned_simple(t) for t in texts]
    out: list[list[Span]] = []
    run = NARRATION
    for i, (t, s) in enumerate(zip(texts, simple)):
        changes: list[tuple[int, Attribution]] = []
        spans = sentences(s)
        for n, (a, b) in enumerate(spans):
            found = sentence_runs(s, t, a, b, names, run)
            if not found and n + 1 < len(spans):
                found = _quote_before_cue(s, t, a, b, spans[n + 1], names, run)
            if found:
                changes += found
                run = found[-1][1] if not found[-1][1].relayed_by else replace(found[-1][1], speaker=found[-1][1].relayed_by, relayed_by="", cue="carried")
            elif n == 0:
                changes.append((a, _paragraph_start(s, run, simple[i + 1] if i + 1 < len(simple) else "", texts[i + 1] if i + 1 < len(texts) else "", names)))
                run = changes[-1][1]
            else:
                changes.append((a, _continuation(run, s[a:b])))
        out.append(_merge(changes, len(t)))
        run = run if run.shown else NARRATION
    return out


def _quote_before_cue(s: str, t: str, a: int, b: int, following: tuple[int, int], names: _Names, run: Attribution) -> list[tuple[int, Attribution]]:
    """A quoted sentence whose speaker the next sentence opens with (`“……。”王毅说，…`)."""
    if s[a] not in OPENERS or s[:b].rstrip()[-1:] not in CLOSERS:
        return []
    found = _first_cue(s, t, following[0], following[1], _Names(dict(names.spelled)), NARRATION)
    if not found or found.cue.at != following[0] or not found.attribution.shown or found.pronoun:
        return []
    return [(a, replace(found.attribution, cue="quote_first"))]


def _paragraph_start(s: str, run: Attribution, next_s: str, next_t: str, names: _Names) -> Attribution:
    """An uncued first sentence: a quote continues the run before it, or takes the speaker the next
    paragraph opens with (`“……”` ¶ `王毅说，…`); anything else is narration."""
    if s.lstrip()[:1] not in OPENERS:
        return NARRATION
    if run.shown:
        return replace(run, cue="carried", strength="medium")
    if next_s and s.rstrip("。 　")[-1:] in CLOSERS:
        first = sentences(next_s)[:1]
        found = _first_cue(next_s, next_t, first[0][0], first[0][1], _Names(dict(names.spelled)), NARRATION) if first else None
        if found and found.cue.at == first[0][0] and found.attribution.shown:
            return replace(found.attribution, cue="next", strength="weak")
    return NARRATION


def _merge(changes: list[tuple[int, Attribution]], length: int) -> list[Span]:
    """Spans from (start, attribution) changes: neighbours with the same attribution join."""
    spans: list[Span] = []
    for k, (start, a) in enumerate(changes):
        end = changes[k + 1][0] if k + 1 < len(changes) else length
        if end <= start:
            continue
        if spans and _same(spans[-1].attribution, a):
            spans[-1] = Span(spans[-1].start, end, spans[-1].attribution)
        else:
            spans.append(Span(start if spans else 0, end, a))
    return spans


def _same(x: Attribution, y: Attribution) -> bool:
    return (x.stated_speaker, x.relayed_by if x.shown else "", x.kind if x.shown else "") == (y.stated_speaker, y.relayed_by if y.shown else "", y.kind if y.shown else "")

"""What a claimed quote says and whom it names: the attribution around the quoted words.

`毛宁说：…`, `据外交部发言人汪文斌表示，…`, `王毅称“…”`, `“…”，汪文斌说。` name a claimed speaker;
that attribution is not part of the quoted words. Quote marks delimit the words when the text outside them
is only an attribution (or nothing). Everything else is taken as the words themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from store.attribute import speaker_name
from store.query import sanitize
from store.textnorm import normalize, to_simplified

CLAIM_VERBS = "表示|指出|强调|说道|说|称|认为|介绍|宣布|重申|回应|答道|提出|呼吁|写道|表态|坦言|透露|警告|谈到|补充说"
_OPEN, _CLOSE = "“「『\"＂‘", "”」』\"＂’"
_PREFIX = re.compile(rf"^(?:据|根据)?(?P<subj>[^，。；：:,;!?！？“”「」\"]{{1,40}}?)(?:{CLAIM_VERBS})?[：:，,]?\s*$")
_LEAD = re.compile(rf"^(?:据|根据)?(?P<subj>[^，。；：:,;!?！？“”「」\"]{{1,40}}?)(?:(?:{CLAIM_VERBS})[：:，,]|[：:])\s*")
_SUFFIX = re.compile(rf"^[，,]?\s*(?P<subj>[^，。；：:,;!?！？“”「」\"]{{1,40}}?)(?:{CLAIM_VERBS})(?:道)?\s*[。.！!]?\s*$")
_TRAILER = re.compile(rf"[，,]\s*(?P<subj>[^，。；：:,;!?！？“”「」\"]{{1,40}}?)(?:{CLAIM_VERBS})\s*[。.！!]?\s*$")


@dataclass(frozen=True)
class Claim:
    """A claim as checked: its text, the quoted words, and the speaker it names."""

    text: str  # the claim as checked (sanitised, at most the cap)
    words: str  # the quoted words, without the attribution
    speaker: str = ""  # the claimed speaker (`汪文斌`), or ""
    attribution: str = ""  # the attribution as written (`据外交部发言人汪文斌表示，`), or ""
    cut: int = 0  # characters of the claim left unchecked by the cap (0: none)


def _named(subject: str) -> str:
    """The speaker an attribution's subject names, as the claim writes it, or ""."""
    simple = to_simplified(subject.strip())
    name = speaker_name(simple)
    if not name:
        return ""
    i = simple.find(name)
    return subject.strip()[i : i + len(name)] if i >= 0 and len(simple) == len(subject.strip()) else name


def _quoted(text: str, simple: str) -> Claim | None:
    """The words between the outermost quote marks, when what is outside them is an attribution or nothing
    (`simple`: the text in simplified script, as long as `text`)."""
    start = next((i for i, c in enumerate(text) if c in _OPEN), -1)
    end = next((i for i in range(len(text) - 1, start, -1) if text[i] in _CLOSE), -1)
    if start < 0 or end <= start + 1:
        return None
    inside = text[start + 1 : end]
    empty_before, empty_after = not normalize(text[:start]), not normalize(text[end + 1 :])
    if empty_before and empty_after:
        return Claim(text, inside)
    if empty_after and (m := _PREFIX.match(simple[:start])) and (name := _named(text[m.start("subj") : m.end("subj")])):
        return Claim(text, inside, name, text[:start].strip())
    after = end + 1
    if empty_before and (m := _SUFFIX.match(simple[after:])) and (name := _named(text[after + m.start("subj") : after + m.end("subj")])):
        return Claim(text, inside, name, text[end + 1 :].strip())
    return None


def parse_claim(raw: str, max_chars: int) -> Claim:
    """Split a claim into its attribution and its words; claims longer than `max_chars` are cut there."""
    full = sanitize(raw, fold=False)
    text, cut = full[:max_chars], max(len(full) - max_chars, 0)
    simple = to_simplified(text)
    if len(simple) != len(text):  # cues are read on the simplified text and cut from the original
        simple = text
    quoted = _quoted(text, simple)
    if quoted:
        return Claim(text, quoted.words, quoted.speaker, quoted.attribution, cut)
    m = _LEAD.match(simple)
    if m and normalize(text[m.end() :]) and (name := _named(text[m.start("subj") : m.end("subj")])):
        return Claim(text, text[m.end() :], name, text[: m.end()].strip(), cut)
    m = _TRAILER.search(simple)
    if m and normalize(text[: m.start()]) and (name := _named(text[m.start("subj") : m.end("subj")])):
        return Claim(text, text[: m.start()], name, text[m.start() :].strip(" ，,"), cut)
    return Claim(text, text, cut=cut)

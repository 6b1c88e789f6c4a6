"""What a claimed quote says and whom it names: the attribution around the quoted words.

`毛宁说：…`, `据外交部发言人汪文斌表示，…`, `王毅称“…”`, `“…”，汪文斌说。` name a claimed speaker;
that attribution is not part of the quoted words. Quote marks delimit the words when the text outside them
is only an attribution (or nothing). Everything else is taken as the words themselves.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from store.attribute import is_person_name, speaker_name
from store.query import sanitize
from store.textnorm import normalize, normalize_with_map, to_simplified

CLAIM_VERBS = "表示|指出|强调|说道|说|称|认为|介绍|宣布|重申|回应|答道|提出|呼吁|写道|表态|坦言|透露|警告|谈到|补充说"
_VERB = rf"(?:{CLAIM_VERBS})+"  # 回应称, 表示说
_SUBJ = r"(?P<subj>[^，。；：:,;!?！？“”「」\"]{1,40}?)"
_OPEN, _CLOSE = "“「『\"＂‘", "”」』\"＂’"
_SOURCE = re.compile(r"^(?:据|根据)[^，,。；]{1,20}?(?:报道|消息|介绍|透露)[，,]\s*")  # 据新华社报道，…
_WHEN = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日[，,]\s*")  # 2023年6月1日，毛宁说：… (only before a speaker)
_PREFIX = re.compile(rf"^(?:据|根据)?{_SUBJ}{_VERB}?[：:，,]?\s*$")
_LEAD = re.compile(rf"^(?:据|根据)?{_SUBJ}(?:{_VERB}[：:，,]|[：:])\s*")
_BARE = re.compile(rf"^{_SUBJ}{_VERB}(?=[^，,：:])")  # 汪文斌表示中方… (a plain name only)
_SUFFIX = re.compile(rf"^[，,]?\s*{_SUBJ}{_VERB}\s*[。.！!]?\s*$")
_TRAILER = re.compile(rf"[，,]\s*{_SUBJ}{_VERB}\s*[。.！!]?\s*$")
_NAME_THEN = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(?:在|于|答|回答|接受|就|对|向|同|与|会见|时|\d)")  # 毛宁答记者问时
_NAME_ROLE = re.compile(
    r"^([\u4e00-\u9fff]{2,4}?)(?:国家主席|主席|总书记|副总理|总理|委员长|国务委员|外长|部长|总统|首相|大使|发言人|秘书长)$"
)
BARE_MIN = 6  # search-form characters a claim must keep after an unpunctuated attribution


@dataclass(frozen=True)
class Claim:
    """A claim as checked: its text, the quoted words, and the speaker it names."""

    text: str  # the claim as checked (sanitised, at most the cap)
    words: str  # the quoted words, without the attribution
    speaker: str = ""  # the claimed speaker (`汪文斌`), or ""
    attribution: str = ""  # the attribution as written (`据外交部发言人汪文斌表示，`), or ""
    cut: int = 0  # characters of the claim left unchecked by the cap (0: none)


def _named(subject: str, known: Iterable[str] = ()) -> str:
    """The speaker an attribution's subject names, as the claim writes it, or "": a name with its role
    (`外交部发言人汪文斌`), a name before what he did (`毛宁答记者问时`), a name before a title (`习近平主席`),
    or a speaker the index knows (`known`: search forms of names)."""
    subject = subject.strip()
    simple = to_simplified(subject)
    name = speaker_name(simple)
    if not name:
        m = _NAME_THEN.match(simple)
        name = m.group(1) if m and is_person_name(m.group(1)) else ""
    if not name and (m := _NAME_ROLE.match(simple)):
        name = m.group(1)
    if not name:
        key, index = normalize_with_map(subject)
        longest = max((k for k in known if len(k) >= 2 and key.startswith(k)), key=len, default="")
        return subject[: index[len(longest) - 1] + 1] if longest else ""
    i = simple.find(name)
    return subject[i : i + len(name)] if i >= 0 and len(simple) == len(subject) else name


def _quoted(text: str, simple: str, known: Iterable[str]) -> tuple[str, str, str] | None:
    """(words, speaker, attribution): the words between the outermost quote marks, when what is outside
    them is an attribution or nothing (`simple`: the text in simplified script, as long as `text`)."""
    start = next((i for i, c in enumerate(text) if c in _OPEN), -1)
    end = next((i for i in range(len(text) - 1, start, -1) if text[i] in _CLOSE), -1)
    if start < 0 or end <= start + 1:
        return None
    inside = text[start + 1 : end]
    empty_before, empty_after = not normalize(text[:start]), not normalize(text[end + 1 :])
    if empty_before and empty_after:
        return inside, "", ""
    for ok, pattern, lo, hi in ((empty_after, _PREFIX, 0, start), (empty_before, _SUFFIX, end + 1, len(text))):
        m = pattern.match(simple[lo:hi]) if ok else None
        name = _named(text[lo + m.start("subj") : lo + m.end("subj")], known) if m else ""
        if name:
            return inside, name, text[lo:hi].strip()
    return None


def _attributed(text: str, simple: str, known: Iterable[str]) -> tuple[str, str, str] | None:
    """(words, speaker, attribution) for an attribution without quote marks: `毛宁说：…`, `汪文斌表示中方…`,
    `…，汪文斌强调。`"""
    for pattern in (_LEAD, _BARE):
        m = pattern.match(simple)
        rest = text[m.end() :] if m else ""
        if m and len(normalize(rest)) >= (BARE_MIN if pattern is _BARE else 1):
            subject = text[m.start("subj") : m.end("subj")]
            name = _named(subject, known) if pattern is _LEAD else subject if is_person_name(to_simplified(subject)) else ""
            if name:
                return rest, name, text[: m.end()].strip()
    m = _TRAILER.search(simple)
    if m and normalize(text[: m.start()]) and (name := _named(text[m.start("subj") : m.end("subj")], known)):
        return text[: m.start()], name, text[m.start() :].strip(" ，,")
    return None


def parse_claim(raw: str, max_chars: int, known: Iterable[str] = ()) -> Claim:
    """Split a claim into its attribution and its words; claims longer than `max_chars` are cut there.
    `known`: search forms of the speakers the index knows, for names the rules do not recognise."""
    full = sanitize(raw, fold=False)
    text, cut = full[:max_chars], max(len(full) - max_chars, 0)
    simple = to_simplified(text)
    if len(simple) != len(text):  # cues are read on the simplified text and cut from the original
        simple = text
    source = _SOURCE.match(simple) or _WHEN.match(simple)  # 据新华社报道，王毅表示，…: the attribution that follows counts
    at = source.end() if source and normalize(text[source.end() :]) else 0
    body, simple_body = text[at:], simple[at:]
    found = _quoted(body, simple_body, known) or _attributed(body, simple_body, known)
    if found is None:  # a source is not the words; a date may be
        return Claim(text, body if _SOURCE.match(simple) else text, cut=cut)
    words, speaker, attribution = found
    return Claim(text, words, speaker, (text[:at] + attribution).strip(), cut)

"""Reported speech in news articles: whose words each sentence carries, as runs of one speaker (spans).

A sentence is a speaker's when it carries a cue of its own: a reporting verb after a valid subject in
either order (`王毅说，…`, `“……”王毅说`), a colon-quote (`叶刘此时抢白：「…」`), a short form or a
pronoun continuing a speaker named just before (`韩指`, `他续指`). Words quoted from a third person
carry that person, with the quoting speaker as `relayed_by` (`毛宁说，习近平主席强调…`, `梁引述张…`,
`胡志伟重复司徒华所言：「…」`). An uncued sentence continues the run of the sentence before it within
a paragraph (only weakly after a closed quote or a turn of events: `结果…`, `2017年…`); a quote or
first-person paragraph continues the run of the paragraph before it, a paragraph that is only a quote
may take the speaker the next paragraph opens with. Everything else is narration: no speaker.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from store.cues import CLOSERS, OPENERS, Cue, aligned_simple, clause_starts, cue_at, may_cue, quote_end, quote_first, sentences
from store.evidence import Attribution, Span
from store.speakers import ORG, PRONOUNS, SURNAMES, alias_of, leading_name, named, person_in, speaker_name
from store.textnorm import to_simplified

NARRATION = Attribution()
_ACTS = {"答", "问", "讲", "写"}  # verbs that may be an act rather than words reported (`答咗你`)
INTERJECTION = Attribution(kind="question", cue="interjection", strength="weak")
_INTERJECTION = re.compile(r"[（(][^（）()]{2,60}[？?！!][）)]")
Topic = Callable[[], str]  # the subject a pronoun or a verb without a subject refers to, found on demand
_DATELINE = re.compile(r"^\S{0,20}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^（）()]{0,30}[)）])?\s*")
_FIRST_PERSON = re.compile(r"我|我们|我哋|本人|咱")
_NARRATIVE = re.compile(r"^(?:\d|[一二三四五六七八九十]+[年月日]|结果|其后|随后|当时|此前|同日|翌日|最终|事后|今年|去年|明年|昨日|今日|会上|会后|此外|另外|与此同时)")
_FRAME = re.compile(r"^(?:根据|据|针对|对于|对|在|谈到|谈及|就|关于|对此|面对|至于|有关|应|当|被问到|被问及|问到|问及)")
_CALL = re.compile(r"(?:收到|接到|接获|接听)(?P<who>[^，,。的]{1,10})的?(?:来电|电话|来信|信息|讯息|短讯|短信|留言)")
_QUOTING = re.compile(r"^(?P<who>.+?)(?:所言|所说|的话|说过)$")  # 胡志伟重复司徒华所言：
_SHORT_TITLE = re.compile(r"^.(?:官|生|大状|sir)$")  # 王官, 陈生: a surname and a title
_CLAUSE_MARK = re.compile(r"[，,；;]")
_FIRST_PERSON_START = re.compile(r"^(?:我|我们|我哋)")


def _once(find: Topic) -> Topic:
    """`find`, looked up on the first call only."""
    found: list[str] = []

    def topic() -> str:
        if not found:
            found.append(find())
        return found[0]

    return topic


@dataclass
class Names:
    """Speakers named so far (simplified → as the document spells them), to resolve short forms."""

    spelled: dict[str, str] = field(default_factory=dict)

    def add(self, simple: str, original: str) -> None:
        self.spelled.pop(simple, None)
        self.spelled[simple] = original

    def resolve(self, name: str) -> str:
        """A full name for a short form (`韩` → `韩其昌`, `叶刘` → `叶刘淑仪`), the name itself when it
        stands alone, or "" for a short form naming nobody before."""
        short = len(name) == 1 or len(name) == 2 and name[0] in SURNAMES and name[1] in SURNAMES or _SHORT_TITLE.match(name)
        if not short:
            return name[:2] if len(name) == 3 and name[:2] in self.spelled else name  # 贾玲唱 after 贾玲
        full = alias_of(name, list(self.spelled))
        return full or (name if len(name) > 1 and named(name) else "")  # 张杨 is a name, not a short form

    def copy(self) -> Names:
        return Names(dict(self.spelled))


@dataclass
class _Found:
    """A validated cue: where its words begin and the attribution they carry."""

    cue: Cue
    attribution: Attribution
    pronoun: bool = False


def _attribution(raw: str, cue: Cue, t: str, names: Names, kind: str) -> Attribution:
    """A named speaker: resolved when a short form, registered and spelled as the document has it."""
    evidence = t[cue.subject_start : cue.verb_end].strip()
    full = names.resolve(raw)
    if not full:
        return Attribution(raw, kind="statement", cue="alias", evidence=evidence, strength="weak")
    if full != raw:
        return Attribution(names.spelled[full], kind="statement", cue="alias", evidence=evidence, strength="medium")
    k = cue.subject.rfind(raw)
    spelled = t[cue.subject_start + k : cue.subject_start + k + len(raw)] if k >= 0 else raw
    names.add(raw, spelled)
    return Attribution(spelled, kind="statement", cue=kind, evidence=evidence, strength="strong")


def _speaker(cue: Cue, t: str, names: Names, run: Attribution, topic: Topic) -> _Found | None:
    """The cue's speaker as an attribution, or None when its subject names nobody."""
    if not cue.subject.strip():  # `…，坦言：` continues the sentence's subject
        subject = topic()
        if not subject:
            return None
        return _Found(cue, Attribution(names.spelled.get(subject, subject), kind="statement", cue="verb", evidence=t[cue.at : cue.verb_end], strength="medium"))
    raw = speaker_name(cue.subject)
    if not cue.verb:
        quoting = _QUOTING.match(cue.subject)
        if quoting:
            who = leading_name(quoting.group("who"), 0, len(quoting.group("who")))
            quoted = person_in(quoting.group("who")[len(who) :]) if who else ""
            if who and quoted:
                relayer = _attribution(who, cue, t, names, "colon")
                return _Found(cue, replace(_attribution(quoted, cue, t, names, "colon"), relayed_by=relayer.speaker, cue="relayed"))
        raw = raw or leading_name(cue.subject, 0, len(cue.subject))
    if not raw:
        return None
    evidence = t[cue.subject_start : cue.verb_end].strip()
    if raw in PRONOUNS:
        if run.shown and not run.relayed_by:
            return _Found(cue, replace(run, cue="pronoun", evidence=evidence, strength="medium"), pronoun=True)
        subject = topic()
        if subject and not ORG.match(to_simplified(subject)):  # 他 is a person, not 新华社
            return _Found(cue, Attribution(names.spelled.get(subject, subject), kind="statement", cue="pronoun", evidence=evidence, strength="medium"), pronoun=True)
        return _Found(cue, Attribution(kind="statement", cue="pronoun", evidence=evidence, strength="weak"), pronoun=True)
    return _Found(cue, _attribution(raw, cue, t, names, "verb" if cue.verb else "colon"))


def _first_cue(s: str, t: str, at: int, end: int, names: Names, run: Attribution, topic: Topic = lambda: "") -> _Found | None:
    for cue in cue_at(s, at, end):
        found = _speaker(cue, t, names, run, topic)
        if found:
            return found
    return None


def _relayed(found: _Found, by: Attribution) -> Attribution:
    if not by.shown or not found.attribution.speaker:
        return found.attribution
    return replace(found.attribution, relayed_by=by.speaker, cue="relayed")


def _reports(s: str, found: _Found) -> bool:
    """The cue introduces words (`习近平主席强调，`, `…指出：“`), not an act (`局長已經答咗你`)."""
    after = s[found.cue.verb_end : found.cue.verb_end + 1]
    return bool(found.cue.verb) and (after in "，,：:" + OPENERS or found.cue.verb not in _ACTS)


def _immediately(s: str, after: int, at: int) -> bool:
    """Nothing but punctuation and quote marks between `after` and `at` (`毛宁说，习近平主席强调`)."""
    return not s[after:at].strip("，,：: 　" + OPENERS)


def _caller(s: str, t: str, at: int, end: int, names: Names, receiver: str) -> tuple[str, str] | None:
    """(caller, receiver) when the clause at–end tells of a call or letter (`呂再接到黃的來電，說…`): the
    words reported next are the caller's, relayed by whoever received them (named in the clause, else
    `receiver`, the sentence's speaker)."""
    m = _CALL.search(s, at, end)
    if not m:
        return None
    caller = names.resolve(speaker_name(m.group("who")))
    i = s.find(caller, m.start("who"), m.end("who")) if caller else -1
    caller = names.spelled.get(caller) or (t[i : i + len(caller)] if i >= 0 else caller)
    subject = speaker_name(s[at : m.start()])
    named_receiver = names.resolve(subject) if subject and subject not in PRONOUNS else ""
    receiver = names.spelled.get(named_receiver, named_receiver) or receiver
    if not caller or not receiver or caller == receiver:
        return None
    return caller, receiver


def _framing(lead: str) -> bool:
    """Words before a cue that only set the scene for it (`在辩方盘问下，`, `根据外交部网站消息，`), not
    the reporter's own account of something else."""
    return len(lead) <= 12 or bool(_FRAME.match(lead)) and not _CLAUSE_MARK.search(lead[:-1])


def _after(run: Attribution, s: str, t: str, a: int, b: int, names: Names) -> Topic:
    """The subject a pronoun in the next sentence may refer to: the speaker just heard, else the name the
    sentence a–b opens with (looked up only if asked)."""
    if run.shown:
        return lambda: run.speaker
    return _once(lambda: _topic(s, t, a, b, names))


def _topic(s: str, t: str, a: int, b: int, names: Names, nearest: bool = False) -> str:
    """The speaker-like subject opening a sentence a–b — or, `nearest`, the clause closest before `b`
    that opens with one (`惟裁判官彭亮廷發現…，直斥：`) — resolved and spelled as the document has it
    (a pronoun or a verb without a subject may refer to it)."""
    lead = _DATELINE.match(s, a)
    a = lead.end() if lead else a
    starts = clause_starts(s, a, b)[::-1][:3] if nearest else [a]
    name = next((n for n in (leading_name(s, at, b) for at in starts) if n), "")
    full = names.resolve(name) if name else ""
    if full in names.spelled:
        return names.spelled[full]
    known = next((alias_of(full[:n], list(names.spelled)) for n in (2, 1) if full and alias_of(full[:n], list(names.spelled))), "")
    if known:
        return names.spelled[known]  # 吕遂用… after 吕国荣: the surname of a speaker named before
    i = s.find(full, a, b) if full else -1
    return t[i : i + len(full)] if i >= 0 else full


def sentence_runs(
    s: str, t: str, a: int, b: int, names: Names, run: Attribution, topic: Topic = lambda: "", relay_by: Attribution | None = None
) -> list[tuple[int, Attribution]]:
    """(start, attribution) changes inside sentence a–b; [] when it has no cue of its own.

    `topic` gives the subject of the sentence before (looked up only when needed); `relay_by` (an
    answering spokesperson) makes every named cue relayed speech of that speaker."""
    if not may_cue(s, a, b):
        return []
    lead = _DATELINE.match(s, a)
    head = lead.end() if lead and lead.end() < b else a
    own = _once(lambda: _topic(s, t, head, b, names))
    cues: list[_Found] = []
    for c in quote_first(s, a, b):
        found = _speaker(c, t, names, run, topic)
        if found:
            cues.append(found)
            break
    starts = clause_starts(s, head, b)
    calls = _CALL.search(s, head, b) is not None  # (else no clause tells of a call)
    for k, at in enumerate(starts):
        caller = None
        if k and calls and _CALL.search(s, starts[k - 1], at):
            shown = [c.attribution.speaker for c in cues if c.attribution.shown]
            speaking = shown[-1] if shown else own() or (run.speaker if run.shown else "")
            caller = _caller(s, t, starts[k - 1], at, names, speaking)
        subject: Topic = (lambda c=caller: c[0]) if caller else (lambda first=at == head, at=at: _topic(s, t, head, at, names, nearest=True) or (topic() if first else ""))
        context = next((c.attribution for c in reversed(cues) if c.attribution.shown), run) if cues else run  # 他 after 吕国荣 in one sentence
        found = _first_cue(s, t, at, b, names, context, subject)
        if found and caller and not found.cue.subject.strip():
            found.attribution = replace(found.attribution, speaker=caller[0], relayed_by=caller[1], cue="relayed")
        if found:
            cues.append(found)
    out: list[tuple[int, Attribution]] = []
    current: _Found | None = None
    for found in cues:
        a_ = found.attribution
        if relay_by is not None:
            if found.pronoun or not a_.shown or a_.speaker in (relay_by.speaker, "") or "记者" in a_.speaker:
                continue  # a spokesperson's answer quotes leaders and officials, not the journalists asking
            out.append((found.cue.at if out or not _framing(s[head : found.cue.at]) else a, _relayed(found, relay_by)))
            continue
        if current is None:
            current = found
            if not _framing(s[head : found.cue.at]):
                out.append((a, NARRATION))  # the reporter's words before the cue
            out.append((found.cue.at if out else a, a_))
            if found.cue.relays:
                obj = _first_cue(s, t, found.cue.verb_end, b, names, run) or _object(s, t, found, names)
                if obj and obj.attribution.speaker and obj.attribution.speaker != a_.speaker:
                    out[-1] = (out[-1][0], _relayed(obj, a_))
            continue
        if a_.speaker == current.attribution.speaker or not a_.speaker and not a_.evidence:
            continue
        if found.pronoun:
            if found.cue.verb or not a_.shown:
                continue
            out.append((found.cue.at, a_))  # `記者解釋…，他顯得不耐煩：「…」`: someone else answers
            current = found
            continue
        if _immediately(s, current.cue.verb_end, found.cue.at) and current.attribution.shown and out[-1][1] is current.attribution:
            if not _reports(s, found):
                continue
            out[-1] = (out[-1][0], _relayed(found, current.attribution))
            if any(c in OPENERS for c in s[current.cue.verb_end : found.cue.at + 1]):  # `许锐说，“习近平总书记强调，…。…”`
                stop = next((i + 1 for i in range(found.cue.verb_end, b) if s[i] in "。！？!?"), b)
                if stop < b:
                    out.append((stop, current.attribution))
                    break
        else:
            out.append((found.cue.at, a_))
        current = found
    return out + _quoted_relay(s, t, a, b, out, names)


def _quoted_relay(s: str, t: str, a: int, b: int, out: list[tuple[int, Attribution]], names: Names) -> list[tuple[int, Attribution]]:
    """Words a speaker's quote opens by quoting someone else (`“习近平总书记强调，…。…”许锐说`): the
    quote's first sentence is relayed speech. Returned as changes after `out`."""
    if len(out) != 1 or not out[0][1].shown or out[0][1].relayed_by:
        return []
    speaker = out[0][1]
    q = next((i for i in range(a, b) if s[i] in OPENERS), -1)
    if q < 0 or q - a > 30:
        return []
    found = _first_cue(s, t, q + 1, b, names.copy(), NARRATION)
    if not found or found.pronoun or found.cue.at != q + 1 or not found.attribution.shown or found.attribution.speaker == speaker.speaker:
        return []
    if found.attribution.cue != "verb" or not _reports(s, found):
        return []
    stop = next((i + 1 for i in range(found.cue.verb_end, b) if s[i] in "。！？!?"), b)
    relayed = (a, _relayed(found, speaker))
    return [relayed, (stop, speaker)] if stop < b else [relayed]


def _object(s: str, t: str, found: _Found, names: Names) -> _Found | None:
    """The person a relaying verb quotes (`引述张德江` → 张德江)."""
    at = found.cue.verb_end
    for n in (4, 3, 2, 1):
        part = s[at : at + n]
        name = (names.resolve(part) if n <= 2 else part if named(part) else "") if part not in PRONOUNS else ""
        if n <= 2 and name == part:
            name = ""  # a short form must name someone named before
        if name:
            spelled = names.spelled.get(name, t[at : at + n])
            names.add(name, spelled)
            return _Found(found.cue, Attribution(spelled, kind="statement", cue="verb", evidence=t[found.cue.subject_start : at + n], strength="strong"))
    return None


def _continuation(run: Attribution, text: str, after_quote: bool) -> Attribution:
    """An uncued sentence after one of `run`'s in the same paragraph: reported speech goes on (`王毅指出，…。
    面对恐怖主义，…。`), and so do quoted or first-person words; after a closed quote, or opening with a
    date or a turn of events, the words are more likely the reporter's, so only weakly the speaker's."""
    if not run.speaker:
        return NARRATION
    quoted = text.lstrip()[:1] in OPENERS or _FIRST_PERSON.search(text)
    own = quoted or not (after_quote or _NARRATIVE.match(text.lstrip()))
    return replace(run, cue="carried", evidence=run.evidence, strength="medium" if own and run.shown else "weak")


def _quote_before_cue(s: str, t: str, a: int, b: int, following: tuple[int, int], names: Names) -> list[tuple[int, Attribution]]:
    """A quoted sentence whose speaker the next sentence opens with (`“……。”王毅说，…`)."""
    if s[a] not in OPENERS or s[:b].rstrip()[-1:] not in CLOSERS:
        return []
    found = _first_cue(s, t, following[0], following[1], names.copy(), NARRATION)
    if not found or found.cue.at != following[0] or not found.attribution.shown or found.pronoun:
        return []
    main = [(a, replace(found.attribution, cue="quote_first"))]
    return main + _quoted_relay(s, t, a, b, main, names)


def _paragraph_start(s: str, run: Attribution, following: str, following_t: str, names: Names) -> Attribution:
    """An uncued first sentence: a quote or first-person words continue the run of the paragraph before;
    a paragraph that is only a quote takes the speaker the next paragraph opens with (`“……”` ¶
    `王毅说，…`); anything else is narration."""
    text = s.strip()
    if (text[:1] in OPENERS or _FIRST_PERSON_START.match(text)) and run.shown:
        return replace(run, cue="carried", strength="medium")
    if _quote_only(text) and following:
        first = sentences(following)[0]
        found = _first_cue(following, following_t, first[0], first[1], names.copy(), NARRATION)
        if found and found.cue.at == first[0] and found.attribution.shown and not found.pronoun:
            return replace(found.attribution, cue="next")
    return NARRATION


def _quote_only(text: str) -> bool:
    """The paragraph is one quote: the quote mark opening it closes only at its end."""
    close = quote_end(text, 0)
    return close >= 0 and not text[close + 1 :].strip("。．. ")


def _speaking(a: Attribution) -> Attribution:
    """Whose run goes on after `a`: the relayer's, when `a` relays someone else."""
    return replace(a, speaker=a.relayed_by, relayed_by="", cue="carried") if a.relayed_by else a


def article_spans(texts: list[str]) -> list[list[Span]]:
    """The speaker runs of every paragraph of a news article."""
    names = Names()
    out: list[list[Span]] = []
    run: Attribution = NARRATION
    topic: Topic = lambda: ""
    simple = [aligned_simple(t) for t in texts]
    for i, (t, s) in enumerate(zip(texts, simple)):
        changes: list[tuple[int, Attribution]] = []
        spans = sentences(s)
        for n, (a, b) in enumerate(spans):
            found = sentence_runs(s, t, a, b, names, run, topic)
            if not found and n + 1 < len(spans):
                found = _quote_before_cue(s, t, a, b, spans[n + 1], names)
            if found:
                changes += found
                run = _speaking(found[-1][1])
            elif n == 0:
                following = (simple[i + 1], texts[i + 1]) if i + 1 < len(texts) else ("", "")
                changes.append((a, _paragraph_start(s, run, *following, names)))
                run = changes[-1][1]
            else:
                changes.append((a, _continuation(run, s[a:b], s[:a].rstrip()[-1:] in CLOSERS)))
            topic = _after(run, s, t, a, b, names)
        out.append(merge(_interjections(s, changes), len(t)))
        run = run if run.shown else NARRATION
    return out


def _interjections(s: str, changes: list[tuple[int, Attribution]]) -> list[tuple[int, Attribution]]:
    """A bracketed question or exclamation inside a speaker's words (`（即係有無扮示威者呀？）`) is
    someone else cutting in, a journalist most often: it carries nobody."""
    for m in _INTERJECTION.finditer(s):
        before = [a for at, a in changes if at <= m.start()]
        if before and before[-1].shown:
            changes = sorted(changes + [(m.start(), INTERJECTION), (m.end(), before[-1])], key=lambda c: c[0])
    return changes


def merge(changes: list[tuple[int, Attribution]], length: int) -> list[Span]:
    """Spans from (start, attribution) changes: neighbours naming the same speaker the same way join."""
    runs: list[list] = []  # [start, end, attribution] of each span, its end moved on while neighbours join
    ends = [start for start, _ in changes[1:]] + [length]
    for (start, a), end in zip(changes, ends):
        if end <= start:
            continue
        if runs and (runs[-1][2] is a or _same(runs[-1][2], a)):
            runs[-1][1] = end
        else:
            runs.append([start if runs else 0, end, a])
    return [Span(*run) for run in runs]


def _same(x: Attribution, y: Attribution) -> bool:
    return (x.stated_speaker, x.relayed_by if x.shown else "", x.kind) == (y.stated_speaker, y.relayed_by if y.shown else "", y.kind) or not (x.shown or y.shown)

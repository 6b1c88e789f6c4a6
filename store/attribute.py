"""Who said it, when, and who published it: document metadata and a speaker for every paragraph.

Order of trust for each field: the sidecar file, then structure (front matter, HTML meta), then cues
in the text. A field with no evidence stays empty: a wrong attribution is worse than none.

Documents are one of three kinds:
- "transcript": a press conference; questions belong to the journalists who ask them, answers to the
  spokesperson named in front of them (carried over until the next question);
  a leader's words an answer quotes (`李强总理指出，…`) are the leader's, relayed by the spokesperson;
- "statement": a speech, written statement or remarks, told by the body (a salutation, a signature,
  a front-matter or sidecar speaker, or first-person words reporting nobody under a title naming a
  person or a body), never by title keywords; a news report may reproduce one after `全文如下`;
- "article": a news report; each quote carries the speaker its own cues name (store.reported), and
  narration carries nobody.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from store.cues import VERBS, aligned_simple, sentences
from store.evidence import Attribution, Span
from store.models import CleanDocument, DocMeta, Document, MetaHints, Paragraph
from store.outlets import valid_outlet, valid_title
from store.reported import Names, article_spans, merge, sentence_runs
from store.speakers import ORG, is_person_name, named, speaker_name
from store.textnorm import to_simplified

# A subject of 2 to 60 characters without a clause mark, then a reporting verb: the first verb found from the
# third character on (a scan, rather than trying every verb after each length of subject).
_SPEECH_VERB = re.compile("|".join([v for v in VERBS if len(v) > 1] + ["说", "称"]))
_SPEECH_REACH = 60 + max(map(len, VERBS)) + 1  # where such a verb ends at the latest
_SUBJECT_STOP = re.compile("[，。；：:,;!?！？]")
_TITLE_PREFIX = re.compile(r"^([^：:，,。“”\"]{2,12})[：:]")
_TITLE_SPOKESPERSON = re.compile(r"发言人([^\s就主答发宣介]{2,4}?)(?:主持|答|就|发表|宣布|介绍|表示|谈)")
_TITLE_ROLE_ONLY = re.compile(r"^(\S{0,8}?发言人)(?:就|主持|答|发表|宣布|介绍)")
_WECHAT = re.compile(r"微信公众号[“\"「『]([^”\"」』]{2,20})[”\"」』]")
_AGENCY_DATELINE = re.compile(r"^(?:新华社|中新社|中新网|人民网|央视网|法新社|路透社|美联社)?\S{0,12}?\d{1,2}月\d{1,2}日电")
_AGENCY = re.compile(r"^(新华社|中新社|中新网|人民网|央视网|法新社|路透社|美联社)")
_ASK = re.compile(
    r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:追问|问)[：:]|^([^，。：:]{0,30}?记者)[^：:，。]{0,6}[：:]"
    r"|^[^。：:]{0,12}[，,]\s*(有?记者)(?:问|提问|问及|追问)[^：:。]{0,8}[：:]"
)
_ANSWER = re.compile(r"^(答|[^\s，。：:“”]{2,4})[：:]")
# A speech opens by addressing its audience; a reproduced statement follows an intro that says so.
_SALUTATION = re.compile(r"^(?:尊敬的|各位|女士们|先生们|同志们|朋友们|亲爱的|主席先生|主席女士)")
_OWN_VOICE = re.compile(r"^(?:我|中方|对此|这|希望|我们|总之|事实|历史|美方|有关)")  # a spokesperson's comment after a quote
_SELF = re.compile(r"我|中方|本人|本部|本委")
_FULL_TEXT = re.compile(r"(?:全文如下|原文如下|以下为\S{0,6}全文|讲话全文|内容如下)[：:。]?$")
_SENTENCE_STOP = re.compile(r"[。！？]")
_CLAUSE_STOP = re.compile(r"[，,；;]")


def _simple(text: str) -> str:
    return to_simplified(text)


def _original(text: str, simple: str, part: str) -> str:
    """`part` (found in the simplified form) as spelled in the original text, when lengths line up."""
    i = simple.find(part)
    return text[i : i + len(part)] if i >= 0 and len(simple) == len(text) else part


def speech_subject(text: str) -> str:
    """The speaker of reported speech at the start of a sentence in `text` (simplified), or ""."""
    stop = _SENTENCE_STOP.search(text)
    first_sentence = text[: stop.start()] if stop else text
    for clause in _CLAUSE_STOP.split(first_sentence, maxsplit=4)[:4]:
        clause = clause.strip()
        verb = _SPEECH_VERB.search(clause, 2, _SPEECH_REACH)
        if verb and verb.start() <= 60 and not _SUBJECT_STOP.search(clause, 0, verb.start()):
            name = speaker_name(clause[: verb.start()])
            if _full_name(name):
                return name
    return ""


def _full_name(name: str) -> bool:
    """A name that stands on its own (not a pronoun or a short form needing an earlier mention)."""
    return len(name) >= 2 and not (len(name) == 2 and not is_person_name(name) and name not in ("警方",))


def _signed(doc: CleanDocument) -> str:
    """The speaker a signature line names (`——傅聪在亚信外长会议上的主旨演讲` → 傅聪), "" for none."""
    signature = doc.cues.get("signature")
    name = speaker_name(_simple(signature)) if signature else ""
    return name if _full_name(name) else ""


def document_speaker(doc: CleanDocument) -> str:
    """The document's speaker: the one its signature names (unless the title names a spokesperson), else
    the best-supported candidate among title, signature and speech cues."""
    votes: Counter[str] = Counter()
    title = _simple(doc.title)
    m = _TITLE_SPOKESPERSON.search(title)
    signed = _signed(doc)
    if signed and not (m and is_person_name(m.group(1))):
        return signed  # `——傅聪在…上的主旨演讲` says who delivers the text: no one its body mentions outweighs it
    if signed:
        votes[signed] += 3
    if m and is_person_name(m.group(1)):
        votes[m.group(1)] += 4
    elif _TITLE_ROLE_ONLY.match(title):
        votes[_TITLE_ROLE_ONLY.match(title).group(1)] += 2
    m = _TITLE_PREFIX.match(title)
    if m:
        name = speaker_name(m.group(1))
        if _full_name(name):
            votes[name] += 2
    for p in doc.paragraphs[:40]:
        simple = _simple(p.text)
        name = speech_subject(simple)
        if name:
            votes[name] += 1
        answer = _ANSWER.match(simple)
        if answer and answer.group(1) != "答" and not _ASK.match(simple) and is_person_name(answer.group(1)):
            votes[answer.group(1)] += 2  # a named turn (`汪文斌：`) outweighs a bare role in the title
        wechat = _WECHAT.search(simple)
        if wechat:
            votes[wechat.group(1)] += 1
    if not votes:
        return ""
    return max(votes.items(), key=lambda kv: (kv[1], is_person_name(kv[0])))[0]  # a tie goes to a named person


def _find_original(doc: CleanDocument, simple_name: str) -> str:
    """Spell a name found in simplified text as the document spells it."""
    if not simple_name:
        return ""
    for text in [doc.title, doc.cues.get("signature", "")] + [p.text for p in doc.paragraphs[:40]]:
        simple = _simple(text)
        if simple_name in simple:
            return _original(text, simple, simple_name)
    return simple_name


def _is_transcript(doc: CleanDocument) -> bool:
    """Turns: answers named by a person (`汪文斌：`) or `答：`, and questions (`记者：`, `问：` or bold ones)."""
    simple = [_simple(p.text) for p in doc.paragraphs]
    asked = [bool(_ASK.match(s)) for s in simple]
    bold = sum(p.strong and p.text.rstrip("*　 ")[-1:] in "？?" for p in doc.paragraphs)
    answers = sum(bool(m) and not ask and (m.group(1) == "答" or is_person_name(m.group(1))) for s, ask in zip(simple, asked) for m in [_ANSWER.match(s)])
    asks = sum(asked)
    return bool(answers and (asks or bold >= 2))


def _statement_start(doc: CleanDocument, side: MetaHints, spans: list[list[Span]], voted: str) -> int | None:
    """Where one speaker's statement begins (0: the whole body), or None for a news report.

    Evidence comes from the body: a salutation opening a speech, a signature, a speaker given by the
    sidecar or front matter, an intro saying the full text follows, or first-person words that report
    nobody under a title naming a person or a body (`voted`: `document_speaker(doc)`)."""
    if side.speaker or doc.hints.speaker or doc.cues.get("signature"):
        return 0
    texts = [p.text for p in doc.paragraphs]
    if any(_SALUTATION.match(_simple(t).lstrip()) for t in texts[:2]):
        return 0
    for i, t in enumerate(texts[:6]):
        if _FULL_TEXT.search(_simple(t).strip()):
            return i + 1
    speaker = _simple(voted)
    first_person = any(_SELF.search(_simple(t)) for t in texts)
    if first_person and (named(speaker) or ORG.match(speaker)) and not any(span.attribution.cue for runs in spans for span in runs):
        return 0  # `王毅：…` over words in the first person that report nobody: his own
    return None


def _statement(speaker: str, cue: str) -> Attribution:
    if not speaker:
        return Attribution()
    strength = "strong" if cue in ("sidecar", "front_matter", "signature") else "medium"
    return Attribution(speaker, kind="statement", cue=cue, evidence=speaker, strength=strength)


def _transcript_spans(paragraphs: list[Paragraph], spokesperson: str) -> list[list[Span]]:
    """Questions are the journalists'; answers the spokesperson's named in front of them (carried over
    to the next paragraphs), except a third person's words an answer quotes: relayed speech."""
    out: list[list[Span]] = []
    answerer, label = spokesperson, ""
    names = Names()
    for p in paragraphs:
        simple = _simple(p.text)
        ask = _ASK.match(simple)
        if ask or p.strong:
            journalist = next((g for g in ask.groups() if g), "记者") if ask else "记者"
            cue = _original(p.text, simple, ask.group(0)) if ask else "bold paragraph"
            a = Attribution(_original(p.text, simple, journalist), kind="question", cue="turn", evidence=cue, strength="strong")
            out.append([Span(0, len(p.text), a)])
            continue
        answer = _ANSWER.match(simple)
        if answer:
            name = answer.group(1)
            answerer = spokesperson if name == "答" or not is_person_name(name) else _original(p.text, simple, name)
            label = _original(p.text, simple, answer.group(0))
        if not answerer:
            out.append([Span(0, len(p.text), Attribution(kind="answer"))])
            continue
        turn = Attribution(answerer, kind="answer", cue="turn", evidence=label or "press conference", strength="strong")
        out.append(_answer_spans(p.text, turn, names, answer.end() if answer else 0))
    return out


def _answer_spans(text: str, turn: Attribution, names: Names, skip: int) -> list[Span]:
    """An answer paragraph's runs: the spokesperson's words, and the words of anyone they quote (which go
    on over the next sentences of the paragraph until the spokesperson speaks for themselves again)."""
    s = aligned_simple(text)
    changes: list[tuple[int, Attribution]] = []
    quoted: Attribution | None = None
    for a, b in sentences(s):
        runs = [(at, replace(r, kind="answer")) for at, r in sentence_runs(s, text, max(a, skip), b, names, turn, relay_by=turn) if r.shown]
        if runs:
            changes += [(a, turn), *runs]
            quoted = runs[-1][1]
        elif quoted and not _OWN_VOICE.match(s[a:b].lstrip()):
            changes.append((a, replace(quoted, cue="carried", strength="medium")))
        else:
            changes.append((a, turn))
            quoted = None
    return merge(changes, len(text))


def _dates(doc: CleanDocument, hints: MetaHints, kind: str) -> tuple[str, str]:
    """The statement date and the publication date. An agency's `新华社北京5月19日电` names no year and dates
    nothing: the byline's publication day does. A press conference's title names the day it was held
    (`2022年11月8日外交部发言人…主持例行记者会`), also when the page was posted the next day, and a date line
    in its body (a related headline below it) does not outweigh that."""
    cues = doc.cues
    title_date = cues.get("title_date", "")
    published = hints.published or cues.get("published") or title_date
    date = hints.date or (title_date if kind == "transcript" else "") or cues.get("dateline", "")
    return date or published, published


def _outlet(doc: CleanDocument, hints: MetaHints, kind: str, speaker: str) -> str:
    """The publishing site or agency; a ministry's own transcript is published by the ministry."""
    cues = doc.cues
    for value in (hints.outlet, cues.get("site"), cues.get("trailer"), cues.get("title_site"), cues.get("source"), cues.get("page_end")):
        if outlet := valid_outlet(value or ""):
            return outlet
    for p in doc.paragraphs[:5]:
        simple = _simple(p.text)
        m = _WECHAT.search(simple) or (_AGENCY.match(simple) if _AGENCY_DATELINE.match(simple) else None)
        if m:
            return _original(p.text, simple, m.group(1))
    if kind == "transcript":  # `2022年1月20日外交部发言人…主持例行记者会`: the ministry's own page
        title = re.sub(r"^\s*\d{4}年\d{1,2}月\d{1,2}日", "", doc.title)
        m = re.match(r"^([\u4e00-\u9fff]{2,10}?[部委办院局])发言人", _simple(title))
        if m:
            return title[: len(m.group(1))]
    return ""


def attribute(doc: CleanDocument, sidecar: MetaHints | None = None) -> Document:
    """Attach metadata and per-quote speakers; sidecar values override everything."""
    side = sidecar or MetaHints()
    hints = doc.hints
    voted = "" if side.speaker or hints.speaker else document_speaker(doc)
    speaker = side.speaker or hints.speaker or _find_original(doc, voted)
    texts = [p.text for p in doc.paragraphs]
    if _is_transcript(doc):
        kind, spans = "transcript", _transcript_spans(doc.paragraphs, speaker)
    else:
        spans = article_spans(texts)
        start = _statement_start(doc, side, spans, voted)
        kind = "article" if start is None else "statement"
        if start is not None:
            cue = "sidecar" if side.speaker else "front_matter" if hints.speaker else "signature" if _signed(doc) else "intro" if start else "document"
            one = _statement(speaker, cue)
            spans = spans[:start] + [[Span(0, len(t), one)] for t in texts[start:]]
    date, published = _dates(doc, hints, kind)
    meta = DocMeta(
        title=side.title or valid_title(doc.title),
        speaker=speaker,
        date=side.date or date,
        published=side.published or published,
        outlet=side.outlet or _outlet(doc, hints, kind, speaker),
        url=side.url or hints.url or doc.cues.get("url", ""),
        kind=kind,
    )
    attributions = [runs[0].attribution if runs else Attribution() for runs in spans]
    return Document(doc.raw, meta, doc.paragraphs, attributions, spans)

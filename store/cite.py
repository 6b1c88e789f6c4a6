"""A citation to paste: the matched sentence(s) without turn labels, with who, when, where, in a Chinese
or an English style and in the script the user chose.

Only a speaker whose evidence is strong enough to show is named (`Attribution.stated_speaker`), with the
role the title gives them (`外交部发言人毛宁`); words relayed by a spokesperson name both
(`李强（汪文斌转述）`, `李强, relayed by 汪文斌`).
"""
from __future__ import annotations

import re

from store.retrieval import Hit
from store.textnorm import normalize, to_simplified, to_traditional

_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
_LABEL = re.compile(r"^\s*([^\s：:，。；“”「」]{1,24})\s*[：:]\s*")
_TITLE_DATE = re.compile(r"(?:\d{2,4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
_TURN_WORDS = re.compile(r"^(?:答|问|主持人|记者|.{0,20}(?:记者|追问|社|台|报|网))$")
WORDS = {
    "zh": {"speaker": "说话人未注明", "date": "日期不详", "relayed": "{speaker}（{by}转述）"},
    "en": {"speaker": "speaker not stated", "date": "date unknown", "relayed": "{speaker}, relayed by {by}"},
}


def convert(text: str, script: str) -> str:
    """The text in simplified ("s") or traditional ("t") script, or as written ("o")."""
    return to_simplified(text) if script == "s" else to_traditional(text) if script == "t" else text


def label_end(hit: Hit) -> int:
    """Where the quote starts after a leading turn label (`毛宁：`, `答：`, `法新社记者：`), or 0."""
    m = _LABEL.match(hit.quote)
    if not m:
        return 0
    label = normalize(m.group(1))
    a = hit.attribution
    names = {normalize(n) for n in (a.speaker, a.relayed_by, a.evidence.rstrip("：:")) if n}
    return m.end() if label in names or _TURN_WORDS.match(to_simplified(m.group(1))) else 0


def sentences(hit: Hit) -> str:
    """The sentence(s) of the passage the question matched, without a turn label; the whole passage
    when nothing in particular matched."""
    start = label_end(hit)
    text = hit.quote
    s, e = hit.span
    if not (start <= s < e <= len(text)):
        return text[start:].strip()
    bounds = [start] + [m.end() for m in _SENTENCE_END.finditer(text, start)] + [len(text)]
    first = max(b for b in bounds if b <= s)
    last = min((b for b in bounds if b >= e), default=len(text))
    return text[first:last].strip()


def role(hit: Hit) -> str:
    """The speaker's role when the title states it next to their name (`外交部发言人毛宁主持…`), or ""."""
    speaker = hit.attribution.stated_speaker
    title = _TITLE_DATE.sub(" ", hit.title)
    m = re.search(rf"([\u4e00-\u9fff]{{2,8}}(?:发言人|發言人))\s*{re.escape(speaker)}", title) if speaker else None
    return m.group(1) if m else ""


def speaker_text(hit: Hit, style: str) -> str:
    """Who said it, as the citation names them, with their role when known: "" when the evidence is
    too weak to say."""
    speaker = hit.attribution.stated_speaker
    if not speaker:
        return ""
    if hit.relayed_by:
        return WORDS[style]["relayed"].format(speaker=speaker, by=hit.relayed_by)
    known = role(hit)
    return (f"{known}{speaker}" if style == "zh" else f"{speaker} ({known})") if known else speaker


def _zh_date(iso: str) -> str:
    y, m, d = (iso.split("-") + ["", ""])[:3]
    return f"{y}年{int(m)}月{int(d)}日" if m.isdigit() and d.isdigit() else iso


def citation(hit: Hit, style: str = "zh", script: str = "o") -> str:
    """One line to paste: "zh" `毛宁（2023年2月3日，外交部）：“…”《标题》 URL`, or "en"
    `“…” — Mao Ning, 2023-02-03, outlet. Title. URL`; every text in `script`."""
    words = WORDS[style]
    quote = convert(sentences(hit), script)
    who = convert(speaker_text(hit, style), script)
    outlet, title = convert(hit.outlet, script), convert(hit.title, script)
    date = hit.date or hit.published
    if style == "zh":
        parts = "，".join(x for x in (_zh_date(date) if date else words["date"], outlet) if x)
        line = f"{who or words['speaker']}（{parts}）：“{quote}”" + (f"《{title}》" if title else "")
    else:
        line = f"“{quote}” — " + ", ".join(x for x in (who or words["speaker"], date or words["date"], outlet) if x)
        line += f". {title}" if title else ""
    return line + (f" {hit.url}" if hit.url else "")

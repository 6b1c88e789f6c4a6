"""Where a paragraph says who is speaking: sentences, reporting-verb cues in either order, colon-quotes.

Works on simplified text aligned character by character with the original (`aligned_simple`), so
every offset found here is an offset into the paragraph as the document spells it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.textnorm import to_simplified

# Reporting verbs (simplified), longest first so that 供称 wins over 称 and 指出 over 指.
VERBS = sorted(
    """表示 指出 强调 认为 介绍 宣布 呼吁 提出 坦言 透露 重申 警告 主张 回应 答道 补充说 补充指 补充 直言 表态 谈到 谈及
    批评 供称 形容 笑言 笑说 质疑 写道 续指 续称 续说 续表示 承认 否认 解释 相信 希望 担心 忧虑 估计 建议 反驳 直指 表明
    坚称 声称 说道 感叹 感慨 总结 问道 反问 追问 坦承 自言 称赞 赞扬 要求 同意 提到 回忆 举例 直斥 痛斥 感言 明言 提醒
    揭露 宣称 指称 指控 作供 供述 陈词 求情 引述 援引 转述 引用 发问 谈道 称 说 讲 谓 指 问 答 觉得 深信 盛赞 写
    期望 期待 寄语 勉励 告诫 忆述 憧憬 慨叹 介绍说 告诉记者 对记者说 向记者表示 抱怨 交代 坦陈 直呼 赞叹道 感叹道""".split(),
    key=len,
    reverse=True,
)
RELAY_VERBS = {"引述", "援引", "转述", "引用"}
# Verbs that also take a plain object (提出倡议, 介绍情况, 宣布决定): a report only before punctuation or a quote.
_OBJECT_VERBS = set("提出 介绍 宣布 要求 希望 相信 同意 承认 否认 建议 回忆 提到 表明 总结 举例 期望 期待 寄语 勉励 提醒 揭露 解释 表达 求情 回应 主张 重申 警告 呼吁 谈到 谈及".split())
# Characters after a short verb that make it part of another word (说明书, 称为, 指导, 问题…).
_NOT_AFTER = {
    "说": "服法话起成", "称": "为号职呼作", "指": "导示挥标数定南引望派令甲纹明", "问": "题责候世卷", "讲": "究座解台课话",
    "谓": "语", "答": "案应复卷题辩谢", "写": "作字信成下入进了",
}
# Characters before a short verb that make it part of another word (顾问, 访问, 演讲, 名称, 解说…).
_NOT_BEFORE = {
    "问": "顾访学询慰审疑质盘提发反追", "称": "简号名宣声堪俗人对职统昵报", "说": "小传学解游演据听虽再来", "指": "手",
    "讲": "演听宣主开", "答": "回解问报应", "写": "编书描抄改撰填", "谓": "称所无何可",
}
_AS_SAID = re.compile(r"正如|如同|诚如|正像|就像")
_VERB_RE = re.compile("|".join(re.escape(v) for v in VERBS))
_VERB_FIRST = re.compile(f"[{re.escape(''.join(sorted({v[0] for v in VERBS})))}]")  # where a verb can start: a quick scan
OPENERS, CLOSERS = "「『“‘\"", "」』”’\""
_CLAUSE_SEP = "，,；;：:"  # not 、: `外交部、商务部表示` is one subject
_SENTENCE_END = "。！？!?"
_SUBJECT_STOP = re.compile(r"[，,。；;：:！？!?]")
_WORDS_FOLLOW = "，,：:" + OPENERS  # after a verb, they tell that words reported follow


def aligned_simple(text: str) -> str:
    """`text` in simplified characters, exactly as long as `text` (character by character if needed)."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else "".join(to_simplified(c)[:1] or c for c in text)


def _marks(chars: str) -> re.Pattern[str]:
    """A pattern matching the quote marks and `chars`."""
    return re.compile(f"[{re.escape(OPENERS + CLOSERS + chars)}]")


_QUOTE_MARKS = _marks("")
_SENTENCE_MARKS = _marks(_SENTENCE_END)
_CLAUSE_MARKS = _marks(_CLAUSE_SEP)
_SENTENCE_TAIL = _SENTENCE_END + CLOSERS + "）) 　"
_CLOSING_END = _SENTENCE_END + "…"  # before a closing quote mark, it ends the sentence


def quote_depths(s: str, start: int = 0, end: int | None = None, marks: re.Pattern[str] = _QUOTE_MARKS) -> Iterator[tuple[int, int, int]]:
    """(i, depth before, depth after) for each character `marks` matches (the quote marks, and any others
    it names): how deep inside quotes it is. A closer outside any quote, and a `"` inside one (which
    closes it), are read as such. Other characters leave the depth as it is, so they are not visited."""
    depth = 0
    for m in marks.finditer(s, start, len(s) if end is None else end):
        i = m.start()
        c, before = s[i], depth
        if c in OPENERS and not (c == '"' and depth):
            depth += 1
        elif c in CLOSERS and depth:
            depth -= 1
        yield i, before, depth


def quote_end(s: str, start: int, end: int | None = None) -> int:
    """Where the quote opening at `start` closes (the closer's index), or -1."""
    if s[start : start + 1] not in OPENERS:
        return -1
    return next((i for i, before, after in quote_depths(s, start, end) if before and not after), -1)


def sentences(s: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at 。！？ outside quotes, or at a quote closing one."""
    out, start = [], 0
    for i, before, after in quote_depths(s, marks=_SENTENCE_MARKS):
        if i < start:
            continue
        closes = before and not after and i > 0 and s[i - 1] in _CLOSING_END
        if closes or s[i] in _SENTENCE_END and not before:
            end = i + 1
            while end < len(s) and s[end] in _SENTENCE_TAIL:
                end += 1
            if s[start:end].strip():
                out.append((start, end))
            start = end
    if s[start:].strip():
        out.append((start, len(s)))
    return out


def clause_starts(s: str, start: int, end: int) -> list[int]:
    """Where clauses begin inside a sentence, outside quotes."""
    marks = quote_depths(s, start, end, _CLAUSE_MARKS)
    return [start] + [i + 1 for i, before, _ in marks if s[i] in _CLAUSE_SEP and not before and i + 1 < end]


@dataclass(frozen=True)
class Cue:
    """A subject phrase and a reporting verb (or a colon) at offset `at` of a paragraph."""

    at: int  # where the clause (and the speaker's words) begins
    subject: str  # the subject phrase, simplified
    subject_start: int
    verb: str  # "" for a bare colon-quote (`王毅：“…”`)
    verb_end: int  # where the words reported begin

    @property
    def relays(self) -> bool:
        return self.verb in RELAY_VERBS


def _verb_ok(s: str, m: re.Match[str]) -> bool:
    verb, (start, end) = m.group(0), m.span()
    after = s[end : end + 1]
    before = s[start - 1 : start]
    if before and before in _NOT_BEFORE.get(verb, ""):
        return False
    if s[end : end + 2] in ("期间", "之后", "时候") or after in "时后" and after:
        return False  # 律师求情期间: a time clause, not a report
    if verb in _OBJECT_VERBS and after and after not in _WORDS_FOLLOW:
        return False
    return not (after and (after in _NOT_AFTER.get(verb, "") or after == "的")) and before != "所"


def may_cue(s: str, start: int, end: int) -> bool:
    """Whether the sentence start–end can hold a cue at all: a colon, or a reporting verb starting in it (one
    starting at its end may still be read, and may run past it) that `cue_at` could take: one `_verb_ok`
    accepts, or one after 所 (`正如…所说`). Tried at every position a verb may start, the longest verb there:
    the one `cue_at` finds there too, as the 6 characters it reads past a clause's limit hold any verb whole.
    One scan spares a cue search per clause."""
    if "：" in s[start:end] or ":" in s[start:end]:
        return True
    verb = _VERB_RE.search(s, start, end + 6)  # (a quick scan: most sentences hold no verb at all)
    if not verb or verb.start() > end:
        return False
    for first in _VERB_FIRST.finditer(s, verb.start(), end + 1):
        m = _VERB_RE.match(s, first.start(), end + 6)
        if m and (_verb_ok(s, m) or s[m.start() - 1 : m.start()] == "所"):
            return True
    return False


def cue_at(s: str, at: int, end: int, longest: int = 60) -> list[Cue]:
    """Candidate cues for a clause starting at `at`: each reporting verb reachable without crossing a
    clause mark, with the subject before it; the caller validates the subject as a speaker."""
    while at < end and s[at] in " 　":
        at += 1
    reach = min(end, at + longest + 6)
    stop = _SUBJECT_STOP.search(s, at, reach)
    limit = stop.start() if stop else reach
    out = []
    first = _VERB_FIRST.search(s, at, limit + 6)  # where the first verb may start (none: only a colon-quote may be a cue)
    bare = _VERB_RE.match(s, at, limit + 6) if first and first.start() == at else None
    if bare and _verb_ok(s, bare) and s[bare.end() : bare.end() + 1] in _WORDS_FOLLOW:
        out.append(Cue(at, "", at, bare.group(0), bare.end()))  # `…，坦言：「…」`: the sentence's subject speaks
    for m in _VERB_RE.finditer(s, max(at + 1, first.start()), limit + 6) if first else ():
        if m.start() > limit or m.start() - at > longest:
            break
        as_said = s[m.start() - 1 : m.start()] == "所" and _AS_SAID.match(s, at) and s[m.end() : m.end() + 1] in "，,"
        if _verb_ok(s, m) or as_said:  # `正如哈西娜总理所说，…`: the words that follow are hers
            out.append(Cue(at, s[at : m.start() - 1] if as_said else s[at : m.start()], at, m.group(0), m.end()))
    colon = stop and s[stop.start()] in "：:" and stop.start() + 1 < end
    # `王毅：“…”` anywhere, and a turn label opening the paragraph (`王毅：第一，…`) with or without quotes
    if not out and colon and (s[stop.start() + 1] in OPENERS and stop.start() - at <= 20 or at == 0 and stop.start() <= 12):
        out.append(Cue(at, s[at : stop.start()], at, "", stop.start() + 1))
    return out


def quote_first(s: str, start: int, end: int) -> list[Cue]:
    """Cues after a quote that opens the sentence (`“……”王毅说。`, `「……」他續說，`)."""
    close = quote_end(s, start, end)
    if close < 0:
        return []
    j = close + 1
    while j < end and s[j] in "，, 　":
        j += 1
    cues = cue_at(s, j, end, longest=20)
    return [Cue(start, c.subject, c.subject_start, c.verb, c.verb_end) for c in cues if _ends_report(s, c.verb_end, end)]


def _ends_report(s: str, at: int, end: int) -> bool:
    """After a quote-first cue, the sentence ends or goes on with more quoted words."""
    rest = s[at:end].lstrip("道着过了")
    return not rest or rest[0] in _SENTENCE_END + "，,：:" + OPENERS + CLOSERS

"""Synthetic benchmark corpora with ground truth for quotebot.

`generate_corpus` recombines real sentences into news pages, statements, press-conference transcripts and
encyclopedia-style pages. The sentences come from the foreign-ministry press pages and the CMRC paragraphs
under ../shared when those exist, and always from the bundled sample corpus. Pages are written as plain
text, Markdown and HTML, with the noise that real scraped pages carry. bench.queries cuts a fixed mix of queries,
each with its expected paragraph, from the result.

An output folder holds:
    corpus/                  the documents (pass this folder to `quotebot reindex --corpus`)
    ground_truth.jsonl       one record per targeted paragraph: file, verbatim text, speaker, dates, outlet
    traps.jsonl              boilerplate (related headlines, editor names) on targeted pages
    manifest.jsonl           one line per document: format, encoding, script, outlet, paragraph count
    queries-<n>-<seed>.jsonl written by make_queries
    info.json                the CorpusInfo, written last (it marks the folder complete)

Real sentences are split by block (one question with its answer, a statement, a Wikipedia paragraph) into:
held-out blocks (never written; misses come from them), decoy blocks (written only as "related news"
headlines), reserved blocks (each written once, in a targeted story) and common blocks (reused freely,
lightly remixed). Because only targeted stories use reserved blocks, a fragment of a targeted paragraph
occurs once in the corpus (or in its near-duplicate copies), even at 1M passages.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import IO, Callable, Iterator

from bench import words
from bench.words import (
    ASKERS, CHARSET_MARK, CITIES, CJK, COPYRIGHTS, COPY_CARDS, COUNTRIES, Deck, EDITOR_CREDITS,
    EDITOR_SURNAMES, EVENTS, FORMAT_CARDS, HALFWIDTH, KIND_CARDS, KIND_FAMILIES, KIND_SIZES, MFA,
    OFFICIALS, OUTLETS, Outlet, PINYIN, PINYIN_CHARS, PINYIN_NOTE, PLACEHOLDER, PUB_LINES, QUESTION_FORMS,
    REPORTER_SURNAMES, SHARE_WIDGETS, SPAM_WORDS, SPEECH_FORMS, SPOKESPERSONS, SYNONYMS, Speaker,
    VARIANT_CARDS, VERBS, WIRES, convert, headline, masked_lines, person, split_sentences, to_script,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"  # unless QUOTEBOT_SHARED names another folder
SHARED_SOURCES = ("mfa_press/mfa_press.jsonl.gz", "cmrc2018/cmrc2018_dev.json")  # under <shared>/corpora
SAMPLE_CORPUS = ROOT / "corpus"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
INFO_NAME = "info.json"

BODY_MAX = 200  # regrouped body text; attribution cues add at most ~50 characters
GT_GOAL = 3000  # targeted paragraphs per corpus (fewer for small corpora)
POOL_SPLIT = {"held_out": 0.04, "decoy": 0.03, "reserved": 0.25}  # the rest is common

# ---------------------------------------------------------------------------------------------------
# Source pool
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A unit of real text: one question with its answer, a statement, a Wikipedia paragraph or a sample line."""

    family: str  # "qa", "prose" or "wiki"
    title: str
    sentences: tuple[str, ...]
    asker: str = ""  # "法新社记者", "问"… for "qa" blocks
    question: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pool:
    """Source blocks by family, split into what generation may write and what it must not."""

    common: dict[str, list[Block]]
    reserved: dict[str, list[Block]]
    held_out: list[Block]  # never written: miss queries come from here
    decoys: list[str]  # headlines only ever written in "related news" lists
    masked_text: str  # masked, normalised content generation may write (sentences, questions, titles), one per line
    masked_decoys: str


_ASKER = re.compile(r"^([^：:]{1,20}记者|问|追问)[：:]")
_ANSWERER = re.compile(r"^(?:汪文斌|赵立坚|毛宁|华春莹|林剑|耿爽|答)[：:]")
_TAG = re.compile(r"<[^>]+>")
_SEED_NOISE = ("版权", "责编", "责任编辑", "来源", "评论", "http", "最后更新", "发布时间")


def _page_blocks(title: str, paragraphs: list[str], questions: set[int]) -> list[Block]:
    """Splits one press page into its opening remarks ("prose") and one "qa" block per question."""
    segments: list[tuple[str, list[str], list[str]]] = [("", [], [])]
    for i, para in enumerate(paragraphs):
        asked = _ASKER.match(para) if i in questions else None
        if asked:
            segments.append((asked.group(1), split_sentences(para[asked.end():]), []))
        else:
            segments[-1][2].extend(split_sentences(_ANSWERER.sub("", para)))
    return [Block("qa" if asker else "prose", title, tuple(answer), asker, tuple(_trim(question, 200)))
            for asker, question, answer in segments
            if sum(map(len, answer)) >= 40 and (question or not asker)]


def _trim(sentences: list[str], limit: int) -> list[str]:
    """The leading sentences that fit in `limit` characters (at least one)."""
    kept: list[str] = []
    for sentence in sentences:
        if kept and sum(map(len, kept)) + len(sentence) > limit:
            break
        kept.append(sentence)
    return kept


def _mfa_blocks(path: Path) -> list[Block]:
    blocks: list[Block] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            blocks += _page_blocks(row["title"], row["text"].split("\n"), set(row["question_paragraphs"]))
    return blocks


def _cmrc_blocks(path: Path) -> list[Block]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    blocks = (Block("wiki", item["title"], tuple(split_sentences(para["context"])))
              for item in data for para in item["paragraphs"])
    return [b for b in blocks if sum(map(len, b.sentences)) >= 40]


def _sample_blocks(folder: Path) -> list[Block]:
    """One "prose" block per clean content line of the sample corpus (tags, pinyin notes and bylines dropped; a
    line continuing a sentence broken by the scrape loses that fragment)."""
    blocks = []
    for path in sorted(folder.glob("*.txt")):
        text = _TAG.sub("\n", path.read_text(encoding="utf-8", errors="replace"))
        lines = [line.strip() for line in convert(PINYIN_NOTE.sub("", text), "t2s").splitlines() if line.strip()]
        for previous, line in zip([""] + lines, lines):
            sentences = split_sentences(line) if len(line) >= 30 and not any(w in line for w in _SEED_NOISE) else []
            if len(previous) >= 30 and not previous.endswith(("。", "！", "？", "”", "：")):
                sentences = sentences[1:]  # the line ends a sentence the previous content line began
            if sum(map(len, sentences)) >= 40:
                blocks.append(Block("prose", "", tuple(sentences)))
    return blocks


def _asked(block: Block, rng: random.Random) -> Block:
    """A prose block as the answer to a journalist's question about its first sentence (for pools without real
    press conferences)."""
    question = rng.choice(QUESTION_FORMS).format(h=headline(block.sentences[0]))
    return Block("qa", block.title, block.sentences, rng.choice(ASKERS), (question,))


def resolve_shared(shared: Path | None) -> Path | None:
    """The shared folder to read real corpora from: `shared`, else $QUOTEBOT_SHARED, else ../shared; None
    when it has no corpora."""
    if shared is None:
        shared = Path(os.environ.get("QUOTEBOT_SHARED") or DEFAULT_SHARED)
    shared = Path(shared)
    return shared if (shared / "corpora").is_dir() else None


def sources_key(shared: Path | None) -> str:
    """Which source corpora a pool reads, as a short hash (names and sizes): "sample" for the sample corpus only."""
    found = [(name, (shared / "corpora" / name).stat().st_size) for name in SHARED_SOURCES
             if shared is not None and (shared / "corpora" / name).exists()]
    return hashlib.sha256(repr(found).encode()).hexdigest()[:8] if found else "sample"


@lru_cache(maxsize=4)
def load_pool(shared: Path | None, seed: int) -> Pool:
    """Reads the real sentences (shared corpora when `shared` is given, plus the sample corpus) and splits them."""
    blocks = _sample_blocks(SAMPLE_CORPUS)
    if shared is not None:
        for name, reader in zip(SHARED_SOURCES, (_mfa_blocks, _cmrc_blocks)):
            if (shared / "corpora" / name).exists():
                blocks += reader(shared / "corpora" / name)
    rng = random.Random(f"pool-{seed}")
    if not any(b.family == "qa" for b in blocks):  # the sample corpus alone: make every other block a Q&A
        blocks = [_asked(b, rng) if i % 2 else b for i, b in enumerate(blocks)]
    common: dict[str, list[Block]] = {}
    reserved: dict[str, list[Block]] = {}
    held_out: list[Block] = []
    decoy_blocks: list[Block] = []
    for family in ("qa", "prose", "wiki"):
        members = [b for b in blocks if b.family == family]
        rng.shuffle(members)
        cuts = [round(len(members) * share) if len(members) >= 10 else 0 for share in POOL_SPLIT.values()]
        held_out += members[:cuts[0]]
        decoy_blocks += members[cuts[0]:cuts[0] + cuts[1]]
        reserved[family] = members[cuts[0] + cuts[1]:sum(cuts)]
        common[family] = members[sum(cuts):]
    decoys = sorted({headline(s) for b in decoy_blocks for s in b.sentences})
    written = [b for family in common for b in common[family] + reserved[family]]
    lines = chain.from_iterable((b.title, *b.question, *b.sentences) for b in written)
    return Pool(common, reserved, held_out, decoys, masked_lines("\n".join(lines)), masked_lines("\n".join(decoys)))


# ---------------------------------------------------------------------------------------------------
# Stories: what is said, by whom and when
# ---------------------------------------------------------------------------------------------------


@dataclass
class Para:
    """One paragraph of a story, before publication."""

    text: str  # simplified script
    speaker: str  # "" when nobody is quoted; the journalist for a question
    question: bool = False
    cue: int = 0  # length of the attribution the page put before the quoted words (`汪文斌：`, `王毅指出，`)


@dataclass
class Story:
    """What is said, by whom and when; published as one page or, when syndicated, several."""

    number: int
    kind: str  # "transcript", "article", "statement" or "wiki"
    title: str
    speaker: Speaker | None
    day: date  # of the statement (publication for "wiki")
    header: list[str]  # signature and date lines shown above the body
    paras: list[Para]
    target: bool  # its paragraphs go to the ground truth

    @property
    def statement_date(self) -> str:
        """The ISO date of the statement; none for an encyclopedia page."""
        return self.day.isoformat() if self.kind != "wiki" else ""


_VARIABLE = re.compile(r"(?P<year>(?<!\d)20[0-2]\d年)|(?P<md>(?<!\d)1?\d月[1-3]?\d日)"
                       r"|(?P<num>(?<![A-Za-z·.+\d])\d+(?![A-Za-z·.+\d]|年|世纪|月|日))"
                       rf"|(?P<country>(?<![非道内])(?:{'|'.join(sorted(COUNTRIES, key=len, reverse=True))}))")


class Variation:
    """Per-story substitution of recent years, dates, counts and some countries, consistent within the story."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._month_shift = rng.randint(1, 11)  # days are kept, so "24日至28日" ranges stay consistent
        self._memo: dict[str, str] = dict(zip(rng.sample(COUNTRIES, 2), rng.sample(COUNTRIES, 2)))

    def __call__(self, text: str) -> str:
        return _VARIABLE.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        key = match.group(0)
        if key not in self._memo:
            self._memo[key] = self._fresh(match)
        return self._memo[key]

    def _fresh(self, match: re.Match[str]) -> str:
        rng = self._rng
        if match.group("year"):
            return f"{rng.randint(2015, 2024)}年"
        if match.group("md"):
            month, day = map(int, match.group(0)[:-1].split("月"))
            month = (month - 1 + self._month_shift) % 12 + 1
            return f"{3 if month == 2 and day > 28 else month}月{day}日"
        if match.group("num"):
            width = len(match.group(0))
            return str(rng.randint(10 ** (width - 1) if width > 1 else 1, 10 ** width - 1))
        return match.group(0)  # a country outside the story's swaps


def _remix(sentences: list[str], rng: random.Random) -> None:
    """Lightly varies a reused block: sometimes drops one sentence, sometimes swaps two neighbours."""
    if len(sentences) >= 4 and rng.random() < 0.3:
        del sentences[rng.randrange(len(sentences))]
    if len(sentences) >= 2 and rng.random() < 0.2:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]


def _regroup(sentences: list[str], rng: random.Random) -> list[str]:
    """Joins consecutive sentences into paragraphs of about 50–200 characters; a tail under 40 joins the last one."""
    paras: list[str] = []
    current, goal = "", rng.randint(50, BODY_MAX)
    for sentence in sentences:
        if len(current) >= 40 and len(current) + len(sentence) > BODY_MAX:
            paras.append(current)
            current, goal = "", rng.randint(50, BODY_MAX)
        current += sentence
        if len(current) >= goal:
            paras.append(current)
            current, goal = "", rng.randint(50, BODY_MAX)
    if current:
        if paras and len(current) < 40:
            paras[-1] += current  # at most BODY_MAX + 39 characters
        else:
            paras.append(current)
    return paras


def _body(block: Block, rng: random.Random, vary: Variation, remix: bool) -> list[str]:
    """A block's sentences (remixed when the block is reused) as varied paragraph texts."""
    sentences = list(block.sentences)
    if remix:
        _remix(sentences, rng)
    return [vary(text) for text in _regroup(sentences, rng)]


def _transcript(blocks: Iterator[Block], size: int, speaker: Speaker, rng: random.Random, vary: Variation,
                remix: bool) -> list[Para]:
    """Questions (`X记者：…`) each followed by the answer, its first paragraph prefixed `汪文斌：` (or `答：`)."""
    paras: list[Para] = []
    while len(paras) < size:
        block = next(blocks)
        paras.append(Para(vary(f"{block.asker}：{''.join(block.question)}"), block.asker, question=True))
        prefix = "答：" if block.asker in ("问", "追问") else f"{speaker.name}："
        paras += [Para(prefix + text, speaker.name, cue=len(prefix)) if i == 0 else Para(text, speaker.name)
                  for i, text in enumerate(_body(block, rng, vary, remix))]
    del paras[size:]
    if paras[-1].question:
        paras.pop()
    return paras


def _prose(blocks: Iterator[Block], size: int, speaker: str, rng: random.Random, vary: Variation, remix: bool,
           cue: Callable[[bool], str] | None = None) -> list[Para]:
    """Paragraphs of consecutive blocks; `cue(first)` prefixes each block's first paragraph (news attribution)."""
    paras: list[Para] = []
    while len(paras) < size:
        for i, text in enumerate(_body(next(blocks), rng, vary, remix)):
            prefix = cue(not paras) if cue and i == 0 else ""
            paras.append(Para(prefix + text, speaker, cue=len(prefix)))
    return paras[:size]


def _news_cue(speaker: Speaker, day: date, rng: random.Random, first: bool) -> str:
    """`新华社北京7月10日电（记者X）外交部发言人汪文斌10日表示，` for the lead, `汪文斌指出，` later."""
    if not first:
        return f"{speaker.name}{rng.choice(VERBS)}，"
    dateline = ""
    if rng.random() < 0.4:
        reporter = person(REPORTER_SURNAMES, rng)
        dateline = f"{rng.choice(WIRES)}{rng.choice(CITIES)}{day.month}月{day.day}日电（记者{reporter}）"
    venue = "在例行记者会上" if speaker in SPOKESPERSONS else ""
    return f"{dateline}{speaker.role}{speaker.name}{day.day}日{venue}{rng.choice(VERBS)}，"


# ---------------------------------------------------------------------------------------------------
# Pages: how a story is published
# ---------------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One published copy of a story."""

    story: Story
    span: range  # indices into story.paras
    syndicated: bool  # the story has several pages
    outlet: Outlet
    published: datetime
    url: str
    fmt: str  # "txt", "md" or "html"
    script: str
    encoding: str
    pinyin: bool
    texts: list[str]  # paragraphs as published: edited for reprints, in the page's script
    breaks: dict[int, int]  # paragraph index → offset of a blank line breaking it mid-sentence
    blank_lines: bool  # txt/md: paragraphs separated by blank lines rather than single newlines
    md_html: bool  # md: body written as HTML <p> elements
    rel_path: str

    @property
    def title(self) -> str:
        return to_script(self.story.title, self.script)


@dataclass
class Boilerplate:
    """Page furniture the ingester must drop; None (or empty) where the page has none."""

    spam: str | None
    breadcrumb: str | None
    pub_line: str | None
    share: list[str]
    comments: str | None
    editor: str | None
    editor_name: str
    copyright: str | None
    title_line: str | None
    tracking: str | None
    related: list[tuple[str, str, str]]  # headline, timestamp, url
    trailing: str | None  # a last line naming the outlet


def _url(outlet: Outlet, when: datetime, rng: random.Random) -> str:
    return outlet.url.format(y=when.year, m=f"{when.month:02d}", d=f"{when.day:02d}", n=rng.randint(10**6, 10**8 - 1))


def _edit(text: str, rng: random.Random) -> str:
    """A syndication edit: a word changed for a synonym, or a comma turned into a semicolon (or nothing)."""
    roll = rng.random()
    if roll < 0.4:
        pairs = [pair for pair in SYNONYMS if pair[0] in text or pair[1] in text]
        if pairs:
            a, b = rng.choice(pairs)
            return text.replace(a, b, 1) if a in text else text.replace(b, a, 1)
    elif roll < 0.55 and "，" in text:
        commas = [i for i, ch in enumerate(text) if ch == "，"]
        i = rng.choice(commas)
        return text[:i] + "；" + text[i + 1:]
    return text


def _break_offset(text: str, rng: random.Random) -> int | None:
    """An offset between two Chinese characters, away from both ends, where a scrape broke the paragraph."""
    for _ in range(5):
        i = rng.randint(20, len(text) - 20)
        if CJK.match(text[i - 1]) and CJK.match(text[i]):
            return i
    return None


def _boilerplate(page: Page, decoys: list[str], rng: random.Random) -> Boilerplate:
    """Draws the page's furniture; a text page without byline or breadcrumb ends with its outlet's name."""
    o, pub = page.outlet, page.published
    breadcrumb = (f"{o.name} > {rng.choice(o.sections)} > {rng.choice(('正文', '国内', '国际', '即时新闻'))}"
                  if rng.random() < 0.35 else None)
    pub_line = (rng.choice(PUB_LINES).format(ts=f"{pub:%Y-%m-%d %H:%M:%S}", cn=f"{pub.year}年{pub.month}月{pub.day}日 "
                                            f"{pub:%H:%M}", o=o.name) if rng.random() < 0.7 else None)
    editor_name = person(EDITOR_SURNAMES, rng)
    related = []
    if decoys and rng.random() < 0.4:
        for title in rng.sample(decoys, min(len(decoys), rng.randint(4, 10))):
            when = pub - timedelta(minutes=rng.randint(5, 4000))
            related.append((title, f"{when:%Y-%m-%d %H:%M}", _url(o, when, rng)))
    has_outlet_cue = breadcrumb or (pub_line and "来源" in pub_line)
    return Boilerplate(
        spam="_".join(rng.sample(SPAM_WORDS, 4)) if rng.random() < 0.05 else None,
        breadcrumb=breadcrumb,
        pub_line=pub_line,
        share=[w.format(o=o.name) for w in rng.choice(SHARE_WIDGETS)] if rng.random() < 0.3 else [],
        comments=rng.choice(("评论 {k}", "已有{k}人参与评论", "【我要评论】({k})")).format(k=rng.randint(0, 300))
        if rng.random() < 0.25 else None,
        editor=rng.choice(EDITOR_CREDITS).format(n=editor_name) if rng.random() < 0.5 else None,
        editor_name=editor_name,
        copyright=rng.choice(COPYRIGHTS).format(o=o.name, y=pub.year, slug=o.slug, icp=rng.randint(10**7, 10**8))
        if rng.random() < 0.3 else None,
        title_line=f"{page.story.title}-{o.name}" if rng.random() < 0.2 else None,
        tracking=f"0100{rng.getrandbits(120):036d}" if rng.random() < 0.15 else None,
        related=related,
        trailing=None if has_outlet_cue else o.name,
    )


def _lines(*items: str | None) -> list[str]:
    return [item for item in items if item is not None]


def _render_txt(page: Page, bp: Boilerplate, bodies: list[str], rng: random.Random) -> str:
    """A saved text dump: spam title, breadcrumb, title, byline, share widget, body, credits, related list."""
    indent = "  " if rng.random() < 0.4 else ""
    sep = [""] if page.blank_lines else []
    out = _lines(bp.spam, bp.breadcrumb, "", page.story.title, bp.pub_line, *bp.share, "")
    for line in page.story.header:
        out += [indent + line, ""]
    for body in bodies:
        out += [indent + body, *sep]
    out += _lines(bp.comments, bp.editor, bp.copyright, bp.title_line, bp.tracking)
    if bp.related:
        out.append(rng.choice(("相关推荐", "相关新闻", "热点新闻 Hot")))
        if rng.random() < 0.5:
            out += [line for title, ts, _ in bp.related for line in (f"{ts} -", title)]
        else:
            out += [f"{title}  {ts}" for title, ts, _ in bp.related]
    return "\n".join(out + _lines(bp.trailing))


def _front_matter(page: Page, rng: random.Random) -> list[str]:
    """YAML front matter in one of three styles: a scraper export, explicit keys, Chinese dates."""
    story, o, pub = page.story, page.outlet.name, page.published
    quoted = json.dumps(story.title, ensure_ascii=False)
    style = rng.randrange(3)
    if style == 0:
        return ["layout: post", f"title: {quoted}", f"date: {pub:%Y-%m-%dT%H:%M:%S}.000Z", f"author: {o}",
                f"from: {page.url}", f"tags: [ {o} ]", f"categories: [ {o} ]"]
    if style == 1:
        return _lines(f"title: {quoted}", f"speaker: {story.speaker.name}" if story.speaker else None,
                      f"date: {story.statement_date}" if story.statement_date else None,
                      f"published: {pub.date().isoformat()}", f"outlet: {o}", f"url: {page.url}")
    return [f"title: {quoted}", f"date: {pub.year}年{pub.month}月{pub.day}日", f"source: {o}", f"link: {page.url}"]


def _render_md(page: Page, bp: Boilerplate, bodies: list[str], rng: random.Random) -> str:
    """Markdown with front matter; the body as Markdown paragraphs or as an HTML <div> with ad slots."""
    epoch_ms = int((page.published - datetime(1970, 1, 1)).total_seconds() * 1000) - 8 * 3600 * 1000
    out = ["---", *_front_matter(page, rng), "---"]
    if rng.random() < 0.3:
        out.append(f"<!--{epoch_ms}-->")
    if rng.random() < 0.4:
        out += [f"[{page.story.title}]({page.url})", "------"]
    out.append("")
    for line in page.story.header:
        out += [line, ""]
    if page.md_html:
        ad = '<section id="imu"><div id="dfp-ad-imu1">        </div></section>'
        out += ["<div>" + "".join(f"<p>{b}</p>" + (ad if i == 2 else "") for i, b in enumerate(bodies)) + "</div>", ""]
    else:
        for body in bodies:
            out += [body, ""]
    out += _lines(bp.editor)
    if bp.related:
        out += ["", "相关阅读：", *(f"- [{title}]({url}) {ts}" for title, ts, url in bp.related)]
    return "\n".join(out + _lines(bp.copyright)) + "\n"


def _render_html(page: Page, bp: Boilerplate, bodies: list[str], rng: random.Random) -> str:
    """A news page: meta tags, analytics scripts, nav, breadcrumb, share widget, body, related list, footer."""
    o, pub, url = page.outlet, page.published, page.url
    title = html.escape(page.story.title)
    speaker = page.story.speaker.name if page.story.speaker else ""
    config = json.dumps({"channel": o.sections[0], "share": ["微信", "微博"], "adSlot": "dfp-ad-imu1"}, ensure_ascii=False)
    out = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", f'<meta charset="{CHARSET_MARK}">',
        f"<title>{title}{rng.choice(('_', '-', ' | '))}{o.name}</title>",
        rng.choice((f'<meta property="og:title" content="{title}">', f'<meta name="ArticleTitle" content="{title}">',
                    "")),
        rng.choice((f'<meta property="article:published_time" content="{pub:%Y-%m-%dT%H:%M:%S}+08:00">',
                    f'<meta name="PubDate" content="{pub:%Y-%m-%d %H:%M}">',
                    f'<meta name="publishdate" content="{pub:%Y-%m-%d}">')),
        rng.choice((f'<meta property="og:site_name" content="{o.name}">', f'<meta name="SiteName" content="{o.name}">',
                    f'<meta name="ContentSource" content="{o.name}">')),
        rng.choice((f'<meta property="og:url" content="{url}">', f'<link rel="canonical" href="{url}">',
                    f'<meta name="Url" content="{url}">')),
        f'<meta name="keywords" content="{speaker};{o.sections[0]}">',
        f'<script>var _hmt = _hmt || [];(function() {{var hm = document.createElement("script");'
        f'hm.src = "https://hm.baidu.com/hm.js?{rng.getrandbits(128):032x}";'
        'document.head.appendChild(hm);})();</script>',
        f"<script>window.__PAGE_CONFIG__ = {config};</script>",
        "</head>", "<body>",
        '<nav class="nav"><a href="/">首页</a>' + "".join(f'<a href="/{i}/">{s}</a>' for i, s in enumerate(o.sections))
        + "</nav>",
    ]
    if bp.breadcrumb:
        out.append(f'<div class="crumbs"><a href="/">{o.name}</a> &gt; <a href="/0/">{o.sections[0]}</a> &gt; 正文</div>')
    out += [f"<h1>{title}</h1>",
            f'<div class="info"><span class="time">{pub:%Y-%m-%d %H:%M:%S}</span> '
            f'<span class="source">来源：{o.name}</span></div>']
    if bp.share:
        out.append('<div class="share">' + "".join(f"<a>{w}</a>" for w in bp.share) + "</div>")
    out.append('<div id="article" class="content">')
    out += [f'<p class="sign">{html.escape(line)}</p>' for line in page.story.header]
    out += [f"<p>{body}</p>" for body in bodies]
    out.append("</div>")
    out += [f'<div class="{cls}">{text}</div>'
            for cls, text in (("editor", bp.editor), ("comment", bp.comments)) if text]
    if bp.related:
        items = "".join(f'<li><a href="{u}">{html.escape(t)}</a><span class="time">{ts}</span></li>'
                        for t, ts, u in bp.related)
        out.append(f'<div class="related"><h3>相关新闻</h3><ul>{items}</ul></div>')
    footer = bp.copyright or f"Copyright © 2000-{pub.year} {o.slug}.com All Rights Reserved."
    out += [f'<div class="footer"><p>{html.escape(footer)}</p><p>京ICP备{rng.randint(10**7, 10**8)}号-1</p></div>',
            f'<img src="https://tracking.{o.slug}.com/p.gif?id={bp.tracking or rng.getrandbits(64)}" '
            'width="1" height="1">',
            "</body>", "</html>"]
    return "\n".join(out) + "\n"


RENDERERS = {"txt": _render_txt, "md": _render_md, "html": _render_html}
EXTENSIONS = {"txt": ("txt",), "md": ("md", "md", "markdown"), "html": ("html", "html", "htm")}


def _bodies(page: Page) -> list[str]:
    """Paragraph texts as they go into the page's markup: escaped, bolded, broken where the page says."""
    out = []
    for j, text in enumerate(page.texts):
        question = page.story.paras[page.span[j]].question
        if page.fmt == "html" or page.md_html:
            text = html.escape(text, quote=False)
            text = f"<strong>{text}</strong>" if question else text
        else:
            if j in page.breaks:
                gap = "\n\n" if page.blank_lines else "\n"
                text = text[:page.breaks[j]] + gap + text[page.breaks[j]:]
            text = f"**{text}**" if question and page.fmt == "md" else text
        out.append(text)
    return out


def render(page: Page, bp: Boilerplate, rng: random.Random) -> str:
    """The page's full text: furniture in the page's script, paragraph texts verbatim, pinyin notes if any."""
    skeleton = RENDERERS[page.fmt](page, bp, [f"@@{j}@@" for j in range(len(page.texts))], rng)
    bodies = _bodies(page)
    text = PLACEHOLDER.sub(lambda m: bodies[int(m.group(1))], to_script(skeleton, page.script))
    return PINYIN_CHARS.sub(lambda m: f"{m.group(0)}({PINYIN[m.group(0)]})", text) if page.pinyin else text


def encode(text: str, encoding: str) -> tuple[bytes, str]:
    """The page's bytes and encoding, falling back to UTF-8 when the text does not fit the chosen one."""
    label = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
    try:
        return text.replace(CHARSET_MARK, label).encode(encoding), encoding
    except UnicodeEncodeError:
        return text.replace(CHARSET_MARK, "utf-8").encode("utf-8"), "utf-8"


def sidecar(page: Page) -> str:
    """A `NAME.meta.toml` sidecar stating the page's attribution."""
    story = page.story
    fields = {"title": story.title, "speaker": story.speaker.name if story.speaker else "",
              "date": story.statement_date,
              "published": page.published.date().isoformat(), "outlet": page.outlet.name, "url": page.url}
    return "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items() if value)


# ---------------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------------


@dataclass
class CorpusInfo:
    """A generated corpus and where its ground truth lives (saved as info.json beside the corpus folder)."""

    path: Path  # the documents folder: pass it to `quotebot reindex --corpus`
    n_files: int  # documents written (sidecars not counted)
    n_paragraphs: int  # content paragraphs written: about one passage each
    ground_truth: Path  # JSONL, one record per targeted paragraph
    traps: Path  # JSONL, boilerplate of targeted files that no answer may quote
    manifest: Path  # JSONL, one line per document
    seed: int
    shared: str | None  # shared folder whose corpora were read, None for the sample corpus only
    seconds: float
    stats: dict[str, int] = field(default_factory=dict)
    generator: str = ""  # generator_version(): a cached corpus made by other code is regenerated


class _Generator:
    """One generation run: draws stories until the paragraph budget is spent and writes their pages."""

    def __init__(self, root: Path, n_passages: int, pool: Pool, seed: int) -> None:
        self.root, self.pool, self.budget = root, pool, n_passages
        self.rng = rng = random.Random(f"corpus-{seed}")
        self.goal = min(GT_GOAL, max(50, n_passages // 3))
        self.kinds = Deck([k for k in KIND_CARDS if self._families(k)], rng)
        self.formats, self.variants = Deck(FORMAT_CARDS, rng), Deck(VARIANT_CARDS, rng)
        self.copies = Deck(COPY_CARDS, rng)
        self.cursor: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()
        self.written = self.targeted = self.files = 0
        self._dirs: set[Path] = set()

    def run(self, gt: IO[str], traps: IO[str], manifest: IO[str]) -> None:
        number = 0
        while self.written < self.budget:
            story = self._story(number, self.budget - self.written)
            for page in self._pages(story):
                self._write(page, gt, traps, manifest)
            number += 1
        self.stats["stories"] = number

    def _families(self, kind: str) -> list[str]:
        return [f for f in KIND_FAMILIES[kind] if self.pool.common[f]]

    def _blocks(self, family: str, target: bool) -> Iterator[Block]:
        """Reserved blocks in turn for a targeted story (cycling if they run out), else random common ones."""
        reserved = self.pool.reserved[family]
        while True:
            if target and reserved:
                index = self.cursor[family]
                self.cursor[family] += 1
                self.stats["reused_reserved_blocks"] += index >= len(reserved)
                yield reserved[index % len(reserved)]
            else:
                yield self.rng.choice(self.pool.common[family])

    def _story(self, number: int, room: int) -> Story:
        """The next story: its kind from the deck, targeted when the ground truth lags behind its share."""
        rng = self.rng
        kind = self.kinds.draw()
        if kind == "transcript" and room < 4:
            kind = "article"
        target = self.targeted < self.goal * (self.written + 1) / self.budget
        families = self._families(kind)  # the second family (prose) is small: only filler stories draw from it
        family = families[1] if len(families) > 1 and not target and rng.random() < 0.3 else families[0]
        blocks = self._blocks(family, target)
        first = next(blocks)
        blocks = chain([first], blocks)
        vary, remix = Variation(rng), not target
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        if kind == "wiki":
            paras = [Para(text, "") for text in _body(first, rng, vary, remix)][:room]
            return Story(number, kind, first.title, None, day, [], paras, target)
        size = min(rng.randint(*KIND_SIZES[kind]), room)
        speaker = rng.choice(SPOKESPERSONS if kind == "transcript" else SPOKESPERSONS + OFFICIALS)
        header: list[str] = []
        if kind == "transcript":
            title = f"{day.year}年{day.month}月{day.day}日{speaker.org}发言人{speaker.name}主持例行记者会"
            paras = _transcript(blocks, size, speaker, rng, vary, remix)
        elif kind == "article":
            lead = headline(first.sentences[0])
            title = f"{speaker.name}：{lead}" if rng.random() < 0.5 else lead
            paras = _prose(blocks, size, speaker.name, rng, vary, remix, partial(_news_cue, speaker, day, rng))
        else:
            title = f"{speaker.name}：{headline(first.sentences[0])}"
            signature = f"——{speaker.name}在{rng.choice(EVENTS)}上的{rng.choice(SPEECH_FORMS)}"
            header = _lines(signature if rng.random() < 0.6 else None, f"（{day.year}年{day.month}月{day.day}日）")
            paras = _prose(blocks, size, speaker.name, rng, vary, remix)
        return Story(number, kind, title, speaker, day, header, paras, target)

    def _pages(self, story: Story) -> list[Page]:
        """The story's original page and, for a syndicated story, 1–2 edited reprints of a contiguous part."""
        rng, n = self.rng, len(story.paras)
        spans = [range(n)]
        for _ in range((self.copies.draw() if n >= 3 else 1) - 1):
            length = rng.randint(max(3, n * 6 // 10), n)
            start = rng.randint(0, n - length)
            spans.append(range(start, start + length))
        while sum(map(len, spans)) > self.budget - self.written:
            spans.pop()
        pages: list[Page] = []
        for span in spans:
            pages.append(self._page(story, span, pages, len(spans) > 1))
            self.written += len(span)
        return pages

    def _page(self, story: Story, span: range, earlier: list[Page], syndicated: bool) -> Page:
        """One copy of the story: format, script, encoding and outlet from the decks, edits for a reprint."""
        rng = self.rng
        fmt = self.formats.draw()
        script, encoding, pinyin = self.variants.draw()
        taken = {p.outlet for p in earlier}
        outlets = [o for o in OUTLETS if o not in taken and (script != "s" or not o.trad)]
        if script != "s" and rng.random() < 0.5:
            outlets = [o for o in outlets if o.trad] or outlets
        at_home = story.kind == "transcript" and story.speaker.org == MFA.name and script == "s" and not earlier
        outlet = MFA if at_home and rng.random() < 0.5 else rng.choice(outlets)
        if earlier:
            published = earlier[0].published + timedelta(hours=rng.randint(1, 48))
        else:
            published = datetime.combine(story.day, datetime.min.time()) + timedelta(
                days=rng.choice((0, 0, 1)), hours=rng.randint(7, 15), minutes=rng.randrange(60),
                seconds=rng.randrange(60))
        halfwidth = rng.random() < (0.5 if earlier else 0.06)
        texts = []
        for i in span:
            text = _edit(story.paras[i].text, rng) if earlier else story.paras[i].text
            texts.append(to_script(text.translate(HALFWIDTH) if halfwidth else text, script))
        md_html = fmt == "md" and rng.random() < 0.3
        breaks: dict[int, int] = {}
        if fmt != "html" and not md_html and rng.random() < 0.15:
            for j, text in enumerate(texts):
                offset = _break_offset(text, rng) if len(text) >= 80 and rng.random() < 0.3 else None
                if offset:
                    breaks[j] = offset
        self.files += 1
        ext = rng.choice(EXTENSIONS[fmt])
        return Page(story, span, syndicated, outlet, published, _url(outlet, published, rng), fmt, script, encoding,
                    pinyin, texts, breaks, rng.random() < 0.7, md_html,
                    f"{outlet.slug}/{published.year}/{self.files:06d}.{ext}")

    def _write(self, page: Page, gt: IO[str], traps: IO[str], manifest: IO[str]) -> None:
        """Writes the page (and maybe a sidecar), its manifest line and, if targeted, its ground truth."""
        bp = _boilerplate(page, self.pool.decoys, self.rng)
        data, encoding = encode(render(page, bp, self.rng), page.encoding)
        path = self.root / page.rel_path
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        path.write_bytes(data)
        if page.fmt == "txt" and self.rng.random() < 0.1:
            path.with_name(path.name + ".meta.toml").write_text(sidecar(page), encoding="utf-8")
            self.stats["sidecars"] += 1
        manifest.write(json_line({
            "file": page.rel_path, "format": page.fmt, "encoding": encoding, "script": page.script,
            "kind": page.story.kind, "outlet": page.outlet.name, "paragraphs": len(page.texts),
            "pinyin": page.pinyin, "breaks": len(page.breaks)}))
        if page.story.target:
            self._record(page, encoding, gt)
            self._record_traps(page, bp, traps)
        self._count(page, encoding)

    def _record(self, page: Page, encoding: str, gt: IO[str]) -> None:
        """Ground truth for the page's non-question paragraphs."""
        story = page.story
        for j, i in enumerate(page.span):
            para = story.paras[i]
            if para.question:
                continue
            noise = [name for name, flag in (("pinyin", page.pinyin), ("broken", j in page.breaks)) if flag]
            gt.write(json_line({
                "file": page.rel_path, "para": j, "text": page.texts[j], "quote_from": para.cue,
                "speaker": para.speaker,
                "date": story.statement_date,
                "published": page.published.date().isoformat(), "outlet": page.outlet.name, "url": page.url,
                "title": page.title, "kind": story.kind, "format": page.fmt, "encoding": encoding,
                "script": page.script, "group": f"{story.number}-{i}" if page.syndicated else "", "noise": noise}))
            self.targeted += 1

    def _record_traps(self, page: Page, bp: Boilerplate, traps: IO[str]) -> None:
        """Related headlines and the editor's name of a targeted page: text no answer may quote."""
        items = [("related", title) for title, _, _ in bp.related]
        if bp.editor:
            items.append(("editor", bp.editor_name))
        for kind, text in items:
            traps.write(json_line({"file": page.rel_path, "kind": kind, "text": to_script(text, page.script)}))

    def _count(self, page: Page, encoding: str) -> None:
        stats = self.stats
        stats[f"format:{page.fmt}"] += 1
        stats[f"encoding:{encoding}"] += 1
        stats[f"script:{page.script}"] += 1
        stats[f"kind:{page.story.kind}"] += 1
        stats["pinyin_files"] += page.pinyin
        stats["broken_paragraphs"] += len(page.breaks)
        stats["question_paragraphs"] += sum(page.story.paras[i].question for i in page.span)
        if page.syndicated:
            stats["syndicated_paragraphs"] += len(page.texts)


def json_line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def generate_corpus(out_dir: Path, n_passages: int, *, seed: int = 0, shared: Path | None = None) -> CorpusInfo:
    """Writes a corpus of about `n_passages` paragraphs (exactly `n_paragraphs`) under `out_dir/corpus`.

    `shared` defaults to ../shared beside the project; without corpora there, only the sample corpus is used.
    Output is byte-identical for the same seed, n_passages and source corpora.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    shared = resolve_shared(shared)
    pool = load_pool(shared, seed)
    root = out_dir / "corpus"
    (out_dir / INFO_NAME).unlink(missing_ok=True)  # the folder is incomplete until info.json is rewritten
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    generator = _Generator(root, n_passages, pool, seed)
    paths = {name: out_dir / f"{name}.jsonl" for name in ("ground_truth", "traps", "manifest")}
    with (paths["ground_truth"].open("w", encoding="utf-8") as gt, paths["traps"].open("w", encoding="utf-8") as traps,
          paths["manifest"].open("w", encoding="utf-8") as manifest):
        generator.run(gt, traps, manifest)
    generator.stats["gt_records"] = generator.targeted
    info = CorpusInfo(root, generator.files, generator.written, paths["ground_truth"], paths["traps"],
                      paths["manifest"], seed, str(shared) if shared else None, round(time.perf_counter() - started, 2),
                      dict(sorted(generator.stats.items())), generator_version())
    _save_info(info, out_dir)
    return info


def generator_version() -> str:
    """A hash of the code that writes corpora (this module and its word lists; not the queries)."""
    code = b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], words))
    return hashlib.sha256(code).hexdigest()[:12]


_INFO_PATHS = ("path", "ground_truth", "traps", "manifest")  # CorpusInfo fields saved relative to its folder


def _save_info(info: CorpusInfo, out_dir: Path) -> None:
    data = asdict(info)
    for key in _INFO_PATHS:
        data[key] = Path(data[key]).relative_to(out_dir).as_posix()
    (out_dir / INFO_NAME).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def load_info(out_dir: Path) -> CorpusInfo:
    """The CorpusInfo of a complete output folder."""
    data = json.loads((out_dir / INFO_NAME).read_text(encoding="utf-8"))
    for key in _INFO_PATHS:
        data[key] = out_dir / data[key]
    return CorpusInfo(**data)


def cached_corpus(n_passages: int, seed: int = 0) -> CorpusInfo:
    """The corpus in bench/.cache/corpus-<n>-<seed>-<sources>/, generated only if that folder is not complete
    (or was made by other corpus code). <sources> says which source corpora were read (sources_key): a corpus
    made without the shared corpora is not reused once they are there, nor the other way round."""
    shared = resolve_shared(None)
    out_dir = CACHE_DIR / f"corpus-{n_passages}-{seed}-{sources_key(shared)}"
    if (out_dir / INFO_NAME).is_file():
        info = load_info(out_dir)
        if info.generator == generator_version():
            return info
    return generate_corpus(out_dir, n_passages, seed=seed, shared=shared)



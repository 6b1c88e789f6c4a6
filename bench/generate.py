"""Synthetic benchmark corpora with ground truth for quotebot.

`generate_corpus` recombines real sentences into news pages, statements, press-conference transcripts and
encyclopedia-style pages. The sentences come from the foreign-ministry press pages and the CMRC paragraphs
under ../shared when those exist, and always from the bundled sample corpus. Pages are written as plain
text, Markdown and HTML, with the noise that real scraped pages carry. `make_queries` cuts a fixed mix of
queries, each with its expected paragraph, from the result.

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

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import shutil
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import IO, Callable, Generic, Iterator, Sequence, TypeVar

import opencc

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SAMPLE_CORPUS = ROOT / "corpus"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
INFO_NAME = "info.json"

SENTENCE_MIN, SENTENCE_MAX = 6, 200  # characters; longer real sentences are not used
BODY_MAX = 200  # regrouped body text; attribution cues add at most ~50 characters
GT_GOAL = 3000  # targeted paragraphs per corpus (fewer for small corpora)
POOL_SPLIT = {"held_out": 0.04, "decoy": 0.03, "reserved": 0.25}  # the rest is common

# ---------------------------------------------------------------------------------------------------
# Vocabulary of the generated pages
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str  # title shown before the name in a news lead ("" for a body such as a ministry)
    org: str


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str  # folder name
    url: str  # template with {y} {m} {d} {n}
    sections: tuple[str, ...]
    trad: bool = False  # publishes in traditional script only


SPOKESPERSONS = (
    Speaker("汪文斌", "外交部发言人", "外交部"),
    Speaker("赵立坚", "外交部发言人", "外交部"),
    Speaker("毛宁", "外交部发言人", "外交部"),
    Speaker("华春莹", "外交部发言人", "外交部"),
    Speaker("林剑", "外交部发言人", "外交部"),
    Speaker("耿爽", "外交部发言人", "外交部"),
    Speaker("吴谦", "国防部新闻发言人", "国防部"),
    Speaker("朱凤莲", "国务院台办发言人", "国务院台办"),
)
OFFICIALS = (
    Speaker("王毅", "中共中央政治局委员、外交部长", "外交部"),
    Speaker("秦刚", "国务委员兼外长", "外交部"),
    Speaker("张军", "中国常驻联合国代表", "外交部"),
    Speaker("傅聪", "中国常驻联合国代表", "外交部"),
    Speaker("马朝旭", "外交部副部长", "外交部"),
    Speaker("王文涛", "商务部部长", "商务部"),
    Speaker("国家安全部", "", "国家安全部"),
    Speaker("商务部", "", "商务部"),
    Speaker("国防部", "", "国防部"),
)
OUTLETS = (
    Outlet("新华网", "xinhuanet", "http://www.news.cn/world/{y}-{m}/{d}/c_{n}.htm", ("国际", "时政", "高层")),
    Outlet("人民网", "people", "http://world.people.com.cn/n1/{y}/{m}{d}/c1002-{n}.html", ("国际", "时政")),
    Outlet("外交部", "mfa", "https://www.mfa.gov.cn/web/wjdt_674879/fyrbt_674889/{y}{m}/t{y}{m}{d}_{n}.shtml",
           ("外交动态", "发言人表态")),
    Outlet("联合早报", "zaobao", "https://www.zaobao.com/realtime/china/story{y}{m}{d}-{n}", ("即时", "中国")),
    Outlet("凤凰网", "ifeng", "https://news.ifeng.com/c/{y}{m}{d}{n}", ("资讯", "国际")),
    Outlet("中国西藏网", "tibet", "http://www.tibet.cn/cn/news/yc/{y}{m}/t{y}{m}{d}_{n}.html", ("即时新闻", "国内")),
    Outlet("观察者网", "guancha", "https://www.guancha.cn/internation/{y}_{m}_{d}_{n}.shtml", ("国际", "观察者头条")),
    Outlet("中国新闻网", "chinanews", "https://www.chinanews.com.cn/gn/{y}/{m}-{d}/{n}.shtml", ("国内", "国际")),
    Outlet("央视网", "cctv", "https://news.cctv.com/{y}/{m}/{d}/ARTI{n}.shtml", ("新闻频道", "国际")),
    Outlet("环球网", "huanqiu", "https://world.huanqiu.com/article/{y}{m}{d}{n}", ("国际", "台海")),
    Outlet("澎湃新闻", "thepaper", "https://www.thepaper.cn/newsDetail_forward_{n}", ("中国政库", "国际")),
    Outlet("大公文汇网", "takungpao", "https://www.tkww.hk/a/{y}{m}/{d}/AP{n}.html", ("两岸", "中国"), trad=True),
    Outlet("星岛网", "stheadline", "https://std.stheadline.com/realtime/article/{n}", ("中国", "国际"), trad=True),
)
MFA = next(o for o in OUTLETS if o.slug == "mfa")
EVENTS = ("全球反恐论坛部长级会议", "联合国安理会公开辩论会", "中国—东盟外长会", "慕尼黑安全会议", "博鳌亚洲论坛年会",
          "上海合作组织外长理事会会议", "金砖国家外长会晤", "世界和平论坛", "中非合作论坛部长级会议", "亚信外长会议")
ASKERS = ("路透社记者", "彭博社记者", "法新社记者", "总台央视记者", "《环球时报》记者", "新华社记者", "凤凰卫视记者")
QUESTION_FORMS = ("据报道，{h}。中方对此有何评论？", "关于{h}，发言人能否介绍有关情况？", "有评论认为，{h}。外交部对此有何回应？")
SPEECH_FORMS = ("讲话", "书面致辞", "发言", "主旨演讲")
VERBS = ("表示", "指出", "强调", "说")
WIRES = ("新华社", "中新社")
CITIES = ("北京", "联合国", "日内瓦", "华盛顿", "莫斯科", "布鲁塞尔", "东京", "新德里")
REPORTER_SURNAMES, EDITOR_SURNAMES = "王李张刘陈杨黄赵吴周", "马郭何罗高梁宋郑谢韩"
GIVEN_NAMES = "建刚俊卿濛文华明丽静涛伟芳娜敏强磊洋艳杰娟霞秀英平欣悦晨宇浩然佳琪子轩"
COUNTRIES = ("美国", "日本", "俄罗斯", "法国", "德国", "英国", "印度", "巴基斯坦", "澳大利亚", "韩国", "越南", "菲律宾",
             "印度尼西亚", "泰国", "老挝", "柬埔寨", "缅甸", "新加坡", "马来西亚", "伊朗", "以色列", "埃及", "南非", "巴西",
             "阿根廷", "墨西哥", "加拿大", "意大利", "西班牙", "土耳其", "沙特阿拉伯", "肯尼亚", "尼日利亚", "哈萨克斯坦",
             "新西兰", "智利", "秘鲁", "塞尔维亚", "匈牙利")
SYNONYMS = (("表示", "指出"), ("加强", "强化"), ("推动", "促进"), ("坚决", "坚定"), ("愿同", "愿与"), ("继续", "持续"),
            ("希望", "期待"), ("目前", "当前"), ("重要", "关键"))
SPAM_WORDS = ("免费在线观看", "高清无码视频", "最新电影下载", "午夜福利影院", "彩票开奖结果", "棋牌游戏平台", "亚洲精品专区",
              "国产中文字幕", "网红直播间", "一区二区三区")
SHARE_WIDGETS = (("关注{o}", "微博", "Qzone", "评论"), ("分享到：", "微信", "微博", "QQ空间"),
                 ("【字号 大 中 小】", "【打印】", "【关闭】"), ("扫一扫在手机打开当前页",))
PUB_LINES = ("{ts} 来源：{o}", "发布时间：{ts}来源：{o}", "最后更新：{ts}", "{cn}　来源：{o}")
EDITOR_CREDITS = ("（责编：{n}）", "【纠错】 责任编辑： {n}", "责任编辑：{n}", "（编辑：{n}）")
COPYRIGHTS = ("版权声明：凡注明“来源：{o}”或“{o}文”的所有作品，版权归{o}所有。任何媒体转载、摘编、引用，须注明来源{o}，"
              "否则将追究相关法律责任。",
              "Copyright © 2000-{y} {slug}.com All Rights Reserved.",
              "{o}版权所有，未经书面授权禁止使用　京ICP备{icp}号")
PINYIN = {char: reading for pair in ("国國guó 网網wǎng 内內nèi 发發fā 时時shí 来來lái 对對duì 进進jìn 义義yì 统統tǒng 问問wèn "
                                     "题題tí 战戰zhàn 当當dāng 络絡luò 协協xié 这這zhè 说說shuō 评評píng 论論lùn "
                                     "传傳chuán 际際jì 联聯lián").split()
          for char, reading in ((pair[0], pair[2:]), (pair[1], pair[2:]))}  # notes a bad scrape put after characters
HALFWIDTH = str.maketrans("，：；（）！？", ",:;()!?")

# Page mixes, drawn from decks so even a small corpus holds every kind in proportion.
KIND_CARDS = ("transcript",) * 8 + ("article",) * 6 + ("statement",) * 3 + ("wiki",) * 3
KIND_SIZES = {"transcript": (25, 55), "article": (6, 20), "statement": (10, 28)}  # a "wiki" page is one article
KIND_FAMILIES = {"transcript": ("qa",), "article": ("qa", "prose"), "statement": ("qa", "prose"), "wiki": ("wiki",)}
FORMAT_CARDS = ("txt", "txt", "md", "html")
VARIANT_CARDS = (("s", "utf-8", False),) * 14 + (  # (script, encoding, pinyin notes)
    ("s", "gb18030", False), ("s", "utf-8-sig", False), ("t", "utf-8", True), ("t", "utf-8", False),
    ("hk", "utf-8", False), ("tw", "big5", False))
COPY_CARDS = (1,) * 18 + (2, 3)  # pages per story: a tenth of stories are syndicated

# ---------------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*")
_PINYIN_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
_PINYIN_CHARS = re.compile(f"[{''.join(PINYIN)}]")
_NOT_WORD = re.compile(r"[^\w\n]+|_+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[，；：。！？,;:!?]")
_PLACEHOLDER = re.compile(r"@@(\d+)@@")
_VARIED = re.compile(rf"\d+|{'|'.join(COUNTRIES)}")  # what Variation may change, masked in uniqueness checks
CHARSET_MARK = "@@CHARSET@@"

T = TypeVar("T")


@lru_cache(maxsize=None)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Converts script with an OpenCC configuration such as "s2t" or "t2s"."""
    return _opencc(config).convert(text)


def to_script(text: str, script: str) -> str:
    """Renders simplified text in a page script: "s" (unchanged), "t", "tw" or "hk"."""
    return text if script == "s" else convert(text, "s2" + script)


def norm(text: str) -> str:
    """Comparison form: pinyin notes dropped, NFKC, simplified script, lower case, letters and digits only."""
    return _norm_lines(text).replace("\n", "")


def _norm_lines(text: str) -> str:
    """`norm` that keeps line breaks, to normalise many lines in one call."""
    text = unicodedata.normalize("NFKC", _PINYIN_NOTE.sub("", text))
    return _NOT_WORD.sub("", convert(text, "t2s").lower())


def _masked_lines(text: str) -> str:
    """`_norm_lines` with digit runs and country names masked and synonym pairs folded, so that neither story
    substitutions nor reprint edits can hide a repeat."""
    text = _norm_lines(text)
    for word, synonym in SYNONYMS:
        text = text.replace(synonym, word)
    return _VARIED.sub("0", text)


def split_sentences(text: str) -> list[str]:
    """Complete sentences of `text` of usable length; a trailing unfinished sentence is dropped."""
    sentences = (s.strip() for s in _SENTENCE.findall(text))
    return [s for s in sentences if SENTENCE_MIN <= len(s) <= SENTENCE_MAX]


def headline(sentence: str) -> str:
    """A headline-like clause of a sentence: its first bracket-balanced clause of 8–28 characters, else its start."""
    for clause in _CLAUSE.split(sentence):
        clause = clause.strip(" 　")
        if 8 <= len(clause) <= 28 and all(clause.count(a) == clause.count(b) for a, b in ("（）", "()", "《》", "“”")):
            return clause
    return sentence[:20]


def _person(surnames: str, rng: random.Random) -> str:
    return rng.choice(surnames) + "".join(rng.sample(GIVEN_NAMES, rng.randint(1, 2)))


class Deck(Generic[T]):
    """Draws cards so that each run of len(cards) draws holds every card once, in random order."""

    def __init__(self, cards: Sequence[T], rng: random.Random) -> None:
        self._cards, self._rng, self._hand = list(cards), rng, []

    def draw(self) -> T:
        if not self._hand:
            self._hand = self._cards[:]
            self._rng.shuffle(self._hand)
        return self._hand.pop()


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
        lines = [line.strip() for line in convert(_PINYIN_NOTE.sub("", text), "t2s").splitlines() if line.strip()]
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
    """The shared folder to read real corpora from: `shared` or ../shared, None when it has no corpora."""
    shared = DEFAULT_SHARED if shared is None else Path(shared)
    return shared if (shared / "corpora").is_dir() else None


@lru_cache(maxsize=4)
def load_pool(shared: Path | None, seed: int) -> Pool:
    """Reads the real sentences (shared corpora when `shared` is given, plus the sample corpus) and splits them."""
    blocks = _sample_blocks(SAMPLE_CORPUS)
    if shared is not None:
        readers = (("mfa_press/mfa_press.jsonl.gz", _mfa_blocks), ("cmrc2018/cmrc2018_dev.json", _cmrc_blocks))
        for name, reader in readers:
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
    return Pool(common, reserved, held_out, decoys, _masked_lines("\n".join(lines)), _masked_lines("\n".join(decoys)))


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
        reporter = _person(REPORTER_SURNAMES, rng)
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
        if _CJK.match(text[i - 1]) and _CJK.match(text[i]):
            return i
    return None


def _boilerplate(page: Page, decoys: list[str], rng: random.Random) -> Boilerplate:
    """Draws the page's furniture; a text page without byline or breadcrumb ends with its outlet's name."""
    o, pub = page.outlet, page.published
    breadcrumb = (f"{o.name} > {rng.choice(o.sections)} > {rng.choice(('正文', '国内', '国际', '即时新闻'))}"
                  if rng.random() < 0.35 else None)
    pub_line = (rng.choice(PUB_LINES).format(ts=f"{pub:%Y-%m-%d %H:%M:%S}", cn=f"{pub.year}年{pub.month}月{pub.day}日 "
                                            f"{pub:%H:%M}", o=o.name) if rng.random() < 0.7 else None)
    editor_name = _person(EDITOR_SURNAMES, rng)
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
    text = _PLACEHOLDER.sub(lambda m: bodies[int(m.group(1))], to_script(skeleton, page.script))
    return _PINYIN_CHARS.sub(lambda m: f"{m.group(0)}({PINYIN[m.group(0)]})", text) if page.pinyin else text


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
    generator: str = ""  # hash of this module's source: a cached corpus from other code is regenerated


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
        manifest.write(_json_line({
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
            gt.write(_json_line({
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
            traps.write(_json_line({"file": page.rel_path, "kind": kind, "text": to_script(text, page.script)}))

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


def _json_line(obj: object) -> str:
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
                      dict(sorted(generator.stats.items())), _generator_version())
    _save_info(info, out_dir)
    return info


def _generator_version() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


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
    """The corpus in bench/.cache/corpus-<n>-<seed>/, generated only if that folder is not complete (or was
    made by another version of this module)."""
    out_dir = CACHE_DIR / f"corpus-{n_passages}-{seed}"
    if (out_dir / INFO_NAME).is_file():
        info = load_info(out_dir)
        if info.generator == _generator_version():
            return info
    return generate_corpus(out_dir, n_passages, seed=seed)


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A benchmark query; `expect_text` is None when the right answer is no quote at all.

    For "short" queries any passage containing `q` is right: `expect_text` is one of them. A paragraph
    republished by other outlets may also be answered from the near-duplicates in `also_files`.
    """

    q: str
    kind: str  # exact | typo | cross_script | question | short | miss | boilerplate
    expect_text: str | None  # the paragraph as written (pinyin notes and mid-sentence breaks left out)
    expect_file: str | None  # relative to CorpusInfo.path
    speaker: str = ""
    date: str = ""  # statement date (the publication date for pages that name no statement date)
    outlet: str = ""
    also_files: tuple[str, ...] = ()


# Exact comes last: it absorbs any shortfall of the other kinds.
QUERY_MIX = {"typo": 0.14, "cross_script": 0.14, "question": 0.20, "short": 0.08, "miss": 0.14, "boilerplate": 0.06,
             "exact": 0.24}
FUNCTION_CHARS = "的了是在和与对将也就都而及等把被从向于为以其这该并或但之所"
STOP_WORDS = frozenset("我们 他们 你们 有关 进行 已经 没有 这个 这些 那些 不是 以及 如果 因为 所以 但是 还是 可以 表示 指出 "
                       "强调 年来 今年 去年 其中 方面 问题 情况 同时 当前 目前 一些 一道 一直 继续 希望 相关 各方 认为 "
                       "就是 不会 不能 需要 作为 通过 关于 提出 重要 积极 共同 坚定 坚决 不断 有效 发展 合作".split())
SHORT_CHARS = "税油粮枪药疫钱煤电茶船桥钢"
HOMOPHONES = dict(zip("在再的地做作及即象像定订须需利力其期制治部步合和进近报抱式试场常", "再在地的作做即及像象订定需须力利期其治制步部和合近进抱报试式常场"))
QUESTION_TEMPLATES = ("{kw}", "{kw}说了什么", "{kw}怎么说？", "{who}{kw}", "{who}谈{kw}", "{who}怎么说{kw}？",
                      "{who}{year}年 {kw}", "{year}年 {kw} 是谁说的？", "关于{kw}，{who}说了什么？")
_EDGE = "，。、；：？！“”‘’「」『』（）《》【】,.;:?!\"'()[]<> 　-—…·"
_SEGMENT_SPLIT = re.compile(rf"[^\u4e00-\u9fff]+|[{FUNCTION_CHARS}]")


@dataclass(frozen=True)
class _QueryContext:
    """What the query makers draw from."""

    records: list[dict]
    traps: list[dict]
    pool: Pool
    groups: dict[str, list[str]]  # near-duplicate group → files
    common_words: frozenset[str]  # frequent two-character words of the targeted paragraphs


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def two_char_words(text: str) -> list[str]:
    """Two-character words of a paragraph without a segmenter: the distinct runs of exactly two Chinese characters
    between punctuation, digits, Latin letters and function characters, in simplified script; no stop words."""
    runs = _SEGMENT_SPLIT.split(convert(text, "t2s"))
    return list(dict.fromkeys(run for run in runs if len(run) == 2 and run not in STOP_WORDS))


def clause_tails(text: str) -> list[str]:
    """Word-like phrases of a paragraph, in simplified script: each clause's tail of 2–7 characters that starts
    after a function character, or the whole clause when that short (clauses begin and end on word boundaries)."""
    tails: list[str] = []
    for clause in re.split(r"[^\u4e00-\u9fff]+", convert(text, "t2s")):
        starts = [i for i in range(max(0, len(clause) - 7), len(clause) - 1)
                  if i == 0 or clause[i - 1] in FUNCTION_CHARS]
        tail = clause[starts[0]:].lstrip(FUNCTION_CHARS) if starts else ""
        if len(tail) >= 2 and tail not in tails:
            tails.append(tail)
    return tails


def _fragment(text: str, rng: random.Random, low: int, high: int) -> str | None:
    """A `low`–`high` character cut from one sentence of `text` (half of them from a clause start), without
    punctuation at either end."""
    pieces = [p for p in re.split(r"(?<=[。！？!?])", text) if len(p) >= low]
    if not pieces:
        return None
    piece = rng.choice(pieces)
    clauses = [0] + [m.end() for m in re.finditer(r"[，、；：,;:]", piece) if len(piece) - m.end() >= low]
    start = rng.choice(clauses) if rng.random() < 0.5 else rng.randint(0, len(piece) - low)
    cut = piece[start:start + rng.randint(low, high)].strip(_EDGE)
    return cut if len(cut) >= low and len(norm(cut)) >= 6 else None


def _unique_fragment(record: dict, ctx: _QueryContext, rng: random.Random, low: int) -> str | None:
    """A fragment of the record's quoted words that occurs at most once in the source material, numbers and
    countries masked (the words are then written once, in this paragraph and its near-duplicates)."""
    cut = _fragment(record["text"][record["quote_from"]:], rng, low, 30)
    return cut if cut and ctx.pool.masked_text.count(_masked_lines(cut)) <= 1 else None


def _absent(text: str, haystacks: Sequence[str]) -> bool:
    """True when neither the text nor any 8-character window of it (every 4th) occurs in the masked haystacks."""
    key = _masked_lines(text)
    windows = [key] + [key[i:i + 8] for i in range(0, len(key) - 7, 4)]
    return not any(w in haystack for w in windows for haystack in haystacks)


def _expected(q: str, kind: str, record: dict, ctx: _QueryContext) -> Query:
    """A query answered by the record's paragraph (or by its near-duplicates)."""
    also = tuple(f for f in ctx.groups.get(record["group"], ()) if f != record["file"])
    return Query(q, kind, record["text"], record["file"], record["speaker"], record["date"] or record["published"],
                 record["outlet"], also)


def _typo(text: str, rng: random.Random) -> str:
    """1–2 characters substituted (by a homophone when one is known), deleted or inserted, never at the ends."""
    chars, cjk = list(text), _CJK.findall(text) or list(text)
    for _ in range(1 if len(chars) < 16 else rng.randint(1, 2)):
        i, roll = rng.randrange(1, len(chars) - 1), rng.random()
        if roll < 0.5:
            chars[i] = HOMOPHONES.get(chars[i]) or rng.choice(cjk)
        elif roll < 0.75:
            del chars[i]
        else:
            chars.insert(i, rng.choice(cjk))
    return "".join(chars)


def _q_exact(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """8–30 characters copied from a targeted paragraph."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 8)
    return _expected(cut, "exact", record, ctx) if cut else None


def _q_typo(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A copied fragment with 1–2 characters wrong, missing or extra."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 10)
    typo = _typo(cut, rng) if cut else None
    return _expected(typo, "typo", record, ctx) if typo and typo != cut else None


def _q_cross_script(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A copied fragment in the other script (simplified ↔ traditional)."""
    record = rng.choice(ctx.records)
    cut = _unique_fragment(record, ctx, rng, 8)
    if not cut:
        return None
    other = convert(cut, "t2s" if record["script"] != "s" else rng.choice(("s2t", "s2tw", "s2hk")))
    # s2hk writes some variants (衞) that t2s keeps: such a query would be a typo, not a script change
    return _expected(other, "cross_script", record, ctx) if other != cut and norm(other) == norm(cut) else None


def _q_question(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """2–4 phrases of a paragraph in a question template, sometimes with the speaker or the year."""
    record = rng.choice(ctx.records)
    speaker = record["speaker"]
    words = [w for w in clause_tails(record["text"]) if not speaker or (speaker not in w and w not in speaker)]
    if len(words) < 2:
        return None
    chosen = rng.sample(words, min(len(words), rng.randint(2, 4)))
    if sum(map(len, chosen)) < 6:
        return None
    templates = [t for t in QUESTION_TEMPLATES if speaker or "{who}" not in t]
    year = (record["date"] or record["published"])[:4]
    q = rng.choice(templates).format(kw=rng.choice((" ", " ", "、")).join(chosen), who=speaker, year=year)
    return _expected(q, "question", record, ctx)


def _q_short(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A frequent one- or two-character word of a paragraph."""
    record = rng.choice(ctx.records)
    simplified = convert(record["text"], "t2s")
    singles = [ch for ch in SHORT_CHARS if ch in simplified]
    if singles and rng.random() < 0.2:
        return _expected(rng.choice(singles), "short", record, ctx)
    words = [w for w in two_char_words(record["text"]) if w in ctx.common_words]
    return _expected(rng.choice(words), "short", record, ctx) if words else None


def _q_miss(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """Real text from a held-out block, written nowhere in the corpus: the answer is no quote."""
    if not ctx.pool.held_out:
        return None
    block = rng.choice(ctx.pool.held_out)
    cut = _fragment(rng.choice(block.sentences), rng, 10, 30)
    if not cut or not _absent(cut, (ctx.pool.masked_text, ctx.pool.masked_decoys)):
        return None
    return Query(convert(cut, "s2t") if rng.random() < 0.2 else cut, "miss", None, None)


def _q_boilerplate(ctx: _QueryContext, rng: random.Random) -> Query | None:
    """A related-news headline or editor credit that only page furniture contains: the answer is no quote."""
    if not ctx.traps:
        return None
    trap = rng.choice(ctx.traps)
    q = f"责任编辑 {trap['text']}" if trap["kind"] == "editor" else trap["text"]
    return Query(q, "boilerplate", None, None) if _absent(trap["text"], (ctx.pool.masked_text,)) else None


QUERY_MAKERS: dict[str, Callable[[_QueryContext, random.Random], Query | None]] = {
    "exact": _q_exact, "typo": _q_typo, "cross_script": _q_cross_script, "question": _q_question,
    "short": _q_short, "miss": _q_miss, "boilerplate": _q_boilerplate}


def _query_context(info: CorpusInfo) -> _QueryContext:
    """Reads the ground truth and traps and reloads the source pool the corpus was made from."""
    records = _read_jsonl(info.ground_truth)
    groups: dict[str, list[str]] = {}
    for record in records:
        if record["group"]:
            groups.setdefault(record["group"], []).append(record["file"])
    counts = Counter(w for r in records for w in two_char_words(r["text"]))
    pool = load_pool(Path(info.shared) if info.shared else None, info.seed)
    return _QueryContext(records, _read_jsonl(info.traps), pool, groups,
                         frozenset(w for w, _ in counts.most_common(300)))


def _draw(maker: Callable[[_QueryContext, random.Random], Query | None], goal: int, ctx: _QueryContext,
          rng: random.Random, seen: set[str]) -> list[Query]:
    """Up to `goal` queries from `maker` whose text is not in `seen` (a maker may fail; it gets 50 tries each)."""
    made: list[Query] = []
    for _ in range(50 * goal):
        if len(made) == goal:
            break
        query = maker(ctx, rng)
        if query and query.q not in seen:
            seen.add(query.q)
            made.append(query)
    return made


def queries_path(info: CorpusInfo, n: int, seed: int) -> Path:
    """Where make_queries writes its JSONL: beside the corpus folder."""
    return info.path.parent / f"queries-{n}-{seed}.jsonl"


def make_queries(info: CorpusInfo, n: int = 600, *, seed: int = 0) -> list[Query]:
    """A fixed mix of `n` queries (see QUERY_MIX) with ground truth, also written to queries-<n>-<seed>.jsonl."""
    rng = random.Random(f"queries-{seed}")
    ctx = _query_context(info)
    queries: list[Query] = []
    seen: set[str] = set()
    wanted = {kind: int(n * share) for kind, share in QUERY_MIX.items()}
    wanted["exact"] += n - sum(wanted.values())
    shortfall = 0
    for kind in QUERY_MIX:
        goal = wanted[kind] + (shortfall if kind == "exact" else 0)
        made = _draw(QUERY_MAKERS[kind], goal, ctx, rng, seen)
        queries += made
        shortfall += goal - len(made)
    with queries_path(info, n, seed).open("w", encoding="utf-8") as fh:
        fh.writelines(_json_line(asdict(q)) for q in queries)
    return queries


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.generate --passages N [--seed S] [--out DIR [--shared DIR]] [--queries Q]`: prints the
    CorpusInfo and timings."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="output folder (default: the cache, bench/.cache/corpus-<n>-<seed>)")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--shared", type=Path, help="folder with corpora/ (default ../shared; a missing one means "
                                                    "the sample corpus only); needs --out")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.shared and not args.out:
        parser.error("--shared needs --out (the cache holds corpora built from ../shared)")
    info = (generate_corpus(args.out, args.passages, seed=args.seed, shared=args.shared) if args.out
            else cached_corpus(args.passages, args.seed))
    corpus_seconds = time.perf_counter() - started
    queries = make_queries(info, args.queries, seed=args.seed)
    query_seconds = time.perf_counter() - started - corpus_seconds
    shown = {key: str(value) if isinstance(value, Path) else value for key, value in asdict(info).items()}
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    print(f"corpus: {corpus_seconds:.1f} s (generation {info.seconds:.1f} s); "
          f"{len(queries)} queries in {query_seconds:.1f} s: {dict(Counter(q.kind for q in queries))}")


if __name__ == "__main__":
    main()

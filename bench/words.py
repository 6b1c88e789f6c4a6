"""Word lists and text helpers of the benchmark generator: the vocabulary of generated pages (speakers,
outlets, noise) and the normalisation both the corpus and its queries use."""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Sequence, TypeVar

import opencc

SENTENCE_MIN, SENTENCE_MAX = 6, 200  # characters; longer real sentences are not used

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
PINYIN_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
PINYIN_CHARS = re.compile(f"[{''.join(PINYIN)}]")
_NOT_WORD = re.compile(r"[^\w\n]+|_+")
CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[，；：。！？,;:!?]")
PLACEHOLDER = re.compile(r"@@(\d+)@@")
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
    text = unicodedata.normalize("NFKC", PINYIN_NOTE.sub("", text))
    return _NOT_WORD.sub("", convert(text, "t2s").lower())


def masked_lines(text: str) -> str:
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


def person(surnames: str, rng: random.Random) -> str:
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



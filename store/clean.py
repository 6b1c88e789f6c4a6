"""Raw document → boilerplate-free paragraphs, verbatim, plus the attribution cues found on the way.

A pipeline of small, general steps (no per-site rules): parse the format into paragraphs, repair
characters (mis-encoded bytes, injected pinyin, odd spaces), take the title, drop boilerplate lines
(breadcrumbs, bylines, spam titles, share widgets, headline lists, editor credits, copyright notices,
tracking digits) while keeping what they say about attribution, rejoin paragraphs broken mid-sentence,
and drop repeats.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from store import furniture, htmlextract
from store.dates import find_dates, parse_date
from store.ingest import SkipFile, split_front_matter
from store.limits import LIMITS
from store.models import CleanDocument, MetaHints, Paragraph, RawDocument
from store.outlets import SOURCE_LABEL, valid_outlet
from store.pagesettings import SETTINGS
from store.textnorm import CJK, TONED, cjk_count, remove_pinyin

# ---------------------------------------------------------------- characters

# "?" for the lost byte, maybe the remnant of a pinyin annotation whose "(" the break swallowed,
# then the shifted run, which ends where a trail byte fell in the ASCII range.
_MOJIBAKE = re.compile(rf"\?{{1,2}}(?:[a-zü]*[{TONED}][a-zü]*[)）])?([{CJK}]{{1,24}}?[\x40-\x7e])")
_ZERO_WIDTH_CHARS = "\u200b-\u200d\u2060\ufeff"
_ODD_SPACE_CHARS = "\u00a0\u2000-\u200a\u202f\u205f\u3000\t"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_ODD_SPACE = re.compile(f"[{_ODD_SPACE_CHARS}]+")
_UNTIDY = re.compile(f"[{_ZERO_WIDTH_CHARS}{_ODD_SPACE_CHARS}]")  # either kind, in one scan
_MULTI_SPACE = re.compile(" {2,}")
# A site's or paper's bare name (`星島網`, `环球网`, `澎湃新闻`), not a headline (`中美元首通话新闻`) or a
# call to action (`欢迎关注人民日报`).
_SITE_LINE = re.compile(r"^(?!.*(?:关注|關注|下载|下載|欢迎|歡迎|订阅|訂閱|扫码|掃碼|点击|點擊|更多|返回|进入|進入|访问|訪問))(?:[\u4e00-\u9fff]{1,8}(?:网|網|报|報|社)|[\u4e00-\u9fff]{2}(?:新闻|新聞))$")
_BODY_SENTENCE = re.compile(r"[\u4e00-\u9fff]{8}.*[。！？!?]")  # a sentence of the text, not a heading or a link


def repair_mojibake(text: str, context: str) -> str:
    """Repair GBK text whose lead byte was lost (`??植澜M織` → `恐怖組織`).

    Such runs are the GBK bytes of the original shifted by one byte: re-encode the run, try every
    lead byte, and keep the decoding whose bigrams occur most often in the rest of the document.
    """

    def fix(m: re.Match[str]) -> str:
        try:
            tail = m.group(1).encode("gbk")
        except UnicodeEncodeError:
            return m.group(0)
        best, best_score = m.group(0), 0
        for lead in range(0x81, 0xFF):
            try:
                candidate = (bytes([lead]) + tail).decode("gbk")
            except UnicodeDecodeError:
                continue
            score = sum(candidate[i : i + 2] in context for i in range(len(candidate) - 1))
            if score > best_score:
                best, best_score = candidate, score
        return best

    return _MOJIBAKE.sub(fix, text) if "?" in text else text


def _tidy(text: str) -> str:
    if "  " not in text and not _UNTIDY.search(text):
        return text.strip()
    text = _ODD_SPACE.sub(" ", _ZERO_WIDTH.sub("", text))
    return _MULTI_SPACE.sub(" ", text).strip()


def fix_characters(paragraphs: list[Paragraph]) -> list[Paragraph]:
    context = remove_pinyin("\n".join(p.text for p in paragraphs))
    out = []
    for p in paragraphs:
        text = _tidy(remove_pinyin(repair_mojibake(p.text, context)))
        if text:
            out.append(Paragraph(text, p.strong))
    return out


# ---------------------------------------------------------------- formats

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)[^)]*\)")
_MD_MARKUP = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|(\*\*|__|`)")
_MD_RULE = re.compile(r"^\s*([-*_=]\s*){3,}$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML has it: the same results, faster
_FRONT_KEYS = {
    "title": ("title",),
    "speaker": ("speaker",),
    "date": ("date_said", "statement_date"),
    "published": ("published", "date"),
    "outlet": ("outlet", "source", "site", "author", "categories", "tags"),
    "url": ("url", "from", "link", "source_url"),
}


def _lines(text: str) -> list[Paragraph]:
    return [Paragraph(line) for line in text.split("\n") if line.strip()]


def _front_matter_hints(block: str) -> MetaHints:
    """Attribution from a YAML front-matter block. Aliases are refused before anything is built (an alias
    bomb of a few hundred bytes expands to gigabytes), as are blocks longer than the limit."""
    if len(block) > LIMITS.front_matter_chars:
        raise SkipFile(f"front matter longer than {LIMITS.front_matter_chars} characters")
    try:
        # An alias is written `*name`: a block without a `*` holds none and is parsed once, not twice.
        if "*" in block and any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(block, Loader=_YAML_LOADER)):
            raise SkipFile("front matter uses YAML aliases (refused: they can expand without bound)")
        data = yaml.load(block, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError:
        data = {}
    hints = MetaHints()
    if not isinstance(data, dict):
        return hints
    for field, keys in _FRONT_KEYS.items():
        for key in keys:
            value = data.get(key)
            if isinstance(value, list):
                value = next((v for v in value if str(v).strip()), "")
            if value:
                setattr(hints, field, parse_date(value) if field in ("date", "published") else str(value).strip())
                break
    if data.get("published") and data.get("date") and not hints.date:  # beside `published`, `date` is the statement's
        hints.date = parse_date(data["date"])
    return hints


def _merge(primary: MetaHints, secondary: MetaHints) -> MetaHints:
    return MetaHints(**{k: getattr(primary, k) or getattr(secondary, k) for k in vars(primary)})


def _markdown_lines(text: str) -> list[Paragraph]:
    paragraphs = []
    for p in _lines(text):
        line = _MD_IMAGE.sub("", p.text)
        if _MD_RULE.match(line):
            continue
        line = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", line))
        if line.strip():
            paragraphs.append(Paragraph(line, strong=p.text.strip().startswith("**") and p.text.strip().endswith("**")))
    return paragraphs


def _markdown_blocks(body: str) -> list[tuple[bool, str]]:
    """The body cut into HTML blocks (from a line starting with `<` to the next blank line, as in
    CommonMark) and Markdown text, in order: (is_html, text)."""
    blocks: list[tuple[bool, list[str]]] = []
    for line in body.split("\n"):
        html = bool(blocks) and blocks[-1][0] and bool(line.strip())
        html = html or line.lstrip().startswith("<")
        if not blocks or blocks[-1][0] != html:
            blocks.append((html, []))
        blocks[-1][1].append(line)
    return [(html, "\n".join(lines)) for html, lines in blocks]


def _markdown(text: str) -> tuple[list[Paragraph], MetaHints]:
    block, body = split_front_matter(text)
    hints = _front_matter_hints(block)
    paragraphs: list[Paragraph] = []
    for html, chunk in _markdown_blocks(_HTML_COMMENT.sub("", body)):
        if html:
            found, html_hints = htmlextract.extract(chunk)
            paragraphs += found
            hints = _merge(hints, html_hints)
        else:
            paragraphs += _markdown_lines(chunk)
    return paragraphs, hints


def parse(raw: RawDocument) -> tuple[list[Paragraph], MetaHints]:
    """Paragraphs in reading order plus structural hints, for any supported format."""
    if raw.fmt == "html":
        return htmlextract.extract(raw.text)
    if raw.fmt == "markdown":
        return _markdown(raw.text)
    return _lines(raw.text), MetaHints()


# ---------------------------------------------------------------- boilerplate

_SENTENCE_PUNCT = "，。！？；：、,.!?;"
HEADLINE_MAX = 60  # characters: a line next to a headline's timestamp up to this long is a headline
_FINAL = tuple("。！？!?…；;：:”’」』）)】》")
_SPAM_WORDS = re.compile(
    "在线观看|在線觀看|一区二区|一區二區|中文字幕|亚洲精品|亞洲精品|国产精品|國產精品|自拍|偷拍|乱码|亂碼|福利|无码|無碼|"
    "av在线|成人视频|成人影片|午夜|彩票|博彩|娱乐城|娛樂城|免费观看|免費觀看"
)
_BREADCRUMB = re.compile(r"^([^\s>›»]{2,20})(?:\s*[>›»]\s*[^\s>›»]{1,20}){1,6}\s*[>›»]?$")
_BYLINE_DATE = re.compile(
    r"^(?:(?:发布|發布|更新|最后更新|最後更新|时间|時間|日期|发表|發表|来源时间)[^:：]{0,4}[:：]\s*)?"
    r"((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)\s*"
)
_DATE_LINE = re.compile(r"^[（(]?\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]?$")
_SIGNATURE = re.compile(
    r"^(?:——|--|－－)\s*(.{2,40})$|^(.{2,40}?)在.{2,60}?(?:上|时|時)的(?:书面|書面|视频|視頻)?"
    r"(?:讲话|講話|发言|發言|致辞|致辭|演讲|演講|主旨演讲|主旨演講|署名文章)$"
)
_EDITOR = re.compile(
    r"^[-—\s(（【\[]*(?:【(?:纠错|糾錯)】\s*)?(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|审校|審校|"
    r"监制|監製|主编|主編|值班编辑|值班編輯|实习生|實習生|作者)\s*[:：]"
)
# Copyright notices. The words in Latin letters are matched in any case, in a pattern of their own that runs
# only on text holding a letter they can start with (a case-blind pattern cannot skip ahead: slow on long text).
_COPYRIGHT_WORDS = re.compile(
    r"版权声明|版權聲明|版权所有|版權所有|©|公网安备|公網安備|转载.{0,6}注明|轉載.{0,6}註明|"
    r"未经.{0,4}授权|未經.{0,4}授權|不得转载|不得轉載|请勿转载|請勿轉載|禁止转载|禁止轉載"
)
_COPYRIGHT_LATIN = re.compile(r"copyright|icp备|icp備|icp证|icp證", re.I)
_COPYRIGHT_LATIN_START = re.compile("[CIciİı]")  # every character the case-blind c and i match


def _copyright(text: str) -> bool:
    return bool(_COPYRIGHT_WORDS.search(text) or _COPYRIGHT_LATIN_START.search(text) and _COPYRIGHT_LATIN.search(text))


_NOTICE_SELF = re.compile(  # a notice speaks of the text itself or its rights
    r"本文|本網|本网|本站|本报|本報|本作品|本稿|稿件|原创|原創|转载|轉載|版权所有|版權所有|版权声明|版權聲明|©|copyright|icp", re.I
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_BRACKET_CLOSERS = (")", "）", "】", "]")  # one of them ends every editor credit at a paragraph's end
_EDITOR_TAIL = re.compile(
    r"[(（【\[]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|审校|審校|监制|監製|主编|主編|值班编辑|值班編輯|"
    r"实习生|實習生|作者)\s*[:：][^)）】\]]{1,30}[)）】\]]\s*$"
)
_WIDGET = re.compile(
    r"^(?:关注|關注|微博|微信|qzone|qq空间|qq空間|评论|評論|分享|分享到|打印|收藏|纠错|糾錯|【纠错】|【糾錯】|图集|圖集|字号|字號|"
    r"返回|返回顶部|返回頂部|上一篇|下一篇|扫一扫|掃一掃|点赞|點贊|转发|轉發|举报|舉報|登录|登錄|注册|註冊|首页|首頁|更多|订阅|訂閱|"
    r"客户端|客戶端|app|[+＋]\d*|大|中|小|字体|字體)\S{0,6}$",
    re.I,
)
_TIMESTAMP = re.compile(r"^(?:(?:19|20)\d{2}[-/.])?\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+\S{1,12})?\s*[-|]?$")
_HEADLINE_STAMP = re.compile(r"^.{2,80}?\s+(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")
_COMMENT_COUNT = re.compile(r"(?:评论|評論|跟帖|阅读|閱讀|浏览|瀏覽)(?:量|数|數|次数|次數)?\s*[:：]?\s*\d+")
_LIST_HEADER = re.compile(
    r"相关推荐|相關推薦|相关新闻|相關新聞|相关阅读|相關閱讀|推荐阅读|推薦閱讀|热门推荐|熱門推薦|热点推荐|熱點推薦|延伸阅读|延伸閱讀|"
    r"猜你喜欢|猜你喜歡|最新闻|最新聞|热门文章|熱門文章|往期回顾|往期回顧|精彩推荐|精彩推薦|大家都在看|更多新闻|更多新聞|热点新闻|熱點新聞|"
    r"今日推荐|今日推薦|相关报道|相關報道|相关链接|相關鏈接|编辑推荐|編輯推薦|为您推荐|為您推薦|热门评论|熱門評論|精彩图片|精彩圖片"
)
_TRACKING = re.compile(r"^[\d\s]{10,}$")
_MD_LINK_LINE = re.compile(r"^\[[^\]]+\]\((https?://[^)\s]+)\)$")
_OUTLET_WORD = re.compile(
    r"(网|網|报|報|社|资讯|資訊|新闻|新聞|日报|日報|电视台|電視台|电台|電台|客户端|客戶端|频道|頻道|周刊|週刊|杂志|雜誌|网站|網站|早报|早報|时报|時報)$"
)
_TITLE_SITE = re.compile(r"^(.{4,100}?)\s*[-_|｜—]+\s*([^-_|｜—\s]{2,20})$")
_TITLE_SEPARATOR = re.compile(r"[-_|｜—]")  # without one, _TITLE_SITE cannot match: a quick scan spares its backtracking
_TURN = re.compile(r"^[^，。：:]{1,30}[：:]")
_SEGMENT_SEP = re.compile(r"[_|｜]")


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


_PUNCT = re.compile(f"[{re.escape(_SENTENCE_PUNCT)}]")


def _puncts(text: str, n: int) -> bool:
    """Whether `text` holds at least `n` punctuation marks (found one by one: no count of them all)."""
    at = 0
    for _ in range(n):
        m = _PUNCT.search(text, at)
        if m is None:
            return False
        at = m.end()
    return True


def _short_plain(text: str, limit: int) -> bool:
    return len(text) <= limit and not _puncts(text, 1)


def _sentence_chars(text: str) -> int:
    """The CJK characters of a sentence-like paragraph (15 or more, and two punctuation marks), else 0."""
    if not _puncts(text, 2):
        return 0
    n = cjk_count(text)
    return n if n >= 15 else 0


Rule = Callable[[str, dict[str, str]], str | None]


def _rule_separator(text: str, cues: dict[str, str]) -> str | None:
    return "drop" if not any(map(str.isalnum, text)) or _TRACKING.match(text) else None


def _rule_spam(text: str, cues: dict[str, str]) -> str | None:
    if _puncts(text, 2):
        return None
    segments = [s for s in _SEGMENT_SEP.split(text) if s.strip()]
    hits = len(_SPAM_WORDS.findall(text))
    return "drop" if hits >= 2 or (hits and len(segments) >= 3) else None


def _rule_breadcrumb(text: str, cues: dict[str, str]) -> str | None:
    m = _BREADCRUMB.match(text) if ">" in text or "›" in text or "»" in text else None
    if not m:
        return None
    cues.setdefault("site", m.group(1))
    return "drop"


def _rule_byline(text: str, cues: dict[str, str]) -> str | None:
    source = SOURCE_LABEL.search(text) if len(text) <= 60 else None
    date = _BYLINE_DATE.match(text)
    if not source and not (date and (len(text) - date.end() < 3 or date.group(0) != date.group(1))):
        return None
    if date:
        cues.setdefault("published", parse_date(date.group(1)))
    if source:
        cues.setdefault("source", source.group(1))
    rest = text[date.end() :] if date else text
    rest = SOURCE_LABEL.sub("", rest).strip(" -|｜")
    return "keep:" + rest if cjk_count(rest) >= 10 and not source else "drop"


def _rule_date_line(text: str, cues: dict[str, str]) -> str | None:
    m = _DATE_LINE.match(text)
    if not m:
        return None
    cues.setdefault("dateline", parse_date(m.group(1)))
    return "drop"


def _rule_signature(text: str, cues: dict[str, str]) -> str | None:
    m = None if _puncts(text, 2) else _SIGNATURE.match(text)
    if not m:
        return None
    cues.setdefault("signature", (m.group(1) or m.group(2)).strip())
    return "drop"


def _rule_editor(text: str, cues: dict[str, str]) -> str | None:
    """An editor credit ends the article; one closing a paragraph (`…。(責編:王)`) is cut from it."""
    if len(text) <= 40 and _EDITOR.match(text):
        return "end"
    if len(text) <= 40 and text.startswith(("(", "（")) and _EDITOR.match(text[1:]):
        return "end"
    tail = _EDITOR_TAIL.search(text) if text.rstrip().endswith(_BRACKET_CLOSERS) else None
    if tail and cjk_count(text[: tail.start()]) >= 10:
        return "keep-end:" + text[: tail.start()].rstrip()
    return None


def _rule_copyright(text: str, cues: dict[str, str]) -> str | None:
    """A copyright notice ends the article. A long paragraph loses only the notice sentences it opens or
    closes with (and the article ends there when the notice closes it); words such as 未经授权 inside
    its text are the article's."""
    if not _copyright(text):
        return None
    if len(text) <= SETTINGS.notice_max:
        return "end"
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    first, last = 0, len(sentences)
    while first < last and _notice(sentences[first]):
        first += 1
    while last > first and _notice(sentences[last - 1]):
        last -= 1
    if first == last:
        return "drop"
    if (first, last) == (0, len(sentences)):
        return None
    return ("keep-end:" if last < len(sentences) else "keep:") + "".join(sentences[first:last]).strip()


def _notice(sentence: str) -> bool:
    return bool(_copyright(sentence) and _NOTICE_SELF.search(sentence))


def _rule_widget(text: str, cues: dict[str, str]) -> str | None:
    return "drop" if len(text) <= 12 and _WIDGET.match(text.replace(" ", "")) else None


def _rule_timestamp(text: str, cues: dict[str, str]) -> str | None:
    """A bare date and time under a headline (a byline naming its source is not one), or a headline
    with its time on the same line."""
    if _TIMESTAMP.match(text):
        verdict = "headline-date"
    elif text.rstrip()[-1:].isdigit() and _HEADLINE_STAMP.match(text):  # (it ends with a time)
        verdict = "drop"
    else:
        return None
    return None if SOURCE_LABEL.search(text) else verdict


def _rule_comment_count(text: str, cues: dict[str, str]) -> str | None:
    hits = len(_COMMENT_COUNT.findall(text))
    return "drop" if hits >= 2 or (hits and len(text) <= 60) else None


def _rule_list_header(text: str, cues: dict[str, str]) -> str | None:
    return "end" if len(text) <= 16 and _LIST_HEADER.search(text) else None


def _rule_link_line(text: str, cues: dict[str, str]) -> str | None:
    m = _MD_LINK_LINE.match(text)
    if not m:
        return None
    cues.setdefault("url", m.group(1))
    return "drop"


RULES: list[Rule] = [
    _rule_separator,
    _rule_spam,
    _rule_breadcrumb,
    _rule_link_line,
    _rule_editor,
    _rule_copyright,
    _rule_list_header,
    _rule_comment_count,
    _rule_timestamp,
    _rule_date_line,
    _rule_byline,
    _rule_signature,
    _rule_widget,
    furniture.rule_widget_line,
    furniture.rule_byline_stamp,
    furniture.rule_no_words,
]


def _classify(text: str, cues: dict[str, str]) -> str:
    for rule in RULES:
        verdict = rule(text, cues)
        if verdict:
            return verdict
    return "keep"


def _drop_tail(paragraphs: list[Paragraph], end: int) -> list[Paragraph]:
    """After an end marker (editor credit, copyright, "related news"), drop what follows unless it is the
    larger part of the text (a marker near the top of the page)."""
    counts = [_sentence_chars(p.text) for p in paragraphs]
    return paragraphs[:end] if sum(counts[end:]) < sum(counts[:end]) else paragraphs


def _drop_headline_runs(paragraphs: list[Paragraph], min_run: int = 4) -> list[Paragraph]:
    """Drop runs of short lines with no sentence punctuation: lists of headlines or links."""
    keep = [True] * len(paragraphs)
    i = 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and _short_plain(paragraphs[j].text, 30):
            j += 1
        if j - i >= min_run:
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return [p for p, k in zip(paragraphs, keep) if k]


def drop_boilerplate(paragraphs: list[Paragraph], title: str) -> tuple[list[Paragraph], dict[str, str]]:
    """Remove boilerplate paragraphs; return what is left and the attribution cues they carried."""
    cues: dict[str, str] = {}
    kept: list[Paragraph] = []
    end: int | None = None
    after_stamp = False  # the previous line was a headline's timestamp: a short line now is a headline too
    for p in paragraphs:
        if _same_as_title(p.text, title, cues):
            continue
        signed = "signature" in cues
        verdict = _classify(p.text, cues)
        if not signed and "signature" in cues and not _signature_placed(p.text, kept, end):
            del cues["signature"]  # `王毅在…上的讲话` among related links below the text is another page's title
        if verdict == "keep" and after_stamp and len(p.text) <= HEADLINE_MAX:
            verdict = "drop"
        after_stamp = verdict == "headline-date"
        if verdict == "keep":
            kept.append(p)
        elif verdict.startswith("keep:"):
            kept.append(Paragraph(verdict[5:], p.strong))
        elif verdict.startswith("keep-end:"):
            kept.append(Paragraph(verdict[9:], p.strong))
            end = len(kept) if end is None else end
        elif verdict == "headline-date":
            if kept and len(kept[-1].text) <= HEADLINE_MAX and not kept[-1].text.endswith("。"):
                kept.pop()
        elif verdict == "end" and end is None:
            end = len(kept)
    if end is not None:
        kept = _drop_tail(kept, end)
    kept = _drop_headline_runs(kept)
    if kept and _short_plain(kept[-1].text, 14) and _OUTLET_WORD.search(kept[-1].text):
        cues["trailer"] = kept.pop().text
    elif paragraphs and _SITE_LINE.match(paragraphs[-1].text.strip()):
        cues["page_end"] = paragraphs[-1].text.strip()  # the page's last line, below what ended the article
    return kept, cues


def _signature_placed(text: str, kept: list[Paragraph], end: int | None) -> bool:
    """A signature line stands where one signs: a dash line (`——王毅在…上的致辞`) anywhere in the text, a
    bare one (`王毅在…上的讲话`) above it, before any sentence of the body."""
    if end is not None:
        return False
    return text.lstrip().startswith(("——", "--", "－－")) or not any(_BODY_SENTENCE.search(k.text) for k in kept)


def _same_as_title(text: str, title: str, cues: dict[str, str]) -> bool:
    if not title:
        return False
    if text == title:
        return True
    m = _TITLE_SITE.match(text) if _TITLE_SEPARATOR.search(text) else None
    if m and m.group(1).strip() == title:
        cues.setdefault("title_site", m.group(2))
        return True
    return False


# ---------------------------------------------------------------- structure


def take_title(paragraphs: list[Paragraph], hints: MetaHints) -> tuple[str, list[Paragraph]]:
    """The title (from hints, else the first short line that is not boilerplate) and the paragraphs after it."""
    if hints.title:
        return hints.title, paragraphs
    for i, p in enumerate(paragraphs):
        if _classify(p.text, {}) != "keep":
            continue
        if len(p.text) <= 80 and not p.text.endswith(("。", ".", "！", "？", "!", "?")) and _letters(p.text) >= 2:
            return p.text, paragraphs[:i] + paragraphs[i + 1 :]
        break
    return "", paragraphs


@dataclass
class _Joined:
    """A paragraph being rejoined: its pieces, and what the next join needs to know, kept up to date so
    that joining many pieces stays linear."""

    parts: list[str]
    strong: bool
    length: int
    punct: bool  # a punctuation mark in some part


def rejoin(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join paragraphs split mid-sentence by a page break: a long running paragraph that stops without
    punctuation (or after a comma) continues in the next one."""
    out: list[_Joined] = []
    for p in paragraphs:
        prev = out[-1] if out else None
        last = prev.parts[-1] if prev else ""
        if (
            prev is not None
            and prev.strong == p.strong
            and prev.length >= 30
            and prev.punct
            and not last.endswith(_FINAL)
            and (last[-1].isalnum() or (last.endswith(("，", ",", "、")) and prev.length >= 40))
            and not _TURN.match(p.text)
            and (p.text[0].isalnum() or p.text[0] in "，、")
        ):
            prev.parts.append(p.text)
            prev.length += len(p.text)
            prev.punct = prev.punct or _puncts(p.text, 1)
        else:
            out.append(_Joined([p.text], p.strong, len(p.text), _puncts(p.text, 1)))
    return [Paragraph("".join(j.parts), j.strong) for j in out]


def dedupe(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop exact repeats of an earlier paragraph (pages often repeat their title or lead)."""
    seen: set[str] = set()
    out = []
    for p in paragraphs:
        if p.text not in seen:
            seen.add(p.text)
            out.append(p)
    return out


_OUTLET_CUES = ("site", "source", "trailer", "title_site", "page_end")


def _check_outlet_cues(cues: dict[str, str]) -> None:
    """Outlet cues lose their `来源：` label; a label, person, account or section is no outlet and is dropped."""
    for key in _OUTLET_CUES:
        if key in cues:
            name = valid_outlet(cues[key])
            if name:
                cues[key] = name
            else:
                del cues[key]


def clean(raw: RawDocument) -> CleanDocument:
    """The whole cleaning pipeline for one document."""
    paragraphs, hints = parse(raw)
    paragraphs = fix_characters(paragraphs)
    hints.title, hints.speaker = remove_pinyin(_tidy(hints.title)), remove_pinyin(_tidy(hints.speaker))  # an outlet's: valid_outlet
    title, paragraphs = take_title(paragraphs, hints)
    paragraphs, cues = drop_boilerplate(paragraphs, title)
    paragraphs = dedupe(rejoin(paragraphs))
    _check_outlet_cues(cues)
    dates = find_dates(title)
    if dates:
        cues["title_date"] = dates[0]
    return CleanDocument(raw, title, paragraphs, hints, cues)

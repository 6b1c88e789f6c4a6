"""What an HTML page says about itself: its headline, title, publication date, outlet and URL.

Each value comes from named evidence, strongest first; a value without evidence stays empty.
- headline: the `<h1>`–`<h3>` that shares most text with the page's `og:title` or `<title>` (or a part of
  it between `-`, `_`, `|`); a navigation heading (全部导航) or a blog's name shares less and is passed over.
- title: the headline as printed, else `og:title`, else `<title>` without its site suffix; markup and
  entities left in a value are removed.
- date: the byline printed next to the headline (`2019-09-09 19:32 来源：…`, `发布时间：…`, `于 … 发布`),
  else publication metadata (`article:published_time`, `og:time`, `apub:time`, `pubdate`…, JSON-LD
  `datePublished`), else a `<time datetime>` next to the headline, else a publication variable in a
  script (`pubtime`, `newsTime`…). Modification dates and dates elsewhere on the page are never used.
- outlet: `og:site_name` and its kin, checked by `store.outlets.valid_outlet` (an author is no outlet).
"""
from __future__ import annotations

import html as htmllib
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from store.dates import parse_date
from store.models import MetaHints
from store.outlets import source_named, valid_outlet
from store.pagesettings import SETTINGS

_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "og:time", "apub:time",
    "article:published", "datepublished", "pubdate", "publishdate", "publish_date", "publish-date",
    "publishtime", "pubtime", "ptime", "publication_date", "published_time", "release_date", "og:release_date",
    "bytedance:published_time", "weibo:article:create_at", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dc.date", "date",
)
_KEYS = {
    "title": ("og:title", "articletitle", "twitter:title", "headline"),
    "outlet": ("og:site_name", "sitename", "site_name", "application-name", "contentsource", "source", "publisher"),
    "url": ("og:url", "url"),
}
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_SCRIPT_DATE = re.compile(
    r"""(?<![\w.])(?:pubtime|pubDate|publishTime|publish_time|publishDate|newsTime|news_time|releaseTime|ctime_str|"""
    r"""pub_time|publishedTime)["']?\s*[:=]\s*["']((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2})""",
    re.I,
)
_BYLINE = re.compile(
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d)\s*日?)(\s*\d{1,2}:\d{2})?"
)
_BYLINE_LABEL = re.compile(
    r"(?:发布|發布|发表|發表|更新|时间|時間|日期|发稿|發稿|出版|刊发|刊發)[^:：\d]{0,4}[:：]|posted\s*@|来源|來源|作者|"
    r"编辑|編輯|记者|記者|阅读|閱讀|浏览|瀏覽|字号|字號",
    re.I,
)
_OTHER_STORY = re.compile(r"推荐|推薦|相关|相關|最新|热门|熱門|上一篇|下一篇|上一页|下一頁|回复|回覆")
_MARKUP = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"\s+")
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])")
_TITLE_PARTS = re.compile(r"\s*[-_|｜–—]+\s*|\s{2,}")
_TITLE_SUFFIX = re.compile(r"\s*[-_|–—]\s*[^-_|–—]{2,30}$")
_NON_LETTER = re.compile(r"[\W_]+")
_HEADING_WIDGET_TAGS = {"div", "p", "ul", "ol", "audio", "button", "sup", "small"}
_HEADING_WIDGET_TOKENS = {"editsection", "review", "audio", "count", "share", "comment", "comments", "btn", "icon", "tip"}
_TOKEN = re.compile(r"[a-z0-9]+")


def read_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """`<meta>` values by lower-cased name, property or itemprop (the first of each)."""
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        value = (attrs.get("content") or "").strip()
        if key and value and key not in meta:
            meta[key] = value
    return meta


def clean_text(value: str) -> str:
    """A metadata value without literal markup, entities or runs of white space."""
    text = htmllib.unescape(_MARKUP.sub("", htmllib.unescape(value or "")))
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip()


def _letters(text: str) -> str:
    return _NON_LETTER.sub("", text).lower()


def agreement(heading: str, title: str) -> int:
    """How many letters a heading shares with a title or one of its `-`/`_`/`|` parts when one contains the
    other (0 when neither does, or the shared part is under 4 letters)."""
    a = _letters(heading)
    best = 0
    for part in [title, *_TITLE_PARTS.split(title)]:
        b = _letters(part)
        if len(a) >= 4 and len(b) >= 4 and (a in b or b in a):
            best = max(best, min(len(a), len(b)))
    return best


def heading_text(node: LexborNode) -> str:
    """A heading's printed words, without the widgets inside it (an edit link, an audio button, a counter)."""
    parts = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text" and not _in_heading_widget(child, node):
            parts.append(child.text_content or "")
    return clean_text("".join(parts))


def _in_heading_widget(text_node: LexborNode, heading: LexborNode) -> bool:
    node = text_node.parent
    while node is not None and node.mem_id != heading.mem_id:
        raw = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
        if node.tag in _HEADING_WIDGET_TAGS or set(_TOKEN.findall(raw)) & _HEADING_WIDGET_TOKENS:
            return True
        node = node.parent
    return False


def _in_link(node: LexborNode) -> bool:
    while node is not None:
        if node.tag == "a":
            return True
        node = node.parent
    return False


def page_titles(tree: LexborHTMLParser, meta: dict[str, str]) -> tuple[str, str]:
    """(`og:title` or its kin, `<title>`), cleaned."""
    declared = next((clean_text(meta[k]) for k in _KEYS["title"] if meta.get(k)), "")
    node = tree.css_first("title")
    return declared, clean_text(node.text()) if node is not None else ""


def find_headline(tree: LexborHTMLParser, declared: str, title: str) -> LexborNode | None:
    """The `<h1>`–`<h3>` that agrees most with the declared title or the `<title>` (the first on a tie)."""
    best, best_node = 0, None
    for node in tree.css("h1, h2, h3"):
        text = heading_text(node)
        score = max(agreement(text, t) for t in (declared, title))
        if score > best:
            best, best_node = score, node
    return best_node


def choose_title(headline: str, declared: str, title: str, first_h1: str) -> str:
    """The headline as printed, else the declared title, else a substantial `<h1>` (a short one is a label:
    全部导航), else `<title>` without its site suffix, else any `<h1>`."""
    if headline:
        return headline
    if declared:
        return declared
    if len(_letters(first_h1)) >= SETTINGS.substantial_heading or not title:
        return first_h1
    return _TITLE_SUFFIX.sub("", title) or title


def title_like(text: str, classes: str, tag: str) -> bool:
    """A block that reads as a headline: in a heading or an element classed `title`/`headline`, 10 letters
    or more, one line."""
    tokens = set(_TOKEN.findall(classes.lower()))
    heading = tag in ("h1", "h2", "h3", "h4") or bool(tokens & {"title", "headline", "biaoti"})
    return heading and SETTINGS.substantial_heading <= len(_letters(text)) and len(text) <= SETTINGS.title_max


def byline_date(texts: list[str], evidence: str = "any", context: str = "") -> str:
    """The publication date of the first byline among short blocks, never from a line that points to
    another story (最新推荐文章于 …, 相关, 上一篇). What makes a dated line a byline, by `evidence`:
    "labelled": a label (发布时间：, 来源, 作者, posted @, 于 … 发布); "timed": that or a time of day;
    "any": that or a date alone. A label in `context` (the byline's other fields, printed just before) counts."""
    for text in texts:
        if len(text) > SETTINGS.byline_max:
            continue
        m = _BYLINE.search(text)
        if not m or _OTHER_STORY.search(text):
            continue
        alone = len(text) - len(m.group(0)) < 3
        labelled = _BYLINE_LABEL.search(f"{context} {text[: m.start()]} {text[m.end() :]}")
        labelled = labelled or text[: m.start()].rstrip().endswith(("于", "於"))
        if labelled or (m.group(2) and evidence != "labelled") or (alone and evidence == "any"):
            return parse_date(m.group(1))
    return ""


def byline_source(texts: list[str]) -> str:
    """The outlet a short byline names (`来源：新华网`), when it is one, or ""."""
    return next((found for t in texts if len(t) <= SETTINGS.byline_max and (found := source_named(t))), "")


def metadata_date(tree: LexborHTMLParser, meta: dict[str, str]) -> str:
    """The publication date declared in `<meta>` or JSON-LD, or ""."""
    for key in _PUBLISHED_KEYS:
        found = parse_date(meta.get(key, ""))
        if found:
            return found
    for node in tree.css('script[type="application/ld+json"]'):
        m = _JSON_LD_DATE.search(node.text() or "")
        if m and parse_date(m.group(1)):
            return parse_date(m.group(1))
    return ""


def script_date(tree: LexborHTMLParser) -> str:
    """A publication date assigned to a variable in an inline script (`pubtime = "2024-05-20 …"`), or ""."""
    for node in tree.css("script"):
        m = _SCRIPT_DATE.search(node.text() or "")
        if m:
            return parse_date(m.group(1))
    return ""


def time_element_date(headline: LexborNode | None) -> str:
    """The `datetime` of the first `<time>` within the headline's section (up to 3 levels above it), or ""."""
    scope = headline
    for _ in range(3):
        if scope is None or scope.parent is None:
            break
        scope = scope.parent
    node = scope.css_first("time[datetime]") if scope is not None else None
    return parse_date(node.attributes.get("datetime") or "") if node is not None else ""


def read_hints(tree: LexborHTMLParser) -> tuple[MetaHints, LexborNode | None, dict[str, str]]:
    """Hints from the page's own declarations and its headline node (None when no heading agrees);
    the date from the byline is added by the caller, which knows the blocks after the headline."""
    meta = read_meta(tree)
    declared, title = page_titles(tree, meta)
    headline = find_headline(tree, declared, title)
    first_h1 = next((n for n in tree.css("h1") if not _in_link(n)), None)
    hints = MetaHints(
        title=choose_title(
            heading_text(headline) if headline is not None else "", declared, title,
            heading_text(first_h1) if first_h1 is not None else "",
        ),
        published=metadata_date(tree, meta),
        outlet=next((name for k in _KEYS["outlet"] if (name := valid_outlet(meta.get(k, "")))), ""),
        url=next((meta[k] for k in _KEYS["url"] if meta.get(k)), ""),
    )
    if not hints.url:
        canonical = tree.css_first('link[rel="canonical"]')
        hints.url = (canonical.attributes.get("href") or "") if canonical is not None else ""
    fallbacks = {
        "time": time_element_date(headline), "script": script_date(tree),
        "title_known": "yes" if headline is not None or declared else "",  # else the title is a <title> guess
    }
    return hints, headline, fallbacks

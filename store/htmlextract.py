"""HTML → the paragraphs of the main text, plus metadata hints from `<head>`.

A pipeline of small steps: drop non-content elements (scripts, navigation, widgets, ads), cut the page
into block paragraphs (noting which are bold as a whole: press-conference questions), pick the
container that holds most sentence-like text, and keep only its paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from store.dates import parse_date
from store.models import MetaHints, Paragraph
from store.textnorm import cjk_count

_DROP_TAGS = [
    "script", "style", "noscript", "iframe", "form", "button", "select", "input", "textarea", "svg", "canvas",
    "template", "nav", "header", "footer", "aside", "img", "video", "audio", "object", "embed", "head",
]
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
    "tbody", "thead", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "center", "body", "html",
    "figure", "figcaption", "hr", "address", "details", "summary",
}
_BOLD_TAGS = {"b", "strong"}
_BOILER_TOKENS = {
    "ad", "ads", "advert", "advertisement", "banner", "share", "bshare", "social", "comment", "comments",
    "footer", "foot", "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "related", "recommend",
    "sidebar", "copyright", "toolbar", "print", "subscribe", "paywall", "promo", "promotion", "dfp", "innity",
    "hot", "rank", "ranking", "pager", "pagination", "fonts", "lan", "logo", "login", "qrcode", "weixin",
    "wechat", "appendix", "sponsor", "popup", "modal", "cookie", "newsletter",
}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")
_SOURCE_BREAK = re.compile(r"[ \t\u00a0]*[\r\n][\s\u00a0]*")
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])")
_SPACES = re.compile(r"[\s\u00a0\u2002-\u200b]+")
_NON_LETTER = re.compile(r"[\W_]+")
_SENTENCE_PUNCT = re.compile(r"[，。！？；：、,.!?;]")
_TITLE_SUFFIX = re.compile(r"\s*[-_|–—]\s*[^-_|–—]{2,30}$")

_META_KEYS = {
    "title": ("og:title", "articletitle", "twitter:title"),
    "published": ("article:published_time", "pubdate", "publishdate", "publish_date", "date", "dc.date"),
    "outlet": ("og:site_name", "sitename", "contentsource", "source", "author"),
    "url": ("og:url", "url"),
}


@dataclass
class _Block:
    text: str
    bold_chars: int
    link_chars: int
    parent: LexborNode


def extract(html: str) -> tuple[list[Paragraph], MetaHints]:
    """The main text's paragraphs and the page's metadata hints."""
    tree = LexborHTMLParser(html)
    hints = _meta_hints(tree)
    tree.strip_tags(_DROP_TAGS)
    root = tree.body or tree.root
    if root is None:
        return [], hints
    _drop_boilerplate_elements(root)
    blocks = list(_blocks(root))
    main = _main_container(blocks)
    paragraphs = [
        Paragraph(b.text, strong=0 < 0.9 * _letters(b.text) <= b.bold_chars)
        for b in blocks
        if (main is None or _inside(b.parent, main)) and b.link_chars < 0.6 * max(len(b.text), 1)
    ]
    return paragraphs, hints


def _meta_hints(tree: LexborHTMLParser) -> MetaHints:
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        key = (node.attributes.get("property") or node.attributes.get("name") or "").strip().lower()
        value = (node.attributes.get("content") or "").strip()
        if key and value and key not in meta:
            meta[key] = value
    hints = MetaHints()
    for field, keys in _META_KEYS.items():
        value = next((meta[k] for k in keys if meta.get(k)), "")
        setattr(hints, field, parse_date(value) if field == "published" else value)
    if not hints.title:
        h1, title = tree.css_first("h1"), tree.css_first("title")
        if h1 is not None and h1.text(strip=True):
            hints.title = _clean_inline(h1.text())
        elif title is not None:
            hints.title = _TITLE_SUFFIX.sub("", _clean_inline(title.text()))
    if not hints.url:
        canonical = tree.css_first('link[rel="canonical"]')
        hints.url = (canonical.attributes.get("href") or "") if canonical is not None else ""
    hints.title = _clean_inline(hints.title)
    return hints


def _tokens(node: LexborNode) -> set[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return {t.lower() for t in _TOKEN_SPLIT.split(raw) if t}


def _drop_boilerplate_elements(root: LexborNode) -> None:
    """Remove widgets, ads and navigation marked by their class or id, unless they hold most of the text."""
    total = cjk_count(root.text()) or 1
    marked = [n for n in root.css("[class], [id]") if n.tag not in ("body", "html") and _tokens(n) & _BOILER_TOKENS]
    ids = {n.mem_id for n in marked}
    outermost = [n for n in marked if not _has_ancestor_in(n, ids)]  # decided before anything is freed
    for node in outermost:
        if cjk_count(node.text()) < 0.5 * total:
            node.decompose()


def _has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _clean_inline(text: str) -> str:
    """Collapse white space; a line break of the HTML source between two CJK characters is no space."""
    text = _CJK_BREAK.sub("", _SOURCE_BREAK.sub("\n", text))
    return _SPACES.sub(" ", text).strip()


def _letters(text: str) -> int:
    return len(_NON_LETTER.sub("", text))


def _blocks(node: LexborNode):
    """Yield the block paragraphs under `node` in document order; <br> breaks a paragraph."""
    parts: list[str] = []
    bold = link = 0

    def flush():
        nonlocal parts, bold, link
        text = _clean_inline("".join(parts))
        if text:
            yield _Block(text, bold, link, node)
        parts, bold, link = [], 0, 0

    child = node.child
    while child is not None:
        if child.tag in _BLOCK_TAGS or child.tag == "br":
            yield from flush()
            if child.tag != "br":
                yield from _blocks(child)
        elif child.tag != "-comment":
            text = child.text(deep=True) if child.is_element_node else (child.text_content or "")
            parts.append(text)
            bold += _measure(child, _BOLD_TAGS, _letters)
            link += _measure(child, {"a"}, lambda t: len(_clean_inline(t)))
        child = child.next
    yield from flush()


def _measure(node: LexborNode, tags: set[str], size) -> int:
    """`size` of the text inside the outermost `tags` elements at or below an inline node."""
    if node.tag in tags:
        return size(node.text(deep=True))
    total, child = 0, node.child
    while child is not None:
        if child.is_element_node:
            total += _measure(child, tags, size)
        child = child.next
    return total


_LEAF_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "td", "th", "figcaption"}


def _main_container(blocks: list[_Block]) -> LexborNode | None:
    """The element whose paragraphs carry the most sentence-like text (readability-style scoring)."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for b in blocks:
        cjk = cjk_count(b.text)
        if cjk < 10 or not _SENTENCE_PUNCT.search(b.text) or b.link_chars > 0.3 * len(b.text):
            continue
        node = b.parent.parent if b.parent.tag in _LEAF_BLOCKS else b.parent
        for weight in (1.0, 0.7, 0.35):
            if node is None:
                break
            scores[node.mem_id] = scores.get(node.mem_id, 0.0) + cjk * weight
            nodes[node.mem_id] = node
            node = node.parent
    if not scores:
        return None
    return nodes[max(scores, key=scores.__getitem__)]


def _inside(node: LexborNode | None, container: LexborNode) -> bool:
    while node is not None:
        if node.mem_id == container.mem_id:
            return True
        node = node.parent
    return False

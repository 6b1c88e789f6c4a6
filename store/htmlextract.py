"""HTML → the paragraphs of the main text, plus the page's metadata hints (see `store.pagemeta`).

A pipeline of small steps: refuse a page too large or too deeply nested to parse in bounded time,
read the page's declarations and find its headline, drop non-content elements (scripts, navigation,
widgets, ads, reference lists), cut the page into block paragraphs (noting which are bold as a whole:
press-conference questions), pick the container that holds the most sentence-like text near the
headline, and keep only its paragraphs. The byline printed after the headline gives the date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from store import pagemeta
from store.ingest import SkipFile
from store.models import MetaHints, Paragraph
from store.pagesettings import SETTINGS, PageSettings
from store.textnorm import cjk_count


_DROP_TAGS = [
    "script", "style", "noscript", "iframe", "button", "select", "input", "textarea", "svg", "canvas",
    "template", "nav", "footer", "aside", "img", "video", "audio", "object", "embed", "head",
]
_HEADER_TAG = "header"  # dropped unless it holds the headline
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
    "tbody", "thead", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "center", "body", "html",
    "figure", "figcaption", "hr", "address", "details", "summary", "form", "header", "fieldset", "caption",
}
_UNCOUNTED_TAGS = {  # void, or often left unclosed: they do not deepen the nesting
    "br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "tbody", "thead", "colgroup",
}
_BOLD_TAGS = {"b", "strong"}
_LINK_TAGS = {"a"}
_BOILER_TOKENS = {
    "ad", "ads", "advert", "advertisement", "banner", "share", "bshare", "social", "comment", "comments",
    "footer", "foot", "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "related", "recommend",
    "sidebar", "copyright", "toolbar", "print", "subscribe", "paywall", "promo", "promotion", "dfp", "innity",
    "hot", "rank", "ranking", "pager", "pagination", "fonts", "lan", "logo", "login", "qrcode", "weixin",
    "wechat", "appendix", "sponsor", "popup", "modal", "cookie", "newsletter", "references", "reflist",
    "navbox", "editsection", "catlinks", "ambox", "hatnote", "noprint", "mbox", "player",
}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:_-]*)[^>]*?(/?)>")
_SOURCE_BREAK = re.compile(r"[ \t\u00a0]*[\r\n][\s\u00a0]*")
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])")
_SPACES = re.compile(r"[\s\u00a0\u2002-\u200b]+")
_NON_LETTER = re.compile(r"[\W_]+")
_SENTENCE_PUNCT = re.compile(r"[，。！？；：、,.!?;]")
_CELLS = {"td", "th", "dd", "dt"}
_LEAF_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "td", "th", "figcaption"}


@dataclass
class _Block:
    text: str
    bold_chars: int
    link_chars: int
    parent: LexborNode


@dataclass
class _Frame:
    node: LexborNode
    child: LexborNode | None
    parts: list[str] = field(default_factory=list)
    bold: int = 0
    link: int = 0
    in_link: bool = False  # inside an `<a>` that wraps blocks (a card): all its text is link text


def extract(html: str, settings: PageSettings = SETTINGS) -> tuple[list[Paragraph], MetaHints]:
    """The main text's paragraphs and the page's metadata hints; SkipFile when the page cannot be
    parsed in bounded time."""
    check_bounds(html, settings)
    tree = LexborHTMLParser(html)
    hints, headline, fallbacks = pagemeta.read_hints(tree)
    if headline is not None and any(n.tag in _DROP_TAGS for n in _ancestors(headline)):
        headline = None  # inside navigation or a sidebar: it goes with it (the title stays)
    _drop_headers(tree, headline)
    tree.strip_tags(_DROP_TAGS)
    root = tree.body or tree.root
    if root is None:
        return [], hints
    _drop_boilerplate_elements(root, headline)
    blocks = list(_blocks(root, _wrappers(root)))
    main = _main_container(blocks, headline, settings)
    inside = [main is None or _inside(b.parent, main) for b in blocks]
    byline_date, byline_outlet = _byline(blocks, inside, headline, settings)
    hints.published = byline_date or hints.published or fallbacks["time"] or fallbacks["script"]
    hints.outlet = hints.outlet or byline_outlet
    if not fallbacks["title_known"]:
        hints.title = _title_above(blocks, inside, settings) or hints.title
    paragraphs = [
        Paragraph(b.text, strong=0 < 0.9 * _letters(b.text) <= b.bold_chars)
        for b, keep in zip(blocks, inside)
        if keep and b.link_chars < 0.6 * max(len(b.text), 1)
    ]
    return paragraphs, hints


def check_bounds(html: str, settings: PageSettings = SETTINGS) -> None:
    """SkipFile when the page is larger or its elements nest deeper than the settings allow (one linear scan)."""
    if len(html) > settings.max_chars:
        raise SkipFile(f"HTML page too large ({len(html):,} characters, limit {settings.max_chars:,})")
    if html.count("<") <= settings.max_depth:  # too few tags to nest that deep
        return
    depth = 0
    for closing, name, self_closing in _TAG.findall(html):
        if self_closing or name.lower() in _UNCOUNTED_TAGS:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > settings.max_depth:
            raise SkipFile(f"HTML nested too deeply (more than {settings.max_depth} levels)")


def _drop_headers(tree: LexborHTMLParser, headline: LexborNode | None) -> None:
    """Remove `<header>` elements (site banners) except the one that holds the article's headline."""
    keep = {n.mem_id for n in _ancestors(headline)}
    drop = [n for n in tree.css(_HEADER_TAG) if n.mem_id not in keep]
    ids = {n.mem_id for n in drop}
    for node in [n for n in drop if not _has_ancestor_in(n, ids)]:  # outermost only: decided before freeing
        node.decompose()


def _ancestors(node: LexborNode | None) -> list[LexborNode]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _tokens(node: LexborNode) -> set[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return {t.lower() for t in _TOKEN_SPLIT.split(raw) if t}


def _drop_boilerplate_elements(root: LexborNode, headline: LexborNode | None) -> None:
    """Remove widgets, ads and navigation marked by their class or id, except one that holds the headline
    or most of the text (a misleading class)."""
    total = cjk_count(root.text()) or 1
    height = {n.mem_id: i for i, n in enumerate(_ancestors(headline))}
    marked = [n for n in root.css("[class], [id]") if n.tag not in ("body", "html") and _tokens(n) & _BOILER_TOKENS]
    ids = {n.mem_id for n in marked}
    outermost = [n for n in marked if not _has_ancestor_in(n, ids)]  # decided before anything is freed
    for node in outermost:
        if node.mem_id in height:
            continue
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
    if "\n" in text or "\r" in text:  # (the break pattern is slow to scan: it may start anywhere)
        text = _CJK_BREAK.sub("", _SOURCE_BREAK.sub("\n", text))
    return _SPACES.sub(" ", text).strip()


def _letters(text: str) -> int:
    return len(_NON_LETTER.sub("", text))


def _wrappers(root: LexborNode) -> set[int]:
    """Elements that hold a block element: they break paragraphs whatever their tag (`<font>` around a
    page, an unknown `<sohu_cms_include:…>` or `<text>` wrapper)."""
    ids: set[int] = set()
    for block in root.css(",".join(sorted(_BLOCK_TAGS - {"html", "body"}))):
        node = block.parent
        while node is not None and node.mem_id not in ids:
            ids.add(node.mem_id)
            node = node.parent
    return ids


def _blocks(root: LexborNode, wrappers: set[int]):
    """Yield the block paragraphs under `root` in document order; <br> breaks a paragraph (no recursion)."""
    stack = [_Frame(root, root.child)]
    while stack:
        frame = stack[-1]
        child = frame.child
        if child is None:
            stack.pop()
            yield from _flush(frame)
            continue
        frame.child = child.next
        if child.tag in _BLOCK_TAGS or child.tag == "br" or child.mem_id in wrappers:
            yield from _flush(frame)
            if child.tag != "br":
                stack.append(_Frame(child, child.child, in_link=frame.in_link or child.tag == "a"))
        elif child.is_element_node:
            frame.parts.append(child.text(deep=True))
            frame.bold += _measure(child, _BOLD_TAGS, _letters)
            frame.link += _measure(child, _LINK_TAGS, _link_length)
        elif child.tag != "-comment":  # text: neither bold nor a link, as it holds no element
            frame.parts.append(child.text_content or "")


def _link_length(text: str) -> int:
    return len(_clean_inline(text))


def _flush(frame: _Frame):
    text = _clean_inline("".join(frame.parts))
    if text:
        yield _Block(text, frame.bold, len(text) if frame.in_link else frame.link, frame.node)
    frame.parts, frame.bold, frame.link = [], 0, 0


def _measure(node: LexborNode, tags: set[str], size) -> int:
    """`size` of the text inside the outermost `tags` elements at or below an inline node."""
    total, stack = 0, [node]
    while stack:
        current = stack.pop()
        if current.tag in tags:
            total += size(current.text(deep=True))
            continue
        child = current.child
        while child is not None:
            if child.is_element_node:
                stack.append(child)
            child = child.next
    return total


def _sentence_block(b: _Block, cjk: int) -> bool:
    """Whether the block (`cjk`: its CJK characters) reads as sentences of text."""
    return cjk >= 10 and bool(_SENTENCE_PUNCT.search(b.text)) and b.link_chars <= 0.3 * len(b.text)


def _main_container(blocks: list[_Block], headline: LexborNode | None, settings: PageSettings) -> LexborNode | None:
    """The element whose paragraphs carry the most sentence-like text (readability-style scoring), near
    the headline: a score halves for each level its container meets the headline farther up than the
    nearest one. Text that meets the headline only far up is taken when it is substantial (a headline in a
    banner over the text), else it is another story (a recommendation) and the headline's own section is
    kept, unless that section holds nothing but the headline."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for b in blocks:
        cjk = cjk_count(b.text)
        if not _sentence_block(b, cjk):
            continue
        node = b.parent.parent if b.parent.tag in _LEAF_BLOCKS else b.parent
        for weight in settings.container_weights:
            if node is None:
                break
            scores[node.mem_id] = scores.get(node.mem_id, 0.0) + cjk * weight
            nodes[node.mem_id] = node
            node = node.parent
    if headline is None:
        return nodes[max(scores, key=scores.__getitem__)] if scores else None
    line = _ancestors(headline)
    height = {n.mem_id: i for i, n in enumerate(line)}
    meets = {k: _meeting_height(nodes[k], height) for k in scores}
    near = {k: h for k, h in meets.items() if h <= settings.far_from_headline}
    if not near:
        near = {k: h for k, h in meets.items() if scores[k] >= settings.far_min_score}
    if not near:
        section = line[min(settings.far_from_headline, len(line) - 1)]
        if scores and not any(_inside(b.parent, section) and not _inside(b.parent, headline) for b in blocks):
            return nodes[max(scores, key=scores.__getitem__)]  # the headline stands alone: its section is empty
        return section
    lowest = min(near.values())
    return nodes[max(near, key=lambda k: scores[k] * settings.decay_per_level ** (near[k] - lowest))]


def _meeting_height(node: LexborNode, height: dict[int, int]) -> int:
    """How many levels above the headline `node`'s branch joins it."""
    while node is not None:
        if node.mem_id in height:
            return height[node.mem_id]
        node = node.parent
    return len(height)


def _byline(blocks: list[_Block], inside: list[bool], headline: LexborNode | None, settings: PageSettings) -> tuple[str, str]:
    """(date, outlet) of the byline printed after the headline; without a headline, of a labelled line
    just before the text; else the date of a labelled line just after it (`时间：…`, `posted @ …`).
    Links (a list of other stories) are no byline; a date in a table cell needs a label or a time."""
    kept = [i for i, k in enumerate(inside) if k]
    if not kept:
        return "", ""
    start = _headline_end(blocks, headline)
    first = start if start is not None else max(kept[0] - settings.byline_blocks, 0)
    last = first + settings.byline_blocks if start is not None else kept[0]
    lead = [i for i in range(first, min(last, len(blocks))) if not _linked(blocks[i])]
    tail = [b.text for b in blocks[kept[-1] + 1 : kept[-1] + 1 + settings.footer_blocks] if not _linked(b)]
    outlet = pagemeta.byline_source([blocks[i].text for i in lead if not inside[i]])
    for n, i in enumerate(lead):
        evidence = "labelled" if start is None else "timed" if blocks[i].parent.tag in _CELLS else "any"
        fields = " ".join(blocks[j].text for j in lead[max(n - 2, 0) : n] if len(blocks[j].text) <= settings.stamp_max)
        found = pagemeta.byline_date([blocks[i].text], evidence, context=fields)
        if found:
            return found, outlet
    return pagemeta.byline_date(tail, "labelled"), outlet


def _linked(b: _Block) -> bool:
    """Mostly link text: an item of a list of stories, not a byline."""
    return b.link_chars > 0.5 * len(b.text)


def _title_above(blocks: list[_Block], inside: list[bool], settings: PageSettings) -> str:
    """On a page with no heading that agrees with its `<title>`, the headline-like block nearest above the
    text (within the byline window), or ""."""
    first = next((i for i, k in enumerate(inside) if k), None)
    if first is None:
        return ""
    for b in reversed(blocks[max(first - settings.byline_blocks, 0) : first]):
        attrs = b.parent.attributes
        classes = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if b.link_chars == 0 and pagemeta.title_like(b.text, classes, b.parent.tag):
            return b.text
    return ""


def _headline_end(blocks: list[_Block], headline: LexborNode | None) -> int | None:
    """Index of the first block after the headline's own blocks (None without a headline)."""
    if headline is None:
        return None
    inside = [i for i, b in enumerate(blocks) if _inside(b.parent, headline)]
    return inside[-1] + 1 if inside else None


def _inside(node: LexborNode | None, container: LexborNode) -> bool:
    while node is not None:
        if node.mem_id == container.mem_id:
            return True
        node = node.parent
    return False

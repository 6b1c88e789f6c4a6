"""Plain data passed from one pipeline step to the next (files → clean → attribute → chunk → index → search)."""
from __future__ import annotations

from dataclasses import dataclass, field

from store.evidence import Attribution, Span


@dataclass(frozen=True)
class RawDocument:
    """A decoded corpus file, before any cleaning."""

    path: str  # relative to the corpus root, with forward slashes
    text: str
    encoding: str
    fmt: str  # "text", "markdown" or "html"
    content_hash: str


@dataclass
class Paragraph:
    """One block of text as the page shows it; `strong` marks a block that is bold as a whole."""

    text: str
    strong: bool = False


@dataclass
class MetaHints:
    """Attribution facts read from structure (front matter, HTML meta, sidecar), before text cues."""

    title: str = ""
    speaker: str = ""
    date: str = ""  # ISO date of the statement
    published: str = ""  # ISO date of publication
    outlet: str = ""
    url: str = ""


@dataclass
class CleanDocument:
    """Boilerplate-free paragraphs (verbatim text), the title, and what cleaning learnt on the way.

    `hints` come from structure (front matter, HTML meta); `cues` are attribution facts read from lines
    that cleaning removed: "site" (breadcrumb), "source" (`来源：`), "trailer" (a closing outlet line),
    "title_site" (a `title-site` line), "published" (a byline date), "dateline" (`（2021年10月7日）`),
    "signature" (`——王毅在…上的致辞`).
    """

    raw: RawDocument
    title: str
    paragraphs: list[Paragraph]
    hints: MetaHints
    cues: dict[str, str] = field(default_factory=dict)


@dataclass
class DocMeta:
    title: str = ""
    speaker: str = ""
    date: str = ""
    published: str = ""
    outlet: str = ""
    url: str = ""
    kind: str = "article"  # "article", "statement" or "transcript"


@dataclass
class Document:
    """A cleaned document with its attribution; `attributions[i]` is whose words `paragraphs[i]` carries
    (its first span's), `spans[i]` the runs of one speaker's words covering it (empty: one run)."""

    raw: RawDocument
    meta: DocMeta
    paragraphs: list[Paragraph]
    attributions: list[Attribution]
    spans: list[list[Span]] = field(default_factory=list)


@dataclass
class Passage:
    """A quotable unit: verbatim text with its offsets into the cleaned document text."""

    ord: int
    text: str
    norm: str
    attribution: Attribution
    char_start: int
    char_end: int
    paragraph: int

    @property
    def speaker(self) -> str:
        return self.attribution.speaker

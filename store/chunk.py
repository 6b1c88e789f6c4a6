"""Attributed document → passages: quotable units with offsets into the cleaned text.

A paragraph is one passage, or one per run of a single speaker's words where it holds several
(`Document.spans`); a long one is cut at sentence ends into pieces of similar length. The
cleaned text of a document is its paragraphs joined by a blank line (`clean_text`), and every passage
satisfies `clean_text(doc)[p.char_start:p.char_end] == p.text`.
"""
from __future__ import annotations

import math
import re

from store.evidence import Span
from store.models import Document, Passage
from store.textnorm import normalize

MAX_CHARS = 240  # a paragraph longer than this is split at sentence ends
PARAGRAPH_SEP = "\n\n"
_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)\"']*|(?<=[a-z0-9])\.\s+")
_CLAUSE_END = re.compile(r"[，,、：:]")


def clean_text(doc: Document) -> str:
    return PARAGRAPH_SEP.join(p.text for p in doc.paragraphs)


def _cuts(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text) if m.end() < len(text)]


def split_paragraph(text: str, max_chars: int = MAX_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering `text`, cut at sentence ends (at clause ends inside an overlong
    sentence), each about len(text)/n characters for the smallest n that fits `max_chars`."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    target = len(text) / math.ceil(len(text) / max_chars)
    cuts = _cuts(text, _SENTENCE_END)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts + [len(text)]:
        if cut - start >= target or cut == len(text):
            spans.append((start, cut))
            start = cut
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if e - s > 2 * max_chars:
            inner = [s + c for c in _cuts(text[s:e], _CLAUSE_END)]
            out += _pack(s, e, inner, max_chars)
        else:
            out.append((s, e))
    return out


def _pack(start: int, end: int, cuts: list[int], max_chars: int) -> list[tuple[int, int]]:
    spans, s, last = [], start, start
    for cut in cuts + [end]:
        if cut - s > max_chars and last > s:
            spans.append((s, last))
            s = last
        last = cut
    spans.append((s, end))
    return spans


def chunk(doc: Document, max_chars: int = MAX_CHARS) -> list[Passage]:
    """The passages of a document in reading order."""
    passages: list[Passage] = []
    offset = 0
    for i, (paragraph, attribution) in enumerate(zip(doc.paragraphs, doc.attributions)):
        runs = doc.spans[i] if i < len(doc.spans) and doc.spans[i] else [Span(0, len(paragraph.text), attribution)]
        for run in runs:
            for s, e in split_paragraph(paragraph.text[run.start : run.end], max_chars):
                piece = paragraph.text[run.start + s : run.start + e]
                lead = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                norm = normalize(piece)
                if norm:
                    start = offset + run.start + s + lead
                    passages.append(Passage(len(passages), piece, norm, run.attribution, start, start + len(piece), i))
        offset += len(paragraph.text) + len(PARAGRAPH_SEP)
    return passages

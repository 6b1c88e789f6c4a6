"""The parts of a claim to look up one by one, when it may join words from different places: the words
around its ellipses (`……`), else its sentences, else its clauses, else (no punctuation) the words before
and after where its closest passage stops matching it."""
from __future__ import annotations

import re

from rapidfuzz.distance import Indel

from store.textnorm import normalize, normalize_with_map

ELLIPSIS = re.compile(r"…+|\.{3,}|。{3,}")  # words left out, marked by the claim
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
ELIDED_SHORTEST = 2  # search-form characters of the words around an ellipsis
BLOCK = 3  # characters in a row that count as the passage matching the claim


def _split(text: str, pattern: re.Pattern, shortest: int) -> list[str]:
    """`text` cut after each match of `pattern`, pieces shorter than `shortest` joined to their neighbour."""
    pieces: list[str] = []
    for piece in pattern.split(text):
        if pieces and (len(normalize(piece)) < shortest or len(normalize(pieces[-1])) < shortest):
            pieces[-1] += piece
        elif normalize(piece):
            pieces.append(piece)
        elif pieces:
            pieces[-1] += piece
    return pieces


def _leftover(words: str, norm: str, window: str, shortest: int) -> list[str]:
    """`words` cut where `window` (the closest passage's matching part) starts and stops matching them."""
    blocks = [op for op in Indel.opcodes(norm, window) if op.tag == "equal" and op.src_end - op.src_start >= BLOCK]
    if not blocks:
        return [words]
    cuts = sorted({c for c in (blocks[0].src_start, blocks[-1].src_end) if shortest <= c <= len(norm) - shortest})
    _, index = normalize_with_map(words)
    bounds = [0] + [index[c] for c in cuts] + [len(words)]
    return [words[s:e] for s, e in zip(bounds, bounds[1:]) if normalize(words[s:e])]


def claim_pieces(words: str, norm: str, window: str, shortest: int, longest: int, most: int) -> list[str]:
    """The pieces of `words` (search form `norm`; `window`: the closest passage's matching part, or ""),
    each of `shortest` to `longest` search-form characters; beyond `most` pieces, the rest is the last one."""
    pieces = [piece for piece in ELLIPSIS.split(words) if normalize(piece)]
    if len(pieces) < 2 or any(len(normalize(piece)) < ELIDED_SHORTEST for piece in pieces):
        pieces = _split(words, _SENTENCE_END, shortest)
    if len(pieces) < 2:
        pieces = _split(words, _CLAUSE_END, shortest)
    if len(pieces) < 2 and window:
        pieces = _leftover(words, norm, window, shortest)
    out: list[str] = []
    for piece in pieces:
        _, index = normalize_with_map(piece)
        starts = [index[i] for i in range(0, len(index), longest)]
        out += [piece[s:e] for s, e in zip(starts, starts[1:] + [len(piece)])]
    return out if len(out) <= most else out[: most - 1] + ["".join(out[most - 1 :])]  # the rest as one piece

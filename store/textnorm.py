"""The search form of text: OpenCC t2s, NFKC, case-folded, letters and digits only.

Passages and questions go through the same `normalize`, so matching is script-, width- and case-blind,
while the verbatim text is always what users see.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

import opencc

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[{CJK}])[(（]([a-zü]*[{TONED}][a-zü]*)[)）]")
_TONED_LETTER = re.compile(f"[{TONED}]")


def remove_pinyin(text: str) -> str:
    """Drop tone-marked pinyin injected after characters: `中國(guó)` → `中國`."""
    if ("(" in text or "（" in text) and _TONED_LETTER.search(text):  # (the pattern is slow to scan)
        return _PINYIN.sub("", text)
    return text


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=16384)
def to_simplified(text: str) -> str:
    """Traditional → simplified characters (t2s: character level, never rewrites vocabulary); remembered,
    since the attribution steps convert the same paragraphs again and again."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified → traditional characters (s2t)."""
    return _converter("s2t").convert(text)


_DROP = re.compile(r"[\W_]+")  # everything but letters and digits (Unicode categories L and N)


def _decompositions(*ranges: tuple[int, int]) -> dict[str, str]:
    """Each character of `ranges` that NFKD changes, with its decomposition."""
    chars = (chr(c) for first, last in ranges for c in range(first, last + 1))
    return {c: d for c in chars if (d := unicodedata.normalize("NFKD", c)) != c}


# Full-width and CJK punctuation, spaces and Latin-1 signs: most of Chinese text's characters that NFKC
# changes. Put in their decomposed form first, they leave text NFKC's quick check passes (a character
# replaced by its NFKD decomposition leaves the text's NFKC unchanged).
_COMPAT = _decompositions((0x00A0, 0x00FF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
_COMPAT_RE = re.compile(f"[{re.escape(''.join(_COMPAT))}]")


def _fold(text: str) -> str:
    text = _COMPAT_RE.sub(lambda m: _COMPAT[m.group()], text)
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold()


def normalize(text: str) -> str:
    """The search form: NFKC, t2s, case-folded, with punctuation, symbols and spaces removed."""
    return _DROP.sub("", _fold(text))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """`normalize(text)` plus, for each character of the result, its index in `text`.

    Used to turn a span found in the search form back into a span of the verbatim text. When folding
    keeps the length (nearly always), the result equals `normalize(text)`; otherwise each character is
    folded on its own.
    """
    folded = _fold(text)
    if len(folded) != len(text):
        folded = "".join(_fold(ch)[:1] or " " for ch in text)
    index = [i for i, ch in enumerate(folded) if not _DROP.match(ch)]
    return "".join(folded[i] for i in index), index


def bigrams(norm: str) -> list[str]:
    """Distinct overlapping character bigrams of a normalised string, in first-seen order."""
    if len(norm) < 2:
        return [norm] if norm else []
    return list(dict.fromkeys(map(operator.add, norm, norm[1:])))


def cjk_count(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text)))

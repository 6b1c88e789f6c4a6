"""How much of a document's title a question names: `前肛鳗的体长是多少？` names all of the title 前肛鳗 and
half of 异齿前肛鳗, whose passages say the same about another fish. Evidence for questions, which
name what they ask about; a remembered quote is matched on its words alone."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from store.query import ParsedQuery


@dataclass(frozen=True)
class TitleSettings:
    weight: float = 0.05  # confidence added for a title the question names whole


SETTINGS = TitleSettings()


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    """A title's distinct bigrams (the same titles come back search after search: kept for the latest)."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def question_bigrams(q: ParsedQuery) -> set[str]:
    """The bigrams of the question's words (none touching masked filler); none for a query without
    question words (`是什么`, `谁`…): keywords or a pasted sentence name no topic."""
    if not any(q.mask):
        return set()
    return {q.norm[i : i + 2] for i in range(len(q.norm) - 1) if not q.mask[i] and not q.mask[i + 1]}


def title_share(asked: set[str], title_norm: str) -> float:
    """Share of the title's distinct bigrams the question holds (0 for a title of one character or none)."""
    if not asked:
        return 0.0
    title = _bigrams(title_norm)
    return len(title & asked) / len(title) if title else 0.0

"""Which of a query's bigrams each candidate passage holds, looked up in the bigrams' postings (the sorted
ids of the passages holding each) by binary search: a few numpy calls per bigram for all candidates at
once, instead of a substring search per passage and bigram. The postings hold every distinct bigram of
every passage's search form, so the answer is the one the texts give."""
from __future__ import annotations

import numpy as np


def in_list(ids: np.ndarray, members: np.ndarray) -> np.ndarray:
    """in_list(ids, members)[i]: the sorted, duplicate-free id array `members` holds `ids[i]` (binary search)."""
    mine = ids.astype(members.dtype)  # in the list's own type: searchsorted would otherwise convert the list
    at = np.searchsorted(members, mine)
    hit = at < len(members)
    hit[hit] = members[at[hit]] == mine[hit]
    return hit


def held(grams: list[str], ids: list[int], texts: list[str], lists: dict[str, np.ndarray]) -> np.ndarray:
    """held[i, j]: passage `ids[i]` (search form `texts[i]`) holds `grams[j]`. A gram without postings in
    `lists` (one character, or not read) is looked up in the texts."""
    out = np.zeros((len(ids), len(grams)), bool)
    at = np.asarray(ids, np.int64)
    for j, gram in enumerate(grams):
        members = lists.get(gram) if len(gram) == 2 else None
        if members is None or not len(members):
            out[:, j] = [gram in text for text in texts]
        else:
            out[:, j] = in_list(at, members)
    return out

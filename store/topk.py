"""Exact top-k of a weighted union of sorted id lists (score = the sum of the weights of the lists that hold
an id), with MaxScore-style pruning.

The rarest lists are tallied first (partial scores); the best partial scores are completed exactly (their
membership in each common list is looked up by binary search) and the k-th best sets a threshold. When
the common lists together weigh less than it, no id outside the rare lists can enter the top k: only the
rare lists' ids whose partial score plus that weight reaches the threshold are completed, and the common
lists are never scanned. When they weigh more, more lists are taken as rare and the test is made again:
as many as leave the rest lighter than the best k-th score seen (else twice the postings), while the rare
lists hold at most half of all postings; then every posting is counted. Either way the result is the one
a full scan gives: nothing is capped or sampled.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from store.holding import in_list


@dataclass(frozen=True)
class TopKSettings:
    """How much work the pruned path may do before one tally of every posting is cheaper."""

    essential_postings: int = 60_000  # postings of the rarest lists, scored first, at first
    probe: int = 4  # × k of the best partial scores scored exactly to set the threshold
    exact_max: int = 30_000  # ids that may need exact scoring, at most
    dense_ratio: int = 4  # rare lists' ids are merged by one dense count when ids span at most this × their postings
    growth: int = 2  # × the rare lists' postings when too many of their ids would need completing


def top_k(
    lists: list[np.ndarray],
    weights: list[float],
    k: int,
    settings: TopKSettings = TopKSettings(),
) -> np.ndarray:
    """The `k` ids with the highest scores (ties: the larger id, i.e. the newer passage, first), best first.
    `lists` are sorted, duplicate-free id arrays; ids with no list are never returned. (To rank the ids
    passing a filter, filter the lists first: the rare and common lists are then told apart by the
    postings that count.)"""
    pairs = sorted((p for p in zip(lists, weights) if len(p[0])), key=lambda p: len(p[0]))
    lists, weights = [p[0] for p in pairs], [p[1] for p in pairs]
    if not lists or k <= 0:
        return np.empty(0, np.int64)
    if len(lists) == 1:  # one score for all: the newest
        return lists[0][: -k - 1 : -1].astype(np.int64)
    sizes = np.cumsum([len(ids) for ids in lists])
    after = np.cumsum(weights[::-1])[::-1]  # after[e]: the weight of the lists from the e-th on
    essential = max(1, int(np.searchsorted(sizes, settings.essential_postings, side="right")))
    floor = -np.inf  # a lower bound of the k-th best score, from the exact scores seen so far
    while essential < len(lists):
        best, floor = _pruned(lists[:essential], weights[:essential], lists[essential:], weights[essential:], k, settings, floor)
        if best is not None:
            return best
        enough = int(np.argmax(after < floor)) if after[-1] < floor else len(lists)  # the fewest rare lists that leave the rest too light
        grown = int(np.searchsorted(sizes, sizes[essential - 1] * settings.growth, side="right"))  # … or twice the postings
        essential = enough if enough > essential else max(grown, essential + 1)
        if essential < len(lists) and sizes[essential - 1] > sizes[-1] // 2:
            break
    return _tally(lists, weights, k, settings.dense_ratio)


def _pruned(
    rare: list[np.ndarray], rare_weights: list[float], common: list[np.ndarray], weights: list[float], k: int,
    settings: TopKSettings, floor: float,
) -> tuple[np.ndarray | None, float]:
    """The top k from the rare lists' ids, completed by lookups in the common lists (`weights`: theirs), or
    None when an id in the common lists only could still make the top k, or too many ids need completing;
    and a lower bound of the k-th best score (at least `floor`, one already known)."""
    ids, partial = _partial(rare, rare_weights, settings.dense_ratio)
    bound = sum(weights)  # the most an id can add from the common lists
    probe = _first(partial, settings.probe * k)
    exact = partial[probe] + _scores(ids[probe].astype(np.int64), common, weights)
    if len(exact) >= k:  # the k-th best of real scores, less a rounding margin (sums in another order may differ)
        floor = max(floor, float(np.partition(exact, len(exact) - k)[len(exact) - k]) * (1 - 1e-9))
    if bound >= floor:
        return None, floor
    open_ = np.flatnonzero(partial + bound >= floor)  # ids whose common lists could lift them into the top k
    if len(open_) > settings.exact_max:
        return None, floor
    scores = partial[open_] + _scores(ids[open_].astype(np.int64), common, weights)
    return _best(ids[open_].astype(np.int64), scores, k), floor


def _partial(lists: list[np.ndarray], weights: list[float], dense_ratio: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids of `lists`, ascending, and for each the sum of the weights of the lists holding it
    (added in list order either way): by a dense count when the ids span few more values than the lists
    hold, else by sorting the postings tagged with their list's position (a value sort: three times faster
    than the stable argsort of the postings)."""
    if _dense(lists, dense_ratio):
        postings = np.concatenate(lists)
        ids = np.flatnonzero(np.bincount(postings) != 0)  # (nonzero of a bool array: six times that of the counts)
        return ids, np.bincount(postings, np.repeat(np.asarray(weights, np.float64), [len(x) for x in lists]))[ids]
    bits = max(1, (len(lists) - 1).bit_length())
    kind = np.uint32 if max(int(x[-1]) for x in lists) < 1 << (32 - bits) else np.uint64
    tagged = np.concatenate([(x.astype(kind) << kind(bits)) | kind(i) for i, x in enumerate(lists)])
    tagged.sort()
    ids = tagged >> kind(bits)
    first = np.empty(len(ids), bool)
    first[0] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    held = np.asarray(weights, np.float64)[(tagged & kind((1 << bits) - 1)).astype(np.intp)]
    return ids[first], np.bincount(np.cumsum(first) - 1, held)


def _dense(lists: list[np.ndarray], dense_ratio: int) -> bool:
    """Whether the lists' ids span at most `dense_ratio` × their postings (one dense count is then cheaper
    than a merge)."""
    return max(int(x[-1]) for x in lists) < dense_ratio * sum(len(x) for x in lists)


def _scores(ids: np.ndarray, lists: list[np.ndarray], weights: list[float]) -> np.ndarray:
    """Exact scores of `ids`: membership in every list, by binary search."""
    out = np.zeros(len(ids), np.float64)
    for members, weight in zip(lists, weights):
        out += weight * in_list(ids, members)
    return out


def _first(scores: np.ndarray, n: int) -> np.ndarray:
    """The positions of the `n` highest scores (ties: the lower position), as a stable sort of them would
    list first, in ascending order."""
    if len(scores) <= n:
        return np.arange(len(scores))
    nth = np.partition(scores, len(scores) - n)[len(scores) - n]
    above = np.flatnonzero(scores > nth)
    return np.sort(np.concatenate([above, np.flatnonzero(scores == nth)[: n - len(above)]]))


def _tally(lists: list[np.ndarray], weights: list[float], k: int, dense_ratio: int) -> np.ndarray:
    """Every posting counted: merged (`_partial`) when they are few for the span of their ids, else into one
    dense array of scores, where the k best are among those reaching the k-th best score of the ids of one
    list (a lower bound of the k-th best overall: no partition of the whole array is needed)."""
    if not _dense(lists, dense_ratio):
        ids, scores = _partial(lists, weights, dense_ratio)
        return _best(ids.astype(np.int64), scores, k)
    tally = np.bincount(np.concatenate(lists), np.repeat(np.asarray(weights, np.float64), [len(x) for x in lists]))
    sample = next((tally[ids] for ids in lists if len(ids) >= k), np.empty(0))  # the rarest list of k ids or more
    bound = np.partition(sample, len(sample) - k)[len(sample) - k] if len(sample) else 0.0
    present = np.flatnonzero(tally >= bound) if bound > 0 else np.flatnonzero(tally != 0)
    return _best(present, tally[present], k)


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The k best of `ids` (unique), by score and then by id, both descending."""
    if len(ids) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)
        wanted = k - len(above)
        if len(tied) > wanted:  # of the ids tied at the k-th score, the newest
            tied = tied[np.argpartition(-ids[tied], wanted - 1)[:wanted]]
        keep = np.concatenate([above, tied])
        ids, scores = ids[keep], scores[keep]
    return ids[np.lexsort((-ids, -scores))]

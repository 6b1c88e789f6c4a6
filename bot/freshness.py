"""Is a stored answer still what the index says? Result sets outlive reindexes (buttons work for 90
days), and a passage may since have been removed or re-attributed: such an answer must not be shown
or cited again."""
from __future__ import annotations

from store import Hit, IndexReader
from store.saidday import dated


def still_current(index: IndexReader, hit: Hit) -> bool:
    """True when the hit's passage, and each passage it was also reported by, is in the index with the
    same text and attribution."""
    rows = index.rows([hit.passage_id] + [s.passage_id for s in hit.also_reported_by])
    row = rows.get(hit.passage_id)
    if row is None or (row.text, row.speaker, dated(index, row)[0], row.published, row.outlet, row.title, row.url) != (
        hit.quote, hit.speaker, hit.date, hit.published, hit.outlet, hit.title, hit.url
    ):
        return False
    for source in hit.also_reported_by:
        other = rows.get(source.passage_id)
        if other is None or (other.outlet, other.date, other.title, other.url, other.speaker) != (
            source.outlet, source.date, source.title, source.url, source.speaker
        ):
            return False
    return True

"""quotebot's store: ingest a corpus into SQLite and find attributed quotes in it (no Telegram here).

    from store import reindex, open_index, search, check_quote
    reindex("corpus", "quotebot.db")
    index = open_index("quotebot.db")
    for hit in search(index, "王毅 联合国中心作用"):
        print(hit.quote, hit.speaker, hit.date, hit.outlet)
"""
from store.index import Progress, ReindexBusy, ReindexReport, reindex
from store.query import Filters
from store.quotecheck import Difference, QuoteCheck, check_quote
from store.reader import IndexMissing, IndexReader, IndexStats, PassageRow, SourceSummary
from store.retrieval import Hit, Source, search

open_index = IndexReader

__all__ = [
    "Difference", "Filters", "Hit", "IndexMissing", "IndexReader", "IndexStats", "PassageRow", "Progress",
    "QuoteCheck", "ReindexBusy", "ReindexReport", "Source", "SourceSummary", "check_quote", "open_index",
    "reindex", "search",
]

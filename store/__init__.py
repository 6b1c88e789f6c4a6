"""quotebot's store: ingest a corpus into SQLite and find attributed quotes in it (no Telegram here).

    from store import reindex, open_index, search, check_quote
    reindex("corpus", "quotebot.db")
    index = open_index("quotebot.db")
    for hit in search(index, "王毅 联合国中心作用"):
        print(hit.quote, hit.speaker, hit.date, hit.outlet)
"""
from store.db import QueryTimeout
from store.index import Progress, ReindexBusy, ReindexReport, reindex
from store.indexfile import CorpusUnavailable, IndexUnusable, IndexWriteFailed
from store.query import Filters
from store.quotecheck import Difference, QuoteCheck, check_quote
from store.reader import IndexMissing, IndexReader, IndexUnreadable, IndexStats, PassageRow, SourceSummary
from store.retrieval import Hit, Source, search

open_index = IndexReader

__all__ = [
    "CorpusUnavailable", "Difference", "Filters", "Hit", "IndexMissing", "IndexReader", "IndexUnreadable",
    "IndexUnusable", "IndexWriteFailed", "IndexStats", "PassageRow", "Progress",
    "QueryTimeout", "QuoteCheck", "ReindexBusy", "ReindexReport", "Source", "SourceSummary", "check_quote", "open_index",
    "reindex", "search",
]

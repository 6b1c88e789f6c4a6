"""Real web pages through the intake (../shared/corpora/webpages, served by a local website): what the
pipeline reads from a fetched page is what it reads from the page on disk, also when the page comes
re-encoded as GB18030 with only the HTTP header saying so (its own <meta> still claiming UTF-8)."""
from __future__ import annotations

from pathlib import Path

import pytest

from storetest import SHARED, all_passages
from store import open_index, reindex
from store.feeds import IntakeState, index_saved, intake
from store.fetch import FetchSettings
from website import Website

PAGES = SHARED / "corpora" / "webpages" / "pages"
pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/corpora/webpages (test data, not shipped)")


def _texts(db: Path) -> dict[str, list[str]]:
    """Each document's passage texts, by corpus path."""
    out: dict[str, list[str]] = {}
    for row in all_passages(open_index(db)):
        out.setdefault(row.path, []).append(row.text)
    return out


def test_fetched_pages_read_like_the_same_pages_on_disk(tmp_path: Path):
    names = sorted(p.name for p in PAGES.glob("*.html"))
    reindex(PAGES, tmp_path / "disk.db")
    on_disk = _texts(tmp_path / "disk.db")
    with Website() as site:
        for name in names:
            data = (PAGES / name).read_bytes()
            site.page(f"/utf8/{name}", data, "text/html")  # no charset in the header
            site.page(f"/gb/{name}", data.decode("utf-8").encode("gb18030"), "text/html; charset=gb18030")
        urls = [site.url(f"/{kind}/{name}") for kind in ("utf8", "gb") for name in names]
        state = IntakeState(tmp_path / "feeds.db")
        report = intake(urls, tmp_path / "corpus", state, FetchSettings(allow_private=True))
    assert [f.error for f in report.feeds] == [""] * len(urls)
    index_saved(state, tmp_path / "corpus", tmp_path / "web.db")
    fetched = _texts(tmp_path / "web.db")
    same = {kind: 0 for kind in ("utf8", "gb")}
    for url, result in zip(urls, report.feeds):
        kind, name = url.split("/")[-2:]
        same[kind] += fetched.get(result.saved[0]) == on_disk.get(name)
    assert same == {"utf8": len(names), "gb": len(names)}, same

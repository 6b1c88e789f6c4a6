"""Web intake against a local website (tests/e2e/website.py): feeds and pages in HTML, GBK and Big5
saved into the corpus with their hints and indexed; broken feeds, 404s, huge pages, wrong types,
redirect loops and private addresses reported and skipped; `quotebot fetch` as a real process."""
from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from botproc import clean_environment, quotebot_executable
from followdocs import MEETING, PRESS
from store import fetch as fetchmod
from store import open_index, reindex
from store import ReindexBusy
from store.feeds import IntakeState, add_page, index_saved, intake
from store.filelock import exclusive
from store.fetch import FetchError, FetchSettings, fetch
from website import Website

OPEN = FetchSettings(allow_private=True, max_bytes=200_000, timeout=10)
DATE = "Tue, 07 May 2024 10:00:00 +0800"

MEETING_GBK = MEETING.encode("gbk")  # no charset in the page: only the HTTP header names it

BIG5 = """<html><head><title>陸委會記者會</title></head><body>
<p>陸委會表示，兩岸交流應當在對等尊嚴的基礎上進行，維護臺海和平穩定。</p>
</body></html>""".encode("big5")


@pytest.fixture
def site() -> Iterator[Website]:
    with Website() as website:
        website.page("/press.html", PRESS)
        website.page("/meeting.html", MEETING_GBK, "text/html; charset=gbk")
        website.feed("/feed.xml", "外交部", [("/press.html", "毛宁主持例行记者会", DATE), ("/meeting.html", "王毅会见欧洲客人", DATE)])
        yield website


def _state(tmp_path: Path) -> IntakeState:
    return IntakeState(tmp_path / "q-feeds.db")


def test_feed_items_are_saved_with_their_hints_and_indexed(site: Website, tmp_path: Path):
    corpus = tmp_path / "corpus"
    report = intake([site.url("/feed.xml")], corpus, _state(tmp_path), OPEN)
    assert sorted(report.saved) == ["feeds/127.0.0.1/2024-05-07-meeting.html", "feeds/127.0.0.1/2024-05-07-press.html"]
    hints = tomllib.loads((corpus / "feeds/127.0.0.1/2024-05-07-press.html.meta.toml").read_text(encoding="utf-8"))
    assert hints == {"url": site.url("/press.html"), "title": "毛宁主持例行记者会", "published": "2024-05-07", "outlet": "外交部"}
    reindex(corpus, tmp_path / "q.db")
    index = open_index(tmp_path / "q.db")
    rows = index.rows_after(0)
    meeting = next(r for r in rows if r.path.endswith("meeting.html"))
    assert "台湾问题是中国内政" in meeting.text  # GBK decoded with the header's charset
    assert (meeting.outlet, meeting.title, meeting.url) == ("外交部", "王毅会见欧洲客人", site.url("/meeting.html"))
    answer = next(r for r in rows if r.text.startswith("毛宁："))
    assert answer.speaker == "毛宁" and answer.date == "2024-05-07"


def test_hints_with_quotes_and_backslashes_survive_the_sidecar(site: Website, tmp_path: Path):
    title = '王毅：“台湾问题” \\ "core" interests\tend'
    site.feed("/odd.xml", 'Outlet "X" \\', [("/press.html", title, DATE)])
    report = intake([site.url("/odd.xml")], tmp_path / "corpus", _state(tmp_path), OPEN)
    sidecar = tmp_path / "corpus" / (report.saved[0] + ".meta.toml")
    hints = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    assert (hints["title"], hints["outlet"]) == (title, 'Outlet "X" \\')


def test_a_second_round_fetches_only_new_items(site: Website, tmp_path: Path):
    state = _state(tmp_path)
    intake([site.url("/feed.xml")], tmp_path / "corpus", state, OPEN)
    asked = len(site.requests)
    assert intake([site.url("/feed.xml")], tmp_path / "corpus", state, OPEN).saved == []
    assert site.requests[asked:] == ["/feed.xml"]
    site.page("/big5.html", BIG5, "text/html; charset=big5")
    site.feed("/feed.xml", "外交部", [("/big5.html", "陸委會記者會", "Wed, 08 May 2024 09:00:00 +0800"), ("/press.html", "毛宁主持例行记者会", DATE)])
    again = intake([site.url("/feed.xml")], tmp_path / "corpus", state, OPEN)
    assert again.saved == ["feeds/127.0.0.1/2024-05-08-big5.html"]
    assert "兩岸交流應當" in (tmp_path / "corpus" / again.saved[0]).read_text(encoding="utf-8")


def test_saving_never_overwrites(site: Website, tmp_path: Path):
    corpus = tmp_path / "corpus"
    existing = corpus / "feeds/127.0.0.1/2024-05-07-press.html"
    existing.parent.mkdir(parents=True)
    existing.write_text("an older page", encoding="utf-8")
    site.page("/other/press.html", PRESS.replace("仁爱礁", "黄岩岛"))
    site.feed("/feed.xml", "外交部", [("/press.html", "a", DATE), ("/other/press.html", "b", DATE)])
    report = intake([site.url("/feed.xml")], corpus, _state(tmp_path), OPEN)
    assert report.saved == ["feeds/127.0.0.1/2024-05-07-press-2.html", "feeds/127.0.0.1/2024-05-07-press-3.html"]
    assert existing.read_text(encoding="utf-8") == "an older page"
    assert not existing.with_name(existing.name + ".meta.toml").exists()  # no sidecar slipped in beside it


def test_failures_are_reported_and_skipped_and_never_stop_the_others(site: Website, tmp_path: Path):
    site.page("/broken.xml", "<<< this is not a feed", "application/rss+xml")
    site.endless("/huge.html")
    site.page("/logo.png", b"\x89PNG....", "image/png")
    site.redirect("/loop.html", "/loop.html")
    site.feed("/mixed.xml", "外交部", [("/missing.html", "gone", DATE), ("/huge.html", "huge", DATE), ("/press.html", "ok", DATE)])
    urls = [site.url(p) for p in ("/broken.xml", "/mixed.xml", "/logo.png", "/loop.html", "/feed.xml")]
    report = intake(urls, tmp_path / "corpus", _state(tmp_path), OPEN)
    by_url = {f.url: f for f in report.feeds}
    assert by_url[urls[0]].error.startswith("broken feed")
    mixed = by_url[urls[1]]
    assert mixed.saved == ["feeds/127.0.0.1/2024-05-07-press.html"]
    assert [e.split(": ", 1)[1] for e in mixed.errors] == ["HTTP 404 Not Found", "too large: over 200000 bytes, stopped reading"]
    assert site.endless_sent < 50 * OPEN.max_bytes  # the huge page was not read to its end
    assert "content type image/png" in by_url[urls[2]].error
    assert by_url[urls[3]].error == "more than 5 redirects"
    assert by_url[urls[4]].saved == ["feeds/127.0.0.1/2024-05-07-meeting.html"]  # press.html was saved already
    status = {s.url: s for s in _state(tmp_path).status(urls)}
    assert status[urls[0]].error.startswith("broken feed") and status[urls[0]].last_fetch and not status[urls[0]].last_ok
    assert status[urls[1]].new_items == 1 and len(status[urls[1]].item_errors) == 2


def test_private_addresses_are_refused_unless_allowed(site: Website, tmp_path: Path):
    guarded = FetchSettings()
    report = intake([site.url("/feed.xml")], tmp_path / "corpus", _state(tmp_path), guarded)
    assert "private or local address" in report.feeds[0].error and site.requests == []


def test_every_redirect_hop_is_checked_again(site: Website, monkeypatch: pytest.MonkeyPatch):
    """The test site itself is let through; its redirect to a private address is not followed."""
    site.redirect("/away.html", "http://10.0.0.1/secret")
    real = fetchmod.check_address
    monkeypatch.setattr(fetchmod, "check_address", lambda url, allow_private=False: real(url, url.startswith(site.url("/"))))
    with pytest.raises(FetchError, match=r"10\.0\.0\.1 is a private or local address"):
        fetch(site.url("/away.html"), FetchSettings())
    site.redirect("/moved.html", "/press.html")
    assert fetch(site.url("/moved.html"), FetchSettings()).url == site.url("/press.html")


def test_the_connection_goes_to_the_checked_address_and_names_the_host(site: Website, monkeypatch: pytest.MonkeyPatch):
    """A name is looked up once per hop: a second answer (DNS rebinding) is never asked for."""
    import socket

    real, looked_up = socket.getaddrinfo, []

    def resolve_once(host, *args, **kwargs):
        if host == "quotes.example":
            looked_up.append(host)
            if len(looked_up) > 1:
                raise AssertionError("looked up twice")
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve_once)
    port = site.server.server_port
    page = fetch(f"http://quotes.example:{port}/press.html", OPEN)
    assert page.url == f"http://quotes.example:{port}/press.html" and "仁爱礁" in page.text()
    assert site.hosts[-1] == f"quotes.example:{port}" and looked_up == ["quotes.example"]


def test_a_plain_page_url_is_saved_again_only_when_it_changed(site: Website, tmp_path: Path):
    state = _state(tmp_path)
    first = intake([site.url("/press.html")], tmp_path / "corpus", state, OPEN)
    assert len(first.saved) == 1
    assert intake([site.url("/press.html")], tmp_path / "corpus", state, OPEN).saved == []
    site.page("/press.html", PRESS.replace("仁爱礁", "黄岩岛"))
    assert len(intake([site.url("/press.html")], tmp_path / "corpus", state, OPEN).saved) == 1


def test_feeds_and_pages_are_told_apart_by_content_not_only_by_type(site: Website, tmp_path: Path):
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + PRESS.replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml">')
    site.page("/page.xhtml", xhtml, "application/xhtml+xml")
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>外交部</title>'
        f'<entry><title>王毅会见欧洲客人</title><link href="{site.url("/meeting.html")}"/><updated>2024-05-08T10:00:00+08:00</updated></entry></feed>'
    )
    site.page("/atom", atom, "text/html; charset=utf-8")  # a feed served with a page's type
    report = intake([site.url("/page.xhtml"), site.url("/atom")], tmp_path / "corpus", _state(tmp_path), OPEN)
    page, feed = report.feeds
    assert not page.error and len(page.saved) == 1 and "仁爱礁是中国南沙群岛" in (tmp_path / "corpus" / page.saved[0]).read_text()
    assert feed.saved == ["feeds/127.0.0.1/2024-05-08-meeting.html"]


def test_add_page_saves_once(site: Website, tmp_path: Path):
    state = _state(tmp_path)
    path, new = add_page(site.url("/meeting.html"), tmp_path / "corpus", state, OPEN)
    assert new and path == f"feeds/127.0.0.1/{path.rsplit('/', 1)[1]}" and path.endswith("-meeting.html")
    assert add_page(site.url("/meeting.html#top"), tmp_path / "corpus", state, OPEN) == (path, False)
    with pytest.raises(FetchError, match="HTTP 404"):
        add_page(site.url("/nothing.html"), tmp_path / "corpus", state, OPEN)


def test_saved_pages_wait_for_a_reindex_that_covers_them(site: Website, tmp_path: Path):
    corpus, db, state = tmp_path / "corpus", tmp_path / "q.db", _state(tmp_path)
    intake([site.url("/feed.xml")], corpus, state, OPEN)
    with exclusive(f"{db}.lock", ReindexBusy, "held by the test"), pytest.raises(ReindexBusy):
        index_saved(state, corpus, db)  # another reindex is running
    assert intake([site.url("/feed.xml")], corpus, state, OPEN).saved == []
    report = index_saved(state, corpus, db)
    assert report is not None and report.indexed == 2
    assert index_saved(state, corpus, db) is None


def _quotebot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    settings = dict(QUOTEBOT_CORPUS=str(tmp_path / "corpus"), QUOTEBOT_DB=str(tmp_path / "q.db"), **env)
    return subprocess.run(
        [str(quotebot_executable()), *args], cwd=tmp_path, env=clean_environment(**settings),
        capture_output=True, text=True, timeout=120,
    )


def test_quotebot_fetch_runs_one_round_and_indexes(site: Website, tmp_path: Path):
    (tmp_path / "corpus").mkdir()
    feeds = f"{site.url('/feed.xml')},{site.url('/missing.xml')}"
    done = _quotebot(tmp_path, "fetch", QUOTEBOT_FEEDS=feeds, QUOTEBOT_FETCH_ALLOW_PRIVATE="1")
    assert done.returncode == 1 and f"1 of 2 feeds failed ({site.url('/missing.xml')})" in done.stderr  # cron sees it
    assert f"{site.url('/feed.xml')}: 2 new" in done.stdout and f"{site.url('/missing.xml')}: error: HTTP 404" in done.stdout
    assert "passages added" in done.stdout  # the good feed's pages are indexed all the same
    asked = _quotebot(tmp_path, "ask", "仁爱礁是中国南沙群岛的一部分", "--json")
    assert '"speaker": "毛宁"' in asked.stdout
    again = _quotebot(tmp_path, "fetch", QUOTEBOT_FEEDS=feeds, QUOTEBOT_FETCH_ALLOW_PRIVATE="1")
    assert f"{site.url('/feed.xml')}: 0 new" in again.stdout and "passages added" not in again.stdout
    guarded = _quotebot(tmp_path, "fetch", QUOTEBOT_FEEDS=feeds)
    assert "private or local address" in guarded.stdout and guarded.returncode == 1
    site.page("/later.html", PRESS.replace("2024年5月7日", "2024年5月9日"))
    site.feed("/feed.xml", "外交部", [("/later.html", "毛宁主持例行记者会", "Thu, 09 May 2024 15:00:00 +0800")])
    with exclusive(f"{tmp_path / 'q.db'}.lock", ReindexBusy, "held by the test"):
        busy = _quotebot(tmp_path, "fetch", QUOTEBOT_FEEDS=feeds, QUOTEBOT_FETCH_ALLOW_PRIVATE="1")
    assert busy.returncode != 0 and "the next round indexes them" in busy.stderr
    caught_up = _quotebot(tmp_path, "fetch", QUOTEBOT_FEEDS=feeds, QUOTEBOT_FETCH_ALLOW_PRIVATE="1")
    assert f"{site.url('/feed.xml')}: 0 new" in caught_up.stdout and "indexed 1," in caught_up.stdout
    unset = _quotebot(tmp_path, "fetch")
    assert unset.returncode != 0 and "QUOTEBOT_FEEDS is not set" in unset.stderr

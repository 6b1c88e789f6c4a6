"""Intake from the web: RSS/Atom feeds and plain pages saved into the corpus for the next reindex.

Each new feed item's page is fetched (store.fetch) and saved under `feeds/<site>/` in the corpus as
UTF-8, never over an existing file, with a `NAME.meta.toml` sidecar holding the feed's hints (title,
publication date, link, source). A plain page URL is saved again only when its text changed.
What was saved, and each feed's last round, are kept in a small SQLite file (`IntakeState`), so an
item is fetched once however often the feed lists it, and saved pages wait there for a reindex
(`index_saved`) until one has covered them. A failing feed or item never stops the others.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import feedparser

from store.fetch import FEED_TYPES, PAGE_TYPES, Fetched, FetchError, FetchSettings, fetch
from store.filelock import exclusive
from store.index import ReindexReport, reindex
from store.ingest import SIDECAR_SUFFIX
from store.statedb import open_state

FEEDS_DIR = "feeds"
ITEM_ATTEMPTS = 3  # an item whose page fails this often is given up
ITEM_ERRORS_SHOWN = 10


class IntakeBusy(RuntimeError):
    """Another intake round is running on the same state file."""


@dataclass(frozen=True)
class Item:
    """A page to save, with the hints its feed gave."""

    link: str
    title: str = ""
    published: str = ""  # ISO date
    source: str = ""  # the outlet: the item's <source>, else the feed's title


@dataclass
class FeedResult:
    """One feed (or page URL) in one round."""

    url: str
    saved: list[str] = field(default_factory=list)  # corpus paths of the pages saved
    errors: list[str] = field(default_factory=list)  # items that failed: "link: reason"
    error: str = ""  # the feed itself failed


@dataclass
class IntakeReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def saved(self) -> list[str]:
        return [path for feed in self.feeds for path in feed.saved]

    def summary(self) -> str:
        lines = []
        for f in self.feeds:
            state = f"error: {f.error}" if f.error else f"{len(f.saved)} new"
            lines.append(f"{f.url}: {state}")
            lines += [f"  saved {path}" for path in f.saved]
            lines += [f"  skipped {err}" for err in f.errors]
        return "\n".join(lines) or "no feeds configured (QUOTEBOT_FEEDS)"


@dataclass(frozen=True)
class FeedStatus:
    """What `/feeds` shows for one feed."""

    url: str
    last_fetch: str = ""  # ISO time of the last round, "" if never fetched
    last_ok: str = ""  # ISO time of the last round without a feed error
    new_items: int = 0  # saved in the last round
    total_items: int = 0  # saved ever
    error: str = ""
    item_errors: tuple[str, ...] = ()  # items whose page could not be fetched: "link: reason"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _item_key(url: str) -> str:
    """An item's identity: its URL without the fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


class IntakeState:
    """Saved items and each feed's last round, in an SQLite file shared by `quotebot fetch` and the bot."""

    def __init__(self, path: Path):
        self.path = path
        self._conn = open_state(
            path,
            "CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, feed TEXT, path TEXT, attempts INTEGER NOT NULL, "
            "error TEXT, seen TEXT NOT NULL, indexed INTEGER NOT NULL DEFAULT 0);"
            "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, last_fetch TEXT, last_ok TEXT, new_items INTEGER, "
            "error TEXT);",
        )
        self._lock = threading.Lock()

    def _query(self, sql: str, args: list) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def close(self) -> None:
        self._conn.close()

    def round(self) -> AbstractContextManager[None]:
        """One intake at a time per state file."""
        return exclusive(f"{self.path}.lock", IntakeBusy, f"another intake using {self.path} is running")

    def wanted(self, key: str) -> bool:
        """Not saved yet, and not given up on."""
        rows = self._query("SELECT path, attempts FROM items WHERE key = ?", [key])
        row = rows[0] if rows else None
        return row is None or (not row[0] and row[1] < ITEM_ATTEMPTS)

    def saved_path(self, key: str) -> str:
        rows = self._query("SELECT path FROM items WHERE key = ?", [key])
        return rows[0][0] if rows and rows[0][0] else ""

    def record_item(self, key: str, feed: str, path: str = "", error: str = "") -> None:
        self._query(
            "INSERT INTO items(key, feed, path, attempts, error, seen) VALUES (?, ?, ?, 1, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET path = excluded.path, attempts = attempts + 1, error = excluded.error",
            [key, feed, path, error, _now()],
        )

    def unindexed(self) -> int:
        """The last saved item no reindex has covered yet (a rowid), 0 when there is none."""
        return self._query("SELECT coalesce(max(rowid), 0) FROM items WHERE path != '' AND indexed = 0", [])[0][0]

    def mark_indexed(self, upto: int) -> None:
        self._query("UPDATE items SET indexed = 1 WHERE rowid <= ? AND path != ''", [upto])

    def record_feed(self, result: FeedResult) -> None:
        now = _now()
        self._query(
            "INSERT INTO feeds(url, last_fetch, last_ok, new_items, error) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET last_fetch = excluded.last_fetch, "
            "last_ok = coalesce(excluded.last_ok, last_ok), new_items = excluded.new_items, error = excluded.error",
            [result.url, now, None if result.error else now, len(result.saved), result.error],
        )

    def status(self, urls: list[str]) -> list[FeedStatus]:
        """The configured feeds in order, with what their last round did."""
        out = []
        for url in urls:
            rows = self._query("SELECT last_fetch, last_ok, new_items, error FROM feeds WHERE url = ?", [url])
            last_fetch, last_ok, new_items, error = rows[0] if rows else ("", "", 0, "")
            total = self._query("SELECT count(*) FROM items WHERE feed = ? AND path != ''", [url])[0][0]
            failed = self._query(
                "SELECT key, error, attempts FROM items WHERE feed = ? AND path = '' ORDER BY seen DESC LIMIT ?",
                [url, ITEM_ERRORS_SHOWN],
            )
            item_errors = tuple(f"{key}: {err}" + (" (given up)" if n >= ITEM_ATTEMPTS else "") for key, err, n in failed)
            out.append(FeedStatus(url, last_fetch or "", last_ok or "", new_items or 0, total, error or "", item_errors))
        return out


def _slug(url: str) -> str:
    segment = next((s for s in reversed(urlsplit(url).path.split("/")) if s), "")
    stem = re.sub(r"[^\w\-]+", "_", segment.rsplit(".", 1)[0]).strip("._-")[:60]
    return stem or hashlib.blake2b(url.encode(), digest_size=5).hexdigest()


def _toml(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL, which JSON leaves as it is, is escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def save_page(corpus: Path, page: Fetched, text: str, hints: Item) -> str:
    """Write the page under feeds/<site>/ (never over an existing file) with its sidecar; the corpus path."""
    site = re.sub(r"[^\w.\-]+", "_", (urlsplit(page.url).hostname or "site")).strip("._") or "site"
    folder = corpus / FEEDS_DIR / site
    folder.mkdir(parents=True, exist_ok=True)
    ext = ".txt" if page.content_type == "text/plain" else ".html"
    stem = f"{hints.published or dt.date.today().isoformat()}-{_slug(page.url)}"
    n = 1
    while True:
        name = f"{stem}{'' if n == 1 else f'-{n}'}{ext}"
        target = folder / name
        n += 1
        if target.exists():
            continue
        try:  # claim the name by its sidecar: O_EXCL never overwrites, even against a concurrent intake
            fd = os.open(folder / (name + SIDECAR_SUFFIX), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        break
    meta = [f"url = {_toml(hints.link or page.url)}"]
    meta += [f"{key} = {_toml(value)}" for key, value in (("title", hints.title), ("published", hints.published), ("outlet", hints.source)) if value]
    with os.fdopen(fd, "w", encoding="utf-8") as sidecar:
        sidecar.write("\n".join(meta) + "\n")
    partial = folder / f".{name}.{time.monotonic_ns()}.part"  # hidden: a reindex meanwhile ignores it
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target.relative_to(corpus).as_posix()


def _date(entry: feedparser.FeedParserDict) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else ""


def feed_items(page: Fetched) -> list[Item]:
    """The items of an RSS/Atom document; raises FetchError when it is not one."""
    content_type = f"{page.content_type}; charset={page.charset}" if page.charset else page.content_type
    parsed = feedparser.parse(page.data, response_headers={"content-type": content_type})
    source = str(parsed.feed.get("title", "")).strip()
    items = []
    for entry in parsed.entries:
        link = str(entry.get("link", "")).strip()
        if link:
            own = str((entry.get("source") or {}).get("title", "")).strip()
            items.append(Item(link, str(entry.get("title", "")).strip(), _date(entry), own or source))
    if not items and (parsed.bozo or not parsed.version):  # a feed parsed leniently, with nothing usable
        problem = parsed.get("bozo_exception")
        raise FetchError(f"broken feed: {problem or 'not RSS or Atom'}"[:300])
    return items


_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")


def _looks_like_feed(page: Fetched) -> bool:
    """A feed by its content type, or by its root element (feeds served as text/html or text/plain)."""
    return page.is_feed_type or bool(_FEED_ROOT.search(page.data[:1024].lower()))


def _save_item(item: Item, feed: str, corpus: Path, state: IntakeState, settings: FetchSettings, result: FeedResult) -> None:
    key = _item_key(item.link)
    try:
        page = fetch(item.link, settings, accept=PAGE_TYPES)
        path = save_page(corpus, page, page.text(), item)
    except FetchError as exc:
        state.record_item(key, feed, error=str(exc))
        result.errors.append(f"{item.link}: {exc}")
        return
    state.record_item(key, feed, path)
    result.saved.append(path)


def _intake_one(url: str, corpus: Path, state: IntakeState, settings: FetchSettings) -> FeedResult:
    result = FeedResult(url)
    try:
        page = fetch(url, settings, accept=PAGE_TYPES + FEED_TYPES)
        if _looks_like_feed(page):
            for item in feed_items(page):
                if state.wanted(_item_key(item.link)):
                    _save_item(item, url, corpus, state, settings, result)
        else:  # a plain page: saved again only when its text changed
            text = page.text()
            key = f"{_item_key(page.url)}#{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"
            if state.wanted(key):
                path = save_page(corpus, page, text, Item(page.url))
                state.record_item(key, url, path)
                result.saved.append(path)
    except FetchError as exc:
        result.error = str(exc)
    except Exception as exc:  # a malformed feed must never stop the others
        result.error = f"{type(exc).__name__}: {exc}"[:300]
    state.record_feed(result)
    return result


def intake(urls: list[str], corpus: Path, state: IntakeState, settings: FetchSettings) -> IntakeReport:
    """One round over every feed and page URL; the pages saved still need a reindex."""
    report = IntakeReport()
    with state.round():
        for url in urls:
            report.feeds.append(_intake_one(url, corpus, state, settings))
    return report


def index_saved(state: IntakeState, corpus: Path, db: Path) -> ReindexReport | None:
    """Reindex if pages were saved that no reindex has covered yet (also those a busy or failed reindex
    left behind); None when there were none."""
    upto = state.unindexed()
    if not upto:
        return None
    report = reindex(corpus, db)
    state.mark_indexed(upto)
    return report


def add_page(url: str, corpus: Path, state: IntakeState, settings: FetchSettings) -> tuple[str, bool]:
    """Fetch one page now (`/add`): its corpus path, and whether it is new (False: saved before)."""
    key = _item_key(url)
    with state.round():
        known = state.saved_path(key)
        if known:
            return known, False
        page = fetch(url, settings, accept=PAGE_TYPES)
        path = save_page(corpus, page, page.text(), Item(url))
        state.record_item(key, "", path)
    return path, True

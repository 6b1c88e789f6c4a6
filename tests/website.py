"""A small website for intake tests: ``http.server`` in a thread on 127.0.0.1, pages set by the test.

    with Website() as site:
        site.page("/a.html", "<html>…</html>")             # UTF-8 HTML
        site.page("/b.html", body_bytes, "text/html; charset=gbk")
        site.feed("/feed.xml", "Outlet", [("/a.html", "Title", "Tue, 07 May 2024 10:00:00 +0800")])
        site.endless("/huge.html")                          # streams without end; counts what it sent
        site.url("/a.html")

Unknown paths answer 404. ``requests`` lists the paths asked for, in order, ``hosts`` their Host headers.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from xml.sax.saxutils import escape

CHUNK = b"<p>" + "很长的页面。".encode() * 1000 + b"</p>\n"


class Website:
    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.endless_paths: set[str] = set()
        self.requests: list[str] = []
        self.hosts: list[str] = []
        self.endless_sent = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append(self.path)
                site.hosts.append(self.headers.get("Host", ""))
                if self.path in site.endless_paths:
                    self._endless()
                    return
                status, headers, body = site.pages.get(self.path, (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _endless(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    while site.endless_sent < 1 << 30:
                        self.wfile.write(CHUNK)
                        site.endless_sent += len(CHUNK)
                except OSError:  # the client hung up: what the test expects
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type}, data)

    def redirect(self, path: str, to: str) -> None:
        self.pages[path] = (302, {"Location": to}, b"")

    def feed(self, path: str, title: str, items: list[tuple[str, str, str]]) -> None:
        """An RSS 2.0 feed; items are (page path, title, RFC 822 date)."""
        entries = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(self.url(p))}</link><pubDate>{d}</pubDate></item>"
            for p, t, d in items
        )
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>{entries}</channel></rss>'
        self.page(path, xml, "application/rss+xml; charset=utf-8")

    def endless(self, path: str) -> None:
        self.endless_paths.add(path)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

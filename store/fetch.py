"""Fetch one web page or feed safely: public addresses only, bounded time, size and redirects.

- Only http(s) URLs whose host resolves to public addresses (no loopback, private, link-local,
  multicast or reserved ones) unless `FetchSettings.allow_private` (tests, intranets); the connection
  goes to an address that was checked (the host is not looked up a second time); every redirect hop
  is checked again, and there are at most `max_redirects` of them.
- A timeout on connecting and on every read; the body is streamed and abandoned as soon as it passes
  `max_bytes` (a declared Content-Length over the cap is refused before reading).
- Only page and feed content types; the text is decoded with the page's own charset, else the one
  the HTTP header names, else by detection (store.ingest.decode). Nothing fetched is ever executed.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from store.ingest import SkipFile, decode

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


@dataclass(frozen=True)
class FetchSettings:
    """How the intake fetches (bot.config builds one from QUOTEBOT_FETCH_*)."""

    timeout: float = 20.0  # seconds, for connecting and for each read
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "quotebot/0.1 (quote search; feed intake)"


class FetchError(Exception):
    """The URL could not be fetched; the message is the reason shown to the admin."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str  # the MIME type, lower case, without parameters
    data: bytes
    charset: str  # from the Content-Type header, "" when it names none

    @property
    def is_feed_type(self) -> bool:
        return self.content_type in FEED_TYPES

    def text(self) -> str:
        """The body as text (the page's charset, else the header's, else detected)."""
        try:
            return decode(self.data, self.charset)[0]
        except SkipFile as exc:
            raise FetchError(str(exc)) from None


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_address(url: str, allow_private: bool = False) -> list[str]:
    """The addresses `url`'s host resolves to; FetchError unless `url` is http(s) and (unless
    `allow_private`) every one of them is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses if not allow_private else ():
        ip = ipaddress.ip_address(address.split("%")[0])
        if _refused(ip):
            raise FetchError(f"{parts.hostname} is a private or local address ({ip}): refused (QUOTEBOT_FETCH_ALLOW_PRIVATE=1 allows it)")
    return addresses


def _send(client: httpx.Client, url: str, addresses: list[str]) -> httpx.Response:
    """GET `url` from the first of the checked `addresses` that takes the connection, streaming: the
    host is never looked up again (a name that resolves elsewhere the second time gains nothing)."""
    parts = urlsplit(url)
    error: httpx.ConnectError | None = None
    for address in addresses:
        host = f"[{address.replace('%', '%25')}]" if ":" in address else address
        target = urlunsplit((parts.scheme, host + (f":{parts.port}" if parts.port else ""), parts.path or "/", parts.query, ""))
        request = client.build_request(
            "GET", target, headers={"Host": parts.netloc.rpartition("@")[2]},
            extensions={"sni_hostname": parts.hostname} if parts.scheme == "https" else {},
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            error = exc
    assert error is not None  # getaddrinfo never answers with no address
    raise error


def _content_type(response: httpx.Response) -> tuple[str, str]:
    mime, _, params = response.headers.get("content-type", "").partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return mime.strip().lower(), charset


def _read(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large: {int(declared)} bytes declared, the limit is {limit}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(f"too large: over {limit} bytes, stopped reading")
    return bytes(body)


def fetch(url: str, settings: FetchSettings, accept: tuple[str, ...] = PAGE_TYPES + FEED_TYPES) -> Fetched:
    """GET `url` under `settings`; raises FetchError with the reason when it cannot be used."""
    timeout = httpx.Timeout(settings.timeout)
    headers = {"User-Agent": settings.user_agent, "Accept": ", ".join(accept)}
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False, trust_env=False) as client:
        for _ in range(settings.max_redirects + 1):
            addresses = check_address(url, settings.allow_private)
            try:
                response = _send(client, url, addresses)
                try:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    mime, charset = _content_type(response)
                    if mime not in accept:
                        what = "web page or feed" if set(FEED_TYPES) & set(accept) else "web page"
                        raise FetchError(f"content type {mime or '(none)'}: not a {what}")
                    return Fetched(url, mime, _read(response, settings.max_bytes), charset)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"more than {settings.max_redirects} redirects")

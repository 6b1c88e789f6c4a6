"""Read a corpus folder: find the files, decode them, tell their format, and read sidecar overrides."""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from store.dates import parse_date
from store.models import MetaHints, RawDocument
from store.pagesettings import SETTINGS

SIDECAR_SUFFIX = ".meta.toml"
PIPELINE_VERSION = "9"  # bump when cleaning/attribution changes, so that every file is reindexed
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_MD_EXT = {".md", ".markdown"}
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP/Office",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x7fELF": "executable",
    b"\x1f\x8b": "gzip archive",
    b"SQLite format 3": "SQLite database",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "cp936": "gb18030"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ASCII = re.compile(r"[\x00-\x7f]+")
_CJK_PUNCT = re.compile("[\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2100-\u22ff\u2460-\u27bf\u3000-\u303f\uff00-\uffef]")


class SkipFile(Exception):
    """A file that cannot be indexed; the message is the reason shown to the admin."""


@dataclass(frozen=True)
class SourceFile:
    """A corpus file found on disk, with its optional sidecar."""

    path: Path
    rel: str
    sidecar: Path | None


def discover(root: Path, errors: list[OSError] | None = None) -> list[SourceFile]:
    """Every indexable file below `root` (hidden files and folders and sidecars excluded), sorted;
    folders that cannot be listed are appended to `errors` when given (os.walk skips them silently)."""
    found: list[SourceFile] = []
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, onerror=None if errors is None else errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)
        inside = dirpath[len(top) :].strip(os.sep).replace(os.sep, "/")
        prefix = inside + "/" if inside else ""
        names = set(filenames)
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            sidecar = name + SIDECAR_SUFFIX
            found.append(SourceFile(folder / name, prefix + name, folder / sidecar if sidecar in names else None))
    return found


def content_hash(source: SourceFile, data: bytes | None = None) -> str:
    """Hash of the file (`data`: its bytes, when already read), its sidecar and the pipeline version:
    equal hashes need no reindex."""
    h = hashlib.blake2b(PIPELINE_VERSION.encode(), digest_size=16)
    h.update(source.path.read_bytes() if data is None else data)
    if source.sidecar:
        h.update(b"\0sidecar\0" + source.sidecar.read_bytes())
    return h.hexdigest()


def read_sidecar(path: Path | None) -> MetaHints:
    """Overrides from `NAME.meta.toml`; raises SkipFile-free ValueError with a clear message if malformed."""
    if path is None:
        return MetaHints()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"sidecar {path.name} ignored: {exc}") from exc
    hints = MetaHints()
    for key in ("title", "speaker", "outlet", "url"):
        if key in data:
            setattr(hints, key, str(data[key]).strip())
    for key in ("date", "published"):
        if key in data:
            setattr(hints, key, parse_date(data[key]))
    return hints


def decode(data: bytes, transport_charset: str = "") -> tuple[str, str]:
    """Decode bytes as text: BOMs, then UTF-8, then the declared charsets (the page's own, and the one its
    HTTP response named: `transport_charset`), detection, GB18030 and Big5.

    A few undecodable bytes (a truncated character, a stray byte) are replaced and reported in the
    encoding name (`gb18030, 2 undecodable characters replaced`); of the candidate decodings the one whose
    non-ASCII characters are most plausibly Chinese wins, so that Cyrillic mojibake never does.
    """
    if not data.strip():
        raise SkipFile("empty file")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SkipFile(f"binary file ({kind})")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\0" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    declared = _META_CHARSET.search(data[:4096])
    for name in (declared.group(1).decode("ascii", "ignore") if declared else "", transport_charset):
        if name.strip():
            candidates.append(_CHARSET_ALIASES.get(name.strip().lower(), name.strip().lower()))
    best = from_bytes(data[:65536]).best()
    if best is not None:
        candidates.append(_CHARSET_ALIASES.get(best.encoding, best.encoding))
    candidates += ["gb18030", "big5hkscs", "utf-8"]
    scored = []
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if bad > SETTINGS.max_bad_share * len(text):
            continue
        scored.append((_plausibility(text) - SETTINGS.bad_byte_weight * bad / max(len(text), 1), bad, enc, text))
    plausible = [s for s in scored if s[0] >= 0.5]
    if not plausible:
        raise SkipFile("undecodable text (not UTF-8, GB18030 or Big5)")
    _, bad, enc, text = max(plausible, key=lambda s: s[0])
    return text, (f"{enc}, {bad} undecodable characters replaced" if bad else enc)


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that belong to written Chinese: common Han characters (GB2312 or
    Big5 repertoire), CJK and full-width punctuation. Other scripts (Cyrillic, Greek, kana), which GB2312
    also holds, do not count: they are what a wrong decoding produces. Pure ASCII text scores 1."""
    sample = _ASCII.sub("", text[:200_000])[:20_000]
    if not sample:
        return 1.0 if text.strip() else 0.0
    return sum(n for c, n in Counter(sample).items() if _chinese(c)) / len(sample)


@lru_cache(maxsize=None)  # one entry per distinct character seen
def _chinese(c: str) -> bool:
    return bool(_CJK_PUNCT.match(c) or _HAN.match(c) and (_encodable(c, "gb2312") or _encodable(c, "big5")))


def _encodable(c: str, encoding: str) -> bool:
    try:
        c.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def detect_format(rel: str, text: str) -> str:
    """"html", "markdown" or "text", from the extension and, failing that, the first bytes."""
    ext = Path(rel).suffix.lower()
    head = text.lstrip()[:200].lower()
    if ext in _HTML_EXT or head.startswith(("<!doctype html", "<html")):
        return "html"
    if ext in _MD_EXT or _FRONT_MATTER.match(text):
        return "markdown"
    return "text"


def split_front_matter(text: str) -> tuple[str, str]:
    """(YAML block, body) of a Markdown file; the block is empty when there is none."""
    m = _FRONT_MATTER.match(text)
    return (m.group(1), text[m.end() :]) if m else ("", text)


def read_document(source: SourceFile, digest: str, data: bytes | None = None) -> RawDocument:
    """Read (unless `data`, its bytes, is given) and decode one file; raises SkipFile with the reason when
    it cannot be used."""
    if data is None:
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            raise SkipFile(f"unreadable: {exc.strerror or exc}") from exc
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(source.rel, text, encoding, detect_format(source.rel, text), digest)

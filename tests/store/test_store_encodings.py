"""Encodings and unusable files (issue "Ingestion"): GB18030, Big5, GBK HTML and UTF-8 with BOM are
decoded and searchable; binary, empty, whitespace-only and undecodable files are skipped with a clear
reason per file, and never stop the reindex."""
from __future__ import annotations

import random

import pytest

from storetest import build, hit_paths, run_cli
from store import search

SIMPLIFIED = (
    "国际反恐合作的新思路\n\n"
    "外交部发言人李明表示，恐怖组织利用社交网络、加密通信、虚拟货币等新兴技术从事恐怖活动，增加了防范和打击难度。\n\n"
    "李明指出，国际社会应当加强情报共享和司法合作，共同应对恐怖主义带来的新威胁新挑战。\n"
)
TRADITIONAL = (
    "國際社會應加強團結\n\n"
    "張軍指出，國際社會需要加強團結以打擊恐怖主義，並重視能力建設。面對這些挑戰，只有大家都安全，每個人才會安全。\n\n"
    "張軍強調，應把在非洲進行反恐作為優先事項，與區域組織的合作極為重要。\n"
)
GOOD_TEXT = SIMPLIFIED


def gbk_html() -> bytes:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>反恐合作</title></head>'
        "<body><div><p>外交部发言人李明表示，恐怖组织利用社交网络、加密通信、虚拟货币等新兴技术从事恐怖活动，增加了防范和打击难度。</p>"
        "<p>李明指出，国际社会应当加强情报共享和司法合作，共同应对恐怖主义带来的新威胁新挑战。</p></div></body></html>"
    )
    return html.encode("gbk")


SHORT_SIMPLIFIED = "王毅说：团结合作是应对恐怖主义的唯一通途。\n"
SHORT_TRADITIONAL = "張軍表示，反恐必須避免實行雙重標準。\n"
ORIGINAL = {
    "gb18030.txt": SIMPLIFIED, "big5.txt": TRADITIONAL, "utf8-bom.txt": TRADITIONAL,
    "short-gb18030.txt": SHORT_SIMPLIFIED, "short-big5.txt": SHORT_TRADITIONAL,
}
ENCODED = {  # name → (bytes on disk, a query that must find the file)
    "gb18030.txt": (SIMPLIFIED.encode("gb18030"), "恐怖组织利用社交网络、加密通信、虚拟货币"),
    "big5.txt": (TRADITIONAL.encode("big5"), "国际社会需要加强团结以打击恐怖主义"),
    "gbk-meta.html": (gbk_html(), "国际社会应当加强情报共享和司法合作"),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + TRADITIONAL.encode("utf-8"), "应把在非洲进行反恐作为优先事项"),
    "short-gb18030.txt": (SHORT_SIMPLIFIED.encode("gb18030"), "团结合作是应对恐怖主义的唯一通途"),
    "short-big5.txt": (SHORT_TRADITIONAL.encode("big5"), "反恐必须避免实行双重标准"),
}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    return build(tmp_path_factory.mktemp("enc"), {name: data for name, (data, _) in ENCODED.items()})


@pytest.mark.parametrize("name", list(ENCODED))
def test_encoded_file_is_indexed(encoded, name):
    assert name not in dict(encoded.report.skipped)
    assert encoded.passages(name), f"{name} has no passages"


@pytest.mark.parametrize("name", list(ENCODED))
def test_encoded_file_text_is_decoded_correctly(encoded, name):
    original = ORIGINAL.get(name)
    for text in encoded.texts(name):
        assert "\ufffd" not in text and "\ufeff" not in text
        if original is not None:
            assert text in original


@pytest.mark.parametrize("name", list(ENCODED))
def test_encoded_file_is_searchable_in_simplified(encoded, name):
    _, query = ENCODED[name]
    hits = search(encoded.index, query)
    assert hits and name in hit_paths(encoded.index, hits[0])


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def random_with_nuls() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 16


BAD = {
    "image.png": (png_bytes(), ("binary",)),
    "photo-saved-as.txt": (png_bytes(), ("binary",)),
    "random.txt": (random_with_nuls(), ("binary",)),
    "empty.txt": (b"", ("empty",)),
    "blank.txt": (b" \n\t\r\n   \n\n", ("empty", "no text")),
    "blank-ideographic.md": (" \n\u3000\u3000\n\t\n".encode("utf-8"), ("empty", "no text")),
    "undecodable.txt": (b"\x80\xff\xfe\x81" * 300, ("decod", "encoding")),
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    files = {"good.txt": GOOD_TEXT, **{name: data for name, (data, _) in BAD.items()}}
    return build(tmp_path_factory.mktemp("bad"), files)


def test_bad_files_do_not_stop_the_good_one(mixed):
    assert mixed.report.indexed == 1
    assert mixed.passages("good.txt")


@pytest.mark.parametrize("name", list(BAD))
def test_unusable_file_is_skipped_with_its_reason(mixed, name):
    _, words = BAD[name]
    reasons = dict(mixed.report.skipped)
    assert name in reasons, f"{name} was not reported as skipped"
    assert any(w in reasons[name].lower() for w in words), f"{name}: unclear reason {reasons[name]!r}"


@pytest.mark.parametrize("name", list(BAD))
def test_unusable_file_has_no_passages(mixed, name):
    assert mixed.passages(name) == []


def test_file_with_nothing_but_boilerplate_is_skipped_with_reason(tmp_path):
    junk = "分享到：\n\n微博\n\n微信\n\n版权所有 © 2023 新华网 京ICP备12345678号\n"
    built = build(tmp_path, {"good.txt": GOOD_TEXT, "junk.txt": junk})
    reasons = dict(built.report.skipped)
    assert "junk.txt" in reasons and "clean" in reasons["junk.txt"]


def test_cli_summary_lists_each_skipped_file_and_why(mixed, tmp_path):
    result = run_cli("reindex", "--corpus", str(mixed.corpus), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name, (_, words) in BAD.items():
        assert any(
            name in line and any(w in line.lower() for w in words) for line in lines
        ), f"no reason for {name} in:\n{result.output}"

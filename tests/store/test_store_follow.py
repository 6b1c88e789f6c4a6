"""Follows matched against newly indexed passages (store.follow), and the address guard (store.fetch)."""
from __future__ import annotations

from pathlib import Path

import pytest

from followdocs import LATER, MEETING, PRESS
from storetest import build, write_files
from store import reindex
from store.fetch import FetchError, check_address
from store.follow import follow_hit, matches, new_matches, parse_follow, quote_digest


@pytest.fixture
def built(tmp_path: Path):
    return build(tmp_path, {"press.html": PRESS, "meeting.html": MEETING})


def _speakers(built) -> dict[str, list[str]]:
    return built.index.snapshot().speakers


def _passage(built, words: str):
    return next(p for p in built.passages() if words in p.text)


def test_bare_known_name_is_a_speaker_follow_and_unknown_name_is_words(built):
    follow = parse_follow("毛宁", _speakers(built))
    assert follow.speakers == ("毛宁",) and not follow.words
    assert follow.canonical == "speaker:毛宁"
    unknown = parse_follow("李四", _speakers(built))
    assert unknown.words == ("李四",) and not unknown.speakers


def test_combined_follow_uses_the_question_syntax(built):
    follow = parse_follow("speaker:王毅 台湾", _speakers(built))
    assert follow.speakers == ("王毅",) and follow.words == ("台湾",)
    cued = parse_follow("王毅 台湾", _speakers(built))  # a known name beside words, as in questions
    assert (cued.speakers, cued.words) == (("王毅",), ("台湾",))
    assert parse_follow("outlet:新华社 from:2024 碳中和", {}).outlets == ("新华社",)
    assert parse_follow("from:2024 碳中和", {}).date_from == "2024"
    assert not parse_follow("？", {})


def test_canonical_form_reads_back_the_same_without_the_speaker_list(built):
    for text in ("毛宁", "speaker:王毅 台湾", "仁爱礁 菲律宾", "outlet:新华社 from:2024-05 to:2024-06 碳中和"):
        follow = parse_follow(text, _speakers(built))
        again = parse_follow(follow.canonical, {})
        assert (again.speakers, again.words, again.outlets, again.date_from, again.date_to) == (
            follow.speakers, follow.words, follow.outlets, follow.date_from, follow.date_to
        )


def test_speaker_follow_matches_what_the_speaker_said_not_mentions(built):
    follow = parse_follow("毛宁", _speakers(built))
    said = _passage(built, "仁爱礁是中国南沙群岛")
    mention = _passage(built, "毛宁此前已经")
    question = _passage(built, "关于仁爱礁问题")
    assert said.attribution.shown and said.speaker == "毛宁"
    assert matches(follow, said)
    assert "毛宁" in mention.text and not matches(follow, mention)
    assert not matches(follow, question)


def test_words_follow_matches_every_passage_with_the_words_in_any_script(built):
    follow = parse_follow("仁愛礁", {})  # traditional script
    matched = {p.text[:8] for p in built.passages() if matches(follow, p)}
    assert matched == {"法新社记者：关于", "毛宁：仁爱礁是中", "汪文斌指出，毛宁"}
    both = parse_follow("speaker:毛宁 仁爱礁", {})
    assert [p.text[:6] for p in built.passages() if matches(both, p)] == ["毛宁：仁爱礁"]


def test_weak_evidence_never_matches_a_speaker_follow(built):
    from dataclasses import replace

    said = _passage(built, "仁爱礁是中国南沙群岛")
    weak = replace(said, attribution=replace(said.attribution, strength="weak"))
    assert not matches(parse_follow("speaker:毛宁", {}), weak)


def test_new_matches_reads_only_passages_indexed_after_the_position(built):
    _, top = built.index.position()
    write_files(built.corpus, {"later.html": LATER})
    reindex(built.corpus, built.db)
    _, now = built.index.position()
    follows = [(1, parse_follow("speaker:毛宁", {})), (2, parse_follow("仁爱礁", {})), (3, parse_follow("台湾", {}))]
    found = new_matches(built.index, top, now, follows)
    assert [row.text[:6] for row, _ in found[1]] == ["毛宁：中方将"]
    assert [row.text[:6] for row, _ in found[2]] == ["路透社记者：", "毛宁：中方将"]
    assert 3 not in found
    assert all(row.id > top for rows in found.values() for row, _ in rows)


def test_the_same_quote_in_two_documents_is_one_digest_and_listed_once(tmp_path):
    built = build(tmp_path, {"a.html": LATER, "b.html": LATER.replace("5月9日", "5月10日")})
    follows = [(1, parse_follow("speaker:毛宁", {}))]
    found = new_matches(built.index, 0, built.index.position()[1], follows)
    assert len(found[1]) == 1
    rows = [p for p in built.passages() if p.text.startswith("毛宁")]
    assert len(rows) == 2 and quote_digest(rows[0]) == quote_digest(rows[1])


def test_follow_hit_is_a_card_with_the_first_word_in_bold(built):
    row = _passage(built, "仁爱礁是中国南沙群岛")
    hit = follow_hit(built.index, parse_follow("speaker:毛宁 南沙群岛", {}), row)
    assert hit.quote[hit.span[0] : hit.span[1]] == "南沙群岛"
    assert hit.speaker == "毛宁" and hit.passage_id == row.id


def test_a_rebuilt_index_has_another_identity(tmp_path):
    first = build(tmp_path, {"a.html": PRESS})
    identity, _ = first.index.position()
    first.db.unlink()
    reindex(first.corpus, first.db)
    assert first.index.position()[0] not in ("", identity)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.1/",
        "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://224.0.0.1/",
    ],
)
def test_address_guard_refuses_local_and_private_addresses(url):
    with pytest.raises(FetchError, match="private or local"):
        check_address(url)
    check_address(url, allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "javascript:alert(1)", "http://"])
def test_address_guard_refuses_other_schemes_even_when_private_is_allowed(url):
    with pytest.raises(FetchError, match="not an http"):
        check_address(url, allow_private=True)


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch: pytest.MonkeyPatch):
    import socket

    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 80)) for ip in ("8.8.8.8", "10.0.0.7")]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(FetchError, match=r"10\.0\.0\.7"):
        check_address("http://mixed.example/")
    assert check_address("http://mixed.example/", allow_private=True) == ["8.8.8.8", "10.0.0.7"]


def test_address_guard_lets_public_addresses_through():
    check_address("http://8.8.8.8/feed.xml")
    check_address("https://[2001:4860:4860::8888]/")

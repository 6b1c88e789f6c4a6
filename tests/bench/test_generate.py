"""The benchmark corpus generator: determinism, mix of formats and noise, and ground truth that holds."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bench import corpus as corpusmod
from bench import queries as queriesmod
from bench.corpus import CorpusInfo, generate_corpus
from bench.queries import Query, make_queries
from bench.words import masked_lines, norm

N_PASSAGES = 1500  # small, but enough files (~70) for every card of the format and encoding decks to be drawn
QUERY_KINDS = {"exact", "typo", "cross_script", "question", "short", "miss", "boilerplate"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusInfo:
    return generate_corpus(tmp_path_factory.mktemp("corpus"), N_PASSAGES, seed=0)


@pytest.fixture(scope="module")
def manifest(corpus: CorpusInfo) -> list[dict]:
    return _jsonl(corpus.manifest)


@pytest.fixture(scope="module")
def texts(corpus: CorpusInfo, manifest: list[dict]) -> dict[str, str]:
    """Every document decoded with the encoding the manifest gives."""
    return {row["file"]: (corpus.path / row["file"]).read_bytes().decode(row["encoding"]) for row in manifest}


@pytest.fixture(scope="module")
def queries(corpus: CorpusInfo) -> list[Query]:
    return make_queries(corpus, 600, seed=0)


def test_same_seed_writes_the_same_bytes(corpus: CorpusInfo, tmp_path: Path) -> None:
    again = generate_corpus(tmp_path, N_PASSAGES, seed=0)
    assert _tree(again.path) == _tree(corpus.path)
    assert again.ground_truth.read_bytes() == corpus.ground_truth.read_bytes()


def test_paragraph_and_file_counts(corpus: CorpusInfo, manifest: list[dict]) -> None:
    assert corpus.n_paragraphs == N_PASSAGES
    assert sum(row["paragraphs"] for row in manifest) == corpus.n_paragraphs
    assert len(manifest) == corpus.n_files
    assert 15 <= corpus.n_paragraphs / corpus.n_files <= 45
    assert len({Path(row["file"]).parent for row in manifest}) > 5  # spread over subfolders


@pytest.mark.skipif(
    corpusmod.resolve_shared(None) is None,
    reason="needs ../shared/corpora (test data, not shipped): from the sample corpus alone the generator writes too few files to draw every encoding",
)
def test_format_script_and_encoding_mix(corpus: CorpusInfo, manifest: list[dict], texts: dict[str, str]) -> None:
    formats = Counter(row["format"] for row in manifest)
    assert 0.4 <= formats["txt"] / len(manifest) <= 0.6
    assert formats["md"] >= 0.15 * len(manifest) and formats["html"] >= 0.15 * len(manifest)
    encodings = Counter(row["encoding"] for row in manifest)
    assert encodings["gb18030"] and encodings["big5"] and encodings["utf-8-sig"]
    assert 0.1 <= sum(row["script"] != "s" for row in manifest) / len(manifest) <= 0.3
    assert any(row["pinyin"] for row in manifest) and any(row["breaks"] for row in manifest)
    assert list(corpus.path.rglob("*.meta.toml"))
    for row in manifest:
        text = texts[row["file"]]
        if row["format"] == "html":
            declared = re.search(r'<meta charset="([^"]+)">', text).group(1)
            assert declared == {"utf-8-sig": "utf-8"}.get(row["encoding"], row["encoding"])
        if row["format"] == "md":
            assert text.lstrip("\ufeff").startswith("---\n")


def test_boilerplate_and_attribution_cues_are_present(texts: dict[str, str]) -> None:
    everything = "\n".join(texts.values())
    for cue in ("责任编辑", "相关新闻", "来源：", " > ", "记者：", "<script>", 'og:site_name', "All Rights Reserved"):
        assert cue in everything, cue
    assert re.search(r"^\d{30,}$", everything, re.M)  # tracking digits


def test_ground_truth_paragraphs_are_in_their_files(corpus: CorpusInfo, texts: dict[str, str]) -> None:
    records = _jsonl(corpus.ground_truth)
    assert len(records) >= 300
    normalised = {name: norm(text) for name, text in texts.items()}
    for record in records:
        assert norm(record["text"]) in normalised[record["file"]]
        assert 20 <= len(record["text"]) <= 300
        assert record["outlet"] and record["published"]
        assert record["speaker"] or record["kind"] == "wiki"


def test_near_duplicates_across_outlets(corpus: CorpusInfo) -> None:
    groups: dict[str, list[dict]] = {}
    for record in _jsonl(corpus.ground_truth):
        if record["group"]:
            groups.setdefault(record["group"], []).append(record)
    copies = [g for g in groups.values() if len({r["file"] for r in g}) >= 2]
    assert copies
    for group in copies:
        assert len({r["outlet"] for r in group}) == len(group)
        assert all(fuzz.ratio(norm(group[0]["text"]), norm(r["text"])) >= 85 for r in group)
    assert corpus.stats["syndicated_paragraphs"] >= 0.05 * corpus.n_paragraphs


def test_queries_cover_every_kind_with_ground_truth(corpus: CorpusInfo, queries: list[Query]) -> None:
    assert len(queries) == 600
    assert {q.kind for q in queries} == QUERY_KINDS
    assert len({q.q for q in queries}) == len(queries)
    truth = {(r["file"], r["text"]) for r in _jsonl(corpus.ground_truth)}
    for query in queries:
        if query.kind in ("miss", "boilerplate"):
            assert query.expect_text is None and query.expect_file is None
            continue
        assert (query.expect_file, query.expect_text) in truth
        if query.kind in ("exact", "short"):
            assert norm(query.q) in norm(query.expect_text)
        if query.kind == "cross_script":
            assert norm(query.q) in norm(query.expect_text) and query.q not in query.expect_text
    written = queriesmod.queries_path(corpus, 600, 0)
    assert [Query(**{**row, "also_files": tuple(row["also_files"])}) for row in _jsonl(written)] == queries


def test_abstaining_queries_are_not_in_the_content(corpus: CorpusInfo, queries: list[Query],
                                                   texts: dict[str, str]) -> None:
    everything = norm("\n".join(texts.values()))
    content = norm("\n".join(r["text"] for r in _jsonl(corpus.ground_truth)))
    for query in queries:
        if query.kind == "miss":
            assert norm(query.q) not in everything, query.q
        elif query.kind == "boilerplate":
            key = norm(query.q).removeprefix("责任编辑")
            assert key in everything and key not in content, query.q


def test_abstaining_queries_are_not_a_typo_away_from_the_content(corpus: CorpusInfo, queries: list[Query],
                                                                 texts: dict[str, str]) -> None:
    everything = masked_lines("\n".join(texts.values()))
    content = masked_lines("\n".join(r["text"] for r in _jsonl(corpus.ground_truth)))
    for query in queries:
        if query.kind in ("miss", "boilerplate"):
            assert not queriesmod._within_typo(query.q, everything if query.kind == "miss" else content), query.q


def test_a_text_within_a_typo_of_written_text_cannot_be_a_must_abstain_query() -> None:
    written = masked_lines("同时，美方也应当言行一致，不要一边声称要合作。\n中方已经提出了关于乌克兰人道主义局势的六点倡议。")
    assert queriesmod._within_typo("美方应当言行一致", written)  # a character extra in what is written
    assert not queriesmod._within_typo("中方还提出关于乌克兰人", written)  # three edits in 11 characters
    assert queriesmod._within_typo("中方已经提出关于乌克兰人道主意局势的六点", written)  # two in 20
    assert not queriesmod._within_typo("中方还提出关于乌克兰人道主意局势的六点", written)  # four in 19


def test_works_from_the_sample_corpus_alone(tmp_path: Path) -> None:
    info = generate_corpus(tmp_path, 300, seed=3, shared=tmp_path / "no-shared")
    assert info.shared is None and info.n_paragraphs == 300
    queries = make_queries(info, 60, seed=3)
    assert len(queries) == 60 and {"exact", "miss"} <= {q.kind for q in queries}


def test_cached_corpus_is_generated_once_per_generator_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpusmod, "CACHE_DIR", tmp_path)
    monkeypatch.setenv("QUOTEBOT_SHARED", str(tmp_path / "no-shared"))
    first = corpusmod.cached_corpus(200, seed=1)
    real_generate = corpusmod.generate_corpus
    monkeypatch.setattr(corpusmod, "generate_corpus", lambda *a, **k: pytest.fail("regenerated a complete corpus"))
    assert corpusmod.cached_corpus(200, seed=1) == first
    monkeypatch.setattr(corpusmod, "generate_corpus", real_generate)
    monkeypatch.setattr(corpusmod, "generator_version", lambda: "other-code")
    assert corpusmod.cached_corpus(200, seed=1).generator == "other-code"


def test_cache_is_keyed_on_the_source_corpora(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus cached without shared corpora is not reused once they appear ($QUOTEBOT_SHARED is honoured)."""
    monkeypatch.setattr(corpusmod, "CACHE_DIR", tmp_path / "cache")
    shared = tmp_path / "shared"
    monkeypatch.setenv("QUOTEBOT_SHARED", str(shared))
    made: list[tuple[Path, Path | None]] = []
    monkeypatch.setattr(corpusmod, "generate_corpus", lambda out, n, seed, shared: made.append((out, shared)))
    corpusmod.cached_corpus(200, seed=1)
    (shared / "corpora" / "cmrc2018").mkdir(parents=True)
    (shared / "corpora" / corpusmod.SHARED_SOURCES[1]).write_text("[]", encoding="utf-8")
    corpusmod.cached_corpus(200, seed=1)
    (without, no_shared), (with_shared, used) = made
    assert no_shared is None and without.name.endswith("-sample")
    assert used == shared and with_shared != without


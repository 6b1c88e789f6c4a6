"""Fixtures shared by the store tests: the sample corpus indexed once per session, and a writable copy
of it indexed per test."""
from __future__ import annotations

import pytest

from storetest import all_passages, copy_sample
from store import open_index, reindex


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The bundled sample corpus (a copy of it) indexed into a fresh database."""
    root = tmp_path_factory.mktemp("sample")
    corpus = copy_sample(root / "corpus")
    db = root / "sample.db"
    reindex(corpus, db)
    return db


@pytest.fixture(scope="session")
def sample_index(sample_db):
    return open_index(sample_db)


@pytest.fixture(scope="session")
def sample_passages(sample_index):
    return all_passages(sample_index)


@pytest.fixture
def corpus(tmp_path):
    """A writable copy of the sample corpus."""
    return copy_sample(tmp_path / "corpus")


@pytest.fixture
def db(tmp_path, corpus):
    """`corpus` indexed into a fresh database."""
    path = tmp_path / "q.db"
    reindex(corpus, path)
    return path

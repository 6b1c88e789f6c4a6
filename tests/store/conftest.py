"""Fixtures shared by the store tests: the sample corpus indexed once per session."""
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

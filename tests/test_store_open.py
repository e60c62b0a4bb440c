"""open_store: the configured store, or a clear error naming what is wrong."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geokg.graph.embedded import EmbeddedStore
from geokg.graph.errors import ConfigError, StoreError
from geokg.graph.open import open_store


def test_the_default_is_the_embedded_store_in_the_data_folder(tmp_path: Path):
    store = open_store(data_dir=tmp_path / "fresh" / "data")
    try:
        assert isinstance(store, EmbeddedStore) and store.counts().articles == 0
        assert (tmp_path / "fresh" / "data" / "store.db").exists()
    finally:
        store.close()


def test_an_unknown_kind_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="unknown store kind 'sqlite'"):
        open_store("sqlite", tmp_path)


def test_neo4j_needs_a_uri():
    with pytest.raises(ConfigError, match="KG_NEO4J_URI"):
        open_store("neo4j")


def test_a_bad_neo4j_uri_is_a_config_error():
    with pytest.raises(ConfigError, match="bad Neo4j URI 'gopher://x'"):
        open_store("neo4j", neo4j_uri="gopher://x")


def test_an_unreachable_neo4j_is_a_store_error_quickly():
    t = time.monotonic()
    with pytest.raises(StoreError, match="127.0.0.1:1"):
        open_store("neo4j", neo4j_uri="bolt://127.0.0.1:1", neo4j_password="x")
    assert time.monotonic() - t < 30


def test_a_data_folder_that_is_a_file_is_named(tmp_path: Path):
    f = tmp_path / "data"
    f.write_text("not a folder")
    with pytest.raises(StoreError, match=str(f)):
        open_store("embedded", f)
    assert f.read_text() == "not a folder"

"""kill -9 a real `geokg ingest` while a reader watches: nothing half-written, nothing committed lost."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from geokg.graph.embedded import EmbeddedStore
from geokg.graph.upserts import validate
from geokg.ingest.pipeline import process
from geokg.ingest.readers import read_paths
from tests.conftest import GEOKG, ROOT, SEED_ARTICLE

ARTICLES = 240


def write_articles(folder: Path) -> list[Path]:
    """Variants of the seed article: same story, each with its own closing sentence (so its own content hash)."""
    folder.mkdir()
    text = SEED_ARTICLE.read_text()
    paths = []
    for i in range(ARTICLES):
        p = folder / f"report-{i:03d}.txt"
        p.write_text(f"{text}\nThe foreign ministry published statement number {i} on the talks.\n")
        paths.append(p)
    return paths


@pytest.mark.slow
def test_kill_9_of_geokg_ingest_leaves_whole_articles_and_a_live_reader_saw_them(tmp_path: Path, nlp):
    data, folder = tmp_path / "data", tmp_path / "articles"
    paths = write_articles(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(PYTHONPATH=str(ROOT), KG_DATA_DIR=str(data))
    reader = EmbeddedStore(data)  # opened before the ingest starts, never reopened: it must catch up by itself
    proc = subprocess.Popen([*GEOKG, "ingest", str(folder)], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, deadline = 0, time.monotonic() + 240
    try:
        while seen < 64 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            seen = reader.counts().articles
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    reader.close()
    assert seen >= 64, "the reader never saw the ingest's first batches"
    with EmbeddedStore(data) as store:
        stored = [a.id for a in store.list_articles(limit=ARTICLES).items]
        assert seen <= len(stored) <= ARTICLES
        graphs = [store.article_graph(aid) for aid in stored]
    for g in graphs:
        validate(g)
        assert g.relations, f"{g.article.id} was stored without its relations"
    # the stored graphs are exactly what extraction gives for their files: no article is half there
    by_id = {g.article.id: g for g in graphs}
    sample = [paths[0], paths[len(stored) // 2], paths[len(stored) - 1]]
    for expected in process(read_paths(sample), nlp):
        assert by_id[expected.article.id] == expected

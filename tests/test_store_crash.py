"""kill -9 a real writer process mid-ingest: the store must open with every committed article and no half one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from geokg.graph.embedded import EmbeddedStore
from tests.conftest import ROOT
from tests.store_samples import synthetic

BATCH = 25
# An ingest-like writer: batches of articles, each reported on stdout only after upsert_articles returned.
WRITER = f"""
import sys
from pathlib import Path
from geokg.graph.embedded import EmbeddedStore
from tests.store_samples import synthetic
store = EmbeddedStore(Path(sys.argv[1]))
i = int(sys.argv[2])
while True:
    store.upsert_articles([synthetic(j, per_article=1 + j % 9) for j in range(i, i + {BATCH})])
    i += {BATCH}
    print(i, flush=True)
"""


def run_and_kill(data_dir: Path, start: int, rng: random.Random) -> int:
    """Start the writer at article start, kill -9 it after a few commits; the highest count it reported."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), str(start)], stdout=subprocess.PIPE,
                            text=True, env=env)
    reported = start
    target = start + BATCH * rng.randint(4, 12)
    while reported < target:
        line = proc.stdout.readline()
        assert line, "the writer died before it was killed"
        reported = int(line)
    time.sleep(rng.uniform(0, 0.05))  # land the kill anywhere in the next write
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    for line in proc.stdout:  # commits reported between our last read and the kill
        reported = int(line)
    return reported


def test_kill_9_mid_ingest_loses_nothing_committed_and_leaves_no_half_article(data_dir: Path):
    rng = random.Random(4)
    committed = 0
    for _ in range(4):
        committed = run_and_kill(data_dir, committed, rng)
        with EmbeddedStore(data_dir) as store:
            ids = {a.id for a in store.list_articles(limit=10**6).items}
            for j in range(committed):
                assert synthetic(j).article.id in ids, f"article {j} was reported committed but is missing"
            stored = sorted(int(aid.rsplit("-", 1)[1]) for aid in ids)
            assert stored == list(range(len(stored))), "articles are stored out of order"
            assert committed <= len(stored) <= committed + BATCH
            for j in stored[-BATCH:]:  # the batch in flight: whole articles or none
                assert store.article_graph(synthetic(j).article.id) == synthetic(j, per_article=1 + j % 9)
            c = store.counts()
            assert c.evidence == sum(1 + j % 9 for j in stored)
        committed = len(stored)  # the next writer carries on after what is there

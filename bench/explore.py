"""Benchmark: the explorer's queries on a synthetic graph, each against the plain store query it builds on.

One run, one embedded store, the same process: ranked search (graph/lookup.py) vs the store's own search;
listing by degree (first page) vs one get_entity; events per period with Goldstein means (period_summaries) vs
the count-only timeline; a country roll-up of an entity's relations vs its plain relations. Prints medians in
ms and the ratios.

    .venv/bin/python bench/explore.py [--entities 100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import build_store  # noqa: E402
from geokg.graph import lookup, rollup  # noqa: E402
from geokg.graph.store import RelationFilter  # noqa: E402


def median_ms(call: Callable[[], object], repeat: int) -> float:
    """The median wall time of call over repeat runs (after one warm-up run), in milliseconds."""
    call()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from geokg.graph.open import open_store

    with tempfile.TemporaryDirectory() as tmp:
        hubs = build_store(Path(tmp), args.entities)
        with open_store("embedded", Path(tmp)) as store:
            hub, name = hubs[0], store.get_entity(hubs[0]).entity.name
            pairs = [
                ("search 'Actor 12'", lambda: lookup.find_entities(store, "Actor 12"),
                 lambda: store.search_entities("Actor 12")),
                ("list by degree", lambda: store.list_entities(limit=50), lambda: store.get_entity(hub)),
                ("periods of hub", lambda: store.period_summaries([hub]), lambda: store.timeline(hub)),
                ("periods of all", lambda: store.period_summaries(None), lambda: store.timeline(None)),
                ("rolled relations", lambda: rollup.relations_of(store, hub, RelationFilter(), 50, 0, "country"),
                 lambda: store.relations_of(hub, RelationFilter())),
            ]
            print(f"hub {hub} ({name}), {args.repeat} runs each, median ms")
            for label, ours, base in pairs:
                a, b = median_ms(ours, args.repeat), median_ms(base, args.repeat)
                print(f"{label:18s} {a:9.2f} ms  vs {b:9.2f} ms  ratio {a / b:6.2f}")


if __name__ == "__main__":
    main()

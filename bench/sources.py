"""Scheduled-ingestion overhead: how much a feed run costs when nothing (or little) changed, as ratios in one run.

A real HTTP server on 127.0.0.1 serves a feed of N article pages. Timed, with a sink that does nothing (so only
fetching, extraction with trafilatura, dedup and state are measured):
  bare     plain httpx GETs of the feed and every page (no guards, no extraction): the baseline
  first    the first run of the source: every page fetched, extracted, handed on, recorded
  304      the second run: the server answers 304 Not Modified to the conditional GET
  stamps   the feed changed but its entries' dates did not: no page is fetched again
  nodates  a feed without dates: every page is asked for again with its ETag and answers 304
  hashes   the same, from a server without ETags: every page is fetched and extracted, its text hash skips it

    .venv/bin/python bench/sources.py [--pages 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geokg.ingest.sources.config import FetchPolicy, Source  # noqa: E402
from geokg.ingest.sources.runner import Outcome, run_source  # noqa: E402
from geokg.ingest.sources.state import SourceState  # noqa: E402
from tests.sources_server import page, rss, start_site  # noqa: E402

WORDS = ("minister", "talks", "sanctions", "agreement", "ceasefire", "envoy", "summit", "border", "trade", "aid")


def article(i: int) -> list[str]:
    """Three paragraphs of distinct text for page i."""
    return [f"Story {i}: the foreign {WORDS[i % 10]} met officials on day {i} to discuss the {WORDS[(i * 3) % 10]}. "
            f"Both sides said the {WORDS[(i * 7) % 10]} would continue next week." for _ in range(3)]


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    n = parser.parse_args().pages
    site, server = start_site()
    when = datetime(2024, 5, 1, tzinfo=UTC)
    urls = [site.serve(f"/a/{i}", page(f"Story {i}", article(i))) for i in range(n)]

    def publish(dated: bool, title: str = "Bench") -> None:
        items = [{"title": f"Story {i}", "link": u, "date": when if dated else None} for i, u in enumerate(urls)]
        site.serve("/feed.xml", rss(title, items), content_type="application/rss+xml")

    publish(dated=True)
    src = Source(name="bench", kind="rss", location=site.url("/feed.xml"), max_entries=n,
                 fetch=FetchPolicy(allow_local=True))
    state = SourceState(Path(tempfile.mkdtemp()) / "data")

    def sink(raws):
        return [Outcome(r.article.id, "created") for r in raws]

    def bare():
        with httpx.Client() as client:
            for u in [site.url("/feed.xml"), *urls]:
                client.get(u).raise_for_status()

    results = {"bare": timed(bare)[0]}
    for label in ("first", "304"):
        results[label], report = timed(lambda: run_source(src, state, sink))
        print(f"{label:>7}: {report.summary()}", file=sys.stderr)
    publish(dated=True, title="Bench, retitled")
    results["stamps"], report = timed(lambda: run_source(src, state, sink))
    print(f" stamps: {report.summary()}", file=sys.stderr)
    publish(dated=False)
    results["nodates"], report = timed(lambda: run_source(src, state, sink))
    print(f"nodates: {report.summary()}", file=sys.stderr)
    for i in range(n):
        site.serve(f"/a/{i}", page(f"Story {i}", article(i)), etag=False)
    publish(dated=False, title="Bench, once more")
    results["hashes"], report = timed(lambda: run_source(src, state, sink))
    print(f" hashes: {report.summary()}", file=sys.stderr)
    server.shutdown()

    print(f"pages: {n}")
    for label, seconds in results.items():
        print(f"{label:>7}: {seconds * 1000:8.1f} ms  {n / seconds:8.0f} pages/s  "
              f"{seconds / results['first']:6.3f}x first run")
    print(f"first run vs bare fetching: {results['first'] / results['bare']:.1f}x the time "
          "(guards, extraction, dedup, state)")


if __name__ == "__main__":
    main()

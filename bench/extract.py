"""Throughput of extraction, as ratios measured in one run.

    .venv/bin/python bench/extract.py [--tokens 200000] [--workers 2]

1. bare `nlp.pipe` over the seed and PLOVER texts (repeated to --tokens tokens);
2. `nlp.pipe` + `extract` on the same texts: the ratio 2/1 in throughput (goal >= 0.8);
3. `ingest.pipeline.process` with one process and with --workers processes (goal >= 1.7x on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from geokg.graph.model import Article
from geokg.ingest.extract import extract
from geokg.ingest.nlp import load_pipeline
from geokg.ingest.pipeline import process
from geokg.ingest.readers import make_raw

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def corpus() -> list[str]:
    """The seed articles and the PLOVER sentences."""
    texts = [p.read_text() for p in sorted((SHARED / "seeds").glob("*.txt"))]
    texts += [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [json.loads(p.read_text())["text"] for p in sorted((SHARED / "eval" / "plover").glob("*.json"))]
    return [t for t in texts if t.strip()]


def repeated(texts: list[str], nlp, tokens: int) -> tuple[list[str], int]:
    """The texts repeated until they hold at least `tokens` tokens, and their token count."""
    per_round = sum(len(nlp.make_doc(t)) for t in texts)
    rounds = -(-tokens // per_round)
    return texts * rounds, per_round * rounds


def timed(fn) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Run the three measurements and print them."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp = load_pipeline()
    print(f"pipeline load: {time.perf_counter() - t0:.2f} s ({', '.join(nlp.pipe_names)})")
    texts, n_tokens = repeated(corpus(), nlp, args.tokens)
    article = Article(id="bench")
    list(nlp.pipe(texts[:50]))  # warm up

    bare = timed(lambda: [None for _ in nlp.pipe(texts, batch_size=args.batch_size)])
    full = timed(lambda: [extract(d, article) for d in nlp.pipe(texts, batch_size=args.batch_size)])
    print(f"texts: {len(texts)}, tokens: {n_tokens}")
    print(f"bare nlp.pipe:       {bare:7.2f} s  {n_tokens / bare:9.0f} tokens/s")
    print(f"nlp.pipe + extract:  {full:7.2f} s  {n_tokens / full:9.0f} tokens/s")
    print(f"extract throughput ratio (goal >= 0.8): {bare / full:.2f}")

    raws = [make_raw(t, name=f"t{i}") for i, t in enumerate(texts)]
    one = timed(lambda: list(process(raws, nlp, workers=1, batch_size=args.batch_size)))
    many = timed(lambda: list(process(raws, nlp, workers=args.workers, batch_size=args.batch_size)))
    print(f"process, 1 worker:   {one:7.2f} s  {n_tokens / one:9.0f} tokens/s")
    print(f"process, {args.workers} workers:  {many:7.2f} s  {n_tokens / many:9.0f} tokens/s"
          f"  (cores: {os.cpu_count()})")
    print(f"speed-up with {args.workers} workers (goal >= 1.7): {one / many:.2f}x")


if __name__ == "__main__":
    main()

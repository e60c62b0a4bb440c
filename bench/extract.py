"""Throughput of extraction, as ratios measured in one run.

    .venv/bin/python bench/extract.py [--tokens 200000] [--workers 2]

1. bare `nlp.pipe` over the seed and PLOVER texts (repeated to --tokens tokens);
2. `nlp.pipe` + `extract` on the same texts: the ratio 2/1 in throughput (goal >= 0.8);
3. `ingest.pipeline.process` with one process and with --workers processes (goal >= 1.7x on 2 cores).

    .venv/bin/python bench/extract.py --long [--sizes 100000,1000000,5000000]

one long article per size (the texts joined): `process` against bare `nlp.pipe` over the same chunks, each in a
fresh process so its peak RSS is its own (goal at 1 MB: time within 1.5x of bare, peak RSS under 1.5 GB).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
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


def long_text(chars: int) -> str:
    """The corpus texts joined as paragraphs of one article of about `chars` characters."""
    texts, out, size = corpus(), [], 0
    while size < chars:
        for t in texts:
            out.append(t.strip())
            size += len(t) + 2
    return "\n\n".join(out)[:chars].rsplit("\n\n", 1)[0]


def long_run(kind: str, chars: int, queue) -> None:
    """In a fresh process: seconds for bare nlp.pipe over the chunks, or for process(), and the peak RSS."""
    from geokg.ingest.pipeline import chunks

    nlp = load_pipeline()
    text = long_text(chars)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if kind == "bare":
        seconds = timed(lambda: [None for _ in nlp.pipe(piece for _, piece in chunks(text))])
    else:
        raw = make_raw(text, name="long")
        seconds = timed(lambda: list(process([raw], nlp, workers=1)))
    queue.put((seconds, base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure_long(sizes: list[int]) -> None:
    """Time and peak memory of one long article per size, bare spaCy against geokg."""
    ctx = multiprocessing.get_context("spawn")
    for chars in sizes:
        got = {}
        for kind in ("bare", "geokg"):
            queue = ctx.Queue()
            child = ctx.Process(target=long_run, args=(kind, chars, queue))
            child.start()
            got[kind] = queue.get()
            child.join()
        (bare, _, bare_rss), (full, _, full_rss) = got["bare"], got["geokg"]
        print(f"{chars / 1e6:5.1f} MB: bare nlp.pipe {bare:7.1f} s, {bare_rss / 1024:6.0f} MB peak; "
              f"geokg {full:7.1f} s, {full_rss / 1024:6.0f} MB peak; time ratio {full / bare:.2f} (goal <= 1.5)")


def main() -> None:
    """Run the three measurements (or the long-article ones) and print them."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--long", action="store_true", help="measure single long articles instead")
    ap.add_argument("--sizes", default="100000,1000000,5000000", help="characters of each long article")
    args = ap.parse_args()
    if args.long:
        return measure_long([int(s) for s in args.sizes.split(",")])

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

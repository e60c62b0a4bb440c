"""Throughput of extraction, as ratios measured in one run.

    .venv/bin/python bench/extract.py [--tokens 200000] [--workers 2]

1. bare `nlp.pipe` over the seed, VOA and PLOVER texts (repeated to --tokens tokens);
2. `nlp.pipe` + `extract` on the same texts: the ratio 2/1 in throughput (goal >= 0.8);
3. `ingest.pipeline.process` in this one process, then on a local Dask cluster of 1, 2, ... --workers worker
   processes (goal: 2 workers >= 1.7x one process on 2 cores); cluster start-up is timed apart from the run.
   Each line has the CPU seconds spent (workers and this process) and the load average: on a shared machine
   the wall-clock ratio measures the neighbours, the CPU ratio what the cluster costs;
4. the per-core rate in news articles/s (tokens/s over the mean VOA article's tokens) and what 10M articles
   would take on a 32-core cluster at that rate.

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
from geokg.ingest.cluster import connect, extract_on
from geokg.ingest.extract import extract
from geokg.ingest.nlp import load_pipeline
from geokg.ingest.pipeline import process
from geokg.ingest.readers import make_raw

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MODEL = "en_core_web_sm"
LONG_BATCH = 16  # chunks parsed together in the --long runs, bare and geokg alike


def news() -> list[str]:
    """The VOA news articles of the dev set: real article lengths."""
    return [json.loads(p.read_text())["text"] for p in sorted((SHARED / "eval" / "voa").glob("*.json"))]


def corpus() -> list[str]:
    """The seed articles, the VOA articles and the PLOVER sentences."""
    texts = [p.read_text() for p in sorted((SHARED / "seeds").glob("*.txt"))]
    texts += [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += news()
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
    if kind == "bare":  # the batch size process() uses: spaCy's default (1000) would hold every chunk at once
        seconds = timed(lambda: [None for _ in nlp.pipe((piece for _, piece in chunks(text)), batch_size=LONG_BATCH)])
    else:
        raw = make_raw(text, name="long")
        seconds = timed(lambda: list(process([raw], nlp, workers=1, batch_size=LONG_BATCH)))
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
    nlp = load_pipeline(MODEL)
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
    cpu0 = time.process_time()
    one = timed(lambda: list(process(raws, nlp, batch_size=args.batch_size)))
    one_cpu = time.process_time() - cpu0
    report("process, this process", one, one_cpu, n_tokens)
    for n in range(1, args.workers + 1):
        many, cpu = on_cluster(raws, n, args.batch_size)
        report(f"local cluster, {n} worker(s)", many, cpu, n_tokens)
        print(f"  speed-up with {n} worker(s) over one process: {one / many:.2f}x"
              + ("  (goal >= 1.7 with 2 on 2 cores)" if n == 2 else "")
              + f"; CPU per token vs one process: {cpu / one_cpu:.2f}x")
    estimate(nlp, n_tokens / one)


def report(label: str, seconds: float, cpu: float, n_tokens: int) -> None:
    """One line: wall time, throughput, CPU seconds spent, and the load average the machine had."""
    print(f"{label + ':':30} {seconds:7.2f} s {n_tokens / seconds:7.0f} tokens/s  CPU {cpu:6.1f} s"
          f"  (load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def on_cluster(raws, workers: int, batch_size: int) -> tuple[float, float]:
    """Seconds the raws take on a local cluster of `workers` processes, and the CPU seconds its workers and this
    process spent (start-up printed, not counted)."""
    t0 = time.perf_counter()
    with connect(None, workers) as client:
        list(extract_on(client, raws[:workers], MODEL, 1))  # the workers are up with their pipeline loaded
        print(f"local cluster start-up with {workers} worker(s): {time.perf_counter() - t0:.1f} s")
        cpu = time.process_time() + sum(client.run(time.process_time).values())
        run = timed(lambda: list(extract_on(client, raws, MODEL, batch_size)))
        cpu = time.process_time() + sum(client.run(time.process_time).values()) - cpu
    return run, cpu


def estimate(nlp, tokens_per_s: float) -> None:
    """The per-core rate in news articles/s and 10M articles on 32 cores at that rate."""
    per_article = sum(len(nlp.make_doc(t)) for t in news()) / len(news())
    rate = tokens_per_s / per_article
    hours = 10_000_000 / (rate * 32) / 3600
    print(f"per core: {rate:.1f} news articles/s (mean VOA article {per_article:.0f} tokens); "
          f"10M articles on 32 cores: {hours:.1f} h at perfect scaling")


if __name__ == "__main__":
    main()

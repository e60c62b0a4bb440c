"""The `geokg` command line: each command calls one library function of graph/ or ingest/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geokg.api.cli.common import load_nlp, progress_bar, run_guarded, settings_of, store_from

EXAMPLES = """
\b
Examples:
  geokg ingest seeds/                 # every article in a folder, into ./data
  geokg extract article.txt --format jsonl
  geokg serve --port 8000             # then: curl 'http://127.0.0.1:8000/entities?q=Zarif'
  geokg stats
"""


@click.group(epilog=EXAMPLES)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Data folder (KG_DATA_DIR).")
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), help="Which store (KG_STORE).")
@click.option("--spacy-model", help="spaCy pipeline to load (KG_SPACY_MODEL).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              help="Emit and store only relations at least this confident (KG_MIN_CONFIDENCE, default 0.4).")
@click.version_option(package_name="geokg")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, store: str | None, spacy_model: str | None,
         min_confidence: float | None) -> None:
    """geokg: news articles in, a knowledge graph of geopolitical events out."""
    flags = {"data_dir": data_dir, "store": store, "spacy_model": spacy_model, "min_confidence": min_confidence}
    ctx.obj = {k: v for k, v in flags.items() if v is not None}


def ingest_raws(items, settings, workers: int = 1, total: int | None = None):
    """Extract and store the given RawArticle/Failure items (parsed on settings.cluster if set); the LoadReport.

    Articles the store holds unchanged are not parsed, and the NLP pipeline is loaded only if one is new.
    """
    from geokg.graph.loader import load_new
    from geokg.ingest.pipeline import process

    bar = progress_bar(total)
    with store_from(settings, create=True) as store:
        report = load_new(items, store, lambda fresh: process(fresh, load_nlp(settings), workers=workers,
                                                              cluster=settings.cluster),
                          on_item=(lambda _: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    return report


def report_and_exit(report) -> None:
    """Print each failure on its own line, a one-line summary, and exit 1 when any article failed."""
    for f in report.failures:
        click.echo(f"error: {f.reason}", err=True)
    for article_id, reason in report.skipped:
        click.echo(f"skipped: {article_id}: {reason}", err=True)
    for r in report.results:
        if r.same_as:
            click.echo(f"same text: {r.article_id} is article {r.same_as} (listed as one more of its locations)")
    click.echo(f"ingested: {report.summary()}")
    if report.failures:
        sys.exit(1)


@main.command(epilog="\b\nExamples:\n  geokg ingest seeds/ more/article.html --workers 2\n"
                     "  geokg ingest archive/ --cluster tcp://scheduler:8786\n"
                     "  geokg ingest --source archive.jsonl --workers 2")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes of a local Dask cluster parsing articles in parallel.")
@click.option("--cluster", metavar="ADDRESS",
              help="Parse on the workers of this Dask scheduler (KG_CLUSTER); --workers is then unused.")
@click.option("--source", "source_name", help="Run this source of the sources file once now (see `geokg sources`), "
                                               "or a JSON Lines archive (FILE.jsonl), on --workers or --cluster.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], workers: int, cluster: str | None,
           source_name: str | None) -> None:
    """Extract articles from files and folders (.txt, .md, .html) and store their graph."""
    from geokg.ingest.readers import iter_files, read_paths

    if source_name:
        from geokg.api.cli.sources_cmds import ingest_source

        return ingest_source(ctx, source_name, paths, workers=workers, cluster=cluster)
    if not paths:
        raise click.UsageError("give at least one file or folder")
    settings = settings_of(ctx, cluster=cluster)
    total = sum(1 for _ in iter_files(paths))
    report = run_guarded(ingest_raws, read_paths(paths), settings, workers=workers, total=total)
    report_and_exit(report)


@main.command(epilog="\b\nExample:\n  geokg extract seeds/iran-missile-talks.txt --format jsonl")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one object per article (the eval contract); json: the same, indented.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.pass_context
def extract(ctx: click.Context, paths: tuple[Path, ...], fmt: str, workers: int) -> None:
    """Print what would be extracted from the articles, without touching any store."""
    from geokg.graph.model import ArticleGraph
    from geokg.ingest.contract import to_contract
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import read_paths

    settings = settings_of(ctx)
    nlp = run_guarded(load_nlp, settings)
    failed = 0
    for item in process(read_paths(paths), nlp, workers=workers):
        if isinstance(item, ArticleGraph):
            record = to_contract(item)
            click.echo(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        else:
            failed += 1
            click.echo(f"error: {item.reason}", err=True)
    if failed:
        sys.exit(1)


@main.command(epilog="\b\nExample:\n  geokg serve --host 0.0.0.0 --port 8000")
@click.option("--host", help="Interface to listen on (KG_API_HOST, default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (KG_API_PORT, default 8000).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from geokg.api.app import create_app
    from geokg.api.server import uvicorn_options

    settings = settings_of(ctx, api_host=host, api_port=port)
    app = run_guarded(create_app, settings)
    click.echo(f"geokg on http://{settings.api_host}:{settings.api_port}  (explorer: /, docs: /docs)", err=True)
    uvicorn.run(app, **uvicorn_options(settings))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of articles, entities (by type) and relations (by predicate)."""
    settings = settings_of(ctx)

    def counts():
        with store_from(settings) as store:
            return store.counts()

    c = run_guarded(counts)
    data = {"articles": c.articles, "entities": c.entities, "relations": c.relations, "evidence": c.evidence,
            "entities_by_type": c.entities_by_type, "relations_by_predicate": c.relations_by_predicate,
            "newest_article": c.newest_article.isoformat() if c.newest_article else None,
            "last_ingest": c.last_ingest}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"articles: {c.articles}\nentities: {c.entities}\nrelations: {c.relations} "
               f"({c.evidence} pieces of evidence)")
    tables = (("entities by type", c.entities_by_type), ("relations by predicate", c.relations_by_predicate))
    for title, table in tables:
        if table:
            click.echo(f"{title}:")
            for k, v in sorted(table.items(), key=lambda kv: (-kv[1], kv[0])):
                click.echo(f"  {k:<24} {v}")


def _register_groups() -> None:
    """Add the commands that live in their own modules (export/push, sources/schedule)."""
    from geokg.api.cli import graph_cmds, sources_cmds

    graph_cmds.register(main)
    sources_cmds.register(main)


_register_groups()

if __name__ == "__main__":
    main()

"""`geokg export`, `geokg push` and `geokg check`: the graph into Gephi, neo4j-admin, cypher-shell or a Neo4j
server, and whether the store and the sources' state are sound."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from geokg.api.cli.common import run_guarded, settings_of, store_from

EXPORT_EXAMPLES = """
\b
Examples:
  geokg export --format graphml graph.graphml     # open in Gephi
  geokg export --format csv import/               # then see import/IMPORT.txt (neo4j-admin database import)
  geokg export --format cypher graph.cypher       # cypher-shell -u neo4j -p PASSWORD -f graph.cypher
"""

PUSH_EXAMPLES = """
\b
Example:
  KG_NEO4J_URI=neo4j://localhost:7687 KG_NEO4J_PASSWORD=secret geokg push
"""


@click.command("export", epilog=EXPORT_EXAMPLES)
@click.option("--format", "fmt", type=click.Choice(["graphml", "csv", "cypher"]), required=True,
              help="graphml: a file for Gephi; csv: a folder for neo4j-admin import; cypher: a cypher-shell script.")
@click.argument("out", type=click.Path(path_type=Path))
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, out: Path) -> None:
    """Write the stored graph (KG_STORE) to OUT."""
    from geokg.graph.export import export

    settings = settings_of(ctx)

    def work():
        with store_from(settings) as store:
            return export(store, fmt, out)

    s = run_guarded(work)
    click.echo(f"exported {s.articles} articles, {s.entities} entities, {s.relations} relations "
               f"({s.evidence} pieces of evidence) to:")
    for path in s.files:
        click.echo(f"  {path}")


@click.command("push", epilog=PUSH_EXAMPLES)
@click.option("--neo4j-uri", help="bolt:// or neo4j:// URI (KG_NEO4J_URI).")
@click.option("--neo4j-user", help="User (KG_NEO4J_USER, default neo4j).")
@click.option("--neo4j-database", help="Database (KG_NEO4J_DATABASE, default neo4j).")
@click.option("--clear", is_flag=True, help="Delete geokg's nodes in Neo4j first, so it mirrors the embedded store.")
@click.pass_context
def push_cmd(ctx: click.Context, neo4j_uri: str | None, neo4j_user: str | None, neo4j_database: str | None,
             clear: bool) -> None:
    """Copy the embedded store in KG_DATA_DIR into the configured Neo4j (password: KG_NEO4J_PASSWORD)."""
    from geokg.graph.export import push
    from geokg.graph.open import open_store

    settings = settings_of(ctx, neo4j_uri=neo4j_uri, neo4j_user=neo4j_user, neo4j_database=neo4j_database)
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None

    def work():
        target = open_store("neo4j", neo4j_uri=settings.neo4j_uri, neo4j_user=settings.neo4j_user,
                            neo4j_password=password, neo4j_database=settings.neo4j_database,
                            batch_size=settings.neo4j_batch_size)
        try:
            with closing(open_store("embedded", Path(settings.data_dir), create=False)) as source:
                if clear:
                    target.clear()
                return push(source, target)
        finally:
            target.close()

    written, unchanged = run_guarded(work)
    click.echo(f"pushed to {settings.neo4j_uri} (database {settings.neo4j_database}): {written} articles written, "
               f"{unchanged} unchanged")


@click.command("check", epilog="\b\nExamples:\n  geokg check\n  geokg check --repair   # then run the sources again")
@click.option("--repair", is_flag=True, help="Forget the source items the store lacks, so their sources fetch them "
              "again (the store itself is never changed).")
@click.pass_context
def check_cmd(ctx: click.Context, repair: bool) -> None:
    """Check the store (SQLite's own checks, its consistency) and that the sources' state claims only stored articles.

    Exit status 0: all sound (or repaired); 1: problems found.
    """
    from geokg.checks import check
    from geokg.ingest.sources.state import SourceState

    settings = settings_of(ctx)

    def work():
        with store_from(settings) as store:
            return check(store, SourceState(Path(settings.data_dir)), repair)

    report = run_guarded(work)
    for problem in report.store_problems:
        click.echo(f"store: {problem}")
    for item in report.unstored:
        done = "forgotten, the next run fetches it again" if report.repaired else "not in the store"
        click.echo(f"sources: {item.source}: {item.key} (article {item.article_id}): {done}")
    if report.ok:
        click.echo("check: repaired" if report.repaired else "check: ok")
    else:
        hint = " (geokg check --repair forgets the missing source items)" if report.unstored and not repair else ""
        click.echo(f"check: problems found{hint}")
    if not report.ok:
        raise SystemExit(1)


def register(main: click.Group) -> None:
    """Add export, push and check to the geokg command group."""
    main.add_command(export_cmd)
    main.add_command(push_cmd)
    main.add_command(check_cmd)

"""What every command shares: settings with CLI overrides, opening the store, loading the pipeline, errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from geokg.api.settings import Settings, get_settings
from geokg.graph.errors import KGError
from geokg.graph.store import GraphStore


def settings_of(ctx: click.Context, **overrides: object) -> Settings:
    """Settings from env/.env, overridden by the global flags and then by the command's own flags."""
    merged = dict(ctx.find_root().obj or {})
    merged.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return get_settings(**merged)
    except ValueError as e:  # pydantic's ValidationError is a ValueError
        raise click.UsageError(f"bad setting: {e}") from None


def open_store_from(settings: Settings, create: bool = False) -> GraphStore:
    """The store the settings name (embedded in data_dir, or Neo4j); only writers create an embedded one."""
    from geokg.graph.open import open_store

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    return open_store(settings.store, Path(settings.data_dir), neo4j_uri=settings.neo4j_uri,
                      neo4j_user=settings.neo4j_user, neo4j_password=password,
                      neo4j_database=settings.neo4j_database, batch_size=settings.neo4j_batch_size,
                      create=create)


@contextmanager
def store_from(settings: Settings, create: bool = False) -> Iterator[GraphStore]:
    """Open the configured store for the length of a command (create: it writes), and close it after."""
    store = open_store_from(settings, create)
    try:
        yield store
    finally:
        store.close()


def load_nlp(settings: Settings):
    """The spaCy pipeline the settings name, with geokg's gazetteer; extraction set to the settings' minimum."""
    from geokg.ingest.extract_settings import configure
    from geokg.ingest.nlp import load_pipeline

    configure(min_confidence=settings.min_confidence)
    return load_pipeline(settings.spacy_model)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error and exit with the code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def run_guarded(fn, *args, **kwargs):
    """Call fn; a KGError or a failed disk write (full disk, read-only) becomes a one-line message and exit code 2."""
    try:
        return fn(*args, **kwargs)
    except KGError as e:
        fail(str(e))
    except OSError as e:  # the disk, not the input: say which file and what the system said, no traceback
        where = f" writing {e.filename}" if e.filename else ""
        fail(f"cannot store{where}: {e.strerror or e} (free disk space or fix permissions, then run again)")


def progress_bar(total: int | None):
    """A progress bar with articles/s on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

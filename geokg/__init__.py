"""geokg: turn news into a knowledge graph of geopolitical events.

The installed distribution has one import name, ``geokg``; the repository's top-level folders are its
subpackages: ``geokg.ingest`` (text to graph batches), ``geokg.graph`` (model and stores) and ``geokg.api``
(HTTP service and command line).

The public API is the functions below::

    import geokg

    graph = geokg.extract("Zarif met Tillerson in New York on Monday.")
    with geokg.open_store("data") as store:
        geokg.ingest(["seeds/"], store)
        hit = geokg.search(store, "Zarif").items[0]
        relations = geokg.relations(store, hit.entity.id).items

They return the frozen dataclasses the stores use (``ArticleGraph``, ``Page``, ``EntityHit``,
``RelationSummary``, ``Evidence``, ``GraphPath``, ``PeriodSummary``). Entity arguments take an id
(``country:IRN``) or an exact name, alias, ISO code or abbreviation ("UK").

``geokg.ingest`` is the *function* ``ingest(paths, store)``. The subpackage of the same name is imported as
always, ``from geokg.ingest.readers import read_paths``: Python finds it in ``sys.modules``. It is imported
below before the function is defined, so the function is what the attribute ``geokg.ingest`` holds and later
imports of the subpackage never replace it. (``import geokg.ingest.readers as r`` resolves through the
attribute and so does not work; use the ``from ... import`` form.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import geokg.ingest as _ingest_package  # noqa: F401  (imported first: see the module docstring)
from geokg.graph import rollup as rollups
from geokg.graph.errors import InvalidInput, KGError, NotFound
from geokg.graph.loader import LoadReport
from geokg.graph.lookup import find_entities, resolve
from geokg.graph.model import SECTORS, ArticleGraph
from geokg.graph.store import (
    Bucket,
    Direction,
    EntityHit,
    EntityRecord,
    Evidence,
    GraphPath,
    GraphStore,
    Page,
    PeriodSummary,
    RelationFilter,
    RelationSummary,
)

if TYPE_CHECKING:
    from spacy.language import Language

try:
    __version__ = version("geokg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

Rollup = Literal["country"] | None


def load_nlp(model: str = "en_core_web_sm") -> Language:
    """The spaCy pipeline with geokg's gazetteer, loaded once per process and model name."""
    from geokg.ingest.nlp import load_pipeline

    return load_pipeline(model)


def extract(text_or_path: str | Path, *, nlp: Language | None = None, title: str | None = None,
            published: date | str | None = None, url: str | None = None) -> ArticleGraph:
    """The graph of one article: a Path (or the name of an existing file) is read, any other str is the text."""
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import make_raw, read_file

    if isinstance(text_or_path, Path) or _is_file(text_or_path):
        raw = read_file(Path(text_or_path))
    else:
        meta = {k: v for k, v in {"title": title, "date": published, "url": url}.items() if v}
        raw = make_raw(text_or_path, name=title or "text", meta=meta, where="text")
        if not raw.text:
            raise InvalidInput("extract: the text is empty")
    (result,) = process([raw], nlp or load_nlp())
    if not isinstance(result, ArticleGraph):
        raise InvalidInput(str(getattr(result, "reason", result)))
    return result


def open_store(data_dir: str | Path = "data", *, neo4j_uri: str | None = None, neo4j_user: str = "neo4j",
               neo4j_password: str | None = None, neo4j_database: str = "neo4j") -> GraphStore:
    """The embedded store in data_dir, or, given neo4j_uri, the Neo4j store there (close it, or use ``with``)."""
    from geokg.graph.open import open_store as open_kind

    if neo4j_uri:
        return open_kind("neo4j", Path(data_dir), neo4j_uri=neo4j_uri, neo4j_user=neo4j_user,
                         neo4j_password=neo4j_password, neo4j_database=neo4j_database)
    return open_kind("embedded", Path(data_dir))


def ingest(paths: Iterable[str | Path] | str | Path, store: GraphStore, *, nlp: Language | None = None,
           workers: int = 1, cluster: str | None = None) -> LoadReport:
    """Extract every article file under the paths and store it; bad files are failures in the report, not errors.

    `workers > 1` parses on a local Dask cluster of that many processes, `cluster` on a running scheduler's workers.
    """
    from geokg.graph.loader import load_new
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import read_paths

    chosen = [paths] if isinstance(paths, str | Path) else list(paths)
    return load_new(read_paths(Path(p) for p in chosen), store,
                    lambda fresh: process(fresh, nlp or load_nlp(), workers=workers, cluster=cluster))


def search(store: GraphStore, q: str | None = None, *, type_: str | None = None, limit: int = 10,
           offset: int = 0) -> Page[EntityHit] | Page[EntityRecord]:
    """Entities matching q (exact, code or abbreviation, then prefix, then fuzzy); without q, all by degree."""
    if q is None:
        return store.list_entities(type_=type_, limit=limit, offset=offset)
    return find_entities(store, q, type_=type_, limit=limit, offset=offset)


def relations(store: GraphStore, entity: str, *, direction: Direction = "both", event: str | None = None,
              quad_class: int | None = None, since: date | None = None, until: date | None = None,
              rollup: Rollup = None, sector: str | None = None, limit: int = 50,
              offset: int = 0) -> Page[RelationSummary]:
    """The aggregated relations of an entity, most evidence first; rollup="country" adds its members';
    sector="POLICE" keeps the evidence where either end acted as that sector."""
    if sector is not None and sector.upper() not in SECTORS:
        raise InvalidInput(f"relations: sector {sector!r} is not one of {', '.join(SECTORS)}")
    filt = RelationFilter(direction=direction, event=event, quad_class=quad_class, since=since, until=until,
                          sector=sector.upper() if sector else None)
    return rollups.relations_of(store, _id(store, entity), filt, limit, offset, rollup)


def dyad(store: GraphStore, a: str, b: str, *, since: date | None = None, until: date | None = None,
         rollup: Rollup = None) -> list[Evidence]:
    """Every event between a and b (rolled up: their countries), both directions, oldest first."""
    return rollups.events_between(store, _id(store, a), _id(store, b), since, until, rollup)


def paths(store: GraphStore, source: str, target: str, *, max_hops: int = 4, limit: int = 5) -> list[GraphPath]:
    """Shortest undirected paths between two entities, at most max_hops long."""
    return store.shortest_paths(_id(store, source), _id(store, target), max_hops=max_hops, limit=limit)


def timeline(store: GraphStore, entity: str | None = None, *, bucket: Bucket = "month",
             rollup: Rollup = None) -> list[PeriodSummary]:
    """Events per period with the mean Goldstein score and counts per quad class (one entity, or all)."""
    return rollups.timeline(store, _id(store, entity) if entity else None, bucket, rollup)


def _id(store: GraphStore, ref: str) -> str:
    return resolve(store, ref).id


def _is_file(text: str) -> bool:
    """Whether a str names an existing file (short, one line) rather than being article text."""
    try:
        return len(text) < 1024 and "\n" not in text and Path(text).is_file()
    except (OSError, ValueError):
        return False


__all__ = [
    "ArticleGraph", "EntityHit", "EntityRecord", "Evidence", "GraphPath", "GraphStore", "InvalidInput", "KGError",
    "LoadReport", "NotFound", "Page", "PeriodSummary", "RelationSummary", "__version__", "dyad", "extract",
    "ingest", "load_nlp", "open_store", "paths", "relations", "search", "timeline",
]

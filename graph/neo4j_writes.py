"""The Neo4j store's write transactions: upsert a chunk of articles, delete one, re-merge touched entities.

Each function runs inside one managed transaction (`session.execute_write`), so an article is stored whole or
not at all, and the driver retries the whole function on transient errors.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from geokg.graph import cypher
from geokg.graph import neo4j_rows as rows
from geokg.graph.entities import merge_all
from geokg.graph.errors import NotFound
from geokg.graph.model import NEO4J_LABELS, Article, ArticleGraph, Entity
from geokg.graph.naming import validate_type
from geokg.graph.store import UpsertResult
from geokg.graph.upserts import seen_stamp


def run(tx: Any, query: str, **params: Any) -> list[dict]:
    """Run one statement in the transaction; its records as dicts."""
    result = tx.run(query, params)
    return rows.as_dicts(result.keys(), result)


@dataclass(frozen=True)
class Prepared:
    """A chunk's rows built before its transaction (while the one before runs): each article's WRITE_ARTICLES row
    in chunk order, and the entity views and relation keys of the whole chunk, as written when every article is."""

    articles: list[dict]
    entities: list[dict] | None
    relation_keys: list[dict] | None


def prepare(chunk: list[ArticleGraph], stamp: str) -> Prepared:
    """The rows upsert_chunk writes if every article of the chunk is new or changed (the common case); pure
    Python, no I/O, so a worker thread builds them while the driver waits on the previous chunk's transaction."""
    seq = time.time_ns()
    written = [rows.write_row(g, stamp, seq + i) for i, g in enumerate(chunk)]
    for row in written:
        for ev in row["evidence"]:
            validate_type(ev["type"])
    return Prepared(written, entity_view_rows(chunk), rows.relation_key_rows(chunk))


def upsert_chunk(tx: Any, chunk: list[ArticleGraph], stamp: str, batch_size: int,
                 prepared: Prepared | None = None) -> list[UpsertResult]:
    """Store the chunk's changed articles; unchanged ones (same content hash) are not written, and the same text
    under another id is recorded as another location of the article that has it. prepared: prepare(chunk)."""
    ids = list(dict.fromkeys(g.article.id for g in chunk))
    stored = {r["id"]: r for r in run(tx, cypher.EXISTING_ARTICLES, ids=ids)}
    holders = _text_holders(tx, [g.article for g in chunk])
    results, latest, seen = [], {}, []
    at: dict[str, int] = {}  # each written article's place in the chunk
    for i, g in enumerate(chunk):
        aid, text = g.article.id, g.article.text_hash
        if _unchanged(latest.get(aid), stored.get(aid), g):
            results.append(UpsertResult(aid, "unchanged"))
            seen.append((g.article, aid))
            continue
        holder = next((other for other, h in latest.items() if text and other != aid and h.article.text_hash == text),
                      None) or _holder(g.article, stored.get(aid), holders)
        if holder:
            results.append(UpsertResult(aid, "unchanged", same_as=holder))
            seen.append((g.article, holder))
            continue
        results.append(UpsertResult(aid, "updated" if aid in latest or aid in stored else "created"))
        latest[aid], at[aid] = g, i
        seen.append((g.article, aid))
    if latest:
        replaced = [aid for aid in latest if aid in stored]
        touched, stale = _forget_articles(tx, replaced, batch_size)
        _write(tx, list(latest.values()), _rows_for(prepared, list(at.values()), len(chunk)), stamp, batch_size)
        _prune_relation_keys(tx, stale, batch_size)
        remerge_entities(tx, touched, batch_size)
    record_seen(tx, seen, batch_size)
    return results


def _unchanged(pending: ArticleGraph | None, stored: dict | None, new: ArticleGraph) -> bool:
    if pending is not None:
        same_hash = new.article.content_hash and pending.article.content_hash == new.article.content_hash
        return bool(same_hash) or pending == new
    if stored is None:
        return False
    if new.article.content_hash:
        return stored["content_hash"] == new.article.content_hash
    return stored["extraction"] == rows.extraction_json(new)


def already_stored(tx: Any, articles: list[Article], batch_size: int) -> list[UpsertResult]:
    """Those articles the store holds as they are (same id and content hash, or the same text under another id),
    each recorded as seen at its location."""
    stored = {r["id"]: r for r in run(tx, cypher.EXISTING_ARTICLES, ids=[a.id for a in articles])}
    holders = _text_holders(tx, articles)
    results, seen = [], []
    for a in articles:
        row = stored.get(a.id)
        if row is not None and a.content_hash and row["content_hash"] == a.content_hash:
            results.append(UpsertResult(a.id, "unchanged"))
            seen.append((a, a.id))
        elif holder := _holder(a, row, holders):
            results.append(UpsertResult(a.id, "unchanged", same_as=holder))
            seen.append((a, holder))
    record_seen(tx, seen, batch_size)
    return results


def _text_holders(tx: Any, articles: list[Article]) -> dict[str, str]:
    """For each article with a text hash, the first other stored article with that text, if any."""
    asked = [{"id": a.id, "text_hash": a.text_hash} for a in articles if a.text_hash]
    return {r["id"]: r["holder"] for r in run(tx, cypher.TEXT_HOLDERS, rows=asked)} if asked else {}


def _holder(a: Article, stored: dict | None, holders: dict[str, str]) -> str | None:
    """The other article holding a's text, unless a's own stored text is that text (then only metadata changed)."""
    if stored is not None and stored.get("text_hash") == a.text_hash:
        return None
    return holders.get(a.id)


def record_seen(tx: Any, seen: list[tuple[Article, str]], batch_size: int) -> None:
    """Record each (article, holder) as the holder seen at the article's location now."""
    stamp = seen_stamp()
    _merge(tx, cypher.RECORD_LOCATIONS, [{"holder": holder, "location": a.where, "source": a.source, "stamp": stamp,
                                          "moves": bool(a.url or a.path)} for a, holder in seen], batch_size)


def delete_article(tx: Any, article_id: str, batch_size: int) -> None:
    """Remove the article, its mentions and evidence, then relations and entities left with none."""
    if not run(tx, cypher.EXISTING_ARTICLES, ids=[article_id]):
        raise NotFound(f"article {article_id!r} not found")
    touched, stale = _forget_articles(tx, [article_id], batch_size)
    run(tx, cypher.DELETE_ARTICLES, ids=[article_id])
    _prune_relation_keys(tx, stale, batch_size)
    remerge_entities(tx, touched, batch_size)


def _forget_articles(tx: Any, ids: list[str], batch_size: int) -> tuple[list[str], list[str]]:
    """Delete the articles' evidence and mentions; the entities they named and the relation ids they supported."""
    if not ids:
        return [], []
    touched: list[str] = []
    stale: list[str] = []
    for part in chunks(ids, batch_size):
        touched += [r["id"] for r in run(tx, cypher.ENTITIES_OF_ARTICLES, ids=part)]
        stale += [r["rid"] for r in run(tx, cypher.DELETE_EVIDENCE_OF_ARTICLES, ids=part)]
        run(tx, cypher.DELETE_MENTIONS_OF_ARTICLES, ids=part)
    return list(dict.fromkeys(touched)), list(dict.fromkeys(stale))


def _rows_for(prepared: Prepared | None, picked: list[int], size: int) -> Prepared | None:
    """The prepared rows of the articles at these places of the chunk, if they serve: the articles in chunk order
    (an id twice in a chunk is written once, at its first place, with its last version: rows built anew)."""
    if prepared is None or picked != sorted(picked):
        return None
    if len(picked) == size:
        return prepared
    return Prepared([prepared.articles[i] for i in picked], None, None)


def _write(tx: Any, graphs: list[ArticleGraph], prepared: Prepared | None, stamp: str, batch_size: int) -> None:
    """MERGE the entities, then the articles with their mentions and evidence (WRITE_ARTICLES), then the
    relation keys; from the prepared rows where they are given."""
    if prepared is None:
        prepared = prepare(graphs, stamp)
    # New articles' views of each entity are merged into its stored form in the database (MERGE_ENTITY_VIEWS);
    # the entities of replaced articles are rebuilt afterwards by remerge_entities.
    views = entity_view_rows(graphs) if prepared.entities is None else prepared.entities
    _merge(tx, cypher.MERGE_ENTITY_VIEWS, views, batch_size)
    _merge(tx, cypher.WRITE_ARTICLES, prepared.articles, batch_size)
    keys = rows.relation_key_rows(graphs) if prepared.relation_keys is None else prepared.relation_keys
    _merge(tx, cypher.MERGE_RELATION_KEYS, keys, batch_size)


def entity_view_rows(graphs: list[ArticleGraph]) -> list[dict]:
    """MERGE_ENTITY_VIEWS rows: each entity's views in these articles merged, with the label and every name."""
    views: dict[str, list[Entity]] = {}
    for g in graphs:
        for e in g.entities:
            views.setdefault(e.id, []).append(e)
    merged = []
    for vs in views.values():
        e = merge_all(vs)
        merged.append(dict(rows.entity_row(e), label=NEO4J_LABELS[e.type], names=[e.name, *e.aliases]))
    return merged


def _write_entities(tx: Any, merged: Iterable[Entity], batch_size: int) -> None:
    entity_rows = [dict(rows.entity_row(e), label=NEO4J_LABELS[e.type]) for e in merged]
    _merge(tx, cypher.MERGE_ENTITIES, entity_rows, batch_size)


def remerge_entities(tx: Any, ids: list[str], batch_size: int) -> None:
    """Rebuild entities from the articles still naming them (in storage order); drop those left with nothing."""
    if not ids:
        return
    views: dict[str, list[Entity]] = {}
    for part in chunks(ids, batch_size):
        for r in run(tx, cypher.ENTITY_SOURCES, ids=part):
            named = set(r["named"])
            for e in rows.entities_from_json(r["extraction"]):
                if e.id in named:
                    views.setdefault(e.id, []).append(e)
    _write_entities(tx, (merge_all(vs) for vs in views.values()), batch_size)
    orphans = [eid for eid in ids if eid not in views]
    for part in chunks(orphans, batch_size):
        run(tx, cypher.PRUNE_ENTITIES, ids=part)


def _prune_relation_keys(tx: Any, rids: list[str], batch_size: int) -> None:
    for part in chunks(rids, batch_size):
        run(tx, cypher.PRUNE_RELATION_KEYS, ids=part)


def _merge(tx: Any, query: str, batch: list[dict], batch_size: int) -> None:
    for part in chunks(batch, batch_size):
        run(tx, query, rows=part)


def chunks(items: list, size: int) -> Iterable[list]:
    """Consecutive slices of at most size items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]

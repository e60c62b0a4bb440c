"""The Neo4j store's write transactions: upsert a chunk of articles, delete one, re-merge touched entities.

Each function runs inside one managed transaction (`session.execute_write`), so an article is stored whole or
not at all, and the driver retries the whole function on transient errors.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
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


def upsert_chunk(tx: Any, chunk: list[ArticleGraph], stamp: str, batch_size: int) -> list[UpsertResult]:
    """Store the chunk's changed articles; unchanged ones (same content hash) are not written, and the same text
    under another id is recorded as another location of the article that has it."""
    ids = list(dict.fromkeys(g.article.id for g in chunk))
    stored = {r["id"]: r for r in run(tx, cypher.EXISTING_ARTICLES, ids=ids)}
    holders = _text_holders(tx, [g.article for g in chunk])
    results, latest, seen = [], {}, []
    for g in chunk:
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
        latest[aid] = g
        seen.append((g.article, aid))
    if latest:
        replaced = [aid for aid in latest if aid in stored]
        touched, stale = _forget_articles(tx, replaced, batch_size)
        _write(tx, list(latest.values()), stamp, touched, batch_size)
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


def _write(tx: Any, graphs: list[ArticleGraph], stamp: str, touched: list[str], batch_size: int) -> None:
    """MERGE the entities, articles and relation keys; CREATE their mentions and evidence. The entities come
    first: reading them back is cheaper before the transaction holds the new articles."""
    _merge_new_entities(tx, graphs, set(touched), batch_size)
    seq = time.time_ns()
    _merge(tx, cypher.MERGE_ARTICLES, [rows.article_row(g, stamp, seq + i) for i, g in enumerate(graphs)],
           batch_size)
    mention_rows = [m for i, g in enumerate(graphs) for m in rows.mention_rows(g, seq + i)]
    _merge(tx, cypher.CREATE_MENTIONS, mention_rows, batch_size)
    evidence = [dict(row, type=validate_type(rel_type))
                for rel_type, typed in rows.evidence_rows(graphs).items() for row in typed]
    _merge(tx, cypher.CREATE_EVIDENCE, evidence, batch_size)
    _merge(tx, cypher.MERGE_RELATION_KEYS, rows.relation_key_rows(graphs), batch_size)


def _merge_new_entities(tx: Any, graphs: list[ArticleGraph], touched: set[str], batch_size: int) -> None:
    """Merge each entity's stored form with the new articles' views (touched ones are re-merged later)."""
    views: dict[str, list[Entity]] = {}
    seen: dict[str, list[date]] = {}
    for g in graphs:
        for e in g.entities:
            views.setdefault(e.id, []).append(e)
            if g.article.published:
                seen.setdefault(e.id, []).append(g.article.published)
    current = {}
    for part in chunks(list(views), batch_size):
        current.update({r["e"]["id"]: r["e"] for r in run(tx, cypher.ENTITIES_BY_ID, ids=part)})
    merged = []
    for eid, vs in views.items():
        old = current.get(eid)
        days = seen.get(eid, []) + [rows.native(old.get(k)) for k in ("first_seen", "last_seen") if old and old.get(k)]
        base = [rows.entity_from_props(old)] if old and eid not in touched else []
        entity = (merge_all(base + vs), min(days, default=None), max(days, default=None))
        if not base or not _stored_as(old, *entity):  # an entity every article already agreed on is not rewritten
            merged.append(entity)
    _write_entities(tx, merged, batch_size)


def _stored_as(stored: dict, e: Entity, first: date | None, last: date | None) -> bool:
    """Whether the node's properties are already those entity_row would write (Neo4j keeps no nulls)."""
    wanted = {k: v for k, v in rows.entity_row(e, first, last)["props"].items() if v is not None}
    return wanted == {k: rows.native(v) for k, v in stored.items() if k != "id"}


def _write_entities(tx: Any, merged: Iterable[tuple[Entity, date | None, date | None]], batch_size: int) -> None:
    entity_rows = [dict(rows.entity_row(e, first, last), label=NEO4J_LABELS[e.type]) for e, first, last in merged]
    _merge(tx, cypher.MERGE_ENTITIES, entity_rows, batch_size)


def remerge_entities(tx: Any, ids: list[str], batch_size: int) -> None:
    """Rebuild entities from the articles still naming them (in storage order); drop those left with nothing."""
    if not ids:
        return
    views: dict[str, list[Entity]] = {}
    seen: dict[str, list[date]] = {}
    for part in chunks(ids, batch_size):
        for r in run(tx, cypher.ENTITY_SOURCES, ids=part):
            views.setdefault(r["id"], []).append(rows.entity_from_props(r["view"]))
            if r["published"] is not None:
                seen.setdefault(r["id"], []).append(rows.native(r["published"]))
    merged = [(merge_all(vs), min(seen.get(eid, []), default=None), max(seen.get(eid, []), default=None))
              for eid, vs in views.items()]
    _write_entities(tx, merged, batch_size)
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

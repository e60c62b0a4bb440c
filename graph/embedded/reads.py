"""Reading articles and entities from the embedded store: what was stored, and what the graph knows of each."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from geokg.graph.embedded.rows import (
    ARTICLE_COLUMNS,
    ENTITY_COLUMNS,
    LOCATION_COLUMNS,
    MENTION_COLUMNS,
    RELATION_COLUMNS,
    article_from,
    day,
    entity_from,
)
from geokg.graph.embedded.rows import relation_from as relation_row
from geokg.graph.embedded.schema import pick
from geokg.graph.errors import NotFound
from geokg.graph.model import Article, ArticleGraph, Entity, Location, Mention
from geokg.graph.store import Counts, EntityRecord, EntityRef, Page

Conn = sqlite3.Connection


VIEW_COLUMNS = ENTITY_COLUMNS.replace("id", "entity_id", 1)


def one(c: Conn, sql: str, key: str, what: str) -> tuple:
    """The row sql finds for key, or NotFound naming the missing article or entity."""
    row = c.execute(sql, (key,)).fetchone()
    if row is None:
        raise NotFound(f"{what} {key!r} not found")
    return row


def get_article(c: Conn, aid: str) -> Article:
    """The article with its locations, or NotFound."""
    return located(c, [article_from(one(c, f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", aid, "article"))])[0]


def located(c: Conn, articles: list[Article]) -> list[Article]:
    """The articles with every location each was found at, first seen first."""
    found: dict[str, list[Location]] = {a.id: [] for a in articles}
    for row in c.execute(f"SELECT article_id, {LOCATION_COLUMNS} FROM locations WHERE article_id IN "
                         f'{pick(c, found)} ORDER BY first_seen, "where"'):
        found[row[0]].append(Location(*row[1:]))
    return [replace(a, locations=tuple(found[a.id])) for a in articles]


def article_graph(c: Conn, aid: str) -> ArticleGraph:
    """What was extracted from the article, as it was stored."""
    row = one(c, f"SELECT seq, sentences, skipped, {ARTICLE_COLUMNS} FROM articles WHERE id = ?", aid, "article")
    seq = row[0]
    entities = [entity_from(r) for r in c.execute(f"SELECT {VIEW_COLUMNS} FROM views WHERE article_seq = ? "
                                                  "ORDER BY pos", (seq,))]
    mentions = [Mention(*r) for r in c.execute(f"SELECT {MENTION_COLUMNS} FROM mentions WHERE article_seq = ? "
                                               "ORDER BY pos", (seq,))]
    relations = [relation_row(r, aid) for r in c.execute(f"SELECT {RELATION_COLUMNS} FROM evidence "
                                                         "WHERE article_seq = ? ORDER BY pos", (seq,))]
    return ArticleGraph(article_from(row[3:]), tuple(entities), tuple(mentions), tuple(relations), row[1], row[2])


def list_articles(c: Conn, limit: int, offset: int) -> Page[Article]:
    """Articles, newest first (undated last), ties by id."""
    rows = c.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY published DESC, id LIMIT ? OFFSET ?",
                     (limit, offset)).fetchall()
    total = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    return Page(located(c, [article_from(r) for r in rows]), total, limit, offset)


def views_of(c: Conn, eid: str) -> list[Entity]:
    """The views articles gave of an entity, in store order."""
    return [entity_from(r) for r in c.execute(f"SELECT {VIEW_COLUMNS} FROM views WHERE entity_id = ? "
                                              "ORDER BY article_seq, pos", (eid,))]


def entity(c: Conn, eid: str) -> Entity:
    """The merged entity, or NotFound."""
    return entity_from(one(c, f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", eid, "entity"))


def refs(c: Conn, ids: set[str] | list[str]) -> dict[str, EntityRef]:
    """ref() of each id, in one query."""
    picked = pick(c, ids)
    found = {r[0]: EntityRef(*r) for r in c.execute(f"SELECT id, name, type FROM entities WHERE id IN {picked}")}
    return {eid: found.get(eid) or EntityRef(eid, eid, "") for eid in ids}


def record(c: Conn, eid: str) -> EntityRecord:
    """The merged entity and what the graph knows about it, or NotFound."""
    e = entity(c, eid)
    degree = c.execute("SELECT degree FROM entities WHERE id = ?", (eid,)).fetchone()[0]
    mentions = c.execute("SELECT count(*) FROM mentions WHERE entity_id = ?", (eid,)).fetchone()[0]
    articles, first, last = c.execute(
        "SELECT count(*), min(a.published), max(a.published) FROM articles a "
        "WHERE a.seq IN (SELECT article_seq FROM views WHERE entity_id = ?)", (eid,)).fetchone()
    return EntityRecord(e, degree, mentions, articles, day(first), day(last))


def list_entities(c: Conn, type_: str | None, limit: int, offset: int) -> Page[EntityRecord]:
    """Entities (of one type, if given), most distinct relations first, ties by id."""
    where, args = ("WHERE type = ?", (type_.upper(),)) if type_ else ("", ())
    ids = [r[0] for r in c.execute(f"SELECT id FROM entities {where} ORDER BY degree DESC, id LIMIT ? OFFSET ?",
                                   (*args, limit, offset))]
    total = c.execute(f"SELECT count(*) FROM entities {where}", args).fetchone()[0]
    return Page([record(c, eid) for eid in ids], total, limit, offset)


def members(c: Conn, eid: str) -> list[Entity]:
    """The entities whose affiliations include this one, by id."""
    return [entity_from(r) for r in c.execute(
        f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT member FROM memberships WHERE parent = ?) "
        "ORDER BY id", (eid,))]


def centrality(c: Conn, limit: int) -> list[tuple[EntityRef, float]]:
    """The entities with most distinct relations, scored by degree centrality (degree / (entities - 1))."""
    n = c.execute("SELECT count(*) FROM entities").fetchone()[0]
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    return [(EntityRef(eid, name, t), degree * scale) for eid, name, t, degree in c.execute(
        "SELECT id, name, type, degree FROM entities ORDER BY degree DESC, id LIMIT ?", (limit,))]


def counts(c: Conn) -> Counts:
    """How much the store holds."""
    totals = c.execute("SELECT kind, type, n FROM totals WHERE n > 0").fetchall()  # kept by triggers: no scan
    articles = sum(n for kind, _, n in totals if kind == "articles")
    by_type = {t: n for kind, t, n in totals if kind == "entities"}
    newest = c.execute("SELECT max(published) FROM articles").fetchone()[0]
    by_predicate = {p: n for p, n, _ in c.execute("SELECT predicate, relations, evidence FROM predicates")}
    evidence = c.execute("SELECT coalesce(sum(evidence), 0) FROM predicates").fetchone()[0]
    stamp = c.execute("SELECT value FROM meta WHERE key = 'last_ingest'").fetchone()
    return Counts(articles=articles, entities=sum(by_type.values()), relations=sum(by_predicate.values()),
                  evidence=evidence, entities_by_type=by_type, relations_by_predicate=by_predicate,
                  newest_article=day(newest), last_ingest=stamp[0] if stamp else None)

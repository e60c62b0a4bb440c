"""Rows the Neo4j store sends (property maps built from the domain model) and the model rebuilt from rows."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Mention, Relation
from geokg.graph.naming import relationship_type
from geokg.graph.store import EntityRef


def native(value: Any) -> Any:
    """A Python value from a driver value (neo4j.time.Date -> datetime.date)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def as_dicts(keys: list[str], records: Iterable[tuple]) -> list[dict]:
    """Records as dicts of the values the driver decoded; not Record.data(), which walks every value again (the
    queries return maps, lists and scalars, never nodes, so there is nothing for it to convert)."""
    return [dict(zip(keys, record, strict=True)) for record in records]


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _json_default(value: Any) -> Any:
    """What json cannot encode itself: a dataclass as an object of its fields in order, a date in ISO form."""
    if is_dataclass(value):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store a {type(value).__name__} in an article's extraction")


def extraction_json(g: ArticleGraph) -> str:
    """The article's graph exactly as extracted (every field of the model), as compact JSON."""
    # json walks the lists and primitives in C; only dataclasses and dates come back to Python
    return json.dumps(g, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _build(cls: type, data: dict, **converted: Any) -> Any:
    """cls from a JSON object: lists as tuples, converted fields as given, fields it lacks at their defaults."""
    names = {f.name for f in fields(cls)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}
    return cls(**{**values, **converted})


def graph_from_json(text: str) -> ArticleGraph:
    """The ArticleGraph extraction_json wrote (or the tuple form stores written before it)."""
    data = json.loads(text)
    if isinstance(data, list):
        from geokg.graph.legacy import graph_from_tuple

        return graph_from_tuple(_tuples(data))
    a = data["article"]
    relations = tuple(_build(Relation, r, date=_day(r.get("date")),
                             event=_build(Event, r["event"]) if r.get("event") else None)
                      for r in data["relations"])
    return _build(ArticleGraph, data, article=_build(Article, a, published=_day(a.get("published"))),
                  entities=tuple(_build(Entity, e) for e in data["entities"]),
                  mentions=tuple(_build(Mention, m) for m in data["mentions"]), relations=relations)


def entities_from_json(text: str) -> list[Entity]:
    """The entities of an extraction_json text, as the article named them (without decoding its relations)."""
    data = json.loads(text)
    if isinstance(data, list):
        return list(graph_from_json(text).entities)
    return [_build(Entity, e) for e in data["entities"]]


def article_row(g: ArticleGraph, stamp: str, seq: int) -> dict:
    """MERGE_ARTICLES row: the article's metadata, its extraction and when it was stored."""
    a = g.article
    props = {"title": a.title, "url": a.url, "source": a.source, "published": a.published,
             "content_hash": a.content_hash, "text_hash": a.text_hash, "path": a.path, "language": a.language,
             "sentences": g.sentences,
             "skipped": g.skipped, "extraction": extraction_json(g), "ingested_at": stamp, "seq": seq}
    return {"id": a.id, "props": props}


def article_from_row(row: dict) -> Article:
    """An Article from ARTICLE_FIELDS."""
    return Article(row["id"], row["title"] or "", row["url"], row["source"], native(row["published"]),
                   row["content_hash"] or "", row["path"], row["language"] or "en", row.get("text_hash") or "")


def sparse(props: dict) -> dict:
    """The properties Neo4j would store: no nulls and no empty lists (a list is a record of its own)."""
    return {k: v for k, v in props.items() if v is not None and v != []}


def entity_row(e: Entity) -> dict:
    """MERGE_ENTITIES row: the merged entity, with a names_text field for the full-text index. When it was first
    and last seen is not stored on the node: the reads take it from the articles naming it."""
    props = sparse({"name": e.name, "type": e.type, "aliases": list(e.aliases), "iso": e.iso,
                    "roles": list(e.roles), "affiliations": list(e.affiliations),
                    "names_text": "\n".join((e.name, *e.aliases))})
    return {"id": e.id, "props": props}


def entity_from_props(p: dict) -> Entity:
    """An Entity from a node's properties or an extraction's entity object."""
    return Entity(p["id"], p["name"], p["type"], tuple(p.get("aliases") or ()), p.get("iso"),
                  tuple(p.get("roles") or ()), tuple(p.get("affiliations") or ()))


def mention_rows(g: ArticleGraph) -> list[dict]:
    """WRITE_ARTICLES mentions: one per entity of the article, with how often and in which sectors the article
    names it. The article's own view of the entity (name, aliases, ...) is not repeated on the edge: it is in the
    article's extraction, where remerge_entities reads it, and the article's seq orders the views."""
    counts: dict[str, int] = {}
    sectors: dict[str, list[str]] = {}
    for m in g.mentions:
        counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
        if m.sector and m.sector not in sectors.setdefault(m.entity_id, []):
            sectors[m.entity_id].append(m.sector)
    return [{"article_id": g.article.id, "entity_id": e.id,
             "props": sparse({"count": counts.get(e.id, 0), "sectors": sectors.get(e.id)})}
            for e in g.entities]


def evidence_rows(graphs: Iterable[ArticleGraph]) -> dict[str, list[dict]]:
    """merge_evidence rows grouped by relationship type, each evidence id once (a repeated relation is one)."""
    by_type: dict[str, dict[str, dict]] = {}
    for g in graphs:
        for r in g.relations:
            eid = r.evidence_id  # a hash computed on each access
            row = {"subject": r.subject, "object": r.object, "evidence_id": eid,
                   "props": relation_props(r, g.article.published)}
            by_type.setdefault(relationship_type(r.predicate), {})[eid] = row
    return {t: list(evidence.values()) for t, evidence in by_type.items()}


def write_row(g: ArticleGraph, stamp: str, seq: int) -> dict:
    """WRITE_ARTICLES row: the article_row, its mention_rows, and its evidence (each evidence id once), each
    joining the mentions at positions s and o."""
    mentions = mention_rows(g)
    at = {m["entity_id"]: i for i, m in enumerate(mentions)}
    evidence = {}
    for r in g.relations:
        eid = r.evidence_id  # a hash computed on each access
        evidence[eid] = {"s": at[r.subject], "o": at[r.object], "type": relationship_type(r.predicate),
                         "evidence_id": eid, "props": relation_props(r, g.article.published)}
    return dict(article_row(g, stamp, seq), mentions=mentions, evidence=list(evidence.values()))


def relation_props(r: Relation, published: date | None) -> dict:
    """The properties of one evidence relationship (event flattened: maps cannot be property values)."""
    ev = r.event
    return {"relation_id": r.id, "predicate": r.predicate.upper(), "article_id": r.article_id,
            "sentence": r.sentence, "start_char": r.start, "end_char": r.end, "text": r.text, "theme": r.theme,
            "preposition": r.preposition, "verb_phrase": r.verb_phrase, "cameo": ev and ev.cameo,
            "plover": ev and ev.plover, "goldstein": ev and ev.goldstein, "quad_class": ev and ev.quad_class,
            "event_label": ev and ev.label, "has_event": ev is not None, "negated": r.negated,
            "hypothetical": r.hypothetical, "reported": r.reported, "attributed_to": r.attributed_to,
            "confidence": r.confidence, "date": r.date, "published": published,
            "subject_sector": r.subject_sector, "object_sector": r.object_sector}


def relation_key_rows(graphs: Iterable[ArticleGraph]) -> list[dict]:
    """MERGE_RELATION_KEYS rows: one per aggregated relation the graphs support."""
    keys: dict[str, dict] = {}
    for g in graphs:
        for r in g.relations:
            rid = r.id  # a hash computed on each access
            if rid not in keys:
                keys[rid] = {"id": rid, "props": {"subject": r.subject, "predicate": r.predicate.upper(),
                                                  "object": r.object, "type": relationship_type(r.predicate)}}
    return list(keys.values())


def relation_from_row(row: dict) -> tuple[Relation, date | None]:
    """The Relation an EVIDENCE_FIELDS row holds, and its date (event date, else publication date)."""
    p = row["r"]
    event = None
    if p.get("has_event"):
        event = Event(p["cameo"], p["plover"], p["goldstein"], p["quad_class"], p.get("event_label") or "")
    day = native(p.get("date"))
    r = Relation(row["subject"], p["predicate"], row["object"], p["article_id"], p["sentence"], p["start_char"],
                 p["end_char"], p["text"], p.get("theme"), p.get("preposition"), p.get("verb_phrase") or "", event,
                 bool(p.get("negated")), bool(p.get("hypothetical")), bool(p.get("reported")),
                 p.get("attributed_to"), p.get("confidence", 0.5), day, p.get("subject_sector"),
                 p.get("object_sector"))
    return r, day or native(p.get("published"))


def refs_of(row: dict) -> tuple[EntityRef, EntityRef]:
    """The subject and object of an EVIDENCE_FIELDS row."""
    return (EntityRef(row["subject"], row["subject_name"], row["subject_type"]),
            EntityRef(row["object"], row["object_name"], row["object_type"]))

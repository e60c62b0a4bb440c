"""The domain model to and from the embedded store's rows (dates as ISO text, tuples of names as JSON arrays)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from geokg.graph.model import Article, Entity, Event, Mention, Relation

CHECKED_ARTICLE_COLUMNS = "id, title, url, source, published, content_hash, path, language"
ARTICLE_COLUMNS = f"{CHECKED_ARTICLE_COLUMNS}, text_hash"
LOCATION_COLUMNS = '"where", source, first_seen, last_seen'
ENTITY_COLUMNS = "id, name, type, aliases, iso, roles, affiliations"
MENTION_COLUMNS = 'entity_id, text, sentence, start, "end", sector'
RELATION_COLUMNS = ('subject, predicate, object, sentence, start, "end", text, theme, preposition, verb_phrase, '
                    "cameo, plover, goldstein, quad_class, event_label, negated, hypothetical, reported, "
                    "attributed_to, confidence, date, subject_sector, object_sector")


# An article's own rows as checksummed: the same columns, in the same order, when written and when checked.
ARTICLE_ROW = f"{CHECKED_ARTICLE_COLUMNS}, sentences, skipped"  # text_hash came later (format 2)
VIEW_ROW = "pos, entity_id, name, type, aliases, iso, roles, affiliations"
MENTION_ROW = f"pos, {MENTION_COLUMNS}"
EVIDENCE_ROW = f"pos, relation_id, {RELATION_COLUMNS}, day"


def checksum(article: tuple, views: list[tuple], mentions: list[tuple], evidence: list[tuple]) -> str:
    """A digest of an article's rows (ARTICLE_ROW .. EVIDENCE_ROW), so a changed byte in any of them shows."""
    return hashlib.blake2b(repr((article, views, mentions, evidence)).encode(), digest_size=16).hexdigest()


def iso(d: date | None) -> str | None:
    """A date as stored."""
    return d.isoformat() if d is not None else None


def day(text: str | None) -> date | None:
    """A stored date."""
    return date.fromisoformat(text) if text else None


def article_values(a: Article) -> tuple:
    """ARTICLE_COLUMNS of an article."""
    return a.id, a.title, a.url, a.source, iso(a.published), a.content_hash, a.path, a.language, a.text_hash


def article_from(row) -> Article:
    """An Article from ARTICLE_COLUMNS."""
    return Article(row[0], row[1], row[2], row[3], day(row[4]), row[5], row[6], row[7], row[8])


def names_json(names: tuple[str, ...]) -> str:
    """A tuple of names as a JSON array (most are empty: no encoder needed)."""
    return json.dumps(names, ensure_ascii=False) if names else "[]"


def entity_values(e: Entity) -> tuple:
    """ENTITY_COLUMNS of an entity."""
    return e.id, e.name, e.type, names_json(e.aliases), e.iso, names_json(e.roles), names_json(e.affiliations)


def entity_from(row) -> Entity:
    """An Entity from ENTITY_COLUMNS."""
    return Entity(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4], tuple(json.loads(row[5])),
                  tuple(json.loads(row[6])))


def mention_values(m: Mention) -> tuple:
    """MENTION_COLUMNS of a mention."""
    return m.entity_id, m.text, m.sentence, m.start, m.end, m.sector


def relation_values(r: Relation) -> tuple:
    """RELATION_COLUMNS of a piece of evidence."""
    ev = r.event
    event = (ev.cameo, ev.plover, float(ev.goldstein), ev.quad_class, ev.label) if ev else (None,) * 5
    return (r.subject, r.predicate, r.object, r.sentence, r.start, r.end, r.text, r.theme, r.preposition,
            r.verb_phrase, *event, int(r.negated), int(r.hypothetical), int(r.reported), r.attributed_to,
            float(r.confidence), iso(r.date), r.subject_sector, r.object_sector)  # REAL columns hold floats


def event_from(row, at: int) -> Event | None:
    """The Event in the five columns cameo .. event_label starting at row[at], if any."""
    if row[at] is None:
        return None
    return Event(row[at], row[at + 1], row[at + 2], row[at + 3], row[at + 4])


def relation_from(row, article_id: str) -> Relation:
    """A piece of evidence from RELATION_COLUMNS."""
    return Relation(row[0], row[1], row[2], article_id, row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                    event_from(row, 10), bool(row[15]), bool(row[16]), bool(row[17]), row[18], row[19],
                    day(row[20]), row[21], row[22])

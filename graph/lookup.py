"""Finding the entity a person means: exact name, alias, ISO code or common abbreviation first, then a name
that starts with what was typed, then a close spelling; nothing for words that only occur inside names.

The policy is the same on every store: the store supplies candidates (its own search), this module ranks them,
and adds the countries a code or abbreviation names ("UK", "GB", "GBR" are the United Kingdom) even when no
article happened to use that form.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from geokg.graph.errors import NotFound
from geokg.graph.model import Entity, entity_id
from geokg.graph.store import EntityHit, GraphStore, Page

EXACT, PREFIX, FUZZY = 1.0, 0.9, 0.6
FUZZY_CUTOFF = 0.8
FUZZY_MIN_LENGTH = 4  # a misspelling of a two- or three-letter query is just another word
CANDIDATES = 50


def fold(text: str) -> str:
    """The case-, dot- and space-insensitive form names are compared in ("U.K." is "uk")."""
    return re.sub(r"\s+", " ", text.replace(".", "")).strip().casefold()


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Folded country names, other names, abbreviations and ISO 3166 codes -> country entity id.

    From the gazetteer's country table and pycountry, without capitals or demonyms: "Damascus" is a city and
    "Syrian" an adjective, neither is what a search for a country types.
    """
    import pycountry
    from geokg.ingest.extract.gazetteer import data_lines, split

    codes: dict[str, str] = {}
    for row in data_lines("countries.tsv"):
        iso, name, others = (row + ["", ""])[:3]
        for n in (name, *split(others)):
            codes.setdefault(fold(n), entity_id("", "COUNTRY", iso))
    for c in pycountry.countries:
        key = entity_id("", "COUNTRY", c.alpha_3)
        for n in (c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")):
            if n:
                codes.setdefault(fold(n), key)
    return codes


def match_score(key: str, entity: Entity) -> float:
    """How well the folded query matches the entity's name or aliases: EXACT, PREFIX(+), FUZZY(*ratio) or 0."""
    names = [fold(n) for n in (entity.name, *entity.aliases) if n]
    if key in names or (entity.iso and key == entity.iso.casefold()):
        return EXACT
    best = 0.0
    for name in names:
        if name.startswith(key) or any(word.startswith(key) for word in name.split(" ")[1:]):
            best = max(best, PREFIX + 0.05 * len(key) / len(name) - (0.0 if name.startswith(key) else 0.02))
    if best or len(key) < FUZZY_MIN_LENGTH:
        return best
    ratio = max((difflib.SequenceMatcher(None, key, n).ratio() for n in names), default=0.0)
    return FUZZY * ratio if ratio >= FUZZY_CUTOFF else 0.0


def find_entities(store: GraphStore, q: str, type_: str | None = None, limit: int = 10,
                  offset: int = 0) -> Page[EntityHit]:
    """Stored entities matching q, best first: exact or code, then prefix (of the name or a word), then fuzzy."""
    key = fold(q)
    if not key:
        return Page([], 0, limit, offset)
    wanted = type_.upper() if type_ else None
    found: dict[str, EntityHit] = {}
    for eid in (q.strip(), country_codes().get(key)):
        entity = _stored(store, eid)
        if entity is not None and (wanted is None or entity.type == wanted):
            found[entity.id] = EntityHit(entity, EXACT)
    for hit in store.search_entities(q, type_=wanted, limit=max(CANDIDATES, 3 * (offset + limit))).items:
        score = match_score(key, hit.entity)
        if score and hit.entity.id not in found:
            found[hit.entity.id] = EntityHit(hit.entity, round(score, 4))
    ranked = sorted(found.values(), key=lambda h: (-h.score, len(h.entity.name), h.entity.id))
    return Page(ranked[offset:offset + limit], len(ranked), limit, offset)


def resolve(store: GraphStore, ref: str) -> Entity:
    """The entity with this id, else the one an exact name, alias, code or abbreviation names; NotFound else."""
    hits = find_entities(store, ref, limit=1).items
    if hits and hits[0].score >= EXACT:
        return hits[0].entity
    raise NotFound(f"no entity with id, name or code {ref!r}; search for it: GET /entities?q=..., geokg.search")


def _stored(store: GraphStore, eid: str | None) -> Entity | None:
    if not eid:
        return None
    try:
        return store.get_entity(eid).entity
    except NotFound:
        return None

"""Entity search by name or alias: exact, then prefix, then substring, then fuzzy matches, best first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from graph.model import Entity
from graph.store import EntityHit, Page

EXACT, PREFIX, SUBSTRING, FUZZY = 1.0, 0.9, 0.75, 0.6
FUZZY_CUTOFF = 0.75


def fold(text: str) -> str:
    """The case- and space-insensitive form names are compared in."""
    return re.sub(r"\s+", " ", text).strip().casefold()


class NameIndex:
    """Folded names and aliases -> entity ids, built once per store version."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.entities: dict[str, Entity] = {}
        for e in entities:
            self.entities[e.id] = e
            for name in (e.name, *e.aliases):
                self.by_name.setdefault(fold(name), set()).add(e.id)

    def search(self, q: str, type_: str | None, limit: int, offset: int) -> Page[EntityHit]:
        """Entities whose name or an alias matches q, best first; fuzzy only when the others find too few."""
        key = fold(q)
        if not key:
            return Page([], 0, limit, offset)
        scores: dict[str, float] = {}
        for name, ids in self.by_name.items():
            score = _score(key, name)
            if score:
                self._credit(scores, ids, score, type_)
        if len(scores) < offset + limit:
            for name in difflib.get_close_matches(key, list(self.by_name), n=offset + limit, cutoff=FUZZY_CUTOFF):
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                self._credit(scores, self.by_name[name], FUZZY * ratio, type_)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], len(self.entities[kv[0]].name), kv[0]))
        hits = [EntityHit(self.entities[eid], round(score, 4)) for eid, score in ranked]
        return Page(hits[offset:offset + limit], len(hits), limit, offset)

    def _credit(self, scores: dict[str, float], ids: set[str], score: float, type_: str | None) -> None:
        for eid in ids:
            if type_ and self.entities[eid].type != type_.upper():
                continue
            if score > scores.get(eid, 0.0):
                scores[eid] = score


def _score(key: str, name: str) -> float:
    if name == key:
        return EXACT
    if name.startswith(key):
        return PREFIX + 0.05 * len(key) / len(name)
    if key in name:
        return SUBSTRING + 0.05 * len(key) / len(name)
    return 0.0

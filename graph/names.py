"""Entity search by name or alias in memory (the Neo4j store ranks its candidates here), best first.

The folded names are kept sorted and joined into one string, so a single C-speed scan for the query finds every
exact, prefix and substring match (a match right after a separator starts a name); the cost is the scan plus
the matches, not a Python loop over every name. Fuzzy matching scores only the names sharing the query's rarer
trigrams, a bounded candidate set, with RapidFuzz's ratio (in C).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from geokg.graph.model import Entity
from geokg.graph.store import EntityHit, Page

EXACT, PREFIX, SUBSTRING, FUZZY = 1.0, 0.9, 0.75, 0.6
FUZZY_CUTOFF = 0.75
SEP = "\n"  # fold() turns every whitespace run into one space, so no name contains it
COMMON_TRIGRAM = 5000  # trigrams in more names than this say little about a misspelling
FUZZY_CANDIDATES = 300


def fold(text: str) -> str:
    """The case- and space-insensitive form names are compared in."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def trigrams(name: str) -> set[str]:
    """The three-letter pieces of a name padded with spaces (so short names have some)."""
    padded = f" {name} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Folded names and aliases -> entity ids, built once per store version."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.entities: dict[str, Entity] = {}
        for e in entities:
            self.entities[e.id] = e
            for name in (e.name, *e.aliases):
                key = fold(name)
                if key:
                    self.by_name.setdefault(key, set()).add(e.id)
        self.names = sorted(self.by_name)
        self.blob = SEP + SEP.join(self.names) + SEP
        self._grams: dict[str, list[int]] | None = None  # built on the first fuzzy search

    def search(self, q: str, type_: str | None, limit: int, offset: int) -> Page[EntityHit]:
        """Entities whose name or an alias matches q, best first; fuzzy only when the others find too few."""
        key = fold(q)
        if not key:
            return Page([], 0, limit, offset)
        wanted = type_.upper() if type_ else None
        scores: dict[str, float] = {}
        for name in self._containing(key):
            self._credit(scores, self.by_name[name], score(key, name), wanted)
        if len(scores) < offset + limit:
            for name, ratio in self._close(key, offset + limit):
                self._credit(scores, self.by_name[name], FUZZY * ratio, wanted)
        ents = self.entities
        best = ranked(scores, lambda eid: len(ents[eid].name), limit, offset)
        return Page([EntityHit(ents[eid], s) for eid, s in best], len(scores), limit, offset)

    def _containing(self, key: str) -> Iterable[str]:
        """Each folded name containing key, once."""
        blob, seen = self.blob, set()
        pos = blob.find(key)
        while pos >= 0:
            start = blob.rfind(SEP, 0, pos) + 1
            end = blob.find(SEP, pos)
            if start not in seen:
                seen.add(start)
                yield blob[start:end]
            pos = blob.find(key, pos + 1)

    def _close(self, key: str, n: int) -> list[tuple[str, float]]:
        """Up to n names at least FUZZY_CUTOFF similar to key, most similar first (see close_matches)."""
        shared: Counter[int] = Counter()
        for gram in sorted(trigrams(key), key=lambda g: len(self.grams.get(g, ()))):
            postings = self.grams.get(gram, ())
            if len(postings) > COMMON_TRIGRAM and shared:
                break
            shared.update(postings[:COMMON_TRIGRAM])
        return close_matches(key, (self.names[i] for i, _ in shared.most_common(FUZZY_CANDIDATES)), n)

    @property
    def grams(self) -> dict[str, list[int]]:
        """Trigram -> indexes of the sorted names holding it."""
        if self._grams is None:
            grams: dict[str, list[int]] = {}
            for i, name in enumerate(self.names):
                for g in trigrams(name):
                    grams.setdefault(g, []).append(i)
            self._grams = grams
        return self._grams

    def _credit(self, scores: dict[str, float], ids: set[str], score: float, type_: str | None) -> None:
        for eid in ids:
            if type_ and self.entities[eid].type != type_:
                continue
            if score > scores.get(eid, 0.0):
                scores[eid] = score


def ranked(scores: dict[str, float], name_length: Callable[[str], int], limit: int,
           offset: int) -> list[tuple[str, float]]:
    """One page of (entity id, score), best first, shorter names first among equals, then by id."""
    best = heapq.nsmallest(offset + limit, scores.items(), key=lambda kv: (-kv[1], name_length(kv[0]), kv[0]))
    return [(eid, round(s, 4)) for eid, s in best[offset:]]


def close_matches(key: str, candidates: Iterable[str], n: int) -> list[tuple[str, float]]:
    """Up to n of the candidate names at least FUZZY_CUTOFF similar to key, most similar first, then by name.

    The similarity is RapidFuzz's ratio, 2 * (longest common subsequence) / (both lengths), computed in C;
    difflib's ratio is the same where its matching blocks find that subsequence (nearly always, for names) and
    lower where they miss part of it.
    """
    found = process.extract(key, list(candidates), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF * 100, limit=None)
    best = sorted(((-s, name) for name, s, _ in found))[:n]
    return [(name, -s / 100) for s, name in best]


def score(key: str, name: str) -> float:
    """How well a folded name matches a folded query: exact, prefix or substring (0.0: none of them)."""
    if name == key:
        return EXACT
    if name.startswith(key):
        return PREFIX + 0.05 * len(key) / len(name)
    if key in name:
        return SUBSTRING + 0.05 * len(key) / len(name)
    return 0.0

"""Entity search on the embedded store: exact names and codes (UK, USA, DRC) first, then prefix, then substring
through the FTS5 trigram index over names and aliases, then fuzzy among the names sharing the query's trigrams.

Scores are graph.names' (the Neo4j store ranks the same way), so both stores order hits alike.
"""

from __future__ import annotations

import sqlite3

from geokg.graph.embedded.rows import ENTITY_COLUMNS, entity_from
from geokg.graph.embedded.schema import pick
from geokg.graph.names import COMMON_TRIGRAM, FUZZY, FUZZY_CANDIDATES, close_matches, fold, ranked, score
from geokg.graph.store import EntityHit, Page

Row = tuple[str, str, str, int]  # folded name, entity id, type, length of the entity's name


def _phrase(text: str) -> str:
    """text as one FTS5 string (a trigram index matches it anywhere inside a name)."""
    return '"' + text.replace('"', '""') + '"'


def gram_counts(c: sqlite3.Connection, key: str, known: dict[str, int]) -> dict[str, int]:
    """How many names hold each trigram of key (0: none), from the FTS5 index's own vocabulary.

    Counting a common trigram reads its whole posting list, so counts are kept in known (the store's) and only
    new or absent trigrams are asked for. A stale count only changes which trigrams narrow a search (any of
    the key's trigrams give a superset of its matches), never the result.
    """
    grams = sorted({g for g in (key[i:i + 3] for i in range(len(key) - 2)) if "\x00" not in g})
    ask = [g for g in grams if not known.get(g)]
    if ask:
        found = dict(c.execute(f"SELECT term, doc FROM temp.name_grams WHERE term IN ({', '.join('?' * len(ask))})",
                               ask).fetchall())
        if len(known) > 100_000:
            known.clear()
        known.update({g: found.get(g, 0) for g in ask})
    return {g: known[g] for g in grams}


def containing(c: sqlite3.Connection, key: str, known: dict[str, int]) -> list[Row]:
    """Every name holding key: the names holding its three rarest trigrams (through the index), that hold key.

    A phrase query for the whole key would walk the posting lists of its common trigrams ("ent" of every
    "Entity ...") too; keys under three letters (or holding NUL, which FTS5 cannot read) scan the names.
    """
    head = ("SELECT n.folded, n.entity_id, e.type, length(e.name) FROM names n "
            "JOIN entities e ON e.id = n.entity_id ")
    if len(key) < 3 or "\x00" in key:
        return c.execute(head + "WHERE instr(n.folded, ?) > 0", (key,)).fetchall()
    counts = gram_counts(c, key, known)
    rarest = sorted(counts, key=lambda g: (counts[g], g))[:3]
    if counts[rarest[0]] == 0:
        return []
    rows = c.execute(head + "WHERE n.rowid IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?)",
                     (" AND ".join(_phrase(g) for g in rarest),)).fetchall()
    return [r for r in rows if key in r[0]]


def similar(c: sqlite3.Connection, key: str, n: int, known: dict[str, int]) -> list[tuple[Row, float]]:
    """Up to n names close to key (names.close_matches), among the FUZZY_CANDIDATES names sharing most of its
    rarer trigrams (as names.NameIndex picks them), fewer first by rowid among equals.

    Trigrams in most names ("ent" of "Entity ...") say little about a misspelling and would make every name a
    candidate, so only those in at most COMMON_TRIGRAM names are asked for (the two rarest, if all are common,
    each up to COMMON_TRIGRAM names). Each trigram's names are read off its own posting list and counted in SQL:
    ranking every name holding any of them (FTS5's `ORDER BY rank`) took most of a search.
    """
    counts = {g: n for g, n in gram_counts(c, key, known).items() if n}
    known = sorted(counts, key=lambda g: (counts[g], g))
    rare = [g for g in known if counts[g] <= COMMON_TRIGRAM] or known[:2]
    if not rare:
        return []
    postings = " UNION ALL ".join(["SELECT * FROM (SELECT rowid AS r FROM names_fts WHERE names_fts MATCH ? LIMIT ?)"]
                                  * len(rare))
    rows = c.execute("SELECT n.folded, n.entity_id, e.type, length(e.name) FROM "
                     f"(SELECT r, count(*) AS shared FROM ({postings}) GROUP BY r ORDER BY shared DESC, r LIMIT ?) f "
                     "JOIN names n ON n.rowid = f.r JOIN entities e ON e.id = n.entity_id",
                     (*(a for g in rare for a in (_phrase(g), COMMON_TRIGRAM)), FUZZY_CANDIDATES)).fetchall()
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        by_name.setdefault(row[0], []).append(row)
    return [(row, ratio) for name, ratio in close_matches(key, by_name, n) for row in by_name[name]]


def search(c: sqlite3.Connection, q: str, type_: str | None, limit: int, offset: int,
           known: dict[str, int]) -> Page[EntityHit]:
    """Entities whose name or an alias matches q, best first; fuzzy only when the others find too few.

    known: trigram counts kept between searches (see gram_counts).
    """
    key = fold(q)
    if not key:
        return Page([], 0, limit, offset)
    wanted = type_.upper() if type_ else None
    scores: dict[str, float] = {}
    lengths: dict[str, int] = {}

    def credit(row: Row, s: float) -> None:
        if (wanted is None or row[2] == wanted) and s > scores.get(row[1], 0.0):
            scores[row[1]], lengths[row[1]] = s, row[3]

    for row in containing(c, key, known):
        credit(row, score(key, row[0]))
    if len(scores) < offset + limit:
        for row, ratio in similar(c, key, offset + limit, known):
            credit(row, FUZZY * ratio)
    best = ranked(scores, lengths.__getitem__, limit, offset)
    picked = pick(c, [eid for eid, _ in best])
    found = {r[0]: entity_from(r) for r in c.execute(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN {picked}")}
    return Page([EntityHit(found[eid], s) for eid, s in best], len(scores), limit, offset)

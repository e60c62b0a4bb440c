"""`geokg check` on the embedded store: SQLite's own page and index checks, then what the writes keep in step.

Each consistency rule is a query listing what breaks it (a few examples each): derived rows (relations,
entities, degrees, names, counts, predicate totals, entity numbers and links) must agree with the articles' own
rows they are computed from.
"""

from __future__ import annotations

import sqlite3

from geokg.graph.embedded.rows import ARTICLE_ROW, EVIDENCE_ROW, MENTION_ROW, VIEW_ROW, checksum
from geokg.graph.embedded.schema import integrity_problems

EXAMPLES = 5
RULES = [
    ("relation whose evidence count is wrong",
     "SELECT r.id FROM relations r LEFT JOIN (SELECT relation_id, count(*) AS n FROM evidence GROUP BY relation_id) e "
     "ON e.relation_id = r.id WHERE coalesce(e.n, 0) <> r.evidence_count"),
    ("evidence of a missing relation",
     "SELECT DISTINCT relation_id FROM evidence WHERE relation_id NOT IN (SELECT id FROM relations)"),
    ("relation naming a missing entity",
     "SELECT id FROM relations WHERE subject NOT IN (SELECT id FROM entities) "
     "OR object NOT IN (SELECT id FROM entities)"),
    ("entity no article names", "SELECT id FROM entities WHERE id NOT IN (SELECT entity_id FROM views)"),
    ("entity named by an article but missing",
     "SELECT DISTINCT entity_id FROM views WHERE entity_id NOT IN (SELECT id FROM entities)"),
    ("entity with no searchable name", "SELECT id FROM entities WHERE id NOT IN (SELECT entity_id FROM names)"),
    ("entity whose degree is wrong",
     "SELECT e.id FROM entities e WHERE e.degree <> (SELECT count(*) FROM relations WHERE subject = e.id) + "
     "(SELECT count(*) FROM relations WHERE object = e.id AND subject <> e.id)"),
    ("entity without a number or with another degree there, or a number of a missing entity",
     "SELECT e.id FROM entities e LEFT JOIN nodes n ON n.id = e.id WHERE n.num IS NULL OR n.degree <> e.degree "
     "UNION ALL SELECT id FROM nodes WHERE id NOT IN (SELECT id FROM entities)"),
    ("relation whose ends are not linked both ways",
     "SELECT r.id FROM relations r LEFT JOIN nodes s ON s.id = r.subject LEFT JOIN nodes o ON o.id = r.object "
     "WHERE NOT EXISTS (SELECT 1 FROM links WHERE node = s.num AND nb = o.num) "
     "OR NOT EXISTS (SELECT 1 FROM links WHERE node = o.num AND nb = s.num)"),
    ("link between entities no relation joins",
     "SELECT coalesce(a.id, l.node) || ' - ' || coalesce(b.id, l.nb) FROM links l "
     "LEFT JOIN nodes a ON a.num = l.node LEFT JOIN nodes b ON b.num = l.nb WHERE a.id IS NULL OR b.id IS NULL "
     "OR NOT EXISTS (SELECT 1 FROM relations WHERE subject = a.id AND object = b.id) "
     "AND NOT EXISTS (SELECT 1 FROM relations WHERE subject = b.id AND object = a.id)"),
    ("count of articles or of entities of a type that is wrong",
     "SELECT t.kind || ' ' || t.type FROM totals t WHERE t.n <> CASE t.kind WHEN 'articles' THEN "
     "(SELECT count(*) FROM articles) ELSE (SELECT count(*) FROM entities e WHERE e.type = t.type) END "
     "UNION SELECT 'entities ' || type FROM entities "
     "WHERE type NOT IN (SELECT type FROM totals WHERE kind = 'entities')"),
    ("predicate whose totals are wrong",
     "SELECT p.predicate FROM predicates p LEFT JOIN (SELECT r.predicate, count(*) AS n, sum(r.evidence_count) AS ev "
     "FROM relations r GROUP BY r.predicate) t ON t.predicate = p.predicate "
     "WHERE coalesce(t.n, 0) <> p.relations OR coalesce(t.ev, 0) <> p.evidence "
     "UNION SELECT predicate FROM relations WHERE predicate NOT IN (SELECT predicate FROM predicates)"),
]


def _altered_articles(conn: sqlite3.Connection):
    """The ids of articles whose rows no longer give the checksum written with them (a flipped byte, an edit)."""
    for row in conn.execute(f"SELECT seq, checksum, {ARTICLE_ROW} FROM articles ORDER BY seq").fetchall():
        seq, parts = row[0], []
        for columns, table in ((VIEW_ROW, "views"), (MENTION_ROW, "mentions"), (EVIDENCE_ROW, "evidence")):
            parts.append(conn.execute(f"SELECT {columns} FROM {table} WHERE article_seq = ? ORDER BY pos",
                                      (seq,)).fetchall())
        if checksum(tuple(row[2:]), *parts) != row[1]:
            yield row[2]


def problems(conn: sqlite3.Connection) -> list[str]:
    """Everything wrong with the database, one line each; [] when it is sound. Call in a write transaction."""
    try:
        found = integrity_problems(conn)
    except sqlite3.DatabaseError as e:  # too damaged for SQLite to finish its own check
        found = [str(e)]
    if found:
        return [f"SQLite: {p}" for p in found]  # with damaged pages the rules below would only add noise
    for what, sql in RULES:
        rows = conn.execute(f"{sql} LIMIT {EXAMPLES + 1}").fetchall()
        if rows:
            examples = ", ".join(repr(r[0]) for r in rows[:EXAMPLES]) + (", ..." if len(rows) > EXAMPLES else "")
            found.append(f"{what}: {examples}")
    altered = list(_altered_articles(conn))
    if altered:
        examples = ", ".join(repr(a) for a in altered[:EXAMPLES]) + (", ..." if len(altered) > EXAMPLES else "")
        found.append(f"article whose stored rows changed since they were written ({len(altered)}): {examples}")
    try:  # FTS5's own check of its index against the names it was built from (needs the write lock)
        conn.execute("INSERT INTO names_fts (names_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as e:
        found.append(f"the name search index does not match the names ({e})")
    return found

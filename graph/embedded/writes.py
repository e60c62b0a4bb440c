"""Writing article graphs into the embedded store: one transaction per batch, `executemany` per table.

An article's own rows (views, mentions, evidence) are replaced whole; what is derived from them (merged
entities and their names, aggregated relations, degrees, per-predicate totals) is adjusted by the difference
the batch made, so a write costs what it changes, not the size of the store.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

from geokg.graph.embedded import reads
from geokg.graph.embedded.rows import (
    ARTICLE_COLUMNS,
    MENTION_COLUMNS,
    RELATION_COLUMNS,
    article_values,
    entity_from,
    entity_values,
    iso,
    mention_values,
    relation_values,
)
from geokg.graph.embedded.schema import pick
from geokg.graph.entities import merge_all, merge_entity
from geokg.graph.model import ArticleGraph, Entity
from geokg.graph.names import fold
from geokg.graph.store import UpsertResult

Key = tuple[str, str, str, str]  # relation id, subject, predicate (upper case), object


class Batch:
    """What one transaction changed beyond the articles' own rows, applied by finish()."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.evidence: Counter[Key] = Counter()  # evidence added (or, negative, removed) per relation
        self.added: dict[str, list[Entity]] = {}  # entity -> views added, in store order
        self.remerge: set[str] = set()  # entities that lost a view: merged again from what is left

    def upsert(self, g: ArticleGraph) -> UpsertResult:
        """Store one article's graph, replacing what that article said before; unchanged ones are not written."""
        aid = g.article.id
        old = self.conn.execute("SELECT seq, content_hash FROM articles WHERE id = ?", (aid,)).fetchone()
        if old is not None:
            same = (g.article.content_hash == old[1] if g.article.content_hash
                    else reads.article_graph(self.conn, aid) == g)
            if same:
                return UpsertResult(aid, "unchanged")
            self.remove(old[0])
        self._insert(g)
        return UpsertResult(aid, "created" if old is None else "updated")

    def remove(self, seq: int) -> None:
        """Forget the article stored as seq and note what its rows contributed."""
        c = self.conn
        for rid, subj, pred, obj, n in c.execute(
                "SELECT r.id, r.subject, r.predicate, r.object, count(*) FROM evidence e "
                "JOIN relations r ON r.id = e.relation_id WHERE e.article_seq = ? GROUP BY r.id", (seq,)):
            self.evidence[(rid, subj, pred, obj)] -= n
        self.remerge.update(r[0] for r in c.execute("SELECT entity_id FROM views WHERE article_seq = ?", (seq,)))
        c.execute("DELETE FROM articles WHERE seq = ?", (seq,))  # views, mentions, evidence cascade

    def _insert(self, g: ArticleGraph) -> None:
        c, a = self.conn, g.article
        seq = c.execute(f"INSERT INTO articles ({ARTICLE_COLUMNS}, sentences, skipped) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (*article_values(a), g.sentences, g.skipped)).lastrowid
        c.executemany("INSERT INTO views VALUES (?,?,?,?,?,?,?,?,?)",
                      [(seq, i, *entity_values(e)) for i, e in enumerate(g.entities)])
        c.executemany(f"INSERT INTO mentions (article_seq, pos, {MENTION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                      [(seq, i, *mention_values(m)) for i, m in enumerate(g.mentions)])
        published = iso(a.published)
        marks = ",".join("?" * 27)
        c.executemany(f"INSERT INTO evidence (article_seq, pos, relation_id, {RELATION_COLUMNS}, day) VALUES ({marks})",
                      [(seq, i, r.id, *relation_values(r), iso(r.date) or published)
                       for i, r in enumerate(g.relations)])
        for r in g.relations:
            self.evidence[(r.id, r.subject, r.predicate.upper(), r.object)] += 1
        for e in g.entities:
            self.added.setdefault(e.id, []).append(e)

    def finish(self) -> None:
        """Bring entities, names, relations, degrees and predicate totals in line with the batch."""
        gone = self._merge_entities()
        self._count_relations()
        c = self.conn
        c.executemany("DELETE FROM entities WHERE id = ?", [(eid,) for eid in gone])  # names, memberships cascade

    def _merge_entities(self) -> list[str]:
        """Write each touched entity merged from its views; the ids left with no view at all."""
        gone = []
        for eid in self.remerge | set(self.added):
            stored = self.conn.execute("SELECT id, name, type, aliases, iso, roles, affiliations FROM entities "
                                       "WHERE id = ?", (eid,)).fetchone()
            old = entity_from(stored) if stored else None
            if eid in self.remerge:
                views = reads.views_of(self.conn, eid)
                if not views:
                    gone.append(eid)
                    continue
                merged = merge_all(views)
            else:
                merged = old
                for view in self.added[eid]:
                    merged = view if merged is None else merge_entity(merged, view)
            if merged != old:
                self._write_entity(merged, old is None)
        return gone

    def _write_entity(self, e: Entity, new: bool) -> None:
        c = self.conn
        values = entity_values(e)
        if new:
            c.execute("INSERT INTO entities (id, name, type, aliases, iso, roles, affiliations) VALUES (?,?,?,?,?,?,?)",
                      values)
        else:
            c.execute("UPDATE entities SET name = ?, type = ?, aliases = ?, iso = ?, roles = ?, affiliations = ? "
                      "WHERE id = ?", (*values[1:], e.id))
            c.execute("DELETE FROM names WHERE entity_id = ?", (e.id,))
            c.execute("DELETE FROM memberships WHERE member = ?", (e.id,))
        folded = dict.fromkeys(k for k in (fold(n) for n in (e.name, *e.aliases)) if k)
        c.executemany("INSERT INTO names (entity_id, folded) VALUES (?, ?)", [(e.id, k) for k in folded])
        c.executemany("INSERT INTO memberships VALUES (?, ?)", [(p, e.id) for p in dict.fromkeys(e.affiliations)])

    def _count_relations(self) -> None:
        """Apply the evidence difference to the aggregated relations, their ends' degrees and predicate totals."""
        changed = [(key, n) for key, n in self.evidence.items() if n]
        if not changed:
            return
        c = self.conn
        ids = [key[0] for key, _ in changed]
        picked = pick(c, ids)
        existed = {r[0] for r in c.execute(f"SELECT id FROM relations WHERE id IN {picked}")}
        c.executemany("INSERT INTO relations VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE "
                      "SET evidence_count = evidence_count + excluded.evidence_count",
                      [(*key, n) for key, n in changed])
        left = {rid for rid, n in c.execute(f"SELECT id, evidence_count FROM relations WHERE id IN {picked}")
                if n > 0}
        degree: Counter[str] = Counter()
        relations: Counter[str] = Counter()
        evidence: Counter[str] = Counter()
        for (rid, subj, pred, obj), n in changed:
            evidence[pred] += n
            step = (rid not in existed and rid in left) - (rid in existed and rid not in left)
            relations[pred] += step
            for end in {subj, obj}:
                degree[end] += step
        c.executemany("DELETE FROM relations WHERE id = ?", [(rid,) for rid in set(ids) - left])
        c.executemany("UPDATE entities SET degree = degree + ? WHERE id = ?",
                      [(n, eid) for eid, n in degree.items() if n])
        c.executemany("INSERT INTO predicates VALUES (?,?,?) ON CONFLICT (predicate) DO UPDATE SET "
                      "relations = relations + excluded.relations, evidence = evidence + excluded.evidence",
                      [(p, relations[p], evidence[p]) for p in evidence])
        c.execute("DELETE FROM predicates WHERE relations <= 0")


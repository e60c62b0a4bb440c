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
    ARTICLE_ROW,
    ENTITY_COLUMNS,
    EVIDENCE_ROW,
    LOCATION_COLUMNS,
    MENTION_ROW,
    VIEW_ROW,
    article_values,
    checksum,
    entity_from,
    entity_values,
    iso,
    mention_values,
    relation_values,
)
from geokg.graph.embedded.schema import pick
from geokg.graph.entities import merge_all, merge_entity
from geokg.graph.model import Article, ArticleGraph, Entity
from geokg.graph.names import fold
from geokg.graph.store import UpsertResult
from geokg.graph.upserts import seen_stamp

Key = tuple[str, str, str, str]  # relation id, subject, predicate (upper case), object


class Batch:
    """What one transaction changed beyond the articles' own rows, applied by finish()."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.stamp = seen_stamp()  # when the locations written by this batch were seen
        self.evidence: Counter[Key] = Counter()  # evidence added (or, negative, removed) per relation
        self.added: dict[str, list[Entity]] = {}  # entity -> views added, in store order
        self.remerge: set[str] = set()  # entities that lost a view: merged again from what is left
        self.rows: dict[str, list[tuple]] = {"views": [], "mentions": [], "evidence": []}  # not yet inserted

    def upsert(self, g: ArticleGraph) -> UpsertResult:
        """Store one article's graph, replacing what that article said before; unchanged ones are not written, and
        the same text under another id is recorded as another location of the article that has it."""
        aid = g.article.id
        if (known := self.known(g.article)) is not None:
            return known
        old = self.conn.execute("SELECT seq FROM articles WHERE id = ?", (aid,)).fetchone()
        if old is not None:
            if not g.article.content_hash and reads.article_graph(self.conn, aid) == g:
                self.seen(g.article, aid)
                return UpsertResult(aid, "unchanged")
            self.remove(old[0])
        self._insert(g)
        self.seen(g.article, aid)
        return UpsertResult(aid, "created" if old is None else "updated")

    def known(self, a: Article) -> UpsertResult | None:
        """The result for an article the store holds as it is (same id and content hash, or the same text under
        another id, whose metadata then stays), recorded as seen at a's location; None when it must be stored."""
        old = self.conn.execute("SELECT content_hash, text_hash FROM articles WHERE id = ?", (a.id,)).fetchone()
        if old is not None and a.content_hash and old[0] == a.content_hash:
            self.seen(a, a.id)
            return UpsertResult(a.id, "unchanged")
        if not a.text_hash or (old is not None and old[1] == a.text_hash):
            return None  # no text hash to go by, or only this article's metadata changed: stored again
        # `text_hash <> ''` lets SQLite use the partial index articles_by_text; without it every article is read
        holder = self.conn.execute("SELECT id FROM articles WHERE text_hash = ? AND text_hash <> '' AND id <> ? "
                                   "ORDER BY seq LIMIT 1", (a.text_hash, a.id)).fetchone()
        if holder is None:
            return None
        self.seen(a, holder[0])
        return UpsertResult(a.id, "unchanged", same_as=holder[0])

    def seen(self, a: Article, holder: str) -> None:
        """Record that article `holder` was found at a's location now; a URL or file holds one text at a time, so
        the location leaves any other article it was listed under."""
        where = a.where
        if a.url or a.path:
            self.conn.execute('DELETE FROM locations WHERE "where" = ? AND article_id <> ?', (where, holder))
        self.conn.execute(f"INSERT INTO locations (article_id, {LOCATION_COLUMNS}) VALUES (?,?,?,?,?) "
                          'ON CONFLICT (article_id, "where") DO UPDATE SET last_seen = excluded.last_seen, '
                          "source = coalesce(excluded.source, source)",
                          (holder, where, a.source, self.stamp, self.stamp))

    def remove(self, seq: int) -> None:
        """Forget the article stored as seq and note what its rows contributed."""
        self._flush()  # it may have been written earlier in this batch
        c = self.conn
        for rid, subj, pred, obj, n in c.execute(
                "SELECT r.id, r.subject, r.predicate, r.object, count(*) FROM evidence e "
                "JOIN relations r ON r.id = e.relation_id WHERE e.article_seq = ? GROUP BY r.id", (seq,)):
            self.evidence[(rid, subj, pred, obj)] -= n
        self.remerge.update(r[0] for r in c.execute("SELECT entity_id FROM views WHERE article_seq = ?", (seq,)))
        c.execute("DELETE FROM articles WHERE seq = ?", (seq,))  # views, mentions, evidence cascade

    def _insert(self, g: ArticleGraph) -> None:
        c, a = self.conn, g.article
        *checked, text_hash = article_values(a)
        article = (*checked, g.sentences, g.skipped)
        views = [(i, *entity_values(e)) for i, e in enumerate(g.entities)]
        mentions = [(i, *mention_values(m)) for i, m in enumerate(g.mentions)]
        published = iso(a.published)
        evidence = [(i, r.id, *relation_values(r), iso(r.date) or published) for i, r in enumerate(g.relations)]
        seq = c.execute(f"INSERT INTO articles ({ARTICLE_ROW}, checksum, text_hash) VALUES ({','.join('?' * 12)})",
                        (*article, checksum(article, views, mentions, evidence), text_hash)).lastrowid
        self.rows["views"] += [(seq, *row) for row in views]
        self.rows["mentions"] += [(seq, *row) for row in mentions]
        self.rows["evidence"] += [(seq, *row) for row in evidence]
        for r in g.relations:
            self.evidence[(r.id, r.subject, r.predicate.upper(), r.object)] += 1
        for e in g.entities:
            self.added.setdefault(e.id, []).append(e)

    def _flush(self) -> None:
        """Insert the articles' rows gathered so far, one executemany per table."""
        c, rows = self.conn, self.rows
        c.executemany(f"INSERT INTO views (article_seq, {VIEW_ROW}) VALUES (?,?,?,?,?,?,?,?,?)", rows["views"])
        c.executemany(f"INSERT INTO mentions (article_seq, {MENTION_ROW}) VALUES (?,?,?,?,?,?,?,?)",
                      rows["mentions"])
        c.executemany(f"INSERT INTO evidence (article_seq, {EVIDENCE_ROW}) VALUES ({','.join('?' * 27)})",
                      rows["evidence"])
        for kind in rows:
            rows[kind] = []

    def finish(self) -> None:
        """Bring entities, names, relations, degrees and predicate totals in line with the batch."""
        self._flush()
        gone = self._merge_entities()
        self._count_relations()
        c = self.conn
        c.executemany("DELETE FROM entities WHERE id = ?", [(eid,) for eid in gone])  # names, memberships cascade

    def _merge_entities(self) -> list[str]:
        """Write each touched entity merged from its views; the ids left with no view at all."""
        gone, new, changed = [], [], []
        touched = self.remerge | set(self.added)
        stored = {r[0]: r for r in self.conn.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN {pick(self.conn, touched)}")}
        for eid in touched:
            row = stored.get(eid)
            if eid not in self.remerge and all(entity_values(v) == row for v in self.added[eid]):
                continue  # the usual case: an entity seen again just as it is stored
            old = entity_from(row) if row else None
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
                (new if old is None else changed).append(merged)
        self._write_entities(new, changed)
        return gone

    def _write_entities(self, new: list[Entity], changed: list[Entity]) -> None:
        """Insert new entities and update changed ones, with their searchable names and memberships."""
        c = self.conn
        c.executemany(f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                      [entity_values(e) for e in new])
        c.executemany("UPDATE entities SET name = ?, type = ?, aliases = ?, iso = ?, roles = ?, affiliations = ? "
                      "WHERE id = ?", [(*entity_values(e)[1:], e.id) for e in changed])
        c.executemany("DELETE FROM names WHERE entity_id = ?", [(e.id,) for e in changed])
        c.executemany("DELETE FROM memberships WHERE member = ?", [(e.id,) for e in changed])
        both = new + changed
        c.executemany("INSERT INTO names (entity_id, folded) VALUES (?, ?)",
                      [(e.id, k) for e in both for k in dict.fromkeys(fold(n) for n in (e.name, *e.aliases)) if k])
        c.executemany("INSERT INTO memberships VALUES (?, ?)",
                      [(p, e.id) for e in both for p in dict.fromkeys(e.affiliations)])

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


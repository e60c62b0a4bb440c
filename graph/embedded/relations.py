"""Relation queries on the embedded store: pages of aggregated relations, their evidence, periods, adjacency.

An entity's relations are two index ranges (`relations_out`, `relations_in`, both ordered by evidence count and
covering every column a page needs), so a hub's page is read off the indexes, not sorted. Filters that look
inside the evidence (event, quad class, dates, confidence, sector) count the passing evidence per relation in
SQL and rank by that.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Collection
from datetime import date

from geokg.graph import summaries
from geokg.graph.embedded.reads import one, refs
from geokg.graph.embedded.rows import ARTICLE_COLUMNS, RELATION_COLUMNS, article_from, day, event_from, iso
from geokg.graph.embedded.rows import relation_from as relation_row
from geokg.graph.embedded.schema import pick
from geokg.graph.naming import predicate_matches
from geokg.graph.periods import PeriodRow
from geokg.graph.store import Evidence, Page, RelationFilter, RelationSummary

Conn = sqlite3.Connection
Arm = tuple[str, tuple]  # a WHERE clause on relations and its arguments
COLUMNS = "id, subject, predicate, object, evidence_count"


def require_entity(c: Conn, eid: str) -> None:
    """NotFound unless the store holds the entity."""
    one(c, "SELECT 1 FROM entities WHERE id = ?", eid, "entity")


def touching(eid: str, direction: str = "both") -> list[Arm]:
    """The relations leaving (out), entering (in) or touching (both) the entity; a self-relation once."""
    out, into = ("subject = ?", (eid,)), ("object = ?", (eid,))
    if direction == "out":
        return [out]
    if direction == "in":
        return [into]
    return [out, ("object = ? AND subject <> ?", (eid, eid))]


def pattern(subject: str | None, object_: str | None) -> list[Arm]:
    """The relations matching a (subject, object) pattern, either part omitted."""
    if subject is not None and object_ is not None:
        return [("subject = ? AND object = ?", (subject, object_))]
    if subject is not None:
        return touching(subject, "out")
    if object_ is not None:
        return touching(object_, "in")
    return [("1", ())]


def _union(arms: list[Arm], columns: str = COLUMNS) -> tuple[str, tuple]:
    sql = " UNION ALL ".join(f"SELECT {columns} FROM relations WHERE {w}" for w, _ in arms)
    return sql, tuple(a for _, args in arms for a in args)


def with_predicate(c: Conn, arms: list[Arm], wanted: str | None) -> list[Arm]:
    """The arms narrowed to the stored predicates matching a lemma (MEET) or a type (MET)."""
    if not wanted:
        return arms
    matching = [p for (p,) in c.execute("SELECT predicate FROM predicates") if predicate_matches(p, wanted)]
    marks = ", ".join("?" * len(matching))
    return [(f"{w} AND predicate IN ({marks})", (*args, *matching)) for w, args in arms]


def scans_evidence(filt: RelationFilter) -> bool:
    """Whether the filter looks inside the evidence rather than at whole relations."""
    return bool(filt.event or filt.quad_class is not None or filt.since or filt.until
                or filt.min_confidence is not None or filt.sector)


def evidence_where(filt: RelationFilter) -> tuple[str, list]:
    """SQL conditions on evidence `e` for the filter's event, quad class, dates, confidence and sector."""
    parts, args = ["1"], []
    if filt.event:
        wanted = filt.event.strip()
        if wanted.isdigit():
            parts.append("substr(e.cameo, 1, ?) = ?")
            args += [len(wanted), wanted]
        else:
            parts.append("upper(e.plover) = ?")
            args.append(wanted.upper())
    if filt.quad_class is not None:
        parts.append("e.quad_class = ?")
        args.append(filt.quad_class)
    if filt.since:
        parts.append("e.day >= ?")
        args.append(iso(filt.since))
    if filt.until:
        parts.append("e.day <= ?")
        args.append(iso(filt.until))
    if filt.min_confidence is not None:
        parts.append("e.confidence >= ?")
        args.append(filt.min_confidence)
    if filt.sector:
        parts.append("(e.subject_sector = ? OR e.object_sector = ?)")
        args += [filt.sector.upper()] * 2
    return " AND ".join(parts), args


DEEP = 500  # a page this far down a ranking is sliced from the whole ranking (OFFSET would walk the index)
Rankings = dict[tuple, list[tuple]]  # (arms, filter) -> ranking(): the ranked relations, best first


def page(c: Conn, arms: list[Arm], filt: RelationFilter, limit: int, offset: int,
         rankings: Rankings | None = None) -> Page[RelationSummary]:
    """Summaries of the relations the arms select that pass the filter, most (passing) evidence first.

    rankings: whole rankings kept by the caller until the store changes, so a hub's deep pages cost a page.
    """
    arms = with_predicate(c, arms, filt.predicate)
    key = (tuple(arms), filt)
    cached = rankings is not None and key in rankings
    if not scans_evidence(filt) and not cached and (offset < DEEP or rankings is None):
        union, args = _union(arms)
        rows = c.execute(f"{union} ORDER BY evidence_count DESC, id LIMIT ? OFFSET ?", (*args, limit, offset))
        rows = rows.fetchall()
        counts = " + ".join(f"(SELECT count(*) FROM relations WHERE {w})" for w, _ in arms)  # index-only
        total = c.execute(f"SELECT {counts}", args).fetchone()[0]
        return Page(summarize(c, rows, filt), total, limit, offset)
    ranked = rankings.get(key) if rankings is not None else None
    if ranked is None:
        ranked = ranking(c, arms, filt)
        if rankings is not None:
            rankings[key] = ranked
    chosen = ranked[offset:offset + limit]
    if scans_evidence(filt):  # ranked by id only
        by_id = {r[0]: r for r in c.execute(f"SELECT {COLUMNS} FROM relations WHERE id IN "
                                            f"{pick(c, [r[0] for r in chosen])}")}
        chosen = [by_id[r[0]] for r in chosen]
    return Page(summarize(c, chosen, filt), len(ranked), limit, offset)


def ranking(c: Conn, arms: list[Arm], filt: RelationFilter) -> list[tuple]:
    """The relations the arms select that pass the filter, most (passing) evidence first: their rows (COLUMNS,
    read off the covering indexes, so a deep page needs no lookups), or their ids (1-tuples) when the filter
    looks inside the evidence."""
    if not scans_evidence(filt):
        union, args = _union(arms)
        return c.execute(f"{union} ORDER BY evidence_count DESC, id", args).fetchall()
    ids, id_args = _union(arms, "id")
    where, where_args = evidence_where(filt)
    return [(rid,) for rid, _ in c.execute(
        f"SELECT e.relation_id, count(*) AS n FROM evidence e WHERE e.relation_id IN ({ids}) AND {where} "
        "GROUP BY e.relation_id ORDER BY n DESC, e.relation_id", (*id_args, *where_args))]


def summarize(c: Conn, rows: list, filt: RelationFilter) -> list[RelationSummary]:
    """The RelationSummary of each relation row (COLUMNS) over its evidence passing the filter, in row order."""
    if not rows:
        return []
    where, args = evidence_where(filt)
    items: dict[str, list] = {r[0]: [] for r in rows}
    for rid, *ev in c.execute(
            "SELECT e.relation_id, e.cameo, e.plover, e.goldstein, e.quad_class, e.event_label, e.day, e.theme "
            f"FROM evidence e WHERE e.relation_id IN {pick(c, items)} AND {where} "
            "ORDER BY e.relation_id, e.article_seq, e.pos", args).fetchall():
        items[rid].append(ev)
    names = refs(c, {end for r in rows for end in (r[1], r[3])})
    found = []
    for rid, subj, pred, obj, _ in rows:
        agg = _aggregate(items[rid])
        if agg is not None:
            found.append(summaries.from_aggregate(rid, names[subj], pred, names[obj], agg))
    return found


def _aggregate(items: list) -> summaries.Aggregate | None:
    """summaries.aggregate over evidence rows (cameo .. event_label, day, theme)."""
    if not items:
        return None
    events = Counter(tuple(ev[:5]) for ev in items if ev[0] is not None)
    days = [ev[5] for ev in items if ev[5] is not None]
    top = event_from(events.most_common(1)[0][0], 0) if events else None
    return (top, len(items), day(min(days, default=None)), day(max(days, default=None)),
            tuple(sorted({ev[6] for ev in items if ev[6]})))


def _prefixed(columns: str, alias: str) -> str:
    return ", ".join(f"{alias}.{col}" for col in columns.split(", "))


EVIDENCE = (f"SELECT {_prefixed(ARTICLE_COLUMNS, 'a')}, {_prefixed(RELATION_COLUMNS, 'e')} "
            "FROM evidence e JOIN articles a ON a.seq = e.article_seq")
ARTICLE_WIDTH = len(ARTICLE_COLUMNS.split(", "))


def _evidence(row) -> Evidence:
    article = article_from(row[:ARTICLE_WIDTH])
    return Evidence(relation_row(row[ARTICLE_WIDTH:], article.id), article)


def evidence(c: Conn, rid: str, limit: int, offset: int) -> Page[Evidence]:
    """The sentences supporting a relation, newest first (undated last); NotFound for an unknown relation."""
    found = one(c, "SELECT evidence_count FROM relations WHERE id = ?", rid, "relation")
    rows = c.execute(f"{EVIDENCE} WHERE e.relation_id = ? ORDER BY e.day IS NULL, e.day DESC, a.id, e.sentence, "
                     "e.start LIMIT ? OFFSET ?", (rid, limit, offset))
    return Page([_evidence(r) for r in rows], found[0], limit, offset)


def events_between(c: Conn, a: str, b: str, since: date | None, until: date | None) -> list[Evidence]:
    """Every evidence of a relation between a and b, both directions, oldest first (undated last)."""
    require_entity(c, a)
    require_entity(c, b)
    where, args = evidence_where(RelationFilter(since=since, until=until))
    rows = c.execute(f"{EVIDENCE} WHERE e.relation_id IN (SELECT id FROM relations WHERE subject = ? AND object = ? "
                     "UNION SELECT id FROM relations WHERE subject = ? AND object = ?) "
                     f"AND {where} ORDER BY e.day IS NULL, e.day, a.id, e.sentence, e.start", (a, b, b, a, *args))
    return [_evidence(r) for r in rows]


def top_counterparts(c: Conn, eid: str, limit: int) -> list[tuple]:
    """(entity id, evidence shared) of the entities with most evidence shared with this one."""
    union, args = _union(touching(eid), "subject, object, evidence_count")
    return c.execute(f"SELECT CASE WHEN subject = ? THEN object ELSE subject END AS other, sum(evidence_count) AS n "
                     f"FROM ({union}) WHERE other <> ? GROUP BY other ORDER BY n DESC, other LIMIT ?",
                     (eid, *args, eid, limit)).fetchall()


def _any_of(c: Conn, eids: list[str] | None) -> str:
    """A condition on evidence `e`: its relation touches any of the entities (every relation when None)."""
    if eids is None:
        return "1"
    picked = pick(c, eids)
    return (f"e.relation_id IN (SELECT id FROM relations WHERE subject IN {picked} "
            f"UNION SELECT id FROM relations WHERE object IN {picked})")


def period_rows(c: Conn, eids: list[str] | None) -> list[PeriodRow]:
    """(day, goldstein, quad class, how many) over the evidence touching any of the entities (each once), or all."""
    for eid in eids or ():
        require_entity(c, eid)
    return [(day(d), g, q, n) for d, g, q, n in c.execute(
        f"SELECT e.day, e.goldstein, e.quad_class, count(*) FROM evidence e WHERE {_any_of(c, eids)} "
        "AND e.day IS NOT NULL GROUP BY e.day, e.goldstein, e.quad_class")]


def timeline(c: Conn, eid: str | None, bucket) -> list[tuple[date, int]]:
    """Dated evidence per period, oldest period first."""
    if eid is not None:
        require_entity(c, eid)
    where = _any_of(c, None if eid is None else [eid])
    counts: Counter[date] = Counter()
    for d, n in c.execute(f"SELECT e.day, count(*) FROM evidence e WHERE {where} AND e.day IS NOT NULL "
                          "GROUP BY e.day").fetchall():
        counts[summaries.bucket_start(day(d), bucket)] += n
    return sorted(counts.items())


class SqlAdjacency:
    """analytics.Adjacency over the store: a whole BFS layer in one query, off `links` (entity numbers, both
    directions, clustered by node: a node's neighbours are one short index range, named and given their degrees
    by `nodes`), or off the relations, strongest first, when a cap asks for each node's strongest neighbours."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.nums: dict[str, int] = {}  # id -> number and degree of each entity the query met
        self.ids: dict[int, str] = {}
        self.degrees: dict[str, int] = {}

    def neighbours(self, nodes: list[str], cap: int | None = None,
                   among: Collection[str] | None = None) -> dict[str, list[str]]:
        """Each node's distinct neighbours, in no particular order; with cap, at most cap of them, most evidence
        first; with among, only those among these nodes (the last hop of a path search)."""
        if cap is not None:
            return self._strongest(nodes, cap)
        found: dict[str, list[str]] = {n: [] for n in nodes}
        nums = self._numbers(nodes)
        if among is not None:
            ids = self.ids
            for node, nb in self._among(nodes, nums, among):
                found[ids[node]].append(ids[nb])
            return found
        known, ids, degrees = self.nums, self.ids, self.degrees
        for node, nb, name, degree in self.conn.execute(
                "SELECT l.node, l.nb, n.id, n.degree FROM links l JOIN nodes n ON n.num = l.nb "
                f"WHERE l.node IN {_ints(self.conn, nums.values())}"):
            found[ids[node]].append(name)
            known[name], ids[nb], degrees[name] = nb, name, degree
        return found

    def _numbers(self, nodes: Collection[str]) -> dict[str, int]:
        """The numbers of the nodes the store holds (the entities met in rows already, the others looked up)."""
        known = self.nums
        if missing := [n for n in nodes if n not in known]:
            for eid, num, degree in self.conn.execute(
                    f"SELECT id, num, degree FROM nodes WHERE id IN {pick(self.conn, missing)}"):
                known[eid], self.ids[num], self.degrees[eid] = num, eid, degree
        return {n: known[n] for n in nodes if n in known}

    def _among(self, nodes: list[str], nums: dict[str, int], among: Collection[str]) -> list[tuple[int, int]]:
        """(node, neighbour) numbers for each node's neighbours among the given ones: a node with fewer neighbours
        than there are of those reads its own range, a hub looks each of those up beside it instead."""
        c = self.conn
        wanted = _ints(c, self._numbers(among).values(), "wanted")
        limit = 2 * len(among)
        hubs = [nums[n] for n in nums if self.degrees[n] > limit]
        rows = c.execute(f"SELECT node, nb FROM links WHERE node IN {_ints(c, set(nums.values()) - set(hubs))} "
                         f"AND +nb IN {wanted}").fetchall()  # + : walk the node's range, look nb up in the list
        for hub in hubs:
            rows += c.execute(f"SELECT node, nb FROM links WHERE node = ? AND nb IN {wanted}", (hub,)).fetchall()
        return rows

    def _strongest(self, nodes: list[str], cap: int) -> dict[str, list[str]]:
        """Each node's distinct neighbours, most evidence first, at most cap of them."""
        found: dict[str, list[str]] = {n: [] for n in nodes}
        for node, nb in self.conn.execute(
                _pairs(pick(self.conn, nodes)) + ", strongest AS (SELECT node, nb, max(n) AS n FROM pairs "
                "GROUP BY node, nb), ranked AS (SELECT node, nb, row_number() OVER (PARTITION BY node ORDER BY n DESC, "
                "nb) AS k FROM strongest) SELECT node, nb FROM ranked WHERE k <= ? ORDER BY node, k", (cap,)):
            found[node].append(nb)
        return found

    def cost(self, nodes: list[str]) -> int:
        """The nodes' distinct relations (their degrees)."""
        self._numbers(nodes)
        return sum(self.degrees.get(n, 0) for n in nodes)


INLINE = 1000  # a list of up to this many numbers is written into the query, a longer one goes through pick()


def _ints(c: Conn, nums, scratch: str = "picked") -> str:
    """The list of integers for `x IN ...`: inline while short (no scratch table to fill), else a pick()."""
    nums = list(nums)
    if len(nums) > INLINE:
        return pick(c, nums, scratch)
    assert all(type(n) is int for n in nums)
    return f"({', '.join(map(str, nums))})"


def _pairs(front: str) -> str:
    """The CTE `pairs` (node, nb, n): the relations of the nodes the subquery front lists, both directions, with
    their evidence counts."""
    return (f"WITH front (node) AS {front}, pairs AS (SELECT r.subject AS node, r.object AS nb, "
            "r.evidence_count AS n FROM relations r JOIN front f ON r.subject = f.node UNION ALL "
            "SELECT r.object, r.subject, r.evidence_count FROM relations r JOIN front f ON r.object = f.node) ")


def edges_among(c: Conn, nodes: list[str]) -> list:
    """The relation rows (COLUMNS) with both ends among the nodes."""
    picked = pick(c, nodes)
    return c.execute(f"SELECT {COLUMNS} FROM relations WHERE subject IN {picked} AND object IN {picked} "
                     "ORDER BY subject, evidence_count DESC, id").fetchall()


def strongest_between(c: Conn, pairs: list[tuple[str, str]]) -> list:
    """For each pair of entities, the relation row (COLUMNS) with most evidence between them, either direction.

    The pair is looked up by relations_between and the strongest picked here: with an ORDER BY the planner would
    rather walk a hub's whole relations_in range, already in evidence order.
    """
    found = []
    for u, v in pairs:
        rows = c.execute(f"SELECT {COLUMNS} FROM relations INDEXED BY relations_between WHERE subject = ? AND "
                         f"object = ? UNION ALL SELECT {COLUMNS} FROM relations INDEXED BY relations_between "
                         "WHERE subject = ? AND object = ?", (u, v, v, u)).fetchall()
        found.append(min(rows, key=lambda r: (-r[4], r[0])))
    return found

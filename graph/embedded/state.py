"""The embedded store's memory: a networkx MultiDiGraph of aggregated relations plus article and entity indexes.

Nodes are entity ids. Each edge is one aggregated relation (subject, predicate, object), keyed by the predicate,
and carries its evidence grouped by article: `{"rid": relation_id, "ev": {article_id: [Relation, ...]}, "n": count}`.
Grouping by article makes replacing or deleting one article's evidence touch only that article's entries.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from graph.entities import merge_entity
from graph.model import ArticleGraph, Entity, Relation, relation_id


class GraphState:
    """Everything the embedded store knows, kept consistent by apply_upsert and apply_delete."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.articles: dict[str, ArticleGraph] = {}
        self.entities: dict[str, Entity] = {}
        self.entity_articles: dict[str, dict[str, None]] = {}  # entity -> articles naming it, in order
        self.mention_counts: Counter[str] = Counter()
        self.relation_ends: dict[str, tuple[str, str, str]] = {}  # relation id -> (subject, predicate, object)
        self.predicate_counts: Counter[str] = Counter()  # aggregated relations per predicate
        self.evidence_total = 0
        self.last_ingest: str | None = None
        self.version = 0  # bumped on every change, so derived caches know when to rebuild

    def apply_upsert(self, g: ArticleGraph, stamp: str | None = None) -> None:
        """Store an article's graph, replacing whatever that article said before."""
        old = self.articles.get(g.article.id)
        if old is not None:
            self._remove(old, recompute=False)
        self._add(g)
        if old is not None:
            self._recompute_entities(e.id for e in old.entities)
        self._touch(stamp)

    def apply_delete(self, article_id: str, stamp: str | None = None) -> None:
        """Forget an article, its evidence, and relations and entities left with none."""
        old = self.articles.get(article_id)
        if old is not None:
            self._remove(old, recompute=True)
        self._touch(stamp)

    def _touch(self, stamp: str | None) -> None:
        self.version += 1
        if stamp:
            self.last_ingest = stamp

    def _add(self, g: ArticleGraph) -> None:
        aid = g.article.id
        self.articles[aid] = g
        for e in g.entities:
            known = self.entities.get(e.id)
            self.entities[e.id] = e if known is None else merge_entity(known, e)
            self.entity_articles.setdefault(e.id, {})[aid] = None
            if known is None:
                self.graph.add_node(e.id)
        for m in g.mentions:
            self.mention_counts[m.entity_id] += 1
        for r in g.relations:
            self._add_evidence(aid, r)

    def _add_evidence(self, aid: str, r: Relation) -> None:
        pred = r.predicate.upper()
        keydict = self.graph._adj[r.subject].get(r.object)
        data = keydict.get(pred) if keydict else None
        if data is None:
            rid = relation_id(r.subject, pred, r.object)
            self.graph.add_edge(r.subject, r.object, key=pred, rid=rid, ev={}, n=0)
            data = self.graph._adj[r.subject][r.object][pred]
            self.relation_ends[rid] = (r.subject, pred, r.object)
            self.predicate_counts[pred] += 1
        data["ev"].setdefault(aid, []).append(r)
        data["n"] += 1
        self.evidence_total += 1

    def _remove(self, g: ArticleGraph, recompute: bool) -> None:
        aid = g.article.id
        del self.articles[aid]
        for r in g.relations:
            self._remove_evidence(aid, r)
        for m in g.mentions:
            self.mention_counts[m.entity_id] -= 1
            if self.mention_counts[m.entity_id] <= 0:
                del self.mention_counts[m.entity_id]
        for e in g.entities:
            left = self.entity_articles.get(e.id)
            if left is not None:
                left.pop(aid, None)
        if recompute:
            self._recompute_entities(e.id for e in g.entities)

    def _remove_evidence(self, aid: str, r: Relation) -> None:
        pred = r.predicate.upper()
        data = self.graph._adj.get(r.subject, {}).get(r.object, {}).get(pred)
        if data is None or aid not in data["ev"]:
            return  # already removed with an earlier relation of this article
        removed = len(data["ev"].pop(aid))
        data["n"] -= removed
        self.evidence_total -= removed
        if data["n"] <= 0:
            del self.relation_ends[data["rid"]]
            self.graph.remove_edge(r.subject, r.object, key=pred)
            self.predicate_counts[pred] -= 1
            if self.predicate_counts[pred] <= 0:
                del self.predicate_counts[pred]

    def _recompute_entities(self, ids) -> None:
        """Re-merge entities from the articles still naming them; drop those no article names or links."""
        for eid in set(ids):
            sources = self.entity_articles.get(eid) or {}
            if not sources and self.graph.has_node(eid) and self.graph.degree(eid) == 0:
                self.graph.remove_node(eid)
            if not sources:
                self.entity_articles.pop(eid, None)
                if not self.graph.has_node(eid):
                    self.entities.pop(eid, None)
                continue
            merged: Entity | None = None
            for aid in sources:
                for e in self.articles[aid].entities:
                    if e.id == eid:
                        merged = e if merged is None else merge_entity(merged, e)
            if merged is not None:
                self.entities[eid] = merged

"""The embedded store's memory: a networkx MultiDiGraph of aggregated relations plus article and entity indexes.

Nodes are entity ids. Each edge is one aggregated relation (subject, predicate, object), keyed by the predicate,
with data `{"rid": relation_id, "ev": [encoded Relation, ...]}`: its evidence as codec tuples, decoded only when
a query returns it (plus "agg", the unfiltered summary's aggregates, cached by queries and dropped whenever the
evidence changes). Replacing or deleting an article filters its evidence out of the edges its relations touch.
Edges are added through networkx's adjacency dicts directly (`_succ[u][v]` and `_pred[v][u]` share one key dict,
as networkx itself does), because bulk loads spend most of their time here and `add_edge`'s checks cost more than
the rest of the work.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx

from geokg.graph.embedded.codec import StoredArticle
from geokg.graph.entities import merge_entity
from geokg.graph.model import Entity


def fast_relation_id(subject: str, predicate: str, object_: str) -> str:
    """graph.model.relation_id for an upper-case predicate, without its generic argument handling."""
    digest = hashlib.blake2b(f"{subject}\x1f{predicate}\x1f{object_}".encode(), digest_size=8)
    return "r" + digest.hexdigest()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk change.

    A bulk load allocates millions of long-lived, acyclic objects; each allocation burst would otherwise trigger
    collections that traverse the whole (growing) graph, which more than doubled load times. Reference counting
    still frees everything; the collector resumes afterwards. The objects that survive are frozen out of the
    collector's sight: otherwise the next collection of the young generation walks all of them (a second-long
    pause in the middle of some later query).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class GraphState:
    """Everything the embedded store knows, kept consistent by apply_upsert and apply_delete."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.articles: dict[str, StoredArticle] = {}
        self.entities: dict[str, Entity] = {}
        self.entity_articles: dict[str, dict[str, None]] = {}  # entity -> articles naming it, in order
        self.mention_counts: Counter[str] = Counter()
        self.relation_ends: dict[str, tuple[str, str, str]] = {}  # relation id -> (subject, predicate, object)
        self.predicate_counts: Counter[str] = Counter()  # aggregated relations per predicate
        self.evidence_total = 0
        self.last_ingest: str | None = None
        self.version = 0  # bumped on every change, so derived caches know when to rebuild
        # entity -> (direction, predicate filter) -> its edges ranked; dropped when any of its edges changes
        self.ranked: dict[str, dict[tuple[str, str | None], list]] = {}

    def apply_upsert(self, g: StoredArticle, stamp: str | None = None) -> None:
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

    def _add(self, g: StoredArticle) -> None:
        aid = g.article.id
        self.articles[aid] = g
        entities, sources, node = self.entities, self.entity_articles, self.graph._node
        for e in g.entities:
            known = entities.get(e.id)
            if known is None:
                entities[e.id] = e
                sources[e.id] = {aid: None}
                if e.id not in node:
                    self._add_node(e.id)
            else:
                if known is not e and known != e:
                    entities[e.id] = merge_entity(known, e)
                sources[e.id][aid] = None
        self.mention_counts.update(g.mentioned)
        succ, pred = self.graph._succ, self.graph._pred
        for r in g.relations:  # encoded: subject, predicate, object, article id, ...
            subj, p, obj = r[0], r[1].upper(), r[2]
            keydict = succ[subj].get(obj)
            if keydict is None:
                keydict = succ[subj][obj] = pred[obj][subj] = {}
            data = keydict.get(p)
            if data is None:
                rid = fast_relation_id(subj, p, obj)
                data = keydict[p] = {"rid": rid, "ev": []}
                self.relation_ends[rid] = (subj, p, obj)
                self.predicate_counts[p] += 1
            data["ev"].append(r)
            data.pop("agg", None)
            if self.ranked:
                self.ranked.pop(subj, None)
                self.ranked.pop(obj, None)
        self.evidence_total += len(g.relations)

    def _add_node(self, eid: str) -> None:
        self.graph._node[eid] = {}
        self.graph._succ[eid] = {}
        self.graph._pred[eid] = {}

    def _remove(self, g: StoredArticle, recompute: bool) -> None:
        aid = g.article.id
        del self.articles[aid]
        for key in {(r[0], r[1].upper(), r[2]) for r in g.relations}:
            self._remove_evidence(aid, *key)
        for eid in g.mentioned:
            self.mention_counts[eid] -= 1
            if self.mention_counts[eid] <= 0:
                del self.mention_counts[eid]
        for e in g.entities:
            left = self.entity_articles.get(e.id)
            if left is not None:
                left.pop(aid, None)
        if recompute:
            self._recompute_entities(e.id for e in g.entities)

    def _remove_evidence(self, aid: str, subject: str, pred: str, object_: str) -> None:
        keydict = self.graph._succ[subject][object_]
        data = keydict[pred]
        kept = [r for r in data["ev"] if r[3] != aid]
        self.evidence_total -= len(data["ev"]) - len(kept)
        data["ev"] = kept
        data.pop("agg", None)
        self.ranked.pop(subject, None)
        self.ranked.pop(object_, None)
        if kept:
            return
        del self.relation_ends[data["rid"]]
        del keydict[pred]
        if not keydict:
            del self.graph._succ[subject][object_]
            del self.graph._pred[object_][subject]
        self.predicate_counts[pred] -= 1
        if self.predicate_counts[pred] <= 0:
            del self.predicate_counts[pred]

    def _recompute_entities(self, ids) -> None:
        """Re-merge entities from the articles still naming them; drop those no article names or links."""
        for eid in set(ids):
            sources = self.entity_articles.get(eid) or {}
            if not sources:
                self.entity_articles.pop(eid, None)
                self.entities.pop(eid, None)
                if eid in self.graph._node and not self.graph._succ[eid] and not self.graph._pred[eid]:
                    self.graph.remove_node(eid)
                continue
            merged = None
            for aid in sources:
                for e in self.articles[aid].entities:
                    if e.id == eid:
                        merged = e if merged is None else merge_entity(merged, e)
            self.entities[eid] = merged

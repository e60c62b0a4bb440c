"""Helpers shared by the extraction tests: run the real pipeline on a text and look things up by name."""

from __future__ import annotations

from datetime import date

from geokg.graph.model import Article, ArticleGraph, Entity, Relation
from geokg.ingest.extract import extract


def run(nlp, text: str, published: date | None = None) -> ArticleGraph:
    """Extract from one text with the real pipeline."""
    return extract(nlp(text), Article(id="t", published=published))


def entity(graph: ArticleGraph, name: str) -> Entity:
    """The entity with this canonical name (fails the test when absent)."""
    found = [e for e in graph.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in graph.entities]}"
    return found[0]


def names(graph: ArticleGraph) -> set[str]:
    """The canonical names of every entity."""
    return {e.name for e in graph.entities}


def triples(graph: ArticleGraph) -> set[tuple[str, str, str]]:
    """(subject name, predicate, object name) of every relation."""
    by_id = {e.id: e.name for e in graph.entities}
    return {(by_id[r.subject], r.predicate, by_id[r.object]) for r in graph.relations}


def relation(graph: ArticleGraph, subject: str, obj: str) -> Relation:
    """The relation between two named entities (fails the test when absent)."""
    by_id = {e.id: e.name for e in graph.entities}
    found = [r for r in graph.relations if by_id[r.subject] == subject and by_id[r.object] == obj]
    assert found, f"no relation {subject} -> {obj} in {triples(graph)}"
    return found[0]

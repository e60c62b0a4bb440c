"""The embedded store's indexes for big graphs give the same answers as counting the evidence by hand.

A hub's relations are read in evidence order off an index that every write adjusts; filtered pages count the
passing evidence in SQL; names are searched through the FTS5 trigram index. Each test computes the expected
answer from the articles it stored, independently of the store.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from geokg.graph.embedded import EmbeddedStore
from geokg.graph.model import Entity, Event, relation_id
from geokg.graph.store import RelationFilter

from tests.store_samples import article, graph, rel

HUB = Entity("country:USA", "United States", "COUNTRY", ("US",), "USA")
MEET = Event("040", "CONSULT", 1.0, 1)
PROTEST = Event("140", "PROTEST", -6.5, 3)
SPOKES = [Entity(f"person:p{i}", f"Person {i}", "PERSON") for i in range(250)]


def hub_articles(n: int = 40):
    """Articles each relating the hub to a varying set of spokes, so relations carry different evidence counts."""
    graphs = []
    for a in range(n):
        art = article(f"hub-{a}", date(2020, 1 + a % 12, 1 + a % 28))
        spokes = [SPOKES[(a * 7 + k * k) % len(SPOKES)] for k in range(12)]
        rels = tuple(rel(art.id, HUB, "MEET" if k % 2 else "PROTEST", s, k, f"Sentence {k}.",
                         MEET if k % 2 else PROTEST, art.published) for k, s in enumerate(spokes))
        graphs.append(graph(art, (HUB, *{s.id: s for s in spokes}.values()), rels))
    return graphs


def expected_counts(graphs, keep=lambda r: True) -> Counter[str]:
    return Counter(r.id for g in graphs for r in g.relations if keep(r))


def all_pages(store: EmbeddedStore, filt: RelationFilter | None = None, size: int = 50):
    items, offset = [], 0
    while True:
        page = store.relations_of(HUB.id, filt or RelationFilter(), limit=size, offset=offset)
        items += page.items
        offset += size
        if offset >= page.total:
            return items, page.total


@pytest.fixture
def hub_store(data_dir: Path):
    graphs = hub_articles()
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles(graphs)
        yield s, graphs


def test_hub_pages_rank_every_relation_by_its_evidence(hub_store):
    store, graphs = hub_store
    counts = expected_counts(graphs)
    assert len(counts) > 200  # several pages of relations
    items, total = all_pages(store)
    assert total == len(counts) == len(items)
    assert {s.id: s.evidence_count for s in items} == dict(counts)
    assert [s.id for s in items] == sorted(counts, key=lambda rid: (-counts[rid], rid))


def test_a_new_article_reorders_a_hub_and_deleting_it_restores_the_order(hub_store):
    store, graphs = hub_store
    before = store.relations_of(HUB.id, limit=5).items
    last = all_pages(store)[0][-1]
    spoke = next(s for s in SPOKES if s.id == last.object.id)
    art = article("hub-extra", date(2021, 1, 1))
    rels = tuple(rel(art.id, HUB, last.predicate, spoke, k, f"Again {k}.", MEET, None) for k in range(30))
    store.upsert_articles([graph(art, (HUB, spoke), rels)])
    top = store.relations_of(HUB.id, limit=5).items[0]
    assert top.id == last.id and top.evidence_count == last.evidence_count + 30
    assert top.last_date == date(2021, 1, 1)
    store.delete_article("hub-extra")
    assert store.relations_of(HUB.id, limit=5).items == before


def test_filtered_hub_pages_count_only_matching_evidence(hub_store):
    store, graphs = hub_store
    since = date(2020, 6, 1)
    filt = RelationFilter(event="PROTEST", since=since)
    counts = expected_counts(graphs, lambda r: r.event == PROTEST and r.date >= since)
    items, total = all_pages(store, filt)
    assert total == len(counts)
    assert {s.id: s.evidence_count for s in items} == dict(counts)
    assert all(s.first_date >= since and s.event == PROTEST for s in items)
    out_only = store.relations_of(HUB.id, RelationFilter(direction="in"))
    assert out_only.total == 0  # the hub is only ever the subject


@pytest.mark.parametrize("max_hops", [2, 3])
def test_paths_through_a_hub_are_every_shortest_path(hub_store, max_hops: int):
    store, graphs = hub_store
    g = nx.Graph([(r.subject, r.object) for a in graphs for r in a.relations])
    spokes = sorted(n for n in g if n != HUB.id)
    for a, b in zip(spokes[::7], spokes[3::7], strict=False):
        expected = sorted(nx.all_shortest_paths(g, a, b))
        got = [[n.id for n in p.nodes] for p in store.shortest_paths(a, b, max_hops=max_hops, limit=1000)]
        assert sorted(got) == (expected if len(expected[0]) <= max_hops + 1 else []), (a, b)
        first = store.shortest_paths(a, b, max_hops=max_hops, limit=2)
        assert [[n.id for n in p.nodes] for p in first] == got[:2]


def test_a_reopened_store_answers_relation_queries_the_same(data_dir: Path):
    graphs = hub_articles(20)
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles(graphs)
        s.delete_article("hub-3")
        s.upsert_articles([graphs[3]])  # stored again: now the newest article
        pages = all_pages(s)
        top = pages[0][0]
        evidence = s.evidence(top.id, limit=100)
    with EmbeddedStore(data_dir) as s:
        assert all_pages(s) == pages
        assert s.evidence(top.id, limit=100) == evidence
        by_place = lambda r: (r.article_id, r.sentence)  # noqa: E731
        assert sorted((e.relation for e in evidence.items), key=by_place) == sorted(
            (r for g in graphs for r in g.relations if r.id == top.id), key=by_place)
        assert s.article_graph("hub-5") == graphs[5]
        assert top.id == relation_id(HUB.id, top.predicate, top.object.id)


def test_search_among_thousands_of_names_keeps_the_ranking(data_dir: Path):
    people = [Entity(f"person:actor-{i}", f"Actor {i}", "PERSON", (f"A. {i}",)) for i in range(3000)]
    with EmbeddedStore(data_dir) as s:
        for start in range(0, len(people), 500):
            s.upsert_articles([graph(article(f"names-{start}", None), tuple(people[start:start + 500]), ())])
        hits = s.search_entities("actor 12", limit=20)
        names = [e.name.casefold() for e in people]
        assert hits.total == sum("actor 12" in n for n in names)
        assert hits.items[0].entity.name == "Actor 12" and hits.items[0].score == 1.0
        assert [h.entity.name for h in hits.items[1:11]] == [f"Actor {n}" for n in range(120, 130)]  # prefix
        assert s.search_entities("a. 2999").items[0].entity.id == "person:actor-2999"  # an alias
        word = s.search_entities("2999", limit=50)
        assert [h.entity.id for h in word.items] == ["person:actor-2999"] and word.items[0].score < 0.9
        fuzzy = s.search_entities("Actr 2345", limit=3).items
        assert fuzzy[0].entity.id == "person:actor-2345" and fuzzy[0].score < 0.75
        assert s.search_entities("actor 7", type_="COUNTRY").total == 0


def test_deep_pages_of_a_big_hub_follow_every_write_of_any_process(data_dir: Path):
    spokes = [Entity(f"person:s{i}", f"Spoke {i}", "PERSON") for i in range(700)]
    art = article("big-hub", date(2020, 1, 1))
    rels = tuple(rel(art.id, HUB, "MEET", s, k, f"Met {k}.", MEET, art.published)
                 for k, s in enumerate(spokes + spokes[:300]))  # the first 300 spokes have two pieces of evidence
    with EmbeddedStore(data_dir) as s, EmbeddedStore(data_dir) as other:
        s.upsert_articles([graph(art, (HUB, *spokes), rels)])
        deep = s.relations_of(HUB.id, limit=100, offset=600)
        assert deep.total == 700 and len(deep.items) == 100
        expected = sorted(spokes, key=lambda e: (-(2 if int(e.id[8:]) < 300 else 1), relation_id(HUB.id, "MEET", e.id)))
        assert [r.object.id for r in deep.items] == [e.id for e in expected[600:700]]
        last = next(e for e in spokes if e.id == deep.items[-1].object.id)
        extra = article("extra", date(2021, 1, 1))
        again = tuple(rel(extra.id, HUB, "MEET", last, k, f"Again {k}.", MEET, None) for k in range(3))
        other.upsert_articles([graph(extra, (HUB, last), again)])  # another connection: the ranking must change
        assert s.relations_of(HUB.id, limit=1).items[0].object.id == last.id
        assert last.id not in [r.object.id for r in s.relations_of(HUB.id, limit=100, offset=600).items]
        s.delete_article("extra")  # and this connection's own write
        assert s.relations_of(HUB.id, limit=100, offset=600).items == deep.items


def test_deep_pages_stay_right_when_rankings_are_let_go(data_dir: Path, monkeypatch):
    from geokg.graph.embedded import store as store_module

    spokes = [Entity(f"person:s{i}", f"Spoke {i}", "PERSON") for i in range(600)]
    art = article("two-hubs", date(2020, 1, 1))
    rels = tuple(rel(art.id, HUB, "MEET" if k % 3 else "PROTEST", s, k, f"Met {k}.", MEET, art.published)
                 for k, s in enumerate(spokes + spokes[:200]))
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([graph(art, (HUB, *spokes), rels)])
        kinds = [RelationFilter(), RelationFilter(predicate="MEET"), RelationFilter(direction="out")]
        expected = [s.relations_of(HUB.id, f, limit=20, offset=520) for f in kinds]
        monkeypatch.setattr(store_module, "RANKED_ROWS", 100)  # less than one ranking: each is let go for the next
        for _ in range(2):
            assert [s.relations_of(HUB.id, f, limit=20, offset=520) for f in kinds] == expected

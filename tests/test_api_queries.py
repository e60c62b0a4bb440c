"""The read endpoints an analyst queries, on a real embedded store filled from small article graphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.settings import Settings
from geokg.graph.embedded import EmbeddedStore
from geokg.graph.model import Article, ArticleGraph, Entity, Event, Relation, relation_id

ZARIF = Entity("person:mohammad-javad-zarif", "Mohammad Javad Zarif", "PERSON", aliases=("Zarif", "Javad Zarif"),
               roles=("Foreign Minister",), affiliations=("country:IRN",))
TILLERSON = Entity("person:rex-tillerson", "Rex Tillerson", "PERSON", aliases=("Tillerson",),
                   roles=("Secretary of State",), affiliations=("country:USA",))
IRAN = Entity("country:IRN", "Iran", "COUNTRY", aliases=("Tehran", "Islamic Republic of Iran"), iso="IRN")
USA = Entity("country:USA", "United States", "COUNTRY", aliases=("US", "Washington"), iso="USA")
BRITAIN = Entity("country:GBR", "United Kingdom", "COUNTRY", aliases=("Britain",), iso="GBR")
OPEC = Entity("organization:opec", "OPEC", "ORGANIZATION")

CONSULT = Event("040", "CONSULT", 1.0, 1, "Consult")
SANCTION = Event("163", "SANCTION", -8.0, 4, "Impose embargo, boycott, or sanctions")
ACCUSE = Event("112", "ACCUSE", -2.0, 3, "Accuse")
SUPPORT = Event("051", "SUPPORT", 3.4, 1, "Praise or endorse")


def article_graph(aid: str, day: date, entities: tuple[Entity, ...],
                  triples: list[tuple[Entity, str, Entity, Event, str]]) -> ArticleGraph:
    """One article whose i-th sentence is the i-th (subject, predicate, object) triple."""
    relations, offset = [], 0
    for i, (s, p, o, ev, text) in enumerate(triples):
        relations.append(Relation(s.id, p, o.id, aid, i, offset, offset + len(text), text, event=ev, date=day,
                                  verb_phrase=p.lower(), confidence=0.8))
        offset += len(text) + 1
    article = Article(aid, title=f"Article {aid}", url=f"https://example.org/{aid}", source="Example News",
                      published=day, content_hash=aid * 4)
    return ArticleGraph(article, entities=entities, relations=tuple(relations), sentences=len(triples))


def fixture_graphs() -> list[ArticleGraph]:
    """Three articles: Zarif meets Tillerson, US sanctions on Iran twice, Iran accuses the US, Britain backs Iran."""
    return [
        article_graph("a1", date(2017, 9, 20), (ZARIF, TILLERSON, IRAN, USA, OPEC), [
            (ZARIF, "MEET", TILLERSON, CONSULT, "Zarif met Tillerson in New York."),
            (USA, "IMPOSE", IRAN, SANCTION, "The US imposed sanctions on Iran."),
        ]),
        article_graph("a2", date(2017, 10, 9), (ZARIF, IRAN, USA), [
            (USA, "IMPOSE", IRAN, SANCTION, "Washington imposed fresh sanctions on Iran."),
            (IRAN, "ACCUSE", USA, ACCUSE, "Iran accused the US of violating the deal."),
            (ZARIF, "ACCUSE", USA, ACCUSE, "Zarif accused Washington of bad faith."),
        ]),
        article_graph("a3", date(2017, 11, 2), (BRITAIN, IRAN), [
            (BRITAIN, "SUPPORT", IRAN, SUPPORT, "Britain backed the deal with Iran."),
        ]),
    ]


def open_embedded(data_dir: Path):
    """A real embedded store in data_dir."""
    from geokg.graph.open import open_store

    return open_store("embedded", data_dir)


def client_over(graphs: list[ArticleGraph], data_dir: Path):
    """A TestClient over a fresh embedded store in data_dir holding the graphs; the store closes after."""
    store = open_embedded(data_dir)
    store.upsert_articles(graphs)
    try:
        with TestClient(create_app(Settings(data_dir=data_dir), store=store)) as c:
            yield c
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    """A TestClient over a store holding the fixture graphs (read-only tests share it)."""
    yield from client_over(fixture_graphs(), tmp_path_factory.mktemp("api-queries"))


def ok(response) -> dict | list:
    """The JSON of a 200 response (the problem detail in the failure message otherwise)."""
    assert response.status_code == 200, response.text
    return response.json()


def test_health_says_store_reachable_and_pipeline_not_loaded(client):
    body = ok(client.get("/health"))
    assert body == {"status": "ok", "store": "embedded", "store_reachable": True, "pipeline_loaded": False}


def test_stats_counts_what_was_stored(client):
    body = ok(client.get("/stats"))
    assert (body["articles"], body["entities"], body["evidence"]) == (3, 6, 6)
    assert body["relations"] == 5  # US IMPOSE Iran is one relation with two pieces of evidence
    assert body["entities_by_type"] == {"PERSON": 2, "COUNTRY": 3, "ORGANIZATION": 1}
    assert body["newest_article"] == "2017-11-02"


@pytest.mark.parametrize("q", ["Zarif", "zarif", "Javad Zarif", "Mohammad Javad Zarif", "Zarf"])
def test_entity_search_finds_zarif_by_name_alias_or_typo(client, q):
    body = ok(client.get("/entities", params={"q": q}))
    assert body["items"] and body["items"][0]["entity"]["id"] == ZARIF.id
    assert body["total"] >= 1


def test_entity_search_filters_by_type_and_pages(client):
    people = ok(client.get("/entities", params={"q": "Zarif", "type": "PERSON"}))
    assert people["items"][0]["entity"]["id"] == ZARIF.id
    countries = ok(client.get("/entities", params={"q": "Zarif", "type": "COUNTRY"}))
    assert ZARIF.id not in {h["entity"]["id"] for h in countries["items"]}
    assert all(h["entity"]["type"] == "COUNTRY" for h in countries["items"])
    first = ok(client.get("/entities", params={"q": "United", "limit": 1}))
    assert len(first["items"]) <= 1 and first["limit"] == 1


def test_entity_detail_has_degree_dates_and_counterparts(client):
    body = ok(client.get(f"/entities/{ZARIF.id}"))
    assert body["name"] == "Mohammad Javad Zarif" and body["type"] == "PERSON"
    assert set(body["aliases"]) >= {"Zarif"} and body["affiliations"] == ["country:IRN"]
    assert body["degree"] == 2
    assert (body["first_seen"], body["last_seen"]) == ("2017-09-20", "2017-10-09")
    assert {c["entity"]["id"] for c in body["top_counterparts"]} == {TILLERSON.id, USA.id}


def test_entity_by_exact_name_resolves_to_its_id(client):
    assert ok(client.get("/entities/Rex Tillerson"))["id"] == TILLERSON.id


def test_entity_relations_include_tillerson_and_filter(client):
    body = ok(client.get(f"/entities/{ZARIF.id}/relations"))
    assert body["total"] == 2
    met = next(r for r in body["items"] if r["object"]["id"] == TILLERSON.id)
    assert met["predicate"] == "MEET" and met["event"]["plover"] == "CONSULT"
    out = ok(client.get(f"/entities/{ZARIF.id}/relations", params={"direction": "in"}))
    assert out["total"] == 0
    conflict = ok(client.get(f"/entities/{ZARIF.id}/relations", params={"quad_class": 3}))
    assert [r["object"]["id"] for r in conflict["items"]] == [USA.id]
    late = ok(client.get(f"/entities/{ZARIF.id}/relations", params={"since": "2017-10-01"}))
    assert [r["predicate"] for r in late["items"]] == ["ACCUSE"]


def test_triple_pattern_accepts_names_and_ids(client):
    body = ok(client.get("/relations", params={"subject": "Washington", "object": IRAN.id}))
    assert body["total"] == 1
    rel = body["items"][0]
    assert rel["id"] == relation_id(USA.id, "IMPOSE", IRAN.id) and rel["evidence_count"] == 2
    assert (rel["first_date"], rel["last_date"]) == ("2017-09-20", "2017-10-09")
    by_event = ok(client.get("/relations", params={"event": "ACCUSE"}))
    assert {r["subject"]["id"] for r in by_event["items"]} == {IRAN.id, ZARIF.id}
    assert ok(client.get("/relations", params={"predicate": "support"}))["total"] == 1


def test_evidence_lists_sentences_with_their_articles(client):
    rid = relation_id(USA.id, "IMPOSE", IRAN.id)
    body = ok(client.get(f"/relations/{rid}/evidence"))
    assert body["total"] == 2
    assert {e["article"]["id"] for e in body["items"]} == {"a1", "a2"}
    assert "Washington imposed fresh sanctions on Iran." in {e["text"] for e in body["items"]}


def test_dyad_has_both_directions_and_monthly_goldstein(client):
    body = ok(client.get("/dyads", params={"a": "Iran", "b": "United States"}))
    assert body["events"]["total"] == 3
    assert {e["subject"] for e in body["events"]["items"]} == {USA.id, IRAN.id}
    months = {m["month"]: m for m in body["months"]}
    assert months["2017-09"]["events"] == 1 and months["2017-09"]["goldstein_mean"] == -8.0
    assert months["2017-10"]["events"] == 2 and months["2017-10"]["goldstein_mean"] == -5.0
    page = ok(client.get("/dyads", params={"a": "Iran", "b": "United States", "limit": 1, "offset": 2}))
    assert len(page["events"]["items"]) == 1 and page["events"]["total"] == 3


def test_shortest_path_from_tillerson_to_britain_is_a_page(client):
    body = ok(client.get("/paths", params={"from": TILLERSON.id, "to": "Britain"}))
    assert body["total"] >= 1 and body["items"], "a path should exist"
    ids = [n["id"] for n in body["items"][0]["nodes"]]
    assert ids[0] == TILLERSON.id and ids[-1] == BRITAIN.id
    assert body["items"][0]["hops"] == len(ids) - 1 == 4
    none = ok(client.get("/paths", params={"from": TILLERSON.id, "to": "Britain", "max_hops": 2}))
    assert none["items"] == [] and none["total"] == 0
    past_the_end = ok(client.get("/paths", params={"from": TILLERSON.id, "to": "Britain", "offset": body["total"]}))
    assert past_the_end["items"] == [] and past_the_end["total"] == body["total"]


def test_subgraph_is_capped(client):
    body = ok(client.get("/subgraph", params={"center": IRAN.id, "hops": 1}))
    assert {n["id"] for n in body["nodes"]} == {IRAN.id, USA.id, BRITAIN.id}
    assert not body["truncated"]
    capped = ok(client.get("/subgraph", params={"center": IRAN.id, "hops": 2, "limit": 2}))
    assert len(capped["nodes"]) == 2 and capped["truncated"]


def test_timeline_by_month_for_one_entity_and_all(client):
    body = ok(client.get("/timeline", params={"entity": "Zarif", "bucket": "month"}))
    assert body["entity"]["id"] == ZARIF.id
    assert [(p["period"], p["count"]) for p in body["points"]] == [("2017-09-01", 1), ("2017-10-01", 1)]
    everything = ok(client.get("/timeline"))
    assert sum(p["count"] for p in everything["points"]) == 6


def test_articles_list_newest_first_and_detail(client):
    body = ok(client.get("/articles"))
    assert [a["id"] for a in body["items"]] == ["a3", "a2", "a1"] and body["total"] == 3
    detail = ok(client.get("/articles/a2"))
    assert detail["article"]["published"] == "2017-10-09"
    assert len(detail["relations"]) == 3 and {e["id"] for e in detail["entities"]} == {ZARIF.id, IRAN.id, USA.id}


def test_cypher_is_off_unless_enabled(client):
    r = client.post("/cypher", json={"query": "MATCH (n) RETURN n LIMIT 1"})
    assert r.status_code == 403 and "KG_CYPHER_ENABLED" in r.json()["detail"]


def test_cypher_on_the_embedded_store_is_a_404_saying_why(tmp_path: Path):
    store = EmbeddedStore(tmp_path)
    settings = Settings(data_dir=tmp_path, cypher_enabled=True, cypher_key="cypher-key")
    with TestClient(create_app(settings, store=store)) as c:
        r = c.post("/cypher", json={"query": "MATCH (n) RETURN n LIMIT 1"}, headers={"X-Cypher-Key": "cypher-key"})
    store.close()
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert "Neo4j store" in r.json()["detail"]

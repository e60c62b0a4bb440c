"""Search that finds what people type, listing by degree, and the country roll-up, over the HTTP API."""

from __future__ import annotations

from datetime import date

import pytest
from geokg.graph.model import Entity, Event, relation_id
from tests.test_api_queries import ZARIF, article_graph, client_over, ok

# Named as the gazetteer names them: the United Kingdom is "Britain", and no article here says "UK".
BRITAIN = Entity("country:GBR", "Britain", "COUNTRY", aliases=("British",), iso="GBR")
UKRAINE = Entity("country:UKR", "Ukraine", "COUNTRY", iso="UKR")
RUSSIA = Entity("country:RUS", "Russia", "COUNTRY", aliases=("Moscow",), iso="RUS")
ISRAEL = Entity("country:ISR", "Israel", "COUNTRY", iso="ISR")
SYRIA = Entity("country:SYR", "Syria", "COUNTRY", iso="SYR")
IDF = Entity("organization:israel-defense-forces", "Israel Defense Forces", "ORGANIZATION", aliases=("IDF",),
             affiliations=("country:ISR",))
NETANYAHU = Entity("person:benjamin-netanyahu", "Benjamin Netanyahu", "PERSON", aliases=("Netanyahu",),
                   affiliations=("country:ISR",))
DAMASCUS = Entity("location:damascus", "Damascus", "LOCATION", affiliations=("country:SYR",))
SUMY = Entity("location:sumy", "Sumy", "LOCATION", affiliations=("country:UKR",))
UNITS = Entity("organization:its-units", "Integrated Transport Services", "ORGANIZATION")

STRIKE = Event("195", "ATTACK", -10.0, 4, "Employ aerial weapons")
THREATEN = Event("138", "THREATEN", -7.0, 3, "Threaten with military force")
MEET = Event("040", "CONSULT", 1.0, 1, "Consult")


def graphs():
    """An IDF strike near Damascus, a Russian strike on Sumy, talks in London, Netanyahu threatening Syria."""
    return [
        article_graph("s1", date(2024, 4, 1), (IDF, DAMASCUS, NETANYAHU, SYRIA, ISRAEL), [
            (IDF, "STRIKE", DAMASCUS, STRIKE, "The IDF struck near Damascus."),
            (NETANYAHU, "THREATEN", SYRIA, THREATEN, "Netanyahu threatened Syria."),
        ]),
        article_graph("s2", date(2024, 5, 3), (RUSSIA, SUMY, UKRAINE, BRITAIN), [
            (RUSSIA, "STRIKE", SUMY, STRIKE, "Russia struck Sumy overnight."),
            (BRITAIN, "MEET", UKRAINE, MEET, "Britain met Ukraine's envoy."),
        ]),
        article_graph("s3", date(2024, 5, 20), (ZARIF, BRITAIN, UNITS), [
            (ZARIF, "MEET", BRITAIN, MEET, "Zarif met British officials."),
            (UNITS, "MEET", BRITAIN, MEET, "Integrated Transport Services met British officials."),
        ]),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    """A TestClient over the graphs above (read-only tests share it)."""
    yield from client_over(graphs(), tmp_path_factory.mktemp("search-rollup"))


def names(client, **params) -> list[str]:
    return [h["entity"]["name"] for h in ok(client.get("/entities", params=params))["items"]]


@pytest.mark.parametrize(("q", "first"), [
    ("UK", "Britain"),  # a common abbreviation beats the prefix of Ukraine
    ("U.K.", "Britain"),
    ("United Kingdom", "Britain"),  # another name of the country, though no article used it
    ("GB", "Britain"),  # ISO 3166 alpha-2
    ("gbr", "Britain"),  # alpha-3, any case
    ("ukr", "Ukraine"),  # prefix
    ("Netanyahu", "Benjamin Netanyahu"),  # alias
    ("Benj", "Benjamin Netanyahu"),  # prefix of the name
    ("Defense", "Israel Defense Forces"),  # prefix of a word in the name
    ("Damscus", "Damascus"),  # a misspelling: fuzzy
    ("IDF", "Israel Defense Forces"),
])
def test_search_puts_what_was_meant_first(client, q, first):
    assert names(client, q=q)[0] == first


@pytest.mark.parametrize("q", ["its", "ael", "zzzz", "ngdom"])
def test_search_finds_nothing_for_letters_inside_words(client, q):
    body = ok(client.get("/entities", params={"q": q}))
    assert body["items"] == [] and body["total"] == 0


def test_uk_lists_britain_then_ukraine(client):
    assert names(client, q="UK")[:2] == ["Britain", "Ukraine"]


def test_dyads_accept_an_abbreviation(client):
    body = ok(client.get("/dyads", params={"a": "UK", "b": "Ukraine"}))
    assert body["a"]["id"] == "country:GBR" and body["events"]["total"] == 1


def test_entities_without_q_are_listed_by_degree_and_filtered_by_type(client):
    body = ok(client.get("/entities", params={"limit": 3}))
    assert body["total"] == 11
    assert body["items"][0]["entity"]["name"] == "Britain" and body["items"][0]["degree"] == 3
    degrees = [h["degree"] for h in ok(client.get("/entities", params={"limit": 50}))["items"]]
    assert degrees == sorted(degrees, reverse=True)
    people = ok(client.get("/entities", params={"type": "PERSON"}))
    assert {h["entity"]["name"] for h in people["items"]} == {"Benjamin Netanyahu", "Mohammad Javad Zarif"}
    assert people["total"] == 2


@pytest.mark.parametrize(("a", "b", "plain", "rolled"), [
    ("Israel", "Syria", 0, 2),  # the IDF strike near Damascus and Netanyahu's threat count for Israel/Syria
    ("Russia", "Ukraine", 0, 1),  # the strike on Sumy
    ("Britain", "Ukraine", 1, 1),  # country to country: the same either way
    ("IDF", "Damascus", 1, 1),  # not countries: nothing to roll up to, the entities themselves
])
def test_dyads_roll_members_up_to_their_country(client, a, b, plain, rolled):
    assert ok(client.get("/dyads", params={"a": a, "b": b}))["events"]["total"] == plain
    body = ok(client.get("/dyads", params={"a": a, "b": b, "rollup": "country"}))
    assert body["events"]["total"] == rolled
    assert sum(m["events"] for m in body["months"]) == rolled


def test_rolled_up_relations_name_their_parts(client):
    rels = ok(client.get("/entities/Israel/relations", params={"rollup": "country"}))["items"]
    strike = next(r for r in rels if r["predicate"] == "STRIKE")
    assert (strike["subject"]["id"], strike["object"]["id"]) == ("country:ISR", "country:SYR")
    assert strike["parts"] == [relation_id(IDF.id, "STRIKE", DAMASCUS.id)]
    evidence = ok(client.get(f"/relations/{strike['parts'][0]}/evidence"))["items"]
    assert evidence[0]["text"] == "The IDF struck near Damascus."
    assert ok(client.get("/entities/Israel/relations"))["total"] == 0
    found = ok(client.get("/relations", params={"subject": "Russia", "object": "Ukraine", "rollup": "country"}))
    assert [r["predicate"] for r in found["items"]] == ["STRIKE"]


def test_timeline_has_goldstein_mean_and_quad_counts(client):
    body = ok(client.get("/timeline", params={"entity": "Israel", "rollup": "country"}))
    assert [(p["period"], p["count"], p["goldstein_mean"], p["by_quad_class"]) for p in body["points"]] == [
        ("2024-04-01", 2, -8.5, {"3": 1, "4": 1})]
    assert ok(client.get("/timeline", params={"entity": "Israel"}))["points"] == []
    everything = ok(client.get("/timeline"))["points"]
    assert [(p["period"], p["count"]) for p in everything] == [("2024-04-01", 2), ("2024-05-01", 4)]
    assert everything[1]["goldstein_mean"] == round((-10 + 1 + 1 + 1) / 4, 3)


@pytest.mark.parametrize(("min_confidence", "total"), [(None, 3), (0.8, 3), (0.81, 0)])
def test_relations_keep_only_evidence_at_least_as_confident_as_asked(client, min_confidence, total):
    params = {"min_confidence": min_confidence} if min_confidence is not None else {}
    assert ok(client.get("/entities/Britain/relations", params=params))["total"] == total  # all evidence is 0.8

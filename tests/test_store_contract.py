"""The GraphStore contract: every store passes these, the embedded one and Neo4j (the session's test server)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geokg.graph.errors import InvalidInput, NotFound
from geokg.graph.model import Entity, relation_id
from geokg.graph.open import open_store
from geokg.graph.store import RelationFilter
from tests.store_samples import (
    CRITICIZE,
    EU,
    IRN,
    JCPOA,
    TILLERSON,
    USA,
    ZARIF,
    article,
    graph,
    meeting,
    rel,
    sanctions,
    sectored_meeting,
)

@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty store of each kind."""
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
        return
    s = open_store("embedded", tmp_path / "data")
    yield s
    s.close()


def statuses(results) -> list[str]:
    return [r.status for r in results]


def test_upsert_is_idempotent_and_reports_what_it_did(store):
    assert statuses(store.upsert_articles([meeting(), sanctions()])) == ["created", "created"]
    before = store.counts()
    assert statuses(store.upsert_articles([meeting(), sanctions()])) == ["unchanged", "unchanged"]
    assert statuses(store.upsert_articles([sanctions(content="v2")])) == ["updated"]
    after = store.counts()
    assert (after.articles, after.entities, after.relations, after.evidence) == (2, 5, 4, 4)
    assert (before.articles, before.relations, before.evidence) == (after.articles, after.relations, after.evidence)


def test_changed_article_replaces_only_its_own_evidence(store):
    store.upsert_articles([meeting(), sanctions()])
    # the second version of the meeting article drops the criticism and adds a second meeting sentence
    m2 = meeting(content="v2")
    day = m2.article.published
    rels = (m2.relations[0], rel(m2.article.id, ZARIF, "MEET", TILLERSON, 3, "They met again.", day=day))
    store.upsert_articles([graph(m2.article, (ZARIF, TILLERSON), rels)])
    met = relation_id(ZARIF.id, "MEET", TILLERSON.id)
    assert store.evidence(met).total == 2
    with pytest.raises(NotFound):
        store.evidence(relation_id(USA.id, "CRITICIZE", IRN.id))
    imposed = relation_id(USA.id, "IMPOSE", IRN.id)
    assert [e.relation.text for e in store.evidence(imposed).items] == ["The US imposed sanctions on Iran."]
    assert store.get_entity(USA.id).article_count == 1


def test_delete_removes_evidence_and_orphans_only(store):
    store.upsert_articles([meeting(), sanctions()])
    store.delete_article("zarif-meets-tillerson")
    with pytest.raises(NotFound):
        store.get_entity(ZARIF.id)
    with pytest.raises(NotFound):
        store.get_article("zarif-meets-tillerson")
    assert store.get_entity(USA.id).article_count == 1  # still named by the sanctions article
    c = store.counts()
    assert (c.articles, c.entities, c.relations, c.evidence) == (1, 3, 2, 2)
    with pytest.raises(NotFound, match="no-such-article"):
        store.delete_article("no-such-article")


def test_entities_merge_across_articles(store):
    zarif2 = replace(ZARIF, name="Javad Zarif", aliases=("FM Zarif",), roles=("negotiator",),
                     affiliations=("organization:government-of-iran",))
    a = article("zarif-in-vienna", date(2015, 7, 14))
    g2 = graph(a, (zarif2, JCPOA), (rel(a.id, zarif2, "SIGN", JCPOA, 0, "Zarif signed the JCPOA."),))
    store.upsert_articles([meeting(), g2])
    rec = store.get_entity(ZARIF.id)
    e = rec.entity
    assert e.name == "Mohammad Javad Zarif"
    assert e.aliases == ("Zarif", "Javad Zarif", "FM Zarif")  # in the order the articles were stored
    assert e.roles == ("foreign minister", "negotiator")
    assert e.affiliations == ("country:IRN", "organization:government-of-iran")
    assert [h.entity.id for h in store.search_entities("FM Zarif").items] == [ZARIF.id]  # the added alias
    assert (rec.article_count, rec.degree) == (2, 2)
    assert (rec.first_seen, rec.last_seen) == (date(2015, 7, 14), date(2017, 9, 20))
    assert rec.mention_count == 2


def test_unknown_ids_are_not_found(store):
    store.upsert_articles([meeting()])
    for call in (lambda: store.get_entity("person:nobody"), lambda: store.relations_of("person:nobody"),
                 lambda: store.evidence("r0000000000000000"), lambda: store.article_graph("nope"),
                 lambda: store.neighbourhood("person:nobody"), lambda: store.shortest_paths(ZARIF.id, "x:y")):
        with pytest.raises(NotFound):
            call()


def test_relation_referring_to_an_undefined_entity_is_rejected(store):
    a = article("broken", date(2020, 1, 1))
    g = graph(a, (USA,), (rel(a.id, USA, "IMPOSE", IRN, 0, "The US imposed sanctions on Iran."),))
    with pytest.raises(InvalidInput, match="country:IRN"):
        store.upsert_articles([g])
    assert store.counts().articles == 0


def test_search_ranks_exact_prefix_substring_fuzzy(store):
    store.upsert_articles([meeting(), sanctions()])
    assert [h.entity.id for h in store.search_entities("zarif").items] == [ZARIF.id]  # alias, any case
    hits = store.search_entities("united").items
    assert hits[0].entity.id == USA.id and hits[0].score < 1.0
    assert store.search_entities("u.s.").items[0].score == 1.0
    assert store.search_entities("Tilerson").items[0].entity.id == TILLERSON.id  # misspelt: fuzzy
    assert store.search_entities("union", type_="COUNTRY").total == 0
    assert store.search_entities("union", type_="ORGANIZATION").items[0].entity.id == EU.id
    ranked = store.search_entities("i", limit=10).items
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)


@pytest.mark.parametrize(("filt", "expected"), [
    (RelationFilter(), {"IMPOSE", "CRITICIZE", "CRITICIZE<"}),
    (RelationFilter(direction="out"), {"IMPOSE", "CRITICIZE"}),
    (RelationFilter(direction="in"), {"CRITICIZE<"}),
    (RelationFilter(predicate="IMPOSE"), {"IMPOSE"}),
    (RelationFilter(predicate="imposed"), {"IMPOSE"}),
    (RelationFilter(event="16"), {"IMPOSE"}),
    (RelationFilter(event="SANCTION"), {"IMPOSE"}),
    (RelationFilter(event="disapprove"), {"CRITICIZE", "CRITICIZE<"}),
    (RelationFilter(quad_class=4), {"IMPOSE"}),
    (RelationFilter(since=date(2018, 1, 1)), {"IMPOSE", "CRITICIZE<"}),
    (RelationFilter(until=date(2017, 12, 31)), {"CRITICIZE"}),
])
def test_relations_of_filters(store, filt, expected):
    store.upsert_articles([meeting(), sanctions()])
    page = store.relations_of(USA.id, filt)
    got = {s.predicate + ("<" if s.object.id == USA.id else "") for s in page.items}
    assert got == expected
    assert page.total == len(expected)


def test_relation_summary_reads_as_written(store):
    store.upsert_articles([sanctions()])
    (s,) = store.find_relations(USA.id, IRN.id).items
    assert (s.subject.name, s.type, s.object.name, s.predicate) == ("United States", "IMPOSED", "Iran", "IMPOSE")
    assert s.id == relation_id(USA.id, "IMPOSE", IRN.id)
    assert s.event.cameo == "163" and s.themes == ("sanctions",)
    assert store.find_relations(object_=USA.id).items[0].subject.id == EU.id
    assert store.find_relations(filt=RelationFilter(predicate="CRITICIZED")).total == 1


def test_evidence_newest_first_and_paged(store):
    later = sanctions("us-sanctions-iran-again", date(2019, 4, 8))
    store.upsert_articles([sanctions(), later])
    page = store.evidence(relation_id(USA.id, "IMPOSE", IRN.id), limit=1)
    assert page.total == 2
    assert page.items[0].article.id == "us-sanctions-iran-again"
    assert page.items[0].relation.text == "The US imposed sanctions on Iran."
    assert store.evidence(relation_id(USA.id, "IMPOSE", IRN.id), limit=1, offset=1).items[0].article.published \
        == date(2018, 5, 8)


def test_events_between_both_directions_oldest_first(store):
    store.upsert_articles([sanctions(), meeting()])
    texts = [e.relation.text for e in store.events_between(IRN.id, USA.id)]
    assert texts == ["The US criticised Iran's missile tests.", "The US imposed sanctions on Iran."]
    assert len(store.events_between(USA.id, IRN.id, since=date(2018, 1, 1))) == 1
    assert store.events_between(EU.id, IRN.id) == []


def test_paths_and_neighbourhood(store):
    store.upsert_articles([meeting(), sanctions()])
    (path,) = store.shortest_paths(EU.id, IRN.id)
    assert [n.id for n in path.nodes] == [EU.id, USA.id, IRN.id]
    assert len(path.relations) == 2
    assert store.shortest_paths(EU.id, IRN.id, max_hops=1) == []
    assert store.shortest_paths(ZARIF.id, IRN.id) == []  # different components
    sub = store.neighbourhood(USA.id, hops=1)
    assert {n.id for n in sub.nodes} == {USA.id, IRN.id, EU.id} and not sub.truncated
    assert len(sub.edges) == 3
    capped = store.neighbourhood(USA.id, hops=2, limit=2)
    assert len(capped.nodes) == 2 and capped.truncated


def test_every_shortest_path_with_the_strongest_relation_of_each_hop(store):
    day, aid = date(2018, 6, 1), "iran-answers"
    rels = (rel(aid, IRN, "CRITICIZE", USA, 0, "Iran criticised the US.", CRITICIZE, day),
            rel(aid, IRN, "CRITICIZE", USA, 1, "Iran criticised the US again.", CRITICIZE, day),
            rel(aid, EU, "SUPPORT", JCPOA, 2, "The EU backed the deal.", day=day),
            rel(aid, IRN, "SUPPORT", JCPOA, 3, "Iran backed the deal.", day=day))
    store.upsert_articles([meeting(), sanctions(), graph(article(aid, day), (IRN, USA, EU, JCPOA), rels)])
    paths = store.shortest_paths(EU.id, IRN.id)
    assert [[n.id for n in p.nodes] for p in paths] == [[EU.id, JCPOA.id, IRN.id], [EU.id, USA.id, IRN.id]]
    usa_iran = paths[1].relations[1]  # against the path's direction, and more evidence than IMPOSE or CRITICIZE
    assert (usa_iran.subject.id, usa_iran.predicate, usa_iran.object.id, usa_iran.evidence_count) == (
        IRN.id, "CRITICIZE", USA.id, 2)
    assert [r.predicate for r in paths[0].relations] == ["SUPPORT", "SUPPORT"]
    assert [[n.name for n in p.nodes] for p in store.shortest_paths(EU.id, EU.id)] == [["European Union"]]
    assert store.shortest_paths(EU.id, IRN.id, limit=1) == paths[:1]


def test_timeline_centrality_counterparts_and_articles(store):
    store.upsert_articles([meeting(), sanctions()])
    assert store.timeline(None, "month") == [(date(2017, 9, 1), 2), (date(2018, 5, 1), 2)]
    assert store.timeline(USA.id, "week") == [(date(2017, 9, 18), 1), (date(2018, 5, 7), 2)]
    assert store.centrality(1)[0][0].id == USA.id
    assert store.top_counterparts(USA.id)[0] == (store.top_counterparts(USA.id)[0][0], 2)
    assert store.top_counterparts(USA.id)[0][0].id == IRN.id
    assert [a.id for a in store.list_articles().items] == ["us-sanctions-iran", "zarif-meets-tillerson"]
    assert store.article_graph("us-sanctions-iran") == sanctions()
    c = store.counts()
    assert c.entities_by_type == {"PERSON": 2, "COUNTRY": 2, "ORGANIZATION": 1}
    assert c.relations_by_predicate == {"MEET": 1, "CRITICIZE": 2, "IMPOSE": 1}
    assert c.newest_article == date(2018, 5, 8) and c.last_ingest


def test_criticize_event_kept_on_summary(store):
    store.upsert_articles([meeting()])
    (s,) = store.relations_of(IRN.id).items
    assert s.event == CRITICIZE and s.evidence_count == 1


def test_search_order_is_exact_then_prefix_then_substring_then_fuzzy(store):
    from geokg.graph.model import Entity

    names = {"country:IRN": ("Iran", "COUNTRY"), "group:iranian-guard": ("Iranian Guard", "GROUP"),
             "organization:bank-of-iran": ("Central Bank of Iran", "ORGANIZATION"),
             "country:IRQ": ("Irak", "COUNTRY"), "country:FRA": ("France", "COUNTRY")}
    ents = tuple(Entity(eid, name, t) for eid, (name, t) in names.items())
    a = article("names", date(2020, 1, 1))
    store.upsert_articles([graph(a, ents, ())])
    hits = store.search_entities("IRAN").items
    assert [h.entity.id for h in hits] == ["country:IRN", "group:iranian-guard", "organization:bank-of-iran",
                                           "country:IRQ"]
    assert hits[0].score == 1.0 and hits[1].score > hits[2].score > hits[3].score


def test_list_entities_by_degree_then_id_filtered_by_type_and_paged(store):
    store.upsert_articles([meeting(), sanctions()])
    listed = store.list_entities()
    assert [(r.entity.id, r.degree) for r in listed.items] == [
        (USA.id, 3), (IRN.id, 2), (EU.id, 1), (ZARIF.id, 1), (TILLERSON.id, 1)]
    assert listed.total == 5 and listed.items[0].article_count == 2
    people = store.list_entities(type_="PERSON", limit=1, offset=1)
    assert [r.entity.id for r in people.items] == [TILLERSON.id] and people.total == 2


def test_min_confidence_keeps_only_confident_evidence(store):
    g = meeting()
    store.upsert_articles([replace(g, relations=(replace(g.relations[0], confidence=0.9), g.relations[1]))])
    confident = store.relations_of(ZARIF.id, RelationFilter(min_confidence=0.8))
    assert [r.object.id for r in confident.items] == [TILLERSON.id]
    assert store.relations_of(USA.id, RelationFilter(min_confidence=0.8)).total == 0


def test_country_rollup_and_periods_read_the_same_from_every_store(store):
    from geokg.graph import rollup

    store.upsert_articles([meeting(), sanctions()])
    between = rollup.events_between(store, IRN.id, USA.id, rollup="country")
    assert [e.relation.text for e in between] == ["Zarif met Tillerson in New York.",
                                                  "The US criticised Iran's missile tests.",
                                                  "The US imposed sanctions on Iran."]
    rolled = rollup.relations_of(store, IRN.id, RelationFilter(direction="out"), 10, 0, rollup="country")
    assert [(r.subject.id, r.predicate, r.object.id, r.parts) for r in rolled.items] == [
        (IRN.id, "MEET", USA.id, (relation_id(ZARIF.id, "MEET", TILLERSON.id),))]
    periods = rollup.timeline(store, IRN.id, "month", rollup="country")
    assert [(p.period, p.events, p.goldstein_mean, p.by_quad_class) for p in periods] == [
        (date(2017, 9, 1), 2, -0.5, {1: 1, 3: 1}), (date(2018, 5, 1), 1, -8.0, {4: 1})]


def test_members_are_the_entities_affiliated_with_one(store):
    store.upsert_articles([meeting(), sanctions()])
    assert [e.id for e in store.members(IRN.id)] == [ZARIF.id]
    assert [e.id for e in store.members(USA.id)] == [TILLERSON.id]
    assert store.members(EU.id) == [] and store.members("country:XXX") == []


def test_hyphenated_names_are_found_by_any_part(store):
    assad = Entity("person:bashar-al-assad", "Bashar al-Assad", "PERSON", ("al-Assad",))
    g = meeting()
    store.upsert_articles([replace(g, entities=(*g.entities, assad))])
    for q in ("al-Assad", "Assad", "bashar al-assad", "Al Assad"):
        assert assad.id in [h.entity.id for h in store.search_entities(q).items], q


def test_an_odd_predicate_is_stored_like_any_other(store):
    g = meeting()
    odd = (replace(g.relations[0], predicate="DÉCLARER"), replace(g.relations[1], predicate="3-PEAT"))
    assert statuses(store.upsert_articles([replace(g, relations=odd), sanctions()])) == ["created", "created"]
    types = {s.predicate: s.type for s in store.relations_of(ZARIF.id).items + store.relations_of(USA.id).items}
    assert types["DÉCLARER"] == "DECLARERED" and types["3-PEAT"] == "RELATED_TO"
    assert store.counts().evidence == 4


def test_every_field_of_the_model_comes_back(store):
    g = sectored_meeting()
    store.upsert_articles([g])
    assert store.article_graph(g.article.id) == g
    ev = store.evidence(relation_id(USA.id, "CRITICIZE", IRN.id)).items[0].relation
    assert (ev.subject_sector, ev.object_sector, ev.confidence) == ("MILITARY", "GOVERNMENT", 0.4)


@pytest.mark.parametrize(("filt", "expected"), [
    (RelationFilter(sector="military"), {"CRITICIZE"}),
    (RelationFilter(sector="GOVERNMENT"), {"CRITICIZE"}),  # the object acted as government
    (RelationFilter(sector="POLICE"), set()),
    (RelationFilter(min_confidence=0.5), set()),
    (RelationFilter(min_confidence=0.3), {"CRITICIZE"}),
])
def test_sector_and_confidence_filters(store, filt, expected):
    store.upsert_articles([sectored_meeting()])
    assert {s.predicate for s in store.relations_of(IRN.id, filt).items} == expected
    assert {s.predicate for s in store.find_relations(USA.id, None, filt).items} == expected


def test_met_filtered_by_sector_of_its_subject(store):
    store.upsert_articles([sectored_meeting()])
    found = store.find_relations(ZARIF.id, TILLERSON.id, RelationFilter(sector="GOVERNMENT"))
    assert [s.predicate for s in found.items] == ["MEET"]


def elsewhere(g, aid: str, url: str | None, source: str | None = None, title: str = "", content: str = "v1"):
    """The same text as g (text hash "text-of-<g's id>") found under another id, URL, source or title."""
    a = replace(g.article, id=aid, url=url, source=source, title=title or g.article.title,
                text_hash=f"text-of-{g.article.id}", content_hash=f"hash-{aid}-{content}")
    return replace(g, article=a, relations=tuple(replace(r, article_id=aid) for r in g.relations))


def wheres(store, aid: str) -> list[str]:
    return [x.where for x in store.get_article(aid).locations]


def test_already_stored_names_the_articles_held_and_records_where_they_were_seen(store):
    m = elsewhere(meeting(), "zarif-meets-tillerson", "https://news.example/zarif-meets-tillerson")
    store.upsert_articles([m, sanctions()])
    copy = elsewhere(meeting(), "copy", "https://mirror.example/zarif", "mirror")
    asked = [m.article, sanctions(content="v2").article, article("not-stored", date(2020, 1, 1)), copy.article]
    found = {r.article_id: r for r in store.already_stored(asked)}
    assert set(found) == {m.article.id, "copy"}
    assert (found["copy"].status, found["copy"].same_as) == ("unchanged", m.article.id)
    assert wheres(store, m.article.id) == ["https://news.example/zarif-meets-tillerson", "https://mirror.example/zarif"]
    assert store.already_stored([]) == []


def test_the_same_text_at_another_url_is_one_article_listing_both_its_evidence_once(store):
    first = elsewhere(meeting(), "zarif-meets-tillerson", "https://news.example/zarif", "example")
    store.upsert_articles([first])
    before = store.counts()
    again = elsewhere(meeting(), "zarif-copy", "https://wire.example/zarif", "wire", title="Another headline")
    [result] = store.upsert_articles([again])
    assert (result.status, result.same_as, result.stored_as) == ("unchanged", first.article.id, first.article.id)
    after = store.counts()
    assert (after.articles, after.relations, after.evidence) == (before.articles, before.relations, before.evidence)
    stored = store.get_article(first.article.id)
    assert stored.title == first.article.title  # the first location's metadata stays
    assert [(x.where, x.source) for x in stored.locations] == [("https://news.example/zarif", "example"),
                                                                ("https://wire.example/zarif", "wire")]
    assert all(x.first_seen <= x.last_seen for x in stored.locations)
    assert [a.id for a in store.list_articles().items] == [first.article.id]


def test_a_changed_first_location_is_stored_again_and_a_moved_location_leaves_the_old_article(store):
    first = elsewhere(meeting(), "zarif-meets-tillerson", "https://news.example/zarif", "example")
    store.upsert_articles([first, elsewhere(meeting(), "zarif-copy", "https://wire.example/zarif", "wire")])
    retitled = elsewhere(meeting(), "zarif-meets-tillerson", "https://news.example/zarif", "example",
                         title="Zarif and Tillerson meet", content="v2")
    assert statuses(store.upsert_articles([retitled])) == ["updated"]  # its metadata changed: stored again
    assert store.get_article(first.article.id).title == "Zarif and Tillerson meet"
    assert wheres(store, first.article.id) == ["https://news.example/zarif", "https://wire.example/zarif"]
    moved = elsewhere(sanctions(), "wire-sanctions", "https://wire.example/zarif", "wire")  # that URL, a new text
    assert statuses(store.upsert_articles([moved])) == ["created"]
    assert wheres(store, first.article.id) == ["https://news.example/zarif"]
    assert wheres(store, "wire-sanctions") == ["https://wire.example/zarif"]
    store.delete_article("wire-sanctions")
    assert store.already_stored([moved.article]) == []

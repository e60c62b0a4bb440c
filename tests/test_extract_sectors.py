"""Actor sectors end to end: the part of an actor a mention names, on mentions, relation ends, the contract,
the embedded store's filter and the API's sector= parameter."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import geokg
from geokg.api.app import create_app
from geokg.api.settings import Settings
from geokg.graph.model import SECTORS, Article
from geokg.graph.open import open_store
from geokg.graph.store import RelationFilter
from geokg.ingest.contract import to_contract
from geokg.ingest.extract import extract
from geokg.ingest.extract.sectors import sector_words, text_sector
from tests.extract_helpers import entity, relation, run


@pytest.mark.parametrize("text, subject, obj, sectors", [
    ("Israeli police arrested two Palestinian protesters.", "Israel", "Palestinian protesters", ("POLICE", None)),
    ("Iranian troops attacked Syrian rebels near the border.", "Iran", "Syrian rebels", ("MILITARY", "REBELS")),
    ("The Russian army shelled Ukrainian civilians in Kharkiv.", "Russia", "Ukraine", ("MILITARY", "CIVILIANS")),
    ("Chinese state media criticised the Afghan government.", "China", "Afghanistan", ("MEDIA", "GOVERNMENT")),
    ("Iranian officials condemned the foreign ministry of Bahrain.", "Iran", "Bahrain",
     ("GOVERNMENT", "GOVERNMENT")),
    ("Turkish intelligence officers detained a Greek journalist.", "Turkey", "Greece",
     ("INTELLIGENCE", "MEDIA")),
    ("The Kenyan parliament praised the Ugandan court.", "Kenya", "Uganda", ("LEGISLATURE", "JUDICIARY")),
])
def test_each_end_of_a_relation_has_the_sector_its_noun_phrase_names(nlp, text, subject, obj, sectors):
    r = relation(run(nlp, text), subject, obj)
    assert (r.subject_sector, r.object_sector) == sectors


@pytest.mark.parametrize("text, name, sector", [
    ("Army chief Farid Osmani met the envoy.", "Farid Osmani", "MILITARY"),
    ("Opposition leader Lucia Vargas Montero called for calm.", "Lucia Vargas Montero", "OPPOSITION"),
    ("Foreign Minister Tomas Herrera flew to Lima.", "Tomas Herrera", "GOVERNMENT"),
    ("Rebel commander Joseph Kabila Mwamba rejected the offer.", "Joseph Kabila Mwamba", "REBELS"),
    ("Senator Maria Lindqvist criticised the plan.", "Maria Lindqvist", "LEGISLATURE"),
    ("Judge Amadou Sall ordered the release.", "Amadou Sall", "JUDICIARY"),
    ("Bishop Desmond Okafor condemned the killings.", "Desmond Okafor", "RELIGIOUS"),
])
def test_a_person_takes_the_sector_of_their_role(nlp, text, name, sector):
    g = run(nlp, text)
    ids = {e.id for e in g.entities if e.name == name}
    assert ids, [e.name for e in g.entities]
    assert {m.sector for m in g.mentions if m.entity_id in ids} == {sector}


def test_a_persons_role_gives_the_sector_of_later_mentions_too(nlp):
    g = run(nlp, "Police chief Omar Haddad spoke on Monday. Haddad later accused Hamas of planning the attack.")
    r = relation(g, "Omar Haddad", "Hamas")
    assert (r.subject_sector, r.object_sector) == ("POLICE", "INSURGENTS")  # Hamas by the gazetteer


def test_a_country_named_bare_has_no_sector_and_the_same_country_can_act_as_two(nlp):
    g = run(nlp, "Egypt condemned the raid. Egyptian police later arrested the Libyan envoy.")
    egypt = entity(g, "Egypt").id
    assert [m.sector for m in g.mentions if m.entity_id == egypt] == [None, "POLICE", "POLICE"]


def test_every_sector_has_words_and_every_word_one_sector():
    words = sector_words()
    assert {*words.nouns.values(), *words.roles.values()} == set(SECTORS)
    assert not set(words.nouns) & set(words.roles)


def test_sector_phrases_give_the_role_default_unless_a_modifier_names_another_sector():
    assert [text_sector(t) for t in ("officials", "police officials", "government forces", "rebel forces",
                                     "state media", "foreign ministry spokesman", "chairman")] == [
        "GOVERNMENT", "POLICE", "MILITARY", "REBELS", "MEDIA", "GOVERNMENT", None]


def test_the_contract_carries_mention_and_relation_end_sectors(nlp):
    out = to_contract(run(nlp, "Israeli police arrested two Palestinian protesters."))
    israel = next(e for e in out["entities"] if e["name"] == "Israel")
    assert israel["sectors"] == ["POLICE"]
    assert {m["sector"] for m in israel["mention_spans"]} == {"POLICE"}
    assert "Israeli police" not in israel["aliases"]  # a sector is not a name
    r = out["relations"][0]
    assert (r["subject"], r["subject_sector"], r["object_sector"]) == ("country:ISR", "POLICE", None)


SECTOR_TEXT = ("Israeli police arrested two Palestinian protesters in Hebron. "
               "The Israeli army shelled Palestinian positions. Israel condemned the Palestinian statement.")


@pytest.fixture(scope="module")
def sector_store(nlp, tmp_path_factory: pytest.TempPathFactory):
    """The data folder of a real embedded store holding one extracted article with several sectors of Israel."""
    data_dir = tmp_path_factory.mktemp("sectors")
    store = open_store("embedded", data_dir)
    store.upsert_articles([extract(nlp(SECTOR_TEXT), Article(id="sectors", title="Sectors"))])
    store.close()
    return data_dir


def test_the_embedded_store_keeps_sectors_across_a_reopen(sector_store):
    reopened = open_store("embedded", sector_store)
    try:
        found = reopened.find_relations("country:ISR", None, RelationFilter(sector="police"))
        assert found.total == 1 and found.items[0].predicate == "ARREST"
        assert reopened.find_relations("country:ISR", None, RelationFilter(sector="MEDIA")).total == 0
        everything = reopened.find_relations("country:ISR", None, RelationFilter()).total
        assert everything > reopened.find_relations("country:ISR", None, RelationFilter(sector="MILITARY")).total > 0
        assert [r.predicate for r in geokg.relations(reopened, "Israel", sector="police").items] == ["ARREST"]
        with pytest.raises(geokg.InvalidInput, match="sector 'cops'"):
            geokg.relations(reopened, "Israel", sector="cops")
    finally:
        reopened.close()


def test_the_api_filters_relations_by_sector_and_rejects_an_unknown_one(sector_store):
    store = open_store("embedded", sector_store)
    try:
        with TestClient(create_app(Settings(data_dir=sector_store), store=store)) as client:
            police = client.get("/entities/country:ISR/relations", params={"sector": "POLICE"})
            assert police.status_code == 200, police.text
            assert [r["predicate"] for r in police.json()["items"]] == ["ARREST"]
            triple = client.get("/relations", params={"subject": "Israel", "sector": "military"})
            assert triple.status_code == 200 and [r["predicate"] for r in triple.json()["items"]] == ["SHELL"]
            bad = client.get("/relations", params={"sector": "cops"})
            assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
            assert "sector" in bad.json()["detail"] and "POLICE" in bad.json()["detail"]
            spec = client.get("/openapi.json").json()
            params = spec["paths"]["/relations"]["get"]["parameters"]
            sector = next(p for p in params if p["name"] == "sector")
            assert "POLICE" in str(sector["schema"]) and "sector" in sector["description"]
    finally:
        store.close()


@pytest.mark.parametrize("text, subject, obj, sectors", [
    ("The leader of Afghanistan's Taliban insurgency praised Pakistan.", "Taliban", "Pakistan", ("INSURGENTS", None)),
    ("The president of Armenia thanked France.", "Armenia", "France", ("GOVERNMENT", None)),
    ("The troops of Chad attacked Boko Haram fighters.", "Chad", "Boko Haram", ("MILITARY", "INSURGENTS")),
    ("The United States withdrew its invasion forces from Panama.", "United States", "Panama", (None, None)),
])
def test_an_owner_after_of_takes_the_sector_of_what_it_owns(nlp, text, subject, obj, sectors):
    r = relation(run(nlp, text), subject, obj)
    assert (r.subject_sector, r.object_sector) == sectors


def test_a_person_after_of_does_not_take_the_sector_of_the_noun_before(nlp):
    g = run(nlp, "Police arrested the bodyguards of Omar Haddad. The court of Omar Haddad convened.")
    haddad = entity(g, "Omar Haddad").id
    assert {m.sector for m in g.mentions if m.entity_id == haddad} == {None}

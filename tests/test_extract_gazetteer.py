"""The country gazetteer's name forms and ambiguous names decided by the rest of the document."""

from __future__ import annotations

import pytest

from tests.extract_helpers import entity, names, run, triples


@pytest.mark.parametrize("text, iso", [
    ("The Democratic Republic of Congo recalled its ambassador.", "COD"),
    ("The DRC recalled its ambassador.", "COD"),
    ("Burma released the prisoners.", "MMR"),
    ("Ivory Coast closed its border.", "CIV"),
    ("Turkiye summoned the envoy.", "TUR"),
    ("The UAE signed the deal.", "ARE"),
    ("The UK imposed sanctions.", "GBR"),
    ("The Republic of Congo held elections.", "COG"),
])
def test_short_long_and_former_country_names(nlp, text, iso):
    g = run(nlp, text)
    assert any(e.iso == iso for e in g.entities), [(e.name, e.iso) for e in g.entities]
    assert "Democratic Republic" not in names(g)


@pytest.mark.parametrize("text, iso", [
    ("Congo accused M23 fighters of shelling Goma. Congolese soldiers withdrew.", "COD"),
    ("Congo said its army would defend Kinshasa. Tshisekedi met the generals.", "COD"),
    ("Congo held a vote in Brazzaville. President Sassou Nguesso won again.", "COG"),
])
def test_congo_is_decided_by_the_places_and_actors_around_it(nlp, text, iso):
    g = run(nlp, text)
    congos = [e for e in g.entities if e.iso in ("COD", "COG")]
    assert [e.iso for e in congos] == [iso]


def test_georgia_in_a_story_about_atlanta_is_the_us_state_not_the_country(nlp):
    g = run(nlp, "Georgia sued Alabama over water rights. Governor Brian Kemp spoke in Atlanta.")
    assert "country:GEO" not in {e.id for e in g.entities}
    state = entity(g, "Georgia (U.S. state)")
    assert state.type == "LOCATION" and "country:USA" in state.affiliations


def test_georgia_next_to_tbilisi_is_the_country(nlp):
    g = run(nlp, "Georgia accused Russia of moving troops into South Ossetia. Protesters marched in Tbilisi.")
    assert entity(g, "Georgia").id == "country:GEO"


@pytest.mark.parametrize("text, name, country", [
    ("Reporters Without Borders condemned the arrest of the journalist.", "Reporters Without Borders", None),
    ("MONUSCO withdrew its peacekeepers.", "MONUSCO", "country:COD"),
    ("The United Nations Mission in South Sudan sheltered thousands.", "UNMISS", "country:SSD"),
    ("UNSMIL called for calm in Tripoli.", "UNSMIL", "country:LBY"),
    ("CENTCOM said it struck a command post.", "US Central Command", "country:USA"),
    ("Officials in Puntland rejected the plan.", None, None),
])
def test_igos_ngos_agencies_and_regions_from_the_gazetteer(nlp, text, name, country):
    g = run(nlp, text)
    if name is None:  # a region is a place, never a country of its own nor a person
        assert not any(e.type in ("COUNTRY", "PERSON") for e in g.entities)
        return
    ent = entity(g, name)
    assert ent.type == "ORGANIZATION"
    assert country is None or country in ent.affiliations


@pytest.mark.parametrize("text, iso", [
    ("The C.A.R. accused the rebels of attacking the town.", "CAF"),
    ("Troops from the D.R.C. crossed the border.", "COD"),
    ("Rwanda sent an envoy to the U.A.E.", "ARE"),
])
def test_dotted_initialisms_name_the_country_their_bare_form_names(nlp, text, iso):
    g = run(nlp, text)
    assert any(e.id == f"country:{iso}" for e in g.entities), [e.name for e in g.entities]


@pytest.mark.parametrize("text, name", [
    ("The U.S. Treasury Department on Tuesday imposed sanctions on Iran.", "US Treasury"),
    ("The U.S. Department of State on Monday criticized Iran.", "US State Department"),
    ("The U.N. Human Rights Council on Friday condemned Iran.", "UN Human Rights Council"),
])
def test_a_name_starting_with_an_initialism_is_known_with_or_without_dots(nlp, text, name):
    g = run(nlp, text)
    assert (name, "Iran") in {(s, o) for s, _, o in triples(g)}, triples(g)


@pytest.mark.parametrize("text, name, sector", [
    ("Airstrikes by the Kenyan army killed 12 al-Shabab militants near the border.", "al-Shabaab", "INSURGENTS"),
    ("ISWAP fighters attacked a base in Borno.", "Islamic State West Africa Province", "INSURGENTS"),
    ("The SBU detained two men in Odesa.", "Security Service of Ukraine", "INTELLIGENCE"),
    ("Oxfam criticised the blockade.", "Oxfam", "NGO"),
])
def test_armed_groups_and_agencies_are_known_with_their_spellings_and_sectors(nlp, text, name, sector):
    g = run(nlp, text)
    ent = entity(g, name)
    assert ent.type in ("GROUP", "ORGANIZATION")
    assert {m.sector for m in g.mentions if m.entity_id == ent.id} == {sector}


def test_a_countrys_region_is_a_node_wherever_named_and_a_continent_only_when_it_acts(nlp):
    g = run(nlp, "The talks in Europe stalled after the leaders of Galmudug walked out.")
    regions = {e.name: e for e in g.entities if e.type == "LOCATION"}
    assert set(regions) == {"Galmudug"} and regions["Galmudug"].affiliations == ("country:SOM",)


@pytest.mark.parametrize("text, agreement, others", [
    ("Kenya and Uganda signed the Arusha accord in March.", "Arusha accord", {"Kenya", "Uganda"}),
    ("The rebels urged that all parts of the Lome agreement be implemented.", "Lome agreement", set()),
    ("The US-Taliban deal was signed in Doha.", None, {"United States", "Taliban"}),
    ("Both sides said the September deal had collapsed.", None, set()),
])
def test_an_agreement_is_named_by_the_place_before_its_noun_not_by_its_parties_or_date(nlp, text, agreement,
                                                                                        others):
    g = run(nlp, text)
    assert {e.name for e in g.entities if e.type == "AGREEMENT"} == ({agreement} if agreement else set())
    assert others <= names(g)


@pytest.mark.parametrize("text, name, country, sector", [
    ("Turkish drones helped the Government of National Accord hold Tripoli.", "Government of National Accord",
     "country:LBY", "GOVERNMENT"),
    ("Fighters of the Libyan National Army shelled the airport.", "Libyan National Army", "country:LBY", "REBELS"),
    ("Seleka fighters looted the market in Bambari.", "Seleka", "country:CAF", "REBELS"),
    ("Militiamen from the 3R group burned a village near Bocaranga.", "Return, Reclamation, Rehabilitation",
     "country:CAF", "REBELS"),
    ("The Haitian National Police arrested a gang leader.", "Haitian National Police", "country:HTI", "POLICE"),
    ("The Tatmadaw bombed a school in Sagaing.", "Tatmadaw", "country:MMR", "MILITARY"),
    ("Ankara has long backed the Muslim Brothers.", "Muslim Brotherhood", None, "OPPOSITION"),
    ("Arakan Army fighters seized a base in Rakhine.", "Arakan Army", "country:MMR", "REBELS"),
    ("Viv Ansanm gunmen burned a police station.", "Viv Ansanm", "country:HTI", "CRIMINAL"),
])
def test_sides_of_civil_wars_are_known_with_their_country_and_sector(nlp, text, name, country, sector):
    g = run(nlp, text)
    ent = entity(g, name)
    assert country is None or country in ent.affiliations
    assert {m.sector for m in g.mentions if m.entity_id == ent.id} == {sector}


@pytest.mark.parametrize("text", [
    "MINUSCA peacekeepers patrolled the road to Bangui.",
    "The UN peacekeeping mission in the Central African Republic condemned the attack.",
    "BINUH said the gangs controlled most of the capital.",
])
def test_a_un_mission_is_its_acronym_never_its_host_country(nlp, text):
    g = run(nlp, text)
    missions = [e for e in g.entities if e.type == "ORGANIZATION"]
    assert [m.name for m in missions] in (["MINUSCA"], ["BINUH"])
    assert not any(e.type == "COUNTRY" and e.name in missions[0].name for e in g.entities)


@pytest.mark.parametrize("text, iso", [
    ("Officials at the White House rejected the report.", "USA"),
    ("Netanyahu held talks at the Kremlin on Tuesday.", "RUS"),
    ("Downing Street said the ambassador had been summoned.", "GBR"),
    ("Macron hosted the summit at the Elysee Palace.", "FRA"),
])
def test_a_seat_of_government_stands_for_its_country_even_as_a_place(nlp, text, iso):
    g = run(nlp, text)
    assert not any(e.type == "LOCATION" for e in g.entities), [(e.name, e.type) for e in g.entities]
    assert f"country:{iso}" in {e.id for e in g.entities}


@pytest.mark.parametrize("text, country", [
    ("Officials in Kabul said the talks would resume.", "country:AFG"),
    ("Diplomats from Moscow walked out of the meeting.", "country:RUS"),
    ("Relief officials in Nairobi said 20 people were killed.", None),
    ("Protesters gathered in Kabul on Friday.", None),
])
def test_officials_in_a_capital_are_its_states_a_place_otherwise(nlp, text, country):
    ids = {e.id for e in run(nlp, text).entities}
    assert (country in ids) if country else not any(i.startswith("country:") for i in ids), ids


@pytest.mark.parametrize("text, agreement", [
    ("Moscow and Pyongyang signed a 'Treaty on Comprehensive Strategic Partnership' in June.",
     "Treaty on Comprehensive Strategic Partnership"),
    ("The two sides signed the Agreement on Cessation of Hostilities in Pretoria.",
     "Agreement on Cessation of Hostilities"),
    ("Historians still debate the Treaty of Versailles.", "Treaty of Versailles"),
    ("The treaty on arms control expired last year.", None),
])
def test_an_agreement_is_named_by_the_title_case_words_after_its_noun(nlp, text, agreement):
    g = run(nlp, text)
    assert {e.name for e in g.entities if e.type == "AGREEMENT"} == ({agreement} if agreement else set())


@pytest.mark.parametrize("text, place, iso", [
    ("Israeli strikes on Khan Younis killed 40 people overnight.", "Khan Younis", "PSE"),
    ("The RSF shelled El Fasher again on Sunday.", "El Fasher", "SDN"),
    ("Russian drones hit Lviv and Odesa overnight.", "Lviv", "UKR"),
])
def test_towns_of_conflicts_are_places_in_their_country_nodes_only_when_an_event_involves_them(nlp, text, place,
                                                                                             iso):
    g = run(nlp, text)
    town = entity(g, place)
    assert town.type == "LOCATION" and town.affiliations == (f"country:{iso}",)
    assert place not in names(run(nlp, f"Reporters visited {place} last year."))

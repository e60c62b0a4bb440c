"""Relations from the dependency parse: clause shapes, coordination, nominal events, attribution, precision rules."""

from __future__ import annotations

import pytest

from tests.extract_helpers import relation, run, triples


@pytest.mark.parametrize("text, expected", [
    # active clause with a direct object
    ("Kenya expelled the Somali ambassador.", ("Kenya", "EXPEL", "Somalia")),
    # passive clause: the agent after "by" is the subject
    ("Poland was criticised by Germany on Monday.", ("Germany", "CRITICISE", "Poland")),
    # prepositional target with a theme
    ("Japan imposed new tariffs on China.", ("Japan", "IMPOSE", "China")),
    # ditransitive: the addressee
    ("Norway told Sweden that the border would stay open.", ("Norway", "TELL", "Sweden")),
    # xcomp chain: the matrix verb carries the event
    ("Brazil agreed to help Bolivia.", ("Brazil", "AGREE", "Bolivia")),
    ("Armenia threatened to attack Azerbaijan.", ("Armenia", "THREATEN", "Azerbaijan")),
    # demonym-led group acting for its country
    ("Pakistani officials met Chinese diplomats in Beijing.", ("Pakistan", "MEET", "China")),
    # owner of a non-actor object ("Ghana's proposal")
    ("Nigeria rejected Ghana's proposal.", ("Nigeria", "REJECT", "Ghana")),
    # directive complement: "demanded that X ..."
    ("Turkey demanded that Greece withdraw its ships.", ("Turkey", "DEMAND", "Greece")),
    # "X said Y must ..." reads as a demand on Y
    ("Canada said Cuba must release the prisoners.", ("Canada", "SAY", "Cuba")),
])
def test_clause_shapes(nlp, text, expected):
    assert expected in triples(run(nlp, text))


def test_coordinated_subjects_fan_out(nlp):
    found = triples(run(nlp, "Spain, Italy and Greece condemned Libya."))
    assert {("Spain", "CONDEMN", "Libya"), ("Italy", "CONDEMN", "Libya"), ("Greece", "CONDEMN", "Libya")} <= found


def test_coordinated_objects_fan_out(nlp):
    found = triples(run(nlp, "Washington sanctioned Iran and Syria."))
    assert {("United States", "SANCTION", "Iran"), ("United States", "SANCTION", "Syria")} <= found


def test_reciprocal_verb_relates_coordinated_subjects(nlp):
    assert ("Chile", "AGREE", "Peru") in triples(run(nlp, "Chile and Peru agreed to hold joint exercises."))


@pytest.mark.parametrize("text, expected", [
    ("The meeting of Indian and Nepali ministers ended early.", ("India", "MEET", "Nepal")),
    ("Uganda's visit to Rwanda was cut short.", ("Uganda", "VISIT", "Rwanda")),
    ("Talks between Serbia and Kosovo resumed on Monday.", ("Serbia", "TALK", "Kosovo")),
])
def test_nominal_events(nlp, text, expected):
    assert expected in triples(run(nlp, text))


def test_attribution_marks_reported_speech_and_speaker(nlp):
    g = run(nlp, "Israel attacked Lebanon, Egyptian Foreign Minister Sameh Hassan said.")
    r = relation(g, "Israel", "Lebanon")
    assert r.reported and r.attributed_to == "person:sameh-hassan"


def test_no_relation_between_an_actor_and_itself(nlp):
    g = run(nlp, "Iran said Tehran would defend Iran.")
    assert all(r.subject != r.object for r in g.relations)


def test_no_relation_to_a_non_actor(nlp):
    assert run(nlp, "France built a new bridge over the river.").relations == ()


def test_predicate_is_upper_case_lemma_with_theme_and_preposition(nlp):
    r = relation(run(nlp, "The Trump administration has imposed fresh sanctions on Venezuela."),
                 "United States", "Venezuela")
    assert (r.predicate, r.theme, r.preposition) == ("IMPOSE", "sanction", "on")
    assert "imposed" in r.verb_phrase and "sanctions" in r.verb_phrase


@pytest.mark.parametrize("text, expected", [
    # the patient of a passive relative clause is the noun it modifies
    ("The Tuareg rebels, who are backed by Libya, seized the town.", ("Libya", "BACK", "Tuareg rebels")),
    # a reported 'it' is the speaker, not the last country named
    ("The Mali government said it would expel France's ambassador.", ("Mali", "EXPEL", "France")),
    # an ethnic people is a group of its own, not the state
    ("Ethnic Serbs attacked Kosovo police.", ("ethnic Serbs", "ATTACK", "Kosovo")),
    # a named counterpart is the person met, not their country
    ("Blinken met his Indian counterpart Subrahmanyam Jaishankar.", ("Blinken", "MEET", "Subrahmanyam Jaishankar")),
    # "over ..." names the topic, not the target
    ("Ghana expelled a Togolese envoy over the killing of a Nigerian trader.", ("Ghana", "EXPEL", "Togo")),
    # a conditional threat is aimed at the subject of its condition
    ("Ankara threatened to cut trade unless Sweden changed course.", ("Turkey", "THREATEN", "Sweden")),
])
def test_reference_rules(nlp, text, expected):
    found = {(s.lower(), p, o) for s, p, o in triples(run(nlp, text))}
    assert (expected[0].lower(), expected[1], expected[2]) in found


def test_purpose_infinitive_is_not_an_event(nlp):
    assert all(r.predicate != "MEET" for r in run(nlp, "Kenya sent envoys to Ethiopia to meet Eritrea.").relations)


def test_topic_is_not_a_target(nlp):
    found = triples(run(nlp, "Ghana expelled a Togolese envoy over the killing of a Nigerian trader."))
    assert not any(o == "Nigeria" for _, _, o in found)


@pytest.mark.parametrize("text, subject, obj, plover", [
    ("Chile recalled its ambassador to Bolivia.", "Chile", "Bolivia", "SANCTION"),
    ("Ethiopia withdrew its troops from Somalia.", "Ethiopia", "Somalia", "RETREAT"),
])
def test_the_subjects_own_envoy_or_troops_are_the_theme(nlp, text, subject, obj, plover):
    assert relation(run(nlp, text), subject, obj).event.plover == plover


@pytest.mark.parametrize("text, subject, obj", [
    ("Georgia said it would retaliate if Russia shelled its villages.", "Georgia", "Russia"),
    ("Serbia will strike back if Croatian forces cross the river.", "Serbia", "Croatia"),
])
def test_promised_force_on_a_condition_threatens_its_subject(nlp, text, subject, obj):
    assert relation(run(nlp, text), subject, obj).event.plover == "THREATEN"


def test_retaliation_without_a_condition_aims_at_no_one(nlp):
    assert run(nlp, "Georgia said it would retaliate.").relations == ()


def test_the_agent_of_a_condemned_act_is_the_target(nlp):
    r = relation(run(nlp, "Poland condemned the missile tests by North Korea."), "Poland", "North Korea")
    assert r.event.plover == "DISAPPROVE"


@pytest.mark.parametrize("text, subject, obj", [
    ("Iran released two Australian citizens on Friday.", "Iran", "Australia"),
    ("Egypt deported a Canadian journalist.", "Egypt", "Canada"),
])
def test_citizens_stand_for_their_country(nlp, text, subject, obj):
    g = run(nlp, text)
    assert relation(g, subject, obj).event is not None
    assert all(e.type != "GROUP" for e in g.entities)


@pytest.mark.parametrize("text, absent", [
    # the army is asked to act: neither the parties nor the army abandoned anyone
    ("Bolivia's opposition parties called on the army to abandon President Luis Arce.", "Luis Arce"),
    ("The Arab League urged Egypt to support Hamas.", "Hamas"),
])
def test_a_requested_act_is_not_an_act(nlp, text, absent):
    assert not any(o == absent for _, _, o in triples(run(nlp, text)))


def test_the_addressee_of_a_request_is_its_target(nlp):
    assert relation(run(nlp, "The Arab League urged Egypt to support Hamas."), "Arab League", "Egypt").event.plover \
        == "DEMAND"


@pytest.mark.parametrize("text, expected", [
    ("Chilean President Gabriel Boric received Argentine President Alberto Fernandez in Santiago, and the two leaders "
     "signed a trade pact in the capital.", ("Gabriel Boric", "SIGN", "Alberto Fernandez")),
    ("Ghana hosted Togo on Monday. Both countries agreed a border deal in Accra.", ("Ghana", "AGREE", "Togo")),
])
def test_the_two_leaders_are_the_last_two_named(nlp, text, expected):
    assert expected in triples(run(nlp, text))


def test_a_plan_is_its_sponsors_but_a_resolution_is_not(nlp):
    assert ("Serbia", "REJECT", "Russia") in triples(run(nlp, "Serbia rejected the Russian peace plan."))
    assert not any(o == "United Nations" for _, _, o in triples(run(nlp, "Iraq violated the UN resolution.")))


def test_a_place_in_the_subjects_own_country_is_not_a_target(nlp):
    assert run(nlp, "Tanzanian police fired tear gas at opposition supporters in Dodoma.").relations == ()
    assert ("Russia", "SHELL", "Ukraine") in triples(run(nlp, "Russia shelled Kyiv on Monday."))


def test_the_denial_of_a_charge_answers_the_accuser(nlp):
    g = run(nlp, "India accused Pakistan of sheltering militants, an allegation Islamabad denied.")
    assert relation(g, "Pakistan", "India").event.plover == "REJECT"


def test_the_partner_in_a_deal_is_not_the_target_of_breaking_it(nlp):
    assert run(nlp, "Iraq violated its 2019 treaty with Kuwait.").relations == ()
    assert ("Iraq", "SIGN", "Kuwait") in triples(run(nlp, "Iraq signed a treaty with Kuwait."))

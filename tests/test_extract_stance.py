"""Evaluative statements typed by their judgement: "called X unbearable", "branded X a provocation",
"said the sanctions imposed by X were illegal", "consider X's withdrawal a good step"; and the speaker of a
first-person quote. Sentences written for geokg."""

from __future__ import annotations

import pytest

from tests.extract_helpers import run


def typed(nlp, text: str) -> set[tuple[str, str, str, str]]:
    """(subject, predicate, PLOVER type, object) of every relation, by entity name."""
    g = run(nlp, text)
    by_id = {e.id: e.name for e in g.entities}
    return {(by_id[r.subject], r.predicate, r.event.plover if r.event else "", by_id[r.object]) for r in g.relations}


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ('French President Emmanuel Macron called Chinese subsidies "unbearable."', "Emmanuel Macron", "China"),
    ("China branded the visit by the U.S. speaker a provocation.", "China", "United States"),
    ("Ukraine called Russia's attacks on its power grid terrorism.", "Ukraine", "Russia"),
    ("Iran described the Israeli strikes as a violation of international law.", "Iran", "Israel"),
    ("Beijing labelled the Japanese statement irresponsible.", "China", "Japan"),
])
def test_a_negative_judgement_is_criticism_of_the_judged(nlp, text, subject, obj):
    got = typed(nlp, text)
    assert any(s == subject and p == "DISAPPROVE" and o == obj for s, _, p, o in got), got
    assert not any(p in ("ASSAULT", "FIGHT") for _, _, p, _ in got), got  # "called the attacks terrorism"


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("Pakistan called India's offer of talks a positive development.", "Pakistan", "India"),
    ("Kenya described Ethiopia's decision as a historic step for the region.", "Kenya", "Ethiopia"),
    ("“We consider the withdrawal of forces by America a good step,” said Taliban leader Hibatullah Akhundzada.",
     "Hibatullah Akhundzada", "United States"),
])
def test_a_positive_judgement_is_praise(nlp, text, subject, obj):
    got = typed(nlp, text)
    assert any(s == subject and p == "SUPPORT" and o == obj for s, _, p, o in got), got


@pytest.mark.parametrize(("text", "subject", "objs"), [
    ("Washington warned that the military cooperation between Russia and North Korea is dangerous.",
     "United States", {"Russia", "North Korea"}),
    ("Japan said that expanding cooperation between China and Russia was a threat to the region.",
     "Japan", {"China", "Russia"}),
    ("Hungary said the sanctions imposed by the European Union were illegal.", "Hungary", {"European Union"}),
    ("The Iranian foreign ministry said Britain's seizure of the tanker was an act of piracy and illegal.",
     "Iran", {"Britain"}),
])
def test_a_statement_that_judges_an_act_is_criticism_of_those_who_act(nlp, text, subject, objs):
    got = typed(nlp, text)
    assert {o for s, _, p, o in got if s == subject and p == "DISAPPROVE"} >= objs, got


@pytest.mark.parametrize(("text", "kind"), [
    ("Countryman said the action against Berisha is not a partisan step by the United States.", "SUPPORT"),
    ('"It is an unacceptable situation," Turkish adviser Mesut Casin told Russia.', "DISAPPROVE"),
    ("Pakistan called for an end to the illegal occupation by India.", "DISAPPROVE"),
])
def test_no_judgement_when_denied_unnamed_or_a_demand(nlp, text, kind):
    """A denied judgement praises nobody; 'it' names no actor; "called for" is a demand, not a judgement."""
    got = typed(nlp, text)
    assert not any(p == kind for _, _, p, _ in got), got


def test_an_agent_after_by_acts_for_an_event_noun_subject(nlp):
    got = typed(nlp, "Airstrikes by the Somali army killed dozens of al-Shabab fighters on Tuesday.")
    assert any(s == "Somalia" and p in ("ASSAULT", "FIGHT") for s, _, p, _ in got), got


def test_the_subjects_own_possession_does_not_hide_the_recipient(nlp):
    got = typed(nlp, "Mauritius conferred the country's highest civilian honor on Indian Prime Minister Narendra Modi.")
    assert ("Mauritius", "CONFER", "SUPPORT", "Narendra Modi") in got, got

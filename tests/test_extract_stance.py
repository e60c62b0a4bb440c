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


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("Secretary of State Antony Blinken said Sali Berisha was involved in corrupt acts.", "Antony Blinken",
     "Sali Berisha"),
    ("U.S. officials said Iran was behind the attack on the tanker.", "United States", "Iran"),
    ("Ukraine said Russia was responsible for the strike on the dam.", "Ukraine", "Russia"),
    ("South Korea's spy agency said North Korea was guilty of the cyberattack on its banks.", "South Korea",
     "North Korea"),
])
def test_saying_an_actor_is_to_blame_is_an_accusation(nlp, text, subject, obj):
    g = run(nlp, text)
    by_id = {e.id: e.name for e in g.entities}
    assert any(by_id[r.subject] == subject and by_id[r.object] == obj and r.event.cameo == "112"
               for r in g.relations if r.event), [(by_id[r.subject], r.predicate, by_id[r.object]) for r in g.relations]


def test_saying_an_actor_is_not_to_blame_accuses_nobody(nlp):
    assert not any(p == "DISAPPROVE" for _, _, p, _ in typed(nlp, "Egypt said Israel was not behind the explosion."))


@pytest.mark.parametrize("text", [
    "Blinken said Sali Berisha was involved in corrupt acts. Berisha rejected the allegations on Thursday.",
    "The United States accused China of stealing technology. China dismissed the accusations as groundless.",
    "Germany criticised Hungary over its veto. Days later Hungary denied the charges.",
])
def test_a_denial_of_the_accusations_answers_whoever_made_them(nlp, text):
    got = typed(nlp, text)
    accuser, accused = next((s, o) for s, _, p, o in got if p == "DISAPPROVE")
    assert any(s == accused and o == accuser and p == "REJECT" for s, _, p, o in got), got


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("The Taliban leader alleged that the United States had violated the Doha agreement.", "Taliban",
     "United States"),
    ('"The American side has violated the agreement repeatedly," Taliban spokesman Zabihullah Mujahid alleged.',
     "Zabihullah Mujahid", "United States"),
    ("Iran charged that Israel had sabotaged the Natanz facility.", "Iran", "Israel"),
])
def test_alleging_that_an_actor_did_something_accuses_it(nlp, text, subject, obj):
    assert (subject, "DISAPPROVE", obj) in {(s, p, o) for s, _, p, o in typed(nlp, text)}


@pytest.mark.parametrize(("text", "actor", "obj"), [
    ("Israel accused Hamas of attacking Egyptian soldiers.", "Hamas", "Egypt"),
    ("Hamas was accused by Israel of killing Egyptian civilians.", "Hamas", "Egypt"),
    ("Two Ivorian soldiers stand accused of the 2004 bombing of the French army base.", "Ivory Coast", "France"),
])
def test_what_an_actor_is_accused_of_is_its_alleged_act(nlp, text, actor, obj):
    g = run(nlp, text)
    by_id = {e.id: e.name for e in g.entities}
    acts = [r for r in g.relations if (by_id[r.subject], by_id[r.object]) == (actor, obj)]
    assert acts and all(r.reported and r.event.cameo[:2] == "18" for r in acts), g.relations
    if "Israel" in text:
        assert all(by_id.get(r.attributed_to) == "Israel" for r in acts)


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("Ukraine's foreign minister, Andrii Sybiha, on Sunday tweeted, “The world must answer Russia's barbaric "
     "attacks.”", "Andrii Sybiha", "Russia"),
    ("Armenian Prime Minister Nikol Pashinyan wrote: “Nobody can accept Azerbaijan's criminal blockade.”",
     "Nikol Pashinyan", "Azerbaijan"),
    ("Senator Ana Ruiz said on Friday that it was time to end Mexico's reckless policy.", "Ana Ruiz", "Mexico"),
])
def test_a_statement_judging_an_actors_act_in_its_words_is_criticism_of_the_actor(nlp, text, subject, obj):
    got = typed(nlp, text)
    assert any(s == subject and p == "DISAPPROVE" and o == obj for s, _, p, o in got), got


def test_a_statement_naming_an_actors_act_without_judging_it_is_no_criticism(nlp):
    got = typed(nlp, "Senator Ana Ruiz said on Friday that Mexico's new policy was under review.")
    assert not any(p == "DISAPPROVE" for _, _, p, _ in got), got


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("The Wagner group was responsible for the massacre, according to the United Nations.", "United Nations",
     "Wagner Group"),
    ("The Revolutionary Guards of Iran were allegedly behind the plot, according to U.S. prosecutors.",
     "United States", "Islamic Revolutionary Guard Corps"),
])
def test_blame_stated_according_to_a_source_is_the_sources_accusation(nlp, text, subject, obj):
    got = typed(nlp, text)
    assert any(s == subject and pred == "ACCUSE" and o == obj for s, pred, _, o in got), got


def test_no_blame_according_to_a_source_is_no_accusation(nlp):
    assert not typed(nlp, "Hamas was not behind the attack, according to Qatar.")


@pytest.mark.parametrize(("text", "speaker", "blamed"), [
    ("\u201cMyanmar's junta jailed the journalist Aung Kyaw this year,\u201d said Maria Santos, a director at "
     "Human Rights Watch.", "Maria Santos", "Myanmar"),
    ("Russian forces shelled the city of Kharkiv overnight, Amnesty International said.", "Amnesty International",
     "Russia"),
])
def test_who_reports_force_by_an_actor_blames_that_actor(nlp, text, speaker, blamed):
    got = typed(nlp, text)
    assert any(s == speaker and p == "ACCUSE" and blamed.lower() in o.lower() for s, p, _, o in got), got


@pytest.mark.parametrize("text", [
    "Kenya's interior ministry said Kenyan troops killed ten al-Shabab militants near the border.",
    "Amnesty International said Russian forces did not shell the city.",
    "Venezuelan authorities arrested opposition leader Juan Pablo Guanipa in Caracas, Interior Minister Diosdado "
    "Cabello said.",
    "Iraqi forces killed five Islamic State fighters near Mosul, military spokesman Yahya Rasool said.",
])
def test_reporting_ones_own_side_or_an_act_denied_blames_no_one(nlp, text):
    got = typed(nlp, text)
    assert not any(p == "ACCUSE" for _, p, _, _ in got), got

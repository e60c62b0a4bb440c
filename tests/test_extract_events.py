"""Event typing (CAMEO, PLOVER, Goldstein, quad class), flags and time resolution."""

from __future__ import annotations

from datetime import date

import pytest

from geokg.ingest.extract import events, timex
from tests.extract_helpers import relation, run


@pytest.mark.parametrize("text, subject, obj, cameo_root, plover", [
    ("Egypt accused Sudan of arming rebels.", "Egypt", "Sudan", "11", "DISAPPROVE"),
    ("Japan called on North Korea to halt its tests.", "Japan", "North Korea", "02", "DEMAND"),
    ("India held talks with Bhutan.", "India", "Bhutan", "04", "CONSULT"),
    ("Russia imposed sanctions on Georgia.", "Russia", "Georgia", "16", "SANCTION"),
    ("Ethiopian troops shelled Eritrea.", "Ethiopia", "Eritrea", "19", "FIGHT"),
    ("Mexico will provide aid to Haiti.", "Mexico", "Haiti", "03", "AGREE"),  # a promise is intent
    ("Ecuador sent food aid to Peru.", "Ecuador", "Peru", "07", "AID"),
    ("Serbia refused to extradite him to Croatia.", "Serbia", "Croatia", "12", "REJECT"),
    ("Police arrested Kenyan opposition leaders.", None, None, None, None),
])
def test_event_typing(nlp, text, subject, obj, cameo_root, plover):
    g = run(nlp, text)
    if subject is None:  # no actor subject: nothing to type
        assert g.relations == ()
        return
    event = relation(g, subject, obj).event
    assert event.cameo[:2] == cameo_root and event.plover == plover


@pytest.mark.parametrize("cameo, goldstein, quad", [("040", 1.0, 1), ("073", 7.0, 2), ("112", -2.0, 3),
                                                    ("190", -10.0, 4)])
def test_goldstein_and_quad_class_follow_the_cameo_root(cameo, goldstein, quad):
    event = next(e for e in events.lexicon().values() if e.cameo == cameo)
    assert (event.goldstein, event.quad_class) == (goldstein, quad)


def test_phrase_pattern_beats_the_bare_verb():
    assert events.classify("impose", theme="curfew").cameo == "1723"  # impose curfew
    assert events.classify("impose", theme="sanction").cameo == "163"
    assert events.classify("call", particle="on").plover == "DEMAND"


@pytest.mark.parametrize("text, flag", [
    ("Chad did not attack Niger.", "negated"),
    ("Chad never threatened Niger.", "negated"),
    ("Chad may attack Niger.", "hypothetical"),
    ("If talks fail, Chad will attack Niger.", "hypothetical"),
    ("Chad attacked Niger, officials said.", "reported"),
])
def test_flags(nlp, text, flag):
    r = relation(run(nlp, text), "Chad", "Niger")
    assert getattr(r, flag) is True
    plain = relation(run(nlp, "Chad attacked Niger."), "Chad", "Niger")
    assert getattr(plain, flag) is False and plain.confidence > r.confidence


@pytest.mark.parametrize("expr, expected", [
    ("yesterday", date(2017, 10, 11)),
    ("today", date(2017, 10, 12)),
    ("last month", date(2017, 9, 1)),
    ("on 20 September", date(2017, 9, 20)),
    ("September 20", date(2017, 9, 20)),
    ("on Monday", date(2017, 10, 9)),  # 12 October 2017 was a Thursday
    ("3 March 2015", date(2015, 3, 3)),
    ("in December", None),
])
def test_relative_dates_resolve_against_the_article_date(expr, expected):
    assert timex.resolve(expr, date(2017, 10, 12)) == expected


def test_relation_carries_the_date_of_its_sentence(nlp):
    g = run(nlp, "Mali expelled the French ambassador yesterday. Mali criticised France.", date(2022, 2, 1))
    dates = sorted(r.date for r in g.relations)
    assert dates == [date(2022, 1, 31), date(2022, 2, 1)]


@pytest.mark.parametrize("text, expected", [
    ("LONDON, 12 October 2017 (Reuters) - Britain said...", date(2017, 10, 12)),
    ("Published: October 12, 2017\nBritain said...", date(2017, 10, 12)),
    ("2017-10-12 Britain said ...", date(2017, 10, 12)),
    ("Britain said on Monday that ...", None),
])
def test_article_date_from_the_first_lines(text, expected):
    assert timex.article_date(text) == expected


@pytest.mark.parametrize("text, subject, obj, plover", [
    ("Nigerian troops killed ten Cameroonian soldiers.", "Nigeria", "Cameroon", "FIGHT"),  # armed forces: FIGHT
    ("Gunmen from Niger killed ten Malian villagers.", "Gunmen from Niger", "Malian villagers", "ASSAULT"),
    ("Greece said it will blockade Turkey.", "Greece", "Turkey", "THREATEN"),  # an announced blockade
])
def test_who_acts_and_when_changes_the_type(nlp, text, subject, obj, plover):
    assert relation(run(nlp, text), subject, obj).event.plover == plover


def test_a_refused_cooperative_act_is_a_rejection(nlp):
    r = relation(run(nlp, "Turkey will not approve Sweden's membership bid."), "Turkey", "Sweden")
    assert r.negated and r.event.plover == "REJECT" and r.predicate == "APPROVE"


def test_according_to_marks_the_source(nlp):
    r = relation(run(nlp, "Chad attacked Niger, according to the African Union."), "Chad", "Niger")
    assert r.reported and r.attributed_to == "organization:african-union"


@pytest.mark.parametrize("text, subject, obj, cameo", [
    ("Bahrain severed diplomatic relations with Qatar.", "Bahrain", "Qatar", "161"),
    ("Norway pledged humanitarian aid to Sudan.", "Norway", "Sudan", "033"),
    ("Syria vowed revenge against Israel.", "Syria", "Israel", "138"),
    ("Canada imposed visa restrictions on Iranian officials.", "Canada", "Iran", "163"),
    ("Jordan carried out air strikes on Syrian targets.", "Jordan", "Syria", "195"),
    ("Cyprus blocked Turkey's bid to join the bloc.", "Cyprus", "Turkey", "120"),
])
def test_theme_patterns_from_news_usage(nlp, text, subject, obj, cameo):
    assert relation(run(nlp, text), subject, obj).event.cameo == cameo


@pytest.mark.parametrize("text, subject, plover", [
    ("Ethiopian troops withdrew from Somalia.", "Ethiopia", "RETREAT"),
    ("Kenya withdrew from Somalia.", "Kenya", "SANCTION"),  # a state leaving is not its forces pulling back
])
def test_troops_withdrawing_retreat(nlp, text, subject, plover):
    assert relation(run(nlp, text), subject, "Somalia").event.plover == plover


def test_contract_reports_how_exact_each_date_is(nlp):
    from geokg.graph.model import Article
    from geokg.ingest.contract import to_contract
    from geokg.ingest.extract import extract

    text = "Chile expelled a Peruvian diplomat last month. Chile condemned Peru on Tuesday. Chile criticised Bolivia."
    article = Article(id="t", published=date(2024, 3, 12))
    got = {r["predicate"]: (r["date"], r["date_precision"])
           for r in to_contract(extract(nlp(text), article))["relations"]}
    assert got == {"EXPEL": ("2024-02-01", "month"), "CONDEMN": ("2024-03-12", "day"),
                   "CRITICISE": ("2024-03-12", "article")}

"""The event lexicon at codebook scale (ingest/data/events.tsv): every pattern is exercised by a sentence of
our own through the real spaCy pipeline and typed with its CAMEO root, every root and sub-code has patterns,
and hand-written families (tenses, voices, negation) for the sub-codes' usual phrasings."""

from __future__ import annotations

import pytest

from geokg.ingest.extract import events
from tests.extract_helpers import run
from tests.lexicon_probes import lexicon_codes, probe, variant_of

CODES = lexicon_codes()
# Spelling variants ('* +sanctions' of '* +sanction') are exercised through the pattern they vary.
OWN = {p: c for p, c in CODES.items() if variant_of(p, CODES) is None}
ROOTS = [f"{r:02d}" for r in range(1, 21)]
SUB_CODES = sorted({c[:3] for c in CODES.values()})


@pytest.fixture(scope="module")
def probed(nlp) -> dict[str, str | None]:
    """Every pattern and the probe sentence that exercised it (None when none did), parsed once."""
    return probe(nlp, OWN)


def exercised(probed: dict[str, str | None], pattern: str) -> bool:
    """A pattern is exercised by its own probe, or is a spelling variant of one that is ('* +sanctions' of
    '* +sanction', 'lambaste' of 'lambast': the lemmatiser gives one form or the other)."""
    return probed.get(variant_of(pattern, CODES) or pattern) is not None


def test_every_lexicon_pattern_is_exercised_by_a_probe_sentence(probed):
    missed = sorted(p for p in CODES if not exercised(probed, p))
    assert len(OWN) >= 0.99 * len(CODES)  # variants are few: nearly every pattern has a sentence of its own
    assert len(missed) <= 0.01 * len(CODES), f"{len(missed)} patterns no probe sentence exercises: {missed}"


@pytest.mark.parametrize("root", ROOTS)
def test_every_cameo_root_has_patterns_each_typed_with_the_root(probed, root):
    patterns = [p for p, c in CODES.items() if c.startswith(root)]
    assert len(patterns) >= 20, f"root {root}: {len(patterns)} patterns"
    missed = [p for p in patterns if not exercised(probed, p)]
    assert len(missed) <= 0.05 * len(patterns), missed


@pytest.mark.parametrize("code", SUB_CODES)
def test_every_sub_code_has_a_pattern_a_probe_types(probed, code):
    assert any(probed[p] is not None for p, c in CODES.items() if c.startswith(code)), code


@pytest.mark.parametrize("code", sorted(set(CODES.values())))
def test_each_code_takes_goldstein_and_quad_class_of_its_root(code):
    event = next(e for e in events.lexicon().values() if e.cameo == code)
    root = int(code[:2])
    assert event.goldstein == events.GOLDSTEIN[code[:2]]
    assert event.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4)


CLOSED_CLASS = {"of", "to", "on", "for", "against", "with", "over", "from", "into", "at", "by", "in", "about", "upon",
                "that", "out", "off", "up", "down", "back", "away", "aside", "together", "verbally", "sexually",
                "forcibly", "responsible", "accountable", "martial"}


def test_a_theme_is_a_noun_not_a_preposition_or_adverb():
    """The classifier's theme is the object noun's lemma: '+with', '+verbally' or '+sit-in' (three tokens)
    could never match it."""
    themes = [p for p in CODES if " +" in p]
    bad = [p for p in themes if (w := p.split("+")[1]) in CLOSED_CLASS or "-" in w]
    assert not bad, bad


def typed(nlp, text: str) -> set[tuple[str, str, str]]:
    """(subject, CAMEO code, object) of every relation of a text, by entity name."""
    g = run(nlp, text)
    by_id = {e.id: e.name for e in g.entities}
    return {(by_id[r.subject], r.event.cameo if r.event else "", by_id[r.object]) for r in g.relations}


# Hand-written families for the codebook's sub-codes: several verbs, tenses and voices; a negated or promised
# cooperative act is a rejection (12) or an intent (03); a negated conflict act keeps its type (flagged negated).
@pytest.mark.parametrize(("text", "subject", "code", "obj"), [
    ("Kenya's president phoned his Ugandan counterpart on Tuesday.", "Kenya", "041", "Uganda"),
    ("Kenyan President William Ruto telephoned Ugandan President Yoweri Museveni.", "William Ruto", "041",
     "Yoweri Museveni"),
    ("Kenya has held a phone call with Uganda.", "Kenya", "041", "Uganda"),
    ("Qatar has offered its mediation to Sudan.", "Qatar", "039", "Sudan"),
    ("Egypt accepted Qatari mediation.", "Egypt", "038", "Qatar"),
    ("Egypt will accept Qatari mediation.", "Egypt", "038", "Qatar"),
    ("Egypt has not accepted Qatari mediation.", "Egypt", "12", "Qatar"),
    ("Sudan rejected mediation by Kenya.", "Sudan", "126", "Kenya"),
    ("Ethiopia refused arbitration by the African Union.", "Ethiopia", "126", "African Union"),
    ("Armenia refused Azerbaijan's invitation to talks.", "Armenia", "125", "Azerbaijan"),
    ("Sudan declined an invitation from Kenya.", "Sudan", "125", "Kenya"),
    ("Turkey rejected the peace plan proposed by Russia.", "Turkey", "127", "Russia"),
    ("Armenia has rejected Azerbaijan's offer of talks.", "Armenia", "127", "Azerbaijan"),
    ("Russia vetoed a Security Council resolution on Syria.", "Russia", "129", "Syria"),
    ("Russia vetoes every resolution on Syria.", "Russia", "129", "Syria"),
    ("The resolution on Ukraine has been vetoed by Russia.", "Russia", "129", "Ukraine"),
    ("Serbia vetoed Kosovo's membership bid.", "Serbia", "129", "Kosovo"),
    ("Russian warplanes violated Finnish airspace.", "Russia", "128", "Finland"),
    ("Finnish airspace was violated by Russian warplanes.", "Russia", "128", "Finland"),
    ("North Korea flouted United Nations sanctions.", "North Korea", "128", "United Nations"),
    ("Iran is circumventing U.S. sanctions.", "Iran", "128", "United States"),
    ("The United States lifted sanctions on Venezuela.", "United States", "085", "Venezuela"),
    ("The European Union has eased sanctions on Belarus.", "European Union", "085", "Belarus"),
    ("Sanctions on Venezuela were lifted by the United States.", "United States", "08", "Venezuela"),
    ("Washington will lift tariffs on Mexican steel.", "United States", "035", "Mexico"),
    ("The United States did not lift sanctions on Cuba.", "United States", "12", "Cuba"),
    ("Israel lifted its blockade of Gaza.", "Israel", "0872", "Palestine"),
    ("Mali demanded the withdrawal of French troops.", "Mali", "105", "France"),
    ("France demanded talks with Algeria.", "France", "106", "Algeria"),
    ("Pakistan sought loans from China.", "Pakistan", "0231", "China"),
    ("Ukraine is seeking loans from the IMF.", "Ukraine", "0231", "International Monetary Fund"),
    ("Ukraine has requested more weapons from Germany.", "Ukraine", "0232", "Germany"),
    ("The UN urged restraint by India and Pakistan.", "United Nations", "025", "India"),
    ("Japan offered loans to Sri Lanka.", "Japan", "033", "Sri Lanka"),
    ("Britain pledged weapons to Ukraine.", "Britain", "0332", "Ukraine"),
    ("Germany sent tanks to Ukraine.", "Germany", "072", "Ukraine"),
    ("Britain will send tanks to Ukraine.", "Britain", "033", "Ukraine"),
    ("Germany did not send tanks to Ukraine.", "Germany", "12", "Ukraine"),
    ("The United States has delivered missiles to Taiwan.", "United States", "072", "Taiwan"),
    ("China donated vaccines to Cambodia.", "China", "073", "Cambodia"),
    ("Kenya contributed troops to Somalia.", "Kenya", "074", "Somalia"),
    ("The United States threatened sanctions against Turkey.", "United States", "1312", "Turkey"),
    ("Peru issued an ultimatum to Ecuador.", "Peru", "139", "Ecuador"),
    ("North Korea has put its troops on high alert against South Korea.", "North Korea", "152", "South Korea"),
    ("Russia mobilized reservists against Ukraine.", "Russia", "154", "Ukraine"),
    ("China conducted military drills near Taiwan.", "China", "150", "Taiwan"),
    ("Russia expelled journalists from Britain.", "Russia", "174", "Britain"),
    ("Iran seized a British tanker.", "Iran", "1711", "Britain"),
    ("Iran detained a Greek tanker.", "Iran", "1711", "Greece"),
    ("A British tanker was seized by Iran on Friday.", "Iran", "17", "Britain"),
    ("Israeli forces demolished homes in the West Bank.", "Israel", "1712", "Palestine"),
    ("Myanmar's junta dissolved the party of Aung San Suu Kyi.", "Myanmar", "172", "Aung San Suu Kyi"),
    ("Russian forces crossed into Ukraine.", "Russia", "192", "Ukraine"),
    ("Israeli forces entered the town of Jenin.", "Israel", "192", "Jenin"),
    ("Russia intensified attacks on Ukraine.", "Russia", "190", "Ukraine"),
    ("Turkey downed a Russian jet.", "Turkey", "190", "Russia"),
    ("Turkish jets downed a Syrian helicopter.", "Turkey", "190", "Syria"),
    ("Russian forces have pounded Ukrainian positions.", "Russia", "194", "Ukraine"),
    ("Ethiopia sealed its border with Eritrea.", "Ethiopia", "191", "Eritrea"),
    ("Israel cut off supplies to Gaza.", "Israel", "191", "Palestine"),
    ("Kenya's opposition campaigned against President William Ruto.", "Kenya's opposition", "113", "William Ruto"),
    ("A court in Senegal convicted the former president of Chad.", "Senegal", "116", "Chad"),
    ("Germany expressed condolences to Turkey.", "Germany", "018", "Turkey"),
    ("India expanded cooperation with Japan.", "India", "060", "Japan"),
    ("France shared intelligence with Mali.", "France", "064", "Mali"),
    ("Egypt reopened its embassy in Qatar.", "Egypt", "050", "Qatar"),
    ("Saudi Arabia and Iran exchanged ambassadors.", "Saudi Arabia", "050", "Iran"),
    ("Brazil signed a contract with China.", "Brazil", "057", "China"),
    ("Iraq investigated the killing of protesters by Iranian militias.", "Iraq", "091", "Iranian militias"),
    ("The ICC investigated atrocities by Russia in Ukraine.", "International Criminal Court", "094", "Russia"),
])
def test_sub_code_families(nlp, text, subject, code, obj):
    got = typed(nlp, text)
    assert any(s == subject and c.startswith(code) and o == obj for s, c, o in got), got

"""Relationship types: predicate lemmas in the past tense, from a table of irregular verbs and English rules."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from geokg.graph.naming import irregular_past, past_tense, relationship_type


@pytest.mark.parametrize(("verb", "past"), [
    ("STOP", "STOPPED"), ("BAN", "BANNED"), ("PLAN", "PLANNED"), ("SHIP", "SHIPPED"), ("QUIZ", "QUIZZED"),
    ("VISIT", "VISITED"), ("OFFER", "OFFERED"), ("THREATEN", "THREATENED"), ("COMMIT", "COMMITTED"),
    ("CONTROL", "CONTROLLED"), ("IMPOSE", "IMPOSED"), ("AGREE", "AGREED"), ("DENY", "DENIED"),
    ("PLAY", "PLAYED"), ("CONVEY", "CONVEYED"), ("FIX", "FIXED"), ("ROW", "ROWED"), ("PANIC", "PANICKED"),
    ("MEET", "MET"), ("SAY", "SAID"), ("SEEK", "SOUGHT"), ("WITHDRAW", "WITHDREW"), ("BE", "WAS"), ("HAVE", "HAD"),
    ("PUT", "PUT"), ("QUIT", "QUIT"), ("SPEAK", "SPOKE"), ("ACCUSE", "ACCUSED"), ("CRITICIZE", "CRITICIZED"),
])
def test_past_tense(verb: str, past: str):
    assert past_tense(verb) == past


def test_multiword_predicates_inflect_their_head():
    assert relationship_type("call_for") == "CALLED_FOR"
    assert relationship_type("HAND OVER") == "HANDED_OVER"


def _lemminflect_verbs() -> list[str]:
    import lemminflect

    table = Path(lemminflect.__file__).with_name("resources") / "infl_lu.csv.gz"
    with gzip.open(table, "rt", encoding="utf-8") as f:
        rows = (line.split(",") for line in f)
        return sorted({r[0] for r in rows if r[1] == "verb" and r[0].isalpha() and r[0].islower()})


def test_types_match_what_lemminflect_gave_for_its_whole_verb_lexicon():
    """Types stored by earlier versions (which asked lemminflect) stay the same; hyphenated forms aside."""
    from lemminflect import getInflection

    verbs = _lemminflect_verbs()
    assert len(verbs) > 5000
    differ = []
    for verb in verbs:
        forms = [f.upper() for f in getInflection(verb, "VBD")]
        if forms and forms[0].isalpha() and past_tense(verb.upper()) != forms[0]:
            differ.append((verb, past_tense(verb.upper()), forms[0]))
    assert differ == [("bestride", "BESTRODE", "BETRODE"), ("bide", "BIDED", "BODED"),
                      ("impanel", "IMPANELED", "EMPANELLED"), ("jell", "JELLED", "GELLED"),
                      ("mimic", "MIMICKED", "MIMICED")]  # lemminflect's slips


def test_the_irregular_table_is_upper_case_words():
    assert all(k.isalpha() and k.isupper() and v.isalpha() and v.isupper() for k, v in irregular_past().items())

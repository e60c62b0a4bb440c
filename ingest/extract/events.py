"""Event typing: a predicate (with its particle or theme noun) to CAMEO, PLOVER, Goldstein and quad class."""

from __future__ import annotations

from functools import lru_cache

from geokg.graph.model import Event
from geokg.ingest.extract.gazetteer import data_lines
from geokg.ingest.extract.words import word_class

# Goldstein conflict-cooperation scale and quad class of each CAMEO root code.
GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
             "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
             "18": -9.0, "19": -10.0, "20": -10.0}


def quad_class(cameo: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Event]:
    """The event lexicon: pattern ("meet", "call on", "impose +sanction") -> Event."""
    out = {}
    for row in data_lines("events.tsv"):
        cell, cameo, plover, label = (row + ["", "", "", ""])[:4]
        event = Event(cameo, "" if plover == "-" else plover, GOLDSTEIN[cameo[:2]], quad_class(cameo), label)
        for pattern in cell.split("|"):  # a cell may list alternatives: "slam|blast|lambast"
            if pattern.strip():
                out.setdefault(" ".join(pattern.split()), event)
    return out


def classify(lemma: str, particle: str | None = None, theme: str | None = None) -> Event | None:
    """The event a predicate denotes, most specific pattern first; None when the lexicon does not know it."""
    lex = lexicon()
    for pattern in (f"{lemma} +{theme}" if theme else None, f"{lemma} {particle}" if particle else None, lemma):
        if pattern and pattern in lex:
            event = lex[pattern]
            break
    else:
        event = None
    if theme and (event is None or event.cameo.startswith("01") or lemma in CARRIER_VERBS) \
            and f"{lemma} +{theme}" not in lex:  # a carrier's own phrase ("held a call", "staged a protest") first
        return lex.get(f"* +{theme}", event)  # "announced a suspension", "launched an offensive"
    return event


# Verbs whose object names the event ("launch an attack", "stage a strike").
CARRIER_VERBS = word_class("carrier")


@lru_cache(maxsize=4096)
def better_lemma(text: str, lemma: str) -> str:
    """spaCy's lemma, or lemminflect's when only that one is a known event verb ("waged": wag / wage)."""
    if lemma in known_lemmas():
        return lemma
    from lemminflect import getLemma

    alt = getLemma(text, upos="VERB")
    return alt[0] if alt and alt[0] in known_lemmas() else lemma


def verb_lemma(tok) -> str:
    """The lower-case lemma of a predicate token."""
    return better_lemma(tok.lower_, tok.lemma_.lower())


@lru_cache(maxsize=1)
def known_lemmas() -> frozenset[str]:
    """The first words of every lexicon pattern."""
    return frozenset(p.split()[0] for p in lexicon())


def knows(lemma: str) -> bool:
    """True when some lexicon pattern starts with this lemma."""
    return lemma in known_lemmas()


INTENT_CAMEO = {"04": "036", "05": "031", "06": "030", "07": "033", "08": "035"}


def as_refusal(event: Event) -> Event:
    """Not doing a cooperative act ("will not approve", "did not agree") is a rejection (CAMEO 12)."""
    if not "03" <= event.cameo[:2] <= "08":
        return event
    return Event("120", "REJECT", GOLDSTEIN["12"], 3, f"reject: {event.label}")


REFUSAL = Event("120", "REJECT", GOLDSTEIN["12"], 3, "reject")


def as_threat(event: Event) -> Event:
    """An announced coercive or violent act ("will extend the curfew", "would blockade Paris") is a threat."""
    if int(event.cameo[:2]) < 15 or event.cameo[:2] in ("08",):
        return event
    return Event("130", "THREATEN", GOLDSTEIN["13"], 3, f"threaten: {event.label}")


def as_intent(event: Event) -> Event:
    """A promise of a cooperative act ("will provide aid") is an expression of intent (CAMEO 03)."""
    cameo = INTENT_CAMEO.get(event.cameo[:2])
    if cameo is None:
        return event
    return Event(cameo, "AGREE", GOLDSTEIN["03"], 1, f"express intent: {event.label}")


MILITARY_RETREAT = Event("087", "RETREAT", GOLDSTEIN["08"], 2, "de-escalate military engagement")
AERIAL_FORCE = Event("195", "FIGHT", GOLDSTEIN["19"], 4, "employ aerial weapons")
MILITARY_FORCE = Event("190", "FIGHT", GOLDSTEIN["19"], 4, "use conventional military force")
DEMAND = Event("100", "DEMAND", GOLDSTEIN["10"], 3, "demand")
THREAT = Event("130", "THREATEN", GOLDSTEIN["13"], 3, "threaten")
REPRESSION = Event("175", "COERCE", GOLDSTEIN["17"], 4, "use tactics of violent repression")

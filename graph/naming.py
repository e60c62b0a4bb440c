"""Relationship types from predicates: the verb lemma in the past tense, upper case (MEET -> MET)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from geokg.graph.errors import InvalidInput

TYPE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
PAST_TENSE_FILE = Path(__file__).with_name("past_tense.tsv")
# One vowel group then one consonant that doubles: STOP -> STOPPED, PLAN -> PLANNED (not W, X, Y: ROW -> ROWED).
DOUBLING = re.compile(r"(?:QU|[^AEIOU])*[AEIOU][^AEIOUWXY]")


@cache
def irregular_past() -> dict[str, str]:
    """Lemma -> past tense for the verbs the regular rules get wrong, from past_tense.tsv."""
    table = {}
    for line in PAST_TENSE_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, past = line.split("\t")
            table[lemma] = past
    return table


def past_tense(verb: str) -> str:
    """The simple past of an upper-case English verb: the irregular table, else the regular spelling rules."""
    known = irregular_past().get(verb)
    if known is not None:
        return known
    if verb.endswith("E"):
        return verb + "D"  # IMPOSE -> IMPOSED, AGREE -> AGREED
    if verb.endswith("Y") and len(verb) > 1 and verb[-2] not in "AEIOU":
        return verb[:-1] + "IED"  # DENY -> DENIED (PLAY -> PLAYED)
    if verb.endswith("C"):
        return verb + "KED"  # PANIC -> PANICKED
    if DOUBLING.fullmatch(verb):
        return verb + verb[-1] + "ED"  # STOP -> STOPPED; longer words double only by the table (VISIT -> VISITED)
    return verb + "ED"


FALLBACK_TYPE = "RELATED_TO"  # for a predicate with no letters to make a type of; its lemma stays in .predicate


@lru_cache(maxsize=4096)
def relationship_type(predicate: str) -> str:
    """The relationship type of a predicate lemma: its first word in the past tense (CALL_FOR -> CALLED_FOR).
    Any predicate gets a valid type, so one odd verb never stops a write: accents are dropped (DÉCLARER ->
    DECLARERED), other characters become '_', and what still fits no type pattern is RELATED_TO."""
    if not predicate.strip():
        raise InvalidInput(f"predicate {predicate!r} is empty")
    ascii_ = unicodedata.normalize("NFKD", predicate).encode("ascii", "ignore").decode().upper()
    words = [w for w in re.split(r"[^A-Z0-9]+", ascii_) if w]
    if not words or not words[0][0].isalpha():
        return FALLBACK_TYPE
    head = words[0]
    past = past_tense(head) if head.isalpha() else head
    return validate_type("_".join([past, *words[1:]]))


def validate_type(rel_type: str) -> str:
    """The relationship type unchanged if it matches the allowlist pattern, else InvalidInput naming it."""
    if not TYPE_PATTERN.fullmatch(rel_type):
        raise InvalidInput(f"relationship type {rel_type!r} does not match {TYPE_PATTERN.pattern}")
    return rel_type


def cypher_type(rel_type: str) -> str:
    """The validated relationship type backtick-escaped for Cypher text (types cannot be parameters)."""
    return "`" + validate_type(rel_type).replace("`", "``") + "`"


def predicate_matches(predicate: str, wanted: str) -> bool:
    """Whether a stored predicate lemma matches a filter given as a lemma (MEET) or a type (MET)."""
    wanted = wanted.strip().upper().replace(" ", "_")
    lemma = predicate.upper()
    if lemma == wanted:
        return True
    try:
        return relationship_type(lemma) == wanted
    except InvalidInput:
        return False

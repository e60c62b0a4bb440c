"""Relationship types from predicates: the verb lemma in the past tense, upper case (MEET -> MET)."""

from __future__ import annotations

import re
import sys
import threading
from functools import cache, lru_cache

from graph.errors import InvalidInput

TYPE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Verbs lemminflect gets wrong or that read better otherwise as a relationship type.
IRREGULAR = {"BE": "WAS", "HAVE": "HAD"}


_import_lock = threading.Lock()


@cache
def _get_inflection():
    """lemminflect's getInflection, imported without pulling in spaCy when spaCy is not loaded yet.

    lemminflect imports spaCy (seconds) just to register token extensions geokg does not use; a store serving
    queries should not pay that on its first relation.
    """
    with _import_lock:
        if "spacy" in sys.modules or "lemminflect" in sys.modules:
            from lemminflect import getInflection
        else:
            sys.meta_path.insert(0, _NoSpacy)
            try:
                from lemminflect import getInflection
            finally:
                sys.meta_path.remove(_NoSpacy)
    return getInflection


class _NoSpacy:
    """An import hook that makes `import spacy` fail, for the moment lemminflect is imported."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("spaCy is not needed to inflect predicates")


@lru_cache(maxsize=4096)
def relationship_type(predicate: str) -> str:
    """The relationship type of a predicate lemma: its first word in the past tense (CALL_FOR -> CALLED_FOR)."""
    words = re.split(r"[\s_]+", predicate.strip().upper())
    head = words[0] if words and words[0] else ""
    if not head:
        raise InvalidInput(f"predicate {predicate!r} is empty")
    past = IRREGULAR.get(head)
    if past is None:
        forms = _get_inflection()(head.lower(), "VBD") if head.isalpha() else ()
        past = forms[0].upper() if forms else head
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

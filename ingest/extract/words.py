"""Word classes the extraction rules consult, read from ingest/data/word_classes.tsv, and the event nouns of
ingest/data/event_nouns.tsv."""

from __future__ import annotations

from functools import lru_cache

from geokg.ingest.extract.gazetteer import data_lines


@lru_cache(maxsize=1)
def classes() -> dict[str, frozenset[str]]:
    """Class name -> its words."""
    out: dict[str, set[str]] = {}
    for row in data_lines("word_classes.tsv"):
        name, words = row[0].strip(), row[1] if len(row) > 1 else ""
        out.setdefault(name, set()).update(words.split())
    return {k: frozenset(v) for k, v in out.items()}


def word_class(name: str) -> frozenset[str]:
    """The words of one class; a KeyError names a class the data file lacks."""
    return classes()[name]


def in_class(tok, name: str) -> bool:
    """True when a token's form or lemma belongs to the class."""
    words = word_class(name)
    return tok.lower_ in words or tok.lemma_.lower() in words


@lru_cache(maxsize=1)
def event_nouns() -> dict[str, tuple[str, str]]:
    """Event noun -> (the verb it stands for, whose role 'of X' names: agent or patient)."""
    return {row[0].strip(): (row[1].strip(), (row + ["agent"])[2].strip()) for row in data_lines("event_nouns.tsv")}


def noun_verb(noun: str) -> str | None:
    """The verb an event noun stands for ("airstrikes" -> strike), or None."""
    entry = event_nouns().get(noun)
    return entry[0] if entry else None

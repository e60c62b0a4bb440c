"""Nominal events: 'the meeting of US and Iranian ministers', 'talks between X and Y', "X's visit to Y"."""

from __future__ import annotations

from spacy.tokens import Span

from geokg.ingest.extract.canon import leading_country, scene_country
from geokg.ingest.extract.clauses import TIME_PREPS, Clause, accused, subjects, target_actors
from geokg.ingest.extract.flags import according_to, charged_with
from geokg.ingest.extract.resolve import Resolver
from geokg.ingest.extract.stance import culpable
from geokg.ingest.extract.words import event_nouns

PARTIES = {"of", "between", "among"}
TARGETS = {"to", "with", "on", "against", "upon", "into"}
# Prepositions that set an event noun as the scene of the clause it hangs on: its agent is that clause's subject.
SCENE_PREPS = (TIME_PREPS - {"in", "on"}) | {"following", "ahead", "at"}


def nominal_clauses(sent: Span, res: Resolver) -> list[Clause]:
    """Clauses stated by event nouns rather than verbs: "X's attack on Y", "the arrest of X by Y",
    "talks between X and Y", "Russian strikes on Kharkiv"."""
    out = []
    for tok in sent:
        entry = event_nouns().get(tok.lower_) if tok.pos_ == "NOUN" else None
        if entry is None:
            continue
        verb, of_role = entry
        clause = Clause(verb=tok, lemma=verb)
        clause.subjects = [k for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.tag_ != "PRP$"
                           for k in res.actors(c)]
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            found = [k for obj in prep.children if obj.dep_ == "pobj" for k in target_actors(obj, res)]
            if prep.lower_ == "by" or (prep.lower_ in PARTIES and of_role == "agent"):
                clause.subjects += [k for k in found if k not in clause.subjects]
            elif prep.lower_ == "of" or prep.lower_ in TARGETS:
                clause.objects += [(k, None if prep.lower_ == "of" else prep.lower_) for k in found]
        claimer = responsibility(tok)
        if of_role == "patient" and not clause.objects and claimer is not None:
            # "claimed responsibility for the hotel attack": on the country it happened in, the story's country
            where = scene_country(tok, res.cast) or leading_country(tok, res.cast)
            clause.objects = [(where, "in")] if where else []
        if of_role == "patient" and not clause.objects:
            continue  # "the arrests in the capital": no one named as acted on
        scene = tok.dep_ == "pobj" and tok.head.lower_ in SCENE_PREPS and tok.head.head.pos_ == "VERB"
        if not clause.subjects and scene:
            clause.subjects = subjects(tok.head.head, res)  # "after talks with X, Y said": Y talked with X
        if not clause.subjects and (charge := charged_with(tok)) is not None:
            clause.subjects = accused(charge, res)  # "stand accused of the bombing of X": they bombed X
        if not clause.subjects and claimer is not None:
            clause.subjects = subjects(claimer, res)  # "X claimed responsibility for / was behind the attack on Y"
        if clause.subjects:
            out.append(clause)
    return out


def responsibility(noun) -> object | None:
    """The verb whose subject did the act a noun names: "claimed / took / accepted responsibility for [the
    attack]", "was behind [the plot]", "is responsible for [the bombing]"."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return None
    if prep.lower_ == "behind" and prep.head.lemma_ in ("be", "stand", "lie"):
        return prep.head
    if prep.lower_ == "for" and prep.head.lower_ == "responsible" and prep.head.dep_ == "acomp":
        return prep.head.head
    if prep.lower_ != "for" or prep.head.lemma_ != "responsibility":
        return None
    verb = prep.head.head if prep.head.dep_ == "dobj" else prep.head  # the parser hangs "for" on either
    return verb if verb.pos_ == "VERB" and verb.lemma_ in ("claim", "take", "accept", "admit") else None


def attributed_charges(sent: Span, res: Resolver) -> list[Clause]:
    """An accusation stated by attribution: "X was behind the plot, according to prosecutors" is the source's
    accusation of X (the clause says X is to blame; the source says so)."""
    out = []
    for tok in sent:
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or tok.pos_ not in ("AUX", "VERB") or not culpable(tok) or \
                any(c.dep_ == "neg" for c in tok.children):
            continue
        reported, source = according_to(tok, res)
        accused = [k for k in target_actors(subject, res) if k != source]
        if reported and source is not None and accused:
            out.append(Clause(verb=tok, lemma="accuse", subjects=[source], objects=[(k, None) for k in accused]))
    return out

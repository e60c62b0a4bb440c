"""Evaluative statements: what a speaker judges an actor or its act to be ("called the subsidies unbearable",
"said the sanctions were illegal"), typed by the judgement rather than the verb of saying."""

from __future__ import annotations

from spacy.tokens import Token

from geokg.graph.model import Event
from geokg.ingest.extract.events import GOLDSTEIN
from geokg.ingest.extract.words import in_class

CRITICISM = Event("111", "DISAPPROVE", GOLDSTEIN["11"], 3, "criticize or denounce")
ACCUSATION = Event("112", "DISAPPROVE", GOLDSTEIN["11"], 3, "accuse")
PRAISE = Event("051", "SUPPORT", GOLDSTEIN["05"], 1, "praise or endorse")
# Clauses below a verb that say something of their own: their words are not the verb's judgement.
OWN_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "csubj", "conj", "parataxis"}
# Particles that turn an evaluative verb into another act ("call for", "call on", "see off").
DIRECTED = {"for", "on", "upon", "off", "up", "in", "out"}
JUDGED_DEPS = {"acomp", "attr", "oprd"}


def stance(words: list[Token]) -> Event | None:
    """Criticism when a negative judgement is among the words, praise for a positive one, else None."""
    if any(in_class(t, "stance_negative") for t in words):
        return CRITICISM
    if any(in_class(t, "stance_positive") for t in words):
        return PRAISE
    return None


def judgement_words(tokens: list[Token], skip: Token | None = None) -> list[Token]:
    """The tokens and what hangs below them, without the clauses of their own there (nor `skip`'s subtree)."""
    out, stack = [], [c for c in tokens if c.dep_ not in {"punct", "cc"}]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack += [c for c in tok.children if c is not skip and (c.dep_ not in OWN_CLAUSES or c.dep_ == "conj"
                                                                and c.pos_ != "VERB")]  # "dangerous and illegal"
    return out


def evaluation(verb: Token) -> Event | None:
    """The judgement an evaluative verb states of its object ("branded the visit a provocation")."""
    if verb.pos_ != "VERB" or not in_class(verb, "evaluate") or any(
            c.dep_ in ("prep", "prt") and c.lower_ in DIRECTED and c.i > verb.i for c in verb.children):
        return None  # "called for an end to the illegal occupation" is a demand, not a judgement
    if any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in verb.children):
        return None  # "calling it a crime": what 'it' stands for is not an actor named here
    return stance(judgement_words([c for c in verb.children if c.i > verb.i and c.dep_ not in OWN_CLAUSES]))


def culpable(clause: Token) -> bool:
    """True when a clause says its subject is to blame: "X was behind the attack", "was involved in", "is
    responsible for", "is guilty of", "did it in violation of the truce"."""
    heads = [clause, *(c for c in clause.children if c.dep_ in ("acomp", "prep", "attr"))]
    if clause.lemma_ in ("bear", "carry", "have", "hold", "share") and any(  # "bore responsibility for the death"
            c.dep_ == "dobj" and c.lemma_ in ("responsibility", "blame") for c in clause.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(o.dep_ == "pobj" and in_class(o, "breach")
                                                          for o in c.children) for c in clause.children):
        return True  # "said the group had been rebuilding its arsenal in breach of the agreement"
    return any(in_class(t, "culpable") for t in heads)


def judged_clause(verb: Token) -> tuple[Token, Event] | None:
    """A complement clause that judges its subject ("warned that the cooperation between X and Y is dangerous",
    "said the sanctions were illegal", "consider [the withdrawal by X a good step]"): the judged subject and
    the judgement."""
    small = verb.pos_ == "VERB" and in_class(verb, "evaluate")
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if clause.lemma_ != "be" and not (small and clause.pos_ in ("NOUN", "ADJ")) and not culpable(clause):
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subject is not None and subject.pos_ == "VERB":  # "that expanding cooperation between X and Y is"
            subject = next((c for c in subject.children if c.dep_ == "dobj"), None)
        if subject is None or subject.pos_ == "PRON" or any(c.dep_ == "neg" for c in clause.children):
            continue  # "it is unacceptable" names no actor; "is not a partisan step" judges nothing
        said = [c for c in clause.children if c.dep_ in JUDGED_DEPS]
        if clause.lemma_ != "be":  # the small clause's own head is the judgement ("a good step")
            said = [clause]
        event = ACCUSATION if culpable(clause) else stance(judgement_words(said, skip=subject))
        if event is not None:
            return subject, event
    return None


def judged_owner(verb: Token) -> tuple[Token, Event] | None:
    """A statement that judges an actor by the words it uses of that actor's act: "tweeted, 'It's time to stop
    Israel's heinous and cruel attacks'" is criticism of Israel (the owner named before the judged noun)."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for tok in clause.subtree:
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.tag_ != "PRP$"), None)
            if tok.pos_ != "NOUN" or owner is None or any(c.dep_ == "neg" for c in tok.head.children):
                continue
            event = stance(judgement_words([c for c in tok.children if c.dep_ in ("amod", "compound")]))
            if event is not None:
                return owner, event
    return None

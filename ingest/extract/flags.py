"""Flags on a clause: negated, hypothetical (modal or conditional), reported speech and who reported it."""

from __future__ import annotations

from spacy.tokens import Token

from geokg.ingest.extract.resolve import Resolver
from geokg.ingest.extract.words import in_class, word_class

REPORTING_VERBS = word_class("reporting")
ACCUSING = word_class("accusing")

MODALS = {"may", "might", "could", "would", "should", "can"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
NEGATIONS = {"not", "n't", "never", "no"}


def chain(verb: Token) -> list[Token]:
    """The verb and the verbs governing it through xcomp/acomp ('did not [agree] to [meet]')."""
    out = [verb]
    while out[-1].dep_ in ("xcomp", "acomp") and out[-1].head is not out[-1]:
        out.append(out[-1].head)
    return out


def negated(verb: Token) -> bool:
    """True when the clause or a verb governing it is negated; "will not hesitate to X" is not (it asserts X)."""
    if any(in_class(v, "failure") for v in chain(verb)[1:]):
        return True  # "failed to uphold the rights": not upheld
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and (c.lower_ in NEGATIONS or no_longer(c)))
               for v in chain(verb) if v is verb or not in_class(v, "reluctance") for c in v.children)


def no_longer(adverb: Token) -> bool:
    """'no longer' / 'no more': the act has stopped ("will no longer recognize X as president")."""
    return adverb.lower_ in ("longer", "more") and any(c.lower_ == "no" for c in adverb.children)


def hypothetical(verb: Token) -> bool:
    """True under a modal ('may', 'could') or inside a conditional clause ('if Trump goes ahead')."""
    for v in chain(verb):
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in v.children):
            return True
        if any(c.dep_ == "advcl" and conditional(c) for c in v.children):  # "if talks fail, X will ..."
            return True
    tok = verb
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children):
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


def conditional(clause: Token) -> bool:
    """True for a clause introduced by 'if' or 'unless'."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in clause.children)


def reporter(verb: Token, res: Resolver) -> tuple[bool, str | None]:
    """Whether the clause is reported speech, and the actor reported as saying it; an act someone is accused of
    is reported by the accuser ("Israel accused Hamas of attacking X": alleged, by Israel; "accused of planning
    to kidnap X" too)."""
    act = verb
    while act.dep_ == "xcomp" and act.head is not act:
        act = act.head
    if (charge := charged_with(act)) is not None:
        accusers = [k for c in charge.children if c.dep_ in ("nsubj", "agent")
                    for k in res.actors(next((o for o in c.children if o.dep_ == "pobj"), c))]
        return True, (accusers[0] if accusers else None)
    if (said := reporting_verb(verb)) is not None:
        speakers = [k for c in said.children if c.dep_ in ("nsubj", "agent") for k in res.actors(c)]
        return True, (speakers[0] if speakers else None)
    for child in verb.children:  # "... said Iran"; also a root reporting verb with the main clause under it
        if child.dep_ in ("ccomp", "parataxis") and child.lemma_ in REPORTING_VERBS:
            speakers = [k for c in child.children if c.dep_ == "nsubj" for k in res.actors(c)]
            return True, (speakers[0] if speakers else None)
    return according_to(verb, res)


def reporting_verb(verb: Token, hops: int = 6) -> Token | None:
    """The verb of saying a clause is reported under, through ccomp or parataxis ("X said [Y attacked Z]")."""
    tok = verb
    for _ in range(hops):
        if tok.head is tok:
            return None
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_ in REPORTING_VERBS:
            return tok.head
        tok = tok.head
    return None


def charged_with(act: Token) -> Token | None:
    """The accusing word an act hangs on through 'of' ("accused X of attacking", "stand accused of the bombing")."""
    if act.dep_ not in ("pcomp", "pobj") or act.head.lower_ != "of" or act.head.head is act.head:
        return None
    charge = act.head.head
    return charge if charge.lemma_ in ACCUSING else None


def according_to(verb: Token, res: Resolver) -> tuple[bool, str | None]:
    """'..., according to the UN': reported, by the actor after 'according to' when there is one."""
    for tok in verb.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            sources = [k for t in tok.nbor(1).children if t.dep_ == "pobj" for k in res.actors(t)]
            return True, (sources[0] if sources else None)
    return False, None

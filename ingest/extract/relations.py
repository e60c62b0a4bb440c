"""Relations between actors: clauses typed as events, flagged, dated, with the evidence sentence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from spacy.tokens import Span

from geokg.graph.model import Event, Relation
from geokg.ingest.extract import events, flags, timex
from geokg.ingest.extract.clauses import (DIRECTIVE_VERBS, LOCATIVE_PREPS, PARTY_PREPS, RECIPROCAL, RESPONSE_VERBS,
                                          Clause, clause_for, complement, event_verb, journey_purpose, predicates)
from geokg.ingest.extract.nominal import attributed_charges, nominal_clauses
from geokg.ingest.extract.resolve import Resolver
from geokg.ingest.extract.sectors import end_sector
from geokg.ingest.extract.stance import ACCUSATION
from geokg.ingest.extract.words import in_class, word_class

FUTURE_AUX = {"will", "'ll", "would", "shall"}
FORCE_ROOTS = {"18", "19", "20"}  # CAMEO roots of the use of force: assault, fight, mass violence


@dataclass(frozen=True, slots=True)
class Context:
    """What every relation of one article shares."""

    article_id: str
    published: date | None
    offset: int  # character offset of the parsed text inside the article (chunks of long documents)
    sentence_base: int  # index of the chunk's first sentence in the article


def sentence_relations(sent: Span, index: int, res: Resolver, ctx: Context) -> list[Relation]:
    """Every actor-to-actor relation one sentence states, at most one per ordered pair of actors."""
    when = sentence_date(sent, ctx.published)
    seen: set[tuple[str, str, int, str | None]] = set()
    out, untyped = [], {}
    clauses = [c for v, d in predicates(sent) if (c := clause_for(v, res, d)) is not None]
    for clause in clauses + nominal_clauses(sent, res) + attributed_charges(sent, res):
        for subject, obj, prep in pairs(clause):
            key = (subject, obj, own_clause(clause.verb), clause.lemma)  # an event noun states its own event
            if key in seen or subject == obj:
                continue
            relation = make_relation(clause, subject, obj, prep, sent, index, res, ctx, when)
            if home_ground(subject, obj, res) and (relation.event is None or relation.event.cameo.startswith("175")
                                                   or relation.subject_sector == "POLICE"
                                                   or (relation.theme or "") in word_class("armed_noun")):
                continue  # where its own police or crowd control acted; a region its army bombs, or one blamed,
                # urged or put under curfew, is acted on ("the junta's airstrikes on a village in Sagaing")
            if venue(relation, res) or (prep == "for" and relation.event is not None
                                        and relation.event.cameo[:2] in FORCE_ROOTS):
                continue  # "sent troops to fight for Russia": on Russia's side, not against it
            if relation.event is None:  # a verb the lexicon does not know: a candidate, kept with low confidence
                untyped.setdefault(key, relation)
            else:
                seen.add(key)
                out.append(relation)
                if relation.event.cameo.startswith("11") and not relation.negated:
                    res.charges[obj] = subject  # "X accused Y ...": a later "Y rejected the accusations" answers X
                if relation.event.cameo[:2] in FORCE_ROOTS and not (relation.negated or relation.hypothetical):
                    hit = res.cast.actors[obj]  # "Ukrainian drones attacked a refinery in Krasnodar": Russia too
                    for target in (obj, *(hit.affiliations if hit.type == "LOCATION" else ())):
                        last = res.attackers.get(target)  # "X and Y struck Z. Z vowed retaliation": at X and Y
                        hitters = last[1] if last is not None and last[0] == index else []
                        res.attackers[target] = (index, hitters + [subject] * (subject not in hitters))
    out += blamed(out, res)
    return out + [r for key, r in untyped.items() if key not in seen]


def blamed(relations: list[Relation], res: Resolver) -> list[Relation]:
    """Whoever reports a use of force or coercion by an actor blames that actor for it: "'The Taliban barring
    Bennett ... is one of many signs of their crackdown,' said Heather Barr" is Barr accusing the Taliban (CAMEO
    112), kept at a lower confidence than what the sentence says outright."""
    out, done = [], {(r.subject, r.object) for r in relations}
    for r in relations:
        speaker = r.attributed_to
        if speaker is None or r.event is None or r.negated or r.hypothetical or r.event.cameo[:2] < "17" \
                or speaker in (r.subject, r.object) or (speaker, r.subject) in done \
                or res.cast.actors[speaker].type not in ("PERSON", "ORGANIZATION") \
                or r.subject in res.cast.actors[speaker].affiliations or own_official(res.cast.actors[speaker], r, res):
            continue  # an agency reporting its own country's strikes blames no one
        done.add((speaker, r.subject))
        out.append(replace(r, subject=speaker, object=r.subject, predicate="ACCUSE", event=ACCUSATION,
                           confidence=round(min(r.confidence, 0.6), 2), attributed_to=None, reported=False,
                           subject_sector=None, object_sector=r.subject_sector, theme=None, preposition=None))
    return out


def own_official(speaker, r: Relation, res: Resolver) -> bool:
    """True for a minister or spokesman of no named country reporting what a state did: the story's own official
    announcing an arrest ("arrested X, Interior Minister Diosdado Cabello said"), not blaming it."""
    return speaker.type == "PERSON" and not speaker.affiliations and res.cast.actors[r.subject].type == "COUNTRY" \
        and any(role.split()[-1].lower() in word_class("state_title") for role in speaker.roles)


def venue(r: Relation, res: Resolver) -> bool:
    """True for a place that a verbal or diplomatic act happened in or at ("would host talks in Jeddah", "warned
    against interference in the South Caucasus"): a where, not a whom. A visit goes to the place ("arrived in
    Amman"), and threats, protest, coercion and force "in" a place act on it ("shelled targets in Kharkiv")."""
    return r.preposition in LOCATIVE_PREPS | {"at"} and res.cast.actors[r.object].type == "LOCATION" \
        and r.event is not None and r.event.cameo[:2] < "13" and r.event.cameo != "042"


def home_ground(subject: str, obj: str, res: Resolver) -> bool:
    """True when the object is a place in the subject's own country ("Kenyan police fired at people in Nairobi")."""
    place = res.cast.actors[obj]
    return place.type == "LOCATION" and subject in place.affiliations


def own_clause(verb) -> int:
    """The verb that opens the clause with its own subject: one relation per pair per stated subject, so
    "X hosted Y, and the two leaders agreed ..." keeps both events."""
    for _ in range(8):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.head is verb or verb.dep_ == "pcomp" \
                or (verb.dep_ == "conj" and verb.head.pos_ == "VERB"):
            return verb.i  # "in announcing sanctions on X, Y said X ...": the gerund states an act of its own;
            # "met in Bangui and signed an agreement": each coordinated verb states its own act
        verb = verb.head
    return verb.i


def pairs(clause: Clause) -> list[tuple[str, str, str | None]]:
    """(subject, object, preposition) triples; coordinated subjects of a reciprocal verb relate to each other."""
    objects = clause.objects
    reciprocal = (clause.lemma or clause.verb.lemma_) in RECIPROCAL or (
        clause.via is not None and clause.via.lemma_ in RECIPROCAL)
    if reciprocal:  # "X and Y agreed on Z", "agreed to share intelligence on Z": Z is the topic, not a party
        objects = [(o, p) for o, p in objects if p not in word_class("topic_prep")]
    parties = len(clause.subjects) > 1 or any(p in PARTY_PREPS for _, p in objects)
    if parties and in_class(clause.verb, "deliberate"):  # "X and Y discussed Ukraine": a topic, not a party
        objects = [(o, p) for o, p in objects if p is not None]
    out = [(s, o, p) for s in clause.subjects for o, p in objects]
    places_only = all(p in LOCATIVE_PREPS or p == "at" for _, p in objects)
    asked = clause.verb.dep_ == "xcomp" and clause.verb.head.lemma_ in DIRECTIVE_VERBS  # "requested by X and Y to
    # discuss Z": a purpose of the request, not a meeting of X with Y
    if places_only and len(clause.subjects) > 1 and reciprocal and not asked:  # "X and Y met in Z", "signed a
        out = [(a, b, None) for a, b in combinations(clause.subjects, 2)]  # treaty at the White House": X meets Y
    return out


def predicate_of(clause: Clause, prep: str | None) -> tuple[str, Event | None]:
    """The predicate (verb lemma, upper case) and its event, the matrix verb first then the embedded one."""
    predicate, event = typed(clause, prep)
    if event is not None and journey_purpose(clause.verb):  # "was in Washington to meet officials": intended
        return predicate, events.as_intent(event)
    if event is not None and (future(clause.verb) or threatened(clause.verb)):
        event = events.as_threat(events.as_intent(event))
        if event.cameo[:2] >= "10" and flags.hypothetical(clause.verb) and event.cameo[:2] != "13" \
                and any(c.dep_ == "advcl" and flags.conditional(c) for c in clause.verb.children):
            event = events.THREAT  # "will boycott the elections unless the president steps down"
    return predicate, event


def threatened(verb) -> bool:
    """True for the act a threat names ("threatened to ban voting"): threatened, not done."""
    return verb.dep_ == "xcomp" and verb.head.lemma_ in ("threaten", "vow")


def repression(obj_name: str, event: Event | None) -> Event | None:
    """Force used on a crowd ("opened fire on demonstrators", "attacked protesters") is repression (CAMEO 175)."""
    if event is None or event.cameo[:2] not in ("18", "19") or obj_name.split()[-1].lower() not in word_class("crowd"):
        return event
    return events.REPRESSION


def typed(clause: Clause, prep: str | None) -> tuple[str, Event | None]:
    """The predicate and the event the lexicon gives it."""
    verb = clause.verb
    if clause.lemma:
        return clause.lemma.upper(), events.classify(clause.lemma, prep)
    base = events.verb_lemma(verb)
    lemma = f"be {verb.lemma_}" if verb.pos_ == "ADJ" else base
    theme = theme_word(clause.theme) if clause.theme is not None else None
    event = events.classify(lemma, clause.particle or prep, theme)
    if event is None and in_class(verb, "retaliation") and not flags.negated(verb) and not any(
            c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):  # not "did not respond to queries"
        event = events.classify("retaliate")  # "said Russia would respond": strike back (a threat, if future)
    if clause.directive:
        event = events.DEMAND
    elif clause.stance is not None and (event is None or event.cameo.startswith("01") or in_class(verb, "evaluate")):
        return base.upper(), clause.stance  # "called the subsidies unbearable", "said the sanctions were illegal"
    promised = clause.via or complement(verb, "xcomp")
    if in_class(verb, "promise") and promised is not None:  # "vowed to crush Boko Haram": a threat to it;
        inner = events.classify(events.verb_lemma(promised), prep, theme)  # "pledged to support X": intent (03)
        if inner is None and in_class(promised, "retaliation"):
            inner = events.classify("retaliate")  # "vowed to respond": to strike back
        if inner is not None and inner.cameo[:2] >= "15":
            return base.upper(), events.as_threat(inner)
        if inner is not None and inner.cameo[:2] in events.INTENT_CAMEO:
            return base.upper(), events.as_intent(inner)
    if in_class(verb, "failure") and clause.via is not None:  # "refused to allow X", "failed to reach a deal"
        inner = events.classify(events.verb_lemma(clause.via), prep, theme) or event
        if inner is not None and base in ("refuse", "decline") and inner.cameo[:2] < "18":
            return base.upper(), events.REFUSAL  # "refused to deploy peacekeepers": a rejection, whatever the act
        return base.upper(), events.as_refusal(inner) if inner is not None else None
    if (event is None or event.cameo.startswith("01") or base in RESPONSE_VERBS or clause.proxy) \
            and clause.via is not None:
        inner_lemma = events.verb_lemma(clause.via)
        inner = events.classify(inner_lemma, prep, theme)
        if inner is not None and (event is None or not inner.cameo.startswith("01")):
            return inner_lemma.upper(), inner
    if clause.theme is not None and base in events.CARRIER_VERBS and event is not None \
            and (named := event_verb(clause.theme)):
        return named.upper(), event  # "carried out airstrikes on X": the predicate is the strike, not the carrying
    return base.upper(), event


# Sectors that bear arms: what would be a riot by a crowd (storming, torching, looting) is an assault by them.
ARMED_SECTORS = {"MILITARY", "REBELS", "INSURGENTS", "CRIMINAL", "POLICE"}
WEAPON_MODIFIERS = word_class("weapon_modifier")


def theme_word(theme) -> str:
    """The theme noun's lemma; a strike by weapons ("air strikes", "drone strike") is an airstrike, not a walkout."""
    lemma = theme.lemma_.lower()
    mods = {c.lower_ for c in theme.children if c.dep_ in ("compound", "amod")}
    if lemma == "strike" and mods & WEAPON_MODIFIERS:
        return "airstrike"
    return lemma


MILITARY = word_class("military_noun")


def military_subject(verb) -> bool:
    """True when a state's armed forces act ("Russian aircraft killed..."): conventional force, not terror."""
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj.lower_ in MILITARY
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return False
        verb = verb.head
    return False


def strike_sense(clause: Clause, predicate: str, event: Event | None, armed: bool = False) -> Event | None:
    """'Strike' by its arguments: workers and unions strike in protest (143); missiles, aircraft and states
    striking a target use force (aerial weapons 195, else 190)."""
    if predicate not in ("STRIKE", "HIT", "POUND", "TARGET"):
        return event
    if clause.lemma:  # "the strikes on X": a labour strike is by workers, not on someone
        subj = next((c for c in clause.verb.children if c.dep_ in ("poss", "compound", "amod")), None)
    else:
        subj = next((c for c in clause.verb.children if c.dep_ == "nsubj"), None)
    if not clause.lemma and clause.verb.lemma_ not in ("strike", "hit", "pound", "target"):
        # "carried out strikes": the noun named the event; armed forces and states carrying them out use force
        if event is None or event.cameo != "143" or not (armed or (subj is not None and in_class(subj, "weapon"))):
            return event
    if subj is not None and in_class(subj, "labour"):
        return events.classify("strike") if predicate == "STRIKE" else event
    if event is not None and event.cameo != "143":
        return event  # "will strike back": already typed (and a threat)
    heads = [t for t in (clause.verb if clause.lemma else subj, clause.theme) if t is not None]
    aerial = any(in_class(h, "aerial") or any(in_class(c, "aerial") for c in h.children) for h in heads)
    return events.AERIAL_FORCE if aerial else events.MILITARY_FORCE


def future(verb) -> bool:
    """True for a promised act: 'will provide', 'would support', 'will not hesitate to shut'."""
    promised = (verb, verb.head) if verb.dep_ == "xcomp" and in_class(verb.head, "reluctance") else (verb,)
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for v in promised for c in v.children)


def make_relation(clause: Clause, subject: str, obj: str, prep: str | None, sent: Span, index: int,
                  res: Resolver, ctx: Context, when: date | None) -> Relation:
    """One piece of evidence for subject-predicate-object."""
    predicate, event = predicate_of(clause, prep)
    if event is not None and (event.cameo == "180" or predicate == "WITHDRAW") and military_subject(clause.verb):
        event = events.MILITARY_FORCE if event.cameo == "180" else events.MILITARY_RETREAT  # troops withdrew
    subject_sector = end_sector(sent, subject, clause.verb, res.cast)
    armed = subject_sector in ARMED_SECTORS or (  # a state as such, not its opposition or unions
        res.cast.actors[subject].type == "COUNTRY" and subject_sector in (None, "GOVERNMENT"))
    event = repression(res.cast.actors[obj].name, strike_sense(clause, predicate, event, armed))
    if event is not None and event.cameo == "145" and subject_sector in ARMED_SECTORS:
        event = events.classify("attack")  # "militants stormed a hotel": an assault, not a riot
    reported, speaker = flags.reporter(clause.verb, res)
    neg, hyp = flags.negated(clause.verb), flags.hypothetical(clause.verb)
    if neg and event is not None:
        event = events.as_refusal(event)
    return Relation(
        subject=subject, predicate=predicate, object=obj, article_id=ctx.article_id,
        sentence=ctx.sentence_base + index, start=ctx.offset + sent.start_char, end=ctx.offset + sent.end_char,
        text=sent.text, theme=clause.theme.lemma_.lower() if clause.theme is not None else None,
        preposition=prep or clause.particle, verb_phrase=verb_phrase(clause), event=event,
        negated=neg, hypothetical=hyp, reported=reported, attributed_to=speaker if speaker != subject else None,
        confidence=confidence(event, clause, neg, hyp, reported), date=when,
        subject_sector=subject_sector,
        object_sector=end_sector(sent, obj, clause.verb, res.cast))


def verb_phrase(clause: Clause) -> str:
    """The verb with its auxiliaries, negation, particle and theme, as written ('has imposed fresh sanctions')."""
    verb = clause.verb
    words = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")] + [verb]
    if clause.via is not None:
        words.append(clause.via)
    if clause.theme is not None:
        words += [t for t in clause.theme.subtree if t.dep_ in ("amod", "compound") or t is clause.theme]
    return " ".join(t.text for t in sorted(set(words), key=lambda t: t.i))


# Below the default minimum (ingest/extract_settings.py): what an untyped verb relates is served only on request.
UNTYPED_CONFIDENCE = 0.35


def confidence(event: Event | None, clause: Clause, neg: bool, hyp: bool, reported: bool) -> float:
    """A rough belief that the relation is stated and typed right."""
    score = 0.9 if event is not None else UNTYPED_CONFIDENCE
    score -= 0.1 * (clause.via is not None) + 0.15 * hyp + 0.05 * reported + 0.1 * neg
    return round(max(score, 0.1), 2)


def sentence_date(sent: Span, published: date | None) -> date | None:
    """The date a time expression in the sentence points to, else the article's date."""
    doc = sent.doc  # Span.ents walks the whole document: read the sentence's own tokens instead
    for tok in sent:
        if tok.ent_iob_ == "B" and tok.ent_type_ in ("DATE", "TIME"):
            end = next((t.i for t in doc[tok.i + 1:sent.end] if t.ent_iob_ != "I"), sent.end)
            when = timex.resolve(doc[tok.i:end].text, published)
            if when is not None:
                return when
    return published

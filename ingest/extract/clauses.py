"""Clauses from the dependency parse: who (subjects) did what (predicate) to whom (objects)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from geokg.ingest.extract import events, flags
from geokg.ingest.extract.flags import charged_with
from geokg.graph.model import Event
from geokg.ingest.extract.canon import ANAPHOR_WINDOW
from geokg.ingest.extract.resolve import Resolver
from geokg.ingest.extract.stance import evaluation, judged_clause, judged_owner
from geokg.ingest.extract.words import in_class, noun_verb, word_class

OBJECT_PREPS = {"on", "against", "to", "with", "toward", "towards", "at", "into", "upon", "from", "over", "for",
                "about", "between", "among", "onto"}
NOUN_PREPS = OBJECT_PREPS | {"of", "by"}
INSTRUMENT_NOUNS = word_class("instrument_noun")
LOCATIVE_PREPS = {"in", "inside", "near", "across", "around"}
# Verbs that only carry the event of the verb they govern ("decided to allow").
LIGHT_VERBS = word_class("light_verb")
# Verbs whose clausal complement names the addressee ("demanded that the US cancel").
DIRECTIVE_VERBS = word_class("directive")
REPORTING_VERBS = word_class("reporting")
# Verbs whose event is the act they were done by ("retaliated by imposing tariffs": the tariffs).
RESPONSE_VERBS = word_class("response")
OBLIGATION = {"must", "should"}
# Prepositions before a gerund whose subject is the main clause's ("after meeting X, Y said").
TIME_PREPS = {"after", "before", "while", "upon", "on", "in", "since", "during", "when"}
ADDRESSEE_VERBS = word_class("addressee")
TOPIC_PREPS = {"over", "about", "against", "of"}
TOPIC_ONLY = {"over", "about"}
PARTY_PREPS = {"with", "between", "among"}
SPEECH_NOUNS = word_class("speech_noun")
# Verbs whose object does what their infinitive says ("persuaded Iraq to allow").
CONTROL_VERBS = word_class("control")
# Verbs whose subject acts through whoever it gets to do the act: when the one hired, paid or sent is no actor of
# its own ("hired the men to kill X", "sent troops to attack Y"), the subject does the act.
PROXY_VERBS = word_class("proxy")
# Verbs that with "X to do" give an order or press a demand on X.
ORDER_VERBS = word_class("order")
CHARGE_NOUNS = word_class("charge_noun")
THREAT_VERBS = word_class("threat")
STATE_PASSIVES = word_class("state_passive")
PREDICATE_ADJS = word_class("predicate_adj")
RECIPROCAL = word_class("reciprocal")


# Intransitive verbs of dying whose cause, a fight or strike named after 'in', is a killing by its agent.
DEATH_VERBS = word_class("death")
# The act a "came under ..." noun stands for.
SIEGE_VERBS = {"fire": "fire", "shelling": "shell", "bombardment": "bombard", "criticism": "criticize",
               "pressure": "pressure", "threat": "threaten", "siege": "besiege", "scrutiny": "criticize",
               "condemnation": "condemn", "rebuke": "criticize", "censure": "criticize"}


@dataclass(slots=True)
class Clause:
    """One predicate with the actors around it, before event typing."""

    verb: Token  # the token whose lemma is the predicate
    subjects: list[str] = field(default_factory=list)
    objects: list[tuple[str, str | None]] = field(default_factory=list)  # (actor, preposition)
    theme: Token | None = None
    particle: str | None = None
    via: Token | None = None  # the embedded verb an object came from ("agreed to [meet X]")
    directive: bool = False  # "X said Y must ..." reads as a demand on Y
    depth: int = 0
    lemma: str | None = None  # the predicate of a nominal event ("talks between X and Y" -> talk)
    stance: Event | None = None  # the judgement an evaluative statement makes ("called X unbearable": criticism)
    proxy: bool = False  # the act is done through someone the subject got to do it ("hired men to kill X")


def predicates(sent: Span) -> list[tuple[Token, int]]:
    """Verbs and predicative adjectives of a sentence with their depth, the main clause first."""
    heads = {t.i: t.head.i for t in sent}
    depths: dict[int, int] = {}

    def depth(i: int) -> int:
        chain = []
        while i not in depths and heads.get(i, i) != i and len(chain) < 60:
            chain.append(i)
            i = heads[i]
        d = depths.get(i, 0)
        for j in reversed(chain):
            d += 1
            depths[j] = d
        return depths.get(chain[0], d) if chain else d

    preds = [t for t in sent if t.pos_ == "VERB" or (t.pos_ == "ADJ" and t.lower_ in PREDICATE_ADJS)]
    return sorted(((t, depth(t.i)) for t in preds), key=lambda p: p[1])


def subjects(verb: Token, res: Resolver, hops: int = 0) -> list[str]:
    """The actors doing the action: nsubj, the agent of a passive, or the subject inherited from the governing verb."""
    subjs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    subjs += [m for c in subjs for m in c.children if m.dep_ == "nmod" and m.ent_type_ == "PERSON"
              and any(d.dep_ == "cc" for d in m.children)]  # "President A B and Prime Minister C D signed": the
    # parser hung the first name on the second; both signed
    named = [k for c in subjs for k in (res.actor_of(c, 0) if c.dep_ == "nmod" else res.actors(c))]
    if len(subjs) > 1 and named:  # "Sudan's paramilitary Rapid Support Forces shelled": the parser made the
        return named  # adjective a subject beside the name; the name acts, not the adjective's owner
    for child in subjs:
        found = res.actors(child) or owners(child, res)
        if found or child.tag_ not in ("WDT", "WP"):
            return found
    for child in verb.children:
        if child.dep_ == "agent":  # "killed by an Israeli airstrike": the strike's owner
            return [k for obj in child.children if obj.dep_ == "pobj"
                    for k in res.actors(obj) or (strikers(obj, res) if in_class(obj, "combat") else [])]
    if verb.dep_ == "amod" and verb.tag_ == "VBN":  # "the Rwanda-backed rebels": Rwanda backs them
        return [k for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod") for k in res.actors(c)]
    if verb.lemma_ in STATE_PASSIVES:  # "Israel is opposed to": a state of the subject, not a passive
        return [k for c in verb.children if c.dep_ == "nsubjpass" for k in res.actors(c)]
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return combat_agents(verb, res) or behest(verb, res) or custodians(verb, res) or official_agents(verb, res)
    if hops > 3:
        return []
    if verb.dep_ == "xcomp" and (ctrl := controller(verb.head)) is not None:
        return res.actors(ctrl)  # "urged the army to abandon X": the army is to act, not the urger
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == "VBG" \
            and verb.head.dep_ == "pcomp" and verb.head.head.head.pos_ == "VERB":  # "accused X of targeting
        return subjects(verb.head.head.head, res, hops + 1)  # civilians and called on Y": the accuser called
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.dep_ == "ccomp" \
            and verb.head.head.lemma_ in REPORTING_VERBS and not subjects(verb.head, res, hops + 1):
        return subjects(verb.head.head, res, hops + 1)  # "Ali said the deployment was a threat and asked the
        # Council to meet": the parser hung "asked" on "was"; Ali asked
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head is not verb:
        return subjects(verb.head, res, hops + 1)
    if verb.dep_ == "relcl":
        found = res.actors(verb.head)
        if any(c.lower_ in ("who", "whom") for c in verb.children) and all(
                res.cast.actors[k].type == "LOCATION" for k in found):
            return []  # "protesters outside parliament in Tbilisi, who were demonstrating": a place is no "who"
        return found
    if verb.dep_ == "acl" and (verb.tag_ == "VBG" or verb.head.dep_ == "ROOT") and (found := res.actors(verb.head)):
        return found  # "rebels fighting the president"; a sentence the parser rooted on its subject noun
    if (charge := charged_with(verb)) is not None:  # "accused Hamas of attacking X": Hamas (allegedly) attacked
        return accused(charge, res)
    if talked_about(verb):
        return []  # "held talks with the Houthis on ending Yemen's war": a topic, not an act of the talkers
    if verb.dep_ == "pcomp" and verb.head.lower_ in TIME_PREPS and verb.head.head.pos_ == "VERB":
        return subjects(verb.head.head, res, hops + 1)  # "after meeting X, Y said": Y met X
    if verb.dep_ == "acl" and verb.head.lemma_ in SPEECH_NOUNS:  # "issued a declaration demanding that ..."
        return subjects(verb.head.head, res, hops + 1)
    return []


def talked_about(act: Token) -> bool:
    """True for a gerund that says what talks are about ("talks on ending the war", "agreed on reopening the
    border", "negotiating over releasing hostages"): on, over or about a verb or noun of meeting or talking."""
    if act.dep_ != "pcomp" or act.head.lower_ not in word_class("topic_prep"):
        return False
    host = act.head.head
    talks = [host] + [c for c in host.children if c.dep_ == "dobj"]
    return any((noun_verb(t.lower_) or t.lemma_) in RECIPROCAL or in_class(t, "deliberate") for t in talks)


def accused(charge: Token, res: Resolver) -> list[str]:
    """Who an accusation names: its object ("accused Hamas of"), the subject of a passive or a predicate ("Hamas was
    accused of", "two Ivorian soldiers stand accused of"), or the noun it describes ("two men accused of")."""
    found = [k for c in charge.children if c.dep_ in ("dobj", "nsubjpass") for k in res.actors(c) or owners(c, res)]
    if not found and charge.dep_ in ("acomp", "oprd", "xcomp", "advcl") and charge.head.pos_ in ("VERB", "AUX"):
        found = [k for c in charge.head.children if c.dep_ == "nsubj" for k in res.actors(c) or owners(c, res)]
    if not found and charge.dep_ == "acl" and charge.head.pos_ in ("NOUN", "PROPN"):  # "two men accused of"
        found = res.actors(charge.head) or res.modifier_actors(charge.head)
    return found


def controller(verb: Token) -> Token | None:
    """The object that does what an infinitive complement says ("urged [Iran] to", "called on [the army] to")."""
    if verb.lemma_ not in DIRECTIVE_VERBS | CONTROL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "dobj":
            return child
        if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
            return next((o for o in child.children if o.dep_ == "pobj"), None)
    return None


def owners(noun: Token, res: Resolver) -> list[str]:
    """The actors behind a non-actor subject: "Iran's proposals", "the deployment of NATO troops",
    "a Saudi businessman" (CAMEO codes a person by the country named with them)."""
    if in_class(noun, "kin"):  # "the son of Jimmy Lai", "his client": someone else, not the one named; but
        return [k for c in noun.children if c.dep_ == "appos" for k in res.actors(c)]  # "Lai's son Sebastien" is
    found = [k for c in noun.children if c.dep_ == "poss" for k in res.actors(c)]
    for prep in ("of", "by"):  # "the deployment of NATO troops", "airstrikes by the Somali army"
        found = found or [k for c in noun.children if c.dep_ == "prep" and c.lower_ == prep
                          for o in c.children if o.dep_ == "pobj" for k in res.actors(o)]
    found = found or (res.modifier_actors(noun) if noun.pos_ == "NOUN" else [])
    if not found and noun.pos_ == "NOUN" and (verb := event_verb(noun)):
        found = res.antecedent(noun, lambda t: event_agents(t, noun, verb, res))  # "X struck Y. The strikes killed Z"
    return found


def event_agents(tok: Token, noun: Token, verb: str, res: Resolver) -> list[str]:
    """Who did the act a token names, if it names the same act as an event noun: the subject of that verb ("Israeli
    jets struck"), the owner of the same noun ("airstrikes by the Somali army"), or the subject that carried it out
    or decided it ("Russia launched an attack on Kyiv", "Washington approved an arms sale")."""
    if tok.pos_ == "VERB" and tok.lemma_ == verb:
        return subjects(tok, res)
    if tok.i == noun.i or tok.pos_ != "NOUN" or tok.lemma_ != noun.lemma_:
        return []
    found = owners(tok, res)
    if not found and tok.dep_ == "dobj" and tok.head.lemma_ in events.CARRIER_VERBS | word_class("decision"):
        found = subjects(tok.head, res)
    return found


def judging(verb: Token) -> bool:
    """True for a verb that judges what it names: criticism, praise, rejection, protest ("condemned the attack")."""
    event = events.classify(verb.lemma_.lower())
    return event is not None and (event.cameo[:2] in ("05", "11", "14") or in_class(verb, "answer"))


def act_kind(tok: Token, lemma: str) -> str | None:
    """The kind of act a word names, its CAMEO root; every use of force is one kind ("pounded", "struck",
    "the strikes"), whatever sense the lexicon gives a bare "strike"; a verb's object can name it ("ordered troops
    to the border" is a deployment)."""
    theme = complement(tok, "dobj") if tok.pos_ == "VERB" else None
    phrase = f"{lemma.lower()} +{theme.lemma_.lower()}" if theme is not None else ""
    # the verb's own phrase or a light verb's noun ("launched drills"): "called the arrest a coup" judges an
    # arrest, it is none
    event = events.lexicon().get(phrase) or (events.classify(lemma.lower(), None, theme.lemma_.lower())
                                              if theme is not None and lemma.lower() in events.CARRIER_VERBS
                                              else events.classify(lemma.lower()))
    if in_class(tok, "combat") or (event is not None and (event.cameo[:2] in ("18", "19", "20")
                                                          or event.cameo.startswith("175"))):
        return "force"  # violent repression too: "police dispersed the protesters ... condemned the crackdown"
    if in_class(tok, "accord"):  # "X and Y agreed to a ceasefire ... welcomed the agreement"
        return "accord"
    return event.cameo[:2] if event is not None else None


def referred_agents(noun: Token, res: Resolver) -> list[str]:
    """Who did the act a definite event noun refers back to ("Israeli jets struck Gaza. Egypt condemned the
    strikes"): the doer of the earlier mentions of that kind of act, as a verb or the same noun, when one actor
    did them all; when two did ("Russian missiles pounded Kyiv ... after Ukrainian drones struck a refinery ...
    condemned the strikes"), which one is meant is not said, and no one is."""
    if noun.pos_ == "NOUN" and in_class(noun, "act_generic"):
        return last_act_doers(noun, res)
    verb = event_verb(noun)
    if noun.pos_ != "NOUN" or verb is None:
        return []
    root = act_kind(noun, verb)

    def same_kind(tok: Token) -> list[str]:
        if tok.i == noun.head.i:
            return []  # the verb that judges it
        if tok.pos_ == "VERB" and tok.lemma_ != verb and root is not None and act_kind(tok, tok.lemma_) == root:
            return subjects(tok, res)
        return event_agents(tok, noun, verb, res)

    doers = res.antecedents(noun, same_kind)
    return doers[0] if len({tuple(d) for d in doers}) == 1 else []


# CAMEO roots of deeds rather than words: cooperation, aid, yielding, investigation, protest, force, coercion.
DEED_ROOTS = {"06", "07", "08", "09", "14", "15", "16", "17", "18", "19", "20"}


def last_act_doers(noun: Token, res: Resolver) -> list[str]:
    """Who did the nearest act before a generic act noun ("Maduro ordered troops to the border. Guyana called the
    move a threat": Maduro): the doers of the nearest earlier stated verb the lexicon types as a deed."""
    def act(tok: Token) -> list[str]:  # a stated act, not one a noun is described by ("firms accused of supplying")
        stated = tok.pos_ == "VERB" and tok.i != noun.head.i and tok.dep_ in ("ROOT", "conj", "ccomp")
        theme = complement(tok, "dobj")
        event = events.classify(tok.lemma_.lower(), None, theme.lemma_.lower() if theme is not None else None) \
            if stated else None  # a deed, not words: "vowed to protect its firms" is no move
        return subjects(tok, res) if event is not None and event.cameo[:2] in DEED_ROOTS else []

    doers = res.antecedents(noun, act)
    return doers[0] if doers else []


def convened(verb: Token) -> Token | None:
    """The verb whose doers a gathering was held for: "hosted" in "X and Y signed a deal in a ceremony hosted by
    Z" (Z hosted X and Y), "met at talks organised by Z"; None when the verb convenes no such gathering."""
    gathering = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or not in_class(verb, "convene") or complement(verb, "agent") is None \
            or gathering.dep_ != "pobj" or gathering.head.dep_ != "prep" or gathering.head.head.pos_ != "VERB":
        return None
    return gathering.head.head


def passive_objects(verb: Token, res: Resolver) -> list[tuple[str, str | None]]:
    """The patient of a passive clause ("Iran was sanctioned")."""
    if verb.lemma_ in STATE_PASSIVES and not any(c.dep_ == "agent" for c in verb.children):
        return []
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and complement(verb, "agent") is not None and \
            complement(verb, "nsubjpass") is None:  # "they escape when attacked by government forces": they are
        return [(k, None) for k in subjects(verb.head, res)]
    if verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.tag_ in ("WP", "WDT") for c in verb.children):
        return [(k, None) for k in res.actors(verb.head)]  # "the Houthis, who are backed by Iran"
    if (guests := convened(verb)) is not None:  # "signed a deal in a ceremony hosted by X": X hosted the signers
        return [(k, None) for k in subjects(guests, res)]
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":  # "rebels backed by Rwanda", "Rwanda-backed rebels"
        found = res.actors(verb.head)
        if verb.dep_ == "amod" and all(res.cast.actors[k].type == "LOCATION" for k in found):
            return []  # "the Serb-held Krajina region", "rebel-held Idlib": who holds a place, not an event
        if found or verb.dep_ != "acl" or not any(c.dep_ == "agent" for c in verb.children) or complement(verb, "nsubj"):
            return [(k, None) for k in found]
        return noun_targets(verb.head, res, owned=False)  # "a meeting of the council requested by X": the council
    return [(k, None) for c in verb.children if c.dep_ == "nsubjpass" for k in target_actors(c, res)]


def objects(verb: Token, res: Resolver, clause: Clause) -> list[tuple[str, str | None]]:
    """The actors acted upon: direct and indirect objects, prepositional targets, owners of the theme."""
    out = passive_objects(verb, res)
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            found = res.actors(child)
            if found and own_agents(child, found, clause, res):
                found = []  # "recalled its ambassador to Canada": the subject's own envoy is the theme
            if found:
                out += [(k, None) for k in found]
            elif child.dep_ == "dobj":
                clause.theme = counted(child)
                for noun in (child, *child.conjuncts):  # "photographs and other intelligence to Macedonia"
                    if in_class(verb, "deliberate"):  # "discussed North Korea's arms transfers to Russia": topics
                        out += [t for t in noun_targets(noun, res, owned=False) if t[1] in PARTY_PREPS]
                        continue  # "restored diplomatic ties with Qatar": a party
                    found = [t for t in noun_targets(noun, res) if t[0] not in clause.subjects]
                    found = found or noun_targets(noun, res, owned=False)  # "conferred the country's honour on X"
                    if not found and (judging(verb) or evaluation(verb) is not None or in_class(verb, "convene")):
                        # "X and Y signed a deal. Z, who hosted the signing": Z hosted them; "X struck Gaza. Egypt
                        # condemned the strikes": X's strikes; "called the arrest a kidnapping": the arrester's
                        found = [(k, None) for k in referred_agents(noun, res) if k not in clause.subjects]
                    out += found
                    if out:
                        break
            elif child.dep_ == "dative":  # "told members of the powers"; "issued a reminder to Iraq"
                out += prep_targets(child, res, OBJECT_PREPS, own=child.pos_ == "ADP")
        elif child.dep_ == "prt" or (child.dep_ in ("prep", "advmod") and child.lower_ in ("out", "off", "back")):
            clause.particle = child.lower_  # "forced UNHCR out of the country"
        elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS and (
                child.lower_ not in TOPIC_ONLY or verb.lemma_ in ADDRESSEE_VERBS) and (
                verb.lemma_ not in REPORTING_VERBS or child.lower_ == "to") and not partner_of(child):
            # "said at the Cato Institute": a venue; "fired rockets in solidarity with Hamas": a partner
            out += prep_targets(child, res, OBJECT_PREPS, own=True)  # "over the killing of X": a topic
    if not out and (described := free_relative(verb)) is not None:  # "struck what the military described as
        clause.theme = described  # Hezbollah weapons depots": the depots, Hezbollah's
        out += [(k, None) for k in res.actors(described)] or noun_targets(described, res)
    if any(p in ("against", "on", "upon") for _, p in out):
        out = [(k, p) for k, p in out if p != "at"]  # "filed a case against Israel at the ICJ": the court is where
    if not out and clause.theme is not None:  # "condemned the missile tests by North Korea": the theme's agent
        out += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                for p in prep_targets(c, res, set(), own=True)]
    if not out and verb.lemma_ not in REPORTING_VERBS and complement(verb, "nsubjpass") is None:
        # "said in an interview with X": where, not to whom; "X was killed in Y": X, named or not, is the one hit
        out += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS
                for p in prep_targets(c, res, LOCATIVE_PREPS, own=True)]
    if clause.theme is not None and clause.theme.lemma_.lower() in INSTRUMENT_NOUNS and verb.lemma_ not in RECIPROCAL:
        out = [(k, p) for k, p in out if p != "with"]  # "violates its deal with the powers": a party, not a target
    if not out:
        out += [(k, None) for k in accusers(verb, res) or proposers(verb, res)]
    if verb.lemma_ in RECIPROCAL:  # "met defence chiefs in Abuja": the town is where they met, not whom
        out = [(k, p) for k, p in out if p not in LOCATIVE_PREPS or res.cast.actors[k].type != "LOCATION"]
    if verb.lemma_ in ADDRESSEE_VERBS and any(p in TOPIC_PREPS for _, p in out):
        out = [(k, p) for k, p in out if p != "to"]  # "complained to the UN over Israeli raids": Israel
    return out


def free_relative(verb: Token) -> Token | None:
    """The noun a "what ... described as / called" clause in the object's place names: "depots" in "struck what
    the military described as Hezbollah weapons depots", "targeted what it called terrorist hideouts"."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubjpass") for c in clause.children):
            continue
        named = [o for p in clause.children if p.dep_ == "prep" and p.lower_ == "as" for o in p.children
                 if o.dep_ == "pobj"] + [c for c in clause.children if c.dep_ in ("oprd", "attr") and c.pos_ == "NOUN"]
        if named:
            return named[0]
    return None


def counted(noun: Token) -> Token:
    """The event noun a quantity stands before: 'a series of [airstrikes]', 'a wave of [arrests]'."""
    if not in_class(noun, "quantity"):
        return noun
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
    return inner if inner is not None else noun


def by_means(verb: Token) -> Token | None:
    """The act a verb was done by: 'retaliated [by imposing] tariffs on X', 'responded by expelling X'."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            act = next((c for c in child.children if c.dep_ == "pcomp" and c.pos_ == "VERB"), None)
            if act is not None:
                return act
    return None


def combat_agents(verb: Token, res: Resolver) -> list[str]:
    """Who acted on the subject of an agentless passive through a fight named after 'in' or 'during':
    "was killed in a gun battle with police" (the police killed), "died in an Israeli strike" (Israel)."""
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in ("in", "during"):
            continue
        for noun in (o for o in child.children if o.dep_ == "pobj" and in_class(o, "combat")):
            found = [k for p in noun.children if p.dep_ == "prep" and p.lower_ in ("with", "by", "against")
                     for o in p.children if o.dep_ == "pobj" for k in res.actors(o)]
            found = found or strikers(noun, res)  # "killed in an Israeli airstrike", "in Russia's shelling of X"
            if found:
                return found
    return []


def custodians(verb: Token, res: Resolver, hops: int = 0) -> list[str]:
    """The state that holds someone held, jailed or detained with no agent named: the country it happened in
    ("has been held in solitary confinement in Hong Kong since 2020", "was arrested in Turkey")."""
    if hops == 0 and not in_class(verb, "custody"):
        return []
    cast = res.cast
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            named = [obj, *(c for c in obj.children if c.dep_ in ("appos", "conj", "npadvmod"))]  # "in Perm, Russia"
            for key in (k for t in named for k in res.actors(t)):
                actor = cast.actors[key]
                country = key if actor.type == "COUNTRY" else next(iter(actor.affiliations), None)
                if actor.type in ("COUNTRY", "LOCATION") and country in cast.actors \
                        and cast.actors[country].type == "COUNTRY":
                    return [country]
            if hops < 1 and (found := custodians(obj, res, hops + 1)):  # "in solitary confinement in X"
                return found
    return []


BEHEST_PREPS = ("on", "at", "upon", "under")  # "on the orders of X", "at the request of X"


def event_verb(noun: Token) -> str | None:
    """The verb an event noun stands for, by its form or its lemma ("airstrikes" -> strike)."""
    return noun_verb(noun.lower_) or noun_verb(noun.lemma_.lower())


def behest(verb: Token, res: Resolver) -> list[str]:
    """Who ordered what a passive says was done ("was detained on the orders of an Iranian court": Iran)."""
    return [k for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in BEHEST_PREPS
            for o in prep.children if o.dep_ == "pobj" and in_class(o, "behest") for k in owners(o, res)]


def official_agents(verb: Token, res: Resolver) -> list[str]:
    """The state or state agency that reports an arrest or a charge it names no agent for: its own act ("Two
    Chinese nationals were charged with spying, the Justice Department said")."""
    if not in_class(verb, "custody") and not in_class(verb, "legal_action"):
        return []
    said = flags.reporting_verb(verb, hops=4)
    speakers = [k for c in said.children if c.dep_ == "nsubj" for k in res.actors(c)] if said is not None else []
    return [k for k in speakers if state_side(res.cast.actors[k])]


def state_side(actor) -> bool:
    """True for a country, or an organisation of one (a ministry, an agency, a court), not an IGO or NGO."""
    return actor.type == "COUNTRY" or (actor.type == "ORGANIZATION" and any(
        a.startswith("country:") for a in actor.affiliations))


def brokered_parties(verb: Token, res: Resolver) -> list[str]:
    """The parties to what a mediator brokered: the subjects of the verb governing the brokered deal ("Israel and
    Hezbollah agreed to a ceasefire brokered by X")."""
    noun = verb.head
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    return subjects(governor, res) if governor.pos_ == "VERB" and noun.dep_ in ("pobj", "dobj") else []


def protested(verb: Token, res: Resolver) -> list[str]:
    """Whom an act done 'in protest of / against / at / over' something protests: the owner of what is protested
    ("gathered in protest at Israel's raids", "resigned in protest against the junta")."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        for noun in (o for o in prep.children if o.dep_ == "pobj" and o.lemma_ in ("protest", "opposition")):
            found = [k for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "against", "at", "over")
                     for o in p.children if o.dep_ == "pobj" for k in target_actors(o, res)]
            if found:
                return found
    return []


def strikers(noun: Token, res: Resolver) -> list[str]:
    """Who carried out a fight or strike a noun names: its possessor, its 'by' or its actor modifier ("Russia's
    shelling", "strikes by the army", "an Israeli airstrike"); 'of' names the one struck."""
    found = [k for c in noun.children if c.dep_ == "poss" for k in res.actors(c)]
    found = found or [k for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                      for o in c.children if o.dep_ == "pobj" for k in res.actors(o)]
    return found or res.modifier_actors(noun)


def siege(verb: Token, res: Resolver) -> tuple[Token, list[str]] | None:
    """'X came under attack from Y', 'X drew criticism from Y': the event noun and Y, who acted on X."""
    if in_class(verb, "incur") and (noun := complement(verb, "dobj")) is not None and in_class(noun, "siege"):
        agents = [k for p in (*noun.children, *verb.children) if p.dep_ == "prep" and p.lower_ == "from"
                  for o in p.children if o.dep_ == "pobj" for k in res.actors(o) or owners(o, res)]
        return (noun, agents) if agents else None
    if verb.lemma_ != "come":
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "under":
            noun = next((o for o in child.children if o.dep_ in ("pobj", "pcomp") and in_class(o, "siege")), None)
            if noun is None:
                continue
            agents = [k for p in (*noun.children, *verb.children) if p.dep_ == "prep" and p.lower_ in ("from", "by")
                      for o in p.children if o.dep_ == "pobj" for k in res.actors(o) or owners(o, res)]
            return noun, agents
    return None


def accusers(verb: Token, res: Resolver) -> list[str]:
    """Who made the charge a verb answers: "X accused Y of ..., a charge Y rejected" (Y rejects X)."""
    if verb.dep_ == "relcl" and verb.head.lemma_ in CHARGE_NOUNS and complement(verb, "dobj") is None:
        stated = verb.head.head
    else:  # the parser sometimes hangs the charge on the answering verb and the accusation under it
        charge = complement(verb, "dobj")
        stated = complement(verb, "ccomp") if charge is not None and charge.lemma_ in CHARGE_NOUNS else None
        stated = stated if stated is not None and stated.i < charge.i else None
    if stated is None or stated.pos_ != "VERB" or stated.lemma_ not in ("accuse", "charge", "blame", "claim", "say"):
        return earlier_accusers(verb, res)
    return subjects(stated, res)


def proposers(verb: Token, res: Resolver) -> list[str]:
    """Who made the proposal or demand an answer with no one named answers: "Iran proposed a swap, but the United
    States refused" (the United States refuses Iran)."""
    theme = complement(verb, "dobj")
    if not in_class(verb, "answer") or verb.dep_ != "conj" or not in_class(verb.head, "proposal") or (
            theme is not None and theme.pos_ != "PRON"):
        return []
    own = set(subjects(verb, res))
    return [k for k in subjects(verb.head, res) if k not in own]


def avenged(verb: Token, clause: Clause, res: Resolver) -> list[str]:
    """Who a retaliation with no target named is against ("vowed retaliation", "vowed to avenge the deaths",
    "will respond"): whoever last used force on its subject, in an earlier sentence."""
    words = (verb, clause.theme, complement(verb, "xcomp"), complement(verb, "dobj"))
    if not any(w is not None and in_class(w, "retaliation") for w in words) or any(
            c.dep_ == "neg" or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children):
        return []  # "did not respond", "responded to questions": no retaliation
    return [k for s in clause.subjects for k in res.attackers.get(s, (0, []))[1] if k not in clause.subjects]


def earlier_accusers(verb: Token, res: Resolver) -> list[str]:
    """Who earlier in the article accused the subject, when it rejects "the accusations" without naming them
    ("Blinken said Berisha was involved in corrupt acts. ... Berisha rejected the allegations")."""
    charge = complement(verb, "dobj")
    if charge is None or charge.lemma_ not in CHARGE_NOUNS or not in_class(verb, "rebut"):
        return []
    return [res.charges[k] for k in subjects(verb, res) if k in res.charges]


def own_agents(noun: Token, found: list[str], clause: Clause, res: Resolver) -> bool:
    """True for the subject's own people or forces, named through a possessive pronoun ("its troops") or a common
    noun that stands for the subject or its country ("Russia sent troops": Russia's; "Venezuelan President
    Nicolas Maduro ordered troops to the border": Venezuela's)."""
    own = set(clause.subjects) | {a for k in clause.subjects if res.cast.actors[k].type == "PERSON"
                                  for a in res.cast.actors[k].affiliations}
    return set(found) <= own and (
        noun.pos_ == "NOUN" or any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children))


def prep_targets(prep: Token, res: Resolver, allowed: set[str], own: bool = False) -> list[tuple[str, str | None]]:
    """Actors in the object of a preposition; a non-actor object passes on to its own owners."""
    if own:
        out = []
        for obj in (o for o in prep.children if o.dep_ == "pobj" and not medium(o) and not alongside(o)):
            if (named := target_actors(obj, res, owned=False)):
                out += [(k, prep.lower_) for k in named]
            else:  # "spoke with officials in Sao Paulo": the town is reached "in", where they were
                out += [(k, p if p in LOCATIVE_PREPS else prep.lower_) for k, p in noun_targets(obj, res)]
        return [(k, p) for k, p in out if not waters(res.cast.actors[k])]
    return [(k, p) for c in prep.children if c.dep_ == "prep" and c.lower_ in allowed
            for k, p in prep_targets(c, res, allowed, own=True)]


def medium(obj: Token) -> bool:
    """True for a platform after "on": where something was said, not its target ("slammed X on Twitter")."""
    return obj.head.lower_ == "on" and in_class(obj, "platform")


def target_actors(tok: Token, res: Resolver, owned: bool = True) -> list[str]:
    """Actors a noun stands for, else the actors owning it ("Turkey's efforts", "an Indian proposal"); with
    owned=False, only those it stands for."""
    found = res.actors(tok) or [k for c in tok.children if c.dep_ in ("appos", "compound") for k in res.actors(c)]
    return found or ([k for k, _ in noun_targets(tok, res)] if owned else [])


def noun_targets(noun: Token, res: Resolver, hops: int = 0, owned: bool = True) -> list[tuple[str, str | None]]:
    """Actors attached to a non-actor noun: its owner, an actor modifier, or a prepositional target
    ("a suspension of air links with Serbia", "targets in Jericho"); with owned=False, prepositional targets only."""
    out: list[tuple[str, str | None]] = []
    # a resolution or treaty is not its sponsor: "violated the UN resolution" does not target the UN
    owner_deps = ("poss",) if noun.lemma_.lower() in INSTRUMENT_NOUNS else ("poss", "amod", "compound", "nmod")
    for child in noun.children if owned else ():
        if child.dep_ in owner_deps and child.tag_ != "PRP$":  # "its borders" points back at the subject
            found = res.actors(child)
            if not found and child.dep_ == "compound":  # "Sweden's NATO membership bid"
                found = [k for c in child.children if c.dep_ == "poss" and c.tag_ != "PRP$" for k in res.actors(c)]
            out += [(k, None) for k in found]
        elif child.dep_ == "acl" and in_class(child, "belong"):  # "targets belonging to the PKK": the PKK's
            out += [(k, None) for p in child.children if p.dep_ == "prep" and p.lower_ in ("to", "with")
                    for o in p.children if o.dep_ == "pobj" for k in res.actors(o)]
        elif child.dep_ == "acl" and child.tag_ == "VBN" and not in_class(child, "mediate") \
                and convened(child) is None:  # "signed in a ceremony hosted by X": X is the host, not a party
            # "the sanctions imposed by the EU": the EU's; "a ceasefire brokered by Qatar": Qatar is no party
            out += [(k, None) for a in child.children if a.dep_ == "agent"
                    for o in a.children if o.dep_ == "pobj" for k in res.actors(o)]
    for preps in (NOUN_PREPS, LOCATIVE_PREPS):
        if out:  # "called for Imamoglu's release": Imamoglu, and whoever holds him
            return out + [(k, None) for k in holders(noun, res) if (k, None) not in out]
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                places = [noun]
                for obj in (o for o in child.children if o.dep_ == "pobj" and not medium(o) and not alongside(o)):
                    named = res.actors(obj)
                    # "a conflict over Nagorno-Karabakh": a topic; "concern about China's activity": its owner
                    found = [k for k in named if not waters(res.cast.actors[k]) and child.lower_ not in TOPIC_ONLY]
                    if not named and hops < 2:  # "concern over the violence in Israel": where the topic is
                        owned = child.lower_ not in TOPIC_ONLY or acted(obj)
                        found = [k for k, _ in noun_targets(obj, res, hops + 1, owned=owned)]
                    out += [(k, child.lower_) for k in found]
                    places += [obj, *obj.conjuncts]
                if out:  # "the withdrawal of Serbian forces from Bosnia": the first target is the one meant
                    return out + host_countries(places, out, res) + [(k, None) for k in holders(noun, res)]
    return out + [(k, None) for k in holders(noun, res) if (k, None) not in out]


def acted(noun: Token) -> bool:
    """True for a noun naming someone's act ("Israeli strikes", "China's activity"), not a place or a thing talked
    about ("the Nagorno-Karabakh region"): after "over" or "about", only an act's owner, or where the topic
    happens ("the violence in Israel"), is a target."""
    return event_verb(noun) is not None or any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in noun.children)


def alongside(obj: Token) -> bool:
    """True for the manner noun of "in solidarity with X", "in coordination with X": X is a partner, not a target;
    and for "on the orders of X", "at the request of X": X is behind the act, not its target."""
    return (obj.head.lower_ == "in" and in_class(obj, "alongside")) or (
        obj.head.lower_ in BEHEST_PREPS and in_class(obj, "behest"))


def partner_of(prep: Token) -> bool:
    """True for a "with" the parser hung on the verb right after "in solidarity" ("fired in solidarity with X")."""
    doc = prep.doc
    return prep.lower_ == "with" and prep.i >= 2 and alongside(doc[prep.i - 1]) and doc[prep.i - 1].dep_ == "pobj"


def waters(actor) -> bool:
    """True for a sea, gulf, strait or canal: after a preposition it is where something happens ("seized a tanker
    in the Gulf of Oman") or what is talked of ("a commitment to a free Indian Ocean"), never whom it targets."""
    words = actor.name.split()
    return actor.type == "LOCATION" and any(w.lower() in word_class("waters") for w in words[:1] + words[-1:])


def holders(noun: Token, res: Resolver) -> list[str]:
    """Who holds the one a release is asked for ("Russia jailed Evan Gershkovich. The US demanded his release"):
    the subject of the nearest earlier verb of custody done to that person, or the state it happened in."""
    if not in_class(noun, "freeing"):
        return []
    held = [k for c in noun.children if c.dep_ == "poss" for k in res.actors(c)] + [
        k for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children if o.dep_ == "pobj" for k in res.actors(o)]
    if not held:
        return []
    for tok in reversed(noun.doc[max(0, noun.i - ANAPHOR_WINDOW):noun.i]):
        if tok.pos_ == "VERB" and in_class(tok, "custody"):
            patients = [k for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for k in res.actors(c)]
            if any(k in patients for k in held):
                found = subjects(tok, res) or custodians(tok, res)
                return [k for k in found if k not in held]
    return []


def host_countries(places: list[Token], found: list[tuple[str, str | None]], res: Resolver) -> list[tuple[str, str]]:
    """The country named as where the places a noun targets are, when it targets places only ("villages between
    the towns of X and Y in northeastern C.A.R.", "the regions of Kherson and Zaporizhzhia in Ukraine": the
    country too)."""
    types = {res.cast.actors[k].type for k, _ in found}
    if "LOCATION" not in types or "COUNTRY" in types:  # the NER may type one of two towns an organisation
        return []
    hosts = [k for t in places for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")
             for o in c.children if o.dep_ == "pobj" for k in res.actors(o) if res.cast.actors[k].type == "COUNTRY"]
    return [(k, "in") for k in dict.fromkeys(hosts) if k not in {f for f, _ in found}]


def complement(verb: Token, dep: str) -> Token | None:
    """The first child with the given dependency."""
    return next((c for c in verb.children if c.dep_ == dep), None)


def clause_for(verb: Token, res: Resolver, depth: int = 0) -> Clause | None:
    """The clause of one predicate, with objects borrowed from its xcomp or directive ccomp when it has none."""
    if verb.lemma_ in LIGHT_VERBS and complement(verb, "xcomp") is not None:
        return None
    if obligation(verb) or verb.i in res.consumed or purpose_clause(verb):
        return None  # "Y must agree" is not Y agreeing; a borrowed clause was already related
    if verb.dep_ == "xcomp" and controller(verb.head) is not None:
        return None  # "urged Y to support Z": a request to Y, not Y supporting Z
    if demanded(verb):
        return None  # "demanding that the government provide information": asked for, not done
    duty = complement(verb, "dobj")
    if duty is not None and verb.lemma_ in ("share", "have") and in_class(duty, "geography"):
        return None  # "shares borders with Cameroon and Chad": where a country lies, no event
    if duty is not None and duty.lemma_ == "responsibility" and verb.lemma_ in ("claim", "take", "accept", "admit"):
        return None  # "claimed responsibility for the attack on X": the attack is the event (nominal.py)
    clause = Clause(verb=verb, depth=depth)
    if (under := siege(verb, res)) is not None:  # "X came under attack from Y": Y attacked X
        noun, agents = under
        clause.subjects, clause.theme, clause.lemma = agents, noun, SIEGE_VERBS.get(noun.lemma_.lower(), "attack")
        clause.objects = [(k, None) for c in verb.children if c.dep_ == "nsubj" for k in target_actors(c, res)] or [
            (k, None) for k in subjects(verb, res)]  # "France would recognise ..., drawing criticism from Israel"
        return clause if clause.subjects and clause.objects else None
    if verb.lemma_ in DEATH_VERBS and (agents := combat_agents(verb, res)):  # "died in an Israeli strike"
        clause.subjects, clause.lemma = agents, "kill"
        clause.objects = [(k, None) for c in verb.children if c.dep_ == "nsubj" for k in target_actors(c, res)]
        return clause if clause.objects else None
    if verb.dep_ == "acl" and in_class(verb, "mediate") and (parties := brokered_parties(verb, res)):
        clause.subjects = [k for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                           for k in res.actors(o)]  # "agreed to a ceasefire brokered by Qatar": Qatar mediated
        clause.lemma, clause.objects = "mediate", [(k, None) for k in parties if k not in clause.subjects]
        return clause if clause.subjects and clause.objects else None
    clause.subjects = subjects(verb, res)
    if not clause.subjects:
        return None
    if convened(verb) is not None:
        clause.lemma = "host"  # "talks organised by Malaysia": Malaysia hosted whoever talked
    if (against := protested(verb, res)):  # "massed outside the embassy in protest of Israeli police actions"
        clause.lemma, clause.objects = "protest", [(k, None) for k in against]
        return clause
    clause.objects = condition_targets(verb, res) if verb.lemma_ in THREAT_VERBS else []
    clause.objects = clause.objects or objects(verb, res, clause)
    if not clause.objects and conditional_force(verb):  # "would retaliate if Israel attacked": a threat to Israel
        clause.objects = condition_targets(verb, res)
    xcomp = complement(verb, "xcomp") or purpose(verb)
    ctrl = controller(verb)
    clause.proxy = ctrl is not None and xcomp is not None and verb.lemma_ in PROXY_VERBS \
        and set(res.actors(ctrl)) <= set(clause.subjects)  # no actor of its own, or the subject's ("its troops")
    if not clause.objects and xcomp is not None and (ctrl is None or clause.proxy):  # not "urged the army to hit X"
        inner = Clause(verb=xcomp)
        clause.objects = objects(xcomp, res, inner) or objects_of_xcomp(xcomp, res, inner)
        clause.via, clause.theme = xcomp, inner.theme if clause.proxy else clause.theme or inner.theme
        if clause.objects and events.classify(verb.lemma_.lower()) is not None:
            res.consumed.add(xcomp.i)
    act = by_means(verb)
    if act is not None and (not clause.objects or verb.lemma_ in RESPONSE_VERBS):  # "retaliated by imposing
        inner = Clause(verb=act)  # tariffs on X"; "responded to the attack by destroying X's air force": X
        clause.objects = objects(act, res, inner) or clause.objects
        clause.via, clause.theme = act, clause.theme or inner.theme
    conj = complement(verb, "conj")
    if clause.via is None and conj is not None and events.classify(verb.lemma_.lower()) is None \
            and events.classify(conj.lemma_.lower()) is not None and complement(conj, "nsubj") is None:
        clause.via = conj  # "goes ahead and decertifies Iran": the parser hung the shared object on the first verb
    if not clause.objects:  # "U.S. warplanes struck Houthi sites. A Houthi spokesman vowed retaliation": on the U.S.
        clause.objects = [(k, None) for k in avenged(verb, clause, res)]
    if not clause.objects and (addressed := for_clause(verb)) is not None:  # "called for the Taliban to lift"
        clause.objects = [(k, None) for k in subjects_only(addressed, res)]
        clause.particle = clause.particle or "for"
    if clause.objects and verb.lemma_ in ORDER_VERBS and ctrl is not None and not clause.proxy \
            and complement(verb, "xcomp") is not None:
        clause.directive = True  # "told China to stop": a demand on China
    ccomp = complement(verb, "ccomp")
    if not clause.objects and ccomp is not None and directive(verb, ccomp):
        clause.objects = [(k, None) for k in subjects_only(ccomp, res)]
        clause.directive = verb.lemma_ not in DIRECTIVE_VERBS
    if not clause.objects and ccomp is not None and accusing(verb):  # "alleged that the American side violated"
        clause.objects = [(k, None) for k in subjects_only(ccomp, res)]
    if not clause.objects and ccomp is not None and in_class(verb, "permit"):  # "allowed [Ouattara to run]"
        clause.objects = [(k, None) for k in subjects_only(ccomp, res)]
    if not clause.objects and (judged := judged_clause(verb)) is not None:  # "said the sanctions were illegal"
        subject, clause.stance = judged  # "branded the detentions illegal": who detained, named before
        clause.objects = [(k, None) for k in target_actors(subject, res) or referred_agents(subject, res)
                          if k not in clause.subjects]
    if not clause.objects and verb.lemma_ in REPORTING_VERBS | {"tweet", "post"} and (
            judged := judged_owner(verb)) is not None:  # "tweeted, 'stop Israel's heinous attacks'"
        owner, clause.stance = judged
        clause.objects = [(k, None) for k in res.actors(owner) if k not in clause.subjects]
    clause.stance = clause.stance or (evaluation(verb) if clause.objects else None)
    return clause


def accusing(verb: Token) -> bool:
    """True for a verb that accuses whoever its complement clause says acted ("alleged that X violated the deal")."""
    event = events.classify(verb.lemma_.lower())
    return event is not None and event.cameo[:2] == "11"


def demanded(verb: Token) -> bool:
    """True for the act a directive asks for in the subjunctive ("demanded that X provide", "urged that Y be")."""
    return (verb.dep_ == "ccomp" and verb.head.lemma_ in DIRECTIVE_VERBS - {"warn"} and verb.tag_ == "VB"
            and not any(c.dep_ == "aux" and c.lower_ not in ("be",) for c in verb.children))


def for_clause(verb: Token) -> Token | None:
    """The clause 'for X to do' that names who is called on ("called for the Taliban to lift the ban")."""
    for child in verb.children:
        if child.dep_ in ("advcl", "ccomp", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "for"
                                                            for m in child.children):
            return child
    return None


def objects_of_xcomp(xcomp: Token, res: Resolver, inner: Clause, hops: int = 0) -> list[tuple[str, str | None]]:
    """Objects further down a chain of embedded verbs ("willing to send material to help defend Saudi Arabia")."""
    deeper = complement(xcomp, "xcomp") or complement(xcomp, "advcl")
    if deeper is None or hops > 2:
        return []
    return objects(deeper, res, inner) or objects_of_xcomp(deeper, res, inner, hops + 1)


def condition_targets(verb: Token, res: Resolver) -> list[tuple[str, str | None]]:
    """Who a conditional threat is aimed at: the subject of its 'unless' or 'if' clause."""
    governing = (verb.head,) if verb.dep_ == "xcomp" else ()  # "if X ..., I will not hesitate to shut"
    for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp"), *governing):
        for child in v.subtree:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                found = [(k, None) for k in subjects_only(child, res)]
                if found:
                    return found
    return []


def conditional_force(verb: Token) -> bool:
    """True for a promised use of force ("would retaliate", "will strike back"), which a condition can aim."""
    back = next((c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "off")), None)
    theme = complement(verb, "dobj")  # "will increase the tariffs", "would shut the electricity off"
    event = events.classify(events.verb_lemma(verb), back, theme.lemma_.lower() if theme is not None else None)
    promised = (verb, verb.head) if verb.dep_ == "xcomp" else (verb,)  # "will not hesitate to shut X off"
    return event is not None and event.cameo[:2] >= "15" and any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") for v in promised for c in v.children)


def purpose_clause(verb: Token) -> bool:
    """True for an infinitive of purpose without its own subject: its act is only intended. After a journey or a
    stay ("was in Washington to meet officials", "flew to Cairo to hold talks") it is the trip's business, read
    as an intended act of its own (journey_purpose)."""
    return (verb.dep_ == "advcl" and any(a.lower_ == "to" and a.dep_ == "aux" for a in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and not journey_purpose(verb))


def journey_purpose(verb: Token) -> bool:
    """True for the act a trip or stay was for ("arrived in Doha to negotiate with X")."""
    return verb.dep_ == "advcl" and verb.head.lemma_ in word_class("journey") and \
        any(a.lower_ == "to" and a.dep_ == "aux" for a in verb.children)


def purpose(verb: Token) -> Token | None:
    """An infinitive of purpose ("began a hunger strike to protest X")."""
    return next((c for c in verb.children if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)), None)


def obligation(verb: Token) -> bool:
    """True when the clause says what someone must or should do."""
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children)


def directive(verb: Token, ccomp: Token) -> bool:
    """True when the complement clause is addressed to its subject: 'demanded that X', 'said X must'."""
    if verb.lemma_ in DIRECTIVE_VERBS:
        return True
    auxes = {c.lower_ for c in ccomp.children if c.dep_ == "aux"}
    return verb.lemma_ in REPORTING_VERBS and bool(auxes & OBLIGATION) and "have" not in auxes  # "must have given":
    # an inference about the past, not a demand


def subjects_only(verb: Token, res: Resolver) -> list[str]:
    """The explicit subjects of a clause, never inherited ones."""
    return [k for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for k in res.actors(c)]

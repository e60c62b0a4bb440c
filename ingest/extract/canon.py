"""Canonicalisation within an article: one node per real-world actor, every surface form kept."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from geokg.graph.model import Entity, entity_id
from geokg.ingest.extract.actors import Ref, clean_name, left_modifiers
from geokg.ingest.extract.gazetteer import Gazetteer
from geokg.ingest.extract.words import in_class, word_class

HONORIFICS = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Lord", "Lady"}
PRONOUNS = {"he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON",
            "it": "THING", "its": "THING", "they": "PLURAL", "them": "PLURAL", "their": "PLURAL"}
COMPATIBLE = {"PERSON": {"PERSON"}, "THING": {"COUNTRY", "ORGANIZATION"}, "PLURAL": {"GROUP"}}
# Nouns that with "two" or "both" refer back to a pair of actors of one kind ("the two leaders agreed").
PAIR_NOUNS = {"leader": "PERSON", "president": "PERSON", "minister": "PERSON", "man": "PERSON",
              "country": "COUNTRY", "nation": "COUNTRY", "neighbour": "COUNTRY", "neighbor": "COUNTRY",
              "government": "COUNTRY", "state": "COUNTRY", "side": "SIDE", "party": "SIDE"}
# Role nouns that, after "the", refer back to the last person named with one of these roles.
ANAPHOR_ROLES = {"president": ("president",), "minister": ("minister",), "premier": ("premier", "prime minister"),
                 "chancellor": ("chancellor",), "king": ("king",), "queen": ("queen",), "emir": ("emir",),
                 "ambassador": ("ambassador",), "envoy": ("envoy", "ambassador"), "general": ("general",),
                 "leader": ("president", "prime minister", "premier", "chancellor", "leader", "king", "emir",
                            "chairman", "supreme leader", "head")}
# Nouns that, after "the", refer back to the last armed or political group named.
ANAPHOR_GROUPS = word_class("anaphor_group")
SCENE_PREPS = {"in", "near", "across", "inside", "throughout"}
ACCUSING_VERBS = word_class("accusing_verb")
ANAPHOR_WINDOW = 150  # tokens back (a few sentences) in which the referent must have been named
ANAPHORIC_NOUNS = {"country": {"COUNTRY"}, "nation": {"COUNTRY"}, "state": {"COUNTRY"}, "government": {"COUNTRY"},
                   "junta": {"COUNTRY"}, "regime": {"COUNTRY"},
                   "organisation": {"ORGANIZATION"}, "organization": {"ORGANIZATION"}}


@dataclass(slots=True)
class Actor:
    """A canonical actor being assembled from its references."""

    key: str
    name: str
    type: str
    iso: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)

    def note(self, alias: str | None = None, role: str | None = None, affiliation: str | None = None) -> None:
        """Record one more alias, role or affiliation (each kept once, in order seen)."""
        for value, bucket in ((alias, self.aliases), (role, self.roles), (affiliation, self.affiliations)):
            if value and value not in bucket and value != self.key:
                bucket.append(value)

    def entity(self) -> Entity:
        """The frozen domain entity."""
        return Entity(self.key, self.name, self.type, tuple(self.aliases), self.iso, tuple(self.roles),
                      tuple(self.affiliations))


@dataclass(slots=True)
class Cast:
    """The article's actors, which token stands for which actor, and where each is mentioned."""

    actors: dict[str, Actor] = field(default_factory=dict)
    token_key: dict[int, str] = field(default_factory=dict)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (key, start token, end token)
    optional: set[str] = field(default_factory=set)  # actors emitted only when a relation needs them

    def add(self, key: str, name: str, type_: str, iso: str | None = None) -> Actor:
        """The actor with this key, created on first use."""
        if key not in self.actors:
            self.actors[key] = Actor(key, name, type_, iso)
        return self.actors[key]

    def mention(self, key: str, start: int, end: int, surface: str) -> None:
        """Map the tokens of a surface form to the actor and record the mention."""
        for i in range(start, end):
            self.token_key.setdefault(i, key)
        self.mentions.append((key, start, end))
        self.actors[key].note(alias=surface)


def build_cast(doc: Doc, refs: list[Ref], gaz: Gazetteer) -> Cast:
    """Canonical actors for every reference: persons merged by surname, organisations tied to their country."""
    cast = Cast()
    people = person_names(refs)
    acronyms: dict[str, Ref] = {}
    made: dict[int, str] = {}  # where a reference starts -> the actor it became
    for i, ref in enumerate(refs):
        surface = doc[ref.start:ref.end].text
        base = acronyms.get(surface) or spelled_out(doc, refs, i) or initialled(refs, i) or nicknamed(doc, refs, i) \
            or termed(doc, refs, i)
        if base is not None and made.get(base.start) in cast.actors:
            # "Revolutionary United Front (RUF)", a later "NISA" after "National Intelligence and Security
            # Agency", "Mohamed, known by his nickname Farmajo": the same actor, whatever name it was given
            acronyms[surface] = base
            made[ref.start] = made[base.start]
            cast.mention(made[base.start], ref.start, ref.end, surface)
            cast.optional.discard(made[base.start])
            continue
        if ref.type == "PERSON":
            add_person(doc, cast, ref, people, gaz, surface)
        elif ref.key:
            entry = gaz.entries[ref.key]
            mark_optional(cast, ref.key, ref.optional)
            cast.add(ref.key, entry.name, entry.type, entry.iso).note(affiliation=entry.affiliation)
            cast.mention(ref.key, ref.start, ref.end, surface)
        else:
            add_named(doc, cast, ref, surface)
        made[ref.start] = cast.mentions[-1][0]
    # places are nodes when an event involves them; a place only named in passing is not an actor
    # (a country's region the gazetteer knows, "Puntland", "Crimea", is a political unit: a node whenever named)
    cast.optional.update(k for k, a in cast.actors.items() if a.type == "LOCATION" and (
        k not in gaz.entries or not gaz.entries[k].affiliation or k in gaz.towns))
    resolve_anaphora(doc, cast)
    return cast


def spelled_out(doc: Doc, refs: list[Ref], i: int) -> Ref | None:
    """The reference an acronym in parentheses right after it abbreviates, or None."""
    ref = refs[i]
    if i == 0 or ref.start < 2 or ref.end >= len(doc) or doc[ref.start - 1].text != "(" or doc[ref.end].text != ")":
        return None
    prev = refs[i - 1]
    if prev.end != ref.start - 1 or not doc[ref.start:ref.end].text.replace(".", "").isupper():
        return None
    return prev


def initialled(refs: list[Ref], i: int) -> Ref | None:
    """The latest earlier organisation or group whose name's initials an acronym spells ("NISA": National
    Intelligence and Security Agency), or None."""
    ref = refs[i]
    letters = ref.name.replace(".", "")
    if ref.key is not None or not (2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()):
        return None
    for prev in reversed(refs[:i]):
        if prev.type in ("ORGANIZATION", "GROUP") and initials(prev.name) == letters:
            return prev
    return None


NICKNAME_VERBS = word_class("nickname_verb")
NICKNAME_PATH = {"appos", "pobj", "prep", "agent", "oprd", "attr", "npadvmod", "dobj"}


def nicknamed(doc: Doc, refs: list[Ref], i: int) -> Ref | None:
    """The person an earlier name gives a nickname to ("Mohamed, known by his nickname Farmajo", "Ali, dubbed
    the Lion"), or None."""
    tok = doc[refs[i].start:refs[i].end].root
    for _ in range(4):
        if tok.dep_ not in NICKNAME_PATH or tok.head is tok:
            return None
        tok = tok.head
        if tok.lemma_ in NICKNAME_VERBS and tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl"):
            owner = tok.head  # the person's token, or a surname the NER left untagged ("Mohamed, known by ...")
            return next((r for r in reversed(refs[:i]) if r.type == "PERSON" and (
                r.start <= owner.i < r.end or owner.pos_ == "PROPN" and owner.text in r.name.split())), None)
    return None


TERM_NOUNS = word_class("term_noun")


def termed(doc: Doc, refs: list[Ref], i: int) -> Ref | None:
    """The actor named before that a name is said to be a term for ("the Khawarij, a derogatory term referring to
    al-Shabab"), or None."""
    end = refs[i].end
    if end >= len(doc) or doc[end].text != ",":
        return None
    # the parser may hang the appositive on the noun before the name ("websites linked to X, a term for Y")
    for term in (t for t in doc[end + 1:end + 5] if t.dep_ == "appos" and t.lemma_.lower() in TERM_NOUNS):
        meant = [o for a in term.subtree if a.dep_ == "prep" and a.lower_ in ("to", "for")
                 for o in a.children if o.dep_ == "pobj"]
        later = next((r for r in refs[i + 1:] for o in meant if r.start <= o.i < r.end and r.key), None)
        if later is not None:
            return next((r for r in refs[:i] if r.key == later.key), None)
    return None


def initials(name: str) -> str:
    """The capitals that start a name's words, its small words skipped ("National Intelligence and Security
    Agency" -> "NISA")."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def person_names(refs: list[Ref]) -> list[tuple[int, str]]:
    """(position, full name) of every multi-word person name, in text order."""
    return [(r.start, r.name) for r in refs if r.type == "PERSON" and " " in r.name]


def canonical_person(ref: Ref, people: list[tuple[int, str]]) -> str:
    """The full name a short reference ("Zarif", "Mr Zarif", "Von der Leyen") stands for: the earlier match, else a
    later one. Of several earlier people with that surname, the first named: news names a relative in full after the
    protagonist ("Berisha, his son, Shkelzen Berisha, ... Berisha rejected" is the father)."""
    if " " in ref.name:
        tail = " " + ref.name.casefold()
        return next((full for pos, full in reversed(people) if pos < ref.start and full.casefold().endswith(tail)),
                    ref.name)
    matches = [(pos, full) for pos, full in people if full.split()[-1] == ref.name or full.split()[0] == ref.name]
    earlier = [m for m in matches if m[0] < ref.start]
    if earlier:
        return earlier[0][1]
    later = {full for _, full in matches}
    return later.pop() if len(later) == 1 else ref.name


def add_person(doc: Doc, cast: Cast, ref: Ref, people: list[tuple[int, str]], gaz: Gazetteer, surface: str) -> None:
    """A person: canonical full name, role and affiliation from the title words before the name."""
    name = canonical_person(ref, people)
    key = entity_id(name, "PERSON")
    actor = cast.add(key, name, "PERSON")
    role, affiliation = title_of(doc, ref, cast, gaz)
    role = " ".join(w for w in (ref.role or role or "").split() if w not in HONORIFICS) or None
    actor.note(role=role, affiliation=affiliation)
    if role:
        actor.note(alias=f"{role} {name}")
    cast.mention(key, ref.start, ref.end, surface)


def title_of(doc: Doc, ref: Ref, cast: Cast, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """The role words and the affiliated country or organisation written before a person's name."""
    role_words, affiliation = [], None
    for tok in left_modifiers(doc, ref):
        if tok.i in cast.token_key:
            affiliation = affiliation or cast.token_key[tok.i]
        elif tok.pos_ in ("PROPN", "NOUN", "ADJ") and (tok.lower_ in gaz.title_words or tok.text[:1].isupper()):
            role_words.append(tok.text)
        elif tok.lower_ == "of" and role_words:  # "Secretary of State"
            role_words.append(tok.text)
        elif tok.dep_ not in ("det", "case", "punct", "poss"):
            role_words = []
    return (" ".join(role_words) or None), affiliation


def add_named(doc: Doc, cast: Cast, ref: Ref, surface: str) -> None:
    """An actor the gazetteer does not know; an organisation is named after the country written before it."""
    name, affiliation, start = ref.name, None, ref.start
    if ref.type == "GROUP" and ref.start > 0:  # "Iraqi Kurds": the nationality is part of the group's name
        owner = cast.actors.get(cast.token_key.get(ref.start - 1, ""))
        if owner is not None and owner.type == "COUNTRY" and doc[ref.start - 1].dep_ in ("amod", "compound"):
            name, affiliation, start = f"{doc[ref.start - 1].text} {ref.name}", owner.key, ref.start - 1
            surface = doc[start:ref.end].text
    if ref.type == "ORGANIZATION":
        for tok in left_modifiers(doc, ref):
            owner = cast.actors.get(cast.token_key.get(tok.i, ""))
            if owner is not None and owner.type == "COUNTRY":  # "Ivory Coast's Supreme Court"
                if any(t.pos_ == "NOUN" for t in doc[tok.i + 1:ref.start]):
                    affiliation = owner.key  # "Chinese telecom company Huawei": a description, not the name
                    break
                name, affiliation, start = f"{owner.name} {ref.name}", owner.key, tok.i
                surface = doc[start:ref.end].text
                break
    key = entity_id(name, ref.type)
    mark_optional(cast, key, ref.optional)
    cast.add(key, clean_name(name), ref.type).note(affiliation=affiliation or ref.affiliation)
    cast.mention(key, ref.start, ref.end, surface)
    if start < ref.start:
        cast.mentions[-1] = (key, start, ref.end)


def mark_optional(cast: Cast, key: str, optional: bool) -> None:
    """An actor is optional (a node only when a relation needs it) while every reference to it is."""
    if optional and key not in cast.actors:
        cast.optional.add(key)
    elif not optional:
        cast.optional.discard(key)


SPEECH_VERBS = word_class("speech_verb")


def pair_phrase(tok: Token) -> bool:
    """True for a pair noun with "two" or "both": "the two leaders", "both sides"."""
    return tok.lemma_.lower() in PAIR_NOUNS and any(c.lower_ in ("two", "both") for c in tok.children)


def resolve_anaphora(doc: Doc, cast: Cast) -> None:
    """Pronouns and 'the country' / 'the powers' stand for the most recent compatible actor before them."""
    recent: list[tuple[int, str]] = sorted((start, key) for key, start, _ in cast.mentions)
    for tok in doc:
        if tok.i in cast.token_key:
            continue
        key = antecedent(tok, recent, cast)
        if key is not None:
            cast.token_key[tok.i] = key
            if tok.pos_ != "PRON":
                start = tok.i - 1 if tok.i and tok.nbor(-1).lower_ == "the" else tok.i
                cast.mentions.append((key, start, tok.i + 1))  # "the country" is a mention, not a name
                if cast.actors[key].type != "PERSON":  # "The junta gave X 48 hours. It accused him": the junta
                    insort(recent, (start, key))  # ("the president" is not: a later "he" is the subject before)


def antecedent(tok, recent: list[tuple[int, str]], cast: Cast) -> str | None:
    """The actor a pronoun or definite description refers back to, or None."""
    lower = tok.lower_
    if tok.pos_ == "PRON" and lower in PRONOUNS:
        if pleonastic(tok):
            return None  # "it is time to", "it was not long ago that": no one
        if PRONOUNS[lower] == "PLURAL" and any(pair_phrase(t) for t in tok.doc[tok.sent.start:tok.i]):
            return None  # "mediated between the two sides, urged them to": the pair (resolve.py)
        types = COMPATIBLE[PRONOUNS[lower]]
        if lower == "its" and len(own := [k for k in speakers(tok, cast, owners=True)
                                          if cast.actors[k].type in ("COUNTRY", "ORGANIZATION")]) == 1:
            return own[0]  # "Pakistan's military said Indian shelling killed ..., and that its forces": Pakistan's
        mates = clause_subjects(tok, cast)
        return latest(recent, tok.i, lambda a: a.type in types and a.key not in mates, cast)
    if tok.pos_ == "NOUN" and tok.dep_ != "compound" and (in_class(tok, "state_force") or government_force(tok)):
        return force_owner(tok, recent, cast)  # not "police station"
    if tok.pos_ != "NOUN" or not any(c.lower_ == "the" for c in tok.children):
        return None
    if tok.lemma_.lower() in ANAPHOR_ROLES or tok.lemma_.lower() in ANAPHOR_GROUPS:
        return role_antecedent(tok, recent, cast)
    if any(c.dep_ in ("amod", "compound", "poss", "nummod") for c in tok.children):
        return None
    if tok.lemma_ in ANAPHORIC_NOUNS and tok.tag_ == "NNS":
        return None  # "the juntas", "the countries": several, read by the resolver (resolve.py)
    if tok.lemma_ in ANAPHORIC_NOUNS and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        # a speaker does not call itself "the country": the topic is meant ("the government of X" is X's)
        others = speakers(tok, cast)
        named = same_noun_owner(tok, cast)  # "the Somali government ... the government": Somalia, named or not last
        if named is not None and named not in others:
            return named
        start, key = latest_mention(recent, tok.i, lambda a: a.type in ANAPHORIC_NOUNS[tok.lemma_]
                                    and a.key not in others, cast)
        if key is not None and oblique(tok.doc[start]):  # "postponed a trip to South Africa. ... the government"
            lead = leading_country(tok, cast, recent)  # is the story's country, not the one visited in passing
            if lead is not None and lead not in others and cast.actors[key].type == "COUNTRY":
                return lead
        return key
    if tok.tag_ == "NNS":  # "the powers" after "six world powers"
        return latest(recent, tok.i, lambda a: a.type == "GROUP" and any(
            alias.split()[-1].lower() == lower for alias in a.aliases), cast)
    return None


def force_owner(tok, recent: list[tuple[int, str]], cast: Cast) -> str | None:
    """The country a state force named with no owner belongs to ("police", "the army", "authorities"): the one named
    with the same noun a few sentences before ("the Haitian National Police ... the police"), the one it is "in"
    ("police in Kenya"), else the country the article has named most so far, when one clearly leads (CAMEO codes
    the police of the story's country), else the one country the sentence happens in."""
    accused = tok.dep_ == "dobj" and tok.head.lemma_ in ACCUSING_VERBS  # "accused the army of bombing civilians"
    if any((c.dep_ in ("poss", "compound", "nmod") and not government_word(c)) or c.i in cast.token_key
           or (c.dep_ == "prep" and c.lower_ == "of" and not accused) for c in tok.children):
        return None  # "its army", "Kenyan police", "the army of Mali": the owner is named, other rules read it
    if (named := same_noun_owner(tok, cast, {"COUNTRY"})) is not None:
        return named
    own = [cast.token_key[o.i] for c in tok.children if c.dep_ == "prep" and c.lower_ in SCENE_PREPS
           for o in c.children if o.dep_ == "pobj" and o.i in cast.token_key]  # "police in Kenya"
    own = [k for k in own if cast.actors[k].type == "COUNTRY"]
    if len(own) == 1:
        return own[0]
    return leading_country(tok, cast, recent) or scene_country(tok, cast)


def pleonastic(tok) -> bool:
    """True for an 'it' that stands for nothing, the subject of a copula whose sense comes after it: "it is time
    to stop ...", "it is clear that ...", "it was not long ago that ...", "it is unacceptable to ..."."""
    verb = tok.head
    if tok.lower_ != "it" or tok.dep_ != "nsubj" or verb.lemma_ not in ("be", "seem", "appear", "remain", "'s"):
        return False
    later = [c for c in verb.children if c.i > tok.i]
    if any(c.dep_ in ("ccomp", "xcomp") for c in later):
        return True  # "it is clear that ...", "it is important to ..."
    return any(c.dep_ in ("attr", "acomp") and any(g.dep_ in ("relcl", "xcomp", "ccomp", "acl") and g.pos_ == "VERB"
                                                    for g in c.children) for c in later)  # "it is time to stop"


def government_word(tok) -> bool:
    """The modifier 'government' ("government troops"), which names no owner of its own."""
    return tok.dep_ == "compound" and tok.lemma_.lower() == "government"


def government_force(tok) -> bool:
    """'Government troops / soldiers / forces': the forces of the government the story is about."""
    return tok.lemma_.lower() in ("soldier", "troop", "force") and any(government_word(c) for c in tok.children)


def leading_country(tok, cast: Cast, recent: list[tuple[int, str]] | None = None) -> str | None:
    """The country an article has named most before a token: the only one named so far, or one named at least
    twice and more than any other (the country the story is about so far), a name in the lead sentence counting
    twice (it says what the story is about) unless it is only where something went ("deployed police to Haiti"). A
    country named only inside a hyphened modifier ("a U.S.-designated
    group", "Iran-backed militias") does not count."""
    recent = recent if recent is not None else sorted((start, key) for key, start, _ in cast.mentions)
    ends = {start: end for _, start, end in cast.mentions}
    doc = tok.doc
    lead = next(doc.sents).end
    counts = Counter()
    for start, key in recent[:bisect_left(recent, (tok.i,))]:
        end = ends.get(start, start + 1)
        if cast.actors[key].type == "COUNTRY" and not (end < len(doc) and doc[end].text == "-"):
            counts[key] += 2 if start < lead and not oblique(doc[start]) else 1
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 and ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def scene_country(tok, cast: Cast) -> str | None:
    """The one country a sentence places its events in ("... with police Friday in the town of L'Estere, in Haiti's
    north"; "in Nairobi" is Kenya's): a country or a place of one, under "in", "near" or "across"."""
    found = set()
    for t in tok.sent:
        key = cast.token_key.get(t.i)
        actor = cast.actors.get(key) if key else None
        if actor is None or actor.type not in ("COUNTRY", "LOCATION"):
            continue
        country = key if actor.type == "COUNTRY" else next(iter(actor.affiliations), None)
        if country not in cast.actors or cast.actors[country].type != "COUNTRY":
            continue
        head, hops = t, 0
        while head.dep_ in ("pobj", "poss", "compound", "appos", "prep", "conj") and hops < 4 and head.head is not head:
            if head.dep_ == "pobj" and head.head.lower_ in SCENE_PREPS:
                found.add(country)
                break
            head, hops = head.head, hops + 1
    return found.pop() if len(found) == 1 else None


def clause_subjects(tok, cast: Cast) -> set[str]:
    """The actors named as subject of the verb a pronoun is the object of: 'it' in "Ukraine rejected it" is not
    Ukraine (that would be "itself")."""
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
    if tok.dep_ not in ("dobj", "dative", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return set()
    return {cast.token_key[c.i] for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in cast.token_key}


def same_noun(a, b) -> bool:
    """Two common nouns of one lemma ("governments" and "the government")."""
    return a.i != b.i and a.pos_ in ("NOUN", "PROPN") and a.lemma_.lower() == b.lemma_.lower()


def same_noun_owner(tok, cast: Cast, types: set[str] | None = None) -> str | None:
    """The one actor of the right type named with the nearest earlier noun of the same lemma ("the Somali
    government", "the government of Kenya", "the Haitian National Police"), a few sentences back at most."""
    types = types or ANAPHORIC_NOUNS[tok.lemma_]
    for t in reversed(tok.doc[max(0, tok.i - ANAPHOR_WINDOW):tok.i]):
        if same_noun(t, tok):
            named = [m for c in t.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                     for m in (c, *c.conjuncts)]
            named += [o for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                      if o.dep_ == "pobj"]
            keys = {cast.token_key[m.i] for m in named if m.i in cast.token_key}
            keys = {k for k in keys if cast.actors[k].type in types}
            if len(keys) == 1:
                return keys.pop()
    return None


def role_antecedent(tok, recent: list[tuple[int, str]], cast: Cast) -> str | None:
    """'the president', 'the French leader', 'the group', 'the militants': the last person with that role (and
    the country named before the noun), or the last armed group, named a few sentences before."""
    accused = tok.dep_ == "dobj" and tok.head.lemma_ in ACCUSING_VERBS  # "accuses the group of killing civilians"
    if any(c.dep_ in ("poss", "nummod", "appos") or (c.dep_ == "prep" and not (accused and c.lower_ == "of"))
           or (c.dep_ == "compound" and not kind_word(c)) for c in tok.children):
        return None  # "the president of Armenia", "the two leaders": other rules read those
    mods = [c for c in tok.children if c.dep_ in ("amod", "nmod") and not kind_word(c)]
    owners = {cast.token_key[c.i] for c in mods if c.i in cast.token_key}
    roles = ANAPHOR_ROLES.get(tok.lemma_.lower(), ())
    if len(owners) < len(mods) or (owners and not roles):
        return None  # "the new president" may be someone not named yet

    kinds = {c.lemma_.lower().rstrip("s") for c in tok.children
             if c.dep_ in ("amod", "compound", "nmod") and kind_word(c)}

    def fits(actor: Actor) -> bool:
        if not roles:  # an armed group, or an organisation named as one ("3R rebels", "the Seleka militia")
            return actor.type == "GROUP" or (actor.type == "ORGANIZATION" and bool(called_kinds(tok.doc, actor.key,
                                                                                                  cast)))
        return actor.type == "PERSON" and any(w in r.lower() for r in actor.roles for w in roles) and (
            not owners or bool(owners & set(actor.affiliations)))

    def called(actor: Actor) -> bool:  # "the rebel group": the one called rebels before, if one was
        return bool(kinds & called_kinds(tok.doc, actor.key, cast))

    near = recent[bisect_left(recent, (tok.i - ANAPHOR_WINDOW,)):]
    if kinds and not roles and (found := latest(near, tok.i, called, cast)) is not None:
        return found
    if not roles:  # "Al-Shabab, which is linked to al-Qaida, ... The group claimed": the one the clause is about
        main = [(start, key) for start, key in near if not any(a.dep_ == "relcl" for a in tok.doc[start].ancestors)]
        if (found := latest(main, tok.i, fits, cast)) is not None:
            return found
    return latest(near, tok.i, fits, cast)


def called_kinds(doc: Doc, key: str, cast: Cast) -> set[str]:
    """The kinds of armed group an actor's mentions are called by, next to the name ("3R rebels", "a rebel group
    known as the UPC", "the Seleka militia"), singular."""
    out = set()
    for k, start, end in cast.mentions:
        if k != key:
            continue
        near = [doc[end]] if end < len(doc) else []  # "3R rebels"
        lead = start - 1 if start and doc[start - 1].lower_ == "the" else start
        if lead and doc[lead - 1].lower_ in ("as", "called", "named", "dubbed"):  # "a rebel group known as the UPC"
            near += list(doc[max(0, lead - 5):lead - 1])
        out.update(t.lemma_.lower().rstrip("s") for t in near if kind_word(t) and t.lemma_.lower() != "group")
    return out


def kind_word(word) -> bool:
    """True for a word naming a kind of armed group ("rebel", "militants"), a token or a lower-case string: in "the
    rebel group" it says what the group is, not whose."""
    text = word if isinstance(word, str) else word.lemma_.lower()
    return text in ANAPHOR_GROUPS or text.rstrip("s") in ANAPHOR_GROUPS or text in ("armed", "terrorist", "islamist")


def speakers(tok, cast: Cast, owners: bool = False) -> set[str]:
    """The actors whose reported speech a token stands in ("Washington saying the country's stance ..."); with
    owners, also the owner of a speaker named by a common noun ("Pakistan's military said ...")."""
    found, t = set(), tok
    for _ in range(12):
        if t.dep_ in ("ccomp", "conj") and t.head.lemma_ in SPEECH_VERBS:
            subjects = [c for c in t.head.children if c.dep_ == "nsubj"]
            if owners:
                subjects += [p for c in subjects if c.i not in cast.token_key for p in c.children if p.dep_ == "poss"]
            found.update(cast.token_key[c.i] for c in subjects if c.i in cast.token_key)
        if t.head is t:
            break
        t = t.head
    return found


def latest(recent: list[tuple[int, str]], before: int, ok, cast: Cast) -> str | None:
    """The most recently mentioned actor before a token that passes the test."""
    return latest_mention(recent, before, ok, cast)[1]


def latest_mention(recent: list[tuple[int, str]], before: int, ok, cast: Cast) -> tuple[int, str | None]:
    """Where and which actor was most recently mentioned before a token and passes the test; (-1, None) if none."""
    for start, key in reversed(recent[:bisect_left(recent, (before,))]):  # only mentions before: no full scan
        if ok(cast.actors[key]):
            return start, key
    return -1, None


def oblique(tok) -> bool:
    """True for a name inside a prepositional phrase, alone or in a list ("a trip to South Africa", "mediated by
    Cuba, Norway and Venezuela"): not the subject, object or owner of what the sentence says."""
    while tok.dep_ in ("compound", "conj", "appos", "flat", "amod") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "pobj"

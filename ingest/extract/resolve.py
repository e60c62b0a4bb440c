"""Which actors a noun phrase stands for: names, 'Iranian officials', 'members of the powers', 'Afghan rebels'."""

from __future__ import annotations

from spacy.tokens import Token

from geokg.graph.model import entity_id
from geokg.ingest.extract.canon import ANAPHOR_WINDOW, ANAPHORIC_NOUNS, PAIR_NOUNS, Cast, pair_phrase, same_noun
from geokg.ingest.extract.gazetteer import Gazetteer
from geokg.ingest.extract.words import in_class, word_class

MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
OF_PREPS = {"of", "from"}
IN_PREPS = {"in", "inside", "from"}
REPORTING = word_class("reported_by")
# Agent nouns a region can have of its own ("Hong Kong authorities", "Gaza health officials").
REGIONAL_AGENTS = word_class("regional_agent")
INCLUDING = {"including", "like"}
# The kinds of actor that are the sides of a conflict or a negotiation ("the two sides", "both parties").
SIDE_TYPES = {"COUNTRY", "GROUP", "ORGANIZATION"}
# Determiners that point back to something named before ("the government", "those leaders", "the attack").
DEFINITE = {"the", "this", "that", "these", "those"}
QUANTITY_WORDS = {"some", "many", "several", "thousands", "hundreds", "dozens", "up", "to", "about", "nearly",
                  "around", "more", "than", "least", "at", "most", "all", "both"}


def where(span) -> bool:
    """True for a name said as a place ("struck targets in Gaza"): no side of a conflict."""
    return span.root.head.dep_ == "prep" and span.root.head.lower_ in (
        "in", "inside", "near", "across", "at", "into", "through", "throughout", "around", "within")


def noun_phrase(tok: Token):
    """The noun phrase a head noun stands for, without determiners, quantities and relative clauses."""
    left = [c for c in tok.lefts if c.dep_ not in ("det", "nummod", "quantmod", "predet", "punct", "cc")]
    start = min([c.left_edge.i for c in left] + [tok.i])
    while start < tok.i and (tok.doc[start].lower_ in QUANTITY_WORDS or tok.doc[start].pos_ in ("DET", "NUM")):
        start += 1
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in IN_PREPS and any(
                o.dep_ == "pobj" and (o.ent_type_ or o.pos_ == "PROPN") for o in child.children):
            end = max(t.i for t in child.subtree) + 1
    return tok.doc[start:end]


def definite(tok: Token) -> bool:
    """A noun that points back ("the government", "those leaders") and names no actor of its own ("the Somali
    government", "the leaders of Puntland" and "the interim government" do)."""
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children) and not any(
        c.dep_ in ("poss", "compound", "nmod", "appos") or (c.dep_ == "amod" and c.text[:1].isupper())
        or (c.dep_ == "prep" and c.lower_ in OF_PREPS | IN_PREPS | {"by"}) for c in tok.children)


class Resolver:
    """Finds the canonical actors behind a token, creating named groups ("Afghan rebels") on demand."""

    def __init__(self, cast: Cast, gaz: Gazetteer):
        self.cast = cast
        self.agents = gaz.roles["agent"]
        self.groups = gaz.roles["group"]
        self.containers = gaz.roles["container"]
        self.known, self.towns = gaz.entries, gaz.towns
        self.consumed: set[int] = set()  # embedded verbs whose objects a governing verb already used
        self.charges: dict[str, str] = {}  # the last actor that accused or criticised each actor, for later denials
        # who last used force on each actor, and in which sentence, for a later "vowed retaliation" by it
        self.attackers: dict[str, tuple[int, list[str]]] = {}
        self.sides: dict[int, list[str]] = {}  # the two actors each "both sides" / "the two parties" stood for
        self.looking_back = False  # resolving an antecedent: a definite noun there does not look further back

    def actors(self, tok: Token) -> list[str]:
        """The actors a token and its coordinated tokens stand for ("Britain, France and Germany")."""
        out: list[str] = []
        for t in (tok, *tok.conjuncts, *self.listed(tok)):
            for key in self.actor_of(t, 0):
                if key not in out:
                    out.append(key)
        return out

    def plural_states(self, tok: Token) -> list[str]:
        """'The juntas', 'the governments': the countries of the nearest list of several named before ("Mali,
        Burkina Faso and Niger announced ... Tinubu appealed to the juntas")."""
        kinds = ANAPHORIC_NOUNS[tok.lemma_]
        def listed_there(t: Token) -> list[str]:  # the head of a list, not one of its later members
            if t.pos_ != "PROPN" or t.dep_ in ("conj", "appos", "compound"):
                return []
            return self.actors(t) if t.conjuncts or any(c.dep_ == "appos" for c in t.children) else []

        for found in self.antecedents(tok, listed_there):
            if len(found) > 1 and all(self.cast.actors[k].type in kinds for k in found):
                return found
        return []

    def listed(self, tok: Token) -> list[Token]:
        """Countries the parser hung on the first of a list as an apposition ("Mali, Burkina Faso and Niger":
        Burkina Faso in apposition, Niger its conjunct): a country is no apposition of another."""
        key = self.cast.token_key.get(tok.i)
        if key is None or self.cast.actors[key].type != "COUNTRY":
            return []
        return [t for c in tok.children if c.dep_ == "appos" and (k := self.cast.token_key.get(c.i))
                and k != key and self.cast.actors[k].type == "COUNTRY" for t in (c, *c.conjuncts)]

    def actor_of(self, tok: Token, depth: int) -> list[str]:
        """The actors one token stands for."""
        if tok.pos_ == "PRON" and tok.lower_ in ("it", "they", "we", "i") and depth == 0:
            speaker = self.reporting_subject(tok)
            if speaker:  # "the Umma party has said it will boycott": 'it' is the party; "'We ...,' said X": X
                return speaker
        key = self.cast.token_key.get(tok.i)
        if key is not None:
            return [key] + [k for k in self.including(tok, depth) if k != key]
        if tok.pos_ == "PRON" and tok.lower_ in ("they", "them", "their"):
            return self.plural_antecedent(tok)
        if pair_phrase(tok) and (tok.dep_ == "nsubj" or PAIR_NOUNS[tok.lemma_.lower()] in ("SIDE", "COUNTRY")):
            return self.pair_antecedent(tok)
        if tok.tag_ == "NNS" and tok.lemma_ in ANAPHORIC_NOUNS and definite(tok) and depth == 0:
            return self.plural_states(tok)
        if tok.pos_ not in ("NOUN", "PROPN") or depth > 2:
            return []
        word = tok.lower_
        named = [k for c in tok.children if c.dep_ == "appos" and c.i > tok.i
                 for k in [self.cast.token_key.get(c.i)] if k and self.cast.actors[k].type == "PERSON"]
        if named:  # "his Indian counterpart Subrahmanyam Jaishankar"
            return named[:1]
        named = self.appositive_group(tok)
        if named:  # "al-Shabab, a U.S.-designated terrorist group": the group named before
            self.record(tok, named)
            return named
        leaders = self.led_by(tok)
        if leaders:  # "the Saudi-led coalition" acts as Saudi Arabia, as CAMEO codes it
            self.record(tok, leaders)
            return leaders
        owners = self.modifier_actors(tok)
        if not owners and tok.lower_ in self.agents and tok.lower_ in REGIONAL_AGENTS:
            owners = self.modifier_actors(tok, places=True)
        named_modifiers = [k for c in tok.children if c.dep_ == "compound" and (k := self.cast.token_key.get(c.i))]
        named = [k for k in named_modifiers if self.cast.actors[k].type in ("ORGANIZATION", "GROUP")]
        if named and len(owners) > len(named) and all(self.cast.actors[k].type == "COUNTRY"
                                                     for k in owners if k not in named):
            owners = named  # "Afghanistan's Taliban rulers": the organisation named next to the noun acts
        found: list[str] = []
        places = [k for k in named_modifiers if self.cast.actors[k].type == "LOCATION"]
        if tok.is_lower and in_class(tok, "admin_unit") and places:
            return places  # "Yobe state", "Arauca province": the place, not a group named after it
        if owners and (word in self.agents or tok.lemma_ in self.agents):
            found = owners
            self.record(tok, owners)
        elif word in self.groups or tok.lemma_ in self.groups:
            named = [k for k in owners if self.cast.actors[k].type in ("ORGANIZATION", "GROUP")
                     and k not in self.cast.optional]
            found = named or self.named_group(tok, owners) or self.placed_group(tok, depth)
        elif word in self.agents or tok.lemma_ in self.agents:
            found = [self.seat_country(k) if word == "government" else k
                     for k in self.of_actors(tok, depth, IN_PREPS)]
            self.record(tok, found)
            found = found or self.named_group(tok, [])  # "Yoruba leaders", "Tamil officials"
        if not found and (word in self.containers or word in self.agents or tok.lemma_ in self.containers):
            found = self.of_actors(tok, depth)
        if not found and (word in self.agents or tok.lemma_ in self.agents):
            found = self.antecedent(tok, lambda t: self.actor_of(t, 1) if same_noun(t, tok) else [])
            self.record(tok, found)
        return found + [k for k in self.including(tok, depth) if k not in found]

    def antecedent(self, tok: Token, refers) -> list[str]:
        """The actors a definite noun refers back to: those refers(t) finds for the nearest token t before it, in the
        few sentences before ("the Somali government ... the government", "the leaders of Tigray ... those leaders")."""
        if self.looking_back or not definite(tok):
            return []
        self.looking_back = True
        try:
            for j in range(tok.i - 1, max(-1, tok.i - ANAPHOR_WINDOW), -1):
                if found := refers(tok.doc[j]):
                    return found
            return []
        finally:
            self.looking_back = False

    def antecedents(self, tok: Token, refers) -> list[list[str]]:
        """What refers(t) finds for every token t in the few sentences before a definite noun, nearest first."""
        if self.looking_back or not definite(tok):
            return []
        self.looking_back = True
        try:
            return [found for j in range(tok.i - 1, max(-1, tok.i - ANAPHOR_WINDOW), -1)
                    if (found := refers(tok.doc[j]))]
        finally:
            self.looking_back = False

    def appositive_group(self, tok: Token) -> list[str]:
        """The organisation or group a group noun in apposition describes ("Hamas, the militant group")."""
        key = self.cast.token_key.get(tok.head.i) if tok.dep_ == "appos" and tok.head.i < tok.i else None
        if key is None or (tok.lower_ not in self.groups and tok.lemma_ not in self.groups):
            return []
        return [key] if self.cast.actors[key].type in ("ORGANIZATION", "GROUP") else []

    def led_by(self, tok: Token) -> list[str]:
        """The leader named in an 'X-led' modifier ("US-led forces"); 'X-backed' names a sponsor, not the actor,
        and a group named beside it acts itself ("Muslim-led Seleka rebels" are Seleka)."""
        if any(c.dep_ in ("compound", "amod", "nmod") and (k := self.cast.token_key.get(c.i))
               and self.cast.actors[k].type in ("ORGANIZATION", "GROUP") for c in tok.children):
            return []
        return [k for c in tok.children if c.dep_ == "amod" and c.lower_ == "led"
                for m in c.children if m.dep_ in ("npadvmod", "compound", "nmod", "amod")
                for k in [self.cast.token_key.get(m.i)] if k]

    def reporting_subject(self, tok: Token) -> list[str]:
        """The subject of the reporting verb whose complement clause a pronoun subject opens ("X said it ...")."""
        clause = tok.head
        if tok.dep_ != "nsubj" or clause.dep_ != "ccomp" or clause.head.lemma_ not in REPORTING:
            return []
        speech = clause.head
        subj = next((c for c in speech.children if c.dep_ == "nsubj"), None)
        if subj is None and speech.dep_ in ("advcl", "conj"):  # "Berlin rejected the calls, saying it was ..."
            subj = next((c for c in speech.head.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return []
        found = self.actors(subj)
        first_person = tok.lower_ in ("we", "i")  # the speaker's own words: a person speaks for itself
        if len(found) > 1:  # "the leaders of Tigray and Afar said they will": both
            return found if tok.lower_ in ("they", "we") else []
        return found if found and (first_person or self.cast.actors[found[0]].type != "PERSON") else []

    def plural_antecedent(self, tok: Token) -> list[str]:
        """'they' after a group named in the same or the previous sentence (groups are made on demand), or after
        "the two sides" in the same sentence ("mediated between the two sides, urged them to return")."""
        start = tok.sent.start
        said = tok.head
        if tok.dep_ == "nsubj" and said.dep_ == "ccomp" and (  # "X, Y and Z announced that they were leaving"
                len(speakers := [k for c in said.head.children if c.dep_ == "nsubj" for k in self.actors(c)]) > 1):
            return speakers
        pair = next((t for t in reversed(tok.doc[start:tok.i]) if pair_phrase(t)), None)
        if pair is not None and PAIR_NOUNS[pair.lemma_.lower()] == "SIDE":
            return self.pair_antecedent(pair)
        for t in reversed(tok.doc[start:tok.i]):  # "spoke with the ministers of India and Pakistan and urged them"
            if t.dep_ in ("dobj", "pobj") and t.pos_ in ("NOUN", "PROPN") and len(found := self.actors(t)) > 1:
                return found
        for key, s, _ in sorted(self.cast.mentions, key=lambda m: -m[1]):
            if s < tok.i and self.cast.actors[key].type == "GROUP" and s >= start - 60:
                return [key]
        return []

    def pair_antecedent(self, tok: Token) -> list[str]:
        """'the two leaders', 'both countries': the last two actors of that kind named shortly before; 'the two
        sides', 'both parties': the last two countries, groups or organisations named before the sentence (those
        in it are the ones speaking of the sides: "Qatar and Egypt, which mediated between the two sides")."""
        kind = PAIR_NOUNS[tok.lemma_.lower()]
        if tok.i in self.sides:
            return self.sides[tok.i]
        if kind == "SIDE" and (earlier := [i for i in self.sides if tok.i - ANAPHOR_WINDOW < i < tok.i]):
            return self.sides[max(earlier)]  # "urged both warring parties to ... Egypt, which mediated between the
            # two sides": the sides are the ones named as sides before, not the last two actors named
        types, last = (SIDE_TYPES, tok.sent.start) if kind == "SIDE" else ({kind}, tok.i)
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        found: list[str] = [k for c in verb.children if c.dep_ == "nsubj" and (k := self.cast.token_key.get(c.i))]
        speakers = len(found)  # "China, an ally of Pakistan, called on both countries": not China
        for key, s, e in sorted(self.cast.mentions, key=lambda m: -m[1]):
            if e <= last and s >= tok.i - 60 - (tok.i - last) and self.cast.actors[key].type in types \
                    and key not in found and not (kind == "SIDE" and where(tok.doc[s:e])):
                found.append(key)
        found = found[speakers:]
        found = found[1::-1] if len(found) >= 2 else []  # in the order they were named
        if kind == "SIDE" and found:
            self.sides[tok.i] = found
        return found

    def record(self, tok: Token, keys: list[str]) -> None:
        """Record "Turkish authorities" or "police in Jericho" as a mention of the one actor it stands for (a mention,
        not an alias: aliases hold names and name forms only)."""
        if len(keys) != 1 or tok.i in self.cast.token_key:
            return
        span = noun_phrase(tok)
        self.cast.token_key[tok.i] = keys[0]
        self.cast.mentions.append((keys[0], span.start, span.end))

    def modifier_actors(self, tok: Token, places: bool = False) -> list[str]:
        """Actors named in the modifiers of a noun: 'Iranian' and 'Romanian' in 'Iranian and Romanian officials';
        with places, a region too ('Hong Kong authorities', 'Kherson officials': the region's own government)."""
        kinds = ("COUNTRY", "ORGANIZATION", "GROUP", "LOCATION") if places else ("COUNTRY", "ORGANIZATION", "GROUP")
        out: list[str] = []
        for child in tok.children:
            if child.dep_ in MODIFIER_DEPS:
                for t in (child, *child.conjuncts):
                    key = self.cast.token_key.get(t.i)
                    if key and self.cast.actors[key].type in kinds and key not in out:
                        out.append(key)
                    elif key is None and t.dep_ == "compound" and t.i < tok.i:  # "U.S. border patrol agents"
                        out += [k for k in self.modifier_actors(t, places) if k not in out]
        return out

    def of_actors(self, tok: Token, depth: int, preps: set[str] = OF_PREPS) -> list[str]:
        """'members of the world powers', 'the president of Armenia': the actors after 'of' or 'from'."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                objs = [o for o in child.children if o.dep_ == "pobj"]  # "of the Democratic Republic of Congo and
                if objs:  # Rwanda": the parser may hang the second country on "of" as a second object
                    return list(dict.fromkeys(k for o in objs for t in (o, *o.conjuncts)
                                              for k in self.actor_of(t, depth + 1)))
        return []

    def seat_country(self, key: str) -> str:
        """The country whose government sits in a town ("the government in Port Sudan" is Sudan's); a region with
        a government of its own, one the gazetteer knows ("the government in Puntland"), is itself."""
        actor = self.cast.actors[key]
        if actor.type != "LOCATION" or (key in self.known and key not in self.towns):
            return key
        country = next((self.known[a] for a in actor.affiliations if a in self.known
                        and self.known[a].type == "COUNTRY"), None)
        if country is None:
            return key
        self.cast.add(country.key, country.name, country.type, country.iso)  # named or not, Sudan is the actor
        return country.key

    def including(self, tok: Token, depth: int) -> list[str]:
        """Actors listed after 'including' ("his counterparts, including Rex Tillerson")."""
        out = []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in INCLUDING:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        out += [k for t in (obj, *obj.conjuncts) for k in self.actor_of(t, depth + 1)]
        return out

    def placed_group(self, tok: Token, depth: int) -> list[str]:
        """A group named by where it is ("rebels in the Ivory Coast"), affiliated with that place's country."""
        places = self.of_actors(tok, depth, IN_PREPS)
        if not places:
            return []
        prep = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ in IN_PREPS)
        end = max(t.i for t in prep.subtree) + 1
        return [self.group(tok.doc[tok.i:end], tok, places)]

    def named_group(self, tok: Token, owners: list[str]) -> list[str]:
        """A non-state group named by its modifiers ("Afghan rebels"), affiliated with the country named there."""
        mods = [c for c in tok.lefts if c.dep_ in MODIFIER_DEPS and c.lower_ not in QUANTITY_WORDS]
        if not mods or not any(t.text[:1].isupper() for m in mods for t in m.subtree):  # "Iranian-backed militias"
            return []
        span = noun_phrase(tok)
        name_end = min([c.i for c in tok.rights if c.dep_ == "prep"] + [span.end])
        # the name stops before the place ("Albanian rebels"); the mention keeps it ("... in Macedonia")
        return [self.group(span, tok, owners + self.of_actors(tok, 1, IN_PREPS), tok.doc[span.start:name_end])]

    def group(self, span, tok: Token, owners: list[str], name_span=None) -> str:
        """Create (once) the group a noun phrase names, emitted only if a relation uses it."""
        kept = [t for t in (name_span or span) if t.lower_ not in QUANTITY_WORDS and t.pos_ != "NUM"
                and (t.dep_ not in ("det", "punct", "cc") or t.tag_ == "HYPH"
                     or (t.dep_ == "cc" and t.head.pos_ == "PROPN" and t.i > tok.i)) or t.i == tok.i]  # "in X and Y"
        if tok.lower_ in word_class("party") and any(t.pos_ == "PROPN" for t in kept):
            while kept[0].is_lower and kept[0].pos_ in ("ADJ", "VERB") and kept[0].i != tok.i:
                kept = kept[1:]  # "the ruling Georgian Dream party", "the banned Ennahda movement"
        words = [t.text for t in kept]
        name = " ".join(words).replace(" 's", "'s").replace(" - ", "-")
        key = entity_id(name, "GROUP")
        if key not in self.cast.actors:
            self.cast.optional.add(key)
        actor = self.cast.add(key, name, "GROUP")
        for owner in owners:
            if self.cast.actors[owner].type in ("COUNTRY", "LOCATION"):
                actor.note(affiliation=owner)
        self.cast.token_key[tok.i] = key
        self.cast.mentions.append((key, span.start, span.end))
        actor.note(alias=name)  # the group's name: "Albanian rebels", not "two Albanian rebels in Macedonia"
        return key

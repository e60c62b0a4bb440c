"""Actor references in a parsed Doc: gazetteer matches and spaCy entities, with titles split off people."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from geokg.ingest.extract.gazetteer import CAPITAL, DEMONYM, GAZ_LABELS, Gazetteer, is_abbreviation, normalise
from geokg.ingest.extract.names import generic_word, organisation_word, repaired_names
from geokg.ingest.extract.words import in_class

# spaCy NER labels that name actors, and the entity type each becomes when the gazetteer does not know it.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "NORP": "GROUP",
             "LAW": "AGREEMENT"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "from", "into"}
PLACE_NOUNS = {"capital", "city", "town", "province", "region"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


@dataclass(slots=True)
class Ref:
    """One span of the text that names an actor, before canonicalisation."""

    start: int  # token offsets of the surface form
    end: int
    key: str | None  # gazetteer key when known
    type: str
    name: str
    role: str | None = None
    affiliation: str | None = None  # key of the country the actor belongs to
    demonym: bool = False
    optional: bool = False  # emitted only when a relation needs it (a bare religious or ethnic adjective)


def find_refs(doc: Doc, gaz: Gazetteer) -> list[Ref]:
    """Every actor reference in the document, in text order."""
    refs = []
    for ent in repaired_names(doc, gaz):
        for span in split_bracket(ent):
            ref = gazetteer_ref(span, gaz) if ent.label_ in GAZ_LABELS else ner_ref(span, gaz)
            if ref is not None:
                refs.append(ref)
    refs = named_agreements(doc, one_type_per_name(bare_surnames(doc, fix_people(doc, refs, gaz))), gaz)
    return read_ambiguous(doc, short_place_names(refs, gaz), gaz)


def short_place_names(refs: list[Ref], gaz: Gazetteer) -> list[Ref]:
    """A place named without its generic word is the place named with it in the same article ("Chagos" and
    "the Chagos Islands", "Golan" and "the Golan Heights")."""
    long_names = {r.name.rsplit(" ", 1)[0]: r.name for r in refs if r.key is None and r.type == "LOCATION"
                  and " " in r.name and r.name.rsplit(" ", 1)[1].casefold() in gaz.roles["place_generic"]}
    for ref in refs:
        if ref.key is None and ref.name in long_names and (ref.type == "LOCATION" or " " not in ref.name):
            ref.name, ref.type, ref.role = long_names[ref.name], "LOCATION", None  # a one-word 'person' too
    return refs


# Token labels of a word that can name an agreement: a place ("the Doha agreement", "the Arusha accord"). A
# country, organisation or person before it is a party ("the US-Taliban deal"), not its name; a date ("the
# September deal") names it too loosely to tell one agreement from another.
AGREEMENT_NAMERS = {"", "CAPITAL", "GPE", "LOC", "LOCATION", "FAC"}


def named_agreements(doc: Doc, refs: list[Ref], gaz: Gazetteer) -> list[Ref]:
    """Agreements named by the place before their noun, or by the title-case words after it ("the Treaty on
    Comprehensive Strategic Partnership", "the Agreement on Cessation of Hostilities"), which no NER label covers."""
    taken = {i for r in refs if r.type == "AGREEMENT" for i in range(r.start, r.end)}
    found = []
    for tok in doc:
        if tok.lower_ not in gaz.roles["instrument"] or tok.i in taken:
            continue
        if (end := titled_end(doc, tok)) > tok.i + 1:
            found.append(Ref(tok.i, end, None, "AGREEMENT", clean_name(doc[tok.i:end].text)))
            continue
        if tok.pos_ != "NOUN":
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "nmod", "npadvmod") and c.pos_ == "PROPN"
                and c.ent_type_ in AGREEMENT_NAMERS and c.text[:1].isupper()]
        if mods:
            start = min(t.i for m in mods for t in m.subtree if t.dep_ == "compound" or t is m)
            found.append(Ref(start, tok.i + 1, None, "AGREEMENT", clean_name(doc[start:tok.i + 1].text)))
    if not found:
        return refs
    inside = {i for r in found for i in range(r.start, r.end)}
    kept = [r for r in refs if not inside.intersection(range(r.start, r.end))]  # "Doha" is no Qatar there
    return sorted(kept + found, key=lambda r: r.start)


def titled_end(doc: Doc, tok) -> int:
    """Where the title-case name an instrument's capitalised noun begins ends ("Treaty [on ... Partnership]"),
    or just after the noun when no such name follows."""
    if not tok.is_title or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ not in ("on", "of", "for", "between"):
        return tok.i + 1
    end, j = tok.i + 1, tok.i + 2
    while j < len(doc) and (doc[j].is_title and doc[j].is_alpha and doc[j].ent_type_ in ("", "WORK_OF_ART", "LAW", "ORG", "EVENT", "PRODUCT")
                            or doc[j].lower_ in ("the", "of", "and", "on", "for") and j + 1 < len(doc)
                            and doc[j + 1].is_title):
        j += 1
        end = j if doc[j - 1].is_title else end
    return end


def one_type_per_name(refs: list[Ref]) -> list[Ref]:
    """A name the NER read as an organisation or group in one place and a person in another is the
    organisation: an organisation is never a person."""
    org_types = {r.name.casefold(): r.type for r in refs if r.key is None and r.type in ("ORGANIZATION", "GROUP")}
    for ref in refs:
        if ref.key is None and ref.type == "PERSON" and ref.name.casefold() in org_types:
            ref.type, ref.role = org_types[ref.name.casefold()], None
    return refs


def read_ambiguous(doc: Doc, refs: list[Ref], gaz: Gazetteer) -> list[Ref]:
    """An ambiguous name (Congo, Georgia) takes the first of its readings whose cue words or co-mentioned names
    occur in the document: "Congo" next to Kinshasa and M23 is the Democratic Republic of the Congo."""
    for ref in refs:
        readings = gaz.readings.get(normalise(doc[ref.start:ref.end].text)) if ref.key else None
        reading = next((r for r in readings or () if r.fits(doc.text)), None)
        if reading is not None:
            e = reading.entry
            ref.key, ref.type, ref.name, ref.affiliation = e.key, e.type, e.name, e.affiliation
            ref.demonym = ref.demonym and e.type == "COUNTRY"
    return refs


def split_bracket(ent: Span) -> list[Span]:
    """NER's "Movement for Democratic Change (MDC" is two references: the name and its acronym."""
    texts = [t.text for t in ent]
    if "(" not in texts or ")" in texts or ent.label_ in GAZ_LABELS:
        return [ent]
    cut = ent.start + texts.index("(")
    parts = [ent.doc[ent.start:cut], ent.doc[cut + 1:ent.end]]
    return [Span(ent.doc, p.start, p.end, label=ent.label_) for p in parts if len(p)]


HONORIFIC_WORDS = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir"}


def fix_people(doc: Doc, refs: list[Ref], gaz: Gazetteer) -> list[Ref]:
    """NER sometimes tags a surname as a place ("Mr Medina"): a name after an honorific, or the surname of a
    person named in full, is that person."""
    surnames = {r.name.split()[-1] for r in refs if r.type == "PERSON" and " " in r.name}
    out = []
    for ref in refs:
        span = doc[ref.start:ref.end]
        after_honorific = ref.start > 0 and doc[ref.start - 1].text in HONORIFIC_WORDS
        if ref.key is None and ref.type != "PERSON" and len(span) > 2 and span[0].text in surnames \
                and span[1].pos_ == "ADP":
            span = span[:1]  # "slammed [Moisan] on Facebook", run on by the NER into one name
            ref = person_ref(span, gaz) or ref
        elif ref.key is None and ref.type != "PERSON" and (after_honorific or span.text in surnames
                                                          or family_name(span, surnames, gaz)):
            ref = person_ref(span, gaz) or ref
        if ref.type == "PERSON" and after_honorific:  # the mention is "Mr Medina"
            ref.start -= 1
        out.append(ref)
    first_names = {r.name.split()[0] for r in out if r.type == "PERSON" and " " in r.name}
    return [person_ref(doc[r.start:r.end], gaz) or r  # "Lai's son Sebastien", "his wife, Liri"
            if r.key is None and r.type != "PERSON" and r.name in first_names and after_kin(doc[r.start:r.end])
            else r for r in out]


def after_kin(span: Span) -> bool:
    """True for a name right after a kin noun ("son Sebastien", "his wife, Liri")."""
    i = span.start - 1
    if i > 0 and span.doc[i].text == ",":
        i -= 1
    return i >= 0 and in_class(span.doc[i], "kin")


NAMELESS_LABELS = {"", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"}  # NER labels whose spans become no actor


def bare_surnames(doc: Doc, refs: list[Ref]) -> list[Ref]:
    """A capitalised word the NER left untagged, or put in a span that names no actor, that is the surname of a
    person named in full before it is that person ("Carlos Mendes ... Mendes denied the accusations", where the
    parser took "Mendes" for a noun; "slammed Moise on Facebook", tagged a work of art)."""
    first_named: dict[str, int] = {}
    for r in refs:
        if r.type == "PERSON" and " " in r.name:
            first_named.setdefault(r.name.split()[-1], r.end)
    taken = {i for r in refs for i in range(r.start, r.end)}
    found = [Ref(tok.i, tok.i + 1, None, "PERSON", tok.text) for tok in doc
             if tok.text in first_named and first_named[tok.text] <= tok.i and tok.i not in taken
             and tok.ent_type_ in NAMELESS_LABELS and tok.pos_ in ("PROPN", "NOUN") and tok.is_title
             and not (tok.dep_ == "compound" and tok.head.is_lower)]  # "Rice prices" after "Susan Rice"
    return sorted(refs + found, key=lambda r: r.start) if found else refs


def family_name(span: Span, surnames: set[str], gaz: Gazetteer) -> bool:
    """True for a many-word proper name carrying the surname of a person named in full ("his daughter, Besa
    Kolar Dervishaj" after "Viktor Kolar"), with no word of an organisation's name in it."""
    words = [t.text for t in span]
    return (1 < len(words) <= 4 and all(t.pos_ == "PROPN" for t in span) and any(w in surnames for w in words)
            and not any(w in gaz.roles["organisation"] for w in words))


def gazetteer_ref(ent: Span, gaz: Gazetteer) -> Ref | None:
    """A reference the EntityRuler matched: its key is the entity id."""
    entry = gaz.entries.get(ent.ent_id_)
    if entry is None:
        return None
    doc = ent.doc
    if ent.label_ == DEMONYM and ent.start > 0 and doc[ent.start - 1].lower_ == "ethnic":
        span = doc[ent.start - 1:ent.end]  # "ethnic Albanians" are a people, not the state of Albania
        return Ref(span.start, span.end, None, "GROUP", span.text, affiliation=entry.key)
    if is_abbreviation(ent.text) and 0 < ent.start and ent.end < len(doc) and doc[ent.start - 1].text == "-" \
            and doc[ent.end].text == "-" and not doc[ent.start - 1].whitespace_ and not ent[-1].whitespace_:
        return None  # the "AU" of "PORT-AU-PRINCE": inside a hyphenated word, not the African Union
    if names_a_place(ent, gaz):
        return None  # "the Western Balkans", "the Indian Ocean": a place's name, not the West or India
    if ent.label_ == CAPITAL and locative(ent, gaz):
        span = strip_span(ent) or ent  # "in the Hague": the place is "Hague", as its other mentions say
        return Ref(span.start, span.end, None, "LOCATION", clean_name(span.text), affiliation=entry.key)
    start = ent.start + (ent.label_ == DEMONYM and len(ent) > 1 and doc[ent.start].lower_ in DETERMINERS)
    # "the Russian [army]": the article is the noun's, not the name's; a bloc's adjective ("European markets")
    # often means the continent, so that actor is a node only when a relation needs it
    return Ref(start, ent.end, entry.key, entry.type, entry.name, affiliation=entry.affiliation,
               demonym=ent.label_ == DEMONYM, optional=ent.label_ == DEMONYM and entry.type != "COUNTRY")


def names_a_place(ent: Span, gaz: Gazetteer) -> bool:
    """True for an adjective that begins a place's name: it modifies a place the gazetteer or NER knows, or a
    capitalised place noun ("Ocean", "Sea"), written after it."""
    last = ent[-1]
    head = last.head
    if last.pos_ not in ("ADJ", "PROPN") or last.dep_ not in ("amod", "compound", "nmod") or head.i <= last.i \
            or not head.text[:1].isupper() or any(not t.text[:1].isupper() for t in ent.doc[last.i + 1:head.i]):
        return False
    return head.ent_type_ in ("LOCATION", "LOC") or head.lower_ in gaz.roles["place_generic"]


def locative(span: Span, gaz: Gazetteer) -> bool:
    """True when a place name is where something happens ("in Kabul", "in the capital Kabul"), not an actor;
    officials or the government "in Kabul" are the state's, unless said to be someone else's ("relief officials
    in Nairobi", "Western diplomats in Moscow")."""
    head = span.root.head
    if head.lower_ in PLACE_NOUNS and head is not span.root:
        head = head.head
    if head.dep_ != "prep" or head.lower_ not in LOCATIVE:
        return False
    owner = head.head
    described = any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in owner.children)
    return not (owner.pos_ == "NOUN" and owner.lower_ in gaz.roles["agent"] and head.lower_ in ("in", "from")
                and not described)


def ner_ref(ent: Span, gaz: Gazetteer) -> Ref | None:
    """A reference from spaCy's NER, looked up in the gazetteer first (aliases the ruler missed)."""
    type_ = NER_TYPES.get(ent.label_)
    if type_ is None:
        return None
    span = strip_span(ent)
    if span is None:
        return None
    entry = gaz.lookup(span.text)
    if entry is not None:
        return Ref(span.start, span.end, entry.key, entry.type, entry.name, affiliation=entry.affiliation,
                   demonym=entry.type == "COUNTRY" and gaz.demonyms.get(span.text.casefold()) == entry.key)
    owner = gaz.entries.get(span[0].ent_id_)  # "the Somali Military Command": the name starts with its owner
    affiliation = None if owner is None else owner.key if owner.type == "COUNTRY" or (
        owner.type == "ORGANIZATION" and span[0].ent_type_ != DEMONYM) else owner.affiliation  # not "European"
    if not any(c.isupper() for c in span.text):
        return None  # "intra-" of "intra-Afghan talks": a name has a capital
    if (place_end := settlement_end(span, gaz)) is not None:
        span, type_ = span.doc[span.start:place_end], "LOCATION"  # "the town of Bria", "the Zamzam camp",
        # whatever the NER took them for
    elif type_ == "PERSON" and (span[-1].text in gaz.roles["organisation"] or names_a_group(span, gaz)
                                or is_abbreviation(span.text)):
        type_ = "ORGANIZATION"  # "Reporters Without Borders", "Popular Front": an organisation is never a person
    if type_ == "PERSON":
        return person_ref(span, gaz) if not group_modifier(span, gaz) else None
    if type_ == "ORGANIZATION" and owned_name(span, gaz):
        return person_ref(span, gaz)  # "Colombia's [Gustavo Petro]": a person's name after a country's
    if type_ == "ORGANIZATION" and (in_title(span, gaz) or owned_office(span, gaz)
                                    or all(t.lower_ in gaz.title_words for t in span)
                                    or len(span) == 1 and span[0].lower_ in gaz.roles["agent"]):
        return None  # "State" in "Secretary of State"; "China's [defence ministry]" is China's; a bare title
        # or force ("Army chief X", "Junta spokesman Y" at a sentence's start)
    if type_ == "GROUP" and len(span) == 1 and span[0].pos_ == "ADJ":
        return None  # a bare adjective ("Islamic") names no actor on its own
    if type_ == "ORGANIZATION" and span.root.pos_ == "ADJ" and span.root.dep_ == "amod":
        return None  # nor an adjective on a common noun ("Social-Democratic parties"): a name has a noun head
    if type_ == "LOCATION" and affiliation is None:
        affiliation = gaz.city_country(clean_name(span.text))  # "Port Sudan" is in Sudan
    return Ref(span.start, span.end, None, type_, clean_name(span.text), affiliation=affiliation,
               optional=ent.label_ == "NORP")


def owned_name(span: Span, gaz: Gazetteer) -> bool:
    """True for two or three title-case proper nouns right after a country's possessive with no word of an
    organisation or office among them: the country's person, as in "Colombia's Gustavo Petro"."""
    doc = span.doc
    if not 2 <= len(span) <= 3 or span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return False
    owner = gaz.entries.get(doc[span.start - 2].ent_id_)
    return owner is not None and owner.type == "COUNTRY" and all(
        t.pos_ == "PROPN" and t.is_title and not generic_word(t.text, gaz)
        and not organisation_word(t.text, gaz) for t in span)


def settlement_end(span: Span, gaz: Gazetteer) -> int | None:
    """Where the name of a town, camp or district ends when the span starts one: after "the town of" or "near",
    or before a settlement noun the name modifies, taking in the words the NER cut ("the Zamzam camp", "the Croix
    [des Bouquets] jail"); None for any other span."""
    root, places, doc = span.root, gaz.roles["settlement"], span.doc
    if len(span) > 1 and span[-1].is_lower and span[-1].lower_ in places:
        return span.end - 1  # "Arauca province" taken whole: the place is "Arauca", as "the Sahel region" is Sahel
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("near", "outside", "around", "toward", "towards"):
        return span.end
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in places and head.head.i < span.start:
        return span.end
    end, tok = span.end, root
    while tok.dep_ in ("compound", "nmod") and tok.head.i >= end and tok.head.i - end <= 2 \
            and (tok.head.is_title and tok.head.pos_ == "PROPN" or tok.head.lower_ in gaz.roles["particle"]):
        tok = tok.head
        end = tok.i + 1
    if tok.dep_ not in ("compound", "nmod") or tok.head.i < end or tok.head.lower_ not in places \
            or not all(t.is_lower or t.pos_ != "PROPN" for t in doc[end:tok.head.i]):
        return None
    return end


def in_title(span: Span, gaz: Gazetteer) -> bool:
    """True when the span is a title or the tail of one ("State" in "Secretary of State")."""
    doc = span.doc
    if span.text in gaz.roles["title"]:
        return True
    return span.start >= 2 and doc[span.start - 2:span.end].text in gaz.roles["title"]


def owned_office(span: Span, gaz: Gazetteer) -> bool:
    """True for a generic office or force ("defence ministry") that an actor named before it owns."""
    generic = {w.casefold() for w in gaz.roles["title"] | gaz.roles["agent"]}
    if not all(t.lower_ in generic for t in span):
        return False
    return any(c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < span.start for c in span.root.children)


def names_a_group(span: Span, gaz: Gazetteer) -> bool:
    """True for a many-word 'person' that names the group around it: "the Jund al-Haqq militia", "fighters of
    Ansar al-Furqan", "the group Kata al-Nour" (people have no militias, fighters or members)."""
    root = span.root
    head = root.head
    if len(span) < 2:
        return False
    if any(c.dep_ in ("compound", "amod") and c.i < span.start and c.pos_ == "NOUN" and c.tag_ == "NN"
           and c.lower_ in gaz.roles["group"] for c in root.children):
        return True  # "the Mogadishu-based group Horn Agenda", parsed with the group noun as a modifier
    if head is root:
        return False
    kind = "group"
    if root.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head is not head:
        head, kind = head.head, "armed"  # "fighters of X"; "the party of X" may well be a person's
    elif root.dep_ not in ("compound", "appos"):
        return False
    return head.pos_ == "NOUN" and (head.lower_ in gaz.roles[kind] or head.lemma_ in gaz.roles[kind])


def group_modifier(span: Span, gaz: Gazetteer) -> bool:
    """True for a one-word 'person' that modifies a group noun: NER's mistake on "Karen guerrillas"."""
    root = span.root
    head = root.head
    return (len(span) == 1 and root.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN"
            and (head.lower_ in gaz.roles["group"] or head.lower_ in gaz.roles["agent"]))


def strip_span(ent: Span) -> Span | None:
    """The entity without leading determiners and a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end] if end > start else None


def person_ref(span: Span, gaz: Gazetteer) -> Ref | None:
    """A person, with titles inside the span ("President Omar El Bashir") moved to the role."""
    titles = gaz.roles["title"]
    words = [t for t in span]
    role = []
    while len(words) > 1 and (words[0].text in titles or words[0].text.rstrip(".") in titles):
        role.append(words.pop(0).text)
    name = clean_name(span.doc[words[0].i:words[-1].i + 1].text)  # doc.text would rebuild the whole text
    if not name or not any(c.isupper() for c in name):
        return None
    return Ref(span.start, span.end, None, "PERSON", name, role=" ".join(role) or None)


def clean_name(text: str) -> str:
    """A canonical display name: spaces folded, stray punctuation and possessives dropped."""
    text = text.replace("\u2019", "'").strip(" ,.;:\"'[]{}`-")
    if text.endswith("'s"):
        text = text[:-2]
    if text.count("(") != text.count(")"):  # "Umma (Nation": keep what stands outside the brackets
        text = text.split("(")[0] if text.count("(") > text.count(")") else text.replace(")", "")
    words = text.split()
    while len(words) > 1 and words[-1].lower() in ("of", "the", "and", "for", "in"):
        words.pop()
    return " ".join(words)


def left_modifiers(doc: Doc, ref: Ref) -> Span:
    """The words of the noun phrase before a reference ("Iranian Foreign Minister" before "Zarif")."""
    root = doc[ref.start:ref.end].root
    start = min(root.left_edge.i, ref.start)
    if root.dep_ == "compound" and root.head.i > root.i:  # "Iran's [Foreign Ministry] spokesman"
        start = min(start, root.head.left_edge.i)
    if root.dep_ == "appos" and 0 < ref.start - root.head.i <= 2 and root.head.pos_ == "NOUN":
        start = min(start, root.head.left_edge.i)  # "Rwanda's foreign minister, Olivier Nduhungirehe"
    return doc[max(start, ref.start - 8):ref.start]



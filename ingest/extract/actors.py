"""Actor references in a parsed Doc: gazetteer matches and spaCy entities, with titles split off people."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ingest.extract.gazetteer import CAPITAL, DEMONYM, GAZ_LABELS, Gazetteer

# spaCy NER labels that name actors, and the entity type each becomes when the gazetteer does not know it.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "NORP": "GROUP",
             "LAW": "AGREEMENT"}
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


def find_refs(doc: Doc, gaz: Gazetteer) -> list[Ref]:
    """Every actor reference in the document, in text order."""
    refs = []
    for ent in doc.ents:
        ref = gazetteer_ref(ent, gaz) if ent.label_ in GAZ_LABELS else ner_ref(ent, gaz)
        if ref is not None:
            refs.append(ref)
    return refs


def gazetteer_ref(ent: Span, gaz: Gazetteer) -> Ref | None:
    """A reference the EntityRuler matched: its key is the entity id."""
    entry = gaz.entries.get(ent.ent_id_)
    if entry is None:
        return None
    return Ref(ent.start, ent.end, entry.key, entry.type, entry.name, affiliation=entry.affiliation,
               demonym=ent.label_ == DEMONYM)


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
    if type_ == "PERSON":
        return person_ref(span, gaz)
    if type_ == "ORGANIZATION" and span.text in gaz.roles["title"]:
        return None  # "State" in "Secretary of State"
    if type_ == "GROUP" and len(span) == 1 and span[0].pos_ == "ADJ":
        return None  # a bare adjective ("Islamic") names no actor on its own
    return Ref(span.start, span.end, None, type_, clean_name(span.text))


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
    name = clean_name(" ".join(t.text for t in words))
    if not name or not any(c.isupper() for c in name):
        return None
    return Ref(span.start, span.end, None, "PERSON", name, role=" ".join(role) or None)


def clean_name(text: str) -> str:
    """A canonical display name: spaces folded, stray punctuation and possessives dropped."""
    text = text.replace("\u2019", "'").strip(" ,.;:\"'()[]{}`-")
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join(text.split())


def left_modifiers(doc: Doc, ref: Ref) -> Span:
    """The words of the noun phrase before a reference ("Iranian Foreign Minister" before "Zarif")."""
    root = doc[ref.start:ref.end].root
    start = min(root.left_edge.i, ref.start)
    return doc[start:ref.start]


def is_capital(label: str) -> bool:
    """True for a capital city or seat of government standing for its country."""
    return label == CAPITAL

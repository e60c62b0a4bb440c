"""The domain model: what an article says, as frozen dataclasses shared by ingest/ and graph/."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES = ("PERSON", "COUNTRY", "ORGANIZATION", "GROUP", "LOCATION", "AGREEMENT")
# The Neo4j node label of each entity type (every entity node also has the label Entity).
NEO4J_LABELS = {
    "PERSON": "Person",
    "COUNTRY": "Country",
    "ORGANIZATION": "Organization",
    "GROUP": "Group",
    "LOCATION": "Location",
    "AGREEMENT": "Agreement",
}


# Actor sectors as CAMEO and PLOVER code them; an actor is a country (or group) plus, where the text says so,
# the part of it that acted ("Israeli police" is Israel with sector POLICE).
SECTORS = ("GOVERNMENT", "MILITARY", "POLICE", "JUDICIARY", "LEGISLATURE", "INTELLIGENCE", "OPPOSITION",
           "REBELS", "INSURGENTS", "CIVILIANS", "MEDIA", "NGO", "IGO", "BUSINESS", "LABOR", "EDUCATION",
           "RELIGIOUS", "REFUGEES", "CRIMINAL", "HEALTH")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-', the normalised form used inside ids."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_ = ascii_.replace("+", " plus ")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")


def entity_id(name: str, type_: str, iso: str | None = None) -> str:
    """Stable cross-article key: countries by ISO 3166 alpha-3, others by type and normalised name."""
    if type_ == "COUNTRY" and iso:
        return f"country:{iso.upper()}"
    return f"{type_.lower()}:{slug(name)}"


def short_hash(*parts: object) -> str:
    """A 16-hex-digit digest of the parts, for ids that must be stable across runs."""
    h = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=8)
    return h.hexdigest()


def relation_id(subject: str, predicate: str, object_: str) -> str:
    """The id of the aggregated relation (subject, predicate, object) across all its evidence."""
    return "r" + short_hash(subject, predicate.upper(), object_)


@dataclass(frozen=True, slots=True)
class Location:
    """One place an article's text was found: a URL or file path (or "posted"), its source, when first and last."""

    where: str
    source: str | None = None
    first_seen: str = ""  # ISO timestamps of the writes that saw it
    last_seen: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: identity, metadata, the hashes of its text, and (as stored) every place it was found.

    content_hash covers the normalised text and the metadata (a changed title or date is a change); text_hash the
    text alone, so the same text under another name, URL or source is found as the article already stored.
    """

    id: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: date | None = None
    content_hash: str = ""
    path: str | None = None
    language: str = "en"
    text_hash: str = ""
    locations: tuple[Location, ...] = ()  # filled by the stores when read, first seen first

    @property
    def where(self) -> str:
        """The location this article (as read or posted) names: its URL, else its file, else "posted"."""
        return self.url or self.path or "posted"


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical real-world actor, place or agreement."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    iso: str | None = None
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()  # ids of entities this one belongs to or acts for


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in an article's text that names an entity."""

    entity_id: str
    text: str
    sentence: int
    start: int  # character offsets in the article text
    end: int
    sector: str | None = None  # the actor's sector in this mention (SECTORS): "Israeli police" is Israel, POLICE


@dataclass(frozen=True, slots=True)
class Event:
    """The classification of an event: CAMEO code, PLOVER type, Goldstein score, quad class."""

    cameo: str
    plover: str
    goldstein: float
    quad_class: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """One occurrence of subject-predicate-object in one sentence of one article (one piece of evidence)."""

    subject: str
    predicate: str  # the verb lemma in upper case: MEET, IMPOSE
    object: str
    article_id: str
    sentence: int
    start: int  # character span of the sentence in the article text
    end: int
    text: str  # the sentence
    theme: str | None = None
    preposition: str | None = None
    verb_phrase: str = ""
    event: Event | None = None
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False
    attributed_to: str | None = None  # entity id of who is reported as saying so
    confidence: float = 0.5
    date: date | None = None
    subject_sector: str | None = None  # the sector of each end as the sentence names it (SECTORS)
    object_sector: str | None = None

    @property
    def id(self) -> str:
        """The aggregated relation this evidence supports."""
        return relation_id(self.subject, self.predicate, self.object)

    @property
    def evidence_id(self) -> str:
        """Stable id of this occurrence: the same sentence re-ingested gets the same id."""
        return "v" + short_hash(self.article_id, self.sentence, self.start, self.end,
                                self.subject, self.predicate, self.object, self.theme or "")


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """Everything extracted from one article: the batch a store upserts as one unit."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    sentences: int = 0
    skipped: str | None = field(default=None)  # why nothing was extracted (e.g. not English)

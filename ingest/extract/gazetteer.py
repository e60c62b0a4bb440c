"""The gazetteer: countries (pycountry plus our tables of names, demonyms and capitals), organisations, groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from geokg.graph.model import SECTORS, entity_id

# Labels the EntityRuler gives gazetteer matches; the entity key travels in `ent_id_`.
DEMONYM, CAPITAL = "DEMONYM", "CAPITAL"
GAZ_LABELS = {"COUNTRY", "ORGANIZATION", "GROUP", "LOCATION", "AGREEMENT", DEMONYM, CAPITAL}


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One canonical actor the gazetteer knows."""

    key: str  # the stable entity id
    name: str
    type: str
    iso: str | None = None
    affiliation: str | None = None  # key of the country it belongs to
    sector: str | None = None  # the sector it acts as (SECTORS): "CIA" INTELLIGENCE, "Amnesty International" NGO


@dataclass(frozen=True, slots=True)
class Reading:
    """One actor an ambiguous name can stand for, chosen when one of its cues occurs in the document."""

    entry: GazEntry
    cues: re.Pattern | None  # None: the reading when no other reading's cues occur

    def fits(self, text: str) -> bool:
        return self.cues is None or self.cues.search(text) is not None


@dataclass(slots=True)
class Gazetteer:
    """Every known actor and the surface forms that name it."""

    entries: dict[str, GazEntry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # normalised surface form -> key
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised demonym -> country key
    patterns: list[dict] = field(default_factory=list)  # EntityRuler patterns
    roles: dict[str, frozenset[str]] = field(default_factory=dict)
    readings: dict[str, list[Reading]] = field(default_factory=dict)  # ambiguous surface form -> its readings
    title_words: frozenset[str] = frozenset()  # the words of the titles, case-folded ("chief", "prime", "minister")
    towns: set[str] = field(default_factory=set)  # keys of towns: places, nodes only when an event involves them
    cities: dict[str, str] = field(default_factory=dict)  # normalised city name -> key of its country

    def city_country(self, text: str) -> str | None:
        """The country of a city the NER tagged as a place ("Port Sudan", "Goma"), or None (cities.tsv)."""
        return self.cities.get(normalise(text))

    def lookup(self, text: str) -> GazEntry | None:
        """The entry a surface form names (a name, alias, capital or demonym), or None."""
        n = normalise(text)
        key = self.names.get(n) or self.demonyms.get(n)
        return self.entries.get(key) if key else None

    def add(self, entry: GazEntry, surfaces: list[str], label: str) -> None:
        """Register an entry and the surface forms matched for it with the given ruler label."""
        self.entries.setdefault(entry.key, entry)
        target = self.demonyms if label == DEMONYM else self.names
        for s in [*surfaces, *(d for a in surfaces if is_abbreviation(a) for d in dotted(a)),
                  *(v for a in surfaces for v in initial_variants(a))]:
            s = s.strip()
            if not s:
                continue
            target.setdefault(normalise(s), entry.key)
            # "the West" must not match the "West" of "West Africa": such aliases keep their article
            forms = [s, "The " + s[4:]] if s.lower().startswith("the ") else [s, "the " + s, "The " + s]
            self.patterns += [{"label": label, "pattern": f, "id": entry.key} for f in forms]


def is_abbreviation(text: str) -> bool:
    """True for an initialism written without dots ("CAR", "DRC", "UK")."""
    return 2 <= len(text) <= 5 and text.isalpha() and text.isupper()


def dotted(text: str) -> tuple[str, str]:
    """The initialism written with dots, as news often does ("C.A.R.", and "C.A.R" as a sentence's last word)."""
    return ".".join(text) + ".", ".".join(text)


def initial_variants(text: str) -> list[str]:
    """A name that starts with an initialism, written the other way ("US Treasury Department" and "U.S. Treasury
    Department", "U.N. Security Council" and "UN Security Council")."""
    first, _, rest = text.partition(" ")
    if not rest:
        return []
    if is_abbreviation(first):
        return [f"{dotted(first)[0]} {rest}"]
    if re.fullmatch(r"(?:[A-Z]\.){2,5}", first):
        return [f"{first.replace('.', '')} {rest}"]
    return []


def normalise(text: str) -> str:
    """Case-folded, apostrophes unified, 'the' and a trailing possessive dropped."""
    s = text.casefold().replace("\u2019", "'").strip()
    s = re.sub(r"('s|')$", "", s).strip()
    s = re.sub(r"^the ", "", s)
    return re.sub(r"\s+", " ", s)


def data_lines(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines skipped."""
    text = resources.files("geokg.ingest.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def split(cell: str) -> list[str]:
    """The '|'-separated values of a cell."""
    return [v.strip() for v in cell.split("|") if v.strip()]


def add_countries(gaz: Gazetteer) -> None:
    """Countries from our table, with pycountry's official and common names as extra aliases. A seat of
    government ("the White House", "the Kremlin") names the country even where a capital would be a place."""
    import pycountry

    for row in data_lines("countries.tsv"):
        iso, name, others, demonyms, capitals, seats = (row + [""] * 6)[:6]
        entry = GazEntry(entity_id(name, "COUNTRY", iso), name, "COUNTRY", iso=iso)
        pc = pycountry.countries.get(alpha_3=iso)
        official = [getattr(pc, a, "") or "" for a in ("name", "official_name", "common_name")] if pc else []
        gaz.add(entry, [name, *split(others), *official, *split(seats)], "COUNTRY")
        gaz.add(entry, split(capitals), CAPITAL)
        gaz.add(entry, split(demonyms), DEMONYM)


def add_actors(gaz: Gazetteer) -> None:
    """Organisations, groups, places and agreements from actors.tsv; a bloc's adjective ("European") names it
    before the nouns a country's does ("the European side")."""
    for row in data_lines("actors.tsv"):
        type_, name, aliases, iso, sector, demonyms = (row + [""] * 6)[:6]
        affiliation = entity_id("", "COUNTRY", iso.strip()) if iso.strip() else None
        if sector.strip() and sector.strip() not in SECTORS:
            raise ValueError(f"actors.tsv: {name!r} has sector {sector.strip()!r}, which is not one of SECTORS")
        entry = GazEntry(entity_id(name, type_), name, type_, affiliation=affiliation, sector=sector.strip() or None)
        gaz.add(entry, [name, *split(aliases)], type_)
        gaz.add(entry, split(demonyms), DEMONYM)


def add_places(gaz: Gazetteer) -> None:
    """Towns and cities of conflicts from places.tsv, LOCATIONs in their country."""
    for row in data_lines("places.tsv"):
        name, others, iso = (row + [""] * 3)[:3]
        entry = GazEntry(entity_id(name, "LOCATION"), name, "LOCATION", affiliation=entity_id("", "COUNTRY", iso))
        gaz.add(entry, [name, *split(others)], "LOCATION")
        gaz.towns.add(entry.key)


def add_cities(gaz: Gazetteer) -> None:
    """Cities of the world and their country (cities.tsv): read only to place a town the NER tagged, never matched
    as names on their own (a city called "Police" or "Mobile" is no reason to read those words as places)."""
    for name, iso in data_lines("cities.tsv"):
        gaz.cities.setdefault(normalise(name), entity_id("", "COUNTRY", iso.strip()))


def add_readings(gaz: Gazetteer) -> None:
    """Ambiguous names (Congo, Georgia) and the cue words that pick each of their readings."""
    for row in data_lines("ambiguous.tsv"):
        surfaces, type_, name, iso, cues = (row + [""] * 5)[:5]
        iso = iso.strip()
        if type_ == "COUNTRY":
            entry = gaz.entries.get(entity_id(name, type_, iso))
            if entry is None:
                raise ValueError(f"ambiguous.tsv: {surfaces!r} reads as country {iso!r}, which countries.tsv lacks")
        else:
            entry = gaz.entries.setdefault(entity_id(name, type_), GazEntry(  # a known actor keeps its sector
                entity_id(name, type_), name, type_, affiliation=entity_id("", "COUNTRY", iso)))
        words = split(cues)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None
        for s in split(surfaces):
            gaz.readings.setdefault(normalise(s), []).append(Reading(entry, pattern))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the data files (once per process)."""
    gaz = Gazetteer()
    add_actors(gaz)
    add_countries(gaz)
    add_places(gaz)
    add_cities(gaz)
    add_readings(gaz)
    for kind, words in data_lines("roles.tsv"):
        gaz.roles[kind] = frozenset(split(words))
    gaz.title_words = frozenset(w.casefold() for t in gaz.roles["title"] for w in t.split()) - {"of"}
    return gaz

"""Actor sectors as CAMEO and PLOVER code them: the part of an actor a mention names ("Israeli police": POLICE).

A stage after resolution: it reads the cast (which token stands for which actor) and the parse, and decides each
mention's sector from the words of the noun phrase it stands in (ingest/data/sectors.tsv), a person's also from
the role the article gives them ("Army chief X").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from geokg.graph.model import SECTORS
from geokg.ingest.extract.canon import Actor, Cast
from geokg.ingest.extract.gazetteer import data_lines, load_gazetteer

# Dependencies by which a word modifies the noun after it: the phrase "Israeli police" is headed by "police".
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "case", "npadvmod"}
OWNER_PREPS = {"of"}  # not "from": "the withdrawal of forces from Panama" are not Panama's
MAX_PHRASE = 8  # words before the head that still belong to its noun phrase


@dataclass(frozen=True, slots=True)
class SectorWords:
    """Words that name a sector wherever they stand (nouns), and role nouns whose sector is a default."""

    nouns: dict[str, str]
    roles: dict[str, str]

    def of(self, word: str, lemma: str) -> tuple[str | None, bool]:
        """(sector, is_role) of one word, (None, False) when it names none."""
        for table, role in ((self.nouns, False), (self.roles, True)):
            sector = table.get(word) or table.get(lemma)
            if sector:
                return sector, role
        return None, False


@lru_cache(maxsize=1)
def sector_words() -> SectorWords:
    """The sector words of ingest/data/sectors.tsv (once per process)."""
    tables: dict[str, dict[str, str]] = {"noun": {}, "role": {}}
    for row in data_lines("sectors.tsv"):
        sector, kind, words = (row + ["", ""])[:3]
        if sector not in SECTORS or kind not in tables:
            raise ValueError(f"sectors.tsv: row {sector!r} {kind!r}: the sector must be one of SECTORS "
                             f"and the kind 'noun' or 'role'")
        for word in words.split():
            tables[kind].setdefault(word, sector)
    return SectorWords(tables["noun"], tables["role"])


def phrase_sector(words: list[tuple[str | None, bool]]) -> str | None:
    """The sector a noun phrase names, from the (sector, is_role) of its words in text order, head last.

    The sector noun nearest the head decides; a role's default yields to a modifier naming another sector
    ("police officials", "opposition leader"), except GOVERNMENT, the state itself ("government forces")."""
    default = None
    for sector, role in reversed(words):
        if sector is None:
            continue
        if role:
            default = default or sector
        elif default is None or sector != "GOVERNMENT":
            return sector
    return default


def text_sector(text: str) -> str | None:
    """The sector a phrase of plain words names ("Opposition leader", "Army chief")."""
    lex = sector_words()
    return phrase_sector([lex.of(w, w) for w in text.casefold().split()])


def phrase_of(tok: Token, key: str, cast: Cast) -> list[Token]:
    """The words of the noun phrase a token of an actor's mention stands in, its head last: "Israeli" stands in
    "Israeli police", "Bahrain" in "[of Bahrain] the foreign ministry" (an owner after "of" reads as a modifier).
    It does not cross into another actor's phrase ("Palestinian protesters" is the protesters', not Palestine's)."""
    head, owned = tok, []
    for _ in range(MAX_PHRASE):
        up = head.head
        if head.dep_ == "pobj" and up.lower_ in OWNER_PREPS and up.head.pos_ in ("NOUN", "PROPN") \
                and not up.head.ent_type_ and cast.actors[key].type != "PERSON":  # "the killers of X" are not X
            up = up.head  # "the president of Armenia", "the troops of Chad"
            if cast.token_key.get(up.i, key) != key:
                break
            owned = [t for t in head.subtree] + owned
        elif head.dep_ not in MODIFIER_DEPS or up.i <= head.i or cast.token_key.get(up.i, key) != key:
            break
        head = up
    return owned + [t for t in head.subtree if head.i - MAX_PHRASE <= t.i <= head.i]


def word_sector(tok: Token, cast: Cast) -> tuple[str | None, bool]:
    """A word's sector; a word inside a known name gives the name's sector ("Union" in "African Union": IGO)."""
    entry = load_gazetteer().entries.get(cast.token_key.get(tok.i, "")) if tok.ent_type_ else None
    if entry is not None:
        return entry.sector, False
    return sector_words().of(tok.lower_, tok.lemma_.lower())


def token_sector(tok: Token, key: str, cast: Cast) -> str | None:
    """The sector of the actor `key` as the noun phrase around one of its tokens names it."""
    found = phrase_sector([word_sector(t, cast) for t in phrase_of(tok, key, cast)])
    return found or role_sector(cast.actors[key])


def role_sector(actor: Actor) -> str | None:
    """A person's sector by the role the article gives them; None for others."""
    if actor.type != "PERSON":
        return None
    return next((s for role in actor.roles if (s := text_sector(role))), None)


def mention_sector(span: Span, key: str, cast: Cast) -> str | None:
    """The sector of one mention (a matched "the Russian" is rooted on its adjective, not its article)."""
    root = span.root
    if root.dep_ in ("det", "case", "punct") and len(span) > 1:
        root = next(t for t in reversed(span) if t.dep_ not in ("det", "case", "punct"))
    return token_sector(root, key, cast)


def end_sector(sent: Span, key: str, verb: Token, cast: Cast) -> str | None:
    """The sector of a relation's end: that of the actor's mention in the sentence nearest the predicate."""
    tokens = [t for t in sent if cast.token_key.get(t.i) == key]
    if not tokens:
        return role_sector(cast.actors[key])
    return token_sector(min(tokens, key=lambda t: tree_distance(t, verb)), key, cast)


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of a sentence in the dependency tree."""
    up: dict[int, int] = {}
    t, d = a, 0
    while t.i not in up:
        up[t.i] = d
        t, d = t.head, d + 1
    t, d = b, 0
    while t.i not in up:
        if t.head is t:
            return len(a.doc)
        t, d = t.head, d + 1
    return d + up[t.i]

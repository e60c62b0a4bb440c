"""Probe sentences for the event lexicon: for each pattern of ingest/data/events.tsv, sentences of our own in
the frames its shape allows ("The government of Ghana <verb> the government of Togo", "... imposed sanctions
on ...", "... launched an offensive against ..."), tried in order until one is typed with the pattern's root."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lemminflect import getInflection

from geokg.graph.model import Article
from geokg.ingest.extract import extract

OBJECT = "Togo"
O = f"the government of {OBJECT}"
# Who acts, as written and as the extractor names them: the state first, then a labour actor of it.
SUBJECTS = {"The government of Ghana": "Ghana", "Ghanaian unions": "Ghanaian unions"}
# Prepositions an intransitive verb or a theme noun takes its counterpart with, commonest first.
PREPS = ("with", "against", "on", "to", "at", "from", "for", "into", "over", "toward")
# The preposition news gives the counterpart of each root's noun phrases ("sought loans from", "held talks with",
# "sent tanks to", "levelled accusations against"), tried first.
ROOT_PREPS = {"01": "on", "02": "from", "03": "to", "04": "with", "05": "with", "06": "with", "07": "to", "08": "on",
              "09": "into", "10": "from", "11": "against", "12": "from", "13": "against", "14": "against",
              "15": "against", "16": "on", "17": "on", "18": "against", "19": "against", "20": "against"}
# Verbs that carry an event noun ("launched an offensive", "issued an ultimatum"), for "* +noun" patterns.
CARRIERS = ("launched", "announced", "issued", "staged", "made", "held", "carried out", "declared")


def past(lemma: str) -> str:
    """The simple past of a verb lemma ('lambaste' -> 'lambasted', 'test-fire' -> 'test-fired')."""
    head, _, last = lemma.rpartition("-")
    forms = getInflection(last, "VBD")
    return (head + "-" if head else "") + (forms[0] if forms else last + "ed")


def plural(noun: str) -> str:
    """The plural of a noun ('sanction' -> 'sanctions'); nouns already plural stay as they are."""
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun
    forms = getInflection(noun, "NNS")
    return forms[0] if forms else noun + "s"


def indefinite(noun: str) -> str:
    """'a' or 'an' and the noun."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def noun_phrases(noun: str) -> tuple[str, ...]:
    """The noun as news writes it after a verb: plural, with an article, or as a bare mass noun."""
    return tuple(dict.fromkeys((plural(noun), indefinite(noun), f"the {noun}", noun)))


def candidates(pattern: str, code: str) -> Iterator[str]:
    """Sentences that state the pattern's act by Ghana on Togo, the most natural frame first; then the same
    frames with Ghanaian unions acting (a strike or a protest by a state is typed as force or as dissent)."""
    for frame in frames(pattern, ROOT_PREPS[code[:2]]):
        yield from (frame.format(S=subject) for subject in SUBJECTS)


def frames(pattern: str, prep: str) -> Iterator[str]:
    """The pattern's sentence frames, the subject left as {S}; `prep` is the root's usual preposition."""
    first, _, second = pattern.partition(" ")
    if first == "be":  # an adjective predicate: "be willing", "be opposed"
        yield f"{{S}} was {second} to cooperate with {O}."
        yield f"{{S}} is {second} to {O}."
        return
    if not second:
        verb = past(first)
        yield f"{{S}} {verb} {O} on Monday."
        yield from (f"{{S}} {verb} {p} {O} on Monday." for p in PREPS)
        yield f"{{S}} {verb} {O}'s leaders on Monday."
        return
    if second.startswith("+"):
        noun = second[1:]
        for verb in CARRIERS if first == "*" else (past(first),):
            for p in dict.fromkeys((prep, "on", "against", "with", "to", "for", "over", "at", "from")):
                yield from (f"{{S}} {verb} {np} {p} {O} on Monday." for np in noun_phrases(noun)[:2])
            yield f"{{S}} {verb} the {noun} of {O} on Monday."
            yield f"{{S}} {verb} {O}'s {noun} on Monday."
            yield f"{{S}} {verb} {O} {indefinite(noun)} on Monday."
        return
    verb = past(first)  # "lemma particle": a preposition ("call on") or an adverb particle ("break off")
    yield f"{{S}} {verb} {second} {O} on Monday."
    yield f"{{S}} {verb} {O} {second} on Monday."
    yield from (f"{{S}} {verb} {second} {p} {O} on Monday." for p in ("of", *PREPS))
    yield f"{{S}} {verb} {second} its ties with {O}."


def relations_of(nlp, texts: list[str]) -> list[set[tuple]]:
    """(subject, CAMEO code, object, predicate, theme, preposition) of every relation of each text, parsed in
    one nlp.pipe batch."""
    out = []
    for doc in nlp.pipe(texts, batch_size=256):
        g = extract(doc, Article(id="probe"))
        by_id = {e.id: e.name for e in g.entities}
        out.append({(by_id[r.subject], r.event.cameo if r.event else "", by_id[r.object], r.predicate, r.theme,
                     r.preposition) for r in g.relations})
    return out


def exercised(pattern: str, code: str, got: set[tuple]) -> bool:
    """True when Ghana -> Togo is typed with the code's root by a clause that has the pattern's parts: its verb
    as the predicate, its particle as the preposition, its noun as the theme."""
    first, _, second = pattern.partition(" ")
    for subject, cameo, obj, predicate, theme, prep in got:
        if subject not in SUBJECTS.values() or obj != OBJECT or cameo[:2] != code[:2]:
            continue
        if second.startswith("+"):
            if theme == second[1:]:
                return True
        elif first == "be" or predicate == first.upper():
            if not second or first == "be" or prep == second:
                return True
    return False


def probe(nlp, patterns: dict[str, str], rounds: int = 400) -> dict[str, str | None]:
    """Each pattern (-> its CAMEO code) and the first of its candidate sentences that exercises it, or None
    when none does. Every round parses the next candidate of each pattern still open, in one batch."""
    gens = {p: candidates(p, code) for p, code in patterns.items()}
    found: dict[str, str | None] = dict.fromkeys(patterns)
    for _ in range(rounds):
        batch = [(p, text) for p, g in gens.items() if (text := next(g, None)) is not None]
        if not batch:
            break
        for (p, text), got in zip(batch, relations_of(nlp, [t for _, t in batch])):
            if exercised(p, patterns[p], got):
                found[p] = text
                del gens[p]
        gens = {p: g for p, g in gens.items() if p in dict(batch)}
    return found


def lexicon_codes() -> dict[str, str]:
    """Every lexicon pattern and its CAMEO code."""
    from geokg.ingest.extract.events import lexicon

    return {p: e.cameo for p, e in lexicon().items()}


def roots(codes: Iterable[str]) -> set[str]:
    """The CAMEO roots of some codes."""
    return {c[:2] for c in codes}


def variant_of(pattern: str, patterns: dict[str, str]) -> str | None:
    """The pattern this one spells differently with the same code, if any: a plural theme ('* +sanctions',
    '* +duties') or a lemma with or without a final e ('lambaste')."""
    head, _, last = pattern.rpartition(" ")
    forms = [last[:-3] + "y"] if last.endswith("ies") else []
    forms += [last[:-1]] if last.endswith(("s", "e")) else []
    for form in forms:
        other = f"{head} {form}".strip()
        if other != pattern and patterns.get(other) == patterns[pattern]:
            return other
    return None

"""NER repair, the first stage: the NER's spans as the names they hold, before they become actor references.

The small spaCy model cuts names ("Maria Corina" without "Machado", "the University of" without the place), runs
them on ("Ocampo Shortly"), joins two places into one ("Kaga and Dekoa") and mistypes speakers as works of
art; these rules put the spans right from the parse alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from geokg.ingest.extract.gazetteer import CAPITAL, DEMONYM, GAZ_LABELS, Gazetteer
from geokg.ingest.extract.words import word_class

SPEAKING = word_class("speaking")  # verbs only people do


def repaired_names(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The NER's spans with the person names it cut joined up: a proper-noun run extends a name ("Maria Corina"
    + "Machado", "Ursula von" + "der" + a "Leyen" tagged as a place)."""
    ents = [s for e in named_after_gazetteer(doc, gaz) for s in repaired_span(e, gaz)]
    ents, out, i = sorted(ents + untagged_people(doc, ents, gaz), key=lambda e: e.start), [], 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ == "ORG" and (end := org_end(doc, ent, gaz)) > ent.end:
            while i + 1 < len(ents) and ents[i + 1].start < end:  # the places and names it took in
                i += 1
                end = max(end, ents[i].end)
            ent = Span(doc, ent.start, end, label="ORG")
        if ent.label_ == "PERSON":
            start, end = ent.start, name_end(doc, ent.start, ent.end, gaz)
            while i + 1 < len(ents) and ents[i + 1].start < end:  # NER pieces of the name it joined
                i += 1
                end = max(end, ents[i].end)
            while start > 0 and not doc[start - 1].ent_type_ and name_word(doc[start - 1], gaz) \
                    and start <= doc[start - 1].head.i < end:
                start -= 1
            if out and first_name_taken(doc, out[-1], start, end, gaz):
                start = out.pop().start  # "Defense Minister [Israel] Katz": a first name the gazetteer took
            ent = ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="PERSON")
        out.append(ent)
        i += 1
    return out


# Roles whose words make a capitalised run a thing or a place, not a person ("Free Trade Agreement", "Camp X").
NOT_PEOPLE = ("organisation", "settlement", "place_generic", "instrument")
MONTHS_AND_DAYS = frozenset("january february march april may june july august september october november december "
                            "monday tuesday wednesday thursday friday saturday sunday".split())


def untagged_people(doc: Doc, ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """Full personal names the NER left untagged, as the one acted on right after a verb ("Venezuela arrested Juan
    Pablo Guanipa"): two to four capitalised proper nouns no gazetteer name, title or organisation word holds."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out, i = [], 1
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 5 and j not in taken and name_word(doc[j], gaz) and doc[j].tag_ == "NNP" \
                and doc[j].lower_ not in MONTHS_AND_DAYS \
                and not any(doc[j].text in gaz.roles[r] or doc[j].lower_ in gaz.roles[r] for r in NOT_PEOPLE):
            j += 1
        if 2 <= j - i <= 4 and doc[i - 1].pos_ == "VERB" and not doc[i].is_sent_start \
                and doc[j - 1].dep_ in ("dobj", "nsubjpass", "pobj") \
                and (j == len(doc) or not doc[j].text[:1].isupper()):
            out.append(Span(doc, i, j, label="PERSON"))
        i = max(j, i + 1)
    return out


# NER labels a name run may take in ("City Court" tagged apart); names of people, dates and numbers end it.
RUN_LABELS = {"", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LAW"}
# Gazetteer labels that start another organisation's name: places and bodies ("U.N. Integrated Bureau"); a
# group's own name with a word after it ("the Fatah Party") is still that group.
RUN_HEADS = {"COUNTRY", DEMONYM, CAPITAL, "LOCATION", "ORGANIZATION"}


def named_after_gazetteer(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The document's entities with the organisations the gazetteer cut in two put back together: the EntityRuler
    takes "Somali" or "Hong Kong" first, so the NER never sees "the Somali Military Command" or "the Hong Kong
    Economic and Trade Offices"; a capitalised run after a gazetteer name up to an organisation's word (or
    naming the group it stands beside) is one organisation with that name, wherever else it is written."""
    ends = {e.start: name_run_end(doc, e, gaz) for e in doc.ents if e.label_ in RUN_HEADS}
    runs = {tuple(t.text for t in doc[e.end:ends[e.start]]) for e in doc.ents if ends.get(e.start, e.end) > e.end}
    for e in doc.ents:  # "Somali Public Agenda has published ...": the name the group noun showed earlier
        for run in runs:
            if e.start in ends and ends[e.start] == e.end and tuple(t.text for t in doc[e.end:e.end + len(run)]) == run:
                ends[e.start] = e.end + len(run)
    out, skip_to = [], -1
    for ent in doc.ents:
        if ent.start < skip_to:
            continue
        end = ends.get(ent.start, ent.end)
        out.append(Span(doc, ent.start, end, label="ORG") if end > ent.end else ent)
        skip_to = end
    return out


def name_run_end(doc: Doc, ent: Span, gaz: Gazetteer) -> int:
    """Where an organisation's name that starts with a gazetteer name ends, or the name's own end."""
    j = ent.end
    while j < len(doc) and j - ent.end < 6 and not doc[j].is_sent_start and doc[j].ent_type_ in RUN_LABELS:
        tok = doc[j]
        if tok.is_alpha and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            j += 1
        elif tok.lower_ in ("and", "&") and j > ent.end and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
            j += 1
        else:
            break
    ends = [k for k in range(ent.end, j) if organisation_word(doc[k].text, gaz)]
    end = ends[-1] + 1 if ends else j
    run = doc[ent.end:end]
    tail = doc[end + 1:org_end(doc, doc[ent.start:end], gaz)] if end < len(doc) and doc[end].lower_ in ("of", "for") \
        else doc[end:end]  # "the European Court [of Human Rights]", not "the Kenyan Ministry [of Interior]"
    named_on = any(t.is_title and not generic_word(t.text, gaz) and t.ent_type_ not in GAZ_LABELS for t in tail)
    if len(run) < (2 if ent.label_ == "ORGANIZATION" else 1) or doc[end - 1].lower_ == "and" \
            or all(generic_word(t.text, gaz) for t in run) and not named_on:
        return ent.end  # "the Afghan [Interior Ministry]" is Afghanistan's, as "China's defence ministry" is
    last = ent[-1]  # the name modifies the run, or a word the run leads to ("Sudan Liberation Movement-X")
    if not (last.head.i in range(ent.end, end) or last.head.i >= end and last.dep_ in ("compound", "nmod")) \
            or not (ends or names_a_group_beside(run)):
        return ent.end
    return end


def names_a_group_beside(run: Span) -> bool:
    """True for a name in apposition to "group" or "organisation" ("the group Somali Public Agenda")."""
    head = run.root.head
    return run.root.dep_ == "appos" and head.lower_ in ("group", "organisation", "organization", "network")


def first_name_taken(doc: Doc, prev: Span, start: int, end: int, gaz: Gazetteer) -> bool:
    """True when the gazetteer name right before a person's name is its first name: one word modifying the
    name, after a title ("Minister Israel Katz", "Senator Chad Reed")."""
    return (prev.label_ in GAZ_LABELS and len(prev) == 1 and prev.end == start and prev.start > 0
            and doc[prev.start - 1].lower_ in gaz.title_words and start <= prev[0].head.i < end
            and prev[0].dep_ in ("compound", "flat"))


def first_name_place(doc: Doc, ent: Span, gaz: Gazetteer) -> bool:
    """Where a one-word gazetteer name can be a first name: after a title ("Minister [Jordan] Mercer"), or after
    a speech verb with a surname heading it ("said [Tirana] Hassan, the director")."""
    before = doc[ent.start - 1]
    return before.lower_ in gaz.title_words or (
        before.pos_ == "VERB" and before.lemma_ in SPEAKING and ent.end < len(doc) and ent[0].head.i == ent.end
        and (ent.end + 1 == len(doc) or doc[ent.end + 1].pos_ == "PUNCT"))


def repaired_span(ent: Span, gaz: Gazetteer) -> list[Span]:
    """One NER span as the names it holds: a person's name ends with a proper noun ("Ocampo [Shortly]"), no
    person is a plural ("Mosques"), coordinated places are two ("Kaga and Dekoa"), a one-word 'place'
    after a first name is a person ("Mahad Geelle"), and a proper name that speaks ("Arkady Bessonov told",
    tagged a work of art) is a person."""
    doc, label = ent.doc, ent.label_
    if label in GAZ_LABELS and len(ent) == 1 and ent.start > 0 and first_name_place(doc, ent, gaz) \
            and ent.end < len(doc) and name_word(doc[ent.end], gaz) and ent[0].head.i >= ent.end \
            and ent[0].dep_ in ("compound", "flat"):
        return [Span(doc, ent.start, name_end(doc, ent.start, ent.end + 1, gaz), label="PERSON")]  # "Minister
        # [Jordan] Mercer": a first name the gazetteer took, with a surname the NER left untagged
    if label == "PERSON":
        end = ent.end
        while end - ent.start > 1 and doc[end - 1].pos_ != "PROPN":
            end -= 1
        if all(t.tag_ == "NNPS" for t in ent):
            return []
        return [ent if end == ent.end else Span(doc, ent.start, end, label=label)]
    if label in ("ORG", "GPE", "LOC") and all(t.pos_ == "PROPN" or t.lower_ == "and" for t in ent) \
            and [t.lower_ for t in ent].count("and") == 1 and not any(t.text in gaz.roles["organisation"] for t in ent):
        cut = next(t.i for t in ent if t.lower_ == "and")
        return [Span(doc, a, b, label=label) for a, b in ((ent.start, cut), (cut + 1, ent.end)) if b > a]
    if label in ("GPE", "LOC") and len(ent) == 1 and ent.start > 0 and name_word(doc[ent.start - 1], gaz) \
            and not doc[ent.start - 1].ent_type_ and doc[ent.start - 1].dep_ == "compound" \
            and doc[ent.start - 1].head.i == ent.start:
        return [Span(doc, ent.start - 1, ent.end, label="PERSON")]  # "Mahad [Geelle]": a first name before it
    if label in ("WORK_OF_ART", "PRODUCT", "EVENT", "FAC") and len(ent) <= 3 \
            and all(t.pos_ == "PROPN" for t in ent) and ent.root.dep_ == "nsubj" and ent.root.head.lemma_ in SPEAKING:
        return [Span(doc, ent.start, ent.end, label="PERSON")]
    return [ent]


def organisation_word(word: str, gaz: Gazetteer) -> bool:
    """True for a word that ends an organisation's name, singular or plural ("Council", "Offices")."""
    return word in gaz.roles["organisation"] or word.removesuffix("s") in gaz.roles["organisation"]


def generic_word(word: str, gaz: Gazetteer) -> bool:
    """True for a word of titles and offices ("National", "Foreign", "Ministry", "Parliament"), which alone
    name no particular organisation."""
    w = word.casefold()
    return w in gaz.title_words or w in gaz.roles["agent"] or w in ("of", "the", "and", "for", "affairs")


ORG_NAME_PREPS = {"of", "for", "in", "on", "and"}


def org_end(doc: Doc, ent: Span, gaz: Gazetteer) -> int:
    """Where an organisation's name ends when the NER cut it before its last words: "National University"
    [of Singapore], "Committee for Freedom" [in Hong Kong], "Bureau of European" [and Eurasian Affairs]. A name
    goes on after a preposition when it ends in an organisation's word or already has a preposition in it, or
    when it ends in an adjective; generic offices stay their owner's ("Foreign Ministry of Iran" is Iran's)."""
    end = ent.end
    if all(generic_word(t.text, gaz) for t in ent):
        return end
    if len(ent) > 1 and doc[end - 1].lower_ in ORG_NAME_PREPS:
        end -= 1  # "the University of" when the gazetteer took the place after it
    for _ in range(2):
        if end + 1 >= len(doc) or doc[end].lower_ not in ORG_NAME_PREPS:
            break
        last, prep = doc[end - 1], doc[end].lower_
        named = last.text in gaz.roles["organisation"]
        long_form = named or any(t.pos_ == "ADP" for t in doc[ent.start:end])
        if not (last.pos_ == "ADJ" or long_form and prep != "and") or (named and prep == "in"):
            break  # "Observer Research Foundation [in New Delhi]": where it is, not its name
        j = end + 1 + (doc[end + 1].lower_ == "the")
        k = j
        while k < len(doc) and k - j < 5 and doc[k].text[:1].isupper() and doc[k].pos_ in ("PROPN", "ADJ", "NOUN"):
            k += 1
        if k == j:
            break
        end = k
    return max(end, ent.end)


def name_end(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int:
    """Where a name ends: while its last word modifies a name word further on, the run goes on to it."""
    for _ in range(4):
        last = doc[end - 1]
        reach = last.head.i
        if last.dep_ not in ("compound", "flat") or reach < end or reach - end > 3 \
                or not all(name_word(t, gaz) for t in doc[end:reach + 1]):
            break
        end = reach + 1
    return end


def name_word(tok, gaz: Gazetteer) -> bool:
    """A proper noun (or a name particle: von, al, bin) no gazetteer name holds and no title is: a word a cut
    name may go on with."""
    particle = tok.lower_ in gaz.roles["particle"]
    return ((tok.pos_ == "PROPN" and tok.text[:1].isupper() or particle) and tok.is_alpha
            and tok.ent_type_ not in GAZ_LABELS and tok.lower_ not in gaz.title_words)

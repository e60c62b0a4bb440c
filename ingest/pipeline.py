"""From read articles to graph batches: checks, chunking, spaCy parsing in batches, extraction (optionally on Dask).

Non-English text is not an error: it yields an ArticleGraph with `skipped="not English (...)"` and nothing
extracted, so the article is still recorded. Empty text and text with no words yield a Failure.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from geokg.graph.model import ArticleGraph
from geokg.ingest.extract import extract_part, merge_parts
from geokg.ingest.extract.timex import article_date
from geokg.ingest.readers import Failure, RawArticle, with_published

CHUNK_CHARS = 20_000  # a Doc per chunk: memory and the per-sentence costs stay bounded in long texts
ENGLISH_STOPWORDS = frozenset(
    "the of and to a in is that for on it with as was by he said at from his be are has have an not its which "
    "this were had but they their who been will would after also or over more than we into them there about "
    "she her our up out if no all new one two can could may should".split())
# Frequent function words of other Latin-script languages (fr, es, it, de, pt, nl): their share beating the
# English share marks a foreign text even when a short sentence has few words of either kind.
FOREIGN_STOPWORDS = frozenset(
    "le la les des du une un et est dans pour que qui sur avec au aux ces pas ne el los las del y por para con "
    "una lo como il di che della delle gli nel sono der die das und ist nicht mit von zu den dem ein eine auf "
    "sich auch em os da do dos das uma com não het een van en niet zijn voor".split())
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "MOSCOW, March 3, 2022 (Reuters) - ": a dateline is metadata, and the parser would read the city as a subject
DATELINE = re.compile(r"[A-Z]{3,}[A-Z .'/-]{0,40}(?:,[A-Za-z0-9 ,.]{0,40})?"
                      r"(?:\s*\([A-Za-z .]{1,30}\))?\s*[-\u2013\u2014]+\s+")
# "Sudan's Army Retakes Presidential Palace From Paramilitary Forces\n\n": a headline line with no final stop
HEADLINE = re.compile(r"[ \t]*(?P<line>[^\n]{8,200}?)[ \t]*\n\s*")
SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to up vs with".split())


@dataclass(slots=True)
class Slot:
    """One input's place in the output order, filled when all its chunks are extracted."""

    result: ArticleGraph | Failure | None = None
    raw: RawArticle | None = None
    chunks: int = 0
    parts: list[ArticleGraph] = field(default_factory=list)
    sentences: int = 0

    def add(self, doc, offset: int) -> None:
        """Extract one parsed chunk; turn any error into the article's Failure."""
        if self.result is not None:
            return
        try:
            part = extract_part(doc, self.raw.article, offset, self.sentences)
            self.parts.append(part)
            self.sentences += part.sentences
            if len(self.parts) == self.chunks:
                self.result = finish(self.raw, self.parts)
        except Exception as e:  # one bad article never stops a batch
            self.result = Failure(self.raw.name, f"extraction failed: {type(e).__name__}: {e}")

    @property
    def done(self) -> bool:
        """True once the slot has its result."""
        return self.result is not None


def finish(raw: RawArticle, parts: list[ArticleGraph]) -> ArticleGraph | Failure:
    """The article's graph, or a Failure when the text had no sentences."""
    graph = parts[0] if len(parts) == 1 else merge_parts(raw.article, parts)
    if graph.sentences == 0:
        return Failure(raw.name, f"{raw.name}: no sentences found in the text")
    return graph


def english_problem(text: str) -> str | None:
    """Why the text does not look like English (stop-word ratio of its first words), or None."""
    words = WORD.findall(text[:5000].lower())
    if len(words) < 12:  # too short to judge: treat as English
        return None
    latin = sum(1 for w in words if w.isascii())
    ratio = sum(1 for w in words if w in ENGLISH_STOPWORDS) / len(words)
    foreign = sum(1 for w in words if w in FOREIGN_STOPWORDS) / len(words)
    if latin / len(words) < 0.5:
        return f"not English (only {latin / len(words):.0%} of words in Latin letters)"
    # English news runs at 0.3-0.45 with this list; other languages near 0 and well below their own function words
    if ratio < 0.15 and foreign > ratio:
        return f"not English (English stop-word ratio {ratio:.2f}, foreign {foreign:.2f})"
    return None


def chunks(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most `limit` characters, cut at paragraph, line or sentence ends."""
    limit = limit or CHUNK_CHARS
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        cut = cut + 1 if cut > limit // 4 else limit
        out.append((start, text[start:start + cut]))
        start += cut
    if start < len(text):
        out.append((start, text[start:]))
    return [(off, piece) for off, piece in out if piece.strip()]


def headline(line: str, paragraph: bool) -> bool:
    """True for a line that reads as a headline: no closing stop, and its words capitalised the way titles are
    ("Iran Seizes Oil Tanker in Gulf of Oman"), or a short paragraph of its own ("Sudan's army retakes palace")."""
    words = line.split()
    if len(words) < 3 or line[-1] in ".,;:!\"'\u201d\u2019" or not line[0].isupper():
        return False
    if paragraph and len(words) <= 15:
        return True
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return sum(1 for w in content if w[0].isupper() or w[0].isdigit()) >= 0.75 * len(content)


def lead_end(text: str) -> int:
    """Where the story proper starts: after a headline line and a dateline ("NAIROBI, 12 October 2017 (Reuters) -"),
    which are metadata: a title-case headline makes the tagger see one long name, and the parser runs it into the
    first sentence; a dateline's city would be read as a subject."""
    start = 0
    head = HEADLINE.match(text)
    if head and not DATELINE.match(text) and headline(head.group("line"), text.count("\n", 0, head.end()) > 1):
        start = head.end()
    dateline = DATELINE.match(text, start)
    return dateline.end() if dateline else start


def prepare(item: RawArticle | Failure) -> Slot | tuple[Slot, list[tuple[int, str]]]:
    """A finished slot (failure, skip) or a slot and the chunks to parse."""
    if isinstance(item, Failure):
        return Slot(result=item)
    if not item.text.strip():
        return Slot(result=Failure(item.name, f"{item.name}: empty text"))
    if not WORD.search(item.text):
        return Slot(result=Failure(item.name, f"{item.name}: no sentences (the text has no words)"))
    lang = item.article.language.lower()
    problem = None if lang.startswith("en") else f"not English (language {lang!r} in the metadata)"
    problem = problem or english_problem(item.text)
    if problem:
        return Slot(result=ArticleGraph(item.article, skipped=problem))
    if item.article.published is None:
        item = with_published(item, article_date(item.text))
    skip = lead_end(item.text)
    pieces = [(skip + offset, piece) for offset, piece in chunks(item.text[skip:])]
    return Slot(raw=item, chunks=len(pieces)), pieces


def process(items: Iterable[RawArticle | Failure], nlp: Language, *, workers: int = 1, batch_size: int = 16,
            cluster: str | None = None) -> Iterator[ArticleGraph | Failure]:
    """ArticleGraphs (or Failures) for the items, in input order.

    `cluster` is the address of a Dask scheduler whose workers parse; else `workers > 1` starts a local Dask
    cluster of that many processes; else this process parses.
    """
    if cluster or workers > 1:
        from geokg.ingest.cluster import connect, extract_on

        with connect(cluster, workers) as client:
            yield from extract_on(client, items, nlp.meta.get("geokg_name", "en_core_web_sm"), batch_size)
    else:
        yield from serial(items, nlp, batch_size)


def serial(items: Iterable[RawArticle | Failure], nlp: Language, batch_size: int) -> Iterator[ArticleGraph | Failure]:
    """One process: chunk texts streamed through nlp.pipe, results released in input order."""
    pending: deque[Slot] = deque()

    def texts():
        for item in items:
            prepared = prepare(item)
            if isinstance(prepared, Slot):
                pending.append(prepared)
                continue
            slot, pieces = prepared
            pending.append(slot)
            for offset, piece in pieces:
                yield piece, (slot, offset)

    for doc, (slot, offset) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        slot.add(doc, offset)
        while pending and pending[0].done:
            yield pending.popleft().result
    while pending:
        slot = pending.popleft()
        yield slot.result if slot.done else Failure(slot.raw.name if slot.raw else "?", "not processed")

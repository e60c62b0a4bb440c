"""Time: an article's date from its dateline, and relative expressions resolved against that date."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
           r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {MONTH_RE},? (\d{{4}})\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH_RE} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {MONTH_RE}(?!\w)", re.I)
MONTH_DAY = re.compile(rf"\b{MONTH_RE} (\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})", re.I)


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None for an impossible one (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def full_date(text: str) -> date | None:
    """The first complete date written in the text (20 September 2017, September 20, 2017, 2017-09-20)."""
    found = []
    for m in DAY_MONTH_YEAR.finditer(text):
        found.append((m.start(), safe_date(int(m[3]), month_number(m[2]), int(m[1]))))
    for m in MONTH_DAY_YEAR.finditer(text):
        found.append((m.start(), safe_date(int(m[3]), month_number(m[1]), int(m[2]))))
    for m in ISO_DATE.finditer(text):
        found.append((m.start(), safe_date(int(m[1]), int(m[2]), int(m[3]))))
    dates = [d for _, d in sorted(found, key=lambda p: p[0]) if d]
    return dates[0] if dates else None


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation."""
    return MONTHS[word.lower().rstrip(".")[:3]]


def article_date(text: str) -> date | None:
    """The article's date from its first lines (a dateline or a full date), or None."""
    return full_date(text[:600])


def resolve(expr: str, anchor: date | None) -> date | None:
    """The date a time expression points to, relative to the article date; None when it cannot be resolved."""
    low = expr.lower()
    absolute = full_date(expr)
    if absolute or anchor is None:
        return absolute
    if "yesterday" in low:
        return anchor - timedelta(days=1)
    if "today" in low or "tonight" in low:
        return anchor
    if "tomorrow" in low:
        return anchor + timedelta(days=1)
    for word, days in (("last week", 7), ("next week", -7)):
        if word in low:
            return anchor - timedelta(days=days)
    if "last month" in low:
        return (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
    if "last year" in low:
        return date(anchor.year - 1, 1, 1)
    return day_in_year(low, anchor) or weekday(low, anchor)


def day_in_year(low: str, anchor: date) -> date | None:
    """'20 September' or 'September 20': that day in the article's year, or the year before if it is later."""
    m = DAY_MONTH.search(low)
    day_month = (int(m[1]), month_number(m[2])) if m else None
    if day_month is None and (m := MONTH_DAY.search(low)):
        day_month = (int(m[2]), month_number(m[1]))
    if day_month is None:
        return None
    d = safe_date(anchor.year, day_month[1], day_month[0])
    if d and d > anchor + timedelta(days=30):
        d = safe_date(anchor.year - 1, day_month[1], day_month[0])
    return d


def weekday(low: str, anchor: date) -> date | None:
    """'on Wednesday': the latest such weekday on or before the article date."""
    for name, number in WEEKDAYS.items():
        if name in low:
            return anchor - timedelta(days=(anchor.weekday() - number) % 7)
    return None


COARSE = (("last week", "week"), ("next week", "week"), ("last month", "month"), ("last year", "year"))
DAY_WORDS = re.compile(r"\b(yesterday|today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday"
                       r"|sunday)\b", re.I)


def precision(text: str, when: date | None, published: date | None) -> str | None:
    """How exact a relation's date is: 'day', 'week', 'month' or 'year' from the sentence's first time
    expression, 'article' when only the article's date stands for it ('last month' resolves to the 1st)."""
    if when is None:
        return None
    low = text.lower()
    spans = [(m.start(), "day") for rx in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO_DATE, DAY_MONTH, MONTH_DAY, DAY_WORDS)
             for m in rx.finditer(low)]
    spans += [(low.find(word), kind) for word, kind in COARSE if word in low]
    if spans:
        return min(spans)[1]
    return "article" if when == published else "day"

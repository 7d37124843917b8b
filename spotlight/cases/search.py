"""Find a family: one search box, read as a date of birth, a family reference or names.

- A date of birth (27/3/2019, 27 3 2019, 2019-03-27, 27 March 2019): families with someone born that day.
- A reference (letters and digits with a digit, such as SPL-000123): that family, whatever the case.
- Otherwise names: every word must match a word of the family's name or of anyone's name in it, said
  alike ("Browne" finds Brown, "Jon" John, "Mohammed" Muhammad) or the start of it ("Rei" finds Reid).
  Best match first: the same word, then one said alike, then one it starts; a family where one person
  matches every word comes before one where the words match different people. On PostgreSQL a word
  spelled nearly the same (by trigram similarity, pg_trgm) matches too.

Names are looked up in `NameKey` (each name's folded words and sound keys, indexed on both
databases; `spotlight.cases.domain.names`), never in the records themselves, and only among the
families the caller passes: always `families_readable_by(user)` (`spotlight.cases.gate`). Sealed
details are neither searched nor shown. The page of results is cut by the database, and drawn in
a fixed number of queries however many families it shows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable, ExpressionWrapper
from django.db.models.functions import Length, Lower

from spotlight.cases.domain.names import FAMILY_WORDS, name_words, sound_key
from spotlight.cases.models import Family, NameKey, Person
from spotlight.cases.selectors import allocation_holders
from spotlight.clock import MONTHS
from spotlight.ui.paging import PageLink, page_href, page_links
from spotlight.vocabulary import ROLE_ORDER, Role

PER_PAGE = 25
QUERY_MAX = 100
WORDS_MAX = 6
QUERY_MIN = 2

#: What each kind of match is worth (per word); the scores of a family's words are added up.
SAME_WORD = 100.0
SOUNDS_ALIKE = 60.0
SOUNDS_ALIKE_SHORT_KEY = 45.0  # a one-letter key ("Mia" is "M") says little
STARTS_WITH = 50.0  # plus up to 10 for how much of the word was typed
SPELLED_ALIKE = 50.0  # times the trigram similarity (PostgreSQL only)
ONE_PERSON = 20.0  # every word matches one person

ENTER_SOMETHING = "Enter a name, a date of birth or a family reference"


class QueryKind(StrEnum):
    DATE = "date"
    REFERENCE = "reference"
    NAMES = "names"


@dataclass(frozen=True)
class SearchQuery:
    """What a worker typed, read as one kind of search."""

    text: str
    kind: QueryKind
    born_on: dt.date | None = None
    reference: str = ""
    words: tuple[str, ...] = ()

    @property
    def described(self) -> str:
        """What was looked for, in words for the results' heading."""
        if self.kind == QueryKind.DATE and self.born_on is not None:
            return f"with someone born on {self.born_on.day} {self.born_on:%B %Y}"
        if self.kind == QueryKind.REFERENCE:
            return f"with the reference {self.reference}"
        return f"matching “{self.text}”"


class QueryProblem(ValueError):
    """What is wrong with what was typed, in words to show beside the search box."""


# --- reading the query ------------------------------------------------------------------------

_SEP = r"\s*[/.\-\s]\s*"
_DAY_FIRST = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})$")
_YEAR_FIRST = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_DAY_MONTH_WORD = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s/.\-]*(?:of\s+)?([a-z]+)\.?[\s,/.\-]*(\d{4})$")
_MONTH_WORD_DAY = re.compile(r"^([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?[\s,]*(\d{4})$")
_REFERENCE = re.compile(r"^[A-Za-z0-9]+(?:[-/_.][A-Za-z0-9]+)*$")


def _year(digits: str, today: dt.date) -> int:
    """A four-digit year as it is; two digits as the latest year ending so that is not in the future."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _date_parts(text: str) -> tuple[str, str, str] | None:
    """(day, month, year) as typed, if the text is written as a date at all."""
    if m := _DAY_FIRST.match(text):
        return m[1], m[2], m[3]
    if m := _YEAR_FIRST.match(text):
        return m[3], m[2], m[1]
    lowered = text.lower()
    if (m := _DAY_MONTH_WORD.match(lowered)) and m[2] in MONTHS:
        return m[1], str(MONTHS[m[2]]), m[3]
    if (m := _MONTH_WORD_DAY.match(lowered)) and m[1] in MONTHS:
        return m[2], str(MONTHS[m[1]]), m[3]
    return None


def _as_date(text: str, today: dt.date) -> dt.date | None:
    parts = _date_parts(text)
    if parts is None:
        return None
    day, month, year = parts
    try:
        return dt.date(_year(year, today), int(month), int(day))
    except ValueError:
        raise QueryProblem(f"{text} is not a real date. Enter a date of birth like 27/3/2019") from None


def read_query(text: str, *, today: dt.date) -> SearchQuery:
    """Reads the search box: a date of birth, a family reference, or else names. Raises QueryProblem
    with what to put right (too short, too long, not a real date, characters no name holds)."""
    if any(unicodedata.category(c) == "Cc" and not c.isspace() for c in text):
        raise QueryProblem("Your search contains characters that cannot be searched for. " + ENTER_SOMETHING)
    text = " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())
    if len(text) > QUERY_MAX:
        raise QueryProblem(f"Enter no more than {QUERY_MAX} characters")
    if len(text) < QUERY_MIN:
        raise QueryProblem(f"Enter at least {QUERY_MIN} characters of a name, a date of birth or a family reference")
    born_on = _as_date(text, today)
    if born_on is not None:
        return SearchQuery(text=text, kind=QueryKind.DATE, born_on=born_on)
    if _REFERENCE.match(text) and any(c.isdigit() for c in text):
        return SearchQuery(text=text, kind=QueryKind.REFERENCE, reference=text)
    words = name_words(text)
    if len(words) > 1:
        words = [w for w in words if w not in FAMILY_WORDS] or words
    if not words:
        raise QueryProblem(ENTER_SOMETHING)
    if len(words) > WORDS_MAX:
        raise QueryProblem(f"Enter no more than {WORDS_MAX} words")
    return SearchQuery(text=text, kind=QueryKind.NAMES, words=tuple(words))


# --- matching names ---------------------------------------------------------------------------


class _SpelledAlike(Func):
    """`word % 'typed'`: pg_trgm's similarity at or above its threshold (0.3), by the trigram index."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _Similarity(Func):
    function = "similarity"
    output_field = FloatField()


class _PerFamily(ExpressionWrapper[Case]):
    """A value of the whole family, worked out once per family found (after grouping), not per name key:
    it refers only to the family id, so it adds nothing to the GROUP BY."""

    def get_group_by_cols(self) -> list[Any]:
        return []


class _NotByIndex(Func):
    """`+column`: the same value, which SQLite will not look up by the column's index."""

    template = "+%(expressions)s"
    output_field = IntegerField()


@dataclass(frozen=True)
class _WordMatch:
    """How one typed word is looked for: which name keys it matches, and what each is worth."""

    matches: Q
    score: Case


def _word_match(word: str, *, postgres: bool) -> _WordMatch:
    sound = sound_key(word)
    # The start of a word: LIKE on PostgreSQL (its pattern index), a range of the word index on SQLite.
    starts = Q(word__startswith=word) if postgres else Q(word__gte=word, word__lt=word + "\U0010ffff")
    matches = starts
    whens = [When(word=word, then=Value(SAME_WORD))]
    if sound:
        matches |= Q(sound=sound)
        alike = SOUNDS_ALIKE if len(sound) > 1 else SOUNDS_ALIKE_SHORT_KEY
        whens.append(When(sound=sound, then=Value(alike)))
    typed_share: Combinable = Value(10.0 * len(word)) / Length("word")
    whens.append(When(starts, then=ExpressionWrapper(Value(STARTS_WITH) + typed_share, output_field=FloatField())))
    if postgres and len(word) >= 3:
        alike_spelling = _SpelledAlike(F("word"), Value(word))
        matches |= Q(alike_spelling)
        whens.append(
            When(
                alike_spelling,
                then=ExpressionWrapper(
                    Value(SPELLED_ALIKE) * _Similarity(F("word"), Value(word)), output_field=FloatField()
                ),
            )
        )
    return _WordMatch(matches=matches, score=Case(*whens, default=Value(0.0), output_field=FloatField()))


def _is_postgres(families: QuerySet[Family]) -> bool:
    return connections[families.db].vendor == "postgresql"


def _name_matches(families: QuerySet[Family], words: Sequence[str]) -> QuerySet[NameKey, dict[str, object]]:
    """One row per family of `families` whose names match every word: family_id and score, best first."""
    postgres = _is_postgres(families)
    matches = [_word_match(w, postgres=postgres) for w in words]
    anything = Q()
    for m in matches:
        anything |= m.matches
    keys = NameKey.objects.using(families.db)
    if postgres:
        keys = keys.filter(family_id__in=families.values("pk"))
    else:  # SQLite would walk every readable family's keys (by family_id); the word's index is the way in
        keys = keys.alias(gated=_NotByIndex(F("family_id"))).filter(gated__in=families.values("pk"))
    struck_out = Person.objects.filter(pk=OuterRef("person_id"), struck_out_at__isnull=False)
    keys = keys.filter(anything).exclude(Exists(struck_out))
    per_word = {f"word_{i}": Max(m.score) for i, m in enumerate(matches)}
    rows = keys.values("family_id").annotate(**per_word).filter(**{f"{name}__gt": 0 for name in per_word})
    score: Combinable = Value(0.0)
    for name in per_word:
        score = score + F(name)
    if len(matches) > 1:  # the families where one person matches every word: worked out once, not per family
        people = NameKey.objects.filter(matches[0].matches, family_id__in=families.values("pk")).values("person_id")
        for m in matches[1:]:
            people = people.filter(person_id__in=NameKey.objects.filter(m.matches).values("person_id"))
        one_person = Person.objects.filter(pk__in=people, struck_out_at=None).values("family_id")
        bonus = Case(When(family_id__in=one_person, then=Value(ONE_PERSON)), default=Value(0.0))
        score = score + _PerFamily(bonus, output_field=FloatField())
    return rows.annotate(score=ExpressionWrapper(score, output_field=FloatField())).order_by(
        "-score", "family__name", "family__reference", "family_id"
    )


def _matched_people(query: SearchQuery, family_ids: list[int], db: str) -> set[int]:
    """Which of these families' people the query matched, to show them marked, in one query: in a
    family where one person matches every word, only she (Mia Reid, not every Reid); else anyone
    who matches a word."""
    people = Person.objects.using(db).filter(family_id__in=family_ids, struck_out_at=None)
    if query.kind == QueryKind.DATE:
        return set(people.filter(date_of_birth=query.born_on).values_list("pk", flat=True))
    if query.kind != QueryKind.NAMES:
        return set()
    postgres = connections[db].vendor == "postgresql"
    # Each key of the page's families (found by family_id) is tested against each word, row by row.
    hits = {
        f"word_{i}": Max(Case(When(_word_match(word, postgres=postgres).matches, then=Value(1)), default=Value(0)))
        for i, word in enumerate(query.words)
    }
    keys = NameKey.objects.using(db).filter(family_id__in=family_ids, person__isnull=False)
    words_of: dict[int, dict[int, int]] = defaultdict(dict)  # family -> person -> words matched
    for row in keys.values("family_id", "person_id").annotate(**hits):
        words_of[row["family_id"]][row["person_id"]] = sum(row[name] for name in hits)
    matched: set[int] = set()
    for people_words in words_of.values():
        best = max(people_words.values())
        wanted = len(hits) if best == len(hits) else 1
        matched |= {pk for pk, n in people_words.items() if n >= wanted}
    return matched


def _ranked(families: QuerySet[Family], query: SearchQuery) -> tuple[QuerySet[Any, Any], str]:
    """The families of `families` that match, best first, and the name of their id's column."""
    if query.kind == QueryKind.NAMES:
        return _name_matches(families, query.words), "family_id"
    if query.kind == QueryKind.DATE:
        born = Person.objects.filter(date_of_birth=query.born_on, struck_out_at=None).values("family_id")
        found = families.filter(pk__in=born)
    else:
        found = families.alias(folded_reference=Lower("reference")).filter(folded_reference=query.reference.lower())
    return found.order_by("name", "reference", "pk"), "pk"


def matching_family_ids(families: QuerySet[Family], query: SearchQuery) -> QuerySet[Any, int]:
    """The ids of the families of `families` that match, best first (for the database to cut a page
    from); `families` must come from the read gate."""
    ranked, key = _ranked(families, query)
    return ranked.values_list(key, flat=True)


# --- the page of results ----------------------------------------------------------------------


@dataclass(frozen=True)
class FoundFamily:
    """A family found, with enough to tell two "Brown family" results apart: its people by role (his
    first), which of them the search matched, and who it is allocated to."""

    family: Family
    people: list[Person]
    matched: frozenset[int]
    allocated_to: list[str]


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    rows: list[FoundFamily]
    total: int
    number: int
    pages: int
    per_page: int
    page_problem: str = ""
    family_ids: list[int] = field(default_factory=list)

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def links(self) -> list[PageLink]:
        return page_links(self.window, self.number, {"q": self.query.text}) if self.pages > 1 else []

    @property
    def previous_href(self) -> str:
        return page_href({"q": self.query.text}, "page", self.previous) if self.previous else ""

    @property
    def next_href(self) -> str:
        return page_href({"q": self.query.text}, "page", self.next) if self.next else ""

    @property
    def window(self) -> list[int | None]:
        """The page numbers to link to: the first, the last and those either side of this one (None
        for a gap)."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 1), min(self.pages, self.number + 1) + 1)})
        window: list[int | None] = []
        for n in shown:
            if window and n - (window[-1] or 0) > 1:
                window.append(None)
            window.append(n)
        return window


NO_SUCH_PAGE = "There is no such page of these results, so the first page is shown."


def _page_asked(asked: str | None) -> int | None:
    """The page number asked for, or None for one that cannot be a page (0, -1, 1.5, ², a huge one)."""
    asked = (asked or "1").strip()
    if asked.isascii() and asked.isdigit() and len(asked) <= 9 and int(asked) >= 1:
        return int(asked)
    return None


def _rows(families: QuerySet[Family], ids: list[int], matched: set[int]) -> list[FoundFamily]:
    """The families of the page in the order given, in three queries however many."""
    by_id = {f.pk: f for f in families.filter(pk__in=ids).select_related("team")}
    order = {r: i for i, r in enumerate(ROLE_ORDER)}
    people: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.using(families.db).filter(family_id__in=ids, struck_out_at=None).order_by("id"):
        people[person.family_id].append(person)

    def in_order(p: Person) -> tuple[int, int, dt.date, int]:
        born = p.date_of_birth or p.expected_date_of_birth or dt.date.min
        return (order[Role(p.role)], 0 if p.date_of_birth else 1, born, p.pk)

    holders = allocation_holders(ids)
    return [
        FoundFamily(
            family=by_id[pk],
            people=sorted(people[pk], key=in_order),
            matched=frozenset(p.pk for p in people[pk] if p.pk in matched),
            allocated_to=holders[pk],
        )
        for pk in ids
        if pk in by_id
    ]


def search_families(
    families: QuerySet[Family], query: SearchQuery, *, page: str | None = None, per_page: int = PER_PAGE
) -> SearchPage:
    """One page of the families of `families` (from the read gate) that match, best first. A page
    number that is not one of the results' pages gives the first page, and says so."""
    ranked, key = _ranked(families, query)
    counted = ranked.annotate(found=Window(Count("*"))).values_list(key, "found")  # the page and the total at once

    def page_of(number: int) -> list[tuple[int, int]]:
        return list(counted[(number - 1) * per_page : number * per_page])

    asked = _page_asked(page)
    number, problem = (asked, "") if asked is not None else (1, NO_SUCH_PAGE)
    shown = page_of(number)
    if not shown and number > 1:  # past the last page
        number, problem = 1, NO_SUCH_PAGE
        shown = page_of(1)
    total = shown[0][1] if shown else 0
    pages = max(1, math.ceil(total / per_page))
    ids = [pk for pk, _ in shown]
    rows = _rows(families, ids, _matched_people(query, ids, families.db))
    return SearchPage(
        query=query,
        rows=rows,
        total=total,
        number=number,
        pages=pages,
        per_page=per_page,
        page_problem=problem,
        family_ids=[r.family.pk for r in rows],
    )

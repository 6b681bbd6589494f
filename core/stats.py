"""The working group's figures: the statistics page and the home page's counts.

The figures count NGOs, meetings and proposals, and ``core`` imports none of
those apps (see the layers in ``pyproject.toml``). So each app
registers the figures it owns from its ``AppConfig.ready()``, as apps
register their panels on the admin's front page, and this module only knows
how to compute, cache and draw them. A figure is a small table: a label
column and one or more numeric columns, one of which the chart draws.

The computed figures are cached for :data:`CACHE_SECONDS` under one key
for every language: the numbers are counted once, each row's label is kept
in every language, and the page picks its language's labels when it is
drawn, so the Persian and English pages always show the same numbers. The
cache expires rather than being invalidated: the figures move a few times a
day, when staff verify an NGO or decide a proposal, and a status changes
through bulk queries and imports as well as ``save()``, which signals would
miss; ten minutes late is harmless on a public statistics page, and the
page says when its figures were counted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import get_language

from core.persian import sort_key

CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Figure:
    """One figure of the statistics page.

    ``rows()`` runs a fixed number of queries whatever the number of rows in
    the database, and returns tuples: a label, then one value per column
    after the first (``None`` when there is nothing to measure). A label is
    anything whose ``str()`` follows the active language (a lazy
    translation, a province): it is turned into text in every language once,
    when the figure is counted. ``chart_column`` is the column drawn as bars.

    ``ranked`` figures are shown largest first, equal values in the
    alphabetical order of the page's language. ``others`` folds the rows
    whose values are all zero (the provinces where nothing happened) into
    one row: it is called with their number and gives that row's label.
    """

    slug: str
    order: int
    title: str
    description: str
    columns: tuple
    rows: Callable[[], list[tuple]]
    empty: str
    chart_column: int = 1
    ranked: bool = False
    others: Callable[[int], str] | None = None


@dataclass(frozen=True)
class Headline:
    """One count on the home page, linking to where it comes from."""

    slug: str
    order: int
    label: str
    count: Callable[[], int]
    url_name: str


_figures: dict[str, Figure] = {}
_headlines: dict[str, Headline] = {}


def register_figure(*figures: Figure) -> None:
    for figure in figures:
        _figures[figure.slug] = figure


def register_headline(*headlines: Headline) -> None:
    for headline in headlines:
        _headlines[headline.slug] = headline


def _cached(name: str, compute: Callable[[], object]):
    # One key for every language: what is cached holds the labels of all.
    key = f"workgroup:stats:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _in_every_language(label) -> dict[str, str]:
    """``label`` as text in each of the site's languages."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(label)
    return texts


def _in_this_language(texts: dict[str, str]) -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.get(language, texts[settings.LANGUAGE_CODE])


def figures() -> dict:
    """``{"counted_at": datetime, "figures": [table, ...]}`` in the active
    language, from the numbers counted at most :data:`CACHE_SECONDS` ago.

    Each table is a dict of plain values: ``slug``, ``title``,
    ``description``, ``columns``, ``rows``, ``empty``, ``bars`` (what the
    chart draws) and ``has_data``.
    """
    counted = _cached("figures", _compute_figures)
    return {
        "counted_at": counted["counted_at"],
        "figures": [_localized(table) for table in counted["figures"]],
    }


def figure(slug: str) -> dict | None:
    return next(
        (table for table in figures()["figures"] if table["slug"] == slug), None
    )


def headlines() -> list[dict]:
    """The home page's counts: ``label``, ``count`` and ``url_name``; the
    counts are cached, the labels are those of the active language."""
    counts = _cached(
        "headlines",
        lambda: {slug: headline.count() for slug, headline in _headlines.items()},
    )
    return [
        {
            "label": str(headline.label),
            "count": counts.get(headline.slug, 0),
            "url_name": headline.url_name,
        }
        for headline in sorted(_headlines.values(), key=lambda h: h.order)
    ]


def _compute_figures() -> dict:
    """Every figure's numbers, with each label in every language.

    Plain values only (dicts, lists, numbers, text), safe to pickle."""
    tables = []
    for item in sorted(_figures.values(), key=lambda f: f.order):
        rows = [[_in_every_language(row[0]), *row[1:]] for row in item.rows()]
        others = None
        if item.others is not None:
            rows, others = _fold_zero_rows(rows, item.others)
        tables.append({"slug": item.slug, "rows": rows, "others": others})
    return {"counted_at": timezone.now(), "figures": tables}


def _fold_zero_rows(rows: list[list], label: Callable[[int], str]):
    """The rows with something to show, and one row standing for all the
    others (``None`` when fewer than two rows are zero: folding a single
    row would only hide its name)."""
    shown = [row for row in rows if any(row[1:])]
    zeros = len(rows) - len(shown)
    if zeros < 2:
        return rows, None
    width = len(rows[0]) - 1
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(label(zeros))
    return shown, [texts, *([0] * width)]


def _localized(counted: dict) -> dict:
    """One counted figure, drawn in the active language."""
    item = _figures[counted["slug"]]
    rows = [[_in_this_language(row[0]), *row[1:]] for row in counted["rows"]]
    if item.ranked:
        rows = by_count(rows)
    if counted["others"] is not None:
        others = counted["others"]
        rows.append([_in_this_language(others[0]), *others[1:]])
    return {
        "slug": item.slug,
        "title": str(item.title),
        "description": str(item.description),
        "columns": [str(column) for column in item.columns],
        "rows": rows,
        "empty": str(item.empty),
        "bars": bars(rows, item.chart_column),
        "chart_column": item.chart_column,
        "has_data": any(
            value for row in rows for value in row[1:] if value is not None
        ),
    }


def bars(rows: list[list], column: int) -> list[dict]:
    """The chart of one column: each bar's label, value and length.

    Lengths are percentages of the longest bar, as strings with a dot (SVG
    attributes must not follow the language's number format). A value that
    is not zero gets at least a sliver, so that it does not look like zero.
    """
    values = [row[column] or 0 for row in rows]
    longest = max(values, default=0)
    result = []
    for row, value in zip(rows, values, strict=True):
        percent = 100 * value / longest if longest else 0
        if value and percent < 0.5:
            percent = 0.5
        result.append(
            {"label": row[0], "value": row[column], "length": f"{percent:.2f}"}
        )
    return result


def by_count(rows: list[tuple]) -> list[tuple]:
    """Largest first; equal counts in alphabetical order."""
    return sorted(rows, key=lambda row: (-(row[1] or 0), sort_key(row[0])))

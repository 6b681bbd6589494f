"""The working group's figures: the statistics page and the home page's counts.

The figures count NGOs, meetings and proposals, and ``core`` imports none of
those apps (see the layers in ``pyproject.toml``). So each app
registers the figures it owns from its ``AppConfig.ready()``, as apps
register their panels on the admin's front page, and this module only knows
how to compute, cache and draw them. A figure is a small table: a label
column and one or more numeric columns, one of which the chart draws.

The computed figures are cached for :data:`CACHE_SECONDS`, per language
(labels are translated and digits localised when they are computed). The
cache expires rather than being invalidated: the figures move a few times a
day, when staff verify an NGO or decide a proposal, and a status changes
through bulk queries and imports as well as ``save()``, which signals would
miss; ten minutes late is harmless on a public statistics page, and the
page says when its figures were counted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from core.persian import sort_key

CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Figure:
    """One figure of the statistics page.

    ``rows()`` runs a fixed number of queries whatever the number of rows in
    the database, and returns tuples in the active language: a label, then
    one value per column after the first (``None`` when there is nothing to
    measure). ``chart_column`` is the column drawn as bars.
    """

    slug: str
    order: int
    title: str
    description: str
    columns: tuple
    rows: Callable[[], list[tuple]]
    empty: str
    chart_column: int = 1


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
    key = f"workgroup:stats:{name}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def figures() -> dict:
    """``{"counted_at": datetime, "figures": [table, ...]}``, cached.

    Each table is a dict of plain values (safe to cache and to pickle):
    ``slug``, ``title``, ``description``, ``columns``, ``rows``, ``empty``,
    ``bars`` (what the chart draws) and ``has_data``.
    """
    return _cached("figures", _compute_figures)


def figure(slug: str) -> dict | None:
    return next(
        (table for table in figures()["figures"] if table["slug"] == slug), None
    )


def headlines() -> list[dict]:
    """The home page's counts: ``label``, ``count`` and ``url_name``, cached."""
    return _cached(
        "headlines",
        lambda: [
            {
                "label": str(headline.label),
                "count": headline.count(),
                "url_name": headline.url_name,
            }
            for headline in sorted(_headlines.values(), key=lambda h: h.order)
        ],
    )


def _compute_figures() -> dict:
    tables = []
    for item in sorted(_figures.values(), key=lambda f: f.order):
        # Labels may be lazy translations, which cannot be cached.
        rows = [[str(row[0]), *row[1:]] for row in item.rows()]
        tables.append(
            {
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
        )
    return {"counted_at": timezone.now(), "figures": tables}


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

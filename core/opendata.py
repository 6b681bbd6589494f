"""Open data: the public datasets of ``/data/``, as CSV and JSON.

Each dataset belongs to the app whose data it holds, and that app registers
it from its ``AppConfig.ready()`` (:func:`register_dataset`), as apps
register their figures in :mod:`core.stats`: ``core`` knows none of them.
A dataset is a list of :class:`Field` (its data dictionary) and a function
that yields one row per record, in the order of the fields, from the public
records only. The same list drives the CSV header, the JSON keys and the
dictionary page, so the three cannot drift apart.

The files are streamed: rows are read with ``QuerySet.iterator()`` and
written as they come, so a dataset of 100,000 rows never sits in memory.
That is also why the files are not kept in the page cache (which stores
whole responses); the listing and the dictionary pages are.

CSV is UTF-8 with a byte-order mark (Excel reads Persian right only with
it), and every cell goes through :func:`core.exports.safe_cell`, so a text
that starts with ``=``, ``+``, ``-`` or ``@`` is never run as a formula.
A field with several values (codes of provinces, say) is a list: JSON keeps
the list, CSV joins its items with ``|``.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.exports import safe_cell
from core.persian import strip_bidi_controls

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# How many rows are written to the response at a time.
CHUNK_ROWS = 500
MULTI_VALUE_SEPARATOR = "|"

# The types the datasets' dictionaries share.
INTEGER = _("integer")
TEXT = _("text")
CODES = _("codes: a list in JSON, separated by | in CSV")
DATE = _("date (YYYY-MM-DD)")
DATE_TIME = _("date-time (ISO 8601, Tehran time)")
URL_PATH = _("URL path")


@dataclass(frozen=True)
class Field:
    """One column: its name in the files, its type and what it means."""

    name: str
    type: object
    description: object


@dataclass(frozen=True)
class Dataset:
    """One dataset of ``/data/``.

    ``rows()`` yields a sequence of values per public record, in the order
    of ``fields``, and runs a number of queries that does not grow with the
    number of rows (beyond one round per chunk of ``QuerySet.iterator()``).
    ``count()`` says how many rows ``rows()`` yields.
    """

    slug: str
    order: int
    title: object
    description: object
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[Sequence]]
    count: Callable[[], int]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


_datasets: dict[str, Dataset] = {}


def register_dataset(*datasets: Dataset) -> None:
    for dataset in datasets:
        _datasets[dataset.slug] = dataset


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda dataset: dataset.order)


def get_dataset(slug: str) -> Dataset | None:
    return _datasets.get(slug)


def in_every_language(text) -> dict[str, str]:
    """A lazy text in each of the site's languages: ``{"fa": …, "en": …}``."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text)
    return texts


def licence() -> dict:
    return {
        "name": LICENCE_NAME,
        "url": LICENCE_URL,
        "text": in_every_language(LICENCE_TEXT),
    }


LICENCE_TEXT = _(
    "Free to share and adapt for any purpose, also commercially, provided "
    "the source is credited: the NGO working group on female-headed "
    "households (Creative Commons Attribution 4.0 International)."
)


def moment(value) -> str:
    """A date-time in ISO 8601, Tehran time with its offset (empty if none)."""
    if value is None:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


def dictionary(dataset: Dataset) -> list[dict]:
    """The data dictionary: each field's name, type and meaning, in every
    language."""
    return [
        {
            "name": field.name,
            "type": in_every_language(field.type),
            "description": in_every_language(field.description),
        }
        for field in dataset.fields
    ]


# CSV --------------------------------------------------------------------------


def _csv_cell(value):
    if isinstance(value, list | tuple):
        value = MULTI_VALUE_SEPARATOR.join(str(item) for item in value)
    return safe_cell(value)


def csv_chunks(dataset: Dataset) -> Iterator[bytes]:
    """The dataset as CSV (UTF-8 with a byte-order mark), a few rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    buffer.write("\ufeff")
    writer.writerow(dataset.field_names)
    for number, row in enumerate(dataset.rows(), start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if number % CHUNK_ROWS == 0:
            yield flush()
    yield flush()


# JSON -------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def json_chunks(
    dataset: Dataset, *, generated_at, url: str, dictionary_url: str
) -> Iterator[bytes]:
    """The dataset as one JSON object, a few rows at a time.

    The object describes itself (title, licence, generation time, the
    dictionary) before ``results``; ``count``, the number of rows in
    ``results``, comes after them, counted as they were written.
    """
    head = {
        "dataset": dataset.slug,
        "title": in_every_language(dataset.title),
        "description": in_every_language(dataset.description),
        "url": url,
        "dictionary_url": dictionary_url,
        "licence": licence(),
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "fields": dictionary(dataset),
    }
    yield (_dumps(head)[:-1] + ', "results": [\n').encode("utf-8")
    names = dataset.field_names
    count = 0
    lines = []
    for count, row in enumerate(dataset.rows(), start=1):
        record = {
            name: _json_value(value) for name, value in zip(names, row, strict=True)
        }
        lines.append(("" if count == 1 else ",\n") + _dumps(record))
        if count % CHUNK_ROWS == 0:
            yield "".join(lines).encode("utf-8")
            lines = []
    lines.append(f'\n], "count": {count}}}\n')
    yield "".join(lines).encode("utf-8")

"""Template filters for dates, digits and numbers in the active language.

``{% load persian %}`` then ``{{ meeting.starts_at|datetime_long }}``,
``{{ ngo.households_served|number }}``. In Persian they give Jalali dates and
Persian digits; in English, Gregorian dates and ASCII digits.
"""

import re

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from core import jalali, l10n, persian
from core.html import format_html

register = template.Library()


@register.filter
def date_long(value):
    """``دوشنبه ۱۸ دی ۱۳۹۶`` / ``Monday 8 January 2018``."""
    return jalali.format_date(value)


@register.filter
def date_plain(value):
    """The long date without the weekday: ``۱۸ دی ۱۳۹۶``."""
    return jalali.format_date(value, weekday=False)


@register.filter
def date_short(value):
    """``۱۳۹۶/۱۰/۱۸`` / ``2018-01-08``."""
    return jalali.format_short_date(value)


@register.filter
def datetime_long(value):
    """``دوشنبه ۱۸ دی ۱۳۹۶، ساعت ۱۰:۰۰`` / ``Monday 8 January 2018, 10:00``."""
    return jalali.format_datetime(value)


@register.filter
def datetime_short(value):
    """``۱۳۹۶/۱۰/۱۸ ۱۰:۰۰`` / ``2018-01-08 10:00``."""
    return jalali.format_short_datetime(value)


@register.filter
def digits(value):
    """Digits in the active language's script; other characters unchanged."""
    if value is None:
        return ""
    return l10n.localize_digits(value)


@register.filter
def number(value):
    """``۱٬۲۳۴٬۵۶۷`` / ``1,234,567``; empty for ``None``."""
    try:
        return l10n.format_number(value)
    except (ArithmeticError, ValueError):
        return value


@register.filter
def jalali_year(value):
    """The Jalali year in Persian, the Gregorian year in English."""
    if not value:
        return ""
    if l10n.is_persian():
        return l10n.to_persian_digits(jalali.jalali_year(value))
    return str(value.year)


@register.filter
def isolate(value):
    """People's text isolated for plain text (a ``<title>``, a mail, a
    subject): it reads in its own direction and cannot reorder what follows.

    In HTML use ``<bdi>`` or ``dir="auto"``, which do the same.
    """
    if value is None:
        return ""
    return persian.isolate(value)


# A tag or an entity (``&#x27;``) of a message: its digits are not text.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


@register.filter
def message_digits(value):
    """A message's digits in the active language's script, its markup (the
    admin's messages link to the object) left as it is.

    Django writes the counts of its admin messages ("3 items deleted") in
    Latin digits whatever the language.
    """
    if not l10n.is_persian():
        return value
    text = "".join(
        part if _MARKUP.fullmatch(part) else l10n.to_persian_digits(part)
        for part in _MARKUP.split(str(value))
    )
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308


@register.filter
def identifier(value):
    """A reference number or code for plain text (a mail, a subject): digits
    in the language's script, isolated left to right so that ``1405-00042``
    does not turn into ``00042-1405`` in a Persian sentence (English text
    needs no isolating). Empty stays empty, so ``|default:`` still works
    after it."""
    if value in (None, ""):
        return ""
    if l10n.is_persian():
        return l10n.isolate_ltr(value)
    return str(value)


_DIRECTIONS = {"fa": "rtl", "en": "ltr"}


@register.filter
def lang_attrs(value, element="", *, page=None):
    """The ``lang`` and ``dir`` attributes of an element holding ``value``.

    ``<h1{{ meeting.title|lang_attrs }}>{{ meeting.title }}</h1>``: text in
    the page's language gets ``dir="auto"`` (isolated, in its own
    direction); Persian on an English page gets ``lang="fa" dir="rtl"`` and
    English on a Persian page ``lang="en" dir="ltr"``, so that screen
    readers speak it in its language and its punctuation lands where it
    belongs ("تهران، اصفهان", not "،اصفهان تهران"). ``|lang_attrs:"bdi"``
    for a ``<bdi>``, which isolates by itself: nothing in the page's language.
    Tags that write many rows in Python pass the ``page``'s language, asked
    once a row.
    """
    language = l10n.text_language(value)
    page = (page or get_language() or "fa").split("-")[0]
    if language is None or language == page:
        return mark_safe("" if element == "bdi" else ' dir="auto"')
    return format_html(' lang="{}" dir="{}"', language, _DIRECTIONS[language])


def text_paragraph(text, words: int, css_class: str, *, page=None) -> str:
    """People's ``text`` as a ``<p>`` marked with its language, cut after
    ``words`` words as ``|truncatewords`` cuts; empty for no text. For the
    rows that tags write in Python (a directory row, a supported card),
    which pass the ``page``'s language."""
    if not text:
        return ""
    return format_html(
        '<p class="{}"{}>{}</p>',
        css_class,
        lang_attrs(text, page=page),
        Truncator(text).words(words, truncate=" …"),
    )


@register.filter
def in_language(value, *, page=None):
    """``value`` as a ``<span>`` marked with its language when that is not
    the page's; plain (escaped) text otherwise. Tags that write rows in
    Python pass the ``page``'s language."""
    if value in (None, ""):
        return ""
    language = l10n.text_language(value)
    page = (page or get_language() or "fa").split("-")[0]
    if language is None or language == page:
        return format_html("<bdi>{}</bdi>", value)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', language, _DIRECTIONS[language], value
    )

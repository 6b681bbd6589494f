"""How text is put together in the page's language.

Persian punctuation lives here and nowhere else in the Python code: a list
reads ``تهران، اصفهان`` in Persian and ``Tehran, Isfahan`` in English.
"""

from django.utils.translation import pgettext


def list_separator() -> str:
    # Translators: between the items of a list: "، " in Persian.
    return pgettext("list separator", ", ")


def join_list(items) -> str:
    """``items`` as text, joined with the language's list separator."""
    return list_separator().join(str(item) for item in items)

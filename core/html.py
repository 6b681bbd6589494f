"""``format_html`` for the rows that template tags write in Python.

A meeting's record, the directory and the supported list write their rows
in Python (``meetings.templatetags.meeting_people`` and the like), a few
hundred ``format_html`` calls a page. Django's escapes each argument through
two wrappers (``conditional_escape``, then ``escape`` behind ``keep_lazy``,
which looks for lazy arguments on every call) and marks each result safe:
on the meeting page, more time than the markup itself. :func:`format_html`
here gives the same string, escaping each argument once.
"""

from html import escape

from django.utils.safestring import SafeString


def escaped(value) -> str:
    """``value`` as HTML: its own markup if it is safe (has ``__html__``),
    else its text with ``& < > " '`` escaped, as Django's
    ``conditional_escape`` gives it (a lazy translation becomes its text)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def format_html(format_string: str, *args) -> SafeString:
    """Django's ``format_html(format_string, *args)``, positional arguments
    only: the arguments escaped, the format string trusted."""
    return SafeString(format_string.format(*map(escaped, args)))

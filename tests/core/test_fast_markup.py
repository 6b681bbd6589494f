"""The helpers that write rows and links in Python give what Django gives:
``core.html.format_html`` the markup of Django's ``format_html``,
``core.links.address`` the address of ``reverse``."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from core import html, links


class Marked:
    """An object that renders itself as HTML (``__html__``)."""

    def __html__(self):
        return "<b>bold</b>"


VALUES = [
    "plain",
    "<script>alert('x')</script> & \"quoted\"",
    "تهران، «اصفهان» & <شیراز>",
    mark_safe("<em>safe</em>"),
    SafeString("<i>safe too</i>"),
    gettext_lazy("Meetings"),
    42,
    Decimal("1.50"),
    None,
    Marked(),
    "",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_format_html_gives_djangos_markup(value):
    template = '<a href="{}" title="{}">{}</a>'
    ours = html.format_html(template, value, value, value)
    assert ours == django_html.format_html(template, value, value, value)
    assert isinstance(ours, SafeString)


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_format_html_escapes_any_text_as_django_does(texts):
    template = "".join("<p>{}</p>" for _ in texts)
    assert html.format_html(template, *texts) == django_html.format_html(
        template, *texts
    )


def test_a_lazy_translation_is_written_in_the_active_language():
    with translation.override("en"):
        assert html.format_html("<h1>{}</h1>", gettext_lazy("Meetings")) == (
            "<h1>Meetings</h1>"
        )
    assert html.format_html("<h1>{}</h1>", gettext_lazy("Meetings")) == (
        f"<h1>{translation.gettext('Meetings')}</h1>"
    )


def test_escaped_keeps_safe_markup_and_escapes_the_rest():
    assert html.escaped(mark_safe("<b>x</b>")) == "<b>x</b>"
    assert html.escaped("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert html.escaped("it's") == "it&#x27;s"


# Addresses -------------------------------------------------------------------

PK_PATTERNS = [
    "ngos:detail",
    "meetings:detail",
    "proposals:detail",
    "calls:detail",
    "delivery:plan",
]


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("name", PK_PATTERNS)
@pytest.mark.parametrize("pk", [1, 7, 42, 918273, 2**40])
def test_address_is_the_reversed_address(name, pk, language):
    with translation.override(language):
        assert links.address(name, pk) == reverse(name, args=[pk])


def test_address_follows_the_language_of_each_call():
    with translation.override("en"):
        english = links.address("ngos:detail", 5)
    persian = links.address("ngos:detail", 5)
    assert english == "/en/ngos/5/"
    assert persian == "/ngos/5/"


def test_address_follows_the_script_prefix():
    """Served under a sub-path, every address carries it, as reverse's do."""
    set_script_prefix("/workgroup/")
    try:
        assert links.address("meetings:detail", 3) == "/workgroup/meetings/3/"
        assert links.address("meetings:detail", 3) == reverse(
            "meetings:detail", args=[3]
        )
    finally:
        set_script_prefix("/")


def test_a_key_that_is_not_an_integer_goes_to_reverse():
    """An unsaved row (no key) fails as reverse fails; a key given as text
    is reversed as reverse reverses it."""
    with pytest.raises(NoReverseMatch):
        links.address("ngos:detail", None)
    assert links.address("ngos:detail", "12") == reverse("ngos:detail", args=["12"])


def test_changed_addresses_are_not_remembered(settings):
    links.address("ngos:detail", 1)
    with override_settings(ROOT_URLCONF="tests.core.moved_urls"):
        assert links.address("ngos:detail", 1) == "/moved/ngos/1/"
    assert links.address("ngos:detail", 1) == "/ngos/1/"

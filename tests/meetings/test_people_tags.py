"""How a meeting page names its people: ``{% person %}`` and ``{% ngo_name %}``."""

import pytest
from django.template import Context, Template
from django.utils import translation

from ngos.models import NGO
from tests.factories import NGOFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load meeting_people %}" + source).render(Context(context))


def test_a_person_is_name_position_and_affiliation_separated_in_persian():
    person = ParticipantFactory.build(
        name="مریم احمدی", position="کارشناس", affiliation="بهزیستی", ngo=None
    )
    with translation.override("fa"):
        html = render("{% person p %}", p=person)
    assert html == (
        '<span class="fw-semibold" dir="auto">مریم احمدی</span>، '
        '<span dir="auto">کارشناس</span>، <span dir="auto">بهزیستی</span>'
    )


def test_persian_words_on_an_english_page_are_marked_persian():
    person = ParticipantFactory.build(
        name="Maryam Ahmadi", position="کارشناس", affiliation="", ngo=None
    )
    with translation.override("en"):
        html = render("{% person p %}", p=person)
    assert html == (
        '<span class="fw-semibold" dir="auto">Maryam Ahmadi</span>, '
        '<span lang="fa" dir="rtl">کارشناس</span>'
    )


def test_a_public_ngo_is_linked_and_an_unverified_one_is_not():
    verified = NGOFactory(status=NGO.Status.VERIFIED, name="انجمن امید")
    pending = NGOFactory(status=NGO.Status.PENDING, name="انجمن نو")
    with translation.override("fa"):
        linked = render("{% ngo_name n %}", n=verified)
        plain = render("{% ngo_name n %}", n=pending)
    assert (
        linked == f'<a href="{verified.get_absolute_url()}" dir="auto">انجمن امید</a>'
    )
    assert plain == '<span dir="auto">انجمن نو</span>'


def test_a_person_of_an_ngo_names_the_ngo_instead_of_an_affiliation():
    ngo = NGOFactory(status=NGO.Status.VERIFIED, name="انجمن امید")
    person = ParticipantFactory.build(
        name="سارا", position="", affiliation="نادیده", ngo=ngo
    )
    with translation.override("fa"):
        html = render("{% person p %}", p=person)
    assert "نادیده" not in html
    assert html.endswith(
        f'، <a href="{ngo.get_absolute_url()}" dir="auto">انجمن امید</a>'
    )


def test_names_are_escaped():
    person = ParticipantFactory.build(
        name="<script>x</script>", position="", affiliation="", ngo=None
    )
    assert "<script>" not in render("{% person p %}", p=person)


def test_a_person_named_again_reads_the_same_and_follows_the_language():
    """A speaker's markup is kept on the participant for the page's language
    (fifty statements name a handful of people): the same person in the
    other language is written again, in that language."""
    person = ParticipantFactory(
        name="Maryam Ahmadi",
        position="",
        affiliation="",
        ngo=NGOFactory(name="انجمن امید", name_en="Omid Society"),
    )
    with translation.override("fa"):
        persian = render("{% person p %}", p=person)
        assert render("{% person p %}", p=person) == persian
    with translation.override("en"):
        english = render("{% person p %}", p=person)
    assert "انجمن امید" in persian and "Omid Society" not in persian
    assert "Omid Society" in english and "انجمن امید" not in english
    assert persian.endswith("</a>") and english.endswith("</a>")

"""The NGO list as the registry office uses it: search, filters, sorting."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.l10n import to_persian_digits
from ngos.models import Province
from tests.factories import NGOFactory, valid_legal_id
from tests.ngos.test_admin import CHANGELIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, registry_officer):
    client.force_login(registry_officer)
    return client


def names(client, **params):
    response = client.get(CHANGELIST, params)
    return sorted(n.name for n in response.context["cl"].result_list)


@pytest.mark.parametrize(
    "typed", [lambda n: n, to_persian_digits, lambda n: f"{n[:5]}-{n[5:]}"]
)
def test_an_ngo_is_found_by_its_national_id_in_any_digits(officer_client, typed):
    national_id = valid_legal_id(4242)
    NGOFactory(name="کانون یاری", national_id=national_id)
    NGOFactory(name="انجمن دیگر")
    assert names(officer_client, q=typed(national_id)) == ["کانون یاری"]


def test_an_ngo_is_found_by_its_registration_number_in_either_script(officer_client):
    NGOFactory(name="ثبت لاتین", registration_number="12345/6")
    NGOFactory(name="ثبت فارسی", registration_number="۱۲۳۴۵/۶")
    NGOFactory(name="دیگری", registration_number="999")
    assert names(officer_client, q="۱۲۳۴۵/۶") == ["ثبت فارسی", "ثبت لاتین"]
    assert names(officer_client, q="12345") == ["ثبت فارسی", "ثبت لاتین"]


def test_a_name_search_still_finds_by_name(officer_client):
    NGOFactory(name="خانه امید ۲۰۲۰")
    NGOFactory(name="انجمن دیگر")
    assert names(officer_client, q="امید") == ["خانه امید ۲۰۲۰"]


def province_choices(client):
    response = client.get(reverse("admin:ngos_ngo_changelist"))
    spec = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", "") == "province"
    )
    return [choice["display"] for choice in spec.choices(response.context["cl"])][1:]


def test_the_province_filter_is_in_persian_alphabetical_order(officer_client):
    shown = province_choices(officer_client)
    assert len(shown) == Province.objects.count()
    assert shown[:2] == ["آذربایجان شرقی", "آذربایجان غربی"]
    assert shown[-1] == "یزد"


def test_the_province_filter_is_in_english_order_in_english(officer_client):
    with translation.override("en"):
        shown = province_choices(officer_client)
    assert shown == sorted(shown)
    assert shown[0] == "Alborz"


def test_the_focus_area_filter_names_its_empty_choice(officer_client):
    response = officer_client.get(CHANGELIST)
    spec = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", "") == "focus_areas"
    )
    displays = [str(c["display"]) for c in spec.choices(response.context["cl"])]
    assert "-" not in displays
    with translation.override("en"):
        assert str(spec.empty_value_display) == "No focus area"
    assert displays[-1] == str(spec.empty_value_display)


@pytest.mark.parametrize("column", ["created_at", "verified_at"])
def test_the_date_columns_sort(officer_client, column):
    NGOFactory()
    response = officer_client.get(CHANGELIST)
    assert f'class="sortable column-{column}' in response.text

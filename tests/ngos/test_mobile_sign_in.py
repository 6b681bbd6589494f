"""Representatives sign in with their mobile number, in any digits and
spelling, whatever their account's username is."""

import pytest
from django.urls import reverse

from tests.factories import (
    DEFAULT_PASSWORD,
    RepresentativeFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "09123456789",
    "۰۹۱۲۳۴۵۶۷۸۹",
    "٠٩١٢٣٤٥٦٧٨٩",
    "+98 912 345 6789",
    "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
    "0098 912 345 6789",
    "00989123456789",
    "9123456789",
    "912 345 6789",
    "0912-345-6789",
    " 0912 345 67 89 ",
]


def sign_in(client, username, password=DEFAULT_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_an_account_made_by_staff_signs_in_with_the_mobile(client, spelling):
    """The username is whatever the registry officer typed in the admin."""
    representative = RepresentativeFactory(
        user=UserFactory(username="leila.mohammadi"), mobile="09123456789"
    )
    response = sign_in(client, spelling)
    assert response.status_code == 302, spelling
    assert signed_in_as(client) == str(representative.user.pk)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_an_applicants_account_signs_in_with_the_mobile(client, spelling):
    """The username is the number as registered."""
    representative = RepresentativeFactory(
        user=UserFactory(username="09123456789"), mobile="09123456789"
    )
    assert sign_in(client, spelling).status_code == 302, spelling
    assert signed_in_as(client) == str(representative.user.pk)


def test_a_demo_account_signs_in_with_the_mobile(client):
    representative = RepresentativeFactory(
        user=UserFactory(username="demo_10380284790"), mobile="09351112233"
    )
    assert sign_in(client, "۰۹۳۵ ۱۱۱ ۲۲۳۳").status_code == 302
    assert signed_in_as(client) == str(representative.user.pk)


def test_the_username_still_works(client):
    representative = RepresentativeFactory(
        user=UserFactory(username="leila.mohammadi"), mobile="09123456789"
    )
    assert sign_in(client, "leila.mohammadi").status_code == 302
    assert signed_in_as(client) == str(representative.user.pk)


def test_a_wrong_password_with_the_mobile_is_refused(client):
    RepresentativeFactory(
        user=UserFactory(username="leila.mohammadi"), mobile="09123456789"
    )
    response = sign_in(client, "09123456789", "wrong")
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert response.context["form"].errors


def test_an_unknown_mobile_is_refused(client):
    RepresentativeFactory(mobile="09123456789")
    assert sign_in(client, "09120000099").status_code == 200
    assert signed_in_as(client) is None


def test_a_number_shared_by_two_representatives_signs_in_the_one_whose_password_it_is(
    client,
):
    RepresentativeFactory(mobile="09123456789")
    second = RepresentativeFactory(
        user=UserFactory(username="second", password="another-Strong-passw0rd"),
        mobile="09123456789",
    )
    assert sign_in(client, "09123456789", "another-Strong-passw0rd").status_code == 302
    assert signed_in_as(client) == str(second.user.pk)


def test_a_staff_account_with_a_mobile_is_not_found_by_it(client):
    """Staff sign in with their username on the admin's sign-in page only."""
    staff = StaffFactory(username="officer")
    RepresentativeFactory(user=staff, mobile="09123456789")
    assert sign_in(client, "09123456789").status_code == 200
    assert signed_in_as(client) is None
    admin = client.post(
        reverse("admin:login"),
        {"username": "09123456789", "password": DEFAULT_PASSWORD},
    )
    assert signed_in_as(client) is None
    assert admin.status_code == 200


def test_the_lockout_counts_every_spelling_of_the_mobile_together(client, settings):
    """django-axes keys failures on the number, not on how it was typed, so
    changing the spelling does not get more guesses."""
    RepresentativeFactory(
        user=UserFactory(username="leila.mohammadi"), mobile="09123456789"
    )
    for spelling in SPELLINGS[: settings.AXES_FAILURE_LIMIT]:
        sign_in(client, spelling, "wrong")
    response = sign_in(client, "+98 912 345 6789")
    assert response.status_code == 429
    assert signed_in_as(client) is None

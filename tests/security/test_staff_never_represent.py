"""A staff account never acts for an NGO, and nobody is linked to an NGO
without their own application."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.transitions import TransitionError
from ngos import services as ngo_services
from ngos.models import Representative
from proposals import services
from tests.factories import (
    NGOFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_the_model_refuses_a_staff_representative(registry_officer):
    row = RepresentativeFactory.build(
        user=registry_officer, ngo=NGOFactory(), national_code="0499370899"
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "staff" in str(error.value).lower() or error.value.messages


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_an_existing_staff_row_gives_no_access(client, flag):
    user = StaffFactory(username="insider", is_staff=flag == "is_staff")
    if flag == "is_superuser":
        user.is_superuser = True
        user.save()
    row = RepresentativeFactory(user=user)
    assert row.can_act is False
    assert services.acting_representative(user) is None
    proposal = ProposalFactory(ngo=row.ngo, title="طرح سازمان دیگر")
    client.force_login(user)
    assert (
        "طرح سازمان دیگر" not in client.get(reverse("proposals:list")).content.decode()
    )
    detail = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert detail.status_code in (302, 403, 404)


def test_approving_refuses_a_staff_row(registry_officer, superuser):
    row = RepresentativeFactory(user=registry_officer, approved_at=None)
    with pytest.raises(TransitionError):
        ngo_services.approve_representatives(
            representatives=Representative.objects.filter(pk=row.pk), actor=superuser
        )
    row.refresh_from_db()
    assert row.approved_at is None


def test_approving_a_plain_representative_still_works(superuser):
    row = RepresentativeFactory(approved_at=None)
    count = ngo_services.approve_representatives(
        representatives=Representative.objects.filter(pk=row.pk), actor=superuser
    )
    row.refresh_from_db()
    assert (count, row.approved_by) == (1, superuser)


def test_the_admin_offers_no_way_to_add_a_representative(client, superuser):
    client.force_login(superuser)
    row = RepresentativeFactory()
    assert client.get(reverse("admin:ngos_representative_add")).status_code == 403
    page = client.get(reverse("admin:ngos_ngo_change", args=[row.ngo.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="representatives-0-user"' not in html
    assert 'name="representatives-__prefix__-role"' not in html
    change = client.get(reverse("admin:ngos_representative_change", args=[row.pk]))
    assert 'name="user"' not in change.content.decode()
    assert 'name="ngo"' not in change.content.decode()
    assert 'name="role"' in change.content.decode()

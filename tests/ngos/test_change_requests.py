"""A representative asks for changes to the NGO's details; an officer decides."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.transitions import REASON_REQUIRED, TransitionError
from ngos import services
from ngos.models import NGO, NGOChangeRequest, NGOStatusChange
from ngos.moves import CHANGE_REQUEST_MOVES
from tests.factories import NGOChangeRequestFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

Status = NGOChangeRequest.Status
FORM = {
    "phone": "۰۲۱-۶۶۶۶ ۵۵۵۵",
    "email": "info@example.org",
    "website": "example.org",
    "address": "تهران، خیابان آزادی، پلاک ۱۰",
    "provinces_served": ["IR-23", "IR-10"],
    "households_served": "۱٬۲۰۰",
}


@pytest.fixture
def ngo(rep_a):
    ngo = rep_a.representative.ngo
    ngo.phone = "02188887777"
    ngo.save()
    ngo.provinces_served.set(["IR-23"])
    return ngo


def ask(client, **changes):
    return client.post(reverse("ngos:change_request"), {**FORM, **changes})


def test_the_form_starts_from_what_the_registry_holds(client, rep_a, ngo):
    client.force_login(rep_a)
    form = client.get(reverse("ngos:change_request")).context["form"]
    assert form["phone"].value() == "۰۲۱۸۸۸۸۷۷۷۷"
    assert form["provinces_served"].value() == ["IR-23"]
    # Sent back as it came, it changes nothing.
    response = client.post(
        reverse("ngos:change_request"),
        {name: form[name].value() or "" for name in form.fields},
    )
    assert response.context["form"].non_field_errors().as_data()[0].code == (
        "unchanged"
    )


def test_a_request_is_kept_normalised_and_changes_nothing_yet(client, rep_a, ngo):
    client.force_login(rep_a)
    response = ask(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("ngos:application")
    request = NGOChangeRequest.objects.get()
    assert (request.status, request.ngo, request.requested_by) == (
        Status.PENDING,
        ngo,
        rep_a,
    )
    assert (request.phone, request.website, request.households_served) == (
        "02166665555",
        "https://example.org",
        1200,
    )
    assert sorted(request.provinces_served.values_list("pk", flat=True)) == [
        "IR-10",
        "IR-23",
    ]
    ngo.refresh_from_db()
    assert ngo.phone == "02188887777"


def test_bad_input_keeps_what_was_typed(client, rep_a, ngo):
    client.force_login(rep_a)
    response = ask(client, phone="12", provinces_served=["XX-99"], email="nope")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "phone",
        "provinces_served",
        "email",
    }
    html = response.content.decode()
    assert "تهران، خیابان آزادی، پلاک ۱۰" in html
    assert NGOChangeRequest.objects.count() == 0


def test_a_request_that_changes_nothing_is_refused(client, rep_a, ngo):
    client.force_login(rep_a)
    response = client.post(
        reverse("ngos:change_request"),
        {"phone": "02188887777", "provinces_served": ["IR-23"]},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == (
        "unchanged"
    )
    assert NGOChangeRequest.objects.count() == 0


def test_one_request_waits_at_a_time(client, rep_a, ngo):
    client.force_login(rep_a)
    ask(client)
    second = client.get(reverse("ngos:change_request"))
    assert second.status_code == 302
    with pytest.raises(TransitionError) as refused:
        services.request_ngo_change(
            actor=rep_a, values={"phone": "02133334444"}, provinces_served=[]
        )
    assert refused.value.code == "pending_exists"
    assert NGOChangeRequest.objects.count() == 1


def test_only_representatives_ask(client, registry_officer, django_user_model):
    someone = django_user_model.objects.create_user("someone", password="x")
    client.force_login(someone)
    assert client.get(reverse("ngos:change_request")).status_code == 404
    assert client.post(reverse("ngos:change_request"), FORM).status_code == 404
    with pytest.raises(PermissionDenied):
        services.request_ngo_change(
            actor=registry_officer, values={"phone": "02133334444"}, provinces_served=[]
        )


def test_approval_applies_the_changes_and_records_them(rep_a, ngo, registry_officer):
    request = NGOChangeRequestFactory(
        ngo=ngo,
        requested_by=rep_a,
        phone="02166665555",
        households_served=300,
        provinces_served=["IR-23", "IR-10"],
    )
    services.decide_change_request(
        change_request=request, to_status=Status.APPROVED, actor=registry_officer
    )
    ngo.refresh_from_db()
    assert (ngo.phone, ngo.households_served, ngo.status) == (
        "02166665555",
        300,
        NGO.Status.VERIFIED,
    )
    assert sorted(ngo.provinces_served.values_list("pk", flat=True)) == [
        "IR-10",
        "IR-23",
    ]
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (Status.APPROVED, registry_officer)
    assert request.previous["phone"] == "02188887777"
    entry = NGOStatusChange.objects.get(ngo=ngo)
    assert entry.is_details_change
    assert entry.actor == registry_officer
    assert "۰۲۱۶۶۶۶۵۵۵۵" in entry.reason and "۰۲۱۸۸۸۸۷۷۷۷" in entry.reason
    # Fields the request leaves as they are stay out of the record.
    assert "website" not in entry.reason and "وب" not in entry.reason


def test_approval_leaves_what_an_officer_corrected_meanwhile(
    client, rep_a, ngo, registry_officer
):
    client.force_login(rep_a)
    ask(client)
    request = NGOChangeRequest.objects.get()
    assert request.previous["phone"] == "02188887777"
    # Meanwhile an officer corrects the e-mail and the households served in
    # the admin; the request asks for e-mail changes too, from the old value.
    NGO.objects.filter(pk=ngo.pk).update(email="office@example.org")
    services.decide_change_request(
        change_request=request, to_status=Status.APPROVED, actor=registry_officer
    )
    ngo.refresh_from_db()
    assert (ngo.phone, ngo.email) == ("02166665555", "info@example.org")
    # A field the request left as it was stays as the officer made it.
    NGO.objects.filter(pk=ngo.pk).update(email="office@example.org")
    second = NGOChangeRequestFactory(
        ngo=ngo,
        requested_by=rep_a,
        phone="02111112222",
        email="info@example.org",
        previous={**services.ngo_values(ngo), "email": "info@example.org"},
        provinces_served=["IR-23", "IR-10"],
    )
    services.decide_change_request(
        change_request=second, to_status=Status.APPROVED, actor=registry_officer
    )
    ngo.refresh_from_db()
    assert (ngo.phone, ngo.email) == ("02111112222", "office@example.org")


def test_rejection_needs_a_reason_and_changes_nothing(rep_a, ngo, registry_officer):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    with pytest.raises(TransitionError) as refused:
        services.decide_change_request(
            change_request=request,
            to_status=Status.REJECTED,
            actor=registry_officer,
            reason=" ",
        )
    assert refused.value.code == "reason_required"
    services.decide_change_request(
        change_request=request,
        to_status=Status.REJECTED,
        actor=registry_officer,
        reason="شماره با پروانه نمی‌خواند",
    )
    request.refresh_from_db()
    ngo.refresh_from_db()
    assert (request.status, request.reason, ngo.phone) == (
        Status.REJECTED,
        "شماره با پروانه نمی‌خواند",
        "02188887777",
    )
    assert not NGOStatusChange.objects.filter(ngo=ngo).exists()


def test_the_representative_reads_the_outcome(client, rep_a, ngo, registry_officer):
    rejected = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    services.decide_change_request(
        change_request=rejected,
        to_status=Status.REJECTED,
        actor=registry_officer,
        reason="شماره با پروانه نمی‌خواند",
    )
    approved = NGOChangeRequestFactory(
        ngo=ngo, requested_by=rep_a, phone="02144445555", provinces_served=["IR-23"]
    )
    services.decide_change_request(
        change_request=approved, to_status=Status.APPROVED, actor=registry_officer
    )
    client.force_login(rep_a)
    response = client.get(reverse("ngos:application"))
    html = response.content.decode()
    assert "شماره با پروانه نمی‌خواند" in html
    assert [r.status for r in response.context["change_requests"]] == [
        Status.APPROVED,
        Status.REJECTED,
    ]
    shown = response.context["change_requests"][0].changes
    assert [(c["before"], c["after"]) for c in shown] == [
        ("۰۲۱۸۸۸۸۷۷۷۷", "۰۲۱۴۴۴۴۵۵۵۵")
    ]
    assert "۰۲۱۴۴۴۴۵۵۵۵" in html  # the registry's value now
    assert response.context["can_request"] is True


def test_the_representative_withdraws_a_waiting_request(client, rep_a, ngo):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    client.force_login(rep_a)
    url = reverse("ngos:change_request_withdraw", args=[request.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    # A withdrawn request cannot be withdrawn again, nor approved.
    client.post(url)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_another_ngos_request_answers_404(client, rep_a, rep_b):
    theirs = NGOChangeRequestFactory(ngo=rep_b.representative.ngo, requested_by=rep_b)
    client.force_login(rep_a)
    url = reverse("ngos:change_request_withdraw", args=[theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING
    html = client.get(reverse("ngos:application")).content.decode()
    assert "02166665555" not in html and "۰۲۱۶۶۶۶۵۵۵۵" not in html


def test_staff_cannot_withdraw_and_representatives_cannot_approve(
    rep_a, ngo, registry_officer
):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    with pytest.raises(PermissionDenied):
        services.decide_change_request(
            change_request=request, to_status=Status.APPROVED, actor=rep_a
        )
    with pytest.raises(PermissionDenied):
        services.decide_change_request(
            change_request=request, to_status=Status.WITHDRAWN, actor=registry_officer
        )


def test_the_menu_leads_a_representative_to_the_ngo_page(client, rep_a):
    client.force_login(rep_a)
    html = client.get(reverse("ngos:application")).content.decode()
    url = reverse("ngos:application")
    assert f'aria-current="page" href="{url}"' in html


# The admin ---------------------------------------------------------------------


def test_the_admin_shows_old_and_new_values_side_by_side(
    client, rep_a, ngo, registry_officer
):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    client.force_login(registry_officer)
    url = reverse("admin:ngos_ngochangerequest_change", args=[request.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("۰۲۱۸۸۸۸۷۷۷۷") < html.index("۰۲۱۶۶۶۶۵۵۵۵")
    assert [m["move"].action for m in response.context["moves"]] == [
        "approve",
        "reject",
    ]


@pytest.mark.parametrize(
    "move", [m for m in CHANGE_REQUEST_MOVES if m.side == "staff"], ids=str
)
def test_each_officer_move_through_the_admin(
    client, rep_a, ngo, registry_officer, move
):
    from tests.moves import walk

    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    client.force_login(registry_officer)
    walk(
        client,
        obj=request,
        move=move,
        table=CHANGE_REQUEST_MOVES,
        history=lambda: NGOChangeRequest.objects.exclude(status=Status.PENDING).count(),
    )
    ngo.refresh_from_db()
    assert ngo.phone == ("02166665555" if move.action == "approve" else "02188887777")


def test_the_admin_refuses_a_rejection_without_a_reason(
    client, rep_a, ngo, registry_officer
):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    client.force_login(registry_officer)
    url = reverse("admin:ngos_ngochangerequest_move", args=[request.pk, "reject"])
    response = client.post(url, {"apply": "1", "reason": ""})
    assert response.context["form"].errors["reason"] == [str(REASON_REQUIRED)]


def test_reviewers_do_not_decide_change_requests(client, rep_a, ngo, reviewer):
    request = NGOChangeRequestFactory(ngo=ngo, requested_by=rep_a)
    client.force_login(reviewer)
    url = reverse("admin:ngos_ngochangerequest_move", args=[request.pk, "approve"])
    assert client.post(url, {"apply": "1"}).status_code in (302, 403)
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_a_pending_representative_may_ask_too(client):
    representative = RepresentativeFactory(ngo__status="pending", approved_at=None)
    client.force_login(representative.user)
    assert client.get(reverse("ngos:change_request")).status_code == 200

import itertools

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.transitions import TransitionError
from ngos import services
from ngos.models import NGO, NGOStatusChange, Representative
from tests.factories import NGOFactory, RepresentativeFactory, valid_legal_id

pytestmark = pytest.mark.django_db

Status = NGO.Status
ALL = [s.value for s in Status]
LEGAL = {
    ("pending", "verified"),
    ("pending", "rejected"),
    ("verified", "suspended"),
    ("suspended", "verified"),
}


def move(ngo, to_status, actor, **kwargs):
    kwargs.setdefault("reason", "دلیل")
    kwargs.setdefault("basis", "licence")
    return services.change_ngo_status(
        ngo=ngo, to_status=to_status, actor=actor, **kwargs
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(ALL, ALL))
)
def test_transition_table(registry_officer, from_status, to_status):
    ngo = NGOFactory(status=from_status)
    if (from_status, to_status) in LEGAL:
        change = move(ngo, to_status, registry_officer)
        ngo.refresh_from_db()
        assert ngo.status == to_status
        assert (change.from_status, change.to_status) == (from_status, to_status)
    else:
        with pytest.raises(TransitionError):
            move(ngo, to_status, registry_officer)
        ngo.refresh_from_db()
        assert ngo.status == from_status
        assert NGOStatusChange.objects.filter(ngo=ngo).count() == 0


def test_verification_records_who_when_and_basis(registry_officer):
    ngo = NGOFactory(status="pending")
    change = move(
        ngo,
        "verified",
        registry_officer,
        reason="",
        basis="gazette",
        evidence="روزنامه رسمی شماره ۲۱۰۰۰",
    )
    ngo.refresh_from_db()
    assert ngo.verified_by == registry_officer
    assert ngo.verified_at is not None
    assert abs((ngo.verified_at - change.at).total_seconds()) < 5
    assert change.actor == registry_officer
    assert change.basis == "gazette"
    assert change.evidence == "روزنامه رسمی شماره ۲۱۰۰۰"


def test_verification_needs_a_basis(registry_officer):
    ngo = NGOFactory(status="pending")
    with pytest.raises(TransitionError) as error:
        move(ngo, "verified", registry_officer, basis="")
    assert error.value.code == "basis"


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("pending", "rejected"), ("verified", "suspended"), ("suspended", "verified")],
)
def test_reason_is_required(registry_officer, from_status, to_status):
    ngo = NGOFactory(status=from_status)
    with pytest.raises(TransitionError) as error:
        move(ngo, to_status, registry_officer, reason="   ")
    assert error.value.code == "reason_required"


def test_only_registry_officers_change_status(reviewer):
    ngo = NGOFactory(status="pending")
    with pytest.raises(PermissionDenied):
        move(ngo, "verified", reviewer)


def test_verification_approves_the_applicants(registry_officer):
    representative = RepresentativeFactory(ngo__status="pending", approved_at=None)
    move(representative.ngo, "verified", registry_officer)
    representative.refresh_from_db()
    assert representative.is_approved
    assert representative.approved_by == registry_officer
    assert representative.can_act


def test_status_change_mails_the_representatives(
    registry_officer, django_capture_on_commit_callbacks
):
    representative = RepresentativeFactory(ngo__status="verified")
    with django_capture_on_commit_callbacks(execute=True):
        move(
            representative.ngo,
            "suspended",
            registry_officer,
            reason="گزارش سالانه نرسید",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [representative.user.email]
    assert "گزارش سالانه نرسید" in mail.outbox[0].body
    assert "تعلیق" in mail.outbox[0].subject


def application(**overrides):
    values = dict(
        ngo=NGO(
            name="انجمن تازه",
            national_id=valid_legal_id(777),
            province_id="IR-07",
            city="شیراز",
        ),
        focus_area_ids=[],
        provinces_served_ids=["IR-07"],
        username="09125550000",
        password="a-Strong-pass-123",
        first_name="سارا",
        last_name="رضایی",
        email="sara@example.org",
        role="director",
        national_code="0499370899",
        mobile="09125550000",
    )
    values.update(overrides)
    return services.Application(**values)


def test_registration_creates_everything_pending(
    registry_officer, django_capture_on_commit_callbacks
):
    registry_officer.email = "officer@example.org"
    registry_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        representative = services.register_ngo(application=application())
    ngo = representative.ngo
    assert ngo.status == "pending"
    assert not representative.is_approved
    assert representative.user.check_password("a-Strong-pass-123")
    assert not representative.user.is_staff
    assert list(ngo.provinces_served.values_list("code", flat=True)) == ["IR-07"]
    history = list(ngo.status_changes.values_list("from_status", "to_status"))
    assert history == [("", "pending")]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "officer@example.org",
        "sara@example.org",
    ]


def test_failed_registration_leaves_neither_ngo_nor_user():
    RepresentativeFactory(national_code="0499370899")
    users_before = User.objects.count()
    with pytest.raises(services.DuplicateIdentifier) as error:
        services.register_ngo(application=application())
    assert error.value.field == "national_code"
    assert User.objects.count() == users_before
    assert not NGO.objects.filter(name="انجمن تازه").exists()
    assert Representative.objects.count() == 1


def test_duplicate_national_id_at_registration():
    NGOFactory(national_id=valid_legal_id(777))
    with pytest.raises(services.DuplicateIdentifier) as error:
        services.register_ngo(application=application())
    assert error.value.field == "national_id"
    assert not User.objects.filter(username="09125550000").exists()


def test_approve_representatives(registry_officer):
    pending = RepresentativeFactory(approved_at=None)
    approved = RepresentativeFactory()
    count = services.approve_representatives(
        representatives=Representative.objects.all(), actor=registry_officer
    )
    assert count == 1
    pending.refresh_from_db()
    assert pending.approved_by == registry_officer
    assert approved.approved_by is None

"""Everything that writes more than one row of the registry.

Two entry points change an NGO's life: :func:`register_ngo` (the public
application) and :func:`change_ngo_status` (every later status change).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.mail import send_templated
from core.roles import REGISTRY_OFFICERS
from core.transitions import TransitionError
from ngos.models import (
    NGO,
    STAFF_NEVER_REPRESENT,
    FocusArea,
    NGOStatusChange,
    Representative,
)
from ngos.moves import NGO_MOVES

Status = NGO.Status


@dataclass(frozen=True)
class Application:
    """What the public registration form collected, already validated."""

    ngo: NGO
    focus_area_ids: list
    provinces_served_ids: list
    username: str
    password: str
    first_name: str
    last_name: str
    email: str
    role: str
    national_code: str
    mobile: str
    language: str = "fa"


class DuplicateIdentifier(Exception):
    """Someone registered the same identifier between validation and saving."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


@transaction.atomic
def register_ngo(*, application: Application) -> Representative:
    """Create a pending NGO and its first representative's account.

    Side effects, all or nothing: a User (active, not staff), the NGO in
    ``pending``, its focus areas and provinces served, a Representative not
    yet approved, and the first history entry (applied, by the applicant).
    After commit: a confirmation e-mail to the applicant and a notice to the
    Registry officers.

    Raises :class:`DuplicateIdentifier` when the national ID, the national
    code or the username was taken by a concurrent application.
    """
    ngo = application.ngo
    ngo.status = Status.PENDING
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=application.username,
                password=application.password,
                email=application.email,
                first_name=application.first_name,
                last_name=application.last_name,
            )
            ngo.save()
            representative = Representative.objects.create(
                user=user,
                ngo=ngo,
                role=application.role,
                national_code=application.national_code,
                mobile=application.mobile,
                language=application.language,
            )
    except IntegrityError as error:
        raise DuplicateIdentifier(_duplicate_field(error)) from error
    ngo.focus_areas.set(application.focus_area_ids)
    ngo.provinces_served.set(application.provinces_served_ids)
    NGOStatusChange.objects.create(
        ngo=ngo, from_status="", to_status=Status.PENDING, actor=user
    )
    transaction.on_commit(lambda: _notify_application(representative))
    return representative


def _duplicate_field(error: IntegrityError) -> str:
    message = str(error).lower()
    for field in ("national_id", "national_code", "username"):
        if field in message:
            return field
    return "national_id"


def change_ngo_status(
    *,
    ngo: NGO,
    to_status: str,
    actor: User,
    reason: str = "",
    basis: str = "",
    evidence: str = "",
) -> NGOStatusChange:
    """Move ``ngo`` to ``to_status``; the only writer of ``NGO.status``.

    Under a row lock (two officers acting at once: the second finds the
    status changed and is refused), checks the move against
    :data:`ngos.moves.NGO_MOVES` (legal from the NGO's status, ``actor``
    holds its permission, a reason where one is required), and that a
    verification of a pending NGO says which ``basis`` it rests on.
    Raises ``TransitionError`` or ``PermissionDenied``.

    Side effects, in one transaction: the NGO's ``status`` (and, on
    verification, ``verified_at`` and ``verified_by``); on verification, the
    NGO's representatives not yet approved are approved by ``actor``; one
    NGOStatusChange with the reason, basis and evidence; the audit line
    ``ngo.status_changed``. After commit: an e-mail to each active
    representative of the NGO, in their language.
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = NGO.objects.select_for_update().get(pk=ngo.pk)
        from_status = locked.status
        NGO_MOVES.check(
            source=from_status, target=to_status, actor=actor, reason=reason
        )
        if needs_basis(source=from_status, target=to_status) and not basis:
            raise TransitionError(
                _("Say which document or check the verification rests on."),
                code="basis",
            )
        now = timezone.now()
        locked.status = to_status
        update_fields = ["status", "updated_at"]
        if to_status == Status.VERIFIED:
            locked.verified_at = now
            locked.verified_by = actor
            update_fields += ["verified_at", "verified_by"]
            locked.representatives.filter(approved_at__isnull=True).update(
                approved_at=now, approved_by=actor
            )
        locked.save(update_fields=update_fields)
        change = NGOStatusChange.objects.create(
            ngo=locked,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            reason=reason,
            basis=basis,
            evidence=evidence.strip(),
        )
        audit.log(
            "ngo.status_changed",
            user=actor,
            ngo=ngo.pk,
            from_status=from_status,
            to_status=to_status,
        )
        transaction.on_commit(lambda: _notify_status_change(change))
    ngo.refresh_from_db()
    return change


def needs_basis(*, source: str, target: str) -> bool:
    """Whether the move verifies an applicant, and so must say what it rests on."""
    return (source, target) == (Status.PENDING, Status.VERIFIED)


# Mail -----------------------------------------------------------------------


def _send(template: str, context: dict, recipients: list[str], language: str) -> None:
    send_templated(f"ngos/email/{template}", context, recipients, language)


def _notify_application(representative: Representative) -> None:
    context = {"ngo": representative.ngo, "representative": representative}
    _send(
        "application_received",
        context,
        [representative.user.email],
        representative.language,
    )
    officers = (
        Group.objects.get(name=REGISTRY_OFFICERS)
        .user_set.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    _send("application_for_officers", context, list(officers), "fa")


def _notify_status_change(change: NGOStatusChange) -> None:
    representatives = (
        change.ngo.representatives.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    for representative in representatives:
        _send(
            "status_changed",
            {"change": change, "ngo": change.ngo, "representative": representative},
            [representative.user.email],
            representative.language,
        )


IMPORTED_FIELDS = (
    "name",
    "name_en",
    "national_id",
    "registration_number",
    "registration_date",
    "founding_year",
    "city",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "description",
    "households_served",
)


@transaction.atomic
def import_ngos(
    *, rows: list[dict], actor: User, source: str, verify: bool
) -> list[NGO]:
    """Create NGOs from rows that ``importing.check_rows`` found valid.

    Side effects: the NGOs (pending), their focus areas, one history entry
    each saying where they came from; with ``verify``, each is then verified
    through :func:`change_ngo_status` with the list as evidence. All or
    nothing: a national ID registered meanwhile rolls the whole import back
    and raises :class:`DuplicateIdentifier`.
    """
    if not actor.has_perm("ngos.import_ngo") or (
        verify and not actor.has_perm("ngos.verify_ngo")
    ):
        raise PermissionDenied
    ngos = [
        NGO(
            **{name: row.get(name) or _empty(name) for name in IMPORTED_FIELDS},
            province_id=row["province"],
            status=Status.PENDING,
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            NGO.objects.bulk_create(ngos)
    except IntegrityError as error:
        raise DuplicateIdentifier("national_id") from error
    focus_codes = {area.code: area.pk for area in FocusArea.objects.all()}
    NGO.focus_areas.through.objects.bulk_create(
        [
            NGO.focus_areas.through(ngo_id=ngo.pk, focusarea_id=focus_codes[code])
            for ngo, row in zip(ngos, rows, strict=True)
            for code in row.get("focus_areas") or []
        ]
    )
    reason = str(_("Imported from %(source)s.") % {"source": source})
    NGOStatusChange.objects.bulk_create(
        [
            NGOStatusChange(
                ngo=ngo,
                from_status="",
                to_status=Status.PENDING,
                actor=actor,
                reason=reason,
            )
            for ngo in ngos
        ]
    )
    if verify:
        for ngo in ngos:
            change_ngo_status(
                ngo=ngo,
                to_status=Status.VERIFIED,
                actor=actor,
                basis=NGOStatusChange.Basis.REGISTRY,
                evidence=reason,
            )
    return ngos


def _empty(name: str):
    """What an omitted optional column stores: NULL for numbers and dates."""
    field = NGO._meta.get_field(name)
    return None if field.null else ""


def approve_representatives(*, representatives, actor: User) -> int:
    """Approve the representatives not yet approved; returns how many.

    A representative acts for the NGO (sends proposals) once approved and
    once the NGO is verified.

    Refused (``TransitionError``) when one of them is a staff account: staff
    never act for an NGO.
    """
    if not actor.has_perm("ngos.change_representative"):
        raise PermissionDenied
    waiting = representatives.filter(approved_at__isnull=True)
    if waiting.filter(Q(user__is_staff=True) | Q(user__is_superuser=True)).exists():
        raise TransitionError(STAFF_NEVER_REPRESENT, code="staff")
    return waiting.update(approved_at=timezone.now(), approved_by=actor)

"""Everything that writes more than one row of the registry.

Two entry points change an NGO's life: :func:`register_ngo` (the public
application) and :func:`change_ngo_status` (every later status change). A
representative asks for changes to the NGO's details with
:func:`request_ngo_change`; :func:`decide_change_request` approves, rejects or
withdraws the request, and applies an approved one.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.l10n import format_number, join_list, localize_digits
from core.mail import send_templated
from core.roles import REGISTRY_OFFICERS
from core.transitions import NGO as NGO_SIDE
from core.transitions import TransitionError
from ngos.models import (
    NGO,
    STAFF_NEVER_REPRESENT,
    FocusArea,
    NGOChangeRequest,
    NGOStatusChange,
    Province,
    Representative,
    is_staff_account,
)
from ngos.moves import CHANGE_REQUEST_MOVES, NGO_MOVES

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


# Changes a representative asks for ------------------------------------------

RequestStatus = NGOChangeRequest.Status
CHANGE_FIELDS = NGOChangeRequest.FIELDS


def requesting_representative(user) -> Representative | None:
    """The user's representative record, if it may ask for changes to its NGO.

    Any active representative who is not staff may, approved or not, while
    the NGO is not rejected: a pending application may carry a wrong phone
    number too.
    """
    if not user.is_authenticated:
        return None
    representative = (
        Representative.objects.select_related("ngo", "user").filter(user=user).first()
    )
    if representative is None or not may_request_changes(representative):
        return None
    return representative


def may_request_changes(representative: Representative) -> bool:
    user = representative.user
    return (
        user.is_active
        and not is_staff_account(user)
        and representative.ngo.status != Status.REJECTED
    )


def ngo_values(ngo: NGO) -> dict:
    """The NGO's values of the fields a request may change, comparable and
    storable as JSON (provinces as a sorted list of codes)."""
    return _values(ngo)


def requested_values(change_request: NGOChangeRequest) -> dict:
    return _values(change_request)


def _values(obj) -> dict:
    values = {
        name: getattr(obj, name) for name in CHANGE_FIELDS if name != "provinces_served"
    }
    values["provinces_served"] = sorted(p.pk for p in obj.provinces_served.all())
    return values


def changed_fields(before: dict, after: dict) -> list[str]:
    return [name for name in CHANGE_FIELDS if before.get(name) != after.get(name)]


def display_value(name: str, value, provinces: dict | None = None) -> str:
    """A value of ``CHANGE_FIELDS`` as a reader sees it ("" when empty)."""
    if value in (None, "", []):
        return ""
    if name == "provinces_served":
        provinces = provinces or {p.pk: p for p in Province.objects.all()}
        return join_list(
            provinces[code].name if code in provinces else code for code in value
        )
    if name == "households_served":
        return format_number(value)
    if name == "phone":
        return localize_digits(value)
    return str(value)


def comparison(change_request: NGOChangeRequest) -> list[dict]:
    """Each field of the request beside what the registry held when it was
    made (``previous``; the NGO's values now for a request without them);
    ``changed`` marks the rows the request changes.
    """
    before = change_request.previous or ngo_values(change_request.ngo)
    after = requested_values(change_request)
    provinces = {p.pk: p for p in Province.objects.all()}
    changed = set(changed_fields(before, after))
    return [
        {
            "name": name,
            "label": NGO._meta.get_field(name).verbose_name,
            "before": display_value(name, before.get(name), provinces),
            "after": display_value(name, after.get(name), provinces),
            "changed": name in changed,
        }
        for name in CHANGE_FIELDS
    ]


@transaction.atomic
def request_ngo_change(
    *, actor: User, values: dict, provinces_served: list
) -> NGOChangeRequest:
    """Record ``actor``'s request to change their NGO's details.

    ``values`` holds the requested values of the plain fields of
    ``NGOChangeRequest.FIELDS`` (validated by ``NGOChangeRequestForm``) and
    ``provinces_served`` the provinces. Refused (``TransitionError``) when
    the NGO has a request waiting already, or when nothing differs from the
    registry; ``PermissionDenied`` for anyone but a representative (see
    :func:`requesting_representative`).

    Side effects: one NGOChangeRequest (pending) with its provinces, one
    audit line. The NGO itself changes only when an officer approves.
    """
    representative = requesting_representative(actor)
    if representative is None:
        raise PermissionDenied
    # Under the NGO's row lock, so two requests sent at once do not both pass.
    ngo = NGO.objects.select_for_update().get(pk=representative.ngo_id)
    if ngo.change_requests.filter(status=RequestStatus.PENDING).exists():
        raise TransitionError(PENDING_EXISTS, code="pending_exists")
    plain_fields = [name for name in CHANGE_FIELDS if name != "provinces_served"]
    change_request = NGOChangeRequest(
        ngo=ngo,
        requested_by=actor,
        **{name: values.get(name) for name in plain_fields},
    )
    change_request.full_clean(exclude=["ngo", "requested_by", "provinces_served"])
    after = {
        **{name: getattr(change_request, name) for name in plain_fields},
        "provinces_served": sorted(p.pk for p in provinces_served),
    }
    change_request.previous = ngo_values(ngo)
    if not changed_fields(change_request.previous, after):
        raise TransitionError(
            _("Nothing differs from the registry: change a value first."),
            code="unchanged",
        )
    try:
        with transaction.atomic():
            change_request.save()
    except IntegrityError as error:  # one pending request per NGO
        raise TransitionError(PENDING_EXISTS, code="pending_exists") from error
    change_request.provinces_served.set(provinces_served)
    audit.log(
        "ngo.change_requested", user=actor, ngo=ngo.pk, change_request=change_request.pk
    )
    return change_request


PENDING_EXISTS = _(
    "Your NGO has a request for changes waiting for the registry office. "
    "Wait for its decision, or withdraw it and send a new one."
)


def decide_change_request(
    *, change_request: NGOChangeRequest, to_status: str, actor: User, reason: str = ""
) -> NGOChangeRequest:
    """Move ``change_request`` to ``to_status``; the only writer of its status.

    Under row locks of the request and its NGO, checks the move against
    :data:`ngos.moves.CHANGE_REQUEST_MOVES` (legal from its status, the
    actor's role and permission, a reason where required) and, for the
    NGO's side, that ``actor`` represents the request's NGO. Raises
    ``TransitionError`` or ``PermissionDenied``.

    Side effects, in one transaction: the request's status, who decided,
    when and the reason. On approval: the fields the request changed from
    what the registry held when it was made (``previous``) take the
    requested values (so that a correction an officer made meanwhile to
    another field stands), and one NGOStatusChange (from and to the NGO's
    status: a change of details) says what changed, old and new. One audit
    line.
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = (
            NGOChangeRequest.objects.select_for_update()
            .select_related("ngo")
            .get(pk=change_request.pk)
        )
        move = CHANGE_REQUEST_MOVES.check(
            source=locked.status, target=to_status, actor=actor, reason=reason
        )
        if move.side == NGO_SIDE:
            representative = requesting_representative(actor)
            if representative is None or representative.ngo_id != locked.ngo_id:
                raise PermissionDenied
        now = timezone.now()
        locked.status = to_status
        locked.decided_by = actor
        locked.decided_at = now
        locked.reason = reason
        fields = ["status", "decided_by", "decided_at", "reason"]
        if to_status == RequestStatus.APPROVED:
            replaced = _apply(locked, actor=actor, reason=reason)
            if not locked.previous:
                locked.previous = replaced
                fields.append("previous")
        locked.save(update_fields=fields)
        audit.log(
            "ngo.change_request_decided",
            user=actor,
            ngo=locked.ngo_id,
            change_request=locked.pk,
            to_status=to_status,
        )
    change_request.refresh_from_db()
    return change_request


def _apply(change_request: NGOChangeRequest, *, actor: User, reason: str) -> dict:
    """Give the NGO the values the request changed; returns the NGO's values
    before."""
    ngo = NGO.objects.select_for_update().get(pk=change_request.ngo_id)
    before = ngo_values(ngo)
    after = requested_values(change_request)
    asked = changed_fields(change_request.previous or before, after)
    changed = [name for name in asked if before[name] != after[name]]
    plain = [name for name in changed if name != "provinces_served"]
    for name in plain:
        setattr(ngo, name, after[name])
    ngo.save(update_fields=[*plain, "updated_at"])
    if "provinces_served" in changed:
        ngo.provinces_served.set(after["provinces_served"])
    provinces = {p.pk: p for p in Province.objects.all()}
    empty = pgettext("empty value", "(none)")
    lines = [
        gettext("%(field)s: %(before)s → %(after)s")
        % {
            "field": NGO._meta.get_field(name).verbose_name,
            "before": display_value(name, before[name], provinces) or empty,
            "after": display_value(name, after[name], provinces) or empty,
        }
        for name in changed
    ]
    summary = gettext("Details changed at the representative's request:")
    NGOStatusChange.objects.create(
        ngo=ngo,
        from_status=ngo.status,
        to_status=ngo.status,
        actor=actor,
        reason="\n".join([summary, *lines, *([reason] if reason else [])]),
    )
    return before

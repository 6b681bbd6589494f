"""An attack run: every URL the resolver knows, for every kind of user.

The URLs come from ``get_resolver()``, so a new URL is attacked as soon as
it exists; each argument of a pattern is filled from a small dataset (real
objects of the right kind, another NGO's, a draft, a missing one) and a
pattern whose argument this module cannot fill fails
(``test_every_argument_can_be_filled``) until someone teaches ``FILLERS``
about it. Each URL is asked in Persian and under ``/en/``, with GET, with an
empty POST and with POSTs full of hostile values, by anonymous, two
representatives of verified NGOs, a representative of a pending NGO, and
each kind of staff both signed in with their two-step code and with the
password alone. Nothing may answer 500, and the sensitive answers are what
they must be:

- another NGO's proposal or attachment is 404 for a representative;
- a staff session that owes its code is sent to the admin's sign-in from
  every page but the admin's sign-in, sign-out and two-step set-up, and so
  is anyone who is not staff from every admin page;
- no staff member reaches a draft proposal through the site;
- no GET changes any status or adds or removes any row of our data.

One dataset serves the whole module: it is written once inside a
transaction that is rolled back at the end, and each test runs in a
savepoint of its own, so what one POST changes is gone for the next test.
"""

import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from meetings.services import minutes_change_status
from proposals import drafts, services
from proposals.models import Call, Status
from tests.core.test_twostep import admin_sign_in, current_code, with_device
from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    NGOChangeRequestFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    StatementFactory,
)
from tests.proposals import files

pytestmark = pytest.mark.django_db

MISSING = 999_999

STAFF_KINDS = {
    "reviewer": {"groups": [roles.REVIEWERS]},
    "registrar": {"groups": [roles.REGISTRY_OFFICERS]},
    "secretary": {"groups": [roles.MEETING_SECRETARIES]},
    "superuser": {"is_superuser": True},
}
REPRESENTATIVES = ["rep_a", "rep_b", "pending"]
VERIFIED = list(STAFF_KINDS)
UNVERIFIED = [f"{kind} without code" for kind in STAFF_KINDS]
KINDS = ["anonymous", *REPRESENTATIVES, *VERIFIED, *UNVERIFIED]
# POSTs change things; those who could spoil a later check go last: a
# representative submitting the draft, a superuser editing users.
POST_ORDER = ["anonymous", *UNVERIFIED, "pending", "rep_b", *VERIFIED, "rep_a"]

# Every POST field name the site's and the admin's forms use often enough
# to matter, each given each hostile value in turn.
FIELDS = [
    "username", "password", "old_password", "new_password1", "new_password2",
    "email", "otp_token", "token", "next", "title", "name", "name_en",
    "summary", "problem", "solution", "executive_plan", "target_group",
    "beneficiaries", "duration_months", "budget_rials", "provinces",
    "focus_areas", "national_id", "national_code", "mobile", "city",
    "province", "description", "status", "reason", "comment", "visibility",
    "assignee", "score", "file", "starts_at", "ends_at", "place", "text",
    "due_on", "action", "_selected_action", "select_across", "index",
    "q", "o", "p", "confirm", "basis", "evidence", "role", "ngo", "user",
]  # fmt: skip
HOSTILE = [
    "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
    "' OR 1=1; DROP TABLE ngos_ngo; --",
    "\x00\u202e\ufeff۱۲۳-1e309",
    "../../../../etc/passwd%00" + "ب" * 5000,
]


# The dataset ----------------------------------------------------------------


def build_world():
    rep_a = RepresentativeFactory(user__username="rep_a")
    rep_b = RepresentativeFactory(user__username="rep_b")
    pending = RepresentativeFactory(
        user__username="rep_pending", ngo__status="pending", approved_at=None
    )
    users = {"rep_a": rep_a.user, "rep_b": rep_b.user, "pending": pending.user}
    for kind, fields in STAFF_KINDS.items():
        for name in (kind, f"{kind} without code"):
            user = StaffFactory(username=name.replace(" ", "_"), **fields)
            users[name] = user
            with_device(user)
    world = {"users": users, "ngo_a": rep_a.ngo, "ngo_b": rep_b.ngo}
    world["ngo_pending"] = pending.ngo
    for side, rep in (("a", rep_a), ("b", rep_b)):
        draft = ProposalFactory(ngo=rep.ngo, created_by=rep.user)
        sent = ProposalFactory(ngo=rep.ngo, created_by=rep.user)
        for proposal, state in ((draft, "draft"), (sent, "sent")):
            world[f"{side}_{state}"] = proposal
            world[f"{side}_{state}_attachment"] = drafts.add_attachment(
                proposal=proposal,
                uploaded=files.upload("plan.pdf", files.PDF),
                actor=rep.user,
            )
        services.transition(proposal=sent, to_status=Status.SUBMITTED, actor=rep.user)
        world[f"{side}_change_request"] = NGOChangeRequestFactory(
            ngo=rep.ngo, requested_by=rep.user
        )
    secretary = users["secretary"]
    world["draft_meeting"] = MeetingFactory()
    world["approved_meeting"] = MeetingFactory()
    for meeting in (world["draft_meeting"], world["approved_meeting"]):
        StatementFactory(meeting=meeting)
        DecisionFactory(meeting=meeting)
    minutes_change_status(
        meeting=world["approved_meeting"], to_status="approved", actor=secretary
    )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _private_media(settings, media):
    """The dataset's attachments stay where they were written for the
    whole module (the suite's own fixture gives each test a new folder)."""
    settings.PRIVATE_MEDIA_ROOT = media


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """One client per kind of user, signed in once for the module.

    A verified session is what the admin's sign-in with a code leaves
    (``test_a_verified_client_is_what_the_admin_sign_in_gives``): the
    device's id in the session.
    """
    result = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for kind, user in world["users"].items():
            client = Client()
            client.force_login(user)
            if kind in VERIFIED:
                session = client.session
                device = TOTPDevice.objects.get(user=user)
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            client.signed_in_as = client.session.session_key
            result[kind] = client
    return result


def signed_in(clients):
    """Give each client back the session it was signed in with.

    A test that signs out (or changes a password) ends that session; the
    rollback at its end brings the session back, but not the client's
    cookie.
    """
    for client in clients.values():
        key = getattr(client, "signed_in_as", None)
        client.cookies = SimpleCookie()
        if key is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = key


# The URLs -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One URL pattern, with the route of its resolvers before it."""

    parts: tuple  # (route text, is it a regex) for each level
    name: str  # "namespace:name", or "" for an unnamed pattern
    model: type | None  # the model whose ModelAdmin the pattern belongs to
    i18n: bool

    @property
    def route(self) -> str:
        return "".join(text for text, _regex in self.parts)

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def __str__(self):
        return self.name or self.route


def walk(patterns, parts=(), namespace="", model=None, i18n=False):
    for pattern in patterns:
        own = pattern.pattern
        if isinstance(own, LocalePrefixPattern):
            here, is_i18n = (), True
        else:
            here, is_i18n = ((str(own), not isinstance(own, RoutePattern)),), i18n
        if isinstance(pattern, URLResolver):
            found = model
            match = re.fullmatch(r"(\w+)/(\w+)/", str(own))
            if namespace == "admin:" and match:
                found = apps.get_model(*match.groups())
            yield from walk(
                pattern.url_patterns,
                parts + here,
                namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
                found,
                is_i18n,
            )
        else:
            name = namespace + pattern.name if pattern.name else ""
            yield Pattern(parts + here, name, model, is_i18n)


PATTERNS = list(walk(get_resolver().url_patterns))
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def arguments(pattern: Pattern) -> list[str]:
    return [m.group(2) or m.group(3) for m in ARGUMENT.finditer(pattern.route)]


# How to fill each argument: (what the value stands for, value).


def proposal_cases(w):
    cases = [
        (f"{side}_{state}", w[f"{side}_{state}"].pk)
        for side in "ab"
        for state in ("draft", "sent")
    ]
    return [*cases, ("missing", MISSING)]


def attachment_cases(w):
    cases = [
        (
            f"{side}_{state}",
            (w[f"{side}_{state}"].pk, w[f"{side}_{state}_attachment"].pk),
        )
        for side in "ab"
        for state in ("draft", "sent")
    ]
    # A's attachment under B's proposal: the pair must be checked together.
    mixed = (
        "a_sent_attachment under b_sent",
        (w["b_sent"].pk, w["a_sent_attachment"].pk),
    )
    missing = ("missing", (w["a_sent"].pk, MISSING))
    return [*cases, mixed, missing]


def admin_objects(pattern, w):
    model = pattern.model
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:1])
    if model is User:
        pks += [w["users"][kind].pk for kind in ("rep_a", "superuser")]
    if model._meta.model_name == "proposal":
        pks += [w["a_draft"].pk]
    cases = [(f"{model._meta.model_name} {pk}", pk) for pk in dict.fromkeys(pks)]
    cases.append(("missing", MISSING))
    if pattern.name.endswith("_change"):
        cases.append(("not a key", "x'"))
    return cases


def move_actions(pattern, w):
    model_admin = admin.site._registry[pattern.model]
    actions = [a for table in model_admin.get_move_tables() for a in table.actions()]
    return [(a, a) for a in actions] + [("no such action", "no-such-action")]


def app_labels(pattern, w):
    return [(label, label) for label in re.findall(r"\w+", pattern.parts[-1][0][2:])]


# (argument names, a function of the pattern that says whether it applies,
#  cases(pattern, world) -> [(label, {argument: value})])
def single(argument, cases):
    return lambda p, w: [(label, {argument: value}) for label, value in cases(p, w)]


FILLERS = [
    (
        ("pk",),
        lambda p: p.name == "ngos:detail",
        single(
            "pk",
            lambda p, w: [
                ("ngo_a", w["ngo_a"].pk),
                ("ngo_pending", w["ngo_pending"].pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("pk",),
        lambda p: p.name.startswith("proposals:"),
        single("pk", lambda p, w: proposal_cases(w)),
    ),
    (
        ("pk", "attachment_pk"),
        lambda p: p.name.startswith("proposals:"),
        lambda p, w: [
            (label, {"pk": pk, "attachment_pk": attachment})
            for label, (pk, attachment) in attachment_cases(w)
        ],
    ),
    (
        ("pk",),
        lambda p: p.name.startswith("delivery:"),
        single("pk", lambda p, w: proposal_cases(w)),
    ),
    (
        ("pk", "report_pk"),
        lambda p: p.name.startswith("delivery:"),
        lambda p, w: [
            (f"{label}, no report", {"pk": pk, "report_pk": MISSING})
            for label, pk in proposal_cases(w)
        ],
    ),
    (
        ("pk", "report_pk", "attachment_pk"),
        lambda p: p.name.startswith("delivery:"),
        lambda p, w: [
            (
                f"{label}, no report",
                {"pk": pk, "report_pk": MISSING, "attachment_pk": MISSING},
            )
            for label, pk in proposal_cases(w)
        ],
    ),
    (
        ("pk", "letter_pk"),
        lambda p: p.name == "proposals:letter",
        lambda p, w: [
            (f"{label}, no letter", {"pk": pk, "letter_pk": MISSING})
            for label, pk in proposal_cases(w)
        ],
    ),
    (
        ("code",),
        lambda p: p.name == "letters:verify",
        single(
            "code",
            lambda p, w: [("unknown", "no-such-letter"), ("long", "x" * 300)],
        ),
    ),
    (
        ("slug",),
        lambda p: p.name in ("dataset", "data_csv", "data_json"),
        single(
            "slug",
            lambda p, w: [("ngos", "ngos"), ("no such", "no-such-dataset")],
        ),
    ),
    (
        ("object_id", "file_format"),
        lambda p: p.name == "admin:proposals_call_scores_export",
        lambda p, w: (
            [
                (
                    f"standing call {file_format}",
                    {
                        "object_id": Call.objects.get(is_standing=True).pk,
                        "file_format": file_format,
                    },
                )
                for file_format in ("csv", "xlsx", "exe")
            ]
            + [("missing", {"object_id": MISSING, "file_format": "csv"})]
        ),
    ),
    (
        ("pk",),
        lambda p: p.name == "ngos:change_request_withdraw",
        single(
            "pk",
            lambda p, w: [
                ("a_change_request", w["a_change_request"].pk),
                ("b_change_request", w["b_change_request"].pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("pk",),
        lambda p: p.name.startswith("meetings:"),
        single(
            "pk",
            lambda p, w: [
                ("draft_meeting", w["draft_meeting"].pk),
                ("approved_meeting", w["approved_meeting"].pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("pk",),
        lambda p: p.name == "calls:detail",
        single(
            "pk",
            lambda p, w: [
                ("standing_call", Call.objects.get(is_standing=True).pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("meeting_id",),
        lambda p: p.name == "admin:proposals_proposal_presented",
        single(
            "meeting_id",
            lambda p, w: [
                ("draft_meeting", w["draft_meeting"].pk),
                ("approved_meeting", w["approved_meeting"].pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("uidb64", "token"),
        lambda p: p.name == "password_reset_confirm",
        lambda p, w: [
            ("bad token", {"uidb64": "MQ", "token": "bad-token"}),
            ("set-password", {"uidb64": "MQ", "token": "set-password"}),
        ],
    ),
    (
        ("slug",),
        lambda p: p.name == "stats_csv",
        single(
            "slug",
            lambda p, w: [
                ("ngos-by-province", "ngos-by-province"),
                ("no such", "no-such-figure"),
            ],
        ),
    ),
    (
        ("object_id",),
        lambda p: p.model is not None,
        single("object_id", admin_objects),
    ),
    (
        ("object_id", "action"),
        lambda p: p.model is not None,
        lambda p, w: (
            [
                (f"{object_label} {action_label}", {"object_id": pk, "action": action})
                for object_label, pk in admin_objects(p, w)[:1]
                for action_label, action in move_actions(p, w)
            ]
            + [("missing", {"object_id": MISSING, "action": move_actions(p, w)[0][1]})]
        ),
    ),
    (
        ("id",),
        lambda p: p.model is User,
        single("id", admin_objects),
    ),
    (
        ("file_format",),
        lambda p: p.model is not None,
        single("file_format", lambda p, w: [(f, f) for f in ("csv", "json", "exe")]),
    ),
    (
        ("pk",),
        lambda p: p.model is TOTPDevice,
        single(
            "pk",
            lambda p, w: [
                ("own device", TOTPDevice.objects.get(user=w["users"]["superuser"]).pk),
                ("missing", MISSING),
            ],
        ),
    ),
    (
        ("content_type_id", "object_id"),
        lambda p: p.name == "admin:view_on_site",
        lambda p, w: [
            (
                f"{model._meta.model_name} {label}",
                {
                    "content_type_id": ContentType.objects.get_for_model(model).pk,
                    "object_id": pk,
                },
            )
            for model, label, pk in [
                (w["a_draft"].__class__, "draft", w["a_draft"].pk),
                (w["a_sent"].__class__, "sent", w["a_sent"].pk),
                (w["draft_meeting"].__class__, "draft", w["draft_meeting"].pk),
                (User, "missing", MISSING),
            ]
        ],
    ),
    (
        ("app_label",),
        lambda p: p.name == "admin:app_list",
        single("app_label", app_labels),
    ),
    (
        ("url",),
        lambda p: p.is_admin and p.name == "",
        single("url", lambda p, w: [("no such page", "no-such-page/")]),
    ),
]


def filler(pattern: Pattern):
    wanted = tuple(arguments(pattern))
    if not wanted:
        return lambda p, w: [("", {})]
    for names, applies, cases in FILLERS:
        if names == wanted and applies(pattern):
            return cases
    return None


def fill(pattern: Pattern, values: dict) -> str:
    path = ""
    for text, is_regex in pattern.parts:

        def value(match):
            return str(values[match.group(2) or match.group(3)])

        text = ARGUMENT.sub(value, text)
        if is_regex:
            text = text.removeprefix("^").removesuffix("$")
        path += text
    return "/" + path


def urls_of(pattern, w):
    """(label, values, path) for each filling, in Persian, and for the
    i18n patterns the first filling again in English."""
    urls = [
        (label, values, fill(pattern, values))
        for label, values in filler(pattern)(pattern, w)
    ]
    if pattern.i18n:
        label, values, path = urls[0]
        urls.append((label, values, "/en" + path))
    return urls


# The checks -----------------------------------------------------------------

# Pages a staff session that owes its code may still see.
OWED_CODE_MAY_SEE = {"admin:login", "admin:logout", "admin:two_step", "logout"}


def is_to_admin_sign_in(response) -> bool:
    if response.status_code != 302:
        return False
    path = urlsplit(response["Location"]).path
    return path.endswith("/admin/login/") or path.endswith("/admin/two-step/")


def snapshot():
    """Every row count and every status of our data and of the accounts."""
    state = {}
    for label in ("ngos", "meetings", "proposals", "auth", "otp_totp"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if "status" in f.name
                or f.name in ("is_active", "is_staff", "confirmed", "approved_at")
            ]
            rows = model._base_manager.order_by("pk").values_list("pk", *fields)
            state[model._meta.label] = list(rows)
    return state


# Known defects the run has found; each is an expected failure until fixed.
KNOWN = {}


def problems_of(pattern, label, values, kind, method, response, world):
    """What is wrong with this answer, or []."""
    found = []
    status = response.status_code
    if status >= 500:
        found.append(f"{status}")
        return found
    owes_code = kind in UNVERIFIED
    if owes_code and pattern.name not in OWED_CODE_MAY_SEE:
        if pattern.name or pattern.is_admin and "url" not in values:
            if not is_to_admin_sign_in(response):
                found.append(f"{status}, not sent to the admin's sign-in")
    if (
        pattern.is_admin
        and kind in ("anonymous", *REPRESENTATIVES)
        and pattern.name not in ("admin:login", "admin:logout")
        and "url" not in values
        and not is_to_admin_sign_in(response)
    ):
        found.append(f"{status}, not sent to the admin's sign-in")
    if pattern.name == "ngos:change_request_withdraw" and kind in REPRESENTATIVES:
        mine = {"rep_a": "a_", "rep_b": "b_"}.get(kind)
        if (
            label[:2] in ("a_", "b_")
            and label[:2] != mine
            and status
            not in (
                404,
                405,
                429,
            )
        ):
            found.append(f"{status}, not 404, for another NGO's change request")
    if pattern.name.startswith("proposals:") and "pk" in values:
        owner = label.split("_")[0] if label[:2] in ("a_", "b_") else None
        if "under" in label:
            owner = "mixed"
        mine = {"rep_a": "a", "rep_b": "b"}.get(kind)
        # Too many POSTs are refused (429) before anything is looked up.
        # A GET of a view that only takes POSTs is 405 whatever the object.
        refused = (404, 429) if method == "POST" else (404, 405)
        if (
            kind in REPRESENTATIVES
            and owner
            and owner != mine
            and status not in refused
        ):
            found.append(f"{status}, not 404, for another NGO's proposal")
        if kind in VERIFIED and "draft" in label and method == "GET" and status == 200:
            found.append("a draft proposal reached by staff through the site")
    return found


def ask(client, method, path, data=None):
    try:
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data or {})
    except Exception as error:  # noqa: BLE001 - a 500 in the making
        return type("Raised", (), {"status_code": 500, "error": error})()
    if hasattr(response, "streaming_content"):
        # Read through the client's wrapper, which closes the response
        # without closing the test's database connection (closing it
        # directly would, on PostgreSQL, inside the module's transaction).
        b"".join(response.streaming_content)
    return response


# Each field gets one of the hostile values, in turn.
HOSTILE_BODY = {field: HOSTILE[n % len(HOSTILE)] for n, field in enumerate(FIELDS)}
# Hostile values reach a form only past the permission checks: the kinds
# of user whose POSTs get that far on the site or in the admin. (The
# others' POSTs, empty, check that they are refused.)
HOSTILE_KINDS = {"anonymous", "rep_a", "rep_b", "reviewer", "superuser"}


def bodies(kind, first):
    """An empty POST; with the first filling, a hostile one too."""
    yield "empty", {}
    if first and kind in HOSTILE_KINDS:
        yield "hostile", HOSTILE_BODY


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_attack(pattern, world, clients):
    cases = filler(pattern)
    if cases is None:
        pytest.fail(
            f"{pattern.route}: teach FILLERS its arguments {arguments(pattern)}"
        )
    urls = urls_of(pattern, world)
    failures = []
    signed_in(clients)

    before = snapshot()
    for kind in KINDS:
        for label, values, path in urls:
            response = ask(clients[kind], "GET", path)
            for problem in problems_of(
                pattern, label, values, kind, "GET", response, world
            ):
                failures.append(f"GET {path} ({label}) as {kind}: {problem}")
    after = snapshot()
    changed = {model for model in before if before[model] != after[model]}
    if changed:
        failures.append(f"GET changed {sorted(changed)}")

    for kind in POST_ORDER:
        for n, (label, values, path) in enumerate(urls):
            if n > 0 and kind in VERIFIED and kind not in HOSTILE_KINDS:
                # Slow, and what reviewer and superuser already ask.
                continue
            for body_label, body in bodies(kind, first=n == 0):
                response = ask(clients[kind], "POST", path, body)
                for problem in problems_of(
                    pattern, label, values, kind, "POST", response, world
                ):
                    failures.append(
                        f"POST {body_label} {path} ({label}) as {kind}: {problem}"
                    )

    for known, reason in KNOWN.items():
        if any(known in failure for failure in failures):
            pytest.xfail(reason)
    assert failures == []


def test_every_argument_can_be_filled():
    """A new URL whose arguments this module does not know fails here."""
    unfilled = [
        f"{pattern.route} {arguments(pattern)}"
        for pattern in PATTERNS
        if filler(pattern) is None
    ]
    assert unfilled == []


def test_the_run_covers_the_site_and_the_admin():
    names = {pattern.name for pattern in PATTERNS}
    assert {"home", "proposals:attachment", "admin:index", "admin:two_step"} <= names
    assert any(p.i18n for p in PATTERNS) and any(not p.i18n for p in PATTERNS)
    assert {p.model for p in PATTERNS if p.model} == set(admin.site._registry)


def test_a_verified_client_is_what_the_admin_sign_in_gives(world, clients):
    signed_in(clients)
    user = world["users"]["reviewer"]
    device = TOTPDevice.objects.get(user=user)
    client = Client()
    response = admin_sign_in(client, user.username, current_code(device))
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert clients["reviewer"].session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert DEVICE_ID_SESSION_KEY not in clients["reviewer without code"].session
    assert clients["reviewer"].get("/admin/").status_code == 200
    assert is_to_admin_sign_in(clients["reviewer without code"].get("/admin/"))
    assert Group.objects.filter(name=roles.REVIEWERS).exists()

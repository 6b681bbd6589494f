"""Every URL of the site and the admin, for every kind of user.

One table says what each of anonymous, rep_a, rep_b, a pending
representative, reviewer, registrar and secretary gets from each URL; the
test checks every cell, and that no named URL of the site is missing from
the table. Another NGO's data answers 404, never 403, so that its existence
is not revealed.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse

from core import roles
from delivery import services as delivery_services
from meetings.services import minutes_change_status
from proposals import drafts, services
from proposals.models import Proposal, Status
from tests.factories import (
    CallFactory,
    MeetingFactory,
    NGOChangeRequestFactory,
    NGOFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
)
from tests.proposals import files

pytestmark = pytest.mark.django_db

DATASETS = [
    "ngos",
    "calls",
    "meetings",
    "decisions",
    "action-items",
    "supported-plans",
]
ROLES = ["anonymous", "rep_a", "rep_b", "pending", "reviewer", "registrar", "secretary"]
LOGIN = "login"  # a redirect to a sign-in page


@pytest.fixture
def world():
    rep_a = RepresentativeFactory(user__username="rep_a")
    rep_b = RepresentativeFactory(user__username="rep_b")
    pending = RepresentativeFactory(
        user__username="rep_pending", ngo__status="pending", approved_at=None
    )
    secretary = StaffFactory(username="secretary", groups=[roles.MEETING_SECRETARIES])
    users = {
        "anonymous": None,
        "rep_a": rep_a.user,
        "rep_b": rep_b.user,
        "pending": pending.user,
        "reviewer": StaffFactory(username="reviewer", groups=[roles.REVIEWERS]),
        "registrar": StaffFactory(
            username="registrar", groups=[roles.REGISTRY_OFFICERS]
        ),
        "secretary": secretary,
    }
    draft = ProposalFactory(ngo=rep_a.ngo, created_by=rep_a.user)
    sent = ProposalFactory(ngo=rep_a.ngo, created_by=rep_a.user)
    attachment = drafts.add_attachment(
        proposal=sent, uploaded=files.upload("plan.pdf", files.PDF), actor=rep_a.user
    )
    services.transition(proposal=sent, to_status=Status.SUBMITTED, actor=rep_a.user)
    # A proposal sent back for changes: its decision letter.
    decided = ProposalFactory(ngo=rep_a.ngo, created_by=rep_a.user)
    services.transition(proposal=decided, to_status=Status.SUBMITTED, actor=rep_a.user)
    for to_status in (Status.UNDER_REVIEW, Status.CHANGES_REQUESTED):
        services.transition(
            proposal=decided,
            to_status=to_status,
            actor=users["reviewer"],
            comment="بودجه را دقیق‌تر بنویسید",
        )
    letter = decided.letters.get()
    supported = ProposalFactory(ngo=rep_a.ngo, created_by=rep_a.user)
    Proposal.objects.filter(pk=supported.pk).update(status=Status.APPROVED)
    supported.refresh_from_db()
    report = delivery_services.report_submit(
        plan=delivery_services.plan_for(supported),
        actor=rep_a.user,
        reach=[],
        files=[files.upload("list.pdf", files.PDF)],
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 10, 1),
        work_done="internal detail",
        funds_spent=1,
        public_summary="summary",
    )
    public_meeting = MeetingFactory()
    minutes_change_status(meeting=public_meeting, to_status="approved", actor=secretary)
    return {
        "users": users,
        "ngo_a": rep_a.ngo,
        "ngo_pending": pending.ngo,
        "draft": draft,
        "sent": sent,
        "attachment": attachment,
        "letter": letter,
        "public_meeting": public_meeting,
        "supported": supported,
        "report": report,
        "report_file": report.attachments.get(),
        "draft_meeting": MeetingFactory(),
        "other_ngo": NGOFactory(),
        # rep_a's NGO has a request for changes waiting; rep_b's has none.
        "call": CallFactory(),
        "change_request": NGOChangeRequestFactory(
            ngo=rep_a.ngo, requested_by=rep_a.user
        ),
    }


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


def roles_(default, **answers):
    return {**everyone(default), **answers}


OWNER_ONLY = roles_(404, anonymous=LOGIN, rep_a="ok")
STAFF = {"reviewer", "registrar", "secretary"}

# (name, arguments from the world, method, expected answer per role)
SITE = [
    ("home", None, "GET", everyone(200)),
    ("healthz", None, "GET", everyone(200)),
    ("ngos:list", None, "GET", everyone(200)),
    ("ngos:detail", lambda w: [w["ngo_a"].pk], "GET", everyone(200)),
    ("ngos:detail", lambda w: [w["ngo_pending"].pk], "GET", everyone(404)),
    ("ngos:register", None, "GET", roles_(200, rep_a=302, rep_b=302, pending=302)),
    (
        "ngos:application",
        None,
        "GET",
        roles_(404, anonymous=LOGIN, rep_a=200, rep_b=200, pending=200),
    ),
    (
        "ngos:change_request",
        None,
        "GET",
        roles_(404, anonymous=LOGIN, rep_a=302, rep_b=200, pending=200),
    ),
    (
        "ngos:change_request",
        None,
        "POST",
        roles_(404, anonymous=LOGIN, rep_a=302, rep_b="ok", pending="ok"),
    ),
    (
        "ngos:change_request_withdraw",
        lambda w: [w["change_request"].pk],
        "POST",
        OWNER_ONLY,
    ),
    (
        "ngos:change_request_withdraw",
        lambda w: [w["change_request"].pk],
        "GET",
        roles_(405, anonymous=LOGIN),
    ),
    ("ngos:export_csv", None, "GET", everyone(301)),
    ("ngos:export_json", None, "GET", everyone(301)),
    ("ngos:data_dictionary", None, "GET", everyone(301)),
    ("proposals:list", None, "GET", roles_(200, anonymous=LOGIN)),
    (
        "proposals:create",
        None,
        "GET",
        roles_(302, anonymous=LOGIN, rep_a=200, rep_b=200),
    ),
    ("proposals:supported", None, "GET", everyone(200)),
    ("delivery:plan", lambda w: [w["supported"].pk], "GET", everyone(200)),
    ("delivery:plan", lambda w: [w["sent"].pk], "GET", everyone(404)),
    ("delivery:manage", lambda w: [w["supported"].pk], "GET", OWNER_ONLY),
    ("delivery:manage", lambda w: [w["sent"].pk], "GET", roles_(404, anonymous=LOGIN)),
    ("delivery:milestone_create", lambda w: [w["supported"].pk], "GET", OWNER_ONLY),
    ("delivery:milestone_create", lambda w: [w["supported"].pk], "POST", OWNER_ONLY),
    ("delivery:report_create", lambda w: [w["supported"].pk], "GET", OWNER_ONLY),
    ("delivery:report_create", lambda w: [w["supported"].pk], "POST", OWNER_ONLY),
    (
        "delivery:report",
        lambda w: [w["supported"].pk, w["report"].pk],
        "GET",
        OWNER_ONLY,
    ),
    (
        "delivery:report",
        lambda w: [w["supported"].pk, w["report"].pk],
        "POST",
        roles_(404, anonymous=LOGIN, rep_a=403),
    ),
    (
        "delivery:attachment",
        lambda w: [w["supported"].pk, w["report"].pk, w["report_file"].pk],
        "GET",
        OWNER_ONLY,
    ),
    ("calls:list", None, "GET", everyone(200)),
    ("calls:detail", lambda w: [w["call"].pk], "GET", everyone(200)),
    ("calls:detail", lambda w: [10**6], "GET", everyone(404)),
    ("proposals:detail", lambda w: [w["sent"].pk], "GET", OWNER_ONLY),
    ("proposals:update", lambda w: [w["draft"].pk], "GET", OWNER_ONLY),
    ("proposals:submit", lambda w: [w["draft"].pk], "GET", OWNER_ONLY),
    ("proposals:submit", lambda w: [w["draft"].pk], "POST", OWNER_ONLY),
    ("proposals:withdraw", lambda w: [w["draft"].pk], "GET", OWNER_ONLY),
    ("proposals:withdraw", lambda w: [w["draft"].pk], "POST", OWNER_ONLY),
    ("proposals:attachment_add", lambda w: [w["draft"].pk], "POST", OWNER_ONLY),
    (
        "proposals:attachment_add",
        lambda w: [w["draft"].pk],
        "GET",
        roles_(405, anonymous=LOGIN),
    ),
    (
        "proposals:attachment",
        lambda w: [w["sent"].pk, w["attachment"].pk],
        "GET",
        roles_(404, anonymous=LOGIN, rep_a=200, reviewer=200),
    ),
    (
        "proposals:letter",
        lambda w: [w["letter"].proposal_id, w["letter"].pk],
        "GET",
        roles_(404, anonymous=LOGIN, rep_a=200, reviewer=200),
    ),
    # Another proposal's key with the letter's: 404 even for its NGO.
    (
        "proposals:letter",
        lambda w: [w["sent"].pk, w["letter"].pk],
        "GET",
        roles_(404, anonymous=LOGIN),
    ),
    (
        "letters:verify",
        lambda w: [w["letter"].verification_code],
        "GET",
        everyone(200),
    ),
    ("letters:verify", lambda w: ["0" * 24], "GET", everyone(404)),
    (
        "proposals:attachment_remove",
        lambda w: [w["sent"].pk, w["attachment"].pk],
        "POST",
        OWNER_ONLY,
    ),
    ("login", None, "GET", everyone(200)),
    ("account", None, "GET", roles_(302, anonymous=LOGIN)),
    ("logout", None, "POST", everyone(302)),
    ("password_change", None, "GET", roles_(200, anonymous=LOGIN)),
    ("password_change_done", None, "GET", roles_(200, anonymous=LOGIN)),
    ("password_reset", None, "GET", everyone(200)),
    ("password_reset_done", None, "GET", everyone(200)),
    ("password_reset_confirm", lambda w: ["MQ", "bad-token"], "GET", everyone(200)),
    ("password_reset_complete", None, "GET", everyone(200)),
    ("about", None, "GET", everyone(200)),
    ("contact", None, "GET", everyone(200)),
    ("privacy", None, "GET", everyone(200)),
    ("stats", None, "GET", everyone(200)),
    ("stats_csv", lambda w: ["ngos-by-province"], "GET", everyone(200)),
    ("stats_csv", lambda w: ["no-such-figure"], "GET", everyone(404)),
    ("data", None, "GET", everyone(200)),
    *[
        (name, lambda w, slug=slug: [slug], "GET", everyone(200))
        for name in ("dataset", "data_csv", "data_json")
        for slug in DATASETS
    ],
    *[
        (name, lambda w: ["no-such-dataset"], "GET", everyone(404))
        for name in ("dataset", "data_csv", "data_json")
    ],
    ("data_csv", lambda w: ["ngos"], "POST", everyone(405)),
    ("meetings:list", None, "GET", everyone(200)),
    ("meetings:feed", None, "GET", everyone(200)),
    ("meetings:all_calendar", None, "GET", everyone(200)),
    ("meetings:detail", lambda w: [w["public_meeting"].pk], "GET", everyone(200)),
    (
        "meetings:detail",
        lambda w: [w["draft_meeting"].pk],
        "GET",
        roles_(404, secretary=200),
    ),
    ("meetings:calendar", lambda w: [w["public_meeting"].pk], "GET", everyone(200)),
    (
        "meetings:calendar",
        lambda w: [w["draft_meeting"].pk],
        "GET",
        roles_(404, secretary=200),
    ),
]

NOT_STAFF = dict.fromkeys(["anonymous", "rep_a", "rep_b", "pending"], LOGIN)


def admin_only(**staff_answers):
    return {**NOT_STAFF, **dict.fromkeys(STAFF, 403), **staff_answers}


ADMIN = [
    (
        "admin:index",
        None,
        "GET",
        admin_only(reviewer=200, registrar=200, secretary=200),
    ),
    (
        "admin:ngos_ngo_changelist",
        None,
        "GET",
        admin_only(reviewer=200, registrar=200, secretary=200),
    ),
    (
        "admin:ngos_ngo_change",
        lambda w: [w["ngo_a"].pk],
        "GET",
        admin_only(reviewer=200, registrar=200, secretary=200),
    ),
    (
        "admin:ngos_ngo_move",
        lambda w: [w["ngo_pending"].pk, "verify"],
        "GET",
        admin_only(registrar=200),
    ),
    ("admin:ngos_ngo_export", lambda w: ["csv"], "GET", admin_only(registrar=200)),
    ("admin:ngos_ngo_import", None, "GET", admin_only(registrar=200)),
    (
        "admin:ngos_representative_changelist",
        None,
        "GET",
        admin_only(reviewer=200, registrar=200),
    ),
    (
        "admin:ngos_ngochangerequest_changelist",
        None,
        "GET",
        admin_only(registrar=200),
    ),
    (
        "admin:ngos_ngochangerequest_change",
        lambda w: [w["change_request"].pk],
        "GET",
        admin_only(registrar=200),
    ),
    ("admin:proposals_proposal_changelist", None, "GET", admin_only(reviewer=200)),
    (
        "admin:proposals_proposal_change",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_move",
        lambda w: [w["sent"].pk, "start_review"],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_move",
        lambda w: [w["sent"].pk, "approve"],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_move",
        lambda w: [w["sent"].pk, "start_review"],
        "POST",
        admin_only(reviewer=200),
    ),
    # Through the admin's queryset: a draft is not there to be moved.
    (
        "admin:proposals_proposal_move",
        lambda w: [w["draft"].pk, "withdraw"],
        "GET",
        admin_only(reviewer=404, registrar=404, secretary=404),
    ),
    (
        "admin:proposals_proposal_comment",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_correct_letter",
        lambda w: [w["letter"].proposal_id],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_approved_in",
        lambda w: [w["letter"].proposal_id],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_assign",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_conflict",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_score",
        lambda w: [w["draft"].pk],
        "GET",
        admin_only(reviewer=404, registrar=404, secretary=404),
    ),
    (
        "admin:proposals_proposal_score",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_print",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_changes",
        lambda w: [w["sent"].pk],
        "GET",
        admin_only(reviewer=200),
    ),
    (
        "admin:proposals_proposal_changes",
        lambda w: [w["draft"].pk],
        "GET",
        admin_only(reviewer=404, registrar=404, secretary=404),
    ),
    (
        "admin:proposals_proposal_export",
        lambda w: ["csv"],
        "GET",
        admin_only(reviewer=200),
    ),
    ("admin:meetings_meeting_changelist", None, "GET", admin_only(secretary=200)),
    (
        "admin:meetings_meeting_change",
        lambda w: [w["draft_meeting"].pk],
        "GET",
        admin_only(secretary=200),
    ),
    (
        "admin:meetings_meeting_move",
        lambda w: [w["draft_meeting"].pk, "approve"],
        "GET",
        admin_only(secretary=200),
    ),
    ("admin:meetings_actionitem_changelist", None, "GET", admin_only(secretary=200)),
    ("admin:auth_user_changelist", None, "GET", admin_only(registrar=200)),
    ("admin:auth_group_changelist", None, "GET", admin_only()),
    ("admin:two_step", None, "GET", {**NOT_STAFF, **dict.fromkeys(STAFF, 200)}),
]

CELLS = [
    pytest.param(
        name, args, method, role, expected[role], id=f"{name}-{method}-{role}-{n}"
    )
    for n, (name, args, method, expected) in enumerate(SITE + ADMIN)
    for role in ROLES
]


def answer_of(response):
    if response.status_code == 302 and "login" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("name", "args", "method", "role", "expected"), CELLS)
def test_access(client, world, name, args, method, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=args(world) if args else None)
    response = client.post(url) if method == "POST" else client.get(url)
    if hasattr(response, "streaming_content"):
        response.close()
    got = answer_of(response)
    if expected == "ok":
        assert got in (200, 302), (url, role, got)
    else:
        assert got == expected, (url, role, got)


def test_every_site_url_is_in_the_table():
    covered = {name for name, *_rest in SITE}
    named = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace == "admin":
                    continue
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:"
                    if pattern.namespace
                    else namespace,
                )
            elif pattern.name:
                named.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    assert named - covered == set()


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_list_answers_without_error(client, world, role):
    """Every registered model's list and add page: sign-in for the public,
    the page or a refusal for staff, never a server error."""
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
            )
            got = answer_of(client.get(url))
            if role in STAFF:
                assert got in (200, 403), (url, role, got)
            else:
                assert got == LOGIN, (url, role, got)

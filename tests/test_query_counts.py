"""Every page runs as many queries with many rows as with few.

Each page below is rendered twice: once when what it shows has a couple of
rows, once when it has many (each with its own related rows: focus areas,
representatives, statements, score sheets, events, attachments...). The
number of queries must be the same, and must not pass the page's ceiling in
:data:`CEILINGS`, so that a query added to every request is noticed too.

Pages are built from scenes: ``setup()`` makes the page's subject and
returns it, ``grow(subject, n)`` adds ``n`` rows of what the page lists, and
``url(subject)`` says where the page is.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from meetings.models import ActionItem, Meeting, MeetingEvent
from ngos.models import NGO, FocusArea, NGOStatusChange, Province
from proposals.models import (
    Attachment,
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ScoreSheet,
    Status,
)
from tests.factories import (
    TEHRAN,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ParticipantFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    StatementFactory,
    UserFactory,
)
from tests.proposals import files

pytestmark = pytest.mark.django_db

FEW = 2
MANY = 20

# The most queries each page may run, whatever the number of rows: today's
# count, rounded up a little. Raise one only with a reason.
CEILINGS = {
    "home": 7,
    "stats": 17,
    "stats csv": 13,
    "ngo list": 7,
    "ngo list, filtered": 7,
    "ngo profile": 7,
    "ngo export csv": 5,
    "ngo export json": 5,
    "data dictionary": 3,
    "registration form": 4,
    "meeting list": 5,
    "meeting list, filtered": 5,
    "meeting feed": 3,
    "meeting page": 11,
    "draft meeting page, for staff": 14,
    "scheduled meeting page": 8,
    "meeting calendar": 3,
    "supported proposals": 8,
    "supported proposals, filtered": 8,
    "own proposals": 10,
    "own proposals, filtered": 10,
    "proposal page": 11,
    "proposal edit form": 12,
    "proposal submit confirmation": 8,
    "proposal withdraw confirmation": 8,
    "new proposal form": 9,
    "application status": 7,
    "account": 6,
    "admin index": 10,
    "totp devices": 8,
    "access attempts": 11,
    "access logs": 11,
    "access failures": 11,
    "provinces": 7,
    "focus areas": 7,
    "ngos": 11,
    "ngos, filtered": 11,
    "representatives": 7,
    "users": 10,
    "groups": 8,
    "meetings": 8,
    "action items": 10,
    "proposals": 11,
    "proposals, filtered": 11,
    "conflicts of interest": 7,
    "attachments": 7,
    "totp device": 7,
    "access attempt": 7,
    "access log": 6,
    "access failure": 6,
    "province": 6,
    "focus area": 6,
    "ngo": 15,
    "ngo move page": 7,
    "representative": 9,
    "user": 10,
    "group": 8,
    "meeting": 34,
    "approved meeting": 33,
    "meeting move page": 6,
    "next meeting page": 7,
    "action item move page": 6,
    "action item": 7,
    "proposal": 18,
    "proposal print": 11,
    "proposal score sheet": 8,
    "proposal action page": 7,
    "conflict of interest": 8,
    "attachment": 8,
    "ngo export csv (admin)": 14,
    "ngo export xlsx (admin)": 14,
    "proposal export csv": 16,
    "proposal export xlsx": 16,
}


# Rows -------------------------------------------------------------------------


def add_ngos(n):
    """Verified NGOs, each with focus areas, provinces served, a representative
    and a status change."""
    for _ in range(n):
        ngo = NGOFactory(focus_areas=["1", "2"], provinces_served=["IR-01", "IR-23"])
        RepresentativeFactory(ngo=ngo)
        NGOStatusChange.objects.create(
            ngo=ngo,
            from_status=NGO.Status.PENDING,
            to_status=ngo.status,
            actor=StaffFactory(),
            basis=NGOStatusChange.Basis.LICENCE,
        )


def approve(meeting):
    """Approve the minutes as the service would, without its side effects."""
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status=Meeting.Minutes.APPROVED, approved_at=timezone.now()
    )


def add_meeting_parts(meeting, n, focus_areas=()):
    """``n`` of each part of a meeting's record, with NGOs among them.

    Approved minutes are locked, so they are opened for the additions and
    approved again afterwards.
    """
    minutes = Meeting.objects.filter(pk=meeting.pk)
    locked = minutes.values_list("minutes_status", "approved_at").get()
    minutes.update(minutes_status=Meeting.Minutes.DRAFT, approved_at=None)
    if focus_areas:
        meeting.focus_areas.set(focus_areas)
    ngo = NGOFactory()
    earlier = MeetingFactory(starts_at=meeting.starts_at - datetime.timedelta(days=30))
    for _ in range(n):
        item = AgendaItemFactory(meeting=meeting)
        item.follow_up.add(
            DecisionFactory(meeting=earlier, responsible_body="", responsible_ngo=ngo)
        )
        speaker = ParticipantFactory(
            meeting=meeting, ngo=ngo, role="ngo_representative"
        )
        ParticipantFactory(meeting=meeting, attended=False)
        StatementFactory(meeting=meeting, agenda_item=item, speaker=speaker)
        decision = DecisionFactory(
            meeting=meeting, responsible_body="", responsible_ngo=ngo
        )
        MeetingEvent.objects.create(
            meeting=meeting,
            action=MeetingEvent.Action.HELD,
            decision=decision,
            actor=StaffFactory(),
        )
    approve(earlier)
    minutes.update(minutes_status=locked[0], approved_at=locked[1])


def add_meetings(n):
    """Approved meetings, each with a complete record, 40 days apart."""
    for i in range(n):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2018, 1, 8, 10, tzinfo=TEHRAN)
            + datetime.timedelta(days=40 * i),
            focus_areas=[FocusArea.objects.first()],
        )
        add_meeting_parts(meeting, 1)
        approve(meeting)


def sent(ngo=None, status=Status.UNDER_REVIEW):
    """A proposal that staff see, in ``status``, assigned to a reviewer."""
    if ngo is None:
        ngo = RepresentativeFactory().ngo
    moment = timezone.now() - datetime.timedelta(days=3)
    proposal = ProposalFactory(
        ngo=ngo,
        created_by=ngo.representatives.first().user,
        submitted_at=moment,
        last_submitted_at=moment,
        provinces=["IR-01", "IR-23"],
        focus_areas=["1", "2"],
    )
    decided = moment if status in (Status.APPROVED, Status.REJECTED) else None
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status,
        reference=f"1405-{proposal.pk:05d}",
        reviewer=StaffFactory(groups=[roles.REVIEWERS]),
        decided_at=decided,
    )
    proposal.refresh_from_db()
    return proposal


def add_proposal_parts(proposal, n):
    """Score sheets, events of both kinds, attachments and conflicts."""
    for _ in range(n):
        reviewer = StaffFactory(groups=[roles.REVIEWERS])
        ScoreSheet.objects.create(
            proposal=proposal,
            reviewer=reviewer,
            relevance=4,
            feasibility=3,
            impact=4,
            cost_effectiveness=2,
            capacity=5,
        )
        for visibility in ProposalEvent.Visibility.values:
            ProposalEvent.objects.create(
                proposal=proposal,
                kind=ProposalEvent.Kind.STATUS,
                from_status=Status.SUBMITTED,
                to_status=proposal.status,
                actor=reviewer,
                assignee=reviewer,
                visibility=visibility,
                reason_code="budget",
                comment="بودجه روشن نیست",
            )
        attachment = Attachment(
            proposal=proposal,
            original_name="plan.pdf",
            content_type="application/pdf",
            size=len(files.PDF),
            uploaded_by=proposal.created_by,
        )
        attachment.file.save("plan.pdf", ContentFile(files.PDF), save=False)
        attachment.save()
        ConflictOfInterest.objects.create(proposal=proposal, reviewer=reviewer)


def add_proposals(n, ngo=None, status=Status.UNDER_REVIEW):
    proposals = []
    for _ in range(n):
        proposal = sent(ngo=ngo, status=status)
        add_proposal_parts(proposal, 1)
        proposals.append(proposal)
    return proposals


def add_everything(n):
    """A little of everything the public pages and the dashboards count."""
    add_ngos(n)
    add_meetings(n)
    for status in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED):
        add_proposals(n, status=status)


def add_admin_log(n):
    """Entries of the staff's "recent actions", about NGOs of the registry."""
    superuser = User.objects.get(username="admin")
    for ngo in NGOFactory.create_batch(n):
        LogEntry.objects.create(
            user=superuser,
            content_type=ContentType.objects.get_for_model(NGO),
            object_id=str(ngo.pk),
            object_repr=str(ngo),
            action_flag=CHANGE,
        )


def rep_ngo():
    return User.objects.get(username="rep_a").representative.ngo


# Scenes -----------------------------------------------------------------------


@dataclass
class Page:
    """A page to measure; ``who`` is the fixture of the user signed in."""

    name: str
    url: Callable[[Any], str]
    grow: Callable[[Any, int], None]
    setup: Callable[[], Any] = lambda: None
    who: str | None = None
    status: int = 200
    # For admin pages: the model and "changelist" or "change".
    covers: tuple[str, str] | None = None
    # A list whose rows tests cannot add to (the provinces).
    fixed_rows: bool = False

    def __str__(self):
        return self.name


def fixed(url):
    return lambda subject: url


def admin_list(name, label, grow, **kwargs):
    url = reverse(f"admin:{label.replace('.', '_')}_changelist")
    return Page(name, fixed(url), grow, covers=(label, "changelist"), **kwargs)


def admin_change(name, label, grow, setup, **kwargs):
    def url(obj):
        return reverse(f"admin:{label.replace('.', '_')}_change", args=[obj.pk])

    return Page(name, url, grow, setup, covers=(label, "change"), **kwargs)


def each(make):
    """``grow`` for a list of rows made one by one by ``make()``."""

    def grow(subject, n):
        for _ in range(n):
            make()

    return grow


def approved_meeting():
    meeting = MeetingFactory()
    approve(meeting)
    return meeting


def rep_proposal():
    """A proposal of rep_a's NGO sent back for changes: editable, with history."""
    return sent(ngo=rep_ngo(), status=Status.CHANGES_REQUESTED)


def grow_proposal(proposal, n):
    add_proposal_parts(proposal, n)
    proposal.provinces.set(Province.objects.all()[: 2 + n])
    proposal.focus_areas.set(FocusArea.objects.all()[: 1 + n // 4])


def grow_ngo(ngo, n):
    ngo.focus_areas.set(FocusArea.objects.all()[: 1 + n // 4])
    ngo.provinces_served.set(Province.objects.all()[:n])
    for _ in range(n):
        RepresentativeFactory(ngo=ngo)
        NGOStatusChange.objects.create(
            ngo=ngo,
            from_status=NGO.Status.VERIFIED,
            to_status=NGO.Status.VERIFIED,
            actor=StaffFactory(),
            reason="بررسی دوباره",
        )
        sent(ngo=ngo, status=Status.APPROVED)


def axes_row(model):
    numbers = iter(range(1000))

    def make():
        fields = {
            "user_agent": "Firefox",
            "ip_address": "10.0.0.1",
            "username": f"someone{next(numbers)}",
            "http_accept": "*/*",
            "path_info": "/admin/login/",
        }
        if model is AccessAttempt:
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model.objects.create(**fields)

    return make


def focus_area():
    number = FocusArea.objects.count()
    return FocusArea.objects.create(
        code=f"area-{number}", name_fa=f"حوزه {number}", name_en=f"area {number}"
    )


def totp_device():
    return TOTPDevice.objects.create(user=UserFactory(is_staff=True), name="phone")


def user_with_groups():
    return StaffFactory(groups=[roles.REVIEWERS, roles.MEETING_SECRETARIES])


def grow_group(group, n):
    for _ in range(n):
        StaffFactory().groups.add(group)


def grow_meeting(meeting, n):
    add_meeting_parts(meeting, n, focus_areas=FocusArea.objects.all()[: 1 + n // 4])


PUBLIC_PAGES = [
    Page("home", fixed("/"), lambda s, n: add_everything(n)),
    Page("stats", fixed("/stats/"), lambda s, n: add_everything(n)),
    Page(
        "stats csv",
        fixed("/stats/ngos-by-province.csv"),
        lambda s, n: add_everything(n),
    ),
    Page("ngo list", fixed("/ngos/"), lambda s, n: add_ngos(n)),
    Page(
        "ngo list, filtered",
        fixed("/ngos/?province=IR-23&focus=economic-empowerment&q=سازمان"),
        lambda s, n: add_ngos(n),
    ),
    Page("ngo profile", lambda ngo: ngo.get_absolute_url(), grow_ngo, NGOFactory),
    Page("ngo export csv", fixed("/ngos/export.csv"), lambda s, n: add_ngos(n)),
    Page("ngo export json", fixed("/ngos/export.json"), lambda s, n: add_ngos(n)),
    Page("data dictionary", fixed("/ngos/data/"), lambda s, n: add_ngos(n)),
    Page("registration form", fixed("/ngos/register/"), lambda s, n: add_ngos(n)),
    Page("meeting list", fixed("/meetings/"), lambda s, n: add_meetings(n)),
    Page(
        "meeting list, filtered",
        fixed("/meetings/?q=جلسه&year=1396"),
        lambda s, n: add_meetings(n),
    ),
    Page("meeting feed", fixed("/meetings/feed/"), lambda s, n: add_meetings(n)),
    Page(
        "meeting page",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        approved_meeting,
    ),
    Page(
        "draft meeting page, for staff",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    Page(
        "scheduled meeting page",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        lambda: MeetingFactory(status="scheduled"),
    ),
    Page(
        "meeting calendar",
        lambda meeting: reverse("meetings:calendar", args=[meeting.pk]),
        grow_meeting,
        approved_meeting,
    ),
    Page(
        "supported proposals",
        fixed("/proposals/supported/"),
        lambda s, n: add_proposals(n, status=Status.APPROVED),
    ),
    Page(
        "supported proposals, filtered",
        fixed("/proposals/supported/?province=IR-23&focus=economic-empowerment"),
        lambda s, n: add_proposals(n, status=Status.APPROVED),
    ),
]

REPRESENTATIVE_PAGES = [
    Page(
        "own proposals",
        fixed("/proposals/"),
        lambda s, n: add_proposals(n, ngo=rep_ngo()),
        who="rep_a",
    ),
    Page(
        "own proposals, filtered",
        fixed("/proposals/?status=under_review"),
        lambda s, n: add_proposals(n, ngo=rep_ngo()),
        who="rep_a",
    ),
    Page(
        "proposal page",
        lambda proposal: proposal.get_absolute_url(),
        grow_proposal,
        rep_proposal,
        who="rep_a",
    ),
    Page(
        "proposal edit form",
        lambda proposal: reverse("proposals:update", args=[proposal.pk]),
        grow_proposal,
        rep_proposal,
        who="rep_a",
    ),
    Page(
        "proposal submit confirmation",
        lambda proposal: reverse("proposals:submit", args=[proposal.pk]),
        grow_proposal,
        rep_proposal,
        who="rep_a",
    ),
    Page(
        "proposal withdraw confirmation",
        lambda proposal: reverse("proposals:withdraw", args=[proposal.pk]),
        grow_proposal,
        rep_proposal,
        who="rep_a",
    ),
    Page(
        "new proposal form",
        fixed("/proposals/new/"),
        lambda s, n: add_proposals(n, ngo=rep_ngo()),
        who="rep_a",
    ),
    Page(
        "application status",
        fixed("/ngos/application/"),
        lambda s, n: grow_ngo(rep_ngo(), n),
        who="rep_a",
    ),
    Page(
        "account",
        fixed("/accounts/"),
        lambda s, n: add_proposals(n, ngo=rep_ngo()),
        who="rep_a",
        status=302,
    ),
]

ADMIN_PAGES = [
    Page(
        "admin index",
        fixed("/admin/"),
        lambda s, n: (add_everything(n), add_admin_log(n)),
        who="superuser",
    ),
    # Changelists.
    admin_list(
        "totp devices",
        "otp_totp.totpdevice",
        each(totp_device),
        who="superuser",
    ),
    admin_list(
        "access attempts",
        "axes.accessattempt",
        each(axes_row(AccessAttempt)),
        who="superuser",
    ),
    admin_list(
        "access logs",
        "axes.accesslog",
        each(axes_row(AccessLog)),
        who="superuser",
    ),
    admin_list(
        "access failures",
        "axes.accessfailurelog",
        each(axes_row(AccessFailureLog)),
        who="superuser",
    ),
    # The 31 provinces come from a migration; their number is fixed.
    admin_list(
        "provinces",
        "ngos.province",
        lambda s, n: None,
        who="superuser",
        fixed_rows=True,
    ),
    admin_list(
        "focus areas",
        "ngos.focusarea",
        each(focus_area),
        who="superuser",
    ),
    admin_list("ngos", "ngos.ngo", lambda s, n: add_ngos(n), who="superuser"),
    Page(
        "ngos, filtered",
        fixed(
            reverse("admin:ngos_ngo_changelist")
            + "?status__exact=verified&province__code__exact=IR-23&q=سازمان"
        ),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    admin_list(
        "representatives",
        "ngos.representative",
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    admin_list("users", "auth.user", each(user_with_groups), who="superuser"),
    admin_list(
        "groups",
        "auth.group",
        each(lambda: Group.objects.create(name=f"group {Group.objects.count()}")),
        who="superuser",
    ),
    admin_list(
        "meetings",
        "meetings.meeting",
        lambda s, n: add_meetings(n),
        who="superuser",
    ),
    admin_list(
        "action items",
        "meetings.actionitem",
        lambda s, n: add_meetings(n),
        who="superuser",
    ),
    admin_list(
        "proposals",
        "proposals.proposal",
        lambda s, n: add_proposals(n),
        who="superuser",
    ),
    Page(
        "proposals, filtered",
        fixed(
            reverse("admin:proposals_proposal_changelist")
            + "?status__exact=under_review&province=IR-23&focus=economic-empowerment"
            + "&q=طرح"
        ),
        lambda s, n: add_proposals(n),
        who="superuser",
    ),
    admin_list(
        "conflicts of interest",
        "proposals.conflictofinterest",
        lambda s, n: add_proposals(n),
        who="superuser",
    ),
    admin_list(
        "attachments",
        "proposals.attachment",
        lambda s, n: add_proposals(n),
        who="superuser",
    ),
    # Change pages.
    admin_change(
        "totp device",
        "otp_totp.totpdevice",
        lambda s, n: None,
        totp_device,
        who="superuser",
    ),
    admin_change(
        "access attempt",
        "axes.accessattempt",
        lambda s, n: None,
        axes_row(AccessAttempt),
        who="superuser",
    ),
    admin_change(
        "access log",
        "axes.accesslog",
        lambda s, n: None,
        axes_row(AccessLog),
        who="superuser",
    ),
    admin_change(
        "access failure",
        "axes.accessfailurelog",
        lambda s, n: None,
        axes_row(AccessFailureLog),
        who="superuser",
    ),
    admin_change(
        "province",
        "ngos.province",
        lambda s, n: add_ngos(n),
        lambda: Province.objects.get(pk="IR-23"),
        who="superuser",
    ),
    admin_change(
        "focus area",
        "ngos.focusarea",
        lambda s, n: add_ngos(n),
        FocusArea.objects.first,
        who="superuser",
    ),
    admin_change("ngo", "ngos.ngo", grow_ngo, NGOFactory, who="superuser"),
    Page(
        "ngo move page",
        lambda ngo: reverse("admin:ngos_ngo_move", args=[ngo.pk, "suspend"]),
        grow_ngo,
        NGOFactory,
        who="superuser",
    ),
    admin_change(
        "representative",
        "ngos.representative",
        lambda rep, n: grow_ngo(rep.ngo, n),
        RepresentativeFactory,
        who="superuser",
    ),
    admin_change(
        "user",
        "auth.user",
        lambda user, n: user.groups.set(Group.objects.all()[:n]),
        StaffFactory,
        who="superuser",
    ),
    admin_change(
        "group",
        "auth.group",
        grow_group,
        lambda: Group.objects.get(name=roles.REVIEWERS),
        who="superuser",
    ),
    admin_change(
        "meeting",
        "meetings.meeting",
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    admin_change(
        "approved meeting",
        "meetings.meeting",
        grow_meeting,
        approved_meeting,
        who="superuser",
    ),
    Page(
        "next meeting page",
        lambda m: reverse("admin:meetings_meeting_start_next", args=[m.pk]),
        grow_meeting,
        approved_meeting,
        who="superuser",
    ),
    Page(
        "action item move page",
        lambda item: reverse(
            "admin:meetings_actionitem_move", args=[item.pk, "mark_done"]
        ),
        lambda item, n: grow_meeting(item.meeting, n),
        lambda: ActionItem.objects.get(pk=DecisionFactory().pk),
        who="superuser",
    ),
    Page(
        "meeting move page",
        lambda m: reverse("admin:meetings_meeting_move", args=[m.pk, "approve"]),
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    admin_change(
        "action item",
        "meetings.actionitem",
        lambda decision, n: grow_meeting(decision.meeting, n),
        lambda: ActionItem.objects.get(pk=DecisionFactory().pk),
        who="superuser",
    ),
    admin_change(
        "proposal",
        "proposals.proposal",
        grow_proposal,
        sent,
        who="superuser",
    ),
    Page(
        "proposal print",
        lambda p: reverse("admin:proposals_proposal_print", args=[p.pk]),
        grow_proposal,
        sent,
        who="superuser",
    ),
    Page(
        "proposal score sheet",
        lambda p: reverse("admin:proposals_proposal_score", args=[p.pk]),
        grow_proposal,
        sent,
        who="superuser",
    ),
    Page(
        "proposal action page",
        lambda p: reverse("admin:proposals_proposal_act", args=[p.pk, "approve"]),
        grow_proposal,
        sent,
        who="superuser",
    ),
    admin_change(
        "conflict of interest",
        "proposals.conflictofinterest",
        lambda s, n: None,
        lambda: ConflictOfInterest.objects.create(
            proposal=sent(), reviewer=StaffFactory()
        ),
        who="superuser",
    ),
    admin_change(
        "attachment",
        "proposals.attachment",
        lambda s, n: None,
        lambda: add_proposals(1)[0].attachments.get(),
        who="superuser",
    ),
    # Exports of the lists.
    Page(
        "ngo export csv (admin)",
        fixed(reverse("admin:ngos_ngo_export", args=["csv"])),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    Page(
        "ngo export xlsx (admin)",
        fixed(reverse("admin:ngos_ngo_export", args=["xlsx"])),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    Page(
        "proposal export csv",
        fixed(reverse("admin:proposals_proposal_export", args=["csv"])),
        lambda s, n: add_proposals(n, status=Status.APPROVED),
        who="superuser",
    ),
    Page(
        "proposal export xlsx",
        fixed(reverse("admin:proposals_proposal_export", args=["xlsx"])),
        lambda s, n: add_proposals(n, status=Status.APPROVED),
        who="superuser",
    ),
]

PAGES = PUBLIC_PAGES + REPRESENTATIVE_PAGES + ADMIN_PAGES


def test_every_admin_list_and_change_page_is_measured():
    """A model registered in the admin later gets its pages measured too."""
    from django.contrib import admin

    registered = {
        (model._meta.label_lower, view)
        for model in admin.site._registry
        for view in ("changelist", "change")
    }
    assert registered <= {page.covers for page in ADMIN_PAGES}


def rows_shown(response):
    """How many rows a list page shows, or ``None`` for other pages."""
    context = response.context or {}
    if "cl" in context:
        return len(context["cl"].result_list)
    if context.get("page_obj") is not None:
        return len(context["page_obj"].object_list)
    return None


def repeated(queries):
    """The queries run more than once, shortened: where an N+1 hides."""
    shapes = Counter(re.sub(r"\d+", "#", q["sql"])[:200] for q in queries)
    return "\n".join(f"{n} x {sql}" for sql, n in shapes.items() if n > 1)


@pytest.fixture
def signed_in(request, client):
    def sign_in(who):
        if who is not None:
            client.force_login(request.getfixturevalue(who))
        return client

    return sign_in


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_rows(
    page, signed_in, rep_a, superuser, count_queries
):
    client = signed_in(page.who)
    subject = page.setup()
    page.grow(subject, FEW)
    url = page.url(subject)
    client.get(url)  # warms per-process caches: content types, the site...

    def measure():
        cache.clear()
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == page.status, url
        queries.rows = rows_shown(response)
        return queries

    few = measure()
    page.grow(subject, MANY - FEW)
    many = measure()
    if page.fixed_rows:
        assert many.rows == few.rows
    elif few.rows is not None:
        assert many.rows > few.rows, "the list should show the rows added"
    assert len(many) == len(few), repeated(many)
    assert len(many) <= CEILINGS[page.name]

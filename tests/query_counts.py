"""Every page runs as many queries with many rows as with few.

Each page is rendered twice: once when what it shows has a couple of rows,
once when it has many (each with its own related rows: focus areas,
representatives, statements, score sheets, events, attachments...). The
number of queries must be the same, and must not pass the page's ceiling,
so that a query added to every request is noticed too.

Each app's ``tests/<app>/test_query_counts.py`` lists its pages, with their
ceilings, and measures them with :func:`check_query_count`. Pages are built
from scenes: ``setup()`` makes the page's subject and returns it,
``grow(subject, n)`` adds ``n`` rows of what the page lists, and
``url(subject)`` says where the page is. The rows below are shared by the
apps' scenes.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core import roles
from meetings.models import Meeting, MeetingEvent
from ngos.models import NGO, FocusArea, NGOStatusChange
from proposals.models import (
    Attachment,
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ReviewAssignment,
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
    make_sheet,
)
from tests.proposals import files

FEW = 2
MANY = 20


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
        ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, assigned_by=reviewer
        )
        make_sheet(
            proposal,
            reviewer,
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


# Measuring --------------------------------------------------------------------


def unmeasured_admin_pages(pages, app_labels) -> set[tuple[str, str]]:
    """The admin list and change pages of the models of ``app_labels`` that
    none of ``pages`` measures."""
    registered = {
        (model._meta.label_lower, view)
        for model in admin.site._registry
        if model._meta.app_label in app_labels
        for view in ("changelist", "change")
    }
    return registered - {page.covers for page in pages}


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


def check_query_count(page, client, count_queries, ceiling):
    """Render ``page`` with :data:`FEW` rows, then :data:`MANY`: the number of
    queries must be the same, and at most ``ceiling``."""
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
    # Never more; fewer where the rows added fill a page sooner (a search's
    # first rank of matches, core.pagination.TieredPaginator).
    assert len(many) <= len(few), repeated(many)
    assert len(many) <= ceiling, len(many)

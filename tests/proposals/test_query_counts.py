"""Query counts of the proposals' pages (the supported list, an NGO's own
proposals and forms) and of the admin's review pages: as many queries with
many rows as with few (see :mod:`tests.query_counts`).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ngos.models import FocusArea, Province
from proposals.models import CallEvent, ConflictOfInterest, Proposal, Status
from tests.factories import CallFactory, ProposalFactory, StaffFactory
from tests.query_counts import (
    Page,
    add_proposal_parts,
    add_proposals,
    admin_change,
    admin_list,
    check_query_count,
    fixed,
    rep_ngo,
    sent,
    unmeasured_admin_pages,
)

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the number of rows: today's
# count, rounded up a little. Raise one only with a reason.
CEILINGS = {
    "supported proposals": 8,
    "calls": 8,
    "call page": 8,
    "calls for proposals": 8,
    "call for proposals": 14,
    "supported proposals, filtered": 8,
    "own proposals": 10,
    "own proposals, filtered": 10,
    "proposal page": 11,
    # +1 with calls: the open calls, their focus areas and provinces, the
    # NGO's, which the form reads to offer only the calls it may answer.
    "proposal edit form": 13,
    "proposal submit confirmation": 8,
    "proposal withdraw confirmation": 8,
    "new proposal form": 16,  # +7 with calls: the open calls, their focus areas and provinces, the NGO's, the standing call, the choices
    "proposals": 11,
    "proposals, filtered": 11,
    "conflicts of interest": 7,
    "attachments": 7,
    # +3 with rubrics: each sheet's scores and their criteria (one query
    # each, prefetched), the call's criteria in the score sheets' inline.
    # +1 with decision letters: the proposal's letters and their corrections.
    "proposal": 18,
    # +3 with rubrics: the call's criteria, the sheets' scores, their criteria.
    "proposal print": 14,
    "proposal score sheet": 8,
    # The revisions, and the current names of the call, provinces and
    # focus areas they mention (one query each).
    "proposal changes": 9,
    # 8 with rubrics (was 7): the decision's scores per criterion; 9 with
    # the meeting decisions an approval may name.
    "proposal move page": 9,
    "proposal comment page": 7,
    "proposal assign page": 8,
    "proposal conflict page": 7,
    "conflict of interest": 8,
    "attachment": 8,
    "proposal export csv": 16,
    "proposal export xlsx": 16,
}


def rep_proposal():
    """A proposal of rep_a's NGO sent back for changes: editable, with history."""
    return sent(ngo=rep_ngo(), status=Status.CHANGES_REQUESTED)


def grow_proposal(proposal, n):
    add_proposal_parts(proposal, n)
    proposal.provinces.set(Province.objects.all()[: 2 + n])
    proposal.focus_areas.set(FocusArea.objects.all()[: 1 + n // 4])


def add_calls(n):
    """``n`` calls of each kind: open, upcoming, and closed with proposals."""
    now = timezone.now()
    for _index in range(n):
        CallFactory(focus_areas=["economic-empowerment"], provinces=["IR-23"])
        CallFactory(
            opens_at=now + datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=30),
        )
        closed = CallFactory(
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=30),
        )
        ProposalFactory(call=closed)


def closed_call():
    now = timezone.now()
    return CallFactory(
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )


def grow_call(call, n):
    call.focus_areas.set(FocusArea.objects.all()[: 1 + n // 4])
    call.provinces.set(Province.objects.all()[: 2 + n])
    for _index in range(n):
        Proposal.objects.filter(pk=sent(status=Status.APPROVED).pk).update(call=call)


def add_call_events(call, n):
    actor = StaffFactory()
    CallEvent.objects.bulk_create(
        CallEvent(call=call, actor=actor, changes="—", reason="دلیل") for _ in range(n)
    )


PUBLIC_PAGES = [
    Page("calls", fixed("/calls/"), lambda s, n: add_calls(n)),
    Page(
        "call page",
        lambda call: reverse("calls:detail", args=[call.pk]),
        grow_call,
        closed_call,
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
]


def add_revisions(proposal, n):
    """``n`` more submissions, each with another text, its provinces and
    focus areas, and one more file than the last."""
    from proposals import revisions, services
    from tests.factories import ProposalRevisionFactory

    content = revisions.snapshot(proposal, services.CONTENT_FIELDS)
    start = proposal.revisions.count()
    for number in range(start + 1, start + n + 1):
        ProposalRevisionFactory(
            proposal=proposal,
            number=number,
            content={**content, "summary": f"{content['summary']} {number}"},
            attachments=[
                {
                    "id": i,
                    "name": f"{i}.pdf",
                    "size": 1000 * i,
                    "sha256": "0" * 64,
                    "content_type": "application/pdf",
                }
                for i in range(number)
            ],
        )


ADMIN_PAGES = [
    admin_list(
        "calls for proposals",
        "proposals.call",
        lambda s, n: add_calls(n),
        who="superuser",
    ),
    admin_change(
        "call for proposals",
        "proposals.call",
        add_call_events,
        CallFactory,
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
        "proposal changes",
        lambda p: reverse("admin:proposals_proposal_changes", args=[p.pk]),
        add_revisions,
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
        "proposal move page",
        lambda p: reverse("admin:proposals_proposal_move", args=[p.pk, "approve"]),
        grow_proposal,
        sent,
        who="superuser",
    ),
    *(
        Page(
            f"proposal {name} page",
            lambda p, name=name: reverse(
                f"admin:proposals_proposal_{name}", args=[p.pk]
            ),
            grow_proposal,
            sent,
            who="superuser",
        )
        for name in ("comment", "assign", "conflict")
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
    assert unmeasured_admin_pages(ADMIN_PAGES, {"proposals"}) == set()


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_rows(page, signed_in, count_queries):
    check_query_count(page, signed_in(page.who), count_queries, CEILINGS[page.name])

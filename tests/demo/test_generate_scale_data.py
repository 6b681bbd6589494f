"""``generate_scale_data`` at a small size: what the benchmark relies on."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from delivery.models import Plan
from delivery.workflow import MilestoneStatus, PlanStatus
from demo.scale import Generator
from meetings.models import Meeting
from ngos.models import NGO, Representative
from ngos.validators import (
    validate_legal_national_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
)
from proposals.models import Proposal, ProposalEvent, ScoreSheet
from proposals.workflow import DECIDED_STATUSES, PROPOSAL_MOVES, Status

SIZES = {"ngos": 30, "proposals": 200, "meetings": 5}


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_scale_data", **SIZES, batch_size=40, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    """One run for the whole module, rolled back at its end: each test's own
    transaction nests inside, so what one test writes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate()
        transaction.set_rollback(True)


def test_counts_are_the_sizes_asked_for(db, output):
    assert NGO.objects.count() == 30
    assert Proposal.objects.count() == 200
    assert Meeting.objects.count() == 5
    assert "proposals.Proposal" in output
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Status.values)


def test_identifiers_pass_the_validators(db, output):
    for ngo in NGO.objects.all():
        validate_legal_national_id(ngo.national_id)
        validate_postal_code(ngo.postal_code)
        validate_phone(ngo.phone)
    for representative in Representative.objects.all():
        validate_national_code(representative.national_code)
        validate_mobile(representative.mobile)
    assert NGO.objects.values("province").distinct().count() == 30


def test_history_leads_to_each_proposals_status_in_date_order(db, output):
    events = ProposalEvent.objects.order_by("at", "pk")
    for proposal in Proposal.objects.prefetch_related("events"):
        history = sorted(proposal.events.all(), key=lambda event: (event.at, event.pk))
        # A draft has no history yet: the first entry is its submission or
        # withdrawal, as on the site.
        assert bool(history) == (proposal.status != Status.DRAFT)
        status, moment = Status.DRAFT, proposal.created_at
        for event in history:
            assert event.at >= moment
            moment = event.at
            if event.kind == ProposalEvent.Kind.STATUS:
                assert PROPOSAL_MOVES.find(event.from_status, event.to_status)
                assert event.from_status == status
                status = event.to_status
        assert status == proposal.status
        if proposal.submitted_at:
            assert proposal.created_at <= proposal.submitted_at
            assert proposal.reference is not None
        if proposal.status in DECIDED_STATUSES:
            assert proposal.submitted_at <= proposal.decided_at
    assert events.exists()


def test_decided_proposals_have_score_sheets(db, output):
    decided = Proposal.objects.filter(status__in=DECIDED_STATUSES)
    assert decided.exists()
    assert not decided.filter(score_sheets__isnull=True).exists()
    assert (
        ScoreSheet.objects.exclude(
            proposal__status__in=[Status.UNDER_REVIEW, *DECIDED_STATUSES]
        ).count()
        == 0
    )


def test_search_keys_are_what_save_stores(db, output):
    ngo = NGO.objects.order_by("-pk").first()
    proposal = Proposal.objects.exclude(reference=None).order_by("-pk").first()
    keys = (ngo.search_key, ngo.sort_name, proposal.search_key)
    ngo.save()
    proposal.save()
    ngo.refresh_from_db()
    proposal.refresh_from_db()
    assert keys == (ngo.search_key, ngo.sort_name, proposal.search_key)
    for meeting in Meeting.objects.all():
        # Approved minutes refuse save(); the key is what save() would store.
        assert meeting.search_key == meeting.build_search_key()


def test_directory_and_admin_search_find_generated_records(
    db, output, client, superuser
):
    ngo = NGO.objects.public().order_by("-pk").first()
    response = client.get(reverse("ngos:list"), {"q": ngo.name})
    assert ngo in response.context["paginator"].object_list
    proposal = Proposal.objects.exclude(reference=None).first()
    assert proposal in Proposal.objects.search(proposal.title)
    assert list(Proposal.objects.search(proposal.reference)) == [proposal]
    client.force_login(superuser)
    response = client.get(
        reverse("admin:proposals_proposal_changelist"), {"q": proposal.reference}
    )
    assert list(response.context["cl"].result_list) == [proposal]


def test_benchmark_records_exist_and_are_printed(db, output):
    first = NGO.objects.order_by("pk").first()
    representative = first.representatives.get()
    assert first.status == NGO.Status.VERIFIED
    assert representative.approved_at is not None
    assert first.proposals.count() >= 60
    assert set(first.proposals.values_list("status", flat=True)) == set(Status.values)
    # The other meetings have a dozen statements at most.
    meeting = (
        Meeting.objects.with_public_minutes()
        .annotate(statement_count=Count("statements"))
        .get(statement_count=50)
    )
    assert f"id {first.pk}" in output
    assert representative.user.username in output
    assert f"id {meeting.pk}" in output


def test_most_approved_proposals_have_a_plan_with_milestones(db, output, client):
    approved = Proposal.objects.filter(status=Status.APPROVED)
    plans = Plan.objects.all()
    assert 0.6 * approved.count() <= plans.count() < approved.count()
    assert set(plans.values_list("proposal__status", flat=True)) == {Status.APPROVED}
    for plan in plans.select_related("proposal").prefetch_related("milestones"):
        milestones = list(plan.milestones.all())
        assert 2 <= len(milestones) <= 6
        assert all(m.due_date > plan.proposal.decided_at.date() for m in milestones)
        if plan.status == PlanStatus.COMPLETED:
            assert {m.status for m in milestones} == {MilestoneStatus.DONE}
        if plan.status == PlanStatus.DISCONTINUED:
            assert plan.closing_reason
    assert "<progress" in client.get(reverse("proposals:supported")).content.decode()


def test_a_second_run_with_another_seed_adds_to_the_first(db, output):
    generate(seed=7)
    assert NGO.objects.count() == 60
    assert Proposal.objects.count() == 400
    assert Meeting.objects.count() == 10
    references = list(Proposal.objects.exclude(reference=None).values_list("reference"))
    assert len(references) == len(set(references))


def test_nothing_reaches_the_audit_trail(db, caplog):
    with caplog.at_level(logging.INFO, logger="workgroup.audit"):
        call_command(
            "generate_scale_data",
            ngos=3,
            proposals=20,
            meetings=1,
            stdout=io.StringIO(),
        )
    assert [r for r in caplog.records if r.name == "workgroup.audit"] == []


def spread_of_proposals(now) -> list[int]:
    """How many proposals each NGO sends, in the order the NGOs were made,
    from a run on ``now`` (rolled back)."""
    before = NGO.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    with transaction.atomic():
        Generator(seed=1396, batch_size=200, now=now).run(
            ngos=100, proposals=1000, meetings=10
        )
        spread = list(
            NGO.objects.filter(pk__gt=before)
            .annotate(sent=Count("proposals"))
            .order_by("pk")
            .values_list("sent", flat=True)
        )
        transaction.set_rollback(True)
    return spread


def test_the_same_seed_spreads_proposals_the_same_the_next_day(db):
    """Each phase draws from a generator of its own, and every verified NGO
    has its weight: the meetings draw more or fewer numbers by the day (an
    action item due before or after it), and an NGO more or fewer may
    propose, and with one generator the proposals that followed landed on
    other NGOs (the bench's busiest NGO had 1,741 proposals one day, 9,101
    another)."""
    now = timezone.now()
    first = spread_of_proposals(now)
    assert first == spread_of_proposals(now + datetime.timedelta(days=1, hours=1))
    assert sum(first) == 1000

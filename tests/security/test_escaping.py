"""Script payloads typed into every free-text field come out inert:
escaped on public pages and in the admin, neutralised in exports, and as
plain text (never HTML) in e-mails."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from core import opendata
from meetings.services import minutes_change_status
from ngos.services import change_ngo_status
from proposals import services
from proposals.models import Status
from tests.factories import (
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

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'
ATTR = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil","x")'
PAYLOAD = f"{XSS}{ATTR}"


def assert_inert(html):
    assert XSS not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in html


@pytest.fixture
def hostile_world(
    registry_officer, reviewer, secretary, django_capture_on_commit_callbacks
):
    ngo = NGOFactory(
        name=f"سازمان {PAYLOAD}",
        name_en=PAYLOAD,
        city=PAYLOAD,
        address=PAYLOAD,
        description=PAYLOAD,
        status="pending",
    )
    rep = RepresentativeFactory(
        ngo=ngo,
        approved_at=None,
        user__first_name=PAYLOAD,
        user__last_name=PAYLOAD,
        user__email="rep@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_ngo_status(
            ngo=ngo,
            to_status="verified",
            actor=registry_officer,
            basis="licence",
            evidence=PAYLOAD,
        )
    proposal = ProposalFactory(
        ngo=ngo,
        created_by=rep.user,
        title=f"{FORMULA}{PAYLOAD}",
        summary=PAYLOAD,
        problem=PAYLOAD,
        solution=PAYLOAD,
        executive_plan=PAYLOAD,
        target_group=PAYLOAD,
        co_funding_source=PAYLOAD,
    )
    meeting = MeetingFactory(
        title=f"جلسه {PAYLOAD}", summary=PAYLOAD, place=PAYLOAD, organiser=PAYLOAD
    )
    item = AgendaItemFactory(meeting=meeting, title=PAYLOAD, description=PAYLOAD)
    speaker = ParticipantFactory(
        meeting=meeting, name=PAYLOAD, position=PAYLOAD, affiliation=PAYLOAD
    )
    StatementFactory(meeting=meeting, agenda_item=item, speaker=speaker, text=PAYLOAD)
    DecisionFactory(
        meeting=meeting, text=PAYLOAD, responsible_body=PAYLOAD, responsible_ngo=None
    )
    minutes_change_status(meeting=meeting, to_status="approved", actor=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            proposal=proposal, to_status=Status.SUBMITTED, actor=rep.user
        )
        services.transition(
            proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
        )
        for _ in range(proposal.call.min_score_sheets):
            make_sheet(proposal, StaffFactory(), comment=PAYLOAD)
        services.transition(
            proposal=proposal,
            to_status=Status.APPROVED,
            actor=reviewer,
            comment=PAYLOAD,
        )
    proposal.presented_at_meeting = meeting
    proposal.save()
    return {"ngo": ngo, "proposal": proposal, "meeting": meeting, "rep": rep}


def test_public_pages_escape_everything(client, hostile_world):
    ngo, meeting = hostile_world["ngo"], hostile_world["meeting"]
    for url in [
        reverse("ngos:list"),
        reverse("ngos:list") + "?q=" + "script",
        ngo.get_absolute_url(),
        reverse("proposals:supported"),
        reverse("meetings:list"),
        meeting.get_absolute_url(),
        reverse("home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())


def test_feed_and_calendar_escape_or_carry_text_only(client, hostile_world):
    feed = client.get(reverse("meetings:feed")).content.decode()
    assert XSS not in feed
    ics = client.get(reverse("meetings:calendar", args=[hostile_world["meeting"].pk]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_representative_pages_escape_everything(client, hostile_world):
    client.force_login(hostile_world["rep"].user)
    for url in [
        reverse("proposals:list"),
        hostile_world["proposal"].get_absolute_url(),
        reverse("ngos:application"),
    ]:
        assert_inert(client.get(url).content.decode())


def test_admin_pages_escape_everything(client, superuser, hostile_world):
    client.force_login(superuser)
    ngo, proposal, meeting = (
        hostile_world["ngo"],
        hostile_world["proposal"],
        hostile_world["meeting"],
    )
    for url in [
        reverse("admin:ngos_ngo_changelist"),
        reverse("admin:ngos_ngo_change", args=[ngo.pk]),
        reverse("admin:proposals_proposal_changelist"),
        reverse("admin:proposals_proposal_change", args=[proposal.pk]),
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert XSS not in html, url
        assert "<img src=x onerror" not in html, url


def test_exports_neutralise_formulas(client, superuser, hostile_world):
    client.force_login(superuser)
    csv_text = client.get(
        reverse("admin:proposals_proposal_export", args=["csv"])
    ).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.startswith("=") for cell in cells)
    workbook = load_workbook(
        io.BytesIO(
            client.get(
                reverse("admin:proposals_proposal_export", args=["xlsx"])
            ).content
        )
    )
    values = [
        c.value
        for row in workbook.active.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not any(value.startswith(("=", "+", "-", "@")) for value in values)
    assert any(value.startswith("'=HYPERLINK") for value in values)
    client.logout()
    for dataset in opendata.datasets():
        response = client.get(reverse("data_csv", args=[dataset.slug]))
        open_data = b"".join(response.streaming_content).decode("utf-8-sig")
        assert not any(
            cell.startswith(("=", "+", "-", "@"))
            for row in csv.reader(io.StringIO(open_data))
            for cell in row
        ), dataset.slug


def test_emails_are_plain_text_only(hostile_world):
    assert mail.outbox, "the status changes should have sent mail"
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])

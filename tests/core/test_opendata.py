"""Open data (``/data/``): every dataset's columns, CSV and JSON shape, and
that nothing private ever reaches a file."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from core import opendata
from meetings.models import Meeting
from proposals.models import Proposal, ProposalEvent, Status
from tests.factories import (
    TEHRAN,
    CallFactory,
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ParticipantFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    StatementFactory,
)
from tests.query_counts import approve

pytestmark = pytest.mark.django_db

COLUMNS = {
    "ngos": [
        "id",
        "name",
        "name_en",
        "national_id",
        "registration_number",
        "registration_date",
        "licensing_authority",
        "founding_year",
        "province",
        "province_name",
        "city",
        "address",
        "postal_code",
        "phone",
        "email",
        "website",
        "description",
        "focus_areas",
        "provinces_served",
        "households_served",
        "verified_at",
        "url",
    ],
    "calls": [
        "id",
        "title",
        "title_en",
        "description",
        "description_en",
        "focus_areas",
        "provinces",
        "opens_at",
        "closes_at",
        "ceiling_rials",
        "envelope_rials",
        "only_matching_focus_areas",
        "only_matching_provinces",
        "is_standing",
        "supported",
        "url",
    ],
    "meetings": [
        "id",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "organiser",
        "summary",
        "status",
        "minutes_approved_at",
        "focus_areas",
        "decisions",
        "action_items",
        "url",
    ],
    "decisions": ["id", "meeting_id", "meeting_date", "order", "text", "url"],
    "action-items": [
        "id",
        "meeting_id",
        "meeting_date",
        "text",
        "responsible_ngo_id",
        "responsible",
        "due_on",
        "status",
        "done_on",
        "url",
    ],
    "supported-plans": [
        "reference",
        "title",
        "ngo_id",
        "ngo_name",
        "call_id",
        "call_title",
        "provinces",
        "focus_areas",
        "budget_requested_rials",
        "decided_at",
        "approved_in_decision_id",
        "approved_in_meeting_id",
        "url",
    ],
}
SLUGS = list(COLUMNS)


def read_csv(client, slug):
    response = client.get(reverse("data_csv", args=[slug]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return response, rows


def read_json(client, slug):
    response = client.get(reverse("data_json", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def everything_published(client, slug) -> str:
    """The CSV and JSON of a dataset, as one text to search."""
    _response, rows = read_csv(client, slug)
    return json.dumps(rows, ensure_ascii=False) + json.dumps(
        read_json(client, slug), ensure_ascii=False
    )


@pytest.fixture
def world():
    """Something public and something private of every kind."""
    public_ngo = NGOFactory(name="سازمان عمومی", focus_areas=["1"])
    representative = RepresentativeFactory(ngo=public_ngo, mobile="09127776655")
    NGOFactory(name="سازمان در انتظار", status="pending")
    call = CallFactory(title="فراخوان عمومی", provinces=["IR-23"])
    supported = ProposalFactory(
        ngo=public_ngo,
        call=call,
        title="طرح حمایت‌شده",
        created_by=representative.user,
        provinces=["IR-23", "IR-01"],
    )
    ProposalFactory(ngo=public_ngo, title="پیش‌نویس پنهان")
    ProposalFactory(ngo=public_ngo, title="طرح ردشده", status=Status.REJECTED)
    supported.__class__.objects.filter(pk=supported.pk).update(
        status=Status.APPROVED,
        reference="1405-00007",
        submitted_at=timezone.now(),
        decided_at=datetime.datetime(2026, 5, 2, 9, 30, tzinfo=TEHRAN),
    )
    ProposalEvent.objects.create(
        proposal=supported,
        kind=ProposalEvent.Kind.STATUS,
        from_status=Status.UNDER_REVIEW,
        to_status=Status.APPROVED,
        actor=StaffFactory(),
        visibility=ProposalEvent.Visibility.INTERNAL,
        comment="یادداشت درونی محرمانه",
    )
    held = MeetingFactory(title="جلسه با صورتجلسه تأییدشده")
    decision = DecisionFactory(meeting=held, kind="decision", text="تصمیم عمومی")
    supported.__class__.objects.filter(pk=supported.pk).update(approved_in=decision)
    DecisionFactory(
        meeting=held,
        text="اقدام عمومی",
        responsible_body="",
        responsible_ngo=public_ngo,
    )
    ParticipantFactory(meeting=held, name="نام شرکت‌کننده")
    StatementFactory(meeting=held, text="سخنی در جلسه")
    approve(held)
    draft = MeetingFactory(title="جلسه با پیش‌نویس صورتجلسه")
    DecisionFactory(meeting=draft, kind="decision", text="تصمیم پیش‌نویس")
    DecisionFactory(meeting=draft, text="اقدام پیش‌نویس")
    MeetingFactory(
        title="جلسه آینده",
        status="scheduled",
        starts_at=datetime.datetime(2030, 1, 5, 9, tzinfo=TEHRAN),
    )
    return {
        "ngo": public_ngo,
        "representative": representative,
        "call": call,
        "supported": supported,
        "held": held,
        "decision": decision,
        "draft": draft,
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_each_dataset_has_its_columns_in_csv_json_and_dictionary(client, world, slug):
    response, rows = read_csv(client, slug)
    assert rows[0] == COLUMNS[slug]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Row-Count"] == str(len(rows) - 1)
    assert "X-Generated-At" in response
    data = read_json(client, slug)
    assert [field["name"] for field in data["fields"]] == COLUMNS[slug]
    assert all(
        set(field["description"]) == {"fa", "en"} and field["description"]["en"]
        for field in data["fields"]
    )
    assert data["count"] == len(data["results"]) == len(rows) - 1
    assert all(list(row) == COLUMNS[slug] for row in data["results"])
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["dictionary_url"].endswith(f"/data/{slug}/")
    assert datetime.datetime.fromisoformat(data["generated_at"])
    html = client.get(reverse("dataset", args=[slug])).content.decode()
    for name in COLUMNS[slug]:
        assert f"<code>{name}</code>" in html


def test_a_plan_approved_in_draft_minutes_names_no_decision(client, world):
    hidden = world["draft"].decisions.get(kind="decision")
    Proposal.objects.filter(pk=world["supported"].pk).update(approved_in=hidden)
    (plan,) = read_json(client, "supported-plans")["results"]
    assert plan["approved_in_decision_id"] is None
    assert plan["approved_in_meeting_id"] is None
    _, rows = read_csv(client, "supported-plans")
    assert str(hidden.pk) not in rows[1]


def test_only_public_rows_are_published(client, world):
    assert [r["name"] for r in read_json(client, "ngos")["results"]] == ["سازمان عمومی"]
    plans = read_json(client, "supported-plans")["results"]
    assert plans == [
        {
            "reference": "1405-00007",
            "title": "طرح حمایت‌شده",
            "ngo_id": world["ngo"].pk,
            "ngo_name": "سازمان عمومی",
            "call_id": world["call"].pk,
            "call_title": "فراخوان عمومی",
            "provinces": ["IR-01", "IR-23"],
            "focus_areas": ["economic-empowerment"],
            "budget_requested_rials": 1_500_000_000,
            "decided_at": "2026-05-02T09:30:00+03:30",
            "approved_in_decision_id": world["decision"].pk,
            "approved_in_meeting_id": world["held"].pk,
            "url": f"/proposals/supported/{world['supported'].pk}/",
        }
    ]
    meetings = read_json(client, "meetings")["results"]
    assert [m["title"] for m in meetings] == [
        "جلسه با صورتجلسه تأییدشده",
        "جلسه آینده",
    ]
    assert meetings[0]["decisions"] == 1
    assert meetings[0]["action_items"] == 1
    assert meetings[1]["minutes_approved_at"] == ""
    assert [d["text"] for d in read_json(client, "decisions")["results"]] == [
        "تصمیم عمومی"
    ]
    items = read_json(client, "action-items")["results"]
    assert [(i["text"], i["responsible"]) for i in items] == [
        ("اقدام عمومی", "سازمان عمومی")
    ]
    calls = {c["title"]: c for c in read_json(client, "calls")["results"]}
    assert calls["فراخوان عمومی"]["supported"] == 1
    assert calls["فراخوان عمومی"]["provinces"] == ["IR-23"]


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_private_is_published(client, world, slug):
    published = everything_published(client, slug)
    for secret in (
        "پیش‌نویس پنهان",
        "طرح ردشده",
        "سازمان در انتظار",
        "یادداشت درونی محرمانه",
        "جلسه با پیش‌نویس صورتجلسه",
        "تصمیم پیش‌نویس",
        "اقدام پیش‌نویس",
        "نام شرکت‌کننده",
        "سخنی در جلسه",
        "09127776655",
        world["representative"].user.email,
        world["representative"].national_code,
        "آموزش مهارت و اشتغال خانگی",  # a proposal's summary
    ):
        assert secret not in published, (slug, secret)


def test_csv_neutralises_formulas_and_joins_lists(client):
    NGOFactory(
        name='=HYPERLINK("http://evil")',
        city="+989121234567",
        description="@SUM(A1)",
        focus_areas=["1", "3"],
    )
    _response, rows = read_csv(client, "ngos")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["city"] == "'+989121234567"
    assert row["description"] == "'@SUM(A1)"
    assert row["focus_areas"] == "economic-empowerment|education"
    result = read_json(client, "ngos")["results"][0]
    assert result["name"] == '=HYPERLINK("http://evil")'
    assert result["focus_areas"] == ["economic-empowerment", "education"]


def test_a_long_dataset_is_streamed_in_chunks(client, monkeypatch):
    monkeypatch.setattr(opendata, "CHUNK_ROWS", 2)
    for _ in range(5):
        NGOFactory()
    response = client.get(reverse("data_csv", args=["ngos"]))
    assert response.streaming
    assert len(list(response.streaming_content)) == 3
    response = client.get(reverse("data_json", args=["ngos"]))
    chunks = list(response.streaming_content)
    assert len(chunks) == 4
    assert json.loads(b"".join(chunks))["count"] == 5


def test_unknown_dataset_answers_404(client):
    for name in ("data_csv", "data_json", "dataset"):
        assert client.get(reverse(name, args=["secrets"])).status_code == 404


def test_data_page_lists_every_dataset_with_rows_and_licence(client, world):
    html = client.get(reverse("data")).content.decode()
    for slug in SLUGS:
        assert reverse("data_csv", args=[slug]) in html
        assert reverse("data_json", args=[slug]) in html
        assert reverse("dataset", args=[slug]) in html
    assert "CC BY 4.0" in html
    assert 'lang="fa"' in html and 'lang="en"' in html
    assert "Creative Commons Attribution 4.0 International" in html
    english = client.get("/en/data/").content.decode()
    # One of the world's two NGOs is verified.
    assert '<tr id="ngos">' in english
    ngos_row = english.split('<tr id="ngos">')[1].split("</tr>")[0]
    assert '<td data-label="rows">1</td>' in ngos_row


def test_the_footer_links_to_open_data(client):
    html = client.get(reverse("about")).content.decode()
    assert f'href="{reverse("data")}"' in html


def test_old_ngo_addresses_move_to_data(client):
    for old, new in (
        ("ngos:export_csv", reverse("data_csv", args=["ngos"])),
        ("ngos:export_json", reverse("data_json", args=["ngos"])),
        ("ngos:data_dictionary", reverse("dataset", args=["ngos"])),
    ):
        response = client.get(reverse(old))
        assert (response.status_code, response["Location"]) == (301, new)


def _queries_of_download(client, url, count_queries):
    with count_queries() as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


def _grow(n):
    for _ in range(n):
        ngo = NGOFactory(focus_areas=["1", "2"], provinces_served=["IR-01"])
        RepresentativeFactory(ngo=ngo)
        call = CallFactory(provinces=["IR-01", "IR-23"], focus_areas=["1"])
        plan = ProposalFactory(ngo=ngo, call=call, provinces=["IR-01", "IR-23"])
        plan.__class__.objects.filter(pk=plan.pk).update(
            status=Status.APPROVED, submitted_at=timezone.now()
        )
        meeting = MeetingFactory(focus_areas=[])
        DecisionFactory(meeting=meeting, kind="decision")
        DecisionFactory(meeting=meeting, responsible_body="", responsible_ngo=ngo)
        approve(meeting)
    assert Meeting.objects.public().count() >= n


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_downloads_run_as_many_queries_with_many_rows(
    client, count_queries, slug, extension
):
    url = reverse(f"data_{extension}", args=[slug])
    _grow(2)
    client.get(url)
    few = _queries_of_download(client, url, count_queries)
    _grow(18)
    many = _queries_of_download(client, url, count_queries)
    assert few == many
    assert many <= 6


def test_data_pages_run_as_many_queries_with_many_rows(client, count_queries):
    from django.core.cache import cache

    _grow(2)
    counts = []
    for n in (0, 18):
        _grow(n)
        cache.clear()
        with count_queries() as queries:
            client.get(reverse("data"))
            client.get(reverse("dataset", args=["supported-plans"]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= len(SLUGS) + 4

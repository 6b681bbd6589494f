import pytest
from django.urls import reverse

from delivery import services
from delivery.models import Milestone, Plan, ProgressReport
from delivery.workflow import MilestoneStatus, ReportStatus
from ngos.models import Province
from proposals.models import Status
from tests.delivery.conftest import approved_proposal, milestone_fields, report_fields
from tests.factories import DecisionFactory, MeetingFactory, RepresentativeFactory
from tests.proposals import files
from tests.query_counts import approve

pytestmark = pytest.mark.django_db


def submitted_report(plan, user, **overrides):
    return services.report_submit(
        plan=plan,
        actor=user,
        reach=[
            {
                "province": Province.objects.get(pk="IR-23"),
                "households": 40,
                "children": 65,
            }
        ],
        **report_fields(**overrides),
    )


def test_public_page_shows_agreed_milestones_and_accepted_summaries_only(
    client, plan, rep_a, follower
):
    accepted = services.milestone_add(
        plan=plan, actor=follower, **milestone_fields(title="مرحله پذیرفته")
    )
    services.transition(obj=accepted, to_status=MilestoneStatus.DONE, actor=follower)
    services.milestone_add(
        plan=plan, actor=follower, **milestone_fields(title="مرحله دوم")
    )
    services.milestone_add(
        plan=plan, actor=rep_a, **milestone_fields(title="پیشنهاد پذیرفته‌نشده")
    )
    shown = submitted_report(plan, rep_a, public_summary="خلاصه عمومی پذیرفته")
    services.transition(obj=shown, to_status=ReportStatus.ACCEPTED, actor=follower)
    submitted_report(
        plan, rep_a, public_summary="خلاصه در انتظار", work_done="جزئیات داخلی"
    )
    response = client.get(reverse("delivery:plan", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert [m.title for m in response.context["milestones"]] == [
        "مرحله پذیرفته",
        "مرحله دوم",
    ]
    assert response.context["progress"] == 50
    assert "پیشنهاد پذیرفته‌نشده" not in html
    assert "خلاصه عمومی پذیرفته" in html
    assert "خلاصه در انتظار" not in html
    assert "جزئیات داخلی" not in html
    assert "شش کارگاه برگزار شد" not in html  # what was done is for staff
    assert response.context["households"] == 40
    assert response.context["children"] == 65
    assert (
        '<progress class="plan-progress" id="plan-progress" max="100" value="50">'
        in html
    )
    assert "۱٬۵۰۰٬۰۰۰٬۰۰۰" in html  # the budget requested, labelled so
    assert "بودجه درخواستی" in html


def test_public_page_of_an_approved_proposal_without_a_plan_row(client, rep_a):
    proposal = approved_proposal(rep_a)
    response = client.get(reverse("delivery:plan", args=[proposal.pk]))
    assert response.status_code == 200
    assert response.context["progress"] == 0
    assert not Plan.objects.exists()  # a GET writes nothing


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.REJECTED]
)
def test_public_page_of_a_proposal_not_approved_is_404(client, rep_a, status):
    proposal = approved_proposal(rep_a)
    type(proposal).objects.filter(pk=proposal.pk).update(status=status)
    assert client.get(reverse("delivery:plan", args=[proposal.pk])).status_code == 404


def test_supported_list_links_to_the_plan_with_its_progress(client, plan, follower):
    done = services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    services.transition(obj=done, to_status=MilestoneStatus.DONE, actor=follower)
    response = client.get(reverse("proposals:supported"))
    html = response.content.decode()
    assert f'href="{reverse("delivery:plan", args=[plan.pk])}"' in html
    assert 'value="100"' in html
    # The card's plan status, milestones and share done, in Persian.
    assert "۱ مرحله" in html and "مراحل انجام‌شده" in html and "۱۰۰٪" in html
    assert f'for="progress-{plan.pk}"' in html and f'id="progress-{plan.pk}"' in html


def test_supported_cards_count_agreed_milestones_in_one_query(
    client, plan, rep_a, follower, count_queries
):
    """Each card counts its plan's agreed milestones (not those the NGO has
    only proposed) and the share done; the plans of the whole page are read
    in one query, and a proposal approved before plans existed shows its
    default status without a progress bar."""
    for title in ("یکم", "دوم", "سوم"):
        services.milestone_add(
            plan=plan, actor=follower, **milestone_fields(title=title)
        )
    services.transition(
        obj=plan.milestones.get(title="یکم"),
        to_status=MilestoneStatus.DONE,
        actor=follower,
    )
    services.milestone_add(plan=plan, actor=rep_a, **milestone_fields(title="پیشنهادی"))
    without_plan = approved_proposal(rep_a, reference="1405-00008")
    with count_queries() as queries:
        html = client.get(reverse("proposals:supported")).content.decode()
    assert sum("delivery_" in query["sql"] for query in queries) == 1
    card = html[html.index(f'id="proposal-{plan.pk}"') :]
    card = card[: card.index("</li>")]
    assert "۳ مرحله" in card and "۳۳٪" in card and 'value="33"' in card
    bare = html[html.index(f'id="proposal-{without_plan.pk}"') :]
    bare = bare[: bare.index("</li>")]
    assert "در حال اجرا" in bare and "<progress" not in bare


def test_another_ngos_plan_pages_answer_404(client, plan, rep_b):
    report = submitted_report(plan, plan.proposal.created_by)
    client.force_login(rep_b)
    for url in [
        reverse("delivery:manage", args=[plan.pk]),
        reverse("delivery:milestone_create", args=[plan.pk]),
        reverse("delivery:report_create", args=[plan.pk]),
        reverse("delivery:report", args=[plan.pk, report.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_the_ngo_proposes_a_milestone_with_a_jalali_date(client, plan, rep_a):
    client.force_login(rep_a)
    response = client.post(
        reverse("delivery:milestone_create", args=[plan.pk]),
        {
            "title": "توزیع چرخ خیاطی",
            "due_date": "۱۴۰۶/۰۳/۱۵",
            "deliverable": "رسید",
            "amount": "۲۰۰٬۰۰۰٬۰۰۰",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert str(milestone.due_date) == "2027-06-05"
    assert milestone.amount == 200_000_000
    assert milestone.status == MilestoneStatus.PROPOSED


def test_a_bad_date_keeps_what_was_typed(client, plan, rep_a):
    client.force_login(rep_a)
    response = client.post(
        reverse("delivery:milestone_create", args=[plan.pk]),
        {"title": "توزیع چرخ خیاطی", "due_date": "۱۴۰۰/۱۲/۳۰", "deliverable": "رسید"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "توزیع چرخ خیاطی" in html
    assert "۱۴۰۰/۱۲/۳۰" in html
    assert not Milestone.objects.exists()


def report_post(**overrides):
    data = {
        "period_start": "۱۴۰۵/۰۶/۰۱",
        "period_end": "۱۴۰۵/۰۸/۳۰",
        "work_done": "شش کارگاه",
        "funds_spent": "۲۵۰٬۰۰۰٬۰۰۰",
        "public_summary": "کارگاه‌های خیاطی",
        "reach-TOTAL_FORMS": "2",
        "reach-INITIAL_FORMS": "0",
        "reach-MIN_NUM_FORMS": "0",
        "reach-MAX_NUM_FORMS": "31",
        "reach-0-province": "IR-23",
        "reach-0-households": "۴۰",
        "reach-0-children": "۶۵",
        "reach-1-province": "",
        "reach-1-households": "",
        "reach-1-children": "",
    }
    data.update(overrides)
    return data


def test_the_ngo_sends_a_report_with_households_and_a_file(client, plan, rep_a):
    client.force_login(rep_a)
    data = report_post(files=files.upload("list.pdf", files.PDF))
    response = client.post(reverse("delivery:report_create", args=[plan.pk]), data)
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert [(r.province_id, r.households, r.children) for r in report.reach.all()] == [
        ("IR-23", 40, 65)
    ]
    attachment = report.attachments.get()
    assert attachment.original_name == "list.pdf"
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    download.close()


def test_a_renamed_program_is_refused_and_the_report_kept(client, plan, rep_a):
    client.force_login(rep_a)
    data = report_post(files=files.upload("list.pdf", b"MZ\x90\x00 not a pdf"))
    response = client.post(reverse("delivery:report_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "شش کارگاه" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_households_without_a_province_are_refused(client, plan, rep_a):
    client.force_login(rep_a)
    data = report_post(**{"reach-0-province": ""})
    response = client.post(reverse("delivery:report_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(client, plan, rep_a):
    client.force_login(rep_a)
    data = report_post(period_end="۱۴۰۵/۰۵/۰۱")
    response = client.post(reverse("delivery:report_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors


def test_the_ngo_revises_a_returned_report(client, plan, rep_a, follower):
    report = submitted_report(plan, rep_a)
    services.transition(
        obj=report, to_status=ReportStatus.RETURNED, actor=follower, reason="ناقص"
    )
    client.force_login(rep_a)
    url = reverse("delivery:report", args=[plan.pk, report.pk])
    assert "ناقص" in client.get(url).content.decode()
    response = client.post(
        url, report_post(**{"reach-INITIAL_FORMS": "1", "work_done": "هفت کارگاه"})
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.work_done == "هفت کارگاه"


def test_a_report_awaiting_staff_cannot_be_changed(client, plan, rep_a):
    report = submitted_report(plan, rep_a)
    client.force_login(rep_a)
    url = reverse("delivery:report", args=[plan.pk, report.pk])
    assert client.post(url, report_post()).status_code == 403


def test_the_proposal_page_leads_to_the_plan(client, plan, rep_a):
    client.force_login(rep_a)
    html = client.get(plan.proposal.get_absolute_url()).content.decode()
    assert reverse("delivery:manage", args=[plan.pk]) in html


def test_a_staff_member_who_follows_plans_downloads_a_report_file(
    client, plan, rep_a, follower, reviewer
):
    report = services.report_submit(
        plan=plan,
        actor=rep_a,
        reach=[],
        files=[files.upload("a.pdf", files.PDF)],
        **report_fields(),
    )
    url = report.attachments.get().get_absolute_url()
    # The refusal first: closing a file response ends the request's database
    # connection, as the end of a request does.
    client.force_login(reviewer)
    assert client.get(url).status_code == 404
    client.force_login(follower)
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.PDF
    download.close()


def test_public_page_and_supported_list_query_counts(
    client, count_queries, django_assert_num_queries, follower
):
    def one_plan(n_milestones, n_reports):
        rep = RepresentativeFactory()
        plan = services.plan_for(
            approved_proposal(rep.user, reference=None, provinces=["IR-10", "IR-23"])
        )
        for _ in range(n_milestones):
            services.milestone_add(plan=plan, actor=follower, **milestone_fields())
        for _ in range(n_reports):
            report = services.report_submit(
                plan=plan,
                actor=rep.user,
                reach=[{"province": Province.objects.get(pk="IR-10"), "households": 3}],
                **report_fields(),
            )
            services.transition(
                obj=report, to_status=ReportStatus.ACCEPTED, actor=follower
            )
        return plan

    small = one_plan(1, 1)
    big = one_plan(12, 8)
    with count_queries() as few:
        client.get(reverse("delivery:plan", args=[small.pk]))
    with django_assert_num_queries(len(few)):
        client.get(reverse("delivery:plan", args=[big.pk]))
    assert len(few) <= 8
    client.get(reverse("proposals:supported"))  # fills the filters' cache
    with count_queries() as list_few:
        client.get(reverse("proposals:supported"))
    # Counted now: the connection keeps the last 9,000 queries only, and the
    # plans below push these out of what the capture looks at.
    list_queries = len(list_few)
    for _ in range(6):
        one_plan(3, 1)
    # The new approvals forgot the kept count: this view counts again.
    client.get(reverse("proposals:supported"))
    with django_assert_num_queries(list_queries):
        response = client.get(reverse("proposals:supported"))
    assert len(response.context["proposals"]) == 8


@pytest.mark.parametrize("public", [True, False])
def test_public_page_names_the_approving_decision_once_its_minutes_are_public(
    client, rep_a, public
):
    meeting = MeetingFactory(title="جلسه هفتم کارگروه")
    decision = DecisionFactory(
        meeting=meeting, kind="decision", text="تصویب طرح توانمندسازی"
    )
    if public:
        approve(meeting)
    proposal = approved_proposal(rep_a)
    type(proposal).objects.filter(pk=proposal.pk).update(approved_in=decision)
    page = client.get(reverse("delivery:plan", args=[proposal.pk])).content.decode()
    assert ("تصویب طرح توانمندسازی" in page) == public
    assert ("جلسه هفتم کارگروه" in page) == public
    assert (meeting.get_absolute_url() in page) == public

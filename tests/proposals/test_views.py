import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.l10n import to_persian_digits
from proposals import drafts, services
from proposals.forms import ProposalForm
from proposals.models import Attachment, Proposal, Status
from tests.factories import ProposalFactory, RepresentativeFactory
from tests.proposals import files

pytestmark = pytest.mark.django_db


def proposal_of(user, **kwargs):
    return ProposalFactory(ngo=user.representative.ngo, created_by=user, **kwargs)


def with_status(proposal, status):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    proposal.refresh_from_db()
    return proposal


def attach(proposal, user, name="plan.pdf", content=files.PDF):
    return drafts.add_attachment(
        proposal=proposal, uploaded=files.upload(name, content), actor=user
    )


# Access matrix ----------------------------------------------------------------

PROPOSAL_URLS = [
    ("proposals:detail", "GET"),
    ("proposals:update", "GET"),
    ("proposals:submit", "GET"),
    ("proposals:withdraw", "GET"),
    ("proposals:submit", "POST"),
    ("proposals:withdraw", "POST"),
    ("proposals:attachment_add", "POST"),
]


@pytest.fixture
def world(rep_a, rep_b, pending_rep, reviewer):
    proposal = proposal_of(rep_a)
    attachment = attach(proposal, rep_a)
    return {
        "proposal": proposal,
        "attachment": attachment,
        "users": {
            "anonymous": None,
            "rep_a": rep_a,
            "rep_b": rep_b,
            "pending": pending_rep,
            "reviewer": reviewer,
        },
    }


# Expected answer per user: owner acts, everyone else gets 404 (or the login page).
EXPECTED = {
    "anonymous": 302,
    "rep_a": "ok",
    "rep_b": 404,
    "pending": 404,
    "reviewer": 404,
}


@pytest.mark.parametrize(("name", "method"), PROPOSAL_URLS)
@pytest.mark.parametrize("who", list(EXPECTED))
def test_access_matrix_of_proposal_urls(client, world, name, method, who):
    user = world["users"][who]
    if user:
        client.force_login(user)
    url = reverse(name, args=[world["proposal"].pk])
    response = client.post(url) if method == "POST" else client.get(url)
    expected = EXPECTED[who]
    if expected == "ok":
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("login"))
    elif expected == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("rep_a", 200),
        ("rep_b", 404),
        ("pending", 404),
        ("reviewer", 404),  # staff read what was sent, not drafts
    ],
)
def test_access_matrix_of_attachment_download(client, world, who, expected):
    user = world["users"][who]
    if user:
        client.force_login(user)
    attachment = world["attachment"]
    response = client.get(
        reverse("proposals:attachment", args=[attachment.proposal_id, attachment.pk])
    )
    response.close()
    assert response.status_code == expected


def test_attachment_remove_by_another_ngo_is_404(client, world):
    client.force_login(world["users"]["rep_b"])
    attachment = world["attachment"]
    url = reverse(
        "proposals:attachment_remove", args=[attachment.proposal_id, attachment.pk]
    )
    assert client.post(url).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_attachment_of_another_proposal_is_404_even_for_its_owner(client, rep_a):
    first, second = proposal_of(rep_a), proposal_of(rep_a)
    attachment = attach(first, rep_a)
    client.force_login(rep_a)
    response = client.get(
        reverse("proposals:attachment", args=[second.pk, attachment.pk])
    )
    assert response.status_code == 404


def test_list_for_people_who_cannot_send_proposals_says_why(
    client, pending_rep, reviewer
):
    client.force_login(pending_rep)
    html = client.get(reverse("proposals:list")).content.decode()
    assert "در انتظار تأیید" in html
    assert reverse("proposals:create") not in html
    client.force_login(reviewer)
    html = client.get(reverse("proposals:list")).content.decode()
    assert "بخش مدیریت" in html
    response = client.get(reverse("proposals:create"))
    assert response.status_code == 302


def test_list_shows_only_own_ngo_and_filters_by_status(client, rep_a, rep_b):
    mine = proposal_of(rep_a, title="طرح من")
    with_status(
        proposal_of(rep_a, title="طرح ارسالی", reference="1405-00001"), Status.SUBMITTED
    )
    proposal_of(rep_b, title="طرح دیگران")
    client.force_login(rep_a)
    response = client.get(reverse("proposals:list"))
    assert sorted(p.title for p in response.context["proposals"]) == [
        "طرح ارسالی",
        "طرح من",
    ]
    drafts = client.get(reverse("proposals:list"), {"status": "draft"})
    assert [p.title for p in drafts.context["proposals"]] == [mine.title]
    bad = client.get(reverse("proposals:list"), {"status": "nonsense", "page": "x"})
    assert bad.status_code == 200


def test_list_query_count_is_constant(
    client, rep_a, count_queries, django_assert_num_queries
):
    proposal_of(rep_a)
    client.force_login(rep_a)
    with count_queries() as few:
        client.get(reverse("proposals:list"))
    for _ in range(25):
        proposal_of(rep_a)
    with django_assert_num_queries(len(few)):
        client.get(reverse("proposals:list"))


# Writing a proposal -----------------------------------------------------------------

FORM = {
    "title": "کارگاه خیاطی",
    "summary": "آموزش خیاطی",
    "problem": "بیکاری",
    "solution": "آموزش و فروش",
    "executive_plan": "ماه ۱ تا ۶",
    "target_group": "زنان سرپرست خانوار",
    "beneficiaries": "۱۲۰",
    "provinces": ["IR-23"],
    "focus_areas": ["1"],
    "duration_months": "۶",
    "budget_rials": "۲٬۵۰۰٬۰۰۰٬۰۰۰",
    "co_funding_rials": "500,000,000",
    "co_funding_source": "خیرین",
}


def test_incomplete_draft_is_saved(client, rep_a):
    client.force_login(rep_a)
    response = client.post(
        reverse("proposals:create"), {"title": "فقط عنوان", "save_draft": "1"}
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert (proposal.title, proposal.status, proposal.ngo) == (
        "فقط عنوان",
        "draft",
        rep_a.representative.ngo,
    )
    assert proposal.created_by == rep_a


def test_budget_in_persian_digits_with_separators(client, rep_a):
    client.force_login(rep_a)
    client.post(reverse("proposals:create"), {**FORM, "save_draft": "1"})
    proposal = Proposal.objects.get()
    assert proposal.budget_rials == 2_500_000_000
    assert proposal.co_funding_rials == 500_000_000
    assert proposal.beneficiaries == 120
    edit = client.get(reverse("proposals:update", args=[proposal.pk])).content.decode()
    assert 'value="۲٬۵۰۰٬۰۰۰٬۰۰۰"' in edit


def test_submit_shows_every_missing_field_at_once_and_keeps_the_rest(client, rep_a):
    client.force_login(rep_a)
    data = {
        **FORM,
        "summary": "",
        "budget_rials": "abc",
        "provinces": [],
        "submit": "1",
    }
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"summary", "budget_rials", "provinces"}
    html = response.content.decode()
    assert 'value="کارگاه خیاطی"' in html
    assert "زنان سرپرست خانوار</textarea>" in html
    assert 'value="abc"' in html
    assert Proposal.objects.count() == 0


def test_a_plan_over_its_length_gets_a_field_error_and_the_rest_is_kept(client, rep_a):
    client.force_login(rep_a)
    limit = ProposalForm.text_limits["executive_plan"]
    data = {**FORM, "executive_plan": "ی" * (limit + 1), "save_draft": "1"}
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["executive_plan"]
    assert form.errors.as_data()["executive_plan"][0].code == "max_length"
    html = response.content.decode()
    assert 'value="کارگاه خیاطی"' in html
    assert "زنان سرپرست خانوار</textarea>" in html
    assert f'maxlength="{limit}"' in html
    assert Proposal.objects.count() == 0
    # The field's label carries the asterisk of a field needed to submit;
    # the error summary names the field without it.
    label = str(form.fields["executive_plan"].label)
    assert label.endswith(" *")
    summary = html.split('id="form-errors"')[1].split("</div>")[0]
    assert f'<a href="#id_executive_plan">{label.removesuffix(" *")}</a>:' in summary
    assert "*" not in summary


def test_submit_from_the_form_asks_for_confirmation_then_gives_a_reference(
    client, rep_a, django_capture_on_commit_callbacks
):
    client.force_login(rep_a)
    response = client.post(reverse("proposals:create"), {**FORM, "submit": "1"})
    proposal = Proposal.objects.get()
    # Saved, not sent: a submission cannot be undone, so it is confirmed first.
    assert response["Location"] == reverse("proposals:submit", args=[proposal.pk])
    assert (proposal.status, proposal.title) == ("draft", "کارگاه خیاطی")
    confirm = client.get(response["Location"])
    assert confirm.context["move"].action == "submit"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], follow=True)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert proposal.reference
    html = response.content.decode()
    assert "شماره پیگیری" in html
    reference = to_persian_digits(proposal.reference)
    assert any(reference in m.subject for m in mail.outbox)


def test_edit_refused_outside_draft_and_changes_requested(client, rep_a):
    client.force_login(rep_a)
    for status in [
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.APPROVED,
        Status.REJECTED,
        Status.WITHDRAWN,
    ]:
        proposal = with_status(proposal_of(rep_a, title="ثابت"), status)
        response = client.post(
            reverse("proposals:update", args=[proposal.pk]), {**FORM, "save_draft": "1"}
        )
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.title == "ثابت"


def test_edit_allowed_when_changes_requested_and_resubmit(client, rep_a):
    proposal = with_status(
        proposal_of(rep_a, reference="1405-00009", submitted_at=timezone.now()),
        Status.CHANGES_REQUESTED,
    )
    client.force_login(rep_a)
    response = client.post(
        reverse("proposals:update", args=[proposal.pk]),
        {**FORM, "title": "اصلاح‌شده", "submit": "1"},
    )
    assert response["Location"] == reverse("proposals:submit", args=[proposal.pk])
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("اصلاح‌شده", "changes_requested")
    client.post(response["Location"], {"changes": "عنوان را روشن‌تر کردیم"})
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status, proposal.reference) == (
        "اصلاح‌شده",
        "submitted",
        "1405-00009",
    )


def test_save_refused_if_review_started_while_editing(rep_a, reviewer):
    from proposals.forms import ProposalForm

    proposal = proposal_of(rep_a)
    form = ProposalForm({**FORM, "title": "دیر رسید"}, instance=proposal)
    assert form.is_valid()
    with_status(proposal, Status.SUBMITTED)
    with pytest.raises(services.TransitionError):
        drafts.save_proposal(form=form, actor=rep_a)
    proposal.refresh_from_db()
    assert proposal.title != "دیر رسید"


def test_submit_and_withdraw_confirmation_pages_change_nothing(client, rep_a):
    proposal = proposal_of(rep_a)
    client.force_login(rep_a)
    for name in ("proposals:submit", "proposals:withdraw"):
        assert client.get(reverse(name, args=[proposal.pk])).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    client.post(reverse("proposals:withdraw", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_submit_page_lists_what_is_missing(client, rep_a):
    proposal = proposal_of(rep_a, executive_plan="")
    client.force_login(rep_a)
    html = client.get(reverse("proposals:submit", args=[proposal.pk])).content.decode()
    assert "طرح اجرایی" in html
    client.post(reverse("proposals:submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_detail_shows_timeline_with_comments_meant_for_the_ngo_only(
    client, rep_a, reviewer
):
    proposal = proposal_of(rep_a)
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    services.transition(
        proposal=proposal,
        to_status=Status.UNDER_REVIEW,
        actor=reviewer,
        comment="یادداشت محرمانه کارشناس",
        visibility="internal",
    )
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="جدول زمانی را کامل کنید",
    )
    client.force_login(rep_a)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "جدول زمانی را کامل کنید" in html
    assert "یادداشت محرمانه کارشناس" not in html
    assert "نیازمند اصلاح" in html


# Attachments -------------------------------------------------------------------------


def upload_through_the_page(client, proposal, name, content):
    return client.post(
        reverse("proposals:attachment_add", args=[proposal.pk]),
        {"file": files.upload(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", files.EXE, "پذیرفته نیست"),
        ("invoice.pdf", files.EXE, "محتوای آن از نوع دیگری است"),
        ("huge.pdf", files.PDF + b"0" * (10 * 1024 * 1024), "حد مجاز ۱۰ مگابایت"),
    ],
)
def test_upload_refusals_say_why_and_store_nothing(
    client, rep_a, settings, name, content, message
):
    proposal = proposal_of(rep_a)
    client.force_login(rep_a)
    response = upload_through_the_page(client, proposal, name, content)
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0
    private = settings.PRIVATE_MEDIA_ROOT
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


def test_eleventh_file_is_refused(client, rep_a):
    proposal = proposal_of(rep_a)
    for n in range(10):
        attach(proposal, rep_a, name=f"file{n}.pdf")
    client.force_login(rep_a)
    response = upload_through_the_page(client, proposal, "eleventh.pdf", files.PDF)
    assert (
        "حداکثر ۱۰ پرونده" in response.content.decode()
        or "حداکثر 10 پرونده" in response.content.decode()
    )
    assert proposal.attachments.count() == 10


def test_files_are_stored_under_private_media_with_generated_names(
    client, rep_a, settings
):
    proposal = proposal_of(rep_a)
    client.force_login(rep_a)
    upload_through_the_page(client, proposal, "طرح اجرایی.pdf", files.PDF)
    attachment = proposal.attachments.get()
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    assert path.read_bytes() == files.PDF
    assert "طرح" not in attachment.file.name
    assert attachment.original_name == "طرح اجرایی.pdf"
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018  (no public URL exists)


def test_download_is_an_attachment_with_the_original_name(client, rep_a):
    proposal = proposal_of(rep_a)
    attachment = attach(proposal, rep_a, name="طرح اجرایی.pdf")
    client.force_login(rep_a)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.PDF
    response.close()


def test_remove_file_while_editable_only(
    client, rep_a, settings, django_capture_on_commit_callbacks
):
    proposal = proposal_of(rep_a)
    attachment = attach(proposal, rep_a)
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    client.force_login(rep_a)
    url = reverse("proposals:attachment_remove", args=[proposal.pk, attachment.pk])
    assert client.get(url).status_code == 405
    with_status(proposal, Status.SUBMITTED)
    client.post(url)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    with_status(proposal, Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not path.exists()


# Supported proposals ------------------------------------------------------------------


def test_supported_list_is_public_and_shows_approved_only(client, rep_a):
    approved = with_status(
        proposal_of(rep_a, title="حمایت‌شده", reference="1405-00001"), Status.APPROVED
    )
    Proposal.objects.filter(pk=approved.pk).update(decided_at="2026-01-01T10:00:00Z")
    for status in [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.REJECTED,
        Status.WITHDRAWN,
    ]:
        with_status(proposal_of(rep_a, title=f"نه {status}"), status)
    response = client.get(reverse("proposals:supported"))
    assert [p.title for p in response.context["proposals"]] == ["حمایت‌شده"]
    html = response.content.decode()
    assert "۱۱ دی ۱۴۰۴" in html
    assert rep_a.representative.ngo.name in html


def test_supported_list_query_count_is_constant(
    client, count_queries, django_assert_num_queries
):
    def approved():
        rep = RepresentativeFactory()
        proposal = ProposalFactory(
            ngo=rep.ngo, created_by=rep.user, provinces=["IR-10", "IR-23"]
        )
        with_status(proposal, Status.APPROVED)

    approved()
    # The filters' provinces and focus areas come from the cache, warm or
    # cold: the first request fills it.
    client.get(reverse("proposals:supported"))
    with count_queries() as few:
        client.get(reverse("proposals:supported"))
    # Counted now: the connection keeps the last 9,000 queries only.
    queries = len(few)
    for _ in range(20):
        approved()
    # The approvals forgot the kept count of supported proposals: this view
    # counts them again, and the next finds the count kept.
    client.get(reverse("proposals:supported"))
    with django_assert_num_queries(queries):
        response = client.get(reverse("proposals:supported"))
    assert len(response.context["proposals"]) == 20


def test_supported_list_keeps_its_count_until_a_proposal_is_written(
    client, rep_a, count_queries
):
    """The unfiltered list prints how many proposals are supported without
    counting them on every view; approving one (by the model or in bulk)
    shows the new number at once; a filtered list counts its own."""
    for number, province in enumerate(["IR-10", "IR-23", "IR-23"]):
        with_status(
            proposal_of(rep_a, reference=f"1405-0000{number}", provinces=[province]),
            Status.APPROVED,
        )
    with count_queries() as first:
        html = client.get(reverse("proposals:supported")).content.decode()
    assert "۳ طرح حمایت‌شده" in html
    with count_queries() as again:
        html = client.get(reverse("proposals:supported")).content.decode()
    assert "۳ طرح حمایت‌شده" in html
    counting = [q for q in first.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counting) == 1
    assert not [q for q in again.captured_queries if "COUNT(*)" in q["sql"]]

    # A save through the model forgets the count (the signal)...
    fourth = proposal_of(rep_a, reference="1405-00004")
    fourth.status = Status.APPROVED
    fourth.save()
    html = client.get(reverse("proposals:supported")).content.decode()
    assert "۴ طرح حمایت‌شده" in html
    # ... and so does a bulk update.
    Proposal.objects.filter(pk=fourth.pk).update(status=Status.WITHDRAWN)
    html = client.get(reverse("proposals:supported")).content.decode()
    assert "۳ طرح حمایت‌شده" in html

    # A filtered list counts what it shows.
    html = client.get(
        reverse("proposals:supported"), {"province": "IR-23"}
    ).content.decode()
    assert "۲ طرح حمایت‌شده" in html


def test_ngo_profile_lists_its_supported_proposals(client, rep_a):
    with_status(
        proposal_of(rep_a, title="طرح حمایت‌شده الف", reference="1405-00003"),
        Status.APPROVED,
    )
    with_status(proposal_of(rep_a, title="طرح رد شده"), Status.REJECTED)
    html = client.get(rep_a.representative.ngo.get_absolute_url()).content.decode()
    assert "طرح حمایت‌شده الف" in html
    assert "طرح رد شده" not in html


def test_ngo_profile_lists_the_latest_ten_and_links_to_all(
    client, rep_a, count_queries, django_assert_num_queries
):
    from proposals.sections import SUPPORTED_ON_PROFILE

    ngo = rep_a.representative.ngo
    url = ngo.get_absolute_url()
    for number in range(SUPPORTED_ON_PROFILE):
        with_status(proposal_of(rep_a, title=f"طرح شماره {number}"), Status.APPROVED)
    html = client.get(url).content.decode()
    assert "طرح شماره 0" in html and "طرح شماره 9" in html
    assert f"?ngo={ngo.pk}" not in html  # all of them are on the page
    with count_queries() as ten:
        client.get(url)
    for number in range(10, 14):
        with_status(proposal_of(rep_a, title=f"طرح شماره {number}"), Status.APPROVED)
    with django_assert_num_queries(len(ten)):
        html = client.get(url).content.decode()
    assert html.count("طرح شماره ") == SUPPORTED_ON_PROFILE
    assert "طرح شماره 13" in html and "طرح شماره 3" not in html
    assert "همه ۱۴ طرح پشتیبانی‌شده این سازمان" in html
    listed = client.get(reverse("proposals:supported"), {"ngo": ngo.pk})
    assert listed.context["paginator"].count == 14
    assert listed.context["selected_ngo"] == ngo


def test_supported_list_of_one_ngo_shows_only_its_proposals(client, rep_a, rep_b):
    with_status(proposal_of(rep_a, title="طرح الف"), Status.APPROVED)
    with_status(proposal_of(rep_b, title="طرح ب"), Status.APPROVED)
    ngo = rep_a.representative.ngo
    html = client.get(reverse("proposals:supported"), {"ngo": ngo.pk}).content.decode()
    assert "طرح الف" in html and "طرح ب" not in html
    assert f'name="ngo" value="{ngo.pk}"' in html  # kept by the other filters
    # A value that names no public NGO is ignored, never an error.
    for bad in ("abc", "99999999", "-1", "1" * 40):
        response = client.get(reverse("proposals:supported"), {"ngo": bad})
        assert response.status_code == 200
        assert response.context["paginator"].count == 2


def test_supported_list_ignores_an_ngo_that_is_not_public(client, rep_a):
    with_status(proposal_of(rep_a, title="طرح الف"), Status.APPROVED)
    ngo = rep_a.representative.ngo
    ngo.status = "suspended"
    ngo.save()
    response = client.get(reverse("proposals:supported"), {"ngo": ngo.pk})
    assert response.context["selected_ngo"] is None


def test_ngo_profile_separates_reference_and_date_in_the_page_language(client, rep_a):
    proposal = with_status(proposal_of(rep_a, reference="1405-00003"), Status.APPROVED)
    Proposal.objects.filter(pk=proposal.pk).update(
        decided_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 12, 0))
    )
    url = rep_a.representative.ngo.get_absolute_url()
    persian = client.get(url).content.decode()
    english = client.get(f"/en{url}").content.decode()
    assert '<span class="ltr">۱۴۰۵-۰۰۰۰۳</span>، ۱۴ اردیبهشت ۱۴۰۵)' in persian
    assert '<span class="ltr">1405-00003</span>, 4 May 2026)' in english


# Proposals presented at a meeting -------------------------------------------------------


def test_meeting_page_lists_proposals_presented_there_once_submitted(client, rep_a):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(approved=True)
    presented = ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        title="طرح ارائه‌شده",
        presented_at_meeting=meeting,
    )
    services.transition(proposal=presented, to_status=Status.SUBMITTED, actor=rep_a)
    ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        title="پیش‌نویس پنهان",
        presented_at_meeting=meeting,
    )
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "طرح ارائه‌شده" in html
    assert "پیش‌نویس پنهان" not in html
    assert rep_a.representative.ngo.name in html


def test_proposal_form_offers_public_meetings(client, rep_a):
    from tests.factories import MeetingFactory

    public = MeetingFactory(approved=True, title="جلسه عمومی")
    MeetingFactory(title="جلسه با صورت‌جلسه پیش‌نویس")
    client.force_login(rep_a)
    html = client.get(reverse("proposals:create")).content.decode()
    assert "جلسه عمومی" in html
    assert "جلسه با صورت‌جلسه پیش‌نویس" not in html
    client.post(
        reverse("proposals:create"),
        {"title": "با جلسه", "presented_at_meeting": public.pk, "save_draft": "1"},
    )
    assert Proposal.objects.get(title="با جلسه").presented_at_meeting == public


def test_ngo_profile_lists_meetings_attended(client, rep_a, secretary):
    from meetings.services import minutes_change_status
    from tests.factories import MeetingFactory, ParticipantFactory

    meeting = MeetingFactory(title="جلسه‌ای که سازمان در آن بود")
    ParticipantFactory(meeting=meeting, ngo=rep_a.representative.ngo, attended=True)
    minutes_change_status(meeting=meeting, to_status="approved", actor=secretary)
    html = client.get(rep_a.representative.ngo.get_absolute_url()).content.decode()
    assert "جلسه‌ای که سازمان در آن بود" in html


# Empty states -----------------------------------------------------------------


def test_supported_list_without_any_approval_says_how_proposals_get_there(client):
    html = client.get("/proposals/supported/").content.decode()
    assert "هنوز هیچ طرحی تصویب نشده است" in html
    assert '<a href="/accounts/login/">ورود</a>' in html
    assert '<a href="/ngos/register/">ثبت سازمان شما</a>' in html


def test_supported_list_filtered_to_nothing_offers_to_clear_the_filters(client):
    html = client.get("/proposals/supported/", {"province": "IR-10"}).content.decode()
    assert "هنوز طرح حمایت‌شده‌ای با این پالایه‌ها نیست." in html
    assert "هنوز هیچ طرحی تصویب نشده است" not in html
    assert 'href="/proposals/supported/">' in html


def test_a_draft_without_files_says_what_to_attach(client, rep_a):
    proposal = proposal_of(rep_a)
    client.force_login(rep_a)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert (
        "طرح اجرایی، جدول بودجه یا نامه‌های پشتیبانی را از بخش زیر پیوست کنید." in html
    )

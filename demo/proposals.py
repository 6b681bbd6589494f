"""Demo proposals: rep_a's and rep_b's NGOs in every status, and a few more.

Each proposal is walked through the real transition function, so its
history, reference number and dates are what the site would have made, only
in the past, so that the lists look lived-in: the history is dated as it is
written (it is never changed afterwards), and the proposal's dates follow it.
"""

import datetime
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone

from demo import calls
from demo.ngos import DEMO_NGOS
from demo.scale import given_timestamps
from meetings.models import Decision, Meeting
from ngos.models import NGO, FocusArea
from proposals import review, services
from proposals.models import Attachment, Proposal, ProposalEvent, ProposalRevision
from proposals.workflow import DECIDED_STATUSES, Status

# title, summary, focus area codes, provinces, beneficiaries, months, budget (rials)
IDEAS = [
    (
        "کارگاه خیاطی و فروش برخط برای زنان سرپرست خانوار",
        "آموزش خیاطی صنعتی در شش ماه و راه‌اندازی فروشگاه برخط مشترک برای فروش تولیدات.",
        ["skills-training", "economic-empowerment"],
        120,
        12,
        2_400_000_000,
    ),
    (
        "صندوق قرض‌الحسنه محله‌ای",
        "صندوق خرد با سرمایه اولیه مشترک برای وام‌های کوچک بدون بهره به کسب‌وکارهای خانگی.",
        ["economic-empowerment"],
        80,
        24,
        3_500_000_000,
    ),
    (
        "مشاوره حقوقی سیار در محله‌های حاشیه شهر",
        "حضور هفتگی وکیل و مشاور در سرای محله برای پرونده‌های حضانت، مهریه و ارث.",
        ["legal-aid"],
        300,
        12,
        900_000_000,
    ),
    (
        "کلاس‌های تقویتی رایگان برای فرزندان",
        "کلاس‌های ریاضی و علوم برای دانش‌آموزان دوره متوسطه از خانواده‌های زن‌سرپرست.",
        ["children", "education"],
        150,
        9,
        750_000_000,
    ),
    (
        "گروه‌های همیار روانی-اجتماعی",
        "گروه‌های ده‌نفره با راهنمایی روان‌شناس برای زنانی که تازه سرپرست خانواده شده‌اند.",
        ["psychosocial-support"],
        90,
        6,
        420_000_000,
    ),
    (
        "بازارچه دائمی محصولات خانگی",
        "غرفه‌های رایگان در بازارچه‌ای دائمی در مرکز شهر برای فروش محصولات خانگی.",
        ["economic-empowerment"],
        60,
        18,
        1_800_000_000,
    ),
    (
        "بیمه درمان تکمیلی برای خانوارهای زن‌سرپرست",
        "پرداخت سهم بیمه تکمیلی برای یک سال با مشارکت یک شرکت بیمه.",
        ["health"],
        200,
        12,
        2_000_000_000,
    ),
]

# The walk to each status: (to_status, who acts, comment, reason code).
WALKS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [(Status.SUBMITTED, "rep", "", "")],
    Status.UNDER_REVIEW: [
        (Status.SUBMITTED, "rep", "", ""),
        (Status.UNDER_REVIEW, "reviewer", "", ""),
    ],
    Status.CHANGES_REQUESTED: [
        (Status.SUBMITTED, "rep", "", ""),
        (Status.UNDER_REVIEW, "reviewer", "", ""),
        (
            Status.CHANGES_REQUESTED,
            "reviewer",
            "لطفاً جدول زمانی ماه‌به‌ماه و سهم مشارکت سازمان را روشن‌تر بنویسید.",
            "",
        ),
    ],
    Status.APPROVED: [
        (Status.SUBMITTED, "rep", "", ""),
        (Status.UNDER_REVIEW, "reviewer", "", ""),
        (Status.APPROVED, "reviewer", "طرح با اولویت‌های کارگروه هم‌خوان است.", ""),
    ],
    Status.REJECTED: [
        (Status.SUBMITTED, "rep", "", ""),
        (Status.UNDER_REVIEW, "reviewer", "", ""),
        (
            Status.REJECTED,
            "reviewer",
            "هزینه‌های پیش‌بینی‌شده با تعداد بهره‌مندان تناسب ندارد.",
            "budget",
        ),
    ],
    Status.WITHDRAWN: [
        (Status.SUBMITTED, "rep", "", ""),
        (Status.WITHDRAWN, "rep", "", ""),
    ],
}

STATUS_ORDER = list(WALKS)

# Two days between the steps of each proposal's history.
STEP = datetime.timedelta(days=2)

# The demo meeting where NGOs presented their plans (workgroup's demo).
REVIEW_MEETING_TITLE = "بررسی طرح‌های اجرایی رسیده از سازمان‌های مردم‌نهاد"
PRESENTED = (Status.APPROVED, Status.REJECTED, Status.UNDER_REVIEW)

# A one-page PDF, small enough to keep here.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(demo):
    reviewer = demo.users["reviewer"]
    second_reviewer = demo.users["reviewer2"]
    rep_for = {
        demo.users[name].representative.ngo_id: demo.users[name]
        for name in ("rep_a", "rep_b")
    }
    areas = {area.code: area for area in FocusArea.objects.all()}
    ngos = {ngo.national_id: ngo for ngo in NGO.objects.filter(status="verified")}
    plans = []
    # rep_a's and rep_b's NGOs: one proposal in every status.
    for national_id in (DEMO_NGOS[0][0], DEMO_NGOS[1][0]):
        ngo = ngos[national_id]
        for index, status in enumerate(STATUS_ORDER):
            plans.append((ngo, IDEAS[(index + len(plans)) % len(IDEAS)], status))
    # A few other verified NGOs with supported proposals, for the public list.
    others = [ngo for nid, ngo in ngos.items() if ngo.pk not in rep_for][:4]
    for index, ngo in enumerate(others):
        plans.append((ngo, IDEAS[(index * 3) % len(IDEAS)], Status.APPROVED))

    review_meeting = Meeting.objects.filter(title=REVIEW_MEETING_TITLE).first()
    # The review meeting's decision on the proposals received: what the
    # approvals name as the meeting decision that approved them.
    approving = (
        review_meeting.decisions.filter(kind=Decision.Kind.DECISION)
        .order_by("order")
        .first()
        if review_meeting
        else None
    )
    # Every demo proposal answers the seed meeting's call (see demo.calls).
    seed_call = calls.open_seed_call()
    calls.make_open_call()
    # Made oldest first, so that reference numbers, given at submission,
    # increase with the (backdated) submission dates as they would in use.
    dated = list(enumerate(reversed(plans)))
    for age, (ngo, idea, status) in reversed(dated):
        _make(
            ngo=ngo,
            idea=idea,
            status=status,
            author=rep_for.get(ngo.pk) or _stand_in_representative(ngo),
            reviewers=(reviewer, second_reviewer),
            areas=areas,
            days_ago=10 + age * 6,
            meeting=review_meeting if status in PRESENTED else None,
            call=seed_call,
            approving=approving,
        )
    calls.close_seed_call(seed_call)


@transaction.atomic
def _make(
    *, ngo, idea, status, author, reviewers, areas, days_ago, meeting, call, approving
):
    title, summary, focus, beneficiaries, months, budget = idea
    if Proposal.objects.filter(ngo=ngo, title=title).exists():
        return
    proposal = Proposal.objects.create(
        call=call,
        ngo=ngo,
        created_by=author,
        title=title,
        summary=summary,
        problem="بسیاری از زنان سرپرست خانوار در این منطقه درآمد پایدار و پشتیبان ندارند.",
        solution=summary,
        executive_plan="ماه ۱ تا ۲: شناسایی و ثبت‌نام؛ ماه ۳ تا ۸: اجرا؛ ماه‌های پایانی: ارزیابی و گزارش.",
        target_group="زنان سرپرست خانوار ساکن محله‌های کم‌برخوردار",
        beneficiaries=beneficiaries,
        duration_months=months,
        budget_rials=budget,
        co_funding_rials=budget // 5,
        co_funding_source="منابع خود سازمان و نیکوکاران محلی",
        presented_at_meeting=meeting,
    )
    proposal.provinces.set([ngo.province_id])
    proposal.focus_areas.set([areas[code] for code in focus])
    attachment = Attachment(
        proposal=proposal,
        original_name="طرح اجرایی.pdf",
        content_type="application/pdf",
        size=len(DEMO_PDF),
        sha256="",
        uploaded_by=author,
    )
    attachment.file.save("plan.pdf", ContentFile(DEMO_PDF), save=False)
    attachment.save()
    start = timezone.now() - datetime.timedelta(days=days_ago)
    reviewer = reviewers[0]
    for index, (to_status, who, comment, reason) in enumerate(WALKS[status]):
        actor = author if who == "rep" else reviewer
        with _history_dated(start + STEP * index):
            services.transition(
                proposal=proposal,
                to_status=to_status,
                actor=actor,
                comment=comment,
                reason_code=reason,
                approved_in=approving if to_status == Status.APPROVED else None,
            )
            if to_status == Status.UNDER_REVIEW and not proposal.score_sheets.exists():
                _score(proposal, status, reviewers)
    _backdate(proposal, start)


# What the two demo reviewers make of a proposal, by where it ends up.
DEMO_SCORES = {
    Status.APPROVED: ((5, 4, 4, 4, 5), (4, 4, 5, 3, 4)),
    Status.REJECTED: ((2, 1, 2, 2, 3), (3, 2, 2, 1, 2)),
}
DEMO_SCORE_COMMENTS = (
    "برنامه زمانی و بودجه با هم می‌خوانند.",
    "سازمان پیش‌تر طرح مشابهی را اجرا کرده است.",
)


def _score(proposal, status, reviewers):
    """Sheets from the two demo reviewers, assigned to it, on the call's
    rubric (a decision needs them). A proposal still under review has the
    first reviewer's only, so that the second one's queue is not empty."""
    reviewer, second = reviewers
    pairs = DEMO_SCORES.get(status, ((4, 3, 4, 3, 3), (3, 3, 3, 4, 4)))
    scorers = [reviewer, second] if status != Status.UNDER_REVIEW else [reviewer]
    for user in (second, reviewer):  # the demo reviewer stays in charge
        review.assign_reviewer(proposal=proposal, reviewer=user, actor=reviewer)
    criteria = list(proposal.call.criteria.all())
    for user, values, comment in zip(scorers, pairs, DEMO_SCORE_COMMENTS, strict=False):
        review.score_proposal(
            proposal=proposal,
            actor=user,
            scores={c.pk: v for c, v in zip(criteria, values, strict=False)},
            comment=comment,
        )


@contextmanager
def _history_dated(moment):
    """Give the proposal history written in this block the date ``moment``
    (demo data only: the site stamps each entry with the time it is made)."""

    def stamp(sender, instance, **kwargs):
        instance.at = moment

    def stamp_revision(sender, instance, **kwargs):
        instance.submitted_at = moment

    with given_timestamps(ProposalEvent):
        pre_save.connect(stamp, sender=ProposalEvent, weak=False)
        pre_save.connect(stamp_revision, sender=ProposalRevision, weak=False)
        try:
            yield
        finally:
            pre_save.disconnect(stamp, sender=ProposalEvent)
            pre_save.disconnect(stamp_revision, sender=ProposalRevision)


def _stand_in_representative(ngo):
    """A representative for a demo NGO that has none, so that its proposals
    too go through the real transition function. It cannot sign in."""
    from django.contrib.auth.models import User

    from ngos.models import Representative
    from ngos.validators import national_code_check_digit

    user, created = User.objects.get_or_create(
        username=f"demo_{ngo.national_id}",
        defaults={"first_name": "نماینده", "last_name": ngo.name[:100]},
    )
    if created:
        user.set_unusable_password()
        user.save()
    first_nine = ngo.national_id[2:11]
    representative, _created = Representative.objects.get_or_create(
        user=user,
        defaults={
            "ngo": ngo,
            "role": Representative.Role.STAFF,
            "national_code": first_nine + str(national_code_check_digit(first_nine)),
            "mobile": "0935" + ngo.national_id[-7:],
            "approved_at": ngo.verified_at,
        },
    )
    return user


def _backdate(proposal, start):
    """Take the proposal's dates from its history, begun at ``start``, so
    that the figures (days to a decision) come out as in real use."""
    Proposal.objects.filter(pk=proposal.pk).update(created_at=start - STEP)
    moves = list(
        proposal.events.filter(kind=ProposalEvent.Kind.STATUS)
        .order_by("at", "pk")
        .values_list("to_status", "at")
    )
    submissions = [at for to_status, at in moves if to_status == Status.SUBMITTED]
    decisions = [at for to_status, at in moves if to_status in DECIDED_STATUSES]
    updates = {
        "submitted_at": submissions[0] if submissions else None,
        "last_submitted_at": submissions[-1] if submissions else None,
        "decided_at": decisions[-1] if decisions else None,
        "status_changed_at": moves[-1][1] if moves else None,
    }
    Proposal.objects.filter(pk=proposal.pk).update(**updates)

"""factory_boy factories for every model the tests need."""

import datetime
import zoneinfo

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

DEFAULT_PASSWORD = "a-Strong-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True


def focus_areas(values):
    """Focus areas given by code (``"legal-aid"``), primary key or object."""
    from ngos.models import FocusArea

    codes = [v for v in values if isinstance(v, str) and not v.isdigit()]
    others = [v for v in values if v not in codes]
    return [*FocusArea.objects.filter(code__in=codes), *others]


def valid_legal_id(n: int) -> str:
    """A valid 11-digit legal-entity national ID, different for each ``n``."""
    from ngos.validators import legal_id_check_digit

    first_ten = f"14{n:08d}"
    if first_ten[3:9] == "000000":
        first_ten = f"15{n:08d}"[:3] + "1" + first_ten[4:]
    return first_ten + str(legal_id_check_digit(first_ten))


def valid_national_code(n: int) -> str:
    """A valid 10-digit national code, different for each ``n``."""
    from ngos.validators import national_code_check_digit

    first_nine = f"{n + 1_000_000:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


class NGOFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ngos.NGO"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"سازمان مردم‌نهاد شماره {n}")
    name_en = factory.Sequence(lambda n: f"NGO number {n}")
    national_id = factory.Sequence(valid_legal_id)
    province_id = "IR-23"
    city = "تهران"
    status = "verified"
    description = "حمایت از زنان سرپرست خانوار"

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(focus_areas(extracted))

    @factory.post_generation
    def provinces_served(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces_served.set(extracted)


class NGOStatusChangeFactory(factory.django.DjangoModelFactory):
    """A verification in the NGO's history, with every field filled in."""

    class Meta:
        model = "ngos.NGOStatusChange"

    ngo = factory.SubFactory(NGOFactory)
    from_status = "pending"
    to_status = "verified"
    actor = factory.SubFactory(StaffFactory)
    reason = "مدارک کامل است"
    basis = "licence"
    evidence = "پروانه فعالیت شماره ۱۲۳"


class RepresentativeFactory(factory.django.DjangoModelFactory):
    """An approved representative of a verified NGO unless told otherwise."""

    class Meta:
        model = "ngos.Representative"

    user = factory.SubFactory(UserFactory)
    ngo = factory.SubFactory(NGOFactory)
    role = "director"
    national_code = factory.Sequence(valid_national_code)
    mobile = factory.Sequence(lambda n: f"0912{n:07d}")
    approved_at = factory.LazyFunction(timezone.now)


class NGOChangeRequestFactory(factory.django.DjangoModelFactory):
    """A representative's request for a new phone number, waiting."""

    class Meta:
        model = "ngos.NGOChangeRequest"
        skip_postgeneration_save = True

    ngo = factory.SubFactory(NGOFactory)
    requested_by = factory.SubFactory(UserFactory)
    phone = "02166665555"

    @factory.post_generation
    def provinces_served(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces_served.set(extracted)


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now, for a month more, to any verified NGO."""

    class Meta:
        model = "proposals.Call"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"فراخوان طرح‌های اشتغال شماره {n}")
    title_en = factory.Sequence(lambda n: f"Call for employment plans no. {n}")
    description = "طرح‌های اشتغال خانگی زنان سرپرست خانوار"
    description_en = "Home-based employment plans for female-headed households"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )
    ceiling_rials = 2_000_000_000
    envelope_rials = 20_000_000_000

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(focus_areas(extracted))

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)

    @factory.post_generation
    def rubric(self, create, extracted, **kwargs):
        """The default rubric, as every new call gets it (rubric=False: none)."""
        if create and extracted is not False:
            from proposals.models import add_default_rubric

            add_default_rubric(self)


def standing_call():
    from proposals.models import Call, standing_call

    return Call.objects.get(pk=standing_call())


class ProposalFactory(factory.django.DjangoModelFactory):
    """A complete draft: everything needed to submit it is filled in. It
    answers the standing call unless given another."""

    class Meta:
        model = "proposals.Proposal"
        skip_postgeneration_save = True

    ngo = factory.SubFactory(NGOFactory)
    call = factory.LazyFunction(standing_call)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"طرح توانمندسازی شماره {n}")
    summary = "آموزش مهارت و اشتغال خانگی"
    problem = "نبود درآمد پایدار"
    solution = "کارگاه‌های آموزشی و بازارچه"
    executive_plan = "ماه ۱: ثبت‌نام؛ ماه ۲ تا ۶: آموزش"
    target_group = "زنان سرپرست خانوار"
    beneficiaries = 50
    duration_months = 6
    budget_rials = 1_500_000_000

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create:
            self.provinces.set(extracted if extracted is not None else ["IR-23"])

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create:
            from ngos.models import FocusArea

            self.focus_areas.set(
                focus_areas(extracted)
                if extracted is not None
                else [FocusArea.objects.first()]
            )


class ProposalEventFactory(factory.django.DjangoModelFactory):
    """A reviewer assignment in the proposal's history, every field filled in."""

    class Meta:
        model = "proposals.ProposalEvent"

    proposal = factory.SubFactory(ProposalFactory)
    kind = "assignment"
    from_status = "submitted"
    to_status = "under_review"
    actor = factory.SubFactory(StaffFactory)
    comment = "برای بررسی"
    visibility = "internal"
    assignee = factory.SubFactory(StaffFactory)


class ProposalRevisionFactory(factory.django.DjangoModelFactory):
    """A resubmission's revision, every field filled in."""

    class Meta:
        model = "proposals.ProposalRevision"

    proposal = factory.SubFactory(ProposalFactory)
    number = factory.Sequence(lambda n: n + 2)
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.SelfAttribute("proposal.created_by")
    content = factory.LazyFunction(
        lambda: {"title": "آموزش خیاطی", "beneficiaries": 40}
    )
    attachments = factory.LazyFunction(
        lambda: [
            {
                "id": 1,
                "name": "بودجه.pdf",
                "size": 2048,
                "sha256": "0" * 64,
                "content_type": "application/pdf",
            }
        ]
    )
    changes = "جدول زمانی را افزودیم"


class DecisionLetterFactory(factory.django.DjangoModelFactory):
    """An approval's letter, every field filled in (but ``supersedes``).

    Decisions issue their letters through ``proposals.services.transition``;
    this is for the tests of histories, which need one row of each."""

    class Meta:
        model = "proposals.DecisionLetter"

    number = factory.Sequence(lambda n: f"1405/{n + 1:05d}")
    proposal = factory.SubFactory(ProposalFactory)
    event = factory.SubFactory(
        ProposalEventFactory, proposal=factory.SelfAttribute("..proposal")
    )
    kind = "approved"
    ngo_name = "سازمان الف"
    ngo_name_en = "NGO A"
    reference = "1405-00001"
    title = "طرح توانمندسازی"
    call_title = "فراخوان دائمی"
    call_title_en = "Standing call"
    reason_code = "other"
    reason = "طرح روشن است"
    approved_amount = 1_000_000_000
    conditions = "گزارش فصلی"
    objection_due = datetime.date(2026, 1, 20)
    decided_by = factory.SubFactory(StaffFactory)
    decider_name = "دبیر"
    decider_position = "دبیر کارگروه"
    decider_position_en = "Secretary"
    correction_reason = "اصلاح رقم"


# Meetings ---------------------------------------------------------------------

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A held meeting with draft minutes on the seed meeting's day, by default.

    ``approved=True`` approves the minutes (as the service would, without
    recording an event); ``status="scheduled"`` gives an announcement.
    """

    class Meta:
        model = "meetings.Meeting"
        skip_postgeneration_save = True

    class Params:
        approved = factory.Trait(
            minutes_status="approved",
            approved_at=factory.LazyFunction(timezone.now),
        )

    title = factory.Sequence(lambda n: f"جلسه کارگروه شماره {n}")
    starts_at = datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN)
    ends_at = factory.LazyAttribute(
        lambda meeting: meeting.starts_at + datetime.timedelta(hours=2)
    )
    place = "سالن جلسات سازمان امور اجتماعی کشور"
    organiser = "معاونت مشارکت‌های اجتماعی"
    summary = "بررسی همکاری با سازمان‌های مردم‌نهاد"
    status = "held"

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"دستور شماره {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Participant"

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"شرکت‌کننده {n}")
    position = "کارشناس"
    role = "official"


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement whose speaker and agenda item belong to its meeting."""

    class Meta:
        model = "meetings.Statement"

    meeting = factory.SubFactory(MeetingFactory)
    agenda_item = factory.SubFactory(
        AgendaItemFactory, meeting=factory.SelfAttribute("..meeting")
    )
    speaker = factory.SubFactory(
        ParticipantFactory, meeting=factory.SelfAttribute("..meeting")
    )
    text = factory.Sequence(lambda n: f"سخنان شماره {n} درباره کاهش آسیب‌های اجتماعی")


class DecisionFactory(factory.django.DjangoModelFactory):
    """An open action item unless told otherwise."""

    class Meta:
        model = "meetings.Decision"

    meeting = factory.SubFactory(MeetingFactory)
    kind = "action_item"
    text = factory.Sequence(lambda n: f"اقدام شماره {n}")
    responsible_body = "دبیرخانه کارگروه"
    due_on = datetime.date(2018, 2, 4)


class MeetingEventFactory(factory.django.DjangoModelFactory):
    """An action item marked done in the meeting's history, every field
    filled in."""

    class Meta:
        model = "meetings.MeetingEvent"

    meeting = factory.SubFactory(MeetingFactory)
    action = "item_done"
    decision = factory.SubFactory(
        DecisionFactory, meeting=factory.SelfAttribute("..meeting")
    )
    actor = factory.SubFactory(StaffFactory)
    reason = "انجام شد"


class CallEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.CallEvent"

    call = factory.SubFactory(CallFactory)
    actor = factory.SubFactory(StaffFactory)
    changes = "closes at: 1405/10/01 → 1405/09/20"
    reason = "تعطیلات پایان سال"


# Delivery of supported plans ----------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    """The plan of a proposal approved (by a direct update: no review here)."""

    class Meta:
        model = "delivery.Plan"

    proposal = factory.SubFactory(ProposalFactory, status="approved")


class PlanEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delivery.PlanEvent"

    plan = factory.SubFactory(PlanFactory)
    subject = "delivery.Plan"
    object_id = factory.SelfAttribute("plan.pk")
    action = "discontinue"
    from_status = "in_delivery"
    to_status = "discontinued"
    actor = factory.SubFactory(StaffFactory)
    comment = "انحلال سازمان"


# Score sheets ------------------------------------------------------------------

# The default rubric's criteria, in order, by a short name for tests.
CRITERIA = ("relevance", "feasibility", "impact", "cost_effectiveness", "capacity")


def rubric_scores(call, default=3, **values) -> dict:
    """Scores for ``call``'s rubric by criterion pk, as ``score_proposal``
    takes them: ``relevance=5`` etc. for the default rubric, ``default``
    for the rest."""
    return {
        criterion.pk: values.get(name, default)
        for name, criterion in zip(CRITERIA, call.criteria.all(), strict=False)
    }


def make_sheet(proposal, reviewer, comment="x", default=3, **values):
    """A score sheet with one Score per criterion of the proposal's call,
    written directly (no permission checks)."""
    from proposals.models import Score, ScoreSheet

    sheet = ScoreSheet.objects.create(
        proposal=proposal, reviewer=reviewer, comment=comment
    )
    for pk, value in rubric_scores(proposal.call, default, **values).items():
        Score.objects.create(sheet=sheet, criterion_id=pk, value=value)
    return sheet


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    """A sheet without scores (``make_sheet`` gives one with its scores)."""

    class Meta:
        model = "proposals.ScoreSheet"

    proposal = factory.SubFactory(ProposalFactory)
    reviewer = factory.SubFactory(StaffFactory)
    comment = "برنامه روشن است"


class ScoreSheetVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.ScoreSheetVersion"

    sheet = factory.SubFactory(ScoreSheetFactory)
    actor = factory.SelfAttribute("sheet.reviewer")
    scores = factory.LazyFunction(
        lambda: [{"criterion": 1, "name": "امکان‌پذیری", "weight": 1, "value": 4}]
    )
    comment = "برنامه روشن است"


def score_enough(proposal, count=None):
    """Give ``proposal`` the score sheets that count that its call needs for a
    decision (or ``count`` of them), adding only those missing, each from a
    reviewer of its own."""
    from proposals.review import counted_sheets

    needed = proposal.call.min_score_sheets if count is None else count
    missing = needed - counted_sheets(proposal).count()
    return [make_sheet(proposal, StaffFactory()) for _ in range(missing)]

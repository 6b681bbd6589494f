"""Scale data: thousands of NGOs, proposals and meetings, made in minutes.

``manage.py generate_scale_data`` fills a database with made-up records in
every shape the pages show, so that their speed can be measured at the size
the working group expects. Unlike the demo (``load_demo``), nothing goes
through the services: each model is written with ``bulk_create`` in batches,
inside one transaction, so a failed run leaves nothing behind.

Skipping ``save()`` and the services means this module keeps their
invariants itself:

- search and sort keys are computed by the models' own functions
  (``NGO.refresh_keys`` through ``NGO.objects.bulk_create``,
  ``Proposal.build_search_key``, ``Meeting.build_search_key``);
- every proposal that left ``draft`` has the history the transition function
  would have written, with ``created ≤ submitted ≤ decided``, and its
  reference number comes from ``ReferenceSequence``, which is moved past the
  numbers given so that the site goes on from there;
- meeting parts are written while the minutes are still a draft (the lock of
  approved minutes refuses them afterwards), and the minutes are approved
  at the end, with their history entries;
- no mail is sent and nothing is written to the audit trail
  (``workgroup.audit``): both come from the services, which are not called.

The dates given are kept: ``auto_now`` and ``auto_now_add`` are switched off
for the duration (:func:`given_timestamps`).
"""

import bisect
import datetime
import random
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.utils import timezone

from ngos.models import NGO, FocusArea, NGOStatusChange, Province, Representative
from ngos.validators import legal_id_check_digit, national_code_check_digit
from proposals import scale_words as words
from proposals.models import (
    Proposal,
    ProposalEvent,
    ReferenceSequence,
    ScoreSheet,
    Status,
)
from workgroup import roles
from workgroup.jalali import jalali_year
from workgroup.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingEvent,
    Participant,
    Statement,
)

YEARS = 5
# The pages the benchmark opens need one big meeting record and one busy NGO.
BENCHMARK_STATEMENTS = 50
BENCHMARK_PROPOSALS = 60
# Meetings announced but not yet held, as a share of all meetings.
SCHEDULED_SHARE = 0.03

STAFF = {
    roles.REVIEWERS: ("reviewer", 12),
    roles.REGISTRY_OFFICERS: ("registrar", 4),
    roles.MEETING_SECRETARIES: ("secretary", 3),
}
NGO_STATUSES = {
    NGO.Status.VERIFIED: 78,
    NGO.Status.PENDING: 10,
    NGO.Status.REJECTED: 5,
    NGO.Status.SUSPENDED: 7,
}
PROPOSAL_STATUSES = {
    Status.DRAFT: 12,
    Status.SUBMITTED: 9,
    Status.UNDER_REVIEW: 11,
    Status.CHANGES_REQUESTED: 7,
    Status.APPROVED: 32,
    Status.REJECTED: 21,
    Status.WITHDRAWN: 8,
}
NGO_REASONS = {
    NGO.Status.REJECTED: "مدارک ثبت سازمان کامل نیست.",
    NGO.Status.SUSPENDED: "گزارش فعالیت سالانه به موقع فرستاده نشد.",
}
# Statuses of proposals that a reviewer has read: they have score sheets.
SCORED = (Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED)

TIMESTAMPED_MODELS = (
    NGO,
    NGOStatusChange,
    Representative,
    Meeting,
    Proposal,
    ProposalEvent,
    ScoreSheet,
)


@contextmanager
def given_timestamps(*model_classes):
    """Let ``bulk_create`` store the dates set on the objects.

    ``auto_now`` and ``auto_now_add`` fields stamp the current time on every
    insert; generated history needs its own dates. The flags are restored
    on the way out, whatever happens.
    """
    stamped = [
        (model_field, model_field.auto_now, model_field.auto_now_add)
        for model in model_classes
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.DateField)
        and (model_field.auto_now or model_field.auto_now_add)
    ]
    for model_field, _auto_now, _auto_now_add in stamped:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in stamped:
            model_field.auto_now = auto_now
            model_field.auto_now_add = auto_now_add


@dataclass
class Result:
    counts: Counter = field(default_factory=Counter)
    benchmark_ngo: NGO | None = None
    benchmark_user: User | None = None
    benchmark_meeting: Meeting | None = None


@dataclass
class Plan:
    """A proposal before it is written, and the history it will have."""

    ngo: NGO
    author: User
    status: str
    created_at: datetime.datetime
    # The fields of each ProposalEvent of its history, in order.
    steps: list = field(default_factory=list)
    reviewer: User | None = None
    reference: str | None = None
    meeting: Meeting | None = None


class Generator:
    """Makes the records; :meth:`run` writes them all or nothing."""

    def __init__(self, *, seed: int, batch_size: int, now=None):
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.now = now or timezone.now()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.zone = timezone.get_default_timezone()
        self.result = Result()

    def run(self, *, ngos: int, proposals: int, meetings: int) -> Result:
        with transaction.atomic(), given_timestamps(*TIMESTAMPED_MODELS):
            self.create_staff()
            self.create_ngos(ngos)
            self.create_meetings(meetings)
            self.create_proposals(proposals)
        return self.result

    def write(self, model, objects: list) -> list:
        """Bulk-create ``objects`` through the model's own manager."""
        created = model.objects.bulk_create(objects, batch_size=self.batch_size)
        self.result.counts[model._meta.label] += len(objects)
        return created

    # Dates -------------------------------------------------------------------

    def moment(self, day: datetime.date, first_hour=8, last_hour=18):
        """A time in office hours in Tehran, never on a Friday."""
        if day.weekday() == 4:  # Friday, the Iranian weekend
            day += datetime.timedelta(days=1)
        return datetime.datetime.combine(
            day,
            datetime.time(
                self.rng.randint(first_hour, last_hour), self.rng.randrange(0, 60, 5)
            ),
            tzinfo=self.zone,
        )

    def between(self, earliest, latest) -> datetime.datetime:
        """A moment in office hours between two moments, or just after the
        first when they are close."""
        span = (latest - earliest).total_seconds()
        day = timezone.localtime(
            earliest + datetime.timedelta(seconds=self.rng.random() * max(span, 0)),
            self.zone,
        ).date()
        result = self.moment(day)
        if not earliest < result < latest:
            result = earliest + (latest - earliest) * self.rng.uniform(0.1, 0.9)
        return result

    def later(self, moment, least_days=1, most_days=20) -> datetime.datetime:
        """A moment some days after ``moment``, and before now."""
        days = self.rng.randint(least_days, most_days)
        result = self.moment(
            timezone.localtime(moment, self.zone).date() + datetime.timedelta(days=days)
        )
        if result <= moment:  # the same day, earlier in it
            result = moment + datetime.timedelta(minutes=self.rng.randint(10, 240))
        if result >= self.now:
            result = moment + (self.now - moment) * self.rng.uniform(0.05, 0.3)
        return result

    def past(self, skew: float = 1.0) -> datetime.datetime:
        """A moment of the last five years; ``skew`` above 1 favours early."""
        return self.between(
            self.start, self.start + (self.now - self.start) * self.rng.random() ** skew
        )

    # People ------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        return self.rng.choice(words.FIRST_NAMES), self.rng.choice(words.LAST_NAMES)

    def free_usernames(self, prefix: str, count: int) -> list[str]:
        """``count`` usernames ``<prefix><number>`` that nobody has yet."""
        taken = set(
            User.objects.filter(username__startswith=prefix).values_list(
                "username", flat=True
            )
        )
        names, number = [], 0
        while len(names) < count:
            number += 1
            name = f"{prefix}{number:06d}"
            if name not in taken:
                names.append(name)
        return names

    def users(self, prefix: str, joined: list, **fields) -> list[User]:
        """Accounts that cannot sign in (unusable passwords), one for each
        date in ``joined``."""
        accounts = []
        names = self.free_usernames(prefix, len(joined))
        for username, date_joined in zip(names, joined, strict=True):
            first_name, last_name = self.person()
            accounts.append(
                User(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@example.org",
                    password=make_password(None),
                    date_joined=date_joined,
                    **fields,
                )
            )
        return self.write(User, accounts)

    def create_staff(self) -> None:
        self.staff = {}
        memberships = []
        for group_name, (slug, count) in STAFF.items():
            group = Group.objects.get(name=group_name)
            self.staff[group_name] = self.users(
                f"scale_{slug}_", [self.start] * count, is_staff=True
            )
            memberships += [
                User.groups.through(user_id=user.pk, group_id=group.pk)
                for user in self.staff[group_name]
            ]
        User.groups.through.objects.bulk_create(memberships)
        self.reviewers = self.staff[roles.REVIEWERS]
        self.registrars = self.staff[roles.REGISTRY_OFFICERS]
        self.secretaries = self.staff[roles.MEETING_SECRETARIES]

    # Identifiers -------------------------------------------------------------

    def legal_ids(self, count: int) -> list[str]:
        taken = set(NGO.objects.values_list("national_id", flat=True))
        ids = []
        while len(ids) < count:
            first_ten = f"14{self.rng.randrange(10**8):08d}"
            if first_ten[3:9] == "000000":
                continue
            legal_id = first_ten + str(legal_id_check_digit(first_ten))
            if legal_id not in taken:
                taken.add(legal_id)
                ids.append(legal_id)
        return ids

    def national_codes(self, count: int) -> list[str]:
        taken = set(Representative.objects.values_list("national_code", flat=True))
        codes = []
        while len(codes) < count:
            first_nine = f"{self.rng.randrange(10**9):09d}"
            code = first_nine + str(national_code_check_digit(first_nine))
            if len(set(code)) > 1 and code not in taken:
                taken.add(code)
                codes.append(code)
        return codes

    def postal_code(self) -> str:
        while True:
            code = "".join(self.rng.choice("13456789") for _ in range(5)) + "".join(
                self.rng.choice("013456789") for _ in range(5)
            )
            if code[4] != "5" and len(set(code[:4])) > 1:
                return code

    def mobile(self) -> str:
        operator = self.rng.choice((12, 13, 15, 19, 21, 35, 36, 90))
        return f"09{operator}{self.rng.randrange(10**7):07d}"

    # NGOs --------------------------------------------------------------------

    def create_ngos(self, count: int) -> None:
        """NGOs in every province and status, most with a representative.

        The first is verified, has an approved representative and is the
        benchmark's busy NGO.
        """
        provinces = {p.code: p for p in Province.objects.all()}
        codes = list(provinces)
        weights = [words.PROVINCE_WEIGHTS.get(code, 1) for code in codes]
        areas = list(FocusArea.objects.all())
        statuses, status_weights = zip(*NGO_STATUSES.items(), strict=True)
        ngos = []
        for index, national_id in enumerate(self.legal_ids(count)):
            # Every province has NGOs, the populous ones more.
            code = codes[index] if index < len(codes) else None
            code = code or self.rng.choices(codes, weights)[0]
            city = self.rng.choice(words.CITIES.get(code) or [provinces[code].name_fa])
            status = (
                NGO.Status.VERIFIED
                if index == 0
                else self.rng.choices(statuses, status_weights)[0]
            )
            # The benchmark's NGO is one of the oldest: five years of proposals.
            applied = (
                self.start + datetime.timedelta(days=3)
                if index == 0
                else self.past(skew=1.6)
            )
            ngo = self.ngo(national_id, code, city, status, applied)
            ngo.applicant = None
            ngo.areas = self.rng.sample(areas, self.rng.randint(1, 3))
            ngo.served = self.rng.sample(codes, self.rng.choice((0, 0, 1, 2, 4)))
            ngos.append(ngo)
        self.verified = [ngo for ngo in ngos if ngo.status == NGO.Status.VERIFIED]
        self.proposing = []
        if not ngos:
            return
        # Most NGOs applied through the site with a representative; the
        # rest came in registry imports.
        self.create_applicants(
            [
                ngo
                for index, ngo in enumerate(ngos)
                if index == 0 or self.rng.random() < 0.85
            ]
        )
        self.write(NGO, ngos)
        self.write_ngo_links(ngos)
        self.write_ngo_history(ngos)
        # Who may send proposals: approved representatives of verified NGOs.
        self.proposing = [
            (ngo, ngo.applicant.user)
            for ngo in self.verified
            if ngo.applicant and ngo.applicant.approved_at
        ]
        self.result.benchmark_ngo, self.result.benchmark_user = self.proposing[0]

    def ngo(self, national_id, province, city, status, applied) -> NGO:
        kind, kind_en = self.rng.choice(words.NGO_KINDS)
        name, name_en = self.rng.choice(words.NGO_NAMES)
        purpose, purpose_en = self.rng.choice(words.NGO_PURPOSES)
        registered = applied.date() - datetime.timedelta(
            days=self.rng.randint(30, 365 * 15)
        )
        ngo = NGO(
            name=" ".join(part for part in (kind, name, purpose, city) if part),
            name_en=" ".join(part for part in (name_en, kind_en, purpose_en) if part)
            if self.rng.random() < 0.7
            else "",
            national_id=national_id,
            registration_number=str(self.rng.randint(1_000, 99_999)),
            registration_date=registered,
            licensing_authority=self.rng.choice(NGO.LicensingAuthority.values),
            founding_year=jalali_year(registered),
            province_id=province,
            city=city,
            address=(
                f"{city}، خیابان {self.rng.choice(words.STREETS)}، "
                f"پلاک {self.rng.randint(1, 240)}"
            ),
            postal_code=self.postal_code(),
            phone=f"0{self.rng.randint(11, 87)}{self.rng.randrange(10**8):08d}",
            email=f"info.{national_id}@example.org",
            website=f"https://ngo-{national_id}.example.org"
            if self.rng.random() < 0.4
            else "",
            description=" ".join(self.rng.sample(words.NGO_ACTIVITIES, 2)),
            households_served=self.rng.choice([None, self.rng.randint(20, 2_000)]),
            status=status,
            created_at=applied,
        )
        ngo.history = [("", NGO.Status.PENDING, applied)]
        if status != NGO.Status.PENDING:
            decided = self.later(applied, 2, 45)
            first = NGO.Status.REJECTED if status == "rejected" else "verified"
            ngo.history.append((NGO.Status.PENDING, first, decided))
            if first == NGO.Status.VERIFIED:
                ngo.verified_at = decided
                ngo.verified_by = self.rng.choice(self.registrars)
            if status == NGO.Status.SUSPENDED:
                suspended = self.later(decided, 30, 500)
                ngo.history.append((NGO.Status.VERIFIED, status, suspended))
        ngo.updated_at = ngo.history[-1][2]
        return ngo

    def create_applicants(self, ngos) -> None:
        """An account and a representative record (``ngo.applicant``, written
        once the NGOs have keys) for each of ``ngos``."""
        users = self.users("scale_rep_", [ngo.created_at for ngo in ngos])
        for ngo, user, code in zip(
            ngos, users, self.national_codes(len(ngos)), strict=True
        ):
            approved = ngo.verified_at if self.rng.random() < 0.97 else None
            ngo.applicant = Representative(
                user=user,
                role=self.rng.choice(Representative.Role.values),
                national_code=code,
                mobile=self.mobile(),
                language="en" if self.rng.random() < 0.1 else "fa",
                approved_at=approved,
                approved_by=ngo.verified_by if approved else None,
                created_at=ngo.created_at,
            )
        # The benchmark's NGO always has an approved representative.
        if ngos and ngos[0].verified_at:
            first = ngos[0].applicant
            first.approved_at, first.approved_by = (
                ngos[0].verified_at,
                ngos[0].verified_by,
            )

    def write_ngo_links(self, ngos) -> None:
        focus = NGO.focus_areas.through
        served = NGO.provinces_served.through
        focus.objects.bulk_create(
            [
                focus(ngo_id=ngo.pk, focusarea_id=area.pk)
                for ngo in ngos
                for area in ngo.areas
            ],
            batch_size=self.batch_size,
        )
        served.objects.bulk_create(
            [
                served(ngo_id=ngo.pk, province_id=code)
                for ngo in ngos
                for code in ngo.served
            ],
            batch_size=self.batch_size,
        )

    def write_ngo_history(self, ngos) -> None:
        applicants = []
        for ngo in ngos:
            if ngo.applicant:
                ngo.applicant.ngo = ngo
                applicants.append(ngo.applicant)
        self.write(Representative, applicants)
        changes = []
        for ngo in ngos:
            applicant = ngo.applicant
            for from_status, to_status, at in ngo.history:
                if not from_status:
                    # An application through the site, or a registry import.
                    actor = (
                        applicant.user
                        if applicant
                        else self.rng.choice(self.registrars)
                    )
                else:
                    actor = ngo.verified_by or self.rng.choice(self.registrars)
                changes.append(
                    NGOStatusChange(
                        ngo=ngo,
                        from_status=from_status,
                        to_status=to_status,
                        actor=actor,
                        at=at,
                        reason=NGO_REASONS.get(to_status, ""),
                        basis=self.rng.choice(NGOStatusChange.Basis.values)
                        if to_status == NGO.Status.VERIFIED
                        else "",
                        evidence="استعلام سامانه ثبت سازمان‌ها"
                        if to_status == NGO.Status.VERIFIED
                        else "",
                    )
                )
        self.write(NGOStatusChange, changes)

    # Meetings ----------------------------------------------------------------

    def create_meetings(self, count: int) -> None:
        """Meetings over five years, a few still to come, with full minutes.

        The parts are written while every minutes is a draft; the minutes
        are approved afterwards, and the search keys computed last, from all
        the parts, by ``Meeting.build_search_key``.
        """
        scheduled = round(count * SCHEDULED_SHARE)
        today = timezone.localdate(self.now)
        days = sorted(
            [
                self.between(self.start, self.now - datetime.timedelta(days=1)).date()
                for _ in range(count - scheduled)
            ]
            + [
                today + datetime.timedelta(days=self.rng.randint(3, 60))
                for _ in range(scheduled)
            ]
        )
        areas = list(FocusArea.objects.all())
        meetings = [self.meeting(day) for day in days]
        published = [meeting for meeting in meetings if meeting.to_approve]
        held = [meeting for meeting in meetings if meeting.status == "held"]
        if held and not published:
            held[-1].to_approve = True
            published = held[-1:]
        for meeting in meetings:
            meeting.search_key = meeting.build_search_key()
        self.write(Meeting, meetings)
        # The most recent published minutes are the benchmark's long record.
        benchmark = published[-1] if published else None
        self.result.benchmark_meeting = benchmark
        agenda = {m: self.agenda(m) for m in meetings}
        self.write(AgendaItem, [item for items in agenda.values() for item in items])
        people = {m: self.participants(m) for m in meetings}
        self.write(Participant, [p for persons in people.values() for p in persons])
        statements, decisions = [], []
        for meeting in meetings:
            if meeting.status != Meeting.Status.HELD:
                continue
            count = (
                BENCHMARK_STATEMENTS
                if meeting is benchmark
                else self.rng.randint(2, 12)
            )
            statements += self.statements(
                meeting, agenda[meeting], people[meeting], count
            )
            decisions += self.decisions(meeting, people[meeting])
        self.write(Statement, statements)
        self.write(Decision, decisions)
        focus = Meeting.focus_areas.through
        focus.objects.bulk_create(
            [
                focus(meeting_id=meeting.pk, focusarea_id=area.pk)
                for meeting in meetings
                for area in self.rng.sample(areas, self.rng.randint(1, 3))
            ],
            batch_size=self.batch_size,
        )
        self.approve_minutes(meetings, decisions)
        self.meetings = meetings
        self.held = [m for m in meetings if m.status == Meeting.Status.HELD]
        self.held_starts = [m.starts_at for m in self.held]

    def meeting(self, day: datetime.date) -> Meeting:
        starts = self.moment(day, 9, 11)
        topic = self.rng.choice(words.MEETING_TOPICS)
        meeting = Meeting(
            title=topic,
            starts_at=starts,
            ends_at=starts
            + datetime.timedelta(minutes=self.rng.choice((90, 120, 150))),
            place=self.rng.choice(
                [
                    "تهران، وزارت کشور، سالن شهید رجایی",
                    "تهران، سازمان امور اجتماعی کشور، طبقه سوم",
                    "برخط (ویدئوکنفرانس)",
                ]
            ),
            organiser="معاونت مشارکت‌های اجتماعی سازمان امور اجتماعی کشور",
            summary=f"{topic}؛ {self.rng.choice(words.STATEMENTS)}",
            created_at=starts - datetime.timedelta(days=self.rng.randint(5, 30)),
        )
        if starts > self.now:
            meeting.status = Meeting.Status.SCHEDULED
        elif self.rng.random() < 0.04:
            meeting.status = Meeting.Status.CANCELLED
        else:
            meeting.status = Meeting.Status.HELD
        # Approved at the end (see approve_minutes); recent minutes are
        # still being written.
        recent = self.now - starts < datetime.timedelta(days=10)
        meeting.to_approve = (
            meeting.status == Meeting.Status.HELD
            and not recent
            and self.rng.random() < 0.92
        )
        meeting.updated_at = meeting.created_at
        return meeting

    def agenda(self, meeting) -> list[AgendaItem]:
        titles = self.rng.sample(words.AGENDA_TITLES, self.rng.randint(3, 6))
        return [
            AgendaItem(
                meeting=meeting,
                order=order,
                title=title,
                description=self.rng.choice(["", self.rng.choice(words.SUMMARIES)]),
            )
            for order, title in enumerate(titles, start=1)
        ]

    def participants(self, meeting) -> list[Participant]:
        if meeting.status != Meeting.Status.HELD:
            return []
        roles_ = [Participant.Role.CHAIR, Participant.Role.SECRETARY]
        roles_ += [Participant.Role.OFFICIAL] * self.rng.randint(1, 4)
        roles_ += [Participant.Role.NGO_REPRESENTATIVE] * self.rng.randint(3, 9)
        roles_ += [Participant.Role.GUEST] * self.rng.randint(0, 2)
        people = []
        for order, role in enumerate(roles_, start=1):
            first_name, last_name = self.person()
            person = Participant(
                meeting=meeting,
                order=order,
                name=f"{first_name} {last_name}",
                role=role,
                attended=role in (Participant.Role.CHAIR, Participant.Role.SECRETARY)
                or self.rng.random() < 0.92,
            )
            if role == Participant.Role.NGO_REPRESENTATIVE and self.verified:
                person.ngo = self.rng.choice(self.verified)
                person.position = self.rng.choice(["مدیرعامل", "رئیس هیئت‌مدیره", ""])
            elif role == Participant.Role.GUEST:
                person.affiliation = self.rng.choice(words.GUEST_AFFILIATIONS)
            else:
                person.position = self.rng.choice(words.OFFICIAL_POSITIONS)
            people.append(person)
        return people

    def statements(self, meeting, agenda, people, count) -> list[Statement]:
        speakers = [person for person in people if person.attended]
        items = sorted(self.rng.choices(agenda, k=count), key=lambda item: item.order)
        return [
            Statement(
                meeting=meeting,
                order=order,
                agenda_item=item,
                speaker=self.rng.choice(speakers),
                text=self.rng.choice(words.STATEMENTS),
            )
            for order, item in enumerate(items, start=1)
        ]

    def decisions(self, meeting, people) -> list[Decision]:
        ngos = [person.ngo for person in people if person.ngo]
        today = timezone.localdate(self.now)
        decisions = []
        for order in range(1, self.rng.randint(1, 6) + 1):
            decision = Decision(
                meeting=meeting,
                order=order,
                text=self.rng.choice(words.DECISIONS),
            )
            if self.rng.random() < 0.6:
                decision.kind = Decision.Kind.ACTION_ITEM
                if ngos and self.rng.random() < 0.5:
                    decision.responsible_ngo = self.rng.choice(ngos)
                else:
                    decision.responsible_body = self.rng.choice(
                        words.RESPONSIBLE_BODIES
                    )
                decision.due_on = timezone.localdate(meeting.starts_at) + (
                    datetime.timedelta(days=self.rng.randint(30, 120))
                )
                if decision.due_on < today and self.rng.random() < 0.7:
                    decision.status = Decision.Status.DONE
                    decision.done_on = min(
                        decision.due_on
                        + datetime.timedelta(days=self.rng.randint(-25, 20)),
                        today,
                    )
            decisions.append(decision)
        return decisions

    def approve_minutes(self, meetings, decisions) -> None:
        """Approve the minutes chosen for it, record the meetings' history,
        then store every meeting's search key."""
        events, approved = [], []
        for meeting in meetings:
            secretary = self.rng.choice(self.secretaries)
            if meeting.status == Meeting.Status.CANCELLED:
                events.append(
                    MeetingEvent(
                        meeting=meeting,
                        action=MeetingEvent.Action.CANCELLED,
                        actor=secretary,
                        at=meeting.starts_at - datetime.timedelta(days=1),
                        reason="هم‌زمانی با برنامه وزیر",
                    )
                )
            if meeting.status != Meeting.Status.HELD:
                continue
            events.append(
                MeetingEvent(
                    meeting=meeting,
                    action=MeetingEvent.Action.HELD,
                    actor=secretary,
                    at=meeting.ends_at,
                )
            )
            if meeting.to_approve:
                meeting.minutes_status = Meeting.Minutes.APPROVED
                meeting.approved_at = self.later(meeting.ends_at, 2, 14)
                meeting.approved_by = secretary
                meeting.updated_at = meeting.approved_at
                approved.append(meeting)
                events.append(
                    MeetingEvent(
                        meeting=meeting,
                        action=MeetingEvent.Action.APPROVED,
                        actor=secretary,
                        at=meeting.approved_at,
                    )
                )
        for decision in decisions:
            if decision.status == Decision.Status.DONE:
                events.append(
                    MeetingEvent(
                        meeting=decision.meeting,
                        action=MeetingEvent.Action.ITEM_DONE,
                        decision=decision,
                        actor=self.rng.choice(self.secretaries),
                        at=min(self.moment(decision.done_on), self.now),
                    )
                )
        self.write(MeetingEvent, events)
        Meeting.objects.bulk_update(
            approved,
            ["minutes_status", "approved_at", "approved_by", "updated_at"],
            batch_size=self.batch_size,
        )
        keys = []
        for start in range(0, len(meetings), self.batch_size):
            chunk = [m.pk for m in meetings[start : start + self.batch_size]]
            for meeting in Meeting.objects.filter(pk__in=chunk).prefetch_related(
                "agenda_items", "participants", "statements", "decisions"
            ):
                keys.append(
                    Meeting(pk=meeting.pk, search_key=meeting.build_search_key())
                )
        Meeting.objects.bulk_update(keys, ["search_key"], batch_size=self.batch_size)

    # Proposals ---------------------------------------------------------------

    def create_proposals(self, count: int) -> None:
        """Proposals of every status, with their history, reviewers and
        score sheets, spread over the NGOs that may send them: a few send
        many, most a handful. The benchmark's NGO sends at least
        :data:`BENCHMARK_PROPOSALS`, in every status."""
        if not self.proposing or not count:
            return
        first = self.proposing[0]
        weights = [self.rng.paretovariate(1.3) for _ in self.proposing]
        senders = [first] * min(count, BENCHMARK_PROPOSALS) + self.rng.choices(
            self.proposing, weights, k=max(count - BENCHMARK_PROPOSALS, 0)
        )
        statuses, status_weights = zip(*PROPOSAL_STATUSES.items(), strict=True)
        plans = []
        for index, (ngo, author) in enumerate(senders):
            status = (
                statuses[index]
                if index < len(statuses)
                else self.rng.choices(statuses, status_weights)[0]
            )
            plans.append(self.plan(ngo, author, status))
        self.give_references(plans)
        areas = {area.code: area for area in FocusArea.objects.all()}
        for start in range(0, len(plans), self.batch_size):
            self.write_proposals(plans[start : start + self.batch_size], areas)

    def plan(self, ngo, author, status) -> Plan:
        # Room for the history before now: a decided proposal took months.
        latest = self.now - datetime.timedelta(days=2 if status == Status.DRAFT else 30)
        earliest = min(ngo.verified_at, latest - datetime.timedelta(days=1))
        plan = Plan(
            ngo=ngo,
            author=author,
            status=status,
            created_at=self.between(earliest, latest),
        )
        self.walk(plan)
        return plan

    def walk(self, plan: Plan) -> None:
        """The history that brought ``plan`` to its status, as the
        transition function and the services would have written it."""
        rng, status = self.rng, plan.status
        state = {"status": Status.DRAFT, "at": plan.created_at}

        def step(to_status="", *, kind=ProposalEvent.Kind.STATUS, actor, **extra):
            at = self.later(state["at"], *extra.pop("gap", (1, 20)))
            plan.steps.append(
                {
                    "kind": kind,
                    "from_status": state["status"] if to_status else "",
                    "to_status": to_status,
                    "at": at,
                    # Keys rather than objects: the events are many, and
                    # assigning related objects is the slow part of making them.
                    "actor_id": actor.pk,
                    **extra,
                }
            )
            state["at"] = at
            if to_status:
                state["status"] = to_status

        if status == Status.DRAFT:
            return
        if status == Status.WITHDRAWN and rng.random() < 0.3:
            step(Status.WITHDRAWN, actor=plan.author)
            return
        step(Status.SUBMITTED, actor=plan.author)
        if status == Status.SUBMITTED:
            return
        if status == Status.WITHDRAWN:
            step(Status.WITHDRAWN, actor=plan.author)
            return
        plan.reviewer = rng.choice(self.reviewers)
        step(
            kind=ProposalEvent.Kind.ASSIGNMENT,
            actor=rng.choice(self.reviewers),
            assignee_id=plan.reviewer.pk,
            visibility=ProposalEvent.Visibility.INTERNAL,
            gap=(0, 3),
        )
        step(Status.UNDER_REVIEW, actor=plan.reviewer, gap=(0, 10))
        if status == Status.CHANGES_REQUESTED or rng.random() < 0.2:
            step(
                Status.CHANGES_REQUESTED,
                actor=plan.reviewer,
                comment=rng.choice(words.CHANGE_REQUESTS),
            )
            if status == Status.CHANGES_REQUESTED:
                return
            step(Status.SUBMITTED, actor=plan.author)
            step(Status.UNDER_REVIEW, actor=plan.reviewer, gap=(0, 5))
        if rng.random() < 0.2:
            step(
                kind=ProposalEvent.Kind.COMMENT,
                actor=plan.reviewer,
                comment=rng.choice(words.INTERNAL_NOTES),
                visibility=ProposalEvent.Visibility.INTERNAL,
                gap=(0, 7),
            )
        if status == Status.APPROVED:
            step(status, actor=plan.reviewer, comment=rng.choice(words.REVIEW_COMMENTS))
        elif status == Status.REJECTED:
            reason_code, comment = rng.choice(words.REJECTIONS)
            step(status, actor=plan.reviewer, comment=comment, reason_code=reason_code)
        # NGOs present a fifth of the proposals under review at a meeting.
        reviewed = [s["at"] for s in plan.steps if s["to_status"] == "under_review"]
        if self.held_starts and rng.random() < 0.2:
            index = bisect.bisect(self.held_starts, reviewed[0])
            if index < len(self.held):
                plan.meeting = self.held[index]

    def give_references(self, plans) -> None:
        """Reference numbers in the order of first submission, per Jalali
        year, after the numbers the site gave already; the year's counters
        move past them."""
        submitted = sorted(
            (
                (next(s["at"] for s in plan.steps if s["to_status"] == "submitted"), i)
                for i, plan in enumerate(plans)
                if any(s["to_status"] == "submitted" for s in plan.steps)
            ),
        )
        sequences = {
            sequence.year: sequence
            for sequence in ReferenceSequence.objects.select_for_update()
        }
        for at, index in submitted:
            year = jalali_year(at)
            sequence = sequences.setdefault(year, ReferenceSequence(year=year, last=0))
            sequence.last += 1
            plans[index].reference = f"{year}-{sequence.last:05d}"
        ReferenceSequence.objects.bulk_create(
            list(sequences.values()),
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last"],
        )

    def write_proposals(self, plans, areas) -> None:
        proposals = [self.proposal(plan) for plan in plans]
        self.write(Proposal, proposals)
        provinces = Proposal.provinces.through
        provinces.objects.bulk_create(
            [
                provinces(proposal_id=proposal.pk, province_id=code)
                for proposal in proposals
                for code in proposal.province_codes
            ],
            batch_size=self.batch_size,
        )
        focus = Proposal.focus_areas.through
        focus.objects.bulk_create(
            [
                focus(proposal_id=proposal.pk, focusarea_id=areas[code].pk)
                for proposal in proposals
                for code in proposal.area_codes
            ],
            batch_size=self.batch_size,
        )
        events, sheets = [], []
        for plan, proposal in zip(plans, proposals, strict=True):
            events += [
                ProposalEvent(proposal_id=proposal.pk, **step) for step in plan.steps
            ]
            if plan.status in SCORED:
                sheets += self.score_sheets(plan, proposal)
        self.write(ProposalEvent, events)
        self.write(ScoreSheet, sheets)

    def proposal(self, plan: Plan) -> Proposal:
        rng = self.rng
        title, area_codes = rng.choice(words.IDEAS)
        group = rng.choice(words.IDEA_GROUPS)
        budget = rng.randint(20, 900) * 10_000_000
        # Drafts are often half written.
        complete = plan.status != Status.DRAFT or rng.random() < 0.5
        statuses = [s for s in plan.steps if s["to_status"]]
        submissions = [s["at"] for s in statuses if s["to_status"] == "submitted"]
        decisions = [
            s["at"] for s in statuses if s["to_status"] in ("approved", "rejected")
        ]
        proposal = Proposal(
            ngo=plan.ngo,
            created_by=plan.author,
            title=" ".join(
                part for part in (title, group, f"در {plan.ngo.city}") if part
            ),
            summary=" ".join(rng.sample(words.SUMMARIES, 2)),
            problem=rng.choice(words.PROBLEMS),
            solution=rng.choice(words.SUMMARIES) if complete else "",
            executive_plan=rng.choice(words.PLANS) if complete else "",
            target_group=rng.choice(words.TARGET_GROUPS),
            beneficiaries=rng.randint(20, 600),
            duration_months=rng.choice((3, 6, 9, 12, 18, 24, 36)),
            budget_rials=budget,
            co_funding_rials=budget * rng.choice((0, 1, 2, 3)) // 10 or None,
            co_funding_source=rng.choice(words.CO_FUNDERS),
            presented_at_meeting=plan.meeting,
            reference=plan.reference,
            status=plan.status,
            reviewer=plan.reviewer,
            submitted_at=submissions[0] if submissions else None,
            last_submitted_at=submissions[-1] if submissions else None,
            decided_at=decisions[-1] if decisions else None,
            status_changed_at=statuses[-1]["at"] if statuses else None,
            created_at=plan.created_at,
            updated_at=plan.steps[-1]["at"] if plan.steps else plan.created_at,
        )
        proposal.search_key = proposal.build_search_key()
        proposal.area_codes = area_codes
        proposal.province_codes = {plan.ngo.province_id} | set(
            rng.sample(plan.ngo.served, min(len(plan.ngo.served), 1))
        )
        return proposal

    def score_sheets(self, plan: Plan, proposal) -> list[ScoreSheet]:
        """One to three sheets by different reviewers, written while the
        proposal was under review (the last time)."""
        reviewed = [s["at"] for s in plan.steps if s["to_status"] == "under_review"]
        until = plan.steps[-1]["at"] if plan.status != "under_review" else self.now
        others = [r for r in self.reviewers if r != plan.reviewer]
        scorers = [plan.reviewer] + self.rng.sample(others, self.rng.randint(0, 2))
        if plan.status == Status.UNDER_REVIEW and self.rng.random() < 0.5:
            return []
        sheets = []
        for reviewer in scorers:
            at = reviewed[-1] + (until - reviewed[-1]) * self.rng.uniform(0.1, 0.9)
            low = 3 if plan.status == Status.APPROVED else 1
            sheets.append(
                ScoreSheet(
                    proposal_id=proposal.pk,
                    reviewer_id=reviewer.pk,
                    comment=self.rng.choice(words.REVIEW_COMMENTS),
                    created_at=at,
                    updated_at=at,
                    **{
                        name: self.rng.randint(low, 5 if low == 3 else 4)
                        for name in ScoreSheet.CRITERIA
                    },
                )
            )
        return sheets

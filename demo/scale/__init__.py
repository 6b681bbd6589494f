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
- plans in delivery only for approved proposals, their milestones due
  after the decision, a completed plan's all done (no progress reports or
  plan history are made);
- no mail is sent and nothing is written to the audit trail
  (``workgroup.audit``): both come from the services, which are not called.

The dates given are kept: ``auto_now`` and ``auto_now_add`` are switched off
for the duration (:func:`given_timestamps`).
"""

import datetime
import random
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.utils import timezone

from core import roles
from delivery.models import Milestone, Plan
from demo.scale import words
from demo.scale.delivery import DeliveryMaker
from demo.scale.meetings import MeetingMaker
from demo.scale.proposals import ProposalMaker
from demo.scale.registry import RegistryMaker
from meetings.models import Meeting
from ngos.models import NGO, NGOStatusChange, Representative
from ngos.validators import legal_id_check_digit, national_code_check_digit
from proposals.models import Proposal, ProposalEvent, ScoreSheet

YEARS = 5
STAFF = {
    roles.REVIEWERS: ("reviewer", 12),
    roles.REGISTRY_OFFICERS: ("registrar", 4),
    roles.MEETING_SECRETARIES: ("secretary", 3),
}
TIMESTAMPED_MODELS = (
    NGO,
    NGOStatusChange,
    Representative,
    Meeting,
    Proposal,
    ProposalEvent,
    ScoreSheet,
    Plan,
    Milestone,
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


class Generator(RegistryMaker, MeetingMaker, ProposalMaker, DeliveryMaker):
    """Makes the records; :meth:`run` writes them all or nothing.

    The makers of each kind of record share its random generator, clock and
    staff accounts.
    """

    def __init__(self, *, seed: int, batch_size: int, now=None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.now = now or timezone.now()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.zone = timezone.get_default_timezone()
        self.result = Result()

    def run(self, *, ngos: int, proposals: int, meetings: int) -> Result:
        with transaction.atomic(), given_timestamps(*TIMESTAMPED_MODELS):
            self.create_staff()
            self.reseed("ngos")
            self.create_ngos(ngos)
            self.reseed("meetings")
            self.create_meetings(meetings)
            self.reseed("proposals")
            self.create_proposals(proposals)
            self.reseed("plans")
            self.create_plans()
        return self.result

    def reseed(self, phase: str) -> None:
        """A random generator of the phase's own, from the seed: a phase
        draws more or fewer numbers by the day it runs on (an action item's
        due date before or after today), and with one generator for all
        the proposals that follow were spread differently from day to day
        (the bench's busiest NGO had 1,741 proposals one day, 9,101
        another)."""
        self.rng = random.Random(f"{self.seed}:{phase}")

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
        # Drawn whether it is needed or not: which moments fall outside the
        # span depends on the day of the run (a Friday moves to Saturday),
        # and a draw only for those would shift every number after it.
        fallback = self.rng.uniform(0.1, 0.9)
        if not earliest < result < latest:
            result = earliest + (latest - earliest) * fallback
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

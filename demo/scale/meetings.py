"""The meeting record: meetings, their minutes and history."""

import datetime

from django.utils import timezone

from demo.scale import words
from meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingEvent,
    Participant,
    Statement,
)
from ngos.models import FocusArea

# The benchmark opens the page of one long meeting record.
BENCHMARK_STATEMENTS = 50
# Meetings announced but not yet held, as a share of all meetings.
SCHEDULED_SHARE = 0.03


class MeetingMaker:
    """Meetings with agenda, participants, statements and decisions."""

    def create_meetings(self, count: int) -> None:
        """Meetings over five years, a few still to come, with full minutes.

        The parts are written while all the minutes are drafts; the minutes
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

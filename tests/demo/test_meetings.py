import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingEvent,
    Participant,
    Statement,
)

pytestmark = pytest.mark.django_db

SEED_TITLE = "جلسه کارگروه تخصصی سازمان‌های مردم‌نهاد حوزه زنان سرپرست خانوار"
MODELS = [Meeting, AgendaItem, Participant, Statement, Decision, MeetingEvent]


def load():
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())


def test_the_seed_meeting_is_a_full_approved_record():
    load()
    seed = Meeting.objects.get(title=SEED_TITLE)
    assert timezone.localtime(seed.starts_at).date() == datetime.date(2018, 1, 8)
    assert (seed.status, seed.minutes_status) == ("held", "approved")
    assert seed.organiser == "معاونت مشارکت‌های اجتماعی سازمان امور اجتماعی کشور"
    officials = {
        p.name: p.position
        for p in seed.participants.filter(role__in=["chair", "official"])
    }
    assert officials == {
        "دکتر اکبری": "معاون مشارکت‌های اجتماعی سازمان امور اجتماعی کشور",
        "خانم عابدینی": "مدیر طرح و توسعه نهادهای اجتماعی، معاونت مشارکت‌های اجتماعی",
    }
    speakers = set(seed.statements.values_list("speaker__name", flat=True))
    assert {"دکتر اکبری", "خانم عابدینی"} <= speakers
    assert seed.participants.filter(role="ngo_representative").count() == 4
    kinds = list(seed.decisions.values_list("kind", flat=True))
    assert kinds.count("decision") == 2
    assert kinds.count("action_item") == 4
    assert "فراخوان" in seed.decisions.first().text


def test_later_meetings_follow_up_the_seed_meeting():
    load()
    seed = Meeting.objects.get(title=SEED_TITLE)
    second, recent, upcoming = Meeting.objects.exclude(pk=seed.pk).order_by("starts_at")
    assert second.has_public_minutes
    assert (recent.status, recent.minutes_status) == ("held", "draft")
    assert upcoming.status == "scheduled"
    assert upcoming.starts_at > timezone.now()
    followed = second.agenda_items.get(order=1).follow_up.all()
    assert set(followed) == set(seed.decisions.filter(kind="action_item"))
    done = seed.decisions.filter(status="done")
    assert done.count() == 2
    assert upcoming.agenda_items.get(order=1).follow_up.exists()


def test_loading_the_demo_twice_adds_nothing():
    load()
    counts = {model: model.objects.count() for model in MODELS}
    load()
    assert {model: model.objects.count() for model in MODELS} == counts

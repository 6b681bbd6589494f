"""Demo calls for proposals: the call the seed meeting launched, long closed,
which every demo proposal answers; and one call open now.

The seed call is opened while the demo proposals are submitted (the site
refuses a submission to a closed call) and given its real dates at the end.
"""

import datetime

import jdatetime
from django.utils import timezone

from meetings.models import Decision, Meeting
from ngos.models import FocusArea
from proposals.models import Call, add_default_rubric

SEED_TITLE = "فراخوان ایده‌ها و طرح‌های اجرایی برای زنان سرپرست خانوار"
SEED_CALL = {
    "title_en": "Call for ideas and executive plans for female-headed households",
    "description": (
        "کارگروه تخصصی در جلسهٔ ۱۸ دی ۱۳۹۶ از سازمان‌های مردم‌نهاد فعال در حوزهٔ "
        "زنان سرپرست خانوار خواست ایده‌ها و طرح‌های اجرایی خود را برای توانمندسازی "
        "و حمایت از این زنان و فرزندانشان بفرستند. طرح‌هایی که به اشتغال، آموزش "
        "مهارت و حمایت روانی-اجتماعی کمک کنند در اولویت‌اند."
    ),
    "description_en": (
        "At its meeting of 8 January 2018 the working group asked the NGOs "
        "serving female-headed households for their ideas and executive plans "
        "to empower and support these women and their children. Plans for "
        "employment, skills training and psychosocial support come first."
    ),
    "ceiling_rials": 5_000_000_000,
    "envelope_rials": 40_000_000_000,
}
OPEN_TITLE = "فراخوان طرح‌های اشتغال خانگی زنان سرپرست خانوار"
OPEN_CALL = {
    "title_en": "Call for home-based employment plans for female-headed households",
    "description": (
        "طرح‌هایی که برای زنان سرپرست خانوار کار خانگی پایدار بسازند: آموزش "
        "مهارت، تأمین ابزار و مواد اولیه، و فروش تولیدات. هر طرح باید شمار "
        "زنانی را که درآمد پیدا می‌کنند و برنامهٔ فروش را روشن بگوید."
    ),
    "description_en": (
        "Plans that build lasting home-based work for female-headed "
        "households: skills training, tools and materials, and selling what "
        "they make. Each plan says how many women will earn an income and "
        "how the products will be sold."
    ),
    "ceiling_rials": 2_500_000_000,
    "envelope_rials": 30_000_000_000,
}


def _tehran(year, month, day, hour):
    day = jdatetime.date(year, month, day).togregorian()
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def open_seed_call() -> Call:
    """The seed meeting's call, open for now so that the demo's proposals can
    be submitted to it; :func:`close_seed_call` gives it its real dates."""
    start = _tehran(1396, 10, 18, 0)
    meeting = Meeting.objects.filter(
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    ).first()
    decision = (
        Decision.objects.filter(meeting=meeting, text__startswith="فراخوان").first()
        if meeting
        else None
    )
    now = timezone.now()
    call, _created = Call.objects.update_or_create(
        title=SEED_TITLE,
        defaults={
            **SEED_CALL,
            "opens_at": _tehran(1396, 10, 18, 12),
            "closes_at": now + datetime.timedelta(hours=1),
            "launched_at_meeting": meeting,
            "launched_by_decision": decision,
        },
    )
    call.focus_areas.set(FocusArea.objects.all())
    add_default_rubric(call)
    return call


def close_seed_call(call: Call) -> None:
    # The deadline the seed meeting set for sending the plans: 1396/12/15.
    Call.objects.filter(pk=call.pk).update(closes_at=_tehran(1396, 12, 15, 14))


def make_open_call() -> Call:
    now = timezone.now()
    call, _created = Call.objects.update_or_create(
        title=OPEN_TITLE,
        defaults={
            **OPEN_CALL,
            "opens_at": now - datetime.timedelta(days=10),
            "closes_at": (now + datetime.timedelta(days=40)).replace(
                minute=0, second=0, microsecond=0
            ),
        },
    )
    call.focus_areas.set(
        FocusArea.objects.filter(code__in=["economic-empowerment", "skills-training"])
    )
    add_default_rubric(call)
    return call

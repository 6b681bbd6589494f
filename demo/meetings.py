"""Demo meetings: the seed meeting and the meetings that follow it up.

The first meeting is the one the seed news report describes (Monday
1396/10/18): who spoke and what they said is summarised in our own words.
The report gives neither the hour nor the room, and names only the two
officials; the time, the place, the secretary and the NGO representatives
(the demo representatives of the registry's demo NGOs) are made up, as are
the later meetings that follow up the first one's action items.
"""

import datetime

import jdatetime
from django.contrib.auth.models import User
from django.utils import timezone

from demo.accounts import DemoContext
from demo.ngos import DEMO_NGOS
from meetings import services
from meetings.models import Decision, Meeting
from ngos.models import NGO, FocusArea

SECRETARIAT = "دبیرخانه کارگروه"
ORGANISER = "معاونت مشارکت‌های اجتماعی سازمان امور اجتماعی کشور"
PLACE = "تهران، وزارت کشور، سالن جلسات سازمان امور اجتماعی کشور"

MEHR_AFARINAN = "14101730479"
ISFAHAN_ASSOCIATION = "14108576235"
SHIRAZ_CENTRE = "14107113540"
OMID_CHILDREN = "14107234114"

AKBARI = "دکتر اکبری"
ABEDINI = "خانم عابدینی"
REZAEI = "نرگس رضایی"
AHMADI = "مریم احمدی"
KARIMI = "زهرا کریمی"
MOHAMMADI = "لیلا محمدی"
HOSSEINI = "سمیه حسینی"

PEOPLE = {
    AKBARI: ("معاون مشارکت‌های اجتماعی سازمان امور اجتماعی کشور", "", "official"),
    ABEDINI: (
        "مدیر طرح و توسعه نهادهای اجتماعی، معاونت مشارکت‌های اجتماعی",
        "",
        "official",
    ),
    REZAEI: ("کارشناس دبیرخانه کارگروه", "", "secretary"),
    AHMADI: ("مدیرعامل", MEHR_AFARINAN, "ngo_representative"),
    KARIMI: ("رئیس هیئت‌مدیره", ISFAHAN_ASSOCIATION, "ngo_representative"),
    MOHAMMADI: ("مدیر برنامه‌ها", SHIRAZ_CENTRE, "ngo_representative"),
    HOSSEINI: ("مدیرعامل", OMID_CHILDREN, "ngo_representative"),
}

SEED_MEETING = {
    "title": "جلسه کارگروه تخصصی سازمان‌های مردم‌نهاد حوزه زنان سرپرست خانوار",
    "starts_at": (1396, 10, 18, 10, 0),
    "ends_at": (1396, 10, 18, 12, 0),
    "summary": (
        "نخستین جلسه ثبت‌شده کارگروه به دعوت معاونت مشارکت‌های اجتماعی سازمان "
        "امور اجتماعی کشور برگزار شد. مسئولان معاونت توضیح دادند که چرا کاهش "
        "آسیب‌های اجتماعی بدون سازمان‌های مردم‌نهاد ممکن نیست و از سازمان‌ها "
        "خواستند ایده‌ها، طرح‌های اجرایی و پیشنهادهای خود را ارائه کنند. "
        "نمایندگان سازمان‌ها پیشنهادها، راهکارها و تجربه‌های خود را برای آغاز "
        "همکاری مشترک مطرح کردند."
    ),
    "focus_areas": ["harm-prevention", "economic-empowerment", "family-support"],
    "participants": [
        (AKBARI, "chair", True),
        (ABEDINI, "official", True),
        (REZAEI, "secretary", True),
        (AHMADI, "ngo_representative", True),
        (KARIMI, "ngo_representative", True),
        (MOHAMMADI, "ngo_representative", True),
        (HOSSEINI, "ngo_representative", False),
    ],
    "agenda": [
        ("نقش سازمان‌های مردم‌نهاد در کاهش آسیب‌های اجتماعی", ""),
        (
            "هدف کارگروه و آنچه از سازمان‌های مردم‌نهاد انتظار می‌رود",
            "فراخوان ایده‌ها، طرح‌های اجرایی و پیشنهادها",
        ),
        ("پیشنهادها، راهکارها و تجربه‌های سازمان‌های مردم‌نهاد", ""),
        ("جمع‌بندی و تصمیم‌ها", ""),
    ],
    # (agenda item number, speaker, what was said in our own words)
    "statements": [
        (
            1,
            AKBARI,
            "دولت و وزارت کشور به‌طور جدی به دنبال بهره‌گیری از توان سازمان‌های "
            "مردم‌نهاد هستند و زمینه آن را فراهم می‌کنند. باور دولت این است که "
            "آسیب‌های اجتماعی جز با مشارکت مردم و سازمان‌های مردم‌نهاد کاهش "
            "نمی‌یابد.",
        ),
        (
            1,
            AKBARI,
            "سازمان‌های مردم‌نهاد آسیب‌های اجتماعی را بهتر از دستگاه‌ها و "
            "مسئولان دولتی می‌شناسند، پس راه خردمندانه اعتماد به آن‌هاست. این "
            "سازمان‌ها باید در شناخت مسئله، پیشنهاد راه‌حل و اجرای آن حضور داشته "
            "باشند، و باید همه دستگاه‌های مسئول در حوزه آسیب‌های اجتماعی را قانع "
            "کرد که در اجرای برنامه‌هایشان به مشارکت آن‌ها تکیه کنند.",
        ),
        (
            1,
            ABEDINI,
            "کشور به این نتیجه رسیده است که کاهش آسیب‌های اجتماعی بدون مشارکت "
            "نهادمند مردم شدنی نیست و دستگاه‌های دولتی به‌تنهایی از پس آن "
            "برنمی‌آیند. امروز کاهش این آسیب‌ها دغدغه اصلی همه مسئولان و "
            "دلسوزان اجتماعی است.",
        ),
        (
            1,
            ABEDINI,
            "با یادآوری تأکید رهبری بر به‌کارگیری ظرفیت‌های مردمی، گفت آسیب‌های "
            "اجتماعی به نسبت‌های گوناگون در شهرها و به‌ویژه در حاشیه شهرهای بزرگ "
            "گسترده شده و زنان سرپرست خانوار و فرزندانشان در معرض پیامدهای آن "
            "هستند؛ از این رو نهادهای دولتی و غیردولتی باید با عزمی مشترک به "
            "کاهش و حل این آسیب‌ها بپردازند.",
        ),
        (
            2,
            ABEDINI,
            "هدف کارگروه، جلب مشارکت سازمان‌های مردم‌نهاد و دریافت طرح‌ها و "
            "پیشنهادهای اجرایی برای پیشگیری از آسیب‌هایی است که خانواده و زنان "
            "سرپرست خانوار را تهدید می‌کند. مداخله نهادهای اجتماعی وقتی اثربخش "
            "است که به راهکارهای عملی برای حمایت از زنان سرپرست خانوار و "
            "توانمندسازی آنان برسد.",
        ),
        (
            2,
            AKBARI,
            "اگر مسائل زنان سرپرست خانوار حل نشود، آسیب‌های تازه‌ای از آن پدید "
            "می‌آید. از سازمان‌های مردم‌نهاد خواست ایده‌ها و دیدگاه‌های خود را در "
            "همین جلسه مطرح کنند و اعلام کرد سازمان امور اجتماعی کشور از طرح‌ها "
            "و ایده‌هایی که به حمایت و توانمندسازی زنان سرپرست خانوار کمک کند "
            "پشتیبانی خواهد کرد.",
        ),
        (
            2,
            AKBARI,
            "سازمان امور اجتماعی کشور فعال‌سازی تشکل‌های اجتماعی را در صدر "
            "سیاست‌های خود گذاشته و دولت باید بستر فعالیت آن‌ها را فراهم کند؛ "
            "بنابراین طرح‌های اجرایی و پیشنهادهای سازمان‌های مردم‌نهاد برای کاهش "
            "آسیب‌های اجتماعی حمایت می‌شود.",
        ),
        (
            3,
            AHMADI,
            "تجربه موسسه در آموزش مهارت و راه‌اندازی مشاغل خانگی برای زنان سرپرست "
            "خانوار را بازگو کرد و پیشنهاد داد فروش محصولات این زنان با همکاری "
            "دستگاه‌های دولتی پشتیبانی شود.",
        ),
        (
            3,
            KARIMI,
            "بر نیاز زنان سرپرست خانوار به مشاوره روانی و حقوقی تأکید کرد و "
            "پیشنهاد داد شبکه‌ای از مشاوران داوطلب میان سازمان‌های عضو کارگروه "
            "شکل بگیرد.",
        ),
        (
            3,
            MOHAMMADI,
            "از تجربه صندوق‌های خرد محلی در شیراز گفت و خواست ضوابط حمایت از "
            "طرح‌های اشتغال‌زا ساده‌تر شود.",
        ),
        (
            4,
            REZAEI,
            "تصمیم‌ها و اقدام‌های جلسه و مهلت ارسال طرح‌ها را جمع‌بندی کرد.",
        ),
    ],
    # (kind, text, owner (body text or NGO national ID), due date)
    "decisions": [
        (
            "decision",
            "فراخوان عمومی: سازمان‌های مردم‌نهاد فعال در حوزه زنان سرپرست خانوار "
            "طرح‌های اجرایی و پیشنهادهای خود را به دبیرخانه کارگروه بفرستند.",
            "",
            None,
        ),
        (
            "decision",
            "سازمان امور اجتماعی کشور از طرح‌هایی که به حمایت و توانمندسازی زنان "
            "سرپرست خانوار کمک کند حمایت می‌کند.",
            "",
            None,
        ),
        (
            "action_item",
            "تهیه قالب ارائه طرح اجرایی و فرستادن آن برای سازمان‌های مردم‌نهاد.",
            SECRETARIAT,
            (1396, 11, 15),
        ),
        (
            "action_item",
            "فرستادن طرح‌های اجرایی و پیشنهادهای سازمان‌ها به دبیرخانه.",
            "سازمان‌های مردم‌نهاد عضو کارگروه",
            (1396, 12, 15),
        ),
        (
            "action_item",
            "نوشتن گزارش تجربه مشاغل خانگی زنان سرپرست خانوار برای استفاده "
            "سازمان‌های دیگر.",
            MEHR_AFARINAN,
            (1397, 2, 5),
        ),
        (
            "action_item",
            "درخواست از دستگاه‌های مسئول در حوزه آسیب‌های اجتماعی برای معرفی "
            "رابط همکاری با سازمان‌های مردم‌نهاد.",
            ORGANISER,
            (1397, 2, 31),
        ),
    ],
}

SECOND_MEETING = {
    "title": "بررسی طرح‌های اجرایی رسیده از سازمان‌های مردم‌نهاد",
    "starts_at": (1397, 2, 10, 10, 0),
    "ends_at": (1397, 2, 10, 12, 30),
    "summary": (
        "جلسه پیگیری تصمیم‌های جلسه ۱۸ دی ۱۳۹۶: قالب طرح اجرایی فرستاده شده و "
        "طرح‌های سازمان‌ها رسیده بود. کارگروه طرح‌های رسیده را مرور کرد و "
        "قرار شد معیارهای ارزیابی طرح‌ها تهیه شود."
    ),
    "focus_areas": ["harm-prevention", "economic-empowerment", "family-support"],
    "participants": [
        (ABEDINI, "chair", True),
        (REZAEI, "secretary", True),
        (AHMADI, "ngo_representative", True),
        (KARIMI, "ngo_representative", True),
    ],
    "agenda": [
        ("بررسی طرح‌های رسیده", "مرور کوتاه طرح‌هایی که تا پایان اسفند رسید"),
        ("معیارهای ارزیابی طرح‌ها", ""),
    ],
    "statements": [
        (
            1,
            REZAEI,
            "قالب طرح اجرایی در بهمن برای سازمان‌ها فرستاده شد و تا پایان اسفند "
            "طرح‌های سازمان‌ها به دبیرخانه رسید.",
        ),
        (
            2,
            ABEDINI,
            "پیشنهاد کرد طرح‌ها بر پایه اثر بر درآمد و مهارت زنان سرپرست خانوار، "
            "شمار بهره‌مندان و پایداری پس از پایان حمایت سنجیده شوند.",
        ),
        (
            2,
            KARIMI,
            "خواست حمایت روانی و حقوقی نیز در کنار اشتغال در معیارها دیده شود.",
        ),
    ],
    "decisions": [
        (
            "decision",
            "طرح‌های رسیده با معیارهای مشترک ارزیابی و نتیجه به سازمان‌ها اعلام می‌شود.",
            "",
            None,
        ),
        (
            "action_item",
            "تهیه معیارهای ارزیابی طرح‌ها و فرستادن پیش‌نویس برای اعضا.",
            SECRETARIAT,
            (1397, 3, 31),
        ),
    ],
    # Action items of the seed meeting (by their order there) done by now.
    "done": [(3, (1396, 11, 14)), (4, (1396, 12, 15))],
}

RECENT_MEETING = {
    "title": "پیگیری اجرای طرح‌های توانمندسازی حمایت‌شده",
    "summary": "گزارش پیشرفت طرح‌های حمایت‌شده و مشکلات اجرای آن‌ها.",
    "focus_areas": ["economic-empowerment"],
    "participants": [
        (ABEDINI, "chair", True),
        (REZAEI, "secretary", True),
        (AHMADI, "ngo_representative", True),
    ],
    "agenda": [("گزارش پیشرفت طرح‌ها", "")],
    "statements": [
        (1, AHMADI, "پیش‌نویس: گزارش پیشرفت طرح مشاغل خانگی ارائه شد."),
    ],
    "decisions": [
        (
            "action_item",
            "پیش‌نویس: برگزاری کارگاه مشترک بازاریابی محصولات خانگی.",
            MEHR_AFARINAN,
            None,
        ),
    ],
}

NEXT_MEETING_TITLE = "جلسه آینده کارگروه: برنامه کاری سال"
NEXT_MEETING_AGENDA = [
    ("گزارش پیشرفت طرح‌های حمایت‌شده", ""),
    ("برنامه کاری سال آینده کارگروه", ""),
]


def load(demo: DemoContext) -> None:
    """The meeting record: the seed meeting and three that follow it up.

    Approved minutes are locked, so a second run leaves them as they are;
    the draft and the scheduled meeting are brought up to date (the
    scheduled one stays in the future).
    """
    secretary = demo.users["secretary"]
    seed = _record(SEED_MEETING, actor=secretary)
    second = _record(SECOND_MEETING, actor=secretary, follows=seed)
    today = timezone.localdate()
    recent_day = today - datetime.timedelta(days=20)
    recent = _record(
        {
            **RECENT_MEETING,
            "starts_at": _moment(recent_day, 10),
            "ends_at": _moment(recent_day, 12),
        },
        actor=secretary,
        follows=second,
        approve=False,
    )
    next_start = _moment(today + datetime.timedelta(days=25), 10)
    upcoming = Meeting.objects.filter(title=NEXT_MEETING_TITLE).first()
    if upcoming is None:
        upcoming = services.meeting_start_next(
            previous=recent, title=NEXT_MEETING_TITLE, starts_at=next_start
        )
    elif upcoming.status == Meeting.Status.SCHEDULED:
        upcoming.starts_at = next_start
        upcoming.full_clean()
        upcoming.save()
    for order, (title, description) in enumerate(NEXT_MEETING_AGENDA, start=2):
        upcoming.agenda_items.update_or_create(
            order=order, defaults={"title": title, "description": description}
        )


def _jalali(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def _record(data: dict, *, actor: User, follows=None, approve: bool = True) -> Meeting:
    """Create or bring up to date one held meeting, then approve its minutes.

    With ``follows``, the first agenda item follows up the open action items
    of that meeting and the ones before it.
    """
    meeting = Meeting.objects.filter(title=data["title"]).first()
    if meeting is not None and meeting.is_approved:
        return meeting  # locked: the record stands as approved
    starts_at, ends_at = data["starts_at"], data["ends_at"]
    if isinstance(starts_at, tuple):
        starts_at = _moment(_jalali(*starts_at[:3]), *starts_at[3:])
        ends_at = _moment(_jalali(*ends_at[:3]), *ends_at[3:])
    meeting = meeting or Meeting(title=data["title"])
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.place = PLACE
    meeting.organiser = ORGANISER
    meeting.summary = data["summary"]
    meeting.full_clean()
    meeting.save()
    meeting.focus_areas.set(FocusArea.objects.filter(code__in=data["focus_areas"]))

    # Registry NGOs when the registry's demo has loaded them, else their names.
    ngo_names = {row[0]: row[1] for row in DEMO_NGOS}
    ngos = {
        ngo.national_id: ngo
        for ngo in NGO.objects.filter(national_id__in=list(ngo_names))
    }

    speakers = {}
    for order, (name, role, attended) in enumerate(data["participants"], start=1):
        position, ngo_id, _usual_role = PEOPLE[name]
        ngo = ngos.get(ngo_id)
        speakers[name], _created = meeting.participants.update_or_create(
            name=name,
            defaults={
                "order": order,
                "position": position,
                "role": role,
                "attended": attended,
                "ngo": ngo,
                "affiliation": ngo_names[ngo_id] if ngo_id and not ngo else "",
            },
        )

    first = 1
    if follows is not None:
        arising, _created = meeting.agenda_items.update_or_create(
            order=1,
            defaults={"title": services.matters_arising_title(), "description": ""},
        )
        arising.follow_up.set(services.open_action_items_until(follows))
        first = 2
    items = {}
    for number, (title, description) in enumerate(data["agenda"], start=1):
        items[number], _created = meeting.agenda_items.update_or_create(
            order=number + first - 1,
            defaults={"title": title, "description": description},
        )
    for order, (number, speaker, text) in enumerate(data["statements"], start=1):
        meeting.statements.update_or_create(
            order=order,
            defaults={
                "agenda_item": items[number],
                "speaker": speakers[speaker],
                "text": text,
            },
        )
    for order, (kind, text, owner, due) in enumerate(data["decisions"], start=1):
        ngo = ngos.get(owner)
        meeting.decisions.update_or_create(
            order=order,
            defaults={
                "kind": kind,
                "text": text,
                "responsible_ngo": ngo,
                "responsible_body": "" if ngo else ngo_names.get(owner, owner),
                "due_on": _jalali(*due) if due else None,
            },
        )

    if meeting.status == Meeting.Status.SCHEDULED:
        services.meeting_change_status(
            meeting=meeting, to_status=Meeting.Status.HELD, actor=actor
        )
    for order, done_on in data.get("done", []):
        action = Decision.objects.get(meeting=follows, order=order)
        if action.status == Decision.Status.OPEN:
            services.decision_change_status(
                decision=action,
                to_status=Decision.Status.DONE,
                actor=actor,
                done_on=_jalali(*done_on),
                reason="در جلسه بعد گزارش شد.",
            )
    if approve:
        meeting = services.minutes_change_status(
            meeting=meeting, to_status=Meeting.Minutes.APPROVED, actor=actor
        )
    return meeting

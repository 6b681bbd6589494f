"""Demo NGOs: fourteen in twelve provinces, in every status.

``rep_a`` and ``rep_b`` represent the first two (verified) NGOs;
``rep_pending`` has applied for a pending one. Other apps' demos find these
NGOs by national ID through :data:`DEMO_NGOS`.
"""

from django.db import transaction

from core.models import SiteContact
from ngos import services
from ngos.models import NGO, FocusArea, NGOStatusChange, Representative

# national ID, name, English name, province, city, status, focus areas,
# households served last year
DEMO_NGOS = [
    (
        "14101730479",
        "موسسه خیریه مهرآفرینان",
        "Mehr Afarinan Charity Institute",
        "IR-23",
        "تهران",
        "verified",
        ["economic-empowerment", "skills-training"],
        420,
    ),
    (
        "14108576235",
        "انجمن حمایت از زنان سرپرست خانوار اصفهان",
        "Isfahan Association for Female-Headed Households",
        "IR-10",
        "اصفهان",
        "verified",
        ["psychosocial-support", "legal-aid", "family-support"],
        310,
    ),
    (
        "14107113540",
        "کانون توانمندسازی بانوان شیراز",
        "Shiraz Women's Empowerment Centre",
        "IR-07",
        "شیراز",
        "verified",
        ["economic-empowerment", "education"],
        185,
    ),
    (
        "14107234114",
        "موسسه نیکوکاری کودکان امید",
        "Omid Children's Charity",
        "IR-09",
        "مشهد",
        "verified",
        ["children", "education"],
        260,
    ),
    (
        "14105288504",
        "جمعیت یاوران خانواده تبریز",
        "Tabriz Family Helpers Society",
        "IR-03",
        "تبریز",
        "verified",
        ["family-support", "harm-prevention"],
        140,
    ),
    (
        "14102712384",
        "سمن مهارت و اشتغال زنان گیلان",
        "Gilan Women's Skills and Work NGO",
        "IR-01",
        "رشت",
        "verified",
        ["skills-training", "economic-empowerment"],
        95,
    ),
    (
        "14105475227",
        "موسسه حقوقی پشتیبان بانوان",
        "Women's Legal Support Institute",
        "IR-23",
        "تهران",
        "verified",
        ["legal-aid"],
        520,
    ),
    (
        "14105854883",
        "خانه مهر کرمانشاه",
        "Kermanshah House of Kindness",
        "IR-05",
        "کرمانشاه",
        "verified",
        ["housing", "health"],
        75,
    ),
    (
        "14100439073",
        "انجمن همیاری زنان سیستان و بلوچستان",
        "Sistan and Baluchestan Women's Mutual Aid Association",
        "IR-11",
        "زاهدان",
        "pending",
        ["economic-empowerment", "health"],
        210,
    ),
    (
        "14108503473",
        "موسسه سلامت روان خانواده یزد",
        "Yazd Family Mental Health Institute",
        "IR-21",
        "یزد",
        "pending",
        ["psychosocial-support", "health"],
        None,
    ),
    (
        "14102712920",
        "کانون نیکوکاری ساحل",
        "Sahel Charity Centre",
        "IR-18",
        "بوشهر",
        "rejected",
        ["family-support"],
        None,
    ),
    (
        "14104708922",
        "موسسه آینده روشن",
        "Bright Future Institute",
        "IR-06",
        "اهواز",
        "rejected",
        ["education"],
        30,
    ),
    (
        "14104937299",
        "انجمن بانوان کارآفرین قم",
        "Qom Women Entrepreneurs Association",
        "IR-25",
        "قم",
        "suspended",
        ["economic-empowerment"],
        60,
    ),
    (
        "14104280628",
        "جمعیت حامیان مسکن زنان",
        "Women's Housing Supporters Society",
        "IR-30",
        "کرج",
        "suspended",
        ["housing"],
        45,
    ),
]

# username, national ID of the NGO, first name, last name, national code, mobile
DEMO_REPRESENTATIVES = [
    ("rep_a", "14101730479", "مریم", "احمدی", "5462040301", "09121110001"),
    ("rep_b", "14108576235", "زهرا", "کریمی", "0218420668", "09131110002"),
    ("rep_pending", "14100439073", "فاطمه", "بلوچی", "1761524399", "09151110003"),
]

DESCRIPTIONS = {
    "economic-empowerment": "آموزش حرفه، وام‌های کوچک و کمک به راه‌اندازی کسب‌وکار خانگی برای زنان سرپرست خانوار.",
    "skills-training": "دوره‌های مهارت‌آموزی خیاطی، آشپزی صنعتی و رایانه با گواهی فنی و حرفه‌ای.",
    "education": "کمک‌هزینه تحصیلی و کلاس‌های تقویتی برای فرزندان و سوادآموزی برای مادران.",
    "health": "معاینه رایگان، بیمه درمان و آموزش بهداشت خانواده.",
    "psychosocial-support": "مشاوره فردی و گروهی و گروه‌های همیار برای زنانی که سرپرستی خانواده را بر عهده گرفته‌اند.",
    "legal-aid": "مشاوره حقوقی رایگان در طلاق، حضانت، مهریه و ارث و همراهی در دادگاه.",
    "housing": "کمک به ودیعه مسکن و تعمیر خانه‌های فرسوده.",
    "children": "حمایت از کودکان زنان سرپرست خانوار: تحصیل، سلامت و اوقات فراغت.",
    "harm-prevention": "پیشگیری از اعتیاد و آسیب‌های اجتماعی در محله‌های حاشیه شهر.",
    "family-support": "حمایت از خانواده‌ها در بحران و پیوند دادن آنان با خدمات دولتی.",
}


#: The contact page's phone numbers and e-mail addresses in the demo (the
#: data migration leaves them for the ministry to fill in).
DEMO_CONTACT = {
    "secretariat_phone": "021-00000001",
    "secretariat_email": "secretariat@example.org",
    "registry_phone": "021-00000002",
    "registry_email": "registry@example.org",
}


def load_contact():
    contact = SiteContact.load()
    for field, value in DEMO_CONTACT.items():
        if not getattr(contact, field):
            setattr(contact, field, value)
    contact.save()


def load(demo):
    """The demo NGOs, their history and representatives (idempotent)."""
    load_contact()
    registrar = demo.users["registrar"]
    areas = {area.code: area for area in FocusArea.objects.all()}
    ngos = {}
    for (
        national_id,
        name,
        name_en,
        province,
        city,
        status,
        focus,
        households,
    ) in DEMO_NGOS:
        ngo, created = NGO.objects.update_or_create(
            national_id=national_id,
            defaults={
                "name": name,
                "name_en": name_en,
                "province_id": province,
                "city": city,
                "description": " ".join(DESCRIPTIONS[code] for code in focus),
                "households_served": households,
                "licensing_authority": NGO.LicensingAuthority.INTERIOR,
                "registration_number": f"{1000 + len(ngos) * 37}",
                "founding_year": 1380 + len(ngos) % 15,
                "email": f"info{len(ngos) + 1}@ngo.example.org",
            },
        )
        ngo.focus_areas.set([areas[code] for code in focus])
        ngo.provinces_served.set([province])
        if created or not ngo.status_changes.exists():
            _play_history(ngo, status, registrar)
        ngos[national_id] = ngo
    for (
        username,
        national_id,
        first,
        last,
        national_code,
        mobile,
    ) in DEMO_REPRESENTATIVES:
        user = demo.account(
            username,
            f"representative of {ngos[national_id].name_en}",
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            is_staff=False,
        )
        ngo = ngos[national_id]
        approved = ngo.status == NGO.Status.VERIFIED
        Representative.objects.update_or_create(
            user=user,
            defaults={
                "ngo": ngo,
                "role": Representative.Role.DIRECTOR,
                "national_code": national_code,
                "mobile": mobile,
                "approved_at": ngo.verified_at if approved else None,
                "approved_by": registrar if approved else None,
            },
        )


@transaction.atomic
def _play_history(ngo, status, registrar):
    """Walk the NGO through the service to ``status``, so its history is real."""
    NGO.objects.filter(pk=ngo.pk).update(status=NGO.Status.PENDING)
    ngo.refresh_from_db()
    NGOStatusChange.objects.create(
        ngo=ngo,
        from_status="",
        to_status=NGO.Status.PENDING,
        actor=registrar,
        reason="ثبت از فهرست نمونه",
    )
    steps = {
        "pending": [],
        "verified": [("verified", "")],
        "rejected": [("rejected", "شناسه ملی با مدارک ارسالی مطابقت ندارد.")],
        "suspended": [
            ("verified", ""),
            ("suspended", "گزارش عملکرد سالانه ارسال نشده است."),
        ],
    }[status]
    for to_status, reason in steps:
        services.change_ngo_status(
            ngo=ngo,
            to_status=to_status,
            actor=registrar,
            reason=reason,
            basis=NGOStatusChange.Basis.LICENCE if to_status == "verified" else "",
            evidence="پروانه فعالیت از وزارت کشور" if to_status == "verified" else "",
        )

"""Demo NGOs: fourteen in twelve provinces, in every status.

``rep_a`` and ``rep_b`` represent the first two (verified) NGOs;
``rep_pending`` has applied for a pending one. Other apps' demos find these
NGOs by national ID through :data:`DEMO_NGOS`.
"""

from django.db import transaction

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

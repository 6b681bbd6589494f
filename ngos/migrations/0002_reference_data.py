"""Provinces (ISO 3166-2:IR) and focus areas, and the registry's staff rights.

Also the database's refusal to change or delete the NGOs' history, and, on
PostgreSQL only, the trigram extension and index that make the directory
search fast.
"""

from django.db import migrations

from core.migration_ops import AppendOnly, trigram_index
from core.roles import REGISTRY_OFFICERS, REVIEWERS, grant

PROVINCES = [
    ("IR-00", "مرکزی", "Markazi"),
    ("IR-01", "گیلان", "Gilan"),
    ("IR-02", "مازندران", "Mazandaran"),
    ("IR-03", "آذربایجان شرقی", "East Azerbaijan"),
    ("IR-04", "آذربایجان غربی", "West Azerbaijan"),
    ("IR-05", "کرمانشاه", "Kermanshah"),
    ("IR-06", "خوزستان", "Khuzestan"),
    ("IR-07", "فارس", "Fars"),
    ("IR-08", "کرمان", "Kerman"),
    ("IR-09", "خراسان رضوی", "Razavi Khorasan"),
    ("IR-10", "اصفهان", "Isfahan"),
    ("IR-11", "سیستان و بلوچستان", "Sistan and Baluchestan"),
    ("IR-12", "کردستان", "Kurdistan"),
    ("IR-13", "همدان", "Hamadan"),
    ("IR-14", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari"),
    ("IR-15", "لرستان", "Lorestan"),
    ("IR-16", "ایلام", "Ilam"),
    ("IR-17", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad"),
    ("IR-18", "بوشهر", "Bushehr"),
    ("IR-19", "زنجان", "Zanjan"),
    ("IR-20", "سمنان", "Semnan"),
    ("IR-21", "یزد", "Yazd"),
    ("IR-22", "هرمزگان", "Hormozgan"),
    ("IR-23", "تهران", "Tehran"),
    ("IR-24", "اردبیل", "Ardabil"),
    ("IR-25", "قم", "Qom"),
    ("IR-26", "قزوین", "Qazvin"),
    ("IR-27", "گلستان", "Golestan"),
    ("IR-28", "خراسان شمالی", "North Khorasan"),
    ("IR-29", "خراسان جنوبی", "South Khorasan"),
    ("IR-30", "البرز", "Alborz"),
]

FOCUS_AREAS = [
    (
        "economic-empowerment",
        "توانمندسازی اقتصادی و اشتغال",
        "Economic empowerment and employment",
    ),
    ("skills-training", "آموزش مهارت", "Skills training"),
    ("education", "آموزش و تحصیل", "Education"),
    ("health", "سلامت", "Health"),
    ("psychosocial-support", "حمایت روانی-اجتماعی", "Psychosocial support"),
    ("legal-aid", "مشاوره و حمایت حقوقی", "Legal aid"),
    ("housing", "مسکن", "Housing"),
    ("children", "فرزندان زنان سرپرست خانوار", "Children of female-headed households"),
    ("harm-prevention", "پیشگیری از آسیب‌های اجتماعی", "Prevention of social harms"),
    ("family-support", "حمایت از خانواده", "Family support"),
]


def load_reference_data(apps, schema_editor):
    alias = schema_editor.connection.alias
    Province = apps.get_model("ngos", "Province")
    FocusArea = apps.get_model("ngos", "FocusArea")
    for code, name_fa, name_en in PROVINCES:
        Province.objects.using(alias).update_or_create(
            code=code, defaults={"name_fa": name_fa, "name_en": name_en}
        )
    for position, (code, name_fa, name_en) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.using(alias).update_or_create(
            code=code,
            defaults={"name_fa": name_fa, "name_en": name_en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ngos", "0001_initial"),
        ("core", "0001_staff_groups"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
        trigram_index(name="ngo_search_key_trgm", table="ngos_ngo"),
        AppendOnly("ngostatuschange"),
        migrations.RunPython(
            grant(
                {
                    REGISTRY_OFFICERS: [
                        "ngos.view_ngo",
                        "ngos.change_ngo",
                        "ngos.add_ngo",
                        "ngos.verify_ngo",
                        "ngos.export_ngo",
                        "ngos.import_ngo",
                        "ngos.view_ngostatuschange",
                        "ngos.view_ngochangerequest",
                        "ngos.decide_change_request",
                        "ngos.view_representative",
                        "ngos.add_representative",
                        "ngos.change_representative",
                        "ngos.view_province",
                        "ngos.view_focusarea",
                        "auth.view_user",
                    ],
                    REVIEWERS: ["ngos.view_ngo", "ngos.view_representative"],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]

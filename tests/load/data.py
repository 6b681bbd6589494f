"""The load test's data: its own database, the demo, and one verified NGO
with an approved representative for each simulated user."""

import io
import sys

PASSWORD = "load-Test-passw0rd"


def recreate_database(url: str) -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if not name.endswith("_load"):
        sys.exit(f"The load test drops its database first; {name!r} must end in _load.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        cursor.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            ).format(sql.Identifier(name))
        )
    connection.close()


def prepare_data(users: int) -> dict:
    """Migrate, load the demo, and make ``users`` representatives of
    verified NGOs; what the simulated users need to know."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", password=PASSWORD, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)

    from meetings.models import Meeting
    from ngos.models import NGO, FocusArea

    accounts = create_representatives(users)
    return {
        "accounts": accounts,
        "province": "IR-23",
        "focus_area": FocusArea.objects.order_by("pk").first().pk,
        "ngos": list(NGO.objects.public().values_list("pk", flat=True)),
        "meetings": list(Meeting.objects.public().values_list("pk", flat=True)),
    }


def create_representatives(count: int) -> list[dict]:
    """One verified NGO with an approved representative per user, made
    through the registry's own services (application, verification,
    approval), as staff would."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.test.utils import override_settings

    from ngos.models import NGO, Representative
    from ngos.services import (
        Application,
        approve_representatives,
        change_ngo_status,
        register_ngo,
    )
    from tests.factories import valid_legal_id, valid_national_code

    registrar = User.objects.get(username="registrar")
    accounts = []
    # One slow password hash for all, not one per account.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast):
        for index in range(count):
            mobile = f"0935{index:07d}"
            representative = register_ngo(
                application=Application(
                    ngo=NGO(
                        name=f"سازمان آزمون بار شماره {index}",
                        name_en=f"Load test NGO {index}",
                        national_id=valid_legal_id(50_000_000 + index),
                        province_id="IR-23",
                        city="تهران",
                        description="حمایت از زنان سرپرست خانوار",
                    ),
                    focus_area_ids=[],
                    provinces_served_ids=["IR-23"],
                    username=mobile,
                    password=PASSWORD,
                    first_name="نماینده",
                    last_name=str(index),
                    email=f"load{index}@example.org",
                    role=Representative.Role.DIRECTOR,
                    national_code=valid_national_code(5_000_000 + index),
                    mobile=mobile,
                )
            )
            change_ngo_status(
                ngo=representative.ngo,
                to_status="verified",
                actor=registrar,
                basis="registry",
            )
            accounts.append({"username": mobile, "ngo": representative.ngo_id})
    approve_representatives(
        representatives=Representative.objects.filter(
            user__username__in=[a["username"] for a in accounts]
        ),
        actor=registrar,
    )
    User.objects.filter(username__in=[a["username"] for a in accounts]).update(
        password=make_password(PASSWORD)
    )
    return accounts

"""The data of ``make bench``: its own PostgreSQL database, filled once with
scale data and reused, and the pages to measure, found by querying the data
(the meeting with the most statements, the NGO with the most proposals,
...), never by fixed ids.
"""

import math
import os
import re
import secrets
import shlex
import sys
import time
from collections import Counter
from urllib.parse import urlencode

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workgroup_bench"
)
SCALE_ARGS = os.environ.get(
    "BENCH_SCALE_ARGS", "--ngos 10000 --proposals 100000 --meetings 1000"
)
ADMIN_USERNAME = "bench-admin"
PASSWORD = f"bench-{secrets.token_urlsafe(16)}"

# Pages the run treats apart: the representative's own list is seen signed
# in as the representative, and the deep page is judged against page 1.
OWN_PROPOSALS = "own proposals"
ADMIN_FIRST_PAGE = "admin page 1"
ADMIN_DEEP_PAGE = "admin deep page"


def create_database() -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(DATABASE_URL)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            print(f"Creating the database {config['NAME']} ...", flush=True)
            cursor.execute(
                sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                ).format(sql.Identifier(config["NAME"]))
            )
    connection.close()


def asked_size(args: str, option: str) -> int:
    """The number given to ``option`` in ``args``, 0 when absent."""
    words = shlex.split(args)
    for index, word in enumerate(words):
        if word == option and index + 1 < len(words):
            return int(words[index + 1])
        if word.startswith(option + "="):
            return int(word.split("=", 1)[1])
    return 0


def prepare_data() -> None:
    """Migrate; generate the scale data unless it is already there."""
    from django.core.management import call_command
    from django.db import connection

    from ngos.models import NGO
    from proposals.models import Proposal

    call_command("migrate", verbosity=0)
    ngos, proposals = NGO.objects.count(), Proposal.objects.count()
    if proposals < asked_size(SCALE_ARGS, "--proposals") or ngos < asked_size(
        SCALE_ARGS, "--ngos"
    ):
        print(
            f"The database holds {ngos} NGOs and {proposals} proposals; "
            f"generate_scale_data {SCALE_ARGS} (once; later runs reuse it) ...",
            flush=True,
        )
        started = time.monotonic()
        call_command("generate_scale_data", *shlex.split(SCALE_ARGS))
        print(f"Generated in {time.monotonic() - started:.0f} s.", flush=True)
    else:
        print(f"Reusing the data: {ngos} NGOs, {proposals} proposals.", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def common_word(texts: list[str]) -> str:
    """The word that appears in most of ``texts`` (3 letters at least)."""
    counts = Counter(
        word
        for text in texts
        for word in set(re.findall(r"\w{3,}", text.replace("\u200c", " ")))
        if not word.isdigit()
    )
    return counts.most_common(1)[0][0]


def pick_pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict]:
    """The pages to measure, found in the data, as (name, path): the public
    ones and the admin's; and who signs in (whose password is now
    :data:`PASSWORD`)."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    from meetings.models import Meeting
    from ngos.models import NGO, Representative
    from proposals.admin import ProposalAdmin
    from proposals.models import Proposal

    public = NGO.objects.public()
    ngo = public.annotate(n=Count("proposals")).order_by("-n", "pk").first()
    if ngo is None:
        sys.exit("No verified NGO in the database: nothing to benchmark.")
    representative = (
        Representative.objects.filter(approved_at__isnull=False, user__is_active=True)
        .annotate(n=Count("ngo__proposals"))
        .order_by("-n", "pk")
        .select_related("user")
        .first()
    )
    if representative is None:
        sys.exit("No approved representative in the database.")
    meeting = (
        Meeting.objects.public().annotate(n=Count("statements")).order_by("-n", "pk")
    ).first()
    if meeting is None:
        sys.exit("No public meeting in the database.")
    province = (
        public.values_list("province_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "province_id")
        .first()[0]
    )
    focus = (
        NGO.focus_areas.through.objects.filter(ngo__in=public)
        .values_list("focusarea__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "focusarea__code")
        .first()
    )
    ngo_word = common_word(list(public.values_list("name", flat=True)[:5000]))
    title_word = common_word(
        list(Proposal.objects.values_list("title", flat=True)[:5000])
    )
    # The longest history: the heaviest change page.
    proposal = (
        Proposal.objects.exclude(status="draft")
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    )
    # The admin's pages are numbered from 1; a page past the last is an error.
    last_page = max(
        1, math.ceil(Proposal.objects.count() / ProposalAdmin.list_per_page)
    )
    deep = min(1000, last_page)

    user = User.objects.filter(username=ADMIN_USERNAME).first() or User(
        username=ADMIN_USERNAME
    )
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(PASSWORD)
    user.save()
    representative.user.set_password(PASSWORD)
    representative.user.save(update_fields=["password"])

    filters = {"province": province}
    if focus:
        filters["focus"] = focus[0]
    changelist = "/admin/proposals/proposal/"
    public_pages = [
        ("home", "/"),
        ("ngos", "/ngos/"),
        ("ngos filtered", "/ngos/?" + urlencode(filters)),
        ("ngos search", "/ngos/?" + urlencode({"q": ngo_word})),
        ("ngo profile", f"/ngos/{ngo.pk}/"),
        ("meetings", "/meetings/"),
        (f"meeting ({meeting.n} statements)", f"/meetings/{meeting.pk}/"),
        ("supported", "/proposals/supported/"),
        (OWN_PROPOSALS, "/proposals/"),
    ]
    admin_pages = [
        ("admin proposals", changelist),
        ("admin by status", changelist + "?status__exact=submitted"),
        ("admin search", changelist + "?" + urlencode({"q": title_word})),
        (ADMIN_FIRST_PAGE, changelist + "?p=1"),
        (ADMIN_DEEP_PAGE, changelist + f"?p={deep}"),
        ("admin proposal", f"{changelist}{proposal.pk}/change/"),
    ]
    accounts = {"admin": ADMIN_USERNAME, "representative": representative.user.username}
    return public_pages, admin_pages, accounts

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

# BENCH_QUICK=1: a smoke run on tiny data in a database of its own.
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/workgroup_bench" + ("_quick" if QUICK else ""),
)
SCALE_ARGS = os.environ.get(
    "BENCH_SCALE_ARGS",
    "--ngos 300 --proposals 3000 --meetings 30"
    if QUICK
    else "--ngos 10000 --proposals 100000 --meetings 1000",
)
ADMIN_USERNAME = "bench-admin"
# run.py gives the data's subprocesses one password for the run.
PASSWORD = os.environ.get("BENCH_PASSWORD") or f"bench-{secrets.token_urlsafe(16)}"

# Pages the run treats apart: the representative's own list is seen signed
# in as the representative, and the deep page is judged against page 1.
ADMIN_FIRST_PAGE = "admin page 1"
ADMIN_DEEP_PAGE = "admin deep page"
ADMIN_LAST_PAGE = "admin last page"
#: How far into the admin's list its deep page is.
DEEP_PAGE_DEPTH = 0.3
DIRECTORY = "ngos"
DIRECTORY_SEARCH = "ngos search"
SIZE_OPTIONS = ("--ngos", "--proposals", "--meetings")


def tenth_url(url: str) -> str:
    """The tenth-size data's database: ``url``'s, its name ending ``_tenth``."""
    base, _slash, name = url.rpartition("/")
    name, question, query = name.partition("?")
    return f"{base}/{name}_tenth{question}{query}"


def tenth_args(args: str) -> str:
    """``args`` of generate_scale_data with each size divided by ten (at
    least 1 when it was more than 0)."""
    words = shlex.split(args)
    out = []
    index = 0
    while index < len(words):
        word = words[index]
        option, equals, value = word.partition("=")
        if option in SIZE_OPTIONS and equals:
            out.append(f"{option}={tenth(int(value))}")
        elif word in SIZE_OPTIONS and index + 1 < len(words):
            out += [word, str(tenth(int(words[index + 1])))]
            index += 1
        else:
            out.append(word)
        index += 1
    return shlex.join(out)


def tenth(size: int) -> int:
    return max(1, size // 10) if size > 0 else 0


def create_database(url: str = DATABASE_URL) -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
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


def prepare_data(scale_args: str = SCALE_ARGS) -> float | None:
    """Migrate; generate the scale data unless it is already there (the
    seconds it took, None when reused); ``VACUUM ANALYZE``, as autovacuum
    would have done in production: visibility maps for index-only scans,
    statistics for the planner."""
    from django.core.management import call_command
    from django.db import connection

    from ngos.models import NGO
    from proposals.models import Proposal

    call_command("migrate", verbosity=0)
    ngos, proposals = NGO.objects.count(), Proposal.objects.count()
    generated = None
    if proposals < asked_size(scale_args, "--proposals") or ngos < asked_size(
        scale_args, "--ngos"
    ):
        print(
            f"The database holds {ngos} NGOs and {proposals} proposals; "
            f"generate_scale_data {scale_args} (once; later runs reuse it) ...",
            flush=True,
        )
        started = time.monotonic()
        call_command("generate_scale_data", *shlex.split(scale_args))
        generated = round(time.monotonic() - started, 1)
        print(f"Generated in {generated:.0f} s.", flush=True)
    else:
        print(f"Reusing the data: {ngos} NGOs, {proposals} proposals.", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.monotonic() - started:.0f} s.", flush=True)
    return generated


def common_word(texts: list[str]) -> str:
    """The word that appears in most of ``texts`` (3 letters at least)."""
    counts = Counter(
        word
        for text in texts
        for word in set(re.findall(r"\w{3,}", text.replace("\u200c", " ")))
        if not word.isdigit()
    )
    return counts.most_common(1)[0][0]


def pick_pages() -> dict:
    """The pages to measure, found in the data, as (name, path[, note]) in
    groups (a name is the same whatever the data's size; the note says what
    this data made of the page):
    "public" (anonymous), "signed_in" (the representative of the NGO with
    the most proposals) and "admin"; and who signs in ("accounts", whose
    password is now :data:`PASSWORD`)."""
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
    own = (
        Proposal.objects.filter(ngo_id=representative.ngo_id)
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    )
    if own is None:
        sys.exit("The representative's NGO has no proposal.")
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
        Proposal.objects.seen_by_staff()
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    )
    # The admin's pages are numbered from 1; a page past the last is an error.
    # Staff never see drafts (ProposalAdmin.get_queryset).
    last_page = max(
        1,
        math.ceil(
            Proposal.objects.seen_by_staff().count() / ProposalAdmin.list_per_page
        ),
    )
    # As deep into the list at every size (page 1,027 of 3,424 at the target
    # scale), so that the tenth-size data's deep page is the same kind of
    # page, not its last one.
    deep = max(1, round(last_page * DEEP_PAGE_DEPTH))

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
    search = "/ngos/?" + urlencode({"q": ngo_word})
    changelist = "/admin/proposals/proposal/"
    return {
        "public": [
            ("home", "/"),
            (DIRECTORY, "/ngos/"),
            ("ngos filtered", "/ngos/?" + urlencode(filters)),
            (DIRECTORY_SEARCH, search),
            ("ngo profile", f"/ngos/{ngo.pk}/", f"{ngo.n} proposals"),
            ("meetings", "/meetings/"),
            ("meeting", f"/meetings/{meeting.pk}/", f"{meeting.n} statements"),
            ("supported", "/proposals/supported/"),
        ],
        "signed_in": [
            ("own proposals", "/proposals/", f"{representative.n} proposals"),
            ("own proposal", f"/proposals/{own.pk}/", f"{own.n} events"),
            ("ngos signed in", "/ngos/"),
            ("ngos search signed in", search),
        ],
        "admin": [
            ("admin front", "/admin/"),
            ("admin proposals", changelist),
            ("admin by status", changelist + "?status__exact=submitted"),
            ("admin search", changelist + "?" + urlencode({"q": title_word})),
            (ADMIN_FIRST_PAGE, changelist + "?p=1"),
            (ADMIN_DEEP_PAGE, changelist + f"?p={deep}", f"page {deep}"),
            (ADMIN_LAST_PAGE, changelist + f"?p={last_page}", f"page {last_page}"),
            (
                "admin proposal",
                f"{changelist}{proposal.pk}/change/",
                f"{proposal.n} events, the longest history",
            ),
        ],
        "accounts": {
            "admin": ADMIN_USERNAME,
            "representative": representative.user.username,
        },
    }


def main() -> None:
    """``python -m bench.data SCALE_ARGS``, in the environment of a server
    whose ``DATABASE_URL`` is the data's: create, fill, vacuum, and print
    the pages as JSON on the last line."""
    import json

    import django
    from django.conf import settings

    scale_args = sys.argv[1] if len(sys.argv) > 1 else SCALE_ARGS
    create_database(os.environ["DATABASE_URL"])
    django.setup()
    generated = prepare_data(scale_args)
    pages = pick_pages()
    pages["generated_seconds"] = generated
    pages["database"] = settings.DATABASES["default"]["NAME"]
    print("BENCH_PAGES " + json.dumps(pages, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

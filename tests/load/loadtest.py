"""``make loadtest``: a bounded load on loopback, then a check that no write
was lost.

It recreates a PostgreSQL database of its own (the name must end in
``_load``: it is dropped first), migrates it, loads the demo data and one
verified NGO with an approved representative for each simulated user, so
that submissions spread over many NGOs as they would in life, and collects
the static files. Then it serves the site with gunicorn and production
settings and lets the users work for the given time, each with its own
browser session: public pages, signing in and out, new drafts, edits and
submissions. Every answer is checked (status and where it redirects); any
other answer, a 5xx above all, is an error.

At the end every draft save and submission that answered success is looked
up in the database: it must be there, with the content that was sent, the
status it reached, and for submissions a unique reference and exactly one
submission event. Proposals the users' NGOs hold that no successful answer
accounts for are counted too.

It prints a table of requests, errors and latency percentiles per kind of
request, writes the same as JSON under ``artifacts/loadtest/`` and exits
non-zero unless there were no errors and no lost writes.
"""

import argparse
import json
import os
import random
import re
import secrets
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench.servers import PUBLIC_HOST, production_environment
from tests.live import BASE_DIR, Client, Server
from tests.load.data import PASSWORD, prepare_data, recreate_database

OUTPUT = BASE_DIR / "artifacts" / "loadtest"
# Stop early rather than run away, whatever the duration.
MAX_REQUESTS = 200_000
REFERENCE = re.compile(r"^\d{4}-\d{5}$")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workgroup_load"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/8"),
    )
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


# The simulated users --------------------------------------------------------------


@dataclass
class Written:
    """What a successful answer says is now stored."""

    pk: int
    ngo: int
    title: str
    summary: str
    status: str = "draft"


@dataclass
class Tally:
    samples: list = field(default_factory=list)  # (kind, seconds, ok, status)
    writes: dict = field(default_factory=dict)  # pk -> Written
    failures: list = field(default_factory=list)


class User(threading.Thread):
    """One representative working on the site until the deadline."""

    def __init__(self, number, url, account, data, deadline, budget, seed):
        super().__init__(name=f"user-{number}", daemon=True)
        self.number = number
        self.client = Client(url)
        self.account = account
        self.data = data
        self.deadline = deadline
        self.budget = budget
        self.random = random.Random(seed * 1000 + number)
        self.tally = Tally()
        self.signed_in = False
        self.writes = 0

    def run(self):
        try:
            while time.monotonic() < self.deadline and self.budget.take():
                self.iteration()
        except Exception as error:  # a broken connection is an error, not a crash
            self.tally.samples.append(("connection", 0.0, False, 0))
            self.tally.failures.append(f"{self.name}: {error!r}")
        finally:
            self.client.close()

    def call(self, kind, method, path, *, expect=200, to=None, **post):
        started = time.monotonic()
        try:
            if method == "GET":
                response = self.client.get(path)
            else:
                response = self.client.post(path, **post)
        except OSError as error:
            self.tally.samples.append((kind, time.monotonic() - started, False, 0))
            self.tally.failures.append(f"{kind} {path}: {error!r}")
            self.client.close()
            return None
        elapsed = time.monotonic() - started
        ok = response.status == expect and (
            to is None or re.fullmatch(to, response.location) is not None
        )
        self.tally.samples.append((kind, elapsed, ok, response.status))
        if not ok:
            self.tally.failures.append(
                f"{kind} {method} {path}: {response.status} {response.location}"
            )
            return None
        return response

    def public_page(self):
        ngo = self.random.choice(self.data["ngos"])
        meeting = self.random.choice(self.data["meetings"])
        path = self.random.choice(
            [
                "/",
                "/ngos/",
                f"/ngos/{ngo}/",
                "/ngos/?q=%D8%B2%D9%86%D8%A7%D9%86",
                "/meetings/",
                f"/meetings/{meeting}/",
                "/proposals/supported/",
                "/en/",
                "/en/ngos/",
            ]
        )
        self.call("public page", "GET", path)

    def sign_in(self):
        page = self.call("sign-in page", "GET", "/accounts/login/")
        if page is None:
            return
        answer = self.call(
            "sign in",
            "POST",
            "/accounts/login/",
            expect=302,
            to="/accounts/",
            data={"username": self.account["username"], "password": PASSWORD},
            token=page.csrf_token(),
        )
        self.signed_in = answer is not None

    def proposal_data(self, intent: str) -> tuple[str, str, dict]:
        self.writes += 1
        title = f"طرح آزمون بار {self.number}-{self.writes}"
        summary = f"خلاصه {secrets.token_hex(8)} برای آزمون بار"
        return (
            title,
            summary,
            {
                "title": title,
                "summary": summary,
                "problem": "نبود درآمد پایدار",
                "solution": "کارگاه‌های آموزشی",
                "executive_plan": "ماه ۱: ثبت‌نام؛ ماه ۲ تا ۶: آموزش",
                "target_group": "زنان سرپرست خانوار",
                "beneficiaries": "۵۰",
                "provinces": [self.data["province"]],
                "focus_areas": [str(self.data["focus_area"])],
                "duration_months": "6",
                "budget_rials": "1,500,000,000",
                "co_funding_rials": "",
                "co_funding_source": "",
                "presented_at_meeting": "",
                intent: "1",
            },
        )

    def new_draft(self) -> Written | None:
        form = self.call("proposal form", "GET", "/proposals/new/")
        if form is None:
            return None
        title, summary, data = self.proposal_data("save_draft")
        saved = self.call(
            "save draft",
            "POST",
            "/proposals/new/",
            expect=302,
            to=r"/proposals/\d+/",
            data=data,
            token=form.csrf_token(),
        )
        if saved is None:
            return None
        pk = int(saved.location.strip("/").split("/")[-1])
        written = Written(pk, self.account["ngo"], title, summary)
        self.tally.writes[pk] = written
        return written

    def edit(self, written: Written, intent: str) -> None:
        form = self.call("proposal form", "GET", f"/proposals/{written.pk}/edit/")
        if form is None:
            return
        title, summary, data = self.proposal_data(intent)
        kind = "save, then submit" if intent == "submit" else "save draft"
        # Submit on the edit form saves, then asks on the same confirmation
        # page as the proposal's own Submit button; the POST there sends it.
        saved = self.call(
            kind,
            "POST",
            f"/proposals/{written.pk}/edit/",
            expect=302,
            to=f"/proposals/{written.pk}/submit/"
            if intent == "submit"
            else f"/proposals/{written.pk}/",
            data=data,
            token=form.csrf_token(),
        )
        if saved is None:
            return
        written.title, written.summary = title, summary
        if intent != "submit":
            return
        page = self.call(
            "submit confirmation", "GET", f"/proposals/{written.pk}/submit/"
        )
        if page is None:
            return
        sent = self.call(
            "submit",
            "POST",
            f"/proposals/{written.pk}/submit/",
            expect=302,
            to=f"/proposals/{written.pk}/",
            data={},
            token=page.csrf_token(),
        )
        if sent is not None:
            written.status = "submitted"

    def iteration(self):
        for _page in range(self.random.randint(1, 3)):
            self.public_page()
        if not self.signed_in:
            self.sign_in()
            if not self.signed_in:
                return
        written = self.new_draft()
        if written is not None and self.random.random() < 0.5:
            self.edit(written, "save_draft")
        if written is not None and self.random.random() < 0.5:
            self.edit(written, "submit")
        listing = self.call("own proposals", "GET", "/proposals/")
        if listing is not None and self.random.random() < 0.2:
            answer = self.call(
                "sign out",
                "POST",
                "/accounts/logout/",
                expect=302,
                data={},
                token=listing.csrf_token(),
            )
            self.signed_in = answer is None


class Budget:
    """At most ``MAX_REQUESTS`` iterations' worth, shared by every thread."""

    def __init__(self, limit):
        self.left = limit
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0


def run_load(url: str, data: dict, users: int, duration: float, seed: int):
    deadline = time.monotonic() + duration
    budget = Budget(MAX_REQUESTS // 8)
    threads = [
        User(n, url, data["accounts"][n], data, deadline, budget, seed)
        for n in range(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    return threads, time.monotonic() - started


# The check and the report ----------------------------------------------------------


def check_writes(writes: list[Written], ngos: list[int]) -> dict:
    """Every write that answered success, looked up in the database."""
    from django.db.models import Count

    from proposals.models import Proposal, ProposalEvent

    stored = {p.pk: p for p in Proposal.objects.filter(pk__in=[w.pk for w in writes])}
    submissions = dict(
        ProposalEvent.objects.filter(
            proposal__in=[w.pk for w in writes], to_status="submitted"
        )
        .values_list("proposal")
        .annotate(n=Count("pk"))
    )
    lost = []
    for written in writes:
        proposal = stored.get(written.pk)
        problems = []
        if proposal is None:
            problems.append("missing")
        else:
            if (proposal.title, proposal.summary) != (written.title, written.summary):
                problems.append("content differs")
            if proposal.status != written.status:
                problems.append(f"status {proposal.status}, not {written.status}")
            if proposal.ngo_id != written.ngo:
                problems.append("another NGO")
            if written.status == "submitted" and (
                not REFERENCE.match(proposal.reference or "")
                or submissions.get(written.pk) != 1
            ):
                problems.append("no reference or not one submission event")
        if problems:
            lost.append({"pk": written.pk, "problems": problems})
    references = [
        stored[w.pk].reference
        for w in writes
        if w.status == "submitted" and w.pk in stored
    ]
    unaccounted = (
        Proposal.objects.filter(ngo__in=ngos)
        .exclude(pk__in=[w.pk for w in writes])
        .count()
    )
    return {
        "drafts": sum(1 for w in writes if w.status == "draft"),
        "submissions": sum(1 for w in writes if w.status == "submitted"),
        "lost": lost,
        "duplicate_references": len(references) - len(set(references)),
        "unaccounted": unaccounted,
    }


def percentile(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarise(samples: list) -> dict:
    kinds = defaultdict(list)
    for kind, seconds, ok, status in samples:
        kinds[kind].append((seconds, ok, status))
    rows = {}
    for kind, entries in sorted(kinds.items()):
        times = sorted(seconds * 1000 for seconds, _ok, _status in entries)
        rows[kind] = {
            "requests": len(entries),
            "errors": sum(1 for _s, ok, _st in entries if not ok),
            "server_errors": sum(1 for _s, _ok, status in entries if status >= 500),
            **{
                f"p{p}_ms": round(percentile(times, p / 100), 1)
                for p in (50, 90, 95, 99)
            },
            "max_ms": round(times[-1], 1),
        }
    return rows


def print_report(result: dict) -> None:
    kinds = result["kinds"]
    width = max(len(kind) for kind in [*kinds, "all"])
    header = (
        f"{'request':<{width}}  {'count':>7}  {'errors':>6}  "
        f"{'p50 ms':>8}  {'p90 ms':>8}  {'p95 ms':>8}  {'p99 ms':>8}  {'max ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for kind, row in [*kinds.items(), ("all", result["all"])]:
        print(
            f"{kind:<{width}}  {row['requests']:>7}  {row['errors']:>6}  "
            f"{row['p50_ms']:>8}  {row['p90_ms']:>8}  {row['p95_ms']:>8}  "
            f"{row['p99_ms']:>8}  {row['max_ms']:>8}"
        )
    writes = result["writes"]
    print(
        f"\n{result['users']} users, {result['seconds']:.0f} s, "
        f"{result['all']['requests']} requests "
        f"({result['all']['requests'] / result['seconds']:.1f}/s), "
        f"{result['all']['errors']} errors "
        f"({result['all']['server_errors']} server errors)"
    )
    saves, submits = (
        result["kinds"].get(kind, {"requests": 0, "errors": 0})
        for kind in ("save draft", "submit")
    )
    print(
        f"writes answered success: {saves['requests'] - saves['errors']} draft "
        f"saves, {submits['requests'] - submits['errors']} submissions; "
        f"proposals checked in the database: {writes['drafts']} drafts, "
        f"{writes['submissions']} submitted"
    )
    print(
        f"lost writes: {len(writes['lost'])}; duplicate references: "
        f"{writes['duplicate_references']}; stored but unanswered: "
        f"{writes['unaccounted']}"
    )
    for failure in result["failures"][:20]:
        print("  error:", failure)


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    environment = {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "PRIVATE_MEDIA_ROOT": str(OUTPUT / "private"),
        "DJANGO_STATIC_ROOT": str(OUTPUT / "static"),
        "EMAIL_URL": "dummymail://",
    }
    # This process prepares and checks the data with the servers' settings.
    os.environ.update(
        production_environment(**environment),
        DJANGO_SETTINGS_MODULE="workgroup.settings",
    )
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    print(f"Preparing the database and {args.users} representatives ...", flush=True)
    recreate_database(args.database_url)
    data = prepare_data(args.users)
    from django.db import connections

    connections.close_all()

    server = Server(
        environment=dict(os.environ),
        workers=args.workers,
        log=OUTPUT / f"gunicorn-{stamp}.log",
    )
    print(
        f"Serving with gunicorn ({args.workers} workers) on {server.url}, "
        f"as {PUBLIC_HOST}; {args.users} users for {args.duration:.0f} s ...",
        flush=True,
    )
    server.start()
    try:
        threads, seconds = run_load(
            server.url, data, args.users, args.duration, args.seed
        )
    finally:
        server.stop()

    samples = [sample for thread in threads for sample in thread.tally.samples]
    writes = [w for thread in threads for w in thread.tally.writes.values()]
    failures = [f for thread in threads for f in thread.tally.failures]
    overall = summarise([("all", *sample[1:]) for sample in samples])["all"]
    result = {
        "users": args.users,
        "workers": args.workers,
        "seconds": seconds,
        "kinds": summarise(samples),
        "all": overall,
        "writes": check_writes(writes, [a["ngo"] for a in data["accounts"]]),
        "failures": failures,
    }
    print()
    print_report(result)
    report = OUTPUT / f"loadtest-{stamp}.json"
    report.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nWritten to {report.relative_to(BASE_DIR)}")
    passed = (
        overall["errors"] == 0
        and not result["writes"]["lost"]
        and result["writes"]["duplicate_references"] == 0
        and result["writes"]["unaccounted"] == 0
    )
    print("PASSED: no errors, no lost write." if passed else "FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

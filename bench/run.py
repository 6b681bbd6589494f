"""``make bench``: how fast the site's pages are at scale, against a bare
Django view, on loopback.

One run:

1. makes sure wrk, PostgreSQL and Redis are there;
2. fills two PostgreSQL databases with scale data once and reuses them on
   later runs: ``BENCH_DATABASE_URL`` with ``BENCH_SCALE_ARGS``, and the same
   name ending ``_tenth`` with each size divided by ten (for growth); then
   ``VACUUM ANALYZE`` on each (see :mod:`bench.data`, run in a subprocess
   per database);
3. serves the bare Django view (:mod:`bench.bare`) and, for each data set,
   the site twice with gunicorn (``gunicorn.conf.py``, the same workers)
   and production settings over plain HTTP: once as in production (the page
   cache on) and once with the page cache off (``DJANGO_PAGE_CACHE_SECONDS=0``),
   both with the product's baseline page mounted (``DJANGO_BENCH``);
4. signs in a staff member and the representative of the NGO with the most
   proposals, over HTTP as a browser would;
5. checks that every page answers 200, then loads each with wrk for
   ``BENCH_SECONDS`` seconds: the bare view and the product's baseline at 16
   and 4 connections; the public pages rendered (cache off), from the cache,
   and from the cache while a background thread makes five anonymous POSTs
   a second (refused by CSRF, or to a page that does not exist); the
   signed-in pages at 16 connections; the admin at 4; on the tenth-size
   data, the rendered, signed-in and admin pages again;
6. measures the home page's cold-load bytes and each worker's memory;
7. prints the tables and writes everything to ``bench/results/latest.json``.

``BENCH_QUICK=1``: a smoke run on tiny data (its own databases) with short
loads.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlencode

from bench.data import (
    ADMIN_DEEP_PAGE,
    ADMIN_FIRST_PAGE,
    ADMIN_LAST_PAGE,
    DATABASE_URL,
    DIRECTORY,
    DIRECTORY_SEARCH,
    PASSWORD,
    QUICK,
    SCALE_ARGS,
    tenth_args,
    tenth_url,
)
from bench.measure import (
    ADMIN,
    BARE,
    BASELINE,
    CACHED,
    GROWTH_COLUMNS,
    RENDERED,
    SIGNED_IN,
    UNDER_POSTS,
    WORKER_MAX_RSS_KB,
    Page,
    cold_load,
    format_table,
    judge,
    judge_growth,
    parse_wrk,
)
from bench.servers import free_port, production_environment

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
WRK_SCRIPT = BASE_DIR / "bench" / "wrk.lua"

# A Redis database of its own: the load test uses 8, the several-servers
# test 7; the tenth-size data's servers use the next one.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SECONDS = int(os.environ.get("BENCH_SECONDS", "2" if QUICK else "10"))
# Anonymous POSTs a second during the run that checks the cache stays.
POSTS_PER_SECOND = 5
# One secret key for the servers of a run: a session works on each.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "3"))
PUBLIC_CONNECTIONS = 16
ADMIN_CONNECTIONS = 4


def as_root(command: list[str]) -> list[str]:
    return command if os.geteuid() == 0 else ["sudo", *command]


def ensure_wrk() -> None:
    """Debian's wrk, installed the way .ci/run installs Chromium."""
    if shutil.which("wrk"):
        return
    print("Installing wrk ...", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(as_root(["apt-get", "update", "-qq"]), check=True, env=environment)
    subprocess.run(
        as_root(["apt-get", "install", "-y", "-qq", "wrk"]),
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
    )


def ensure_services() -> None:
    """PostgreSQL and Redis on loopback, started as .ci/run starts them."""

    def up(command):
        return subprocess.run(command, capture_output=True).returncode == 0

    postgres = ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]
    if not up(postgres):
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            as_root(
                [
                    "pg_ctlcluster",
                    "--skip-systemctl-redirect",
                    version,
                    "main",
                    "start",
                ]
            ),
            check=True,
        )
        wait_for(lambda: up(postgres), "PostgreSQL")
    redis = ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"]
    if not up(redis):
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
        wait_for(lambda: up(redis), "Redis")


def wait_for(ready, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    sys.exit(f"{what} did not come up in {seconds:.0f} s.")


def next_redis_database(url: str) -> str:
    base, _slash, number = url.rpartition("/")
    return f"{base}/{int(number) + 1}" if number.isdigit() else url


def server_environment(
    static_root: Path,
    database_url: str = DATABASE_URL,
    redis_url: str = REDIS_URL,
) -> dict:
    """Production settings (as the load test's servers have them), over
    plain HTTP on loopback."""
    return production_environment(
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_SETTINGS_MODULE="workgroup.settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # No TLS on loopback: no redirect to HTTPS, cookies sent over HTTP.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STAFF_OTP_REQUIRED="0",
        DJANGO_BENCH="1",
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_URL="dummymail://",
        PRIVATE_MEDIA_ROOT=str(static_root.parent / "private"),
        WEB_CONCURRENCY=str(WORKERS),
    )


# The server and a browser's requests ----------------------------------------------


class Browser:
    """Cookies and CSRF tokens over plain HTTP, one request at a time."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept-Language": "fa", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response, body

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, login_path: str, username: str, password: str) -> None:
        _response, page = self.request("GET", login_path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None:
            sys.exit(f"No sign-in form at {login_path}.")
        form = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": username,
            "password": password,
        }
        response, _body = self.request(
            "POST",
            login_path,
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            sys.exit(
                f"Signing in as {username} at {login_path} failed ({response.status})."
            )


def bare_environment() -> dict:
    """The bare view's server: the same workers, its own settings."""
    return production_environment(
        DJANGO_SETTINGS_MODULE="bench.bare.settings",
        WEB_CONCURRENCY=str(WORKERS),
    )


def start_server(
    environment: dict, port: int, log: Path, app: str | None = None
) -> subprocess.Popen:
    """gunicorn from gunicorn.conf.py on ``port``, serving ``app`` (the
    site's by default)."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(BASE_DIR / "gunicorn.conf.py"),
                f"--bind=127.0.0.1:{port}",
                # gunicorn's control socket has one path for every server of
                # the user: the bench's servers would take it from each
                # other and from any other gunicorn on the machine.
                "--no-control-socket",
                *([app] if app else []),
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def answers():
        if process.poll() is not None:
            sys.exit(f"gunicorn exited; see {log}:\n{log.read_text()[-3000:]}")
        try:
            return Browser(port).request("GET", "/healthz")[0].status == 200
        except OSError:
            return False

    try:
        wait_for(answers, "gunicorn", seconds=60)
    except BaseException:
        stop_server(process)
        raise
    return process


def stop_server(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def private_memory(process: Path) -> int | None:
    """The kilobytes of ``process``'s resident memory no other process
    shares (``Private_Clean`` + ``Private_Dirty`` of ``smaps_rollup``):
    what one more worker costs. None where the kernel does not say."""
    try:
        rollup = (process / "smaps_rollup").read_text()
    except OSError:
        return None
    private = [
        int(line.split()[1])
        for line in rollup.splitlines()
        if line.startswith(("Private_Clean:", "Private_Dirty:"))
    ]
    return sum(private) if private else None


def private_figure(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.1f} MB"


def worker_rss(master: int) -> list[dict]:
    """Each gunicorn worker's resident memory (the master's children)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(
            line.split(":\t", 1) for line in status.splitlines() if ":\t" in line
        )
        if fields.get("PPid", "").strip() == str(master):
            kb = int(fields["VmRSS"].split()[0])
            workers.append(
                {
                    "pid": int(entry.name),
                    "rss_kb": kb,
                    "private_kb": private_memory(entry),
                    "met": kb < WORKER_MAX_RSS_KB,
                }
            )
    return sorted(workers, key=lambda worker: worker["pid"])


# Measuring -----------------------------------------------------------------------


def prepare(database_url: str, scale_args: str, environment: dict) -> dict:
    """Create and fill one data set (bench/data.py in a subprocess with the
    server's environment, so it opens that database) and return its pages."""
    process = subprocess.run(
        [sys.executable, "-m", "bench.data", scale_args],
        cwd=BASE_DIR,
        env={**environment, "BENCH_PASSWORD": PASSWORD},
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = process.stdout.splitlines()
    for line in lines:
        if not line.startswith("BENCH_PAGES "):
            print(line, flush=True)
    if process.returncode != 0 or not lines or not lines[-1].startswith("BENCH_PAGES "):
        sys.exit(f"Preparing the data of {database_url} failed.")
    return json.loads(lines[-1][len("BENCH_PAGES ") :])


def as_pages(entries: list, kind: str, connections: int, dataset: str) -> list[Page]:
    pages = []
    for name, path, *note in entries:
        page = Page(name, path, kind, connections, dataset, note[0] if note else "")
        if kind == RENDERED and name == DIRECTORY_SEARCH:
            page.compare_to = (RENDERED, DIRECTORY)
        if kind == UNDER_POSTS:
            page.compare_to = (CACHED, name)
        if kind == ADMIN and name in (ADMIN_DEEP_PAGE, ADMIN_LAST_PAGE):
            page.compare_to = (ADMIN, ADMIN_FIRST_PAGE)
        pages.append(page)
    return pages


def check_pages(port: int, browser, pages: list[Page]) -> None:
    failures = []
    for page in pages:
        response, _body = browser.request("GET", page.path)
        if response.status != 200:
            failures.append(f"  {page.path} ({page.name}): {response.status}")
    if failures:
        sys.exit(
            f"These pages do not answer 200 on port {port}:\n" + "\n".join(failures)
        )


class AnonymousPosts(threading.Thread):
    """Five anonymous POSTs a second until stopped, taking turns: one to the
    directory without a CSRF token (refused, 403) and one to a page that
    does not exist (404). Neither changes public data, so neither may make
    a cached page stale. Each POST is sent from a thread of its own, so the
    rate holds however slowly the server answers. ``statuses`` counts the
    answers.

    No failed sign-ins: each costs about a third of a second of CPU in the
    password hasher (Django's PBKDF2, a million rounds, run even for an
    unknown username) until the sign-in limit answers 429, whatever the
    cache does; docs/performance.md has what they did to this run.
    """

    PATHS = ("/ngos/", "/ngos/bench-no-such-page/")

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.stopping = threading.Event()
        self.statuses = Counter()
        self.lock = threading.Lock()
        self.sent = []

    def run(self):
        interval = 1 / POSTS_PER_SECOND
        next_at = time.monotonic()
        turn = 0
        while not self.stopping.is_set():
            path = self.PATHS[turn % len(self.PATHS)]
            thread = threading.Thread(target=self.post, args=(path,), daemon=True)
            thread.start()
            self.sent.append(thread)
            turn += 1
            next_at += interval
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def post(self, path: str):
        try:
            response, _body = Browser(self.port).request(
                "POST",
                path,
                body=urlencode({"q": "x"}),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{self.port}",
                },
            )
            answer = str(response.status)
        except OSError:
            answer = "failed"
        with self.lock:
            self.statuses[f"POST {path} {answer}"] += 1

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=30)
        for thread in self.sent:
            thread.join(timeout=60)
        return dict(self.statuses)


def run_wrk(port: int, page: Page, cookie: str | None = None) -> dict:
    print(
        f"  {page.dataset:<5} {page.kind:<11} {page.name:<22} "
        f"{page.connections:>2} connections, {SECONDS} s ...",
        flush=True,
    )
    command = [
        "wrk",
        f"--threads={min(2, page.connections)}",
        f"--connections={page.connections}",
        f"--duration={SECONDS}s",
        "--timeout=10s",
        f"--script={WRK_SCRIPT}",
        "--header=Accept-Language: fa",
    ]
    if cookie:
        command.append(f"--header=Cookie: {cookie}")
    command.append(f"http://127.0.0.1:{port}{page.path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(output.stdout)


def measure_cold_load(port: int) -> dict:
    def fetch(path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(
                "GET",
                path,
                headers={"Accept-Encoding": "br, gzip", "Accept-Language": "fa"},
            )
            response = connection.getresponse()
            return (
                response.status,
                response.getheader("Content-Encoding"),
                response.read(),
            )
        finally:
            connection.close()

    return cold_load(fetch, "/", base=f"http://127.0.0.1:{port}")


class Site:
    """One data set's two servers (page cache on and off) and who signs in."""

    def __init__(self, dataset, pages, environment, scratch):
        self.dataset = dataset
        self.pages = pages
        self.environment = environment
        self.scratch = scratch
        self.cached = self.uncached = None

    def start(self):
        environment = self.environment
        uncached = {**environment, "DJANGO_PAGE_CACHE_SECONDS": "0"}
        self.port, self.uncached_port = free_port(), free_port()
        print(
            f"Serving the {self.dataset} data with gunicorn ({WORKERS} workers) "
            f"on ports {self.port} (page cache on) and {self.uncached_port} (off) ...",
            flush=True,
        )
        self.cached = start_server(
            environment, self.port, RESULTS / f"gunicorn-{self.dataset}.log"
        )
        self.uncached = start_server(
            uncached,
            self.uncached_port,
            RESULTS / f"gunicorn-{self.dataset}-uncached.log",
        )
        accounts = self.pages["accounts"]
        self.staff = Browser(self.port)
        self.staff.sign_in("/admin/login/", accounts["admin"], PASSWORD)
        self.representative = Browser(self.port)
        self.representative.sign_in(
            "/accounts/login/", accounts["representative"], PASSWORD
        )

    def stop(self):
        stop_server(self.cached)
        stop_server(self.uncached)

    def measure(self, growth_only: bool) -> list[Page]:
        public = self.pages["public"]
        rendered = as_pages(public, RENDERED, PUBLIC_CONNECTIONS, self.dataset)
        signed_in = as_pages(
            self.pages["signed_in"], SIGNED_IN, PUBLIC_CONNECTIONS, self.dataset
        )
        admin = as_pages(self.pages["admin"], ADMIN, ADMIN_CONNECTIONS, self.dataset)
        check_pages(self.uncached_port, Browser(self.uncached_port), rendered)
        check_pages(self.port, self.representative, signed_in)
        check_pages(self.port, self.staff, admin)
        measured = []
        for page in rendered:
            page.result = run_wrk(self.uncached_port, page)
            measured.append(page)
        if not growth_only:
            for connections in (PUBLIC_CONNECTIONS, ADMIN_CONNECTIONS):
                page = Page(BASELINE, "/bench/baseline", BASELINE, connections)
                page.result = run_wrk(self.port, page)
                measured.append(page)
            cached = as_pages(public, CACHED, PUBLIC_CONNECTIONS, self.dataset)
            for page in cached:
                page.result = run_wrk(self.port, page)
                measured.append(page)
            posts = AnonymousPosts(self.port)
            posts.start()
            for page in as_pages(public, UNDER_POSTS, PUBLIC_CONNECTIONS, self.dataset):
                page.result = run_wrk(self.port, page)
                measured.append(page)
            self.post_statuses = posts.stop()
        for page in signed_in:
            page.result = run_wrk(self.port, page, self.representative.cookie_header())
            measured.append(page)
        for page in admin:
            page.result = run_wrk(self.port, page, self.staff.cookie_header())
            measured.append(page)
        return measured


def main() -> int:
    ensure_wrk()
    ensure_services()
    RESULTS.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="workgroup-bench-"))
    static_root = scratch / "static"
    tenth_redis = next_redis_database(REDIS_URL)
    import redis

    for url in (REDIS_URL, tenth_redis):
        redis.Redis.from_url(url).flushdb()

    datasets = [
        ("full", DATABASE_URL, SCALE_ARGS, REDIS_URL),
        ("tenth", tenth_url(DATABASE_URL), tenth_args(SCALE_ARGS), tenth_redis),
    ]
    sites = []
    generated = {}
    for dataset, url, args, redis_url in datasets:
        environment = server_environment(static_root, url, redis_url)
        print(f"The {dataset} data ({args}) in {url.rsplit('/', 1)[-1]}:", flush=True)
        pages = prepare(url, args, environment)
        generated[dataset] = pages.pop("generated_seconds")
        sites.append(Site(dataset, pages, environment, scratch))
    print("Collecting static files ...", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=BASE_DIR,
        env=sites[0].environment,
        check=True,
    )

    bare_port = free_port()
    bare = None
    pages = []
    try:
        print(f"Serving the bare Django view on port {bare_port} ...", flush=True)
        bare = start_server(
            bare_environment(),
            bare_port,
            RESULTS / "gunicorn-bare.log",
            app="bench.bare.wsgi:application",
        )
        for connections in (PUBLIC_CONNECTIONS, ADMIN_CONNECTIONS):
            page = Page(BARE, "/bench/baseline", BARE, connections)
            page.result = run_wrk(bare_port, page)
            pages.append(page)
        full, tenth = sites
        try:
            full.start()
            pages += full.measure(growth_only=False)
            workers = worker_rss(full.cached.pid)
            cold = measure_cold_load(full.port)
        finally:
            full.stop()
        # Again once the full data's servers are gone: the best of the two
        # is the one the ratios use.
        for connections in (PUBLIC_CONNECTIONS, ADMIN_CONNECTIONS):
            page = Page(BARE, "/bench/baseline", BARE, connections)
            page.result = run_wrk(bare_port, page)
            pages.append(page)
        try:
            tenth.start()
            pages += tenth.measure(growth_only=True)
        finally:
            tenth.stop()
    finally:
        stop_server(bare)
        for site in sites:
            site.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    rows = judge(pages)
    growth = judge_growth(rows)
    print()
    print(format_table(rows))
    print()
    print("Growth, tenth-size data to full size (time per request = 1 / req/s):")
    print(format_table(growth, GROWTH_COLUMNS))
    print()
    seen = set()
    for row in rows:
        if row["kind"] != BARE and (row["dataset"], row["page"]) not in seen:
            seen.add((row["dataset"], row["page"]))
            note = f" ({row['note']})" if row["note"] else ""
            print(f"  {row['dataset']:<5} {row['page']}: {unquote(row['path'])}{note}")
    print()
    print(f"Anonymous POSTs during the run under posts: {full.post_statuses}")
    print(
        f"Home page cold load: {cold['bytes'] / 1024:.1f} KB in "
        f"{len(cold['files'])} files (target < {cold['max_bytes'] // 1024} KB): "
        f"{'yes' if cold['met'] else 'NO'}"
    )
    for worker in workers:
        print(
            f"Worker {worker['pid']} memory after the run: "
            f"{worker['rss_kb'] / 1024:.1f} MB resident "
            f"(target < {WORKER_MAX_RSS_KB // 1024} MB), "
            f"{private_figure(worker['private_kb'])} of it its own: "
            f"{'yes' if worker['met'] else 'NO'}"
        )
    missed = [row for row in rows + growth if not row["met"]]
    missed += [w for w in workers if not w["met"]]
    missed += [] if cold["met"] else [cold]
    print(f"\n{len(missed)} targets missed." if missed else "\nEvery target met.")
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": SECONDS,
        "workers": WORKERS,
        "scale_args": SCALE_ARGS,
        "tenth_scale_args": tenth_args(SCALE_ARGS),
        "generated_seconds": generated,
        "load_average_at_end": os.getloadavg(),
        "accounts": sites[0].pages["accounts"],
        "pages": rows,
        "growth": growth,
        "anonymous_posts": full.post_statuses,
        "cold_load": cold,
        "worker_memory": workers,
    }
    output = RESULTS / "latest.json"
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nWritten to {output.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

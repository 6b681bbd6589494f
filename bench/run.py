"""``make bench``: how fast the site's pages are at scale, against a bare
baseline, on loopback.

One run:

1. makes sure wrk, PostgreSQL and Redis are there;
2. fills its own PostgreSQL database (``BENCH_DATABASE_URL``) with scale
   data once (``generate_scale_data`` with ``BENCH_SCALE_ARGS``), reusing it
   on later runs, and runs ``ANALYZE``;
3. collects the static files into a temporary folder and serves the site
   with gunicorn (``gunicorn.conf.py``) and production settings over plain
   HTTP, with the bare baseline page mounted (``DJANGO_BENCH``);
4. signs in a staff member and the representative of the NGO with the most
   proposals, over HTTP as a browser would;
5. checks that every page answers 200, then loads each with wrk for
   ``BENCH_SECONDS`` seconds: public pages with 16 connections, the admin
   with 4, the baseline with both;
6. measures the home page's cold-load bytes and each worker's memory;
7. prints the table and writes everything to ``bench/results/latest.json``.

The data and the pages to measure come from :mod:`bench.data`.
"""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlencode

from bench.data import (
    ADMIN_DEEP_PAGE,
    ADMIN_FIRST_PAGE,
    DATABASE_URL,
    OWN_PROPOSALS,
    PASSWORD,
    SCALE_ARGS,
    create_database,
    pick_pages,
    prepare_data,
)
from bench.measure import (
    WORKER_MAX_RSS_KB,
    Page,
    cold_load,
    format_table,
    judge,
    parse_wrk,
)
from bench.servers import free_port, production_environment

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
WRK_SCRIPT = BASE_DIR / "bench" / "wrk.lua"

# A Redis database of its own: the load test uses 8, the several-servers
# test 7.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
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


def server_environment(static_root: Path) -> dict:
    """Production settings (as the load test's servers have them), over
    plain HTTP on loopback."""
    return production_environment(
        DJANGO_SETTINGS_MODULE="workgroup.settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # No TLS on loopback: no redirect to HTTPS, cookies sent over HTTP.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STAFF_OTP_REQUIRED="0",
        DJANGO_BENCH="1",
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
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


def start_server(environment: dict, port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(BASE_DIR / "gunicorn.conf.py"),
                f"--bind=127.0.0.1:{port}",
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
                {"pid": int(entry.name), "rss_kb": kb, "met": kb < WORKER_MAX_RSS_KB}
            )
    return sorted(workers, key=lambda worker: worker["pid"])


# Measuring -----------------------------------------------------------------------


def pages_to_measure(public: list, admin: list) -> list[Page]:
    """The pages, each group after the baseline at the same connections."""
    pages = [Page("baseline", "/bench/baseline", "baseline", PUBLIC_CONNECTIONS)]
    pages += [Page(n, p, "public", PUBLIC_CONNECTIONS) for n, p in public]
    pages += [Page("baseline", "/bench/baseline", "baseline", ADMIN_CONNECTIONS)]
    pages += [Page(n, p, "admin", ADMIN_CONNECTIONS) for n, p in admin]
    for page in pages:
        if page.name == ADMIN_DEEP_PAGE:
            page.compare_to = ADMIN_FIRST_PAGE
    return pages


def check_pages(browsers: dict, pages: list[Page]) -> None:
    failures = []
    for page in pages:
        response, _body = browsers[page.kind].request("GET", page.path)
        if response.status != 200:
            failures.append(f"  {page.path} ({page.name}): {response.status}")
    if failures:
        sys.exit("These pages do not answer 200:\n" + "\n".join(failures))


def run_wrk(port: int, page: Page, cookie: str | None) -> dict:
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


def main() -> int:
    ensure_wrk()
    ensure_services()
    RESULTS.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="workgroup-bench-"))
    static_root = scratch / "static"
    environment = server_environment(static_root)
    os.environ.update(environment)

    import django
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    create_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    prepare_data()
    public, admin, accounts = pick_pages()
    pages = pages_to_measure(public, admin)
    print("Collecting static files ...", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()

    port = free_port()
    log = RESULTS / "gunicorn.log"
    server = None
    try:
        print(
            f"Serving with gunicorn ({WORKERS} workers) on port {port} ...", flush=True
        )
        server = start_server(environment, port, log)
        anonymous, staff, representative = Browser(port), Browser(port), Browser(port)
        staff.sign_in("/admin/login/", accounts["admin"], PASSWORD)
        representative.sign_in("/accounts/login/", accounts["representative"], PASSWORD)
        browsers = {"baseline": anonymous, "public": anonymous, "admin": staff}
        # The representative's own list is a public-side page seen signed in.
        own = next(page for page in pages if page.name == OWN_PROPOSALS)
        check_pages(browsers, [page for page in pages if page is not own])
        check_pages({"public": representative}, [own])

        for page in pages:
            cookie = None
            if page is own:
                cookie = representative.cookie_header()
            elif page.kind == "admin":
                cookie = staff.cookie_header()
            print(
                f"  {page.name:<28} {page.connections:>2} connections, {SECONDS} s ...",
                flush=True,
            )
            page.result = run_wrk(port, page, cookie)
        workers = worker_rss(server.pid)
        cold = measure_cold_load(port)
    finally:
        stop_server(server)
        shutil.rmtree(scratch, ignore_errors=True)

    rows = judge(pages)
    print()
    print(format_table(rows))
    print()
    for page in pages:
        if page.kind != "baseline":
            print(f"  {page.name}: {unquote(page.path)}")
    print()
    print(
        f"Home page cold load: {cold['bytes'] / 1024:.1f} KB in "
        f"{len(cold['files'])} files (target < {cold['max_bytes'] // 1024} KB): "
        f"{'yes' if cold['met'] else 'NO'}"
    )
    for worker in workers:
        print(
            f"Worker {worker['pid']} memory after the run: "
            f"{worker['rss_kb'] / 1024:.1f} MB "
            f"(target < {WORKER_MAX_RSS_KB // 1024} MB): "
            f"{'yes' if worker['met'] else 'NO'}"
        )
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": SECONDS,
        "workers": WORKERS,
        "scale_args": SCALE_ARGS,
        "accounts": accounts,
        "pages": rows,
        "cold_load": cold,
        "worker_memory": workers,
    }
    output = RESULTS / "latest.json"
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nWritten to {output.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

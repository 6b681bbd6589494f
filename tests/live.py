"""The site served by real gunicorn processes, and a client that uses it as a
browser would: cookies, CSRF tokens, forms, uploads.

Used by the several-servers test and by the load test (``make loadtest``).
The servers run with production settings (debug off, HTTPS redirect and
secure cookies on); the client speaks to them as the TLS-terminating proxy
would, with ``X-Forwarded-Proto: https`` and one public host name, so both
servers are, to the site, one site.
"""

import http.client
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from bench.servers import PUBLIC_HOST, free_port

BASE_DIR = Path(__file__).resolve().parent.parent
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the PostgreSQL database Django is connected to."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class Server:
    """One gunicorn instance of the site on a loopback port."""

    def __init__(self, *, environment: dict, workers: int = 2, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.workers = workers
        self.log = log
        self.process = None

    def start(self, timeout: float = 60) -> "Server":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "workgroup.wsgi",
                    f"--bind=127.0.0.1:{self.port}",
                    f"--workers={self.workers}",
                    "--timeout=60",
                    "--graceful-timeout=5",
                ],
                cwd=BASE_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn on port {self.port} exited; see {self.log.name}:\n"
                    + self.log.read_text(errors="replace")[-3000:]
                )
            try:
                if Client(self.url).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not answer in time.")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path

    def csrf_token(self) -> str:
        match = CSRF_INPUT.search(self.text)
        if match is None:
            raise AssertionError(f"No CSRF token on the page (status {self.status}).")
        return match.group(1)


class Client:
    """A browser's view of one server: keeps its cookies, follows nothing.

    Cookies live in ``cookies`` (a plain dict), so two clients can share a
    session by sharing it, the way one browser reaches two servers behind
    one proxy. One kept-alive connection; not for use by two threads.
    """

    def __init__(self, url: str, cookies: dict | None = None, timeout: float = 60):
        self.url = url
        self.cookies = {} if cookies is None else cookies
        self.timeout = timeout
        self._connection = None

    def request(self, method, path, *, body=None, headers=None) -> Response:
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "Accept-Language": "fa",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self._connection is None:
                split = urlsplit(self.url)
                self._connection = http.client.HTTPConnection(
                    split.hostname, split.port, timeout=self.timeout
                )
            try:
                self._connection.request(method, path, body=body, headers=headers)
                raw = self._connection.getresponse()
                response = Response(raw.status, raw.headers, raw.read())
                break
            except (http.client.RemoteDisconnected, BrokenPipeError):
                # A kept-alive connection the server closed meanwhile; a
                # browser opens another and sends again.
                self.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, *, token: str, files=None) -> Response:
        """A form sent from one of the site's pages, with its CSRF token."""
        fields = {"csrfmiddlewaretoken": token, **data}
        headers = {
            "Origin": f"https://{PUBLIC_HOST}",
            "Referer": f"https://{PUBLIC_HOST}{path}",
        }
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body=body, headers=headers)

    def sign_in(self, username: str, password: str) -> Response:
        page = self.get("/accounts/login/")
        return self.post(
            "/accounts/login/",
            {"username": username, "password": password},
            token=page.csrf_token(),
        )


def browser_escape(name: str) -> str:
    """A field or file name as browsers write it in a multipart header:
    UTF-8 as it is, with only quotes and line breaks escaped."""
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """``multipart/form-data`` of ``fields`` and ``files`` (name: (filename,
    content type, bytes))."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{item}\r\n".encode()
            )
    for name, (filename, content_type, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{browser_escape(filename)}"\r\nContent-Type: {content_type}'
            "\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"

"""The parts of ``make bench`` that only compute: reading wrk's output,
judging figures against the targets, and counting a cold page load's bytes.

Nothing here starts a process or opens a socket (the page loader is given a
``fetch`` function), so the tests run them on made-up inputs.
"""

import gzip
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

import brotli

# What the Lua script (bench/wrk.lua) prints on the line it writes last.
WRK_MARK = "BENCH_JSON "

# The targets at 10,000 NGOs and 100,000 proposals (docs/performance.md).
# Ratios are of the bare Django view's requests per second (bench/bare) at
# the same number of connections.
BASELINE_MIN_RATIO = 0.8  # the product's /bench/baseline
RENDERED_MIN_RATIO = 0.04  # a public page rendered (page cache off)
RENDERED_MAX_P95_MS = 200
SEARCH_MIN_FACTOR = 0.5  # a search's rate against the unsearched directory's
CACHED_MIN_RATIO = 0.4  # a public page from the page cache
UNDER_POSTS_MIN_FACTOR = 0.7  # cached rate kept with anonymous POSTs going on
SIGNED_IN_MAX_P95_MS = 200
ADMIN_MAX_P95_MS = 150
DEEP_PAGE_MAX_FACTOR = 2  # a deep page's p95 against page 1's
GROWTH_MAX_FACTOR = 1.3  # a page's cost, tenth-size data to full size
COLD_LOAD_MAX_BYTES = 150 * 1024
WORKER_MAX_RSS_KB = 150 * 1024

# The kinds of measured page, in the order the table shows them.
BARE = "bare"  # bench/bare: Django and its default middleware, nothing else
BASELINE = "baseline"  # the product's /bench/baseline
RENDERED = "rendered"  # public, anonymous, page cache off
CACHED = "cached"  # public, anonymous, from the page cache
UNDER_POSTS = "under posts"  # cached, with anonymous POSTs going on
SIGNED_IN = "signed in"
ADMIN = "admin"


def parse_wrk(output: str) -> dict:
    """wrk's summary as printed by bench/wrk.lua, times in milliseconds.

    ``bad_status`` counts answers wrk calls errors (status 400 and above);
    ``errors`` adds the connections that failed, broke or timed out.
    """
    for line in reversed(output.splitlines()):
        if line.startswith(WRK_MARK):
            raw = json.loads(line[len(WRK_MARK) :])
            break
    else:
        raise ValueError(f"No {WRK_MARK.strip()} line in wrk's output:\n{output}")
    seconds = raw["duration_us"] / 1e6
    socket_errors = (
        raw["connect_errors"]
        + raw["read_errors"]
        + raw["write_errors"]
        + raw["timeouts"]
    )
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "bytes": raw["bytes"],
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "bad_status": raw["bad_status"],
        "socket_errors": socket_errors,
        "errors": raw["bad_status"] + socket_errors,
    }


@dataclass
class Page:
    """One measured URL: ``kind`` is one of the kinds above, ``dataset``
    "full" or "tenth" (the tenth-size data, for growth)."""

    name: str
    path: str
    kind: str
    connections: int
    dataset: str = "full"
    note: str = ""
    # (kind, name) of the page of the same data this one is judged against:
    # a deep admin page against page 1, the search against the directory,
    # a page under POSTs against the same page cached.
    compare_to: tuple[str, str] | None = None
    result: dict = field(default_factory=dict)


def judge(pages: list[Page]) -> list[dict]:
    """Each measured page as a table row, with its ratio to the bare view at
    the same concurrency and whether it meets its targets."""
    # The bare view may be measured more than once in a run (at its start and
    # its end): its best figure, since what else runs on the machine only
    # ever lowers it.
    bare = {}
    for page in pages:
        if page.kind == BARE:
            best = max(bare.get(page.connections, 0), page.result["rps"])
            bare[page.connections] = best
    by_key = {(page.dataset, page.kind, page.name): page for page in pages}
    rows = []
    for page in pages:
        result = page.result
        base = bare.get(page.connections)
        ratio = round(result["rps"] / base, 3) if base else None
        other = (
            by_key.get((page.dataset, *page.compare_to)) if page.compare_to else None
        )
        target, met = targets(page, ratio, other)
        rows.append(
            {
                "page": page.name,
                "path": page.path,
                "kind": page.kind,
                "dataset": page.dataset,
                "note": page.note,
                "connections": page.connections,
                **result,
                # The answer's size as sent (headers included), in KB.
                "kb": round(result.get("bytes", 0) / result["requests"] / 1024, 1)
                if result.get("requests")
                else None,
                "ratio": ratio,
                "target": target,
                # No answer at all within the run is no figure, never a pass.
                "met": met and result["errors"] == 0 and result["requests"] > 0,
            }
        )
    return rows


def targets(page: Page, ratio: float | None, other: Page | None) -> tuple[str, bool]:
    """The target's wording and whether ``page`` meets it; ``other`` is the
    page it is compared with (``page.compare_to``), if measured."""
    p95 = page.result["p95_ms"]
    rps = page.result["rps"]
    ratio = ratio or 0
    if page.kind == BARE:
        return "-", True
    if page.kind == BASELINE:
        return f"ratio >= {BASELINE_MIN_RATIO}", ratio >= BASELINE_MIN_RATIO
    if page.kind == RENDERED:
        wording = f"ratio >= {RENDERED_MIN_RATIO}, p95 < {RENDERED_MAX_P95_MS} ms"
        met = ratio >= RENDERED_MIN_RATIO and p95 < RENDERED_MAX_P95_MS
        factor = SEARCH_MIN_FACTOR
    elif page.kind == CACHED:
        return f"ratio >= {CACHED_MIN_RATIO}", ratio >= CACHED_MIN_RATIO
    elif page.kind == UNDER_POSTS:
        wording, met, factor = "", True, UNDER_POSTS_MIN_FACTOR
    elif page.kind == SIGNED_IN:
        return f"p95 < {SIGNED_IN_MAX_P95_MS} ms", p95 < SIGNED_IN_MAX_P95_MS
    else:
        wording = f"p95 < {ADMIN_MAX_P95_MS} ms"
        met = p95 < ADMIN_MAX_P95_MS
        if page.compare_to:
            name = page.compare_to[1]
            wording += f", p95 <= {DEEP_PAGE_MAX_FACTOR}x {name}"
            if other is not None:
                met = met and p95 <= DEEP_PAGE_MAX_FACTOR * other.result["p95_ms"]
        return wording, met
    if page.compare_to:
        kind, name = page.compare_to
        than = name if kind == page.kind else f"{name} {kind}"
        rate = f"req/s >= {factor}x {than}"
        wording = f"{wording}, {rate}" if wording else rate
        if other is not None:
            met = met and rps >= factor * other.result["rps"]
    return wording, met


def judge_growth(rows: list[dict]) -> list[dict]:
    """Each page measured on both data sets: how much its cost grew from the
    tenth-size data to the full size, as time per request (1 / req/s) and
    as p95; neither may grow more than :data:`GROWTH_MAX_FACTOR`."""
    tenth = {
        (row["kind"], row["page"]): row for row in rows if row["dataset"] == "tenth"
    }
    growth = []
    for row in rows:
        small = tenth.get((row["kind"], row["page"]))
        if row["dataset"] != "full" or small is None:
            continue
        per_request = factor(small["rps"], row["rps"])
        p95 = factor(row["p95_ms"], small["p95_ms"])
        growth.append(
            {
                "page": row["page"],
                "kind": row["kind"],
                "tenth_rps": small["rps"],
                "full_rps": row["rps"],
                "tenth_p95_ms": small["p95_ms"],
                "full_p95_ms": row["p95_ms"],
                "per_request": per_request,
                "p95": p95,
                "target": f"each <= {GROWTH_MAX_FACTOR}x",
                "met": max(per_request, p95) <= GROWTH_MAX_FACTOR,
            }
        )
    return growth


def factor(larger_when_worse: float, smaller_when_better: float) -> float:
    if not smaller_when_better:
        return float("inf") if larger_when_worse else 1.0
    return round(larger_when_worse / smaller_when_better, 2)


TABLE_COLUMNS = [
    ("kind", "kind", "<"),
    ("page", "page", "<"),
    ("conn", "connections", ">"),
    ("req/s", "rps", ">"),
    ("p50 ms", "p50_ms", ">"),
    ("p95 ms", "p95_ms", ">"),
    ("ratio", "ratio", ">"),
    ("KB", "kb", ">"),
    ("errors", "errors", ">"),
    ("met", "met", "<"),
    ("target", "target", "<"),
]
GROWTH_COLUMNS = [
    ("kind", "kind", "<"),
    ("page", "page", "<"),
    ("req/s 1/10", "tenth_rps", ">"),
    ("req/s full", "full_rps", ">"),
    ("p95 1/10", "tenth_p95_ms", ">"),
    ("p95 full", "full_p95_ms", ">"),
    ("x time/req", "per_request", ">"),
    ("x p95", "p95", ">"),
    ("met", "met", "<"),
    ("target", "target", "<"),
]


def format_table(rows: list[dict], columns: list = TABLE_COLUMNS) -> str:
    def cell(row, key):
        value = row[key]
        if key == "met":
            return "yes" if value else "NO"
        if key == "ratio":
            return "-" if value is None or row["kind"] == BARE else f"{value:.3f}"
        if value is None:
            return "-"
        return str(value)

    cells = [[cell(row, key) for _title, key, _align in columns] for row in rows]
    widths = [
        max([len(title)] + [len(line[i]) for line in cells])
        for i, (title, _key, _align) in enumerate(columns)
    ]

    def line(texts):
        return "  ".join(
            f"{text:{align}{width}}"
            for text, (_title, _key, align), width in zip(
                texts, columns, widths, strict=True
            )
        ).rstrip()

    lines = [line([title for title, _key, _align in columns])]
    lines += [line(texts) for texts in cells]
    lines.insert(1, "-" * max(len(text) for text in lines))
    return "\n".join(lines)


# The cold load of a page ----------------------------------------------------------

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.IGNORECASE)
URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def css_urls(css: str) -> list[str]:
    """The files a stylesheet makes a browser download, in order, once each.

    A ``@font-face`` lists the same font in several formats; a browser takes
    the first it supports, so only the first is counted. ``data:`` URLs and
    fragment-only references (``url(#id)`` in SVG filters) cost nothing.
    Every font face is counted, used on the page or not: an upper bound.
    """
    css = COMMENT.sub("", css)
    found = []
    for match in IMPORT.finditer(css):
        found.append(match.group(1) or match.group(2))
    for face in FONT_FACE.findall(css):
        first = URL.search(face)
        if first:
            found.append(next(g for g in first.groups() if g is not None))
    for match in URL.finditer(FONT_FACE.sub("", css)):
        found.append(next(g for g in match.groups() if g is not None))
    urls = []
    for url in found:
        if url and not url.startswith(("data:", "#")) and url not in urls:
            urls.append(url)
    return urls


class AssetFinder(HTMLParser):
    """The stylesheets, scripts, preloads, icons and images of a page."""

    LINK_RELS = {"stylesheet", "preload", "icon", "modulepreload"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and self.LINK_RELS & set((attrs.get("rel") or "").split()):
            url = attrs.get("href")
        elif tag in ("script", "img"):
            url = attrs.get("src")
        if url and not url.startswith("data:") and url not in self.urls:
            self.urls.append(url)


def html_assets(html: str) -> list[str]:
    finder = AssetFinder()
    finder.feed(html)
    return finder.urls


def local_path(base: str, url: str) -> str | None:
    """``url`` (found in the file at ``base``) as a path on the same site,
    or None when it points elsewhere."""
    split = urlsplit(urljoin(base, url))
    if split.scheme not in ("", "http", "https") or (
        split.netloc and split.netloc != urlsplit(base).netloc
    ):
        return None
    return normpath(split.path) + (f"?{split.query}" if split.query else "")


def cold_load(fetch, page: str, base: str = "http://127.0.0.1") -> dict:
    """Bytes a browser with an empty cache transfers to show ``page``.

    ``fetch(path)`` returns ``(status, content encoding, body bytes as
    sent)``; it should ask for compressed answers as a browser does.
    Stylesheets are read for the fonts and images they use; each file is
    counted once.
    """
    files = []
    seen = set()

    def get(path, kind):
        status, encoding, body = fetch(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} during the cold load.")
        seen.add(path)
        files.append(
            {"path": path, "kind": kind, "encoding": encoding, "bytes": len(body)}
        )
        return decoded(body, encoding)

    html = get(page, "page").decode("utf-8", errors="replace")
    queue = [local_path(base + page, url) for url in html_assets(html)]
    while queue:
        path = queue.pop(0)
        if path is None or path in seen:
            continue
        body = get(path, kind_of(path))
        if path.split("?")[0].endswith(".css"):
            css = body.decode("utf-8", errors="replace")
            queue.extend(local_path(base + path, url) for url in css_urls(css))
    total = sum(f["bytes"] for f in files)
    return {
        "files": files,
        "bytes": total,
        "max_bytes": COLD_LOAD_MAX_BYTES,
        "met": total < COLD_LOAD_MAX_BYTES,
    }


def decoded(body: bytes, encoding: str | None) -> bytes:
    """``body`` as it was before the server compressed it."""
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    return body


def kind_of(path: str) -> str:
    extension = path.split("?")[0].rsplit(".", 1)[-1].lower()
    return {
        "css": "stylesheet",
        "js": "script",
        "woff2": "font",
        "woff": "font",
        "ttf": "font",
    }.get(extension, "image")

"""What `make run` passes to the site it serves."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dry_run(*args, **environ):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SITE_URL"}
    env.update(environ)
    return subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_email_links_follow_the_port_make_run_serves():
    output = dry_run("PORT=8123")
    assert "runserver 127.0.0.1:8123" in output
    assert "Links in e-mails point at http://127.0.0.1:8123/" in output


def test_a_site_url_given_in_the_environment_wins():
    output = dry_run("PORT=8123", DJANGO_SITE_URL="https://workgroup.example")
    assert "Links in e-mails point at https://workgroup.example/" in output

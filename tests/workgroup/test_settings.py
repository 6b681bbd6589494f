"""Settings behave as README.md says; checked in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides, cwd=ROOT):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra):
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "p" * 20
        + "roduction-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "DJANGO_ALLOWED_HOSTS": "workgroup.example.org",
        **extra,
    }


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", env_overrides={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_starts_without_a_secret_key_in_debug():
    result = run_manage("check", env_overrides={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("print(settings.DEBUG)", "False"),
        ("print(settings.SECURE_SSL_REDIRECT)", "True"),
        (
            "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)",
            "True True",
        ),
        ("print(settings.SECURE_HSTS_SECONDS)", "31536000"),
        # Each process has its own cache: public pages are not cached.
        ("print(settings.PAGE_CACHE_SECONDS)", "0"),
        ("print(settings.TIME_ZONE, settings.LANGUAGE_CODE)", "Asia/Tehran fa"),
        (
            "print(settings.DATABASES['default']['ENGINE'])",
            "django.db.backends.sqlite3",
        ),
        (
            "print(settings.STORAGES['staticfiles']['BACKEND'])",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    ],
)
def test_production_defaults(command, expected):
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        f"from django.conf import settings; {command}",
        env_overrides=production_env(),
    )
    assert result.stdout.strip() == expected, result.stderr


def test_database_url_selects_postgresql():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'])",
        env_overrides=production_env(DATABASE_URL="postgres://u:p@db.example:5432/wg"),
    )
    assert result.stdout.strip() == "django.db.backends.postgresql wg 60", result.stderr


def test_redis_url_selects_a_shared_cache():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS)",
        env_overrides=production_env(REDIS_URL="redis://127.0.0.1:6379/3"),
    )
    # A shared cache also turns on the cache of public pages.
    assert result.stdout.strip() == "django_redis.cache.RedisCache 120", result.stderr


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    result = run_manage(
        "collectstatic",
        "--noinput",
        env_overrides=production_env(DJANGO_STATIC_ROOT=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    names = {path.name for path in (tmp_path / "vendor" / "bootstrap").iterdir()}
    hashed = [
        n for n in names if n.startswith("bootstrap.rtl.min.") and n.endswith(".css")
    ]
    assert len(hashed) == 2  # the original and the hashed copy
    assert any(n.endswith(".css.br") for n in names)
    assert any(n.endswith(".css.gz") for n in names)
    assert (tmp_path / "staticfiles.json").exists()
    css = next((tmp_path / "css").glob("site.*.css")).read_text()
    # Font URLs inside the stylesheet point at the hashed font files.
    assert "Vazirmatn-NL-wght." in css
    assert "Vazirmatn-NL-wght.woff2" not in css

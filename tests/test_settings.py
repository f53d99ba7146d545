import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_the_suite_runs_on_the_database_it_was_asked_for():
    """CI's PostgreSQL run must not fall back to SQLite unnoticed."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def run_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def test_production_profile_passes_the_deploy_check():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 20
            + "a-real-long-random-secret-key-for-the-check-"
            + "y" * 10,
            "DJANGO_ALLOWED_HOSTS": "news.example",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_shared_cache_is_warned():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "z" * 60,
            "DJANGO_ALLOWED_HOSTS": "news.example",
        }
    )
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "news.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_an_empty_database_url_means_the_embedded_sqlite_database():
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DATABASE_URL": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout

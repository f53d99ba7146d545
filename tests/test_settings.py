import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
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


# Which entry point defaults DJANGO_DEBUG to what: the production ones (wsgi, asgi)
# fail closed, manage.py (the development workflow) keeps DEBUG on when it is unset.

PRODUCTION_ENTRY_POINTS = ["newsroom.wsgi", "newsroom.asgi"]
A_SECRET_KEY = "k" * 60
PRINT_DEBUG = "from django.conf import settings; print('DEBUG', settings.DEBUG)"


def clean_env(**extra):
    """This environment without any project setting, plus ``extra``: a fresh start."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "NEWSROOM_", "COMMENTS_"))
        and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(extra)
    return env


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def debug_line(stdout):
    return [line for line in stdout.splitlines() if line.startswith("DEBUG ")]


@pytest.mark.parametrize("module", PRODUCTION_ENTRY_POINTS)
def test_a_production_server_without_a_secret_key_refuses_to_start(module):
    result = run_python(f"import {module}", clean_env())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("module", PRODUCTION_ENTRY_POINTS)
def test_a_production_server_runs_with_debug_off_by_default(module):
    env = clean_env(DJANGO_SECRET_KEY=A_SECRET_KEY, DJANGO_ALLOWED_HOSTS="news.example")
    result = run_python(f"import {module}; {PRINT_DEBUG}", env)
    assert result.returncode == 0, result.stderr
    assert debug_line(result.stdout) == ["DEBUG False"]


@pytest.mark.parametrize("module", PRODUCTION_ENTRY_POINTS)
def test_an_explicit_debug_still_wins_in_a_production_entry_point(module):
    result = run_python(f"import {module}; {PRINT_DEBUG}", clean_env(DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr
    assert debug_line(result.stdout) == ["DEBUG True"]


def test_manage_py_keeps_debug_on_when_unset():
    result = run_manage("shell", "-c", PRINT_DEBUG, env=clean_env())
    assert result.returncode == 0, result.stderr
    assert debug_line(result.stdout) == ["DEBUG True"]


def test_runserver_loading_the_wsgi_application_keeps_debug_on():
    """runserver imports newsroom.wsgi after manage.py configured the settings."""
    code = (
        "import os; "
        "from django.core.servers.basehttp import get_internal_wsgi_application; "
        "get_internal_wsgi_application(); "
        f"{PRINT_DEBUG}; "
        "print('DJANGO_DEBUG', os.environ.get('DJANGO_DEBUG'))"
    )
    result = run_manage("shell", "-c", code, env=clean_env())
    assert result.returncode == 0, result.stderr
    assert debug_line(result.stdout) == ["DEBUG True"]
    # Nothing leaks to the processes the development server starts (its reloader).
    assert "DJANGO_DEBUG None" in result.stdout.splitlines()


# The documented deploy checks, run as printed: a test fails when a document drifts
# from what the settings need.


def shell_block(path, containing):
    """The first ```sh block of ``path`` that contains ``containing``, continuations joined."""
    text = (ROOT / path).read_text()
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    block = next(block for block in blocks if containing in block)
    return block.replace("\\\n", " ")


def run_shell(script, env):
    if not (ROOT / ".venv/bin/python").exists():  # a checkout tested from another venv
        script = script.replace(".venv/bin/python", sys.executable)
    return subprocess.run(
        ["sh", "-ec", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_readme_deploy_check_passes_as_printed():
    command = shell_block("README.md", "check --deploy").strip()
    assert "check --deploy --fail-level WARNING" in command

    result = run_shell(command, clean_env())

    assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"


def test_the_deployment_guide_configuration_passes_the_deploy_check(tmp_path):
    exports = [
        line.split("#")[0].strip()
        for line in shell_block("docs/deployment.md", "export REDIS_URL").splitlines()
        if line.startswith("export ")
    ]
    check = shell_block("docs/deployment.md", "check --deploy").strip()
    # The guide's generations file lives in /dev/shm; the test keeps its own.
    own_file = f"export NEWSROOM_PAGE_GENERATIONS_FILE={tmp_path / 'generations'}"
    script = "\n".join([*exports, own_file, check])

    result = run_shell(script, clean_env())

    assert result.returncode == 0, f"{script}\n{result.stdout}{result.stderr}"

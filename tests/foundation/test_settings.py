import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIFTY_CHARACTER_KEY = "k8#Qz2!pW9@mV4$rR8^tY1&uE6*iO3(aS5)dF0-gH7+jL2=cBn"
assert len(FIFTY_CHARACTER_KEY) == 50


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_it_passes_check_deploy_under_production_settings():
    result = run_manage("check", "--deploy", DEBUG="0", SECRET_KEY=FIFTY_CHARACTER_KEY,
                        ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_it_warns_check_deploy_without_a_secret_key():
    result = run_manage("check", "--deploy", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert "security.W009" in result.stderr


def test_it_warns_when_debug_is_on_in_deploy_check():
    result = run_manage("check", "--deploy", DEBUG="1", SECRET_KEY="x" * 20 + "abcdefghij" * 3, ALLOWED_HOSTS="example.org")
    assert "security.W018" in result.stderr


def test_it_speaks_bahasa_indonesia_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"

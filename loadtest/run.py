"""`make loadtest`: the application under gunicorn with DEBUG off, on the database in DATABASE_URL (the demo
seeded if it holds no WBP), driven by locust from 127.0.0.1 only. Prints, last, exactly:

    loadtest: N requests, F failures, p95 X ms, R req/s

LOADTEST_USERS (50), LOADTEST_SECONDS (60) and LOADTEST_PORT (8765) change the run; docs/performance.md
has the figures measured.
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def seeded(env: dict) -> bool:
    code = "from inmates.models import Inmate; print(Inmate.objects.exists())"
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1:] == ["True"]


def wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"loadtest: the server did not answer {url} within {seconds:.0f} s")
        time.sleep(0.5)


USERNAMES = ["admin", "petugas.blora", "petugas.pati", "kpu.blora", "kpu.jateng"]


def sign_in(base: str, path: Path) -> None:
    """Each demo account signs in once through the real form (its CSRF token, the password hash); the
    simulated users share these sessions, as a day's officers each sign in once. Fifty sign-ins inside the
    measured minute would measure the password hash (PBKDF2, deliberately slow) and nothing else."""
    import requests  # comes with locust

    password = os.environ.get("LOADTEST_PASSWORD", "tps-khusus-demo")
    sessions = {}
    for username in USERNAMES:
        browser = requests.Session()
        page = browser.get(f"{base}/masuk/", timeout=120)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = browser.post(f"{base}/masuk/", {"csrfmiddlewaretoken": token, "username": username,
                                                   "password": password}, timeout=120)
        if "/masuk/" in response.url:
            raise SystemExit(f"loadtest: {username} could not sign in with the demo password (LOADTEST_PASSWORD)")
        sessions[username] = browser.cookies.get_dict()
    path.write_text(json.dumps(sessions))


def main() -> int:
    users = int(os.environ.get("LOADTEST_USERS", 50))
    seconds = int(os.environ.get("LOADTEST_SECONDS", 60))
    port = int(os.environ.get("LOADTEST_PORT", 8765))
    workers = 2 * (os.cpu_count() or 1) + 1
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "loadtest.settings", "DEBUG": "0",
           "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60")}
    print(f"Database: {env.get('DATABASE_URL') or 'SQLite (db.sqlite3)'}; gunicorn with {workers} workers; "
          f"{users} users for {seconds} s", flush=True)
    manage("migrate", "--no-input", env=env)
    manage("load_regions", "--if-missing", env=env)
    if not seeded(env):
        print("Empty database: loading the demo (seed_demo --demo)", flush=True)
        manage("seed_demo", "--demo", env=env)
    # Fresh planner statistics, as autovacuum keeps them on a server; without them PostgreSQL joined the
    # 91,000-row region table by hash into the registry list (20 ms instead of 1.6 ms a page).
    manage("shell", "-c", "from portal.scale import analyze; analyze()", env=env)
    manage("collectstatic", "--no-input", env=env)

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "tps_khusus.wsgi", "--config", str(ROOT / "loadtest" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--access-logfile", "-" if os.environ.get("LOADTEST_ACCESS_LOG") else "/dev/null"],
        cwd=ROOT, env=env)
    results = Path(tempfile.mkstemp(prefix="tps-loadtest-", suffix=".json")[1])
    sessions = Path(tempfile.mkstemp(prefix="tps-loadtest-sessions-", suffix=".json")[1])
    try:
        wait_until_up(f"http://127.0.0.1:{port}/sehat/", 60)
        sign_in(f"http://127.0.0.1:{port}", sessions)
        subprocess.run(
            [str(BIN / "locust"), "--locustfile", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
             "--users", str(users), "--spawn-rate", str(max(1, users / 10)), "--run-time", f"{seconds}s",
             "--host", f"http://127.0.0.1:{port}", "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0"],
            cwd=ROOT, env={**env, "LOADTEST_RESULTS": str(results), "LOADTEST_SESSIONS": str(sessions)}, check=False)
        data = json.loads(results.read_text() or "{}")
    finally:
        server.terminate()
        server.wait(30)
        results.unlink(missing_ok=True)
        sessions.unlink(missing_ok=True)
    times = data["times"]
    every = [time for kind in times.values() for time in kind]
    for kind, values in times.items():
        print(f"{kind}: {len(values)} requests, p50 {percentile(values, 0.5):.0f} ms, "
              f"p95 {percentile(values, 0.95):.0f} ms, max {max(values or [0]):.0f} ms")
    # The target is for pages; downloads are shown above.
    print(f"loadtest: {len(every)} requests, {data['failures']} failures, p95 {percentile(times['page'], 0.95):.0f} ms, "
          f"{len(every) / seconds:.1f} req/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

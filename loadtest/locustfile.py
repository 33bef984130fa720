"""Simulated users of `make loadtest` (loadtest/run.py starts the server and reads the results).

Officers of Rutan Blora and Rutan Pati browse their registry and edit WBP; KPU members of Blora and Jawa
Tengah read dashboards and voter lists; the admin looks at everything. Each uses a session that run.py
opened through the real sign-in form (CSRF token, password) and downloads one workbook a minute. Response times go to the file in
LOADTEST_RESULTS, split into pages and downloads, for run.py's summary line.
"""

import json
import os
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

ELECTION = os.environ.get("LOADTEST_ELECTION", "pemilu-2029")
TIMES: dict[str, list[float]] = {"page": [], "download": []}
FAILURES = {"count": 0}
CONFLICT = "baru saja diubah oleh"  # the edit-conflict message: a right answer when two officers collide


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    TIMES["download" if name.startswith("unduh") else "page"].append(response_time)
    if exception is not None:
        FAILURES["count"] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("LOADTEST_RESULTS")
    if path:
        with open(path, "w") as file:
            json.dump({"times": TIMES, "failures": FAILURES["count"]}, file)


class FormReader(HTMLParser):
    """The values a browser would send back from the page's first POST form to `action` (or to itself)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.data: dict[str, str] = {}
        self.depth = 0  # inside the first POST form
        self.done = False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if (tag == "form" and not self.done and (a.get("method") or "").lower() == "post"
                and (a.get("action") or "") in ("", self.action)):
            self.depth = 1
        if not self.depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            if "selected" in a or self.select not in self.data:
                self.data[self.select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.depth:
            self.depth, self.done = 0, True


def form_values(html: str, action: str) -> dict[str, str]:
    reader = FormReader(action)
    reader.feed(html)
    return reader.data


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: list[str] = []

    def on_start(self):
        """Takes the session run.py opened for one of the accounts through the sign-in form."""
        self.username = random.choice(self.usernames)
        with open(os.environ["LOADTEST_SESSIONS"]) as file:
            cookies = json.load(file)[self.username]
        for name, value in cookies.items():
            self.client.cookies.set(name, value)
        with self.client.get("/", name="beranda", catch_response=True) as response:
            if "/masuk/" in response.url:
                response.failure(f"the session of {self.username} was not accepted")
        self.next_download = time.monotonic() + random.uniform(0, 60)  # one a minute, spread over the users

    def page(self, url: str, name: str):
        return self.client.get(url, name=name)

    def maybe_download(self):
        if time.monotonic() >= self.next_download:
            self.next_download += 60
            self.download()

    def download(self):
        raise NotImplementedError


class Officer(Person):
    weight = 20
    usernames = ["petugas.blora", "petugas.pati"]

    def on_start(self):
        super().on_start()
        self.code = "rutan-blora" if self.username == "petugas.blora" else "rutan-pati"
        listing = self.page(f"/fasilitas/{self.code}/wbp/?per=100", "wbp (daftar)")
        self.inmates = sorted(set(re.findall(r'href="/wbp/(\d+)/"', listing.text))) or ["0"]

    @task(4)
    def registry(self):
        self.maybe_download()
        page = random.randint(1, 3)
        self.page(f"/fasilitas/{self.code}/wbp/?page={page}", "wbp (daftar)")

    @task(2)
    def search(self):
        self.page(f"/fasilitas/{self.code}/wbp/?q={random.choice(['BUDI', 'SRI', '33', 'AI'])}", "wbp (cari)")

    @task(3)
    def inmate(self):
        self.page(f"/wbp/{random.choice(self.inmates)}/", "wbp (rincian)")

    @task(2)
    def edit(self):
        pk = random.choice(self.inmates)
        form = self.page(f"/wbp/{pk}/ubah/", "wbp ubah (formulir)")
        if form.status_code != 200:
            return
        data = form_values(form.text, f"/wbp/{pk}/ubah/")
        data["confirm_mismatch"] = "on"  # some demo NIK disagree with the birth date on purpose: confirmed as is
        with self.client.post(f"/wbp/{pk}/ubah/", data, name="wbp ubah (simpan)", catch_response=True,
                              allow_redirects=False) as response:
            if response.status_code == 302 or (response.status_code == 200 and CONFLICT in response.text):
                response.success()
            else:
                response.failure(f"edit answered {response.status_code}")

    @task(1)
    def others(self):
        self.page(f"/fasilitas/{self.code}/perlu-tindakan/", "perlu tindakan")
        self.page(f"/fasilitas/{self.code}/belum-nik/", "belum NIK")
        self.page(f"/pemilu/{ELECTION}/{self.code}/", "pemilih (fasilitas)")

    def download(self):
        self.page(f"/fasilitas/{self.code}/belum-nik/unduh/", "unduh belum NIK")


class KpuMember(Person):
    weight = 20
    usernames = ["kpu.blora", "kpu.jateng"]

    @task(3)
    def dashboard(self):
        self.maybe_download()
        self.page(f"/pemilu/{ELECTION}/", "dasbor KPU")

    @task(4)
    def voters(self):
        self.page(f"/pemilu/{ELECTION}/rutan-blora/?page={random.randint(1, 3)}", "pemilih (fasilitas)")

    @task(2)
    def voters_filtered(self):
        self.page(f"/pemilu/{ELECTION}/rutan-blora/?q={random.choice(['BUDI', 'SRI', 'A'])}", "pemilih (cari)")

    @task(1)
    def tps(self):
        self.page(f"/pemilu/{ELECTION}/rutan-blora/tps/", "TPS")
        self.page(f"/pemilu/{ELECTION}/rutan-blora/versi/", "versi daftar")

    def download(self):
        self.page(f"/pemilu/{ELECTION}/rutan-blora/unduh/", "unduh DPT fasilitas")


class Admin(Person):
    weight = 10
    usernames = ["admin"]

    @task(2)
    def overview(self):
        self.maybe_download()
        self.page("/", "beranda")
        self.page("/fasilitas/", "fasilitas")

    @task(2)
    def elections(self):
        self.page("/pemilu/", "pemilu")
        self.page(f"/pemilu/{ELECTION}/", "dasbor KPU")

    @task(1)
    def registry(self):
        self.page("/fasilitas/rutan-pati/wbp/", "wbp (daftar)")

    def download(self):
        self.page(f"/pemilu/{ELECTION}/rutan-pati/rekap/", "unduh rekap fasilitas")

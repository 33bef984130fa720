"""Every page of every persona: the Content-Security-Policy header, `Cache-Control: no-store`, and
no inline script or style in the HTML (the policy forbids them, so the browser would refuse them).

The crawl starts at each persona's home page (and the sign-in page for a visitor), follows every
link on the site and in the Django admin (for the admin), at most a few addresses per URL pattern,
on the demo data. A test then checks that every URL pattern of the site was reached, or is
POST-only (and answers a GET with 405), or needs an upload first; so a new page cannot slip past.
"""

import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from accounts.demo import seed_users
from inmates.demo import ensure_facilities, seed_registry
from pdpb.demo import seed_pdpb
from registration import services
from registration.demo import seed_elections
from tests.conftest import PERSONAS
from tests.factories import make_inmate

ROOT = Path(__file__).resolve().parents[2]
CSP = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "object-src": ["'none'"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"], "form-action": ["'self'"],
}
PER_PATTERN = 2  # addresses visited per URL pattern and persona


def skipped(pattern: str) -> bool:
    """The admin's delete confirmations all share one template; collecting what a facility's or an
    election's deletion would take costs seconds, so only the users' are visited."""
    return pattern.startswith("admin:") and pattern.endswith("/delete/") and "auth/user/" not in pattern
# Reached by a POST only: a GET answers 405 (checked below).
POST_ONLY = {
    "logout", "inmates:nik_verify_many", "inmates:no_nik_submit", "inmates:event", "inmates:transfer_cancel",
    "inmates:arrival", "inmates:nik", "registration:refresh", "registration:allocate", "registration:submit",
    "registration:return", "pdpb:submit", "pdpb:return", "pdpb:crosscheck_delete",
}
# Need an upload in the session first; their templates are covered by the template scan.
AFTER_UPLOAD = {"inmates:import_preview", "inmates:import_issues", "regions:dapil_check"}
# Need a background job first (a POST); tests/jobs/test_pages.py checks them the same way.
AFTER_A_JOB = {"jobs:detail", "jobs:status", "jobs:download"}
# Not linked from a page: the JSON the region picker fetches, the page after a password change,
# the health check for load balancers; and a GET form filled in (its result links to the download).
# A PDPB quarter's lock confirmation is reached by the facility page's form (a POST) and answers a GET too.
DIRECT = ["/wilayah/anak/", "/kata-sandi/selesai/", "/fasilitas/rutan-blora/bebas-sebelum/?day=2024-02-14", "/sehat/",
          "/pdpb/rutan-blora/2026-4/kunci/"]


class InlineFinder(HTMLParser):
    """Collects what a strict CSP refuses: inline <script> and <style>, style="" and on...="" attributes,
    javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> block at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}> at line {self.getpos()[0]}")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def inline_problems(html: str) -> tuple[list[str], list[str]]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.problems, finder.links


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy") or ""
    return {words[0]: words[1:] for words in (part.split() for part in header.split(";")) if words}


def header_problems(response) -> list[str]:
    problems = []
    if policy(response) != CSP:
        problems.append(f"Content-Security-Policy: {response.get('Content-Security-Policy')!r}")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if not match.view_name.startswith("admin:") else f"admin:{match.route}"


def crawl(client: Client, starts: list[str]) -> tuple[dict[str, list[str]], set[str], int]:
    """Visits links from `starts`; returns problems per address, the URL patterns reached, pages seen."""
    queue, seen, per_pattern = deque(starts), set(), Counter()
    problems: dict[str, list[str]] = {}
    reached: set[str] = set()
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        pattern = pattern_of(parts.path)
        if url in seen or pattern is None or pattern in POST_ONLY or skipped(pattern) or per_pattern[pattern] >= PER_PATTERN:
            continue
        seen.add(url)
        per_pattern[pattern] += 1
        response = client.get(url)
        found = header_problems(response)
        if response.status_code >= 500:
            found.append(f"status {response.status_code}")
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
        elif response.status_code == 200:
            reached.add(pattern)
            if response.get("Content-Type", "").startswith("text/html"):
                inline, links = inline_problems(response.content.decode())
                found += inline
                queue.extend(urljoin(url, link.split("#")[0]) for link in links if not link.startswith("#"))
        if found:
            problems[url] = found
    return problems, reached, len(seen)


def site_patterns() -> set[str]:
    """Every named URL pattern of the site outside the Django admin."""
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(namespace + entry.name)

    walk(get_resolver().url_patterns, "")
    return names


@pytest.fixture
def demo(db):
    facilities = ensure_facilities()
    seed_registry(facilities)
    seed_users(facilities)
    seed_pdpb(facilities)  # PDPB periods, a locked quarter and a DPB extract: their pages are linked
    elections = {e.slug: e for e in seed_elections(user=User.objects.get(username="admin"))}
    # KPU Blora's TPS of the open election, still open to planning: their edit pages are linked.
    kpu = User.objects.get(username="kpu.blora")
    services.allocate(election=elections["pemilu-2029"], facility=facilities["rutan-blora"], create_missing=True,
                      user=kpu)
    # and a locked version there, so its pages, download and the diff are linked from the open election
    services.list_lock(election=elections["pemilu-2029"], facility=facilities["rutan-blora"], kind="dpt", user=kpu)
    User.objects.get_or_create(username="outsider", defaults={"first_name": "Tamu"})
    return facilities


def test_every_page_of_every_persona_carries_the_policy_and_nothing_inline(demo):
    started = time.perf_counter()
    problems, reached, pages = {}, set(), 0
    visitor_problems, visitor_reached, visitor_pages = crawl(Client(), ["/masuk/", "/"])
    problems.update({f"(tamu) {url}": found for url, found in visitor_problems.items()})
    reached |= visitor_reached
    pages += visitor_pages
    for username in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        found, persona_reached, persona_pages = crawl(client, ["/", *DIRECT])
        problems.update({f"({username}) {url}": found for url, found in found.items()})
        reached |= persona_reached
        pages += persona_pages
    print(f"crawled {pages} pages in {time.perf_counter() - started:.1f} s")
    assert problems == {}
    assert "admin:admin/" in reached and "login" in reached
    assert any(name.startswith("admin:admin/inmates/") for name in reached)
    assert any(name.startswith("admin:admin/pdpb/") for name in reached)
    missing = site_patterns() - reached - POST_ONLY - AFTER_UPLOAD - AFTER_A_JOB
    assert missing == set(), "pages no persona reached: give them a link, or list them with a reason"


def test_post_only_patterns_refuse_a_get_with_the_same_headers(world):
    inmate = make_inmate(world.blora)
    sample = {"code": "rutan-blora", "pk": inmate.pk, "slug": "pemilu-2024", "kind": "bebas", "action": "verify",
              "period": "2024-1"}
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    for name in sorted(POST_ONLY):
        url = reverse(name, kwargs={key: value for key, value in sample.items() if key in _parameters(name)})
        response = client.get(url)
        assert response.status_code == 405, (name, response.status_code)
        assert header_problems(response) == [], name


def _parameters(name: str) -> set[str]:
    resolver = get_resolver()
    *namespaces, view = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(view)
    return set(possibilities[0][0][0][1]) if possibilities else set()


TEMPLATE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> block": re.compile(r"<style[\s>]", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_has_inline_script_or_style():
    """Also the pages the crawl cannot reach (the import preview after an upload)."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for what, pattern in TEMPLATE_PATTERNS.items():
            found += [f"{template.relative_to(ROOT)}: {what}" for _match in pattern.finditer(text)]
    assert found == []

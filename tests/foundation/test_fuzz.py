"""No 500 on bad input (issue 12): hostile values in every query parameter a view reads, in every path
parameter, and in every field of every POST form, for every URL pattern of the site (the Django admin is
left to Django), for a signed-in admin, officer and KPU member, on the demo data. Nothing answers 5xx and nothing rejected leaves a trace in the database.

The query parameters are found in the views' source (`request.GET.get("name")` and the fields of a form
bound to `request.GET`); a test fails when a view reads `request.GET` some other way, so a new parameter
cannot slip past. The POST forms are the ones each page actually shows (parsed from its HTML), sent to
their own action, with every field hostile.

Hypothesis draws the values; it is derandomized and kept small so CI runs the same few hundred requests.
"""

import hashlib
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django import forms
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inmates.models import Inmate
from jobs.models import Job
from registration.models import Election, ListVersion, Registration, Tps
from tests.foundation.test_pages_security import demo  # noqa: F401 - the crawl's demo data, reused

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = ["admin", "petugas.blora", "kpu.blora"]
HOSTILE = [
    "²", "٣", "99999999999999999999999", "-1", "\x00", "a\x00b", "' OR 1=1 --", "<script>alert(1)</script>",
    "", "x" * 5000, "2024-02-30", "0", "1e400", "../../etc/passwd", "%00", "NaN",
]
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
# Path parameters of type str/slug take hostile text too (a slug only what its converter lets through).
SLUG_HOSTILE = ["99999999999999999999999", "x" * 300]
# Tables that a rejected request may still write to: sessions and messages, the login guard, the logs of
# who saw or downloaded what (audit), the counters of the cross-facility checks, the queue of background
# jobs (a GET only offers a job, but its page shows the queue); and the reference data (too big to hash,
# counted instead).
WRITABLE = re.compile(r"^(django_session|axes_.*|audit_.*|inmates_crossfacility.*|django_tasks.*|jobs_.*)$")
COUNTED_ONLY = re.compile(r"^regions_(region|dapilarea|regionrenumbering)$")
GET_READ = re.compile(r"request\.GET\.get\(\s*\"(\w+)\"")
GET_FORM = re.compile(r"(\w+Form)\(request\.GET\b")
GET_ANY = re.compile(r"request\.GET\b")
GET_WHOLE = re.compile(r"request\.GET\.copy\(\)")


# URL patterns and what they read ----------------------------------------------------------------------

def site_patterns() -> list[tuple[str, URLPattern]]:
    """(name, pattern) for every named URL pattern outside the Django admin."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((namespace + entry.name, entry))

    walk(get_resolver().url_patterns, "")
    return sorted(found, key=lambda item: item[0])


def view_function(pattern: URLPattern):
    callback = pattern.callback
    callback = getattr(callback, "view_class", callback)
    return inspect.unwrap(callback)


def view_source(pattern: URLPattern) -> str:
    """The view's source and that of the helpers of its module it calls with `request`."""
    function = view_function(pattern)
    if inspect.isclass(function):  # Django's own auth views read no query parameter of ours
        return ""
    module = inspect.getmodule(function)
    source = inspect.getsource(function)
    seen, queue = {function.__name__}, [source]
    while queue:
        for name in re.findall(r"\b(_\w+)\(request\b", queue.pop()):
            helper = getattr(module, name, None)
            if name not in seen and inspect.isfunction(helper):
                seen.add(name)
                helper_source = inspect.getsource(inspect.unwrap(helper))
                source += "\n" + helper_source
                queue.append(helper_source)
    return source


def query_parameters(pattern: URLPattern) -> set[str]:
    source = view_source(pattern)
    if not source:
        return set()
    module = inspect.getmodule(view_function(pattern))
    names = set(GET_READ.findall(source))
    for form_name in GET_FORM.findall(source):
        form_class = getattr(module, form_name)
        assert issubclass(form_class, forms.Form), form_name
        names |= set(form_class.base_fields)
    return names


def test_every_read_of_the_query_string_is_one_the_fuzz_finds():
    """`request.GET.get("name")`, `SomeForm(request.GET ...)` and `request.GET.copy()` (to rebuild
    links) in the views or their `_helpers(request, ...)`; any other read would escape the fuzz."""
    in_views = 0
    for _name, pattern in site_patterns():
        source = view_source(pattern)
        in_views += len(GET_ANY.findall(source))
        unknown = (len(GET_ANY.findall(source)) - len(GET_READ.findall(source)) - len(GET_FORM.findall(source))
                   - len(GET_WHOLE.findall(source)))
        assert unknown == 0, f"{_name}: request.GET read in a way the fuzz does not see"
    everywhere = 0
    for app in ("accounts", "audit", "inmates", "jobs", "portal", "regions", "registration", "tps_khusus"):
        for path in (ROOT / app).rglob("*.py"):
            everywhere += len(GET_ANY.findall(path.read_text()))
    # A helper reached by the views counts once per view that reaches it.
    assert everywhere <= in_views, "request.GET read outside a view's reach of the fuzz"
    assert {"q", "status", "sort", "per", "page", "dari", "ke", "wilayah", "tps", "day", "parent"} <= set().union(
        *(query_parameters(pattern) for _name, pattern in site_patterns()))


# Addresses ----------------------------------------------------------------------------------------------

def valid_kwargs(demo_data) -> dict[str, dict[str, object]]:
    """For each URL pattern name, path parameters of a real object the personas can see (or None)."""
    blora = demo_data["rutan-blora"]
    election = Election.objects.get(slug="pemilu-2029")
    inmate = Inmate.objects.filter(facility=blora).order_by("pk").first()
    registration = Registration.objects.filter(election=election, facility=blora).order_by("pk").first()
    tps = Tps.objects.filter(election=election, facility=blora).order_by("number").first()
    version = ListVersion.objects.filter(election=election, facility=blora).order_by("number").first()
    job = Job.objects.order_by("pk").first()
    return {
        "code": blora.code, "slug": election.slug, "pk": inmate.pk, "voter_pk": registration.pk if registration else 1,
        "number": tps.number if tps else 1, "version_number": version.number if version else 1,
        "token": "tidak-ada", "kind": "bebas", "action": "verify", "job_pk": job.pk if job else None,
        "period": "2025-4",  # a PDPB quarter (pdpb/urls.py)
    }


def addresses(name: str, pattern: URLPattern, sample: dict) -> list[str]:
    """The pattern's address with real objects, then with each text-taking path parameter hostile."""
    converters = pattern.pattern.converters
    route = str(pattern.pattern)
    prefix = {"inmates": "/", "registration": "/pemilu/", "regions": "/wilayah/", "jobs": "/berkas/"}.get(
        name.split(":")[0] if ":" in name else "", "/")

    def value(key: str):
        if key == "pk" and name == "registration:voter":
            return sample["voter_pk"]
        if key == "pk" and name.startswith("jobs:"):
            return sample["job_pk"]
        if key == "number" and "version" in name:
            return sample["version_number"]
        return sample[key]

    def build(values: dict) -> str:
        path = route
        for key in converters:
            path = re.sub(rf"<\w+:{key}>", str(values[key]), path)
        return prefix + path

    real = {key: value(key) for key in converters}
    if any(item is None for item in real.values()):
        return []
    found = [build(real)]
    for key, converter in converters.items():
        kind = type(converter).__name__
        bad = {"StringConverter": ["²", "a\x00b", "<script>", "x" * 300],
               "SlugConverter": SLUG_HOSTILE, "IntConverter": ["99999999999999999999999"],
               "UUIDConverter": ["00000000-0000-0000-0000-000000000000"]}[kind]
        found += [build({**real, key: item}) for item in bad if item and "/" not in item]
    return found


# Database state -----------------------------------------------------------------------------------------

CHECKSUMS = [0]


def checksum() -> dict[str, str]:
    """Every table of the project but the writable ones: its rows hashed (the reference data counted)."""
    state = {}
    CHECKSUMS[0] += 1
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if WRITABLE.match(table):
                continue
            quoted = connection.ops.quote_name(table)
            if COUNTED_ONLY.match(table):
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - table names from introspection
                state[table] = str(cursor.fetchone()[0])
                continue
            # Rows sorted whole: a history table's first column is the tracked row's id, shared by its
            # versions, so "ORDER BY 1" left their order to PostgreSQL (a parallel scan changed it).
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            state[table] = hashlib.sha256(repr(sorted(map(repr, cursor.fetchall()))).encode()).hexdigest()
    return state


class Writes:
    """Notes whether a statement that may write to a table outside WRITABLE ran: only then is the
    (slower) checksum taken again."""

    STATEMENT = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        match = self.STATEMENT.match(sql)
        if match and not WRITABLE.match(match.group(2)):
            self.seen = True
        return execute(sql, params, many, context)


class FormFinder(HTMLParser):
    """The POST forms of a page: action and field names (the CSRF token left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[str]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._current = (attributes.get("action") or "", [])
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea") and self._current is not None:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken" and attributes.get("type") != "file":
                self._current[1].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def post_forms(url: str, html: str) -> list[tuple[str, list[str]]]:
    finder = FormFinder()
    finder.feed(html)
    return [(urljoin(url, action) if action else url, sorted(set(fields))) for action, fields in finder.forms]


# The fuzz -----------------------------------------------------------------------------------------------

def fuzz_persona(username: str, demo_data) -> None:
    sample = valid_kwargs(demo_data)
    targets, hostile_paths = [], []
    for name, pattern in site_patterns():
        if name == "logout":  # would end the session; its form has no field
            continue
        real, *hostile_ones = addresses(name, pattern, sample) or [None]
        if real:
            targets.append((name, real, sorted(query_parameters(pattern))))
        hostile_paths += [(name, url) for url in hostile_ones]
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    writes = Writes()
    with connection.execute_wrapper(writes):
        run_fuzz(client, targets, hostile_paths, writes)


def run_fuzz(client, targets, hostile_paths, writes) -> None:
    problems = []
    before = checksum()
    # Hostile path parameters, and the POST forms every page shows, once.
    for name, url in hostile_paths:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"GET {name} {url[:200]!r}: {response.status_code}")
    forms_found: dict[str, list[str]] = {}
    for _name, url, _parameters in targets:
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for action, fields in post_forms(url, response.content.decode()):
                if urlsplit(action).path != "/keluar/":
                    forms_found[action] = sorted(set(forms_found.get(action, [])) | set(fields))
    assert problems == []
    assert checksum() == before, "a GET changed the database"
    assert len(forms_found) >= 5, "hardly any POST form found on the pages"

    @settings(max_examples=1, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(values=st.lists(hostile, min_size=3, max_size=3))
    @example(values=["²", "99999999999999999999999", "\x00", "' OR 1=1 --", "٣"])
    @example(values=["", "<script>alert(1)</script>", "x" * 5000, "-1"])
    def fuzz(values):
        problems = []
        writes.seen = False
        before = checksum()

        def pick(index: int) -> str:
            return values[index % len(values)]

        for index, (name, url, parameters) in enumerate(targets):
            query = {parameter: pick(index + position) for position, parameter in enumerate(parameters)}
            target = f"{url}?{urlencode(query)}" if query else url
            response = client.get(target)
            if response.status_code >= 500:
                problems.append(f"GET {name} {target[:200]!r}: {response.status_code}")
        after = checksum() if writes.seen else before
        writes.seen = False
        if after != before:
            problems.append(f"GET requests changed {sorted(t for t in after if after[t] != before.get(t))}")
        before = after
        for index, (action, fields) in enumerate(sorted(forms_found.items())):
            data = {field: pick(index + position) for position, field in enumerate(fields)}
            response = client.post(action, data)
            if response.status_code >= 500:
                problems.append(f"POST {action} {data!r:.300}: {response.status_code}")
            if writes.seen:
                writes.seen = False
                after = checksum()
                if response.status_code != 302 and after != before:  # refused: nothing may be written
                    changed = sorted(table for table in after if after[table] != before.get(table))
                    problems.append(f"POST {action} {data!r:.300} refused ({response.status_code}) but changed {changed}")
                before = after
        assert problems == []

    fuzz()


def test_hostile_values_never_give_a_500_nor_a_write(demo):  # noqa: F811 - the fixture imported above
    """One test for the three personas: the demo data takes longer to build than one persona's fuzz."""
    for username in PERSONAS:
        fuzz_persona(username, demo)
    print(f"database checksums taken: {CHECKSUMS[0]}")

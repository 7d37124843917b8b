"""How fast each page is for a large authority: 100,000 synthetic families on PostgreSQL.

    .venv/bin/python bench/large_authority.py [--families 100000] [--users 20] [--rounds 10]
        [--requests-per-user 10] [--single 30] [--explain] [--profile PAGE] [--only PAGE,PAGE]

The database: DATABASE_URL if it is set (a PostgreSQL database; the families are loaded into it
once), else a private PostgreSQL cluster of the bench's own in var/bench-pg (made with Debian's
server binaries, kept between runs, started for the run and stopped after it). Each size gets its
own database (`spotlight_bench_<N>`), so a second run of the same size reuses what the first
loaded and starts measuring in seconds. Loading goes through the case-file import (the path
`spotlight synth --load` and `spotlight import` take), 10,000 families a time, each batch with
its own seed: a load that is stopped keeps the batches already done.

The authority: five teams of about N/5 families each (20,000 at 100,000), ten social workers per
team and each family allocated to one of its team's workers (so a worker's caseload holds about
N/50 families, and her team's about N/5), a manager per team, three auditors, and `--rounds`
audit rounds set up by the first team's manager, rated and closed. One case note of the page's
family is changed once, so its earlier versions page has a version to show.

For each page it prints, side by side in one run: SQL queries per request, the server time for
one user (Django's test client in this process, timing only the request: p50 and p95 of
`--single` requests after a warm-up), the slowest query of the request, and then the p95
response time and requests per second with `--users` users at once against the production
server (`spotlight serve`: gunicorn, its default workers, bound to a free local port), each user
with her own signed-in session. "of cores" compares requests per second with what the machine's
cores allow at the one-user server time (cores / p50), and "cores busy" is the share of the
machine's CPU time used while the users asked (from /proc/stat, this load generator included): with
the cores near 100% busy the page is limited by the cores; with cores idle, by something else (a
lock, a queue). "by server" is the share used by gunicorn's and PostgreSQL's processes: below
"cores busy" by more than the load generator's own share means other work on the machine took the rest.

The load generator runs on the same machine, so it takes some of the cores it measures. The
private cluster runs with fsync off (as the test clusters do): writes cost less than on a real
server. Nothing printed holds a note's words or a sealed detail. The script reports; it exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import math
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 3, 1)  # fixed, so runs are comparable and every family is the same each time
CHUNK = 10_000  # families per import, each with its own seed
TEAMS = ("Bench North", "Bench South", "Bench East", "Bench West", "Bench Central")
WORKERS_PER_TEAM = 10
AUDITORS = 3
ROUND_SAMPLE = 20
PASSWORD = "bench-password-not-for-use"  # noqa: S105  # synthetic accounts on a throw-away database


def say(text: str) -> None:
    print(text, flush=True)


# --- the database ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class PrivateCluster:
    """A PostgreSQL cluster of the bench's own, kept on disk between runs."""

    root: Path
    port: int = 0
    started: bool = False
    as_pg: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _bin(self, name: str) -> str:
        found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
        if not found:
            raise SystemExit(
                "No PostgreSQL server binaries under /usr/lib/postgresql: run scripts/with-postgres.sh once."
            )
        return str(found[-1])

    def start(self) -> str:
        if os.getuid() == 0:
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_pg:
            shutil.chown(self.root, "postgres")
        self.root.chmod(0o700)
        if not (self.data / "PG_VERSION").exists():
            say(f"  initdb in {self.data}")
            subprocess.run(
                [*self.as_pg, self._bin("initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
                check=True, capture_output=True,
            )  # fmt: skip
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            lines = pid_file.read_text().splitlines()
            port = int(lines[3]) if len(lines) > 3 and lines[3].isdigit() else 0
            if port and _answers(f"postgres://postgres@127.0.0.1:{port}/postgres"):
                self.port = port  # another run of the bench is using it: share it, and leave it running
                say(f"  the private PostgreSQL cluster in {self.data}, already running on 127.0.0.1:{port}")
                return f"postgres://postgres@127.0.0.1:{port}"
            # left by a run that was killed
            subprocess.run([*self.as_pg, self._bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                           check=False, capture_output=True)  # fmt: skip
        self.port = _free_port()
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=1GB -c max_connections=200 -c checkpoint_timeout=30min "
            "-c max_wal_size=8GB"
        )
        subprocess.run(
            [*self.as_pg, self._bin("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "120",
             "-o", options, "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.started = True
        say(f"  private PostgreSQL cluster in {self.data} on 127.0.0.1:{self.port}")
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.started:
            subprocess.run([*self.as_pg, self._bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                           check=False, capture_output=True)  # fmt: skip
            self.started = False


def _answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def _ensure_database(server_url: str, name: str, *, fresh: bool) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def setup_django(database_url: str, var_dir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SPOTLIGHT_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- the authority ----------------------------------------------------------------------------


def _username(team: int, kind: str, n: int = 0) -> str:
    return f"bench_{kind}_{team + 1}" + (f"_{n + 1}" if kind == "sw" else "")


def ensure_staff() -> dict[str, list[str]]:
    """Teams, workers, managers and auditors (made once); returns each team's workers' usernames."""
    from spotlight.access.models import StaffRole, Team, User

    workers: dict[str, list[str]] = {}
    for t, team_name in enumerate(TEAMS):
        team, _ = Team.objects.get_or_create(name=team_name)
        people = [(_username(t, "sw", n), StaffRole.SOCIAL_WORKER) for n in range(WORKERS_PER_TEAM)]
        people.append((_username(t, "manager"), StaffRole.TEAM_MANAGER))
        for username, role in people:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, password=PASSWORD, staff_role=role, first_name=username.replace("_", " ").title()
                )
                user.teams.set([team])
        workers[team_name] = [u for u, role in people if role == StaffRole.SOCIAL_WORKER]
    for n in range(AUDITORS):
        if not User.objects.filter(username=f"bench_auditor_{n + 1}").exists():
            User.objects.create_user(
                username=f"bench_auditor_{n + 1}", password=PASSWORD, staff_role=StaffRole.AUDITOR,
                first_name=f"Auditor {n + 1}",
            )  # fmt: skip
    return workers


def ensure_families(count: int, workers: dict[str, list[str]]) -> None:
    """Loads `count` families through the case-file import, a batch of CHUNK at a time (each its own
    seed, all-or-nothing), skipping the batches already loaded."""
    from spotlight.casefile.database import import_case_file
    from spotlight.casefile.format import dump_family
    from spotlight.cases.models import Family
    from spotlight.family.synth import generate_families

    for k in range(math.ceil(count / CHUNK)):
        seed = k + 1
        size = min(CHUNK, count - k * CHUNK)
        have = Family.objects.filter(reference__startswith=f"SYN-{seed}-").count()
        if have >= size:
            continue
        start = time.perf_counter()

        def lines(seed: int = seed, size: int = size, have: int = have) -> Iterator[str]:
            made = generate_families(count=size, seed=seed, today=TODAY, teams=TEAMS, workers=workers)
            for family in itertools.islice(made, have, None):
                yield dump_family(family.record)

        result = import_case_file(lines(), today=TODAY)
        seconds = time.perf_counter() - start
        say(
            f"  loaded families {k * CHUNK + have + 1:,} to {k * CHUNK + size:,}: {result.families:,} families, "
            f"{result.notes:,} notes in {seconds:.0f} s ({result.families / seconds:.0f} families/s)"
        )


def ensure_audit_rounds(rounds: int) -> None:
    """`rounds` audit rounds set up by the first team's manager, rated (Spotlight's suggestion, as an
    auditor who agrees) and closed; the last one left open."""
    from spotlight.access.models import User
    from spotlight.audit import services
    from spotlight.audit.models import AuditRound

    lead = User.objects.get(username=_username(0, "manager"))
    auditors = list(User.objects.filter(username__startswith="bench_auditor_").order_by("username"))
    for n in range(rounds):
        name = f"Bench round {n + 1:02d}"
        if AuditRound.objects.filter(name=name).exists():
            continue
        start = time.perf_counter()
        audit_round = services.audit_round_create(
            user=lead,
            request=services.RoundRequest(
                name=name, sample_size=ROUND_SAMPLE, seed=n + 1, by_team=False, auditors=auditors, double_rated=4
            ),
        )
        for assignment in audit_round.assignments.select_related("auditor").order_by("id"):
            ratings = {
                row.item: services.ItemRating(rating=row.suggested or 2) for row in assignment.ratings.order_by("id")
            }
            services.audit_ratings_save(user=assignment.auditor, assignment=assignment, ratings=ratings)
        if n < rounds - 1:
            services.audit_round_close(user=lead, audit_round=audit_round)
        say(f"  audit round {n + 1} of {rounds} set up and rated in {time.perf_counter() - start:.1f} s")


@dataclass(frozen=True)
class Scene:
    """Who looks at what: the worker, her team's manager, the family and the note with a version."""

    worker_id: int
    manager_id: int
    family_id: int
    note_id: int
    surname: str
    date_of_birth: str
    team_pages: int


def ensure_scene() -> Scene:
    """The worker's largest family (by notes), with one of its notes changed once so it has a version."""
    from django.db.models import Count

    from spotlight.access.models import User
    from spotlight.cases import records
    from spotlight.cases.gate import families_allocated_to, families_readable_by, family_for_write
    from spotlight.cases.models import Agency, CaseNote, Person, RecordVersion
    from spotlight.cases.versions import record_change
    from spotlight.vocabulary import Role

    worker = User.objects.get(username=_username(0, "sw", 0))
    manager = User.objects.get(username=_username(0, "manager"))
    family = families_allocated_to(worker).annotate(n=Count("notes")).order_by("-n", "pk").first()
    if family is None:
        raise SystemExit("The bench worker holds no families: load some first.")
    note = CaseNote.objects.filter(family=family, struck_out_at=None).order_by("-occurred_on", "-pk").first()
    if note is None:
        raise SystemExit("The bench family has no notes.")
    if not RecordVersion.objects.filter(kind=records.CASE_NOTE.key, record_id=note.pk).exists():
        values: dict[str, Any] = dict(records.CASE_NOTE.read(note))
        values["text"] = values["text"] + " (Corrected by the benchmark.)"
        values["agency"] = Agency.objects.filter(pk=values["agency"]).first() if values["agency"] else None
        target = family_for_write(worker, family.pk, what="benchmark set-up")
        record_change(
            target=target, kind=records.CASE_NOTE, record_id=note.pk, seen_version=note.version, values=values
        )
    child = (
        Person.objects.filter(family=family, role=Role.CHILD.value, date_of_birth__isnull=False).order_by("pk").first()
    )
    adult = Person.objects.filter(family=family).exclude(family_name="").order_by("pk").first()
    team_count = families_readable_by(manager).count()
    return Scene(
        worker_id=worker.pk,
        manager_id=manager.pk,
        family_id=family.pk,
        note_id=note.pk,
        surname=adult.family_name if adult else "Smith",
        date_of_birth=child.date_of_birth.isoformat() if child and child.date_of_birth else "2015-01-01",
        team_pages=max(1, math.ceil(team_count / 50)),
    )


def signed_in_session(user_id: int) -> str:
    """A session signed in with both steps, as the sign-in pages leave it: its key for the cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from spotlight.access.models import User
    from spotlight.access.second_factor import authenticator_for_demo

    user = User.objects.get(pk=user_id)
    device = authenticator_for_demo(user)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    key: str = store.session_key or ""
    return key


# --- the pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    as_manager: bool = False


def pages_of(scene: Scene) -> list[Page]:
    fid, deep = scene.family_id, max(1, scene.team_pages * 3 // 4)
    partial = scene.surname[: max(3, len(scene.surname) // 2)]
    return [
        Page("caseload (worker)", "/"),
        Page("team caseload p1", "/?show=team", as_manager=True),
        Page(f"team caseload p{deep}", f"/?show=team&page={deep}", as_manager=True),
        Page("search: name", f"/search/?q={scene.surname}"),
        Page("search: partial name", f"/search/?q={partial}"),
        Page("search: date of birth", f"/search/?q={scene.date_of_birth}"),
        Page("family page", f"/families/{fid}/"),
        Page("chronology page", f"/families/{fid}/on-its-own/chronology/"),
        Page("print chronology", f"/families/{fid}/print/chronology/"),
        Page("audit list", "/audits/", as_manager=True),
        Page("note versions", f"/families/{fid}/records/case-note/{scene.note_id}/versions/"),
    ]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Figures:
    queries: int = 0
    status: int = 0
    p50: float = float("nan")
    p95: float = float("nan")
    slowest_query_ms: float = 0.0
    slowest_sql: str = ""
    many_p95: float = float("nan")
    many_rps: float = float("nan")
    many_errors: int = 0
    cpu_busy: float = float("nan")  # share of the machine's cores busy while many users asked
    client_cpu: float = float("nan")  # share of them the load generator itself used
    server_cpu: float = float("nan")  # share of them gunicorn's and PostgreSQL's processes used


def measure_one_user(
    pages: list[Page], scene: Scene, *, repeat: int, explain: bool, profile: str
) -> dict[str, Figures]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    clients = {}
    for as_manager in (False, True):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(
            scene.manager_id if as_manager else scene.worker_id
        )
        clients[as_manager] = client
    results: dict[str, Figures] = {}
    for page in pages:
        client = clients[page.as_manager]
        figures = Figures()
        for _ in range(3):  # warm up: templates, caches, the database's buffers
            client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        figures.status = response.status_code
        figures.queries = len(captured.captured_queries)
        selects = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        if selects:
            slowest = max(selects, key=lambda q: float(q["time"]))
            figures.slowest_query_ms = float(slowest["time"]) * 1000
            figures.slowest_sql = slowest["sql"]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(page.path)
            times.append(time.perf_counter() - start)
        figures.p50, figures.p95 = _percentile(times, 0.5), _percentile(times, 0.95)
        results[page.name] = figures
        say(
            f"  {page.name:24} {figures.status} {figures.queries:4d} queries  p50 {figures.p50 * 1000:7.1f} ms  "
            f"p95 {figures.p95 * 1000:7.1f} ms  slowest query {figures.slowest_query_ms:6.1f} ms"
        )
        if explain and figures.slowest_sql:
            _explain(figures.slowest_sql)
        if profile and profile in page.name:
            _profile(client, page.path)
    return results


def _explain(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    for line in plan[:40]:
        say(f"      | {line[:200]}" + (" ..." if len(line) > 200 else ""))
    if len(plan) > 40:
        say(f"      | ... {len(plan) - 40} more lines")


def _profile(client: Any, path: str) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    for line in out.getvalue().splitlines():
        if line.strip():
            say(f"      {line}")


# --- many users at once, against the production server ----------------------------------------


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "spotlight.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env={**env, "PYTHONPATH": str(ROOT)},  # this checkout's code, as the one-user part runs
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sign-in/")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The production server did not start within a minute.")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()  # gunicorn stops its workers on SIGTERM
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return status, time.perf_counter() - start


def _machine_cpu() -> tuple[float, float]:
    """The machine's busy and total CPU time so far (Linux's /proc/stat, in clock ticks)."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle and waiting for I/O
    return sum(fields) - idle, sum(fields)


def _own_cpu() -> float:
    """CPU seconds this process (the load generator) has used."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tree_cpu(roots: list[int]) -> float:
    """CPU seconds used so far by these processes and every process below them (gunicorn's workers,
    PostgreSQL's backends, those that have ended included), from /proc."""
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        parent[int(entry.name)] = int(fields[1])
        # its own time, and the time of its children that have ended (a backend, a parallel worker)
        used[int(entry.name)] = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    total, wanted = 0.0, set(roots)
    for pid in used:
        line = pid
        while line > 1 and line not in wanted:
            line = parent.get(line, 0)
        if line in wanted:
            total += used[pid]
    return total


def _database_server_pid() -> int:
    """The PostgreSQL server's process on this machine (the parent of this connection's backend), or 0."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    try:
        return int((Path("/proc") / str(backend) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return 0  # a server on another machine


def _many_at_once(port: int, path: str, cookies: list[str], each: int) -> tuple[list[float], int]:
    """Each cookie's user asks for `path` `each` times, one after another, all users at once: the
    response times, and how many were not 200."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()

    def one_user(cookie: str) -> None:
        nonlocal errors
        for _ in range(each):
            status, seconds = _get(port, path, cookie)
            with lock:
                times.append(seconds)
                errors += status != 200

    threads = [threading.Thread(target=one_user, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def measure_many_users(
    pages: list[Page], scene: Scene, results: dict[str, Figures], *, users: int, each: int, env: dict[str, str]
) -> int:
    from django.conf import settings

    cookies = {
        as_manager: [
            f"{settings.SESSION_COOKIE_NAME}={signed_in_session(scene.manager_id if as_manager else scene.worker_id)}"
            for _ in range(users)
        ]
        for as_manager in (False, True)
    }
    workers = max(2, (os.cpu_count() or 1) * 2)  # what `spotlight serve` chooses: about two per core
    database_pid = _database_server_pid()
    server, port = start_server(env, workers)
    spotlight = [pid for pid in (server.pid, database_pid) if pid]
    try:
        for page in pages:
            user_cookies = cookies[page.as_manager]
            _many_at_once(port, page.path, user_cookies, 1)  # warm every worker: one request from each user
            busy_before, own_before, spotlight_before = _machine_cpu(), _own_cpu(), _tree_cpu(spotlight)
            start = time.perf_counter()
            times, errors = _many_at_once(port, page.path, user_cookies, each)
            wall = time.perf_counter() - start
            busy, total = (after - before for after, before in zip(_machine_cpu(), busy_before, strict=True))
            figures = results[page.name]
            figures.many_p95 = _percentile(times, 0.95)
            figures.many_rps = len(times) / wall
            figures.many_errors = errors
            figures.cpu_busy = busy / total if total else float("nan")
            figures.client_cpu = (_own_cpu() - own_before) / (wall * (os.cpu_count() or 1))
            figures.server_cpu = (_tree_cpu(spotlight) - spotlight_before) / (wall * (os.cpu_count() or 1))
            say(
                f"  {page.name:24} p95 {figures.many_p95 * 1000:8.1f} ms  {figures.many_rps:6.1f} requests/s  "
                f"cores busy {figures.cpu_busy:4.0%}: Spotlight and its database {figures.server_cpu:4.0%}, "
                f"this load generator {figures.client_cpu:4.0%}" + (f"  ({errors} not 200)" if errors else "")
            )
    finally:
        stop_server(server)
    return workers


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20, help="users at once against the production server")
    parser.add_argument("--requests-per-user", type=int, default=10)
    parser.add_argument("--single", type=int, default=30, help="requests per page for one user")
    parser.add_argument("--rounds", type=int, default=10, help="audit rounds on the audit list")
    parser.add_argument("--only", default="", help="comma-separated words: measure only pages whose name has one")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query")
    parser.add_argument("--profile", default="", help="profile the pages whose name has this word")
    parser.add_argument("--load-only", action="store_true", help="load the families and stop")
    parser.add_argument("--no-server", action="store_true", help="skip the many-users part")
    parser.add_argument("--fresh", action="store_true", help="drop this size's database and load it again")
    parser.add_argument("--pg-dir", type=Path, default=ROOT / "var" / "bench-pg", help="the private cluster's home")
    args = parser.parse_args()

    var_dir = ROOT / "var" / "bench-large"
    var_dir.mkdir(parents=True, exist_ok=True)
    cluster: PrivateCluster | None = None
    say(f"A large authority: {args.families:,} synthetic families on PostgreSQL, {os.cpu_count()} cores")
    try:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            database_url = os.environ["DATABASE_URL"]
            say("  the database in DATABASE_URL")
        else:
            cluster = PrivateCluster(args.pg_dir)
            server_url = cluster.start()
            database_url = _ensure_database(server_url, f"spotlight_bench_{args.families}", fresh=args.fresh)
        setup_django(database_url, var_dir)
        from django.db import connection

        from spotlight.cases.models import Family

        start = time.perf_counter()
        workers = ensure_staff()
        ensure_families(args.families, workers)
        ensure_audit_rounds(args.rounds)
        scene = ensure_scene()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        total = Family.objects.count()
        say(f"  {total:,} families in the database (ready in {time.perf_counter() - start:.0f} s)")
        if args.load_only:
            return
        pages = pages_of(scene)
        if args.only:
            words = [w.strip() for w in args.only.split(",") if w.strip()]
            pages = [p for p in pages if any(w in p.name for w in words)]

        say(f"\nOne user (Django's test client in this process, {args.single} requests per page after 3 to warm up):")
        results = measure_one_user(pages, scene, repeat=args.single, explain=args.explain, profile=args.profile)
        server_workers = 0
        if not args.no_server:
            say(
                f"\n{args.users} users at once against `spotlight serve` (gunicorn), "
                f"{args.requests_per_user} requests each per page:"
            )
            env = {**os.environ, "DATABASE_URL": database_url, "SPOTLIGHT_VAR_DIR": str(var_dir)}
            connection.close()
            server_workers = measure_many_users(
                pages, scene, results, users=args.users, each=args.requests_per_user, env=env
            )
        _table(pages, results, total=total, users=args.users, server_workers=server_workers)
    finally:
        if cluster is not None:
            from django.db import connections

            connections.close_all()
            cluster.stop()


def _table(pages: list[Page], results: dict[str, Figures], *, total: int, users: int, server_workers: int) -> None:
    cores = os.cpu_count() or 1
    say(f"\nEvery page at {total:,} families ({cores} cores; {server_workers or '-'} gunicorn workers):")
    say(
        f"  {'page':24} {'queries':>7} {'1 user p50':>11} {'1 user p95':>11} {'slowest SQL':>11} "
        f"{f'{users} users p95':>13} {'requests/s':>10} {'of cores':>9} {'cores busy':>10} {'by server':>9}"
    )
    for page in pages:
        f = results[page.name]
        ceiling = cores / f.p50 if f.p50 else float("nan")
        share = f.many_rps / ceiling if ceiling else float("nan")
        say(
            f"  {page.name:24} {f.queries:>7} {f.p50 * 1000:>8.1f} ms {f.p95 * 1000:>8.1f} ms "
            f"{f.slowest_query_ms:>8.1f} ms {f.many_p95 * 1000:>10.1f} ms {f.many_rps:>10.1f} {share:>8.2f}x"
            f" {f.cpu_busy:>10.0%} {f.server_cpu:>9.0%}" + ("" if f.status == 200 else f"  (status {f.status})")
        )
    over = [p.name for p in pages if results[p.name].p95 > 0.1]
    say(f"  one-user p95 over 100 ms: {', '.join(over) if over else 'none'}")


if __name__ == "__main__":
    main()

"""What the benchmarks share: the `spotlight` command, pinned to one CPU and timed as a whole process, and a
synthetic case-file export and the generator's truth, made once and kept in var/bench/ (`spotlight synth
--out ... --truth ...`, written beside as .part files and renamed when whole, so that a run cut short never
leaves a file that looks complete).

An export's name carries a fingerprint of what made it (the generator, the case-file format and the data
files they read): when any of them changes (a new field, say), the name changes, so a stale export is never
served from the cache; it is made again beside the old one."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spotlight() -> list[str]:
    return [sys.executable, "-m", "spotlight.cli"]


def pinned(command: list[str], pin: bool) -> list[str]:
    """The command pinned to the first CPU (taskset -c 0), where taskset is at hand."""
    return ["taskset", "-c", "0", *command] if pin and shutil.which("taskset") else command


#: Lists the files of every module of Spotlight that the generator imports
_MODULES = (
    "import sys, spotlight.family.synth; "
    "print('\\n'.join(sorted(m.__file__ for n, m in list(sys.modules.items()) "
    "if n.startswith('spotlight') and getattr(m, '__file__', None))))"
)


def generator_fingerprint() -> str:
    """Eight hex digits of a hash of what makes a synthetic export: every module of Spotlight the generator
    imports (the generator, the case-file format and its parts, the domain code it draws with), and each data
    file one of them names (the pattern catalogue, the risk checklists, the outcome measures...)."""
    listed = subprocess.run(  # noqa: S603  # our own interpreter
        [sys.executable, "-c", _MODULES], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    modules = sorted({Path(p).resolve() for p in listed})
    sources = [path.read_bytes() for path in modules]
    data = [
        p for p in sorted((ROOT / "spotlight" / "data").glob("*.yaml")) if any(p.name.encode() in s for s in sources)
    ]
    digest = hashlib.sha256()
    for path, text in [*zip(modules, sources, strict=True), *((p, p.read_bytes()) for p in data)]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + text + b"\0")
    return digest.hexdigest()[:8]


def synthetic_export(stem: str, families: int, seed: int, today: str, *options: str) -> tuple[Path, Path]:
    """(the export, the truth file) named var/bench/{stem}-{families}-seed{seed}-{today}[...]-g{fingerprint}.jsonl."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    made_by = generator_fingerprint()
    name = f"{stem}-{families}-seed{seed}-{today}{''.join(o.replace('--', '-') for o in options)}-g{made_by}"
    export, truth = folder / f"{name}.jsonl", folder / f"{name}.truth.jsonl"
    if not (export.exists() and truth.exists()):
        print(f"Generating {families:,} synthetic families to {export} ...", flush=True)
        start = time.perf_counter()
        parts = export.with_suffix(".part"), truth.with_suffix(".part")
        command = [*spotlight(), "synth", "--families", str(families), "--seed", str(seed), "--today", today]
        subprocess.run(  # noqa: S603  # our own command
            [*command, *options, "--out", str(parts[0]), "--truth", str(parts[1])],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        parts[0].replace(export)
        parts[1].replace(truth)
        print(f"  generated in {time.perf_counter() - start:.1f} s")
    return export, truth


def first_lines(export: Path, families: int) -> Path:
    """The export's first lines: the same families as a run of that many (family n is the same whatever the
    count), kept beside it."""
    small = export.with_name(export.name.replace(".jsonl", f".first{families}.jsonl"))
    if not small.exists():
        with export.open("rb") as source, small.with_suffix(".part").open("wb") as out:
            out.writelines(islice(source, families))
        small.with_suffix(".part").replace(small)
    return small


def timed(command: list[str], pin: bool) -> tuple[float, int, bytes]:
    """Runs the command as a whole process (pinned to one CPU if asked): (wall seconds, the peak memory of the
    process in MB (ru_maxrss of the child), its standard output). Exits naming the command if it fails."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(pinned(command, pin), cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code:
            raise SystemExit(f"{' '.join(command)} exited {code}")
        out.seek(0)
        return seconds, usage.ru_maxrss // 1024, out.read()

"""What the benchmarks share: the `spotlight` command, pinned to one CPU, and a synthetic case-file export
and the generator's truth, made once and kept in
var/bench/ (`spotlight synth --out ... --truth ...`, written beside as .part files and renamed when whole,
so that a run cut short never leaves a file that looks complete)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spotlight() -> list[str]:
    return [sys.executable, "-m", "spotlight.cli"]


def pinned(command: list[str], pin: bool) -> list[str]:
    """The command pinned to the first CPU (taskset -c 0), where taskset is at hand."""
    return ["taskset", "-c", "0", *command] if pin and shutil.which("taskset") else command


def synthetic_export(stem: str, families: int, seed: int, today: str, *options: str) -> tuple[Path, Path]:
    """(the export, the truth file) named var/bench/{stem}-{families}-seed{seed}-{today}[...].jsonl."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}-{families}-seed{seed}-{today}{''.join(o.replace('--', '-') for o in options)}"
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

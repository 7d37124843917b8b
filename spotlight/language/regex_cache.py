"""Compiled regular expressions that survive between runs of the review.

Python's ``re`` spends most of its compile time parsing a pattern into the small program its
matching engine runs; for the review's few hundred sentence patterns that is about 0.06 s, a
sixth of reviewing 20 MB. The programs are cached (``marshal``, next to the rule set's cache,
keyed by the rule file, the compiler's code and this Python's version and regex engine) and
handed straight to the engine next time. Anything unexpected, a different Python, a damaged
file, falls back to ``re.compile``: the cache only ever saves time.
"""

from __future__ import annotations

import importlib
import marshal
import re
import sys
import threading
from typing import Any

from spotlight.language.cache import cache_dir, read_cached, write_cached

try:  # CPython's regex engine and compiler; both are private, so every use is guarded
    _sre: Any = importlib.import_module("_sre")
    _parser: Any = importlib.import_module("re._parser")
    _compiler: Any = importlib.import_module("re._compiler")
    ENGINE = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another Python
    ENGINE = ""

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def program(source: bytes) -> Program | None:
    """The engine program for a pattern, as ``re.compile`` would build it; None if unavailable."""
    if not ENGINE:
        return None
    try:
        parsed = _parser.parse(source, 0)
        code = _compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # plain ints: the compiler's opcodes are int subclasses, which marshal does not store
        return (
            int(parsed.state.flags),
            [int(op) for op in code],
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # noqa: BLE001  # private API: any surprise means "no cache"
        return None


def from_program(source: bytes, saved: Program) -> re.Pattern[bytes] | None:
    if not ENGINE:
        return None
    try:
        flags, code, groups, groupindex, indexgroup = saved
        pattern: re.Pattern[bytes] = _sre.compile(source, flags, code, groups, groupindex, indexgroup)
        return pattern
    except Exception:  # noqa: BLE001
        return None


class ProgramStore:
    """The cached programs of one rule set, read from disk the first time a pattern is needed."""

    def __init__(self, name: str) -> None:
        self.name = f"{name}.{ENGINE}.sre" if ENGINE else ""
        self._programs: dict[bytes, Program] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[bytes, Program]:
        with self._lock:
            if self._programs is None:
                raw = read_cached(self.name) if self.name else None
                loaded: Any = None
                if raw is not None:
                    try:
                        loaded = marshal.loads(raw)  # noqa: S302  # our own cache file, written below
                    except (ValueError, EOFError, TypeError):
                        loaded = None
                self._programs = loaded if isinstance(loaded, dict) else {}
            return self._programs

    def available(self) -> bool:
        return bool(self.name) and (cache_dir() / self.name).is_file()

    def compile(self, source: bytes) -> re.Pattern[bytes]:
        saved = self._load().get(source)
        if saved is not None:
            pattern = from_program(source, saved)
            if pattern is not None:
                return pattern
        return re.compile(source)

    def save(self, sources: list[bytes]) -> None:
        """Build and write the programs for these patterns (done once, when a rule set is new)."""
        if not self.name:
            return
        programs = {source: built for source in sources if (built := program(source)) is not None}
        try:
            write_cached(self.name, marshal.dumps(programs))
        except ValueError:  # something marshal cannot store: keep compiling the usual way
            return
        with self._lock:
            self._programs = programs

"""Where the language review keeps what is slow to rebuild (validated rules, the pre-scan database)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    configured = os.environ.get("SPOTLIGHT_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spotlight"


def read_cached(name: str) -> bytes | None:
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write_cached(name: str, content: bytes) -> None:
    """Atomic write; a cache that cannot be written is simply rebuilt next time."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            handle.write(content)
        Path(handle.name).replace(target)
    except OSError:
        pass

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _language_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The review's caches (validated rules, the pre-scan database) go in a fresh folder for the test run."""
    path = tmp_path_factory.mktemp("language-cache")
    patcher = pytest.MonkeyPatch()
    patcher.setenv("SPOTLIGHT_CACHE_DIR", str(path))
    yield path
    patcher.undo()

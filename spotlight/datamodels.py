"""The shared shape of every data file's records (see ``datafiles`` for finding and reading them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

#: An id in a data file: lower case, digits and underscores, starting with a letter.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
#: Any text that is not blank.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class StrictModel(BaseModel):
    """A data-file record: unknown keys are mistakes, and nothing changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def ids_used_twice(*named: tuple[str, Sequence[str]]) -> list[str]:
    """A problem for each list of ids (by its name in the file) that uses an id more than once."""
    problems = []
    for name, ids in named:
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            problems.append(f"{name}: the same id is used twice: {', '.join(twice)}")
    return problems

"""Data files an authority can edit (YAML), validated with pydantic, with every mistake named.

Finding and caching a data file needs no pydantic: the models live in ``datamodels``, and pydantic
is imported only when a file is validated, so a tool that reads a cached rule set (``spotlight
review``) starts without it."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

Model = TypeVar("Model", bound="BaseModel")
Loaded = TypeVar("Loaded")

#: Spotlight's own data files (language rules, pattern catalogue, audit instrument, role labels).
DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileInvalid(Exception):
    """A data file cannot be used; ``str(exc)`` names the file and every problem."""


def load_model(path: Path, model: type[Model], what: str, error: type[DataFileInvalid] = DataFileInvalid) -> Model:
    """Read YAML from ``path`` and validate it as ``model``; ``what`` names the file in messages."""
    import yaml
    from pydantic import ValidationError

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors())
        raise error(f"{path}: {problems}") from exc


def configured(env: str, name: str) -> tuple[Path, float]:
    """The data file to use (an authority's copy named by the variable ``env``, else Spotlight's own
    ``DATA_DIR / name``) and its modification time, so callers can cache by (path, mtime) and notice
    an edited file. Every data file is found this way."""
    path = Path(os.environ.get(env) or DATA_DIR / name)
    try:
        return path, path.stat().st_mtime
    except OSError as exc:
        raise DataFileInvalid(f"{path}: cannot read it ({exc.strerror})") from exc


@lru_cache(maxsize=16)
def _load_once(load: Callable[[Path], Any], path: str, mtime: float) -> Any:
    return load(Path(path))


def in_use(env: str, name: str, load: Callable[[Path], Loaded]) -> Loaded:
    """The data file in use (see `configured`), read by `load` once and again only when it changes."""
    path, mtime = configured(env, name)
    loaded: Loaded = _load_once(load, str(path), mtime)
    return loaded


def _node_line(node: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line (from 1) of the YAML node at `loc`, or of the nearest node above it that exists."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        children = node.value if node is not None else None
        if isinstance(children, list) and isinstance(part, int) and part < len(children):
            node = children[part]
        elif isinstance(children, list) and children and isinstance(children[0], tuple):
            node = next((value for key, value in children if getattr(key, "value", None) == part), None)
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _problem(root: Any, error: Any) -> str:
    loc = tuple(error["loc"])
    line = _node_line(root, loc)
    where = ".".join(str(p) for p in loc) or "the file"
    message = str(error["msg"]).removeprefix("Value error, ")
    found = error.get("input")
    if error["type"] not in ("missing", "value_error") and isinstance(found, str | int | float):
        message += f" (found “{found}”)"
    return f"line {line}, {where}: {message}" if line else f"{where}: {message}"


def load_model_with_lines(
    path: Path,
    model: type[Model],
    what: str,
    error: type[DataFileInvalid] = DataFileInvalid,
    context: dict[str, Any] | None = None,
) -> Model:
    """Like `load_model`, with each problem's line in the file ("line 12, questions.3.id: ...");
    ``context`` is handed to the model's validators (ids a file must take from another file)."""
    import yaml
    from pydantic import ValidationError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        raise error(f"{path}: " + "; ".join(_problem(root, e) for e in exc.errors())) from exc

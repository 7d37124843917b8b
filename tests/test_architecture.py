"""The layers hold: the import contracts in .importlinter pass on the real code, and fail when a
deliberately wrong import is put into a copy of it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / ".importlinter")],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "spotlight", tmp_path / "spotlight", ignore=shutil.ignore_patterns("static", "frontend"))
    return tmp_path


def _add_import(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_contracts_pass_on_the_code_as_it_is() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_import_breaks_the_contract_it_crosses(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    _add_import(copy / "spotlight/cases/models.py", "import spotlight.family.page  # a lower layer reaching up")
    _add_import(copy / "spotlight/pattern/selectors.py", "import spotlight.reviews.selectors  # sibling apps")
    _add_import(copy / "spotlight/language/engine.py", "import django.conf  # Django in a pure engine")
    _add_import(copy / "spotlight/audit/domain/statistics.py", "import spotlight.audit.models  # domain code up")
    result = _lint(copy)
    assert result.returncode == 1, result.stdout
    out = " ".join(result.stdout.split())
    assert "Layers: entry points > family layer" in out and "BROKEN" in out
    assert "spotlight.cases.models -> spotlight.family.page" in out
    assert "spotlight.pattern.selectors -> spotlight.reviews.selectors" in out
    assert "spotlight.language.engine -> django" in out
    assert "spotlight.audit.domain.statistics -> spotlight.audit.models" in out
    assert "4 broken" in out


def test_no_source_file_or_function_is_too_long_without_a_reason() -> None:
    """No module over 900 lines; no function over 80 lines unless its docstring says why ("Reason ...")."""
    too_long: list[str] = []
    for path in sorted((ROOT / "spotlight").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        if text.count("\n") > 900:
            too_long.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > 80 and "Reason" not in doc:
                    too_long.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    assert not too_long, "\n".join(too_long)

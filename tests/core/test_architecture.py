"""The shape of the package: the core stays free of heavy dependencies, the public surface
is small and complete."""

from __future__ import annotations

import subprocess
import sys

import colretire

CORE = ["colretire", "colretire.model", "colretire.lifecycle", "colretire.errors"]
FORBIDDEN = ["click", "libcst", "alembic", "sqlalchemy", "tomlkit"]


def test_the_core_imports_only_the_standard_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in CORE)
        + f"print(sorted(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_all_is_sorted_and_complete() -> None:
    assert colretire.__all__ == sorted(colretire.__all__)
    public = {name for name in vars(colretire) if not name.startswith("_") and name[0].isupper()}
    assert public <= set(colretire.__all__)
    for name in colretire.__all__:
        assert hasattr(colretire, name), name

"""A broken Alembic setup under drop is the project's to fix: exit 2, one line, nothing
written, the state file as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from colretire.model import Stage
from tests.db.conftest import LEGACY, Run, make_project, track
from tests.db.test_revisions import LEGACY_DEFINITION, versions

BROKEN: dict[str, tuple[Callable[[Path], object], str]] = {
    "ini without sections": (
        lambda root: (root / "alembic.ini").write_text("script_location = migrations\n"),
        "alembic.ini: not a valid ini file: File contains no section headers.",
    ),
    "ini with a duplicate option": (
        lambda root: (root / "alembic.ini").write_text(
            "[alembic]\nscript_location = a\nscript_location = b\n"
        ),
        "option 'script_location' in section 'alembic' already exists",
    ),
    "ini not UTF-8": (
        lambda root: (root / "alembic.ini").write_bytes(b"[alembic]\n\xff\xfe = x\n"),
        "alembic.ini: not a valid ini file: 'utf-8' codec can't decode",
    ),
    "a script that does not parse": (
        lambda root: (root / "migrations" / "versions" / "0002_bad.py").write_text(
            "revision = '0002'\ndown_revision = '0001'\n\ndef upgrade(:\n    pass\n"
        ),
        "0002_bad.py:4: this migration script does not load (SyntaxError: ",
    ),
    "a script that raises": (
        lambda root: (root / "migrations" / "versions" / "0002_bad.py").write_text(
            "revision = '0002'\ndown_revision = '0001'\nraise RuntimeError('half-edited')\n"
        ),
        "0002_bad.py:3: this migration script does not load (RuntimeError: half-edited)",
    ),
    "a script with null bytes": (
        lambda root: (root / "migrations" / "versions" / "0002_bad.py").write_bytes(b"x\x00"),
        "a migration script does not load (SyntaxError: source code string cannot contain null",
    ),
    "a script without a revision": (
        lambda root: (root / "migrations" / "versions" / "0002_bad.py").write_text("x = 1\n"),
        "Alembic cannot read the migrations: Could not determine revision id from filename",
    ),
}


@pytest.mark.parametrize("damage", sorted(BROKEN))
def test_drop_with_a_broken_alembic_setup_is_a_clean_error(
    tmp_path: Path, sqlite_url: str, run: Run, damage: str
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    state = (root / "state" / "columns.toml").read_bytes()
    breaks, message = BROKEN[damage]
    breaks(root)
    before = versions(root)
    result = run(root, "drop", "tasks.legacy_code")
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert (root / "state" / "columns.toml").read_bytes() == state
    assert versions(root) == before

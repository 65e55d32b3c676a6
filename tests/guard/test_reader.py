"""The migration reader on what a script can make hard: it says so, and never crashes."""

from __future__ import annotations

from pathlib import Path

from colretire.alembic.lint import lint_script
from colretire.model import State

from .test_lint import script


def test_a_script_too_complex_to_read_is_a_finding(tmp_path: Path) -> None:
    names = "[" + ", ".join(f'"c{i}"' for i in range(100)) + "]"
    nested = (
        f"for a in {names}:\n"
        f"    for b in {names}:\n"
        f"        for c in {names}:\n"
        '            op.execute("UPDATE tasks SET " + a + " = " + b + c)'
    )
    (found,) = lint_script("v.py", script(nested), State())
    assert (found.code, found.line) == ("CR200", 1)
    assert found.message.startswith("is too complex to read, so its drops cannot be checked")


def test_a_huge_format_width_is_not_folded(tmp_path: Path) -> None:
    source = script('op.execute("ALTER TABLE tasks DROP COLUMN %999999999s" % "x")')
    (found,) = lint_script("v.py", source, State())
    assert found.code == "CR205"


def test_endless_recursion_in_a_helper_is_read_once(tmp_path: Path) -> None:
    text = script("loop(1)").replace(
        "def upgrade():", "def loop(n):\n    loop(n + 1)\n\n\ndef upgrade():"
    )
    assert lint_script("v.py", text, State()) == []

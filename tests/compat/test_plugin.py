"""The ``alembic.plugins`` entry point in this interpreter: both ways Alembic loads it, and
what happens when it cannot set the guard up (it never raises inside ``import alembic``)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import alembic  # noqa: F401  (loads the entry point, as any user's import does)
import pytest
from click.testing import CliRunner

from colretire.alembic import backstop, plugin
from colretire.cli import main


def test_the_entry_point_is_a_module_that_iterates_over_itself() -> None:
    (entry,) = metadata.entry_points(group="alembic.plugins", name="colretire")
    loaded = entry.load()
    # Alembic 1.20.1: a module is set up directly.
    assert isinstance(loaded, ModuleType)
    # Alembic 1.18.0 to 1.20.0: `for mod in entrypoint.load()` sets up each item, once.
    assert list(loaded) == [plugin]
    assert plugin.status == "on"


def test_an_error_while_setting_up_is_kept_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("no implementations to replace")

    monkeypatch.setattr(backstop, "register", broken)
    monkeypatch.setattr(plugin, "status", None)
    plugin.setup(None)  # type: ignore[arg-type]  # Alembic's Plugin is not used
    assert plugin.status == (
        "off: setting it up failed (RuntimeError: no implementations to replace)"
    )


def test_an_alembic_that_loads_plugins_first_is_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "alembic.operations.toimpl")
    monkeypatch.setattr(plugin, "status", None)
    plugin.setup(None)  # type: ignore[arg-type]
    assert plugin.status == "off: this Alembic loads its plugins before its operations"


def test_check_says_when_the_zero_line_guard_is_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.colretire]\nstate = "columns.toml"\n')
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s/migrations\n")
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    monkeypatch.setattr(
        plugin, "status", "off: this Alembic loads its plugins before its operations"
    )
    done = CliRunner().invoke(main, ["-C", str(tmp_path), "check"])
    assert done.exit_code == 0, done.output
    assert (
        "colretire: the zero-line Alembic guard is off: this Alembic loads its plugins before "
        "its operations; the guard runs only where env.py has: "
        "from colretire.alembic.guard import context"
    ) in done.stderr

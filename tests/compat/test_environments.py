"""The cached environments survive a run killed in the middle of reinstalling colretire."""

from __future__ import annotations

from pathlib import Path

from tests.compat import environments


def test_a_reinstall_killed_midway_leaves_no_second_colretire(tmp_path: Path) -> None:
    site = tmp_path / "lib" / "python3.13" / "site-packages"
    for kept in ("colretire", "colretire-0.1.0.dist-info", "alembic"):
        (site / kept).mkdir(parents=True)
    # what pip leaves when it is killed between renaming the old copy and deleting it
    (site / "~olretire").mkdir()
    (site / "~olretire-0.1.0.dist-info").mkdir()
    (site / "~olretire-0.1.0.dist-info" / "entry_points.txt").write_text(
        "[alembic.plugins]\ncolretire = colretire.alembic.plugin\n"
    )

    environments._clear_interrupted(tmp_path)

    assert sorted(p.name for p in site.iterdir()) == [
        "alembic",
        "colretire",
        "colretire-0.1.0.dist-info",
    ]

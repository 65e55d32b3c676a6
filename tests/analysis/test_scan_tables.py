"""The tables a scan builds over the whole tree answer as the plain definitions would: the
packages of the project's modules (every dotted prefix of every module name, the root's
``__init__.py`` named ``""`` included) and the scan's files in their order."""

from __future__ import annotations

from colretire.analysis.handon import _with_parents
from colretire.analysis.scanner import in_order

MODULES = [
    "app.models",
    "app.models.tasks",
    "app",
    "",
    "backend.app.routers.v1.tasks",
    "backend.app.routers.v2.tasks",
    "a..b",  # a directory named like a package with a dot in it
    "vendor.lib.x",
    "vendor",
]


def every_prefix(names: list[str]) -> frozenset[str]:
    return frozenset(
        ".".join(parts[:cut])
        for parts in (name.split(".") for name in names)
        for cut in range(1, len(parts) + 1)
    )


def test_packages_are_every_dotted_prefix() -> None:
    assert _with_parents(MODULES) == every_prefix(MODULES)
    assert _with_parents(reversed(MODULES)) == every_prefix(MODULES)


def test_packages_of_no_module() -> None:
    assert _with_parents([]) == frozenset()


def test_files_in_the_scans_order() -> None:
    files = sorted(["app/models.py", "app/__init__.py", "app/models/x.py", "app_b.py", "z.py"])
    chosen = {"z.py", "app/models/x.py", "app/__init__.py"}
    assert in_order(chosen) == [rel for rel in files if rel in chosen]

"""The labelled corpus: mini-projects under ``tests/corpus/<name>/`` whose lines say what a
scan must report there.

``corpus.toml`` lists the columns a project is scanned for (``columns = [...]``). A comment on
a line labels it; the first column is the default, ``[table.column]`` names another::

    task.expected_completion_time = 3  # expect: CR103 certain
    return {"k": task.expected_completion_time}  # expect: CR106 certain, CR103 certain
    return order.refunds_blocked  # expect: CR103 certain; expect[organizations.refunds_blocked]: CR103 likely
    project.expected_completion_time  # expect-not

``expect-next`` labels the following line (for a line that cannot carry a comment, such as
the first line of a triple-quoted string). Each ``expect-not`` is one negative case: the
line names the column's names, and nothing may be reported there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

_MARK = re.compile(
    r"expect(?P<next>-next)?(?P<not>-not)?(?:\[(?P<column>[\w.]+)\])?(?::\s*(?P<items>[^;#]*))?"
)
_ITEM = re.compile(r"(CR\d{3})\s+(certain|likely)")


@dataclass
class Labels:
    """For one project and column: expected (path, line, code) -> confidence list, and the
    negative lines."""

    expected: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    confidence: dict[tuple[str, int, str], list[str]] = field(default_factory=dict)
    negatives: set[tuple[str, int]] = field(default_factory=set)
    negative_count: int = 0


def projects() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "corpus.toml").is_file())


def columns(project: Path) -> list[str]:
    document = tomlkit.parse((project / "corpus.toml").read_text())
    return [str(column) for column in document["columns"]]  # type: ignore[union-attr]


def labels(project: Path, column: str) -> Labels:
    default = columns(project)[0]
    found = Labels()
    for path in sorted(project.rglob("*.py")):
        rel = path.relative_to(project).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            comment = line.partition("#")[2] if "expect" in line else ""
            for mark in _MARK.finditer(comment):
                if (mark["column"] or default) != column:
                    continue
                where = number + 1 if mark["next"] else number
                if mark["not"]:
                    found.negatives.add((rel, where))
                    found.negative_count += 1
                    continue
                for code, confidence in _ITEM.findall(mark["items"] or ""):
                    found.expected[(rel, where, code)] += 1
                    found.confidence.setdefault((rel, where, code), []).append(confidence)
    return found

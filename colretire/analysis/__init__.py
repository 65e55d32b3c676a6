"""Static analysis of a SQLAlchemy project: the model index and the reference scan.

    index = index_project(root)                  # which columns the models declare
    result = scan(root, ColumnRef.parse("tasks.expected_completion_time"))
    for ref in result.references: ...            # colretire.model.Reference values

The scan reports every code reference to one database column with its kind, code
(:data:`CODES`) and confidence; it reads only the files that can contain the column's names
and caches per-file results by content hash.

The names are imported on first use: a scan answered from its cache loads neither the
index nor the finder.

The modules, in the order a scan uses them (:mod:`.scanner` runs them end to end):

- which files: :mod:`.discovery` (the paths), :mod:`.search` (which contain a name),
  :mod:`.reach` (which can reach the models, from their imports), :mod:`.cache`;
- one file: :mod:`.source` (text, tree, positions), :mod:`.py2`, :mod:`.facts` (what it
  declares);
- the mapping: :mod:`.index` (facts joined into classes, models and tables),
  :mod:`.registry` (the mapping SQLAlchemy builds, when the models import),
  :mod:`.target` (the names of one column), :mod:`.tablenames`;
- types: :mod:`.infer`, :mod:`.narrow`;
- the judges: :mod:`.finder` (one walk per file, one module per kind of node),
  :mod:`.sqltext` (SQL assembled in steps), :mod:`.migrations`;
- across files: :mod:`.mirrors` (schemas that mirror a model, on evidence),
  :mod:`.handon` (keywords handed to the project's functions);
- the account: :mod:`.accounting` (every occurrence in one tier), :mod:`.undecided` (why a
  word stayed unexplained), :mod:`.codes`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from colretire.analysis.codes import CODES, Code
    from colretire.analysis.index import ProjectIndex
    from colretire.analysis.scanner import ScanResult, build_index, index_project, scan

__all__ = ["CODES", "Code", "ProjectIndex", "ScanResult", "build_index", "index_project", "scan"]

_HOMES = {
    "CODES": "codes", "Code": "codes", "ProjectIndex": "index", "ScanResult": "scanner",
    "build_index": "scanner", "index_project": "scanner", "scan": "scanner",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

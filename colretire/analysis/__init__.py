"""Static analysis of a SQLAlchemy project: the model index and the reference scan.

    index = index_project(root)                  # which columns the models declare
    result = scan(root, ColumnRef.parse("tasks.expected_completion_time"))
    for ref in result.references: ...            # colretire.model.Reference values

The scan reports every code reference to one database column with its kind, code
(:data:`CODES`) and confidence; it reads only the files that can contain the column's names
and caches per-file results by content hash.
"""

from colretire.analysis.codes import CODES, Code
from colretire.analysis.index import ProjectIndex
from colretire.analysis.scanner import ScanResult, build_index, index_project, scan

__all__ = ["CODES", "Code", "ProjectIndex", "ScanResult", "build_index", "index_project", "scan"]

"""``colretire rewrite``: remove a column's uses from a project, and ``deprecate --mark``.

    result = plan_rewrite(root, column, references, definition=definition)
    print(result.diff)               # a unified diff; nothing is written yet
    write_files(root, result)        # every changed file, or none

The references come from the scan (:func:`colretire.analysis.scan`); the per-file decisions
and edits from :mod:`colretire.codemods.plan`. This module reads and writes the files:

- the model attribute is removed only when inserts survive without it (the column is
  nullable or has a server default); otherwise the whole rewrite is refused;
- a file that the running Python cannot compile is reported and left as it is; the others
  are still rewritten (its references, unknown, keep the model attribute);
- a file whose result does not compile is never written, and then no file is;
- files are written all or none, an interruption included (:mod:`colretire.transaction`);
- what the codemods leave for a person is reported, and marked in the code;
- a second run over the result changes nothing.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.helpers import calculate_module_and_package

from colretire.codemods.mark_deferred import MarkDeferred
from colretire.codemods.plan import (
    FilePlan,
    Manual,
    Note,
    apply_plan,
    plan_module,
    unexplained_hold,
)
from colretire.codemods.unexplained import could_use
from colretire.errors import ColretireError, Refused, StaleFile
from colretire.model import (
    ColumnDefinition,
    ColumnRef,
    Confidence,
    Occurrence,
    Reference,
    ReferenceKind,
)
from colretire.transaction import Transaction

if TYPE_CHECKING:
    from colretire.project import Project

JSON_VERSION = 1


@dataclass(frozen=True)
class FileRewrite:
    """One file's rewrite. ``error`` says why the file is left as it was."""

    path: str
    before: str
    after: str
    removed: tuple[Reference, ...] = ()
    manual: tuple[Manual, ...] = ()
    error: str | None = None
    encoding: str = "utf-8"
    notes: tuple[Note, ...] = ()
    #: where the code removed was in the file as it was (see :attr:`FilePlan.spans`)
    spans: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()

    def removes(self, line: int, col: int) -> bool:
        """Whether the code at ``line``, ``col`` of the file as it was goes."""
        return self.error is None and any(start <= (line, col) < end for start, end in self.spans)

    @property
    def changed(self) -> bool:
        return self.error is None and self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after) if self.changed else ""

    def moved(self, reference: Reference) -> Reference:
        """``reference`` at its line in the rewritten file, for reports made after writing
        (a use left for a person stays, but lines above it may have come or gone)."""
        return replace(reference, line=self.new_line(reference.line))

    def new_line(self, line: int) -> int:
        """Where ``line`` of the file as it was is in the rewritten file."""
        if not self.changed:
            return line
        before = self.before.splitlines()
        matcher = difflib.SequenceMatcher(None, before, self.after.splitlines(), autojunk=False)
        index = line - 1
        for _, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if old_start <= index < old_end:
                offset = min(index - old_start, max(new_end - new_start - 1, 0))
                return new_start + offset + 1
        return line


@dataclass(frozen=True)
class RewriteResult:
    column: ColumnRef
    files: tuple[FileRewrite, ...] = ()
    skipped: tuple[Reference, ...] = field(default=())

    @property
    def diff(self) -> str:
        return "".join(f.diff() for f in self.files)

    @property
    def changed(self) -> tuple[FileRewrite, ...]:
        return tuple(f for f in self.files if f.changed)

    @property
    def removed(self) -> tuple[Reference, ...]:
        return tuple(r for f in self.files if f.error is None for r in f.removed)

    @property
    def manual(self) -> tuple[Manual, ...]:
        return tuple(m for f in self.files for m in f.manual)

    @property
    def held(self) -> tuple[Manual, ...]:
        """The definitions (model attributes, schema fields) held back because unexplained
        occurrences may use them; each names those occurrences (``held_by``)."""
        return tuple(m for m in self.manual if m.held_by)

    def left(self, *, written: bool) -> tuple[Manual, ...]:
        """The uses left for a person, at their lines in the files as they now are."""
        if not written or self.errors:
            return self.manual
        return tuple(
            self._moved_hold(replace(m, reference=f.moved(m.reference)))
            for f in self.files
            for m in f.manual
        )

    def _moved_hold(self, manual: Manual) -> Manual:
        """``manual`` with the unexplained occurrences that hold it at their lines in the
        files as written, and its reason saying so."""
        if not manual.held_by:
            return manual
        files = {f.path: f for f in self.files}
        held_by = tuple(
            replace(o, line=files[o.path].new_line(o.line)) if o.path in files else o
            for o in manual.held_by
        )
        reason = unexplained_hold(held_by[0].name, held_by)
        return replace(manual, held_by=held_by, reason=reason)

    def notes(self, *, written: bool) -> tuple[tuple[str, Note], ...]:
        """What a person should know of the changes, by file; once written, at their
        lines in the files as they now are (where the code was, for code that went)."""
        moved = written and not self.errors
        return tuple(
            (f.path, replace(n, line=f.new_line(n.line)) if moved else n)
            for f in self.files
            if f.error is None
            for n in f.notes
        )

    @property
    def errors(self) -> tuple[FileRewrite, ...]:
        return tuple(f for f in self.files if f.error is not None)


def plan_rewrite(
    root: Path,
    column: ColumnRef,
    references: Iterable[Reference],
    *,
    definition: ColumnDefinition | None,
    include_likely: bool = False,
    elsewhere: Iterable[Reference] = (),
    models: frozenset[str] = frozenset(),
    unexplained: Iterable[Occurrence] = (),
) -> RewriteResult:
    """What rewriting would change, file by file; nothing is written. ``elsewhere`` are
    references outside the files to rewrite: they stay, and hold the model attribute back
    as uses left for a person do; ``models`` are the class names of the column's models;
    ``unexplained`` the occurrences of the column's names that the scan could not judge.

    Things wait, to a later run: while uses are left for a person, the model attribute
    (removing it would break those uses at run time), and, while a read of the column is
    left, the writes that store its value (the read would see no value in new rows: a
    condition kept in a query would stop matching them). A model attribute or schema field
    also stays while an unexplained occurrence of its name may use it (an attribute, a
    keyword or a string of that name on an object of unknown type that survives the
    rewrite); the writes of the column may still go, unless inserts need them (see
    :func:`_writes_needed`). Raises :class:`Refused` when the declaration would be removed
    while inserts still need it.
    """
    by_path: dict[str, list[Reference]] = {}
    skipped: list[Reference] = []
    for reference in references:
        if reference.kind is ReferenceKind.MIGRATION:
            skipped.append(reference)
        else:
            by_path.setdefault(reference.path, []).append(reference)

    def rewritten(path: str, **holds: Any) -> FileRewrite:
        return rewrite_file(
            root, path, by_path[path], str(column),
            include_likely=include_likely, models=models, **holds,
        )  # fmt: skip

    files = {path: rewritten(path) for path in sorted(by_path)}
    others = [r for r in elsewhere if r.kind is not ReferenceKind.MIGRATION]
    left = _left(files.values(), others)
    blockers = [r for r in left if _needs_the_attribute(r)]
    reads = [r for r in left if _reads_the_value(r)]
    holds: dict[str, Any] = {
        "keep_declarations": _held_back(blockers) if blockers else None,
        "keep_writes": _writes_held(reads) if reads else None,
    }
    fields = _fields_used(left)
    # An unexplained use inside code that goes anyway holds nothing back (and the next run,
    # not finding it, would remove the definition: no longer the same rewrite).
    may_use = could_use(root, unexplained)
    readers = _surviving(may_use, files)
    if not (blockers or reads or fields or readers):
        return _result(column, files, skipped, definition)
    # A schema field stays while a use of it stays; holding a write back can leave one more
    # (``Task(col=payload.col)``), and holding code back can keep an unexplained use in
    # place, so this runs again while what is held grows.
    removing = [path for path, first in files.items() if first.removed]
    for _ in range(4):
        holds["keep_fields"] = fields
        holds["unexplained"] = readers
        for path in removing:
            files[path] = rewritten(path, **holds)
        left = _left(files.values(), others)
        grown = (fields | _fields_used(left), _surviving(may_use, files))
        writes = holds["keep_writes"] or _writes_needed(files.values(), definition)
        if grown == (fields, readers) and writes == holds["keep_writes"]:
            break
        (fields, readers), holds["keep_writes"] = grown, writes
    return _result(column, files, skipped, definition)


def _surviving(
    may_use: dict[str, tuple[Occurrence, ...]], files: dict[str, FileRewrite]
) -> dict[str, tuple[Occurrence, ...]]:
    """The unexplained occurrences that may use a definition and stay in the code: not
    inside what the rewrite of their file removes."""
    kept: dict[str, tuple[Occurrence, ...]] = {}
    for name, occurrences in may_use.items():
        rewrite = [o for o in occurrences if not _removed_at(files.get(o.path), o)]
        if rewrite:
            kept[name] = tuple(rewrite)
    return kept


def _removed_at(rewrite: FileRewrite | None, occurrence: Occurrence) -> bool:
    return rewrite is not None and rewrite.removes(occurrence.line, occurrence.col)


def _writes_needed(files: Iterable[FileRewrite], definition: ColumnDefinition | None) -> str | None:
    """Why the writes of the column stay, when the model attribute stays and inserts need a
    value (NOT NULL, no server default, no default): removing them would make inserts fail."""
    if definition is None or definition.insert_safe or definition.default is not None:
        return None
    kept = any(m.reference.kind is ReferenceKind.DECLARATION for f in files for m in f.manual)
    if not kept:
        return None
    return (
        "a write of the column stays while the model attribute does: the column is NOT NULL "
        "without a default, so inserts need a value; run colretire relax first"
    )


def _result(
    column: ColumnRef,
    files: dict[str, FileRewrite],
    skipped: Sequence[Reference],
    definition: ColumnDefinition | None,
) -> RewriteResult:
    result = RewriteResult(column, tuple(files.values()), tuple(sorted(skipped)))
    _check_insert_safe(column, result.removed, definition)
    return result


def _left(files: Iterable[FileRewrite], others: Iterable[Reference]) -> list[Reference]:
    return [*(m.reference for f in files for m in f.manual), *others]


def _fields_used(left: Iterable[Reference]) -> frozenset[str]:
    """The schema fields that uses left in place read or write through an attribute
    (``payload.eta``), by name: the field may be declared on a base of the schema used."""
    return frozenset(f for r in left if (f := r.reads_or_writes_schema_field))


def _writes_held(reads: Sequence[Reference]) -> str:
    return (
        f"a write of the column stays while {len(reads)} read(s) of it are left for a person "
        "(they would see no value in new rows); then run rewrite again"
    )


def _reads_the_value(reference: Reference) -> bool:
    """Whether a use left in place reads the column's stored value: a proven read of the
    attribute, a string such as ``getattr(task, "col")``, raw SQL."""
    if reference.confidence is not Confidence.CERTAIN:
        return False
    return reference.kind in (
        ReferenceKind.CLASS_ATTRIBUTE, ReferenceKind.INSTANCE_ATTRIBUTE, ReferenceKind.STRING,
        ReferenceKind.RAW_SQL, ReferenceKind.WRAPPER, ReferenceKind.COMPOSITE,
    )  # fmt: skip


#: Kinds of reference that the removal of a declaration can take away.
_DECLARED = frozenset({ReferenceKind.DECLARATION, ReferenceKind.RELATIONSHIP})
#: Kinds of use that fail at run time once the model attribute is gone.
_ATTRIBUTE_USES = frozenset(
    {
        ReferenceKind.CLASS_ATTRIBUTE, ReferenceKind.INSTANCE_ATTRIBUTE, ReferenceKind.KEYWORD,
        ReferenceKind.RELATIONSHIP, ReferenceKind.WRAPPER, ReferenceKind.COMPOSITE,
        ReferenceKind.PARSE_ERROR, ReferenceKind.UNREADABLE,
    }
)  # fmt: skip


def _held_back(blockers: Sequence[Reference]) -> str:
    """Why the model attribute stays: the uses left for a person, the files not read."""
    unknown = (ReferenceKind.PARSE_ERROR, ReferenceKind.UNREADABLE)
    unread = len({r.path for r in blockers if r.kind in unknown})
    uses = sum(1 for r in blockers if r.kind not in unknown)
    why = [f"the {uses} use(s) left for a person are removed"] if uses else []
    if unread:
        why.append(f"the {unread} file(s) that do not compile are read (their uses are unknown)")
    return f"the model attribute stays until {' and '.join(why)}; then run rewrite again"


def _needs_the_attribute(reference: Reference) -> bool:
    """Whether a use that stays would break once the model attribute is gone: an attribute
    or keyword use (likely ones too: their owner may be the model), a certain string such as
    ``getattr(task, "col")``, or a file that could not be read."""
    if reference.kind is ReferenceKind.STRING:
        return reference.confidence is Confidence.CERTAIN
    return reference.kind in _ATTRIBUTE_USES


def _check_insert_safe(
    column: ColumnRef, removed: Sequence[Reference], definition: ColumnDefinition | None
) -> None:
    if not any(r.kind is ReferenceKind.DECLARATION for r in removed):
        return
    if definition is not None and definition.insert_safe:
        return
    why = (
        "it is NOT NULL without a server default"
        if definition is not None
        else "its definition could not be read from the models"
    )
    raise Refused(
        f"refusing to remove the model attribute of {column}: {why}, so inserts that leave "
        f"it out would fail; first make it nullable with: colretire relax {column} "
        "(apply that migration), then run rewrite again"
    )


def rewrite_file(
    root: Path,
    path: str,
    references: Sequence[Reference],
    column: str,
    *,
    include_likely: bool = False,
    keep_declarations: str | None = None,
    keep_writes: str | None = None,
    keep_fields: frozenset[str] = frozenset(),
    models: frozenset[str] = frozenset(),
    unexplained: dict[str, tuple[Occurrence, ...]] | None = None,
) -> FileRewrite:
    """The rewrite of one file (``path`` relative to ``root``), checked to compile.

    A file that does not compile as it is (newer syntax than the running Python's, or
    broken) is left as it is: its references are reported for a person, and it stops no
    other file."""
    location = root / path
    try:
        data = location.read_bytes()
        module = cst.parse_module(data)
    except (OSError, cst.ParserSyntaxError):
        manual = tuple(Manual(r, "the file cannot be read or does not parse") for r in references)
        return FileRewrite(path, "", "", manual=manual)
    before = data.decode(module.encoding)
    unreadable = compile_problem(before, path)
    if unreadable is not None:
        return FileRewrite(path, before, before, manual=_not_compiled(references, unreadable))
    plan = plan_module(
        module,
        references,
        column=column,
        include_likely=include_likely,
        keep_declarations=keep_declarations,
        keep_writes=keep_writes,
        keep_fields=keep_fields,
        models=models,
        unexplained=unexplained,
    )
    new, missed = apply_plan(module, plan, _context(root, location))
    after = new.code
    removed, manual = _outcome(plan, missed)
    problem = compile_problem(after, path)
    if problem is not None:
        problem = f"the rewritten file {problem}"
        return FileRewrite(path, before, before, removed, manual, problem, module.encoding)
    return FileRewrite(
        path, before, after, removed, manual, None, module.encoding, _notes(plan, missed),
        plan.spans,
    )  # fmt: skip


def _not_compiled(references: Sequence[Reference], problem: str) -> tuple[Manual, ...]:
    python = ".".join(str(n) for n in sys.version_info[:2])
    reason = f"the file {problem} under Python {python}: it is left as it is"
    return tuple(Manual(r, reason) for r in sorted(references))


def _notes(plan: FilePlan, missed: Sequence[Any]) -> tuple[Note, ...]:
    """The plan's notes, without those of references an edit failed to remove."""
    failed = {(r.line, r.col) for edit in missed for r in edit.references}
    return tuple(n for n in plan.notes if (n.line, n.col) not in failed)


def _outcome(
    plan: FilePlan, missed: Sequence[Any]
) -> tuple[tuple[Reference, ...], tuple[Manual, ...]]:
    """The references removed and those left for a person, counting edits that found
    nothing to change (which should not happen) as left."""
    failed = {r for edit in missed for r in edit.references}
    removed = tuple(r for r in plan.removed if r not in failed)
    lost = tuple(
        Manual(r, "colretire could not rewrite it here")
        for edit in missed
        if edit.removes
        for r in edit.references
    )
    return removed, tuple(sorted((*plan.manual, *lost), key=lambda m: m.reference))


def _context(root: Path, location: Path) -> CodemodContext:
    """A codemod context that knows the module's dotted name, so that relative imports can
    be resolved when unused ones are removed."""
    try:
        names = calculate_module_and_package(root, location)
    except ValueError:
        return CodemodContext(filename=str(location))
    return CodemodContext(
        filename=str(location),
        full_module_name=names.name,
        full_package_name=names.package,
    )


def parse_problem(code: str, path: str) -> str | None:
    """Why the rewritten ``code`` is not a valid Python module, or ``None`` when it is."""
    problem = compile_problem(code, path)
    return None if problem is None else f"the rewritten file {problem}"


def compile_problem(code: str, path: str) -> str | None:
    """Why ``code`` does not compile under the running Python (``does not parse (line 3:
    invalid syntax)``), or ``None`` when it does. Compiling, not only parsing, catches what
    the compiler rejects, such as ``return`` outside a function."""
    try:
        compile(code, path, "exec", dont_inherit=True)
        cst.parse_module(code)
    except SyntaxError as error:
        return f"does not compile (line {error.lineno}: {error.msg})"
    except (ValueError, RecursionError, MemoryError) as error:  # NUL bytes, absurd nesting
        return f"does not compile ({error or type(error).__name__})"
    except cst.ParserSyntaxError as error:
        return f"does not parse (line {error.raw_line}: {error.message})"
    return None


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"a/{path}",
        f"b/{path}",
    )
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines
    )


def write_files(root: Path, result: RewriteResult) -> None:
    """Write every changed file, or none (see :mod:`colretire.transaction`).

    Refuses (nothing written) when a file's rewrite does not parse or a file changed since
    it was read.
    """
    if result.errors:
        names = ", ".join(f"{f.path} ({f.error})" for f in result.errors)
        raise ColretireError(f"nothing was written: {names}")
    with Transaction(root, "rewrite --write") as transaction:
        for rewrite in result.changed:
            target = root / rewrite.path
            if _current(target, rewrite) != rewrite.before:
                raise StaleFile(
                    f"{rewrite.path} changed since colretire read it; nothing was written: run "
                    "rewrite again"
                )
            transaction.write(target, rewrite.after.encode(rewrite.encoding))


def _current(target: Path, rewrite: FileRewrite) -> str | None:
    try:
        return target.read_bytes().decode(rewrite.encoding)
    except (OSError, UnicodeDecodeError):
        return None


def rewrite(
    project: Project,
    column: ColumnRef,
    paths: Sequence[Path] = (),
    *,
    write: bool = False,
    include_likely: bool = False,
) -> RewriteResult:
    """Scan the project for ``column``, plan the rewrite of the files under ``paths``
    (default: all), and write it when asked.

    The scan always covers the configured sources, so that the models are known and the
    uses outside ``paths`` still count (they keep the model attribute)."""
    from colretire import analysis  # libcst-heavy; only commands that scan load it

    config = project.config
    sources = list(dict.fromkeys([*config.source, *paths]))
    result = analysis.scan(
        project.root, column, sources, exclude=config.exclude, cache_dir=config.cache_dir
    )
    index = analysis.index_project(
        project.root, config.source, exclude=config.exclude, cache_dir=config.cache_dir
    )
    wanted = [config.relative(path) for path in paths]
    inside = [r for r in result.references if _under(r.path, wanted)]
    planned = plan_rewrite(
        project.root,
        column,
        inside,
        definition=index.definition(column),
        include_likely=include_likely,
        elsewhere=[r for r in result.references if r not in inside],
        models=frozenset(info.name for info in index.mapped_on(column.table)),
        unexplained=result.unexplained,
    )
    if write:
        write_files(project.root, planned)
    return planned


def unmarked(root: Path, references: Iterable[Reference]) -> list[Reference]:
    """The references that no ``# colretire:`` comment above their statement points at
    (after a rewrite, every proven use left in place should be marked)."""
    from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

    from colretire.codemods.base import enclosing_statement, nodes_at, string_around

    by_path: dict[str, list[Reference]] = {}
    for reference in references:
        by_path.setdefault(reference.path, []).append(reference)
    found = []
    for path, refs in sorted(by_path.items()):
        wrapper = MetadataWrapper(cst.parse_module((root / path).read_bytes()))
        parents = wrapper.resolve(ParentNodeProvider)
        ranges = wrapper.resolve(PositionProvider)
        at = nodes_at(ranges, [(r.line, r.col) for r in refs], parents)
        for reference in sorted(refs):
            position = (reference.line, reference.col)
            inside = string_around(ranges, position)
            nodes = at[position] or ([inside] if inside is not None else [])
            statement = enclosing_statement(nodes[-1], parents) if nodes else None
            if isinstance(nodes[-1] if nodes else None, cst.BaseCompoundStatement):
                statement = nodes[-1]
            lines = getattr(statement, "leading_lines", ())
            if not any(line.comment and "# colretire:" in line.comment.value for line in lines):
                found.append(reference)
    return found


def _under(path: str, wanted: Sequence[str]) -> bool:
    if not wanted:
        return True
    return any(w in (".", path) or path.startswith(w.rstrip("/") + "/") for w in wanted)


def as_json(result: RewriteResult, *, written: bool) -> str:
    """The JSON form of ``rewrite --format json`` (``version`` 1; fields are only added)."""
    document = {
        "version": JSON_VERSION,
        "column": str(result.column),
        "written": written and not result.errors,
        "files": [
            {"path": f.path, "changed": f.changed, "error": f.error}
            for f in result.files
            if f.changed or f.error
        ],
        "removed": [_reference_json(r) for r in result.removed],
        "notes": [
            {"path": path, "line": n.line, "col": n.col, "text": n.text, "marked": n.marked}
            for path, n in result.notes(written=written)
        ],
        "manual": [
            {**_reference_json(m.reference), "reason": m.reason, "marked": m.marked}
            for m in result.left(written=written)
        ],
        "skipped": [_reference_json(r) for r in result.skipped],
        "held": [
            {
                **_reference_json(m.reference),
                "reason": m.reason,
                "marked": m.marked,
                "unexplained": [
                    {
                        "path": o.path,
                        "line": o.line,
                        "col": o.col,
                        "name": o.name,
                        "snippet": o.snippet,
                    }
                    for o in m.held_by
                ],
            }
            for m in result.left(written=written)
            if m.held_by
        ],
        "diff": result.diff,
    }
    return json.dumps(document, indent=2) + "\n"


def _reference_json(reference: Reference) -> dict[str, Any]:
    return {
        "path": reference.path,
        "line": reference.line,
        "col": reference.col,
        "kind": str(reference.kind),
        "confidence": str(reference.confidence),
        "code": reference.code,
    }


def summary_lines(
    result: RewriteResult, *, written: bool, shown: Callable[[str], str] = str
) -> list[str]:
    """What ``rewrite`` says on stderr: what it removed, what it left and why, in the
    linters' ``path:line:col: CODE message`` form (``shown`` turns a project path into the
    one to print)."""
    verb = "removed" if written else "would remove"
    lines = [
        f"{verb} {len(result.removed)} reference(s) to {result.column} in "
        f"{len(result.changed)} file(s)"
    ]
    if not written and result.changed:
        lines[0] += "; run with --write to apply"
    if result.held:
        names = sorted({o.name for m in result.held for o in m.held_by})
        lines.append(
            f"held back {len(result.held)} definition(s) that unexplained occurrences (CR900) "
            f"may use: {', '.join(names)}; judge them with colretire refs {result.column}"
        )
    for path, note in result.notes(written=written):
        lines.append(f"{shown(path)}:{note.line}:{note.col}: {note.text}")
    for manual in result.left(written=written):
        ref = manual.reference
        mark = "marked" if manual.marked else "not marked"
        lines.append(
            f"{shown(ref.path)}:{ref.line}:{ref.col}: {ref.code} left for a person ({mark}): "
            f"{manual.reason}"
        )
    for failed in result.errors:
        lines.append(f"{shown(failed.path)}: {failed.error}")
    if result.skipped:
        lines.append(f"{len(result.skipped)} migration reference(s) left as history")
    return lines


class ModelIndex(Protocol):
    """What :func:`mark_deprecated_in_model` needs of :class:`colretire.analysis.ProjectIndex`."""

    def model_location(self, column: ColumnRef) -> tuple[str, int] | None: ...


@dataclass(frozen=True)
class Marked:
    """The edit ``deprecate --mark`` made to a model: its diff (empty when the model was
    already marked) and warnings such as a field that cannot be deferred."""

    path: str
    diff: str
    warnings: tuple[str, ...] = ()


def mark_deprecated(
    project_root: Path,
    column: ColumnRef,
    index: ModelIndex,
    *,
    state_path: str = "state/columns.toml",
    write: bool = True,
    transaction: Transaction | None = None,
) -> Marked | None:
    """Defer ``column`` in the model that declares it and note why in a comment; ``None``
    when the models do not declare it. Writes the model atomically (in ``transaction``, with
    its other files, when given) unless ``write`` is false; raises :class:`ColretireError`
    (nothing written) if the result would not parse."""
    location = index.model_location(column)
    if location is None:
        return None
    path, line = location
    target = project_root / path
    try:
        data = target.read_bytes()
    except OSError as error:
        raise ColretireError(f"cannot read {path}: {error.strerror}; nothing was changed") from None
    module = cst.parse_module(data)
    context = _context(project_root, target)
    note = f"colretire: deprecated, see {state_path}"
    positions = declaration_positions(module, line)
    new = MarkDeferred(context, positions, note=note).transform_module(module)
    before, after = data.decode(module.encoding), new.code
    problem = parse_problem(after, path)
    if problem is not None:
        raise ColretireError(f"{path}: {problem}; the model was left unchanged")
    if write and after != before:
        if transaction is None:
            with Transaction(project_root, "deprecate --mark") as own:
                own.write(target, after.encode(module.encoding))
        else:
            transaction.write(target, after.encode(module.encoding))
    return Marked(path, unified_diff(path, before, after), tuple(context.warnings))


def mark_deprecated_in_model(
    project_root: Path,
    column: ColumnRef,
    index: ModelIndex,
    *,
    state_path: str = "state/columns.toml",
    transaction: Transaction | None = None,
) -> str | None:
    """``deprecate --mark``: mark the model (see :func:`mark_deprecated`) and return the
    diff, or ``None`` when nothing changed or the models do not declare the column."""
    marked = mark_deprecated(
        project_root, column, index, state_path=state_path, transaction=transaction
    )
    return marked.diff or None if marked is not None else None


def declaration_positions(module: cst.Module, line: int) -> list[tuple[int, int]]:
    """The positions on ``line`` where :class:`MarkDeferred` finds a declaration to mark
    (the index knows a declaration's line; its column follows the finder's contract)."""
    from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    ranges = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    for node, code_range in ranges.items():
        if code_range.start.line == line and MarkDeferred.unit(node, parents) is not None:
            return [(line, code_range.start.column + 1)]
    return []

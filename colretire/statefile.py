"""The only module that reads or writes the state file.

The file is TOML, one table per column, keys in a fixed order and columns sorted, so that two
branches retiring two different columns touch different lines and merge cleanly::

    version = 1

    [[releases]]
    version = "1.4.0"
    at = 2026-11-24T10:00:00Z
    commit = "9f1c2ab"

    [columns."tasks.expected_completion_time"]
    stage = "deprecated"
    reason = "replaced by tasks.eta_minutes"

    [columns."tasks.expected_completion_time".definition]
    type = "Integer"
    nullable = true

    [[columns."tasks.expected_completion_time".history]]
    stage = "deprecated"
    at = 2026-11-24T09:00:00Z
    by = "Ada Lovelace <ada@example.com>"
    commit = "3e4f5a6"

A step into ``unreferenced`` that a person allowed by accepting the occurrences the scan
could not judge carries them, with the reason, in a sub-table of its history entry::

    [columns."tasks.expected_completion_time".history.acceptance]
    reason = "export() only ever receives report rows"
    occurrences = [
      { path = "app/export.py", line = 2, text = "return thing.expected_completion_time" },
    ]

:func:`update` is the one way to change it: under an exclusive lock it reads the file, applies
a pure function to the :class:`~colretire.model.State`, and writes the result atomically. A
file that does not parse or breaks the format raises
:class:`~colretire.errors.MalformedStateFile` with its line, and is never overwritten.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from colretire import identifiers
from colretire import transaction as transaction_module
from colretire.errors import ColretireError, InvalidColumnName, MalformedStateFile, StateFileError
from colretire.fileio import locked, tomllib
from colretire.model import (
    STATE_FORMAT_VERSION,
    Acceptance,
    AcceptedOccurrence,
    ColumnDefinition,
    ColumnRecord,
    ColumnRef,
    HistoryEntry,
    Release,
    Stage,
    Stamp,
    State,
)
from colretire.transaction import Transaction

HEADER = (
    "# colretire state file: the columns this project is retiring and the evidence for each\n"
    "# step. Written by colretire; merge conflicts resolve like any TOML (docs/state-file.md).\n"
)


#: A state file larger than this is refused unread: a project's is kilobytes, and reading
#: a huge one whole would take the memory of a small machine.
MAX_BYTES = 16 * 1024 * 1024


def read(path: Path) -> State:
    """The state in ``path``; an empty state when the file does not exist yet. A byte-order
    mark is skipped."""
    try:
        data = _read_bytes(path)
    except FileNotFoundError:
        return State()
    except OSError as error:
        raise StateFileError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MalformedStateFile(str(path), None, f"not UTF-8 text ({error.reason})") from None
    return loads(text, str(path))


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise StateFileError(
                f"{path} is {size / 1024 / 1024:.0f} MB, more than the {MAX_BYTES // 1024 // 1024} "
                "MB a state file may have; it was not read. A state file holds one table per "
                "retired column: restore it from version control (see docs/state-file.md)"
            )
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # it grew while being opened
        raise StateFileError(f"{path} is larger than {MAX_BYTES // 1024 // 1024} MB; not read")
    return data


def update(
    path: Path, change: Callable[[State], State], *, transaction: Transaction | None = None
) -> State:
    """Apply ``change`` to the state under the lock and write the result if it differs.

    ``change`` is pure and may raise to refuse; then nothing is written. With
    ``transaction``, the new state is one of its files: the lock is held until the
    transaction is done, and the file is written with the others, or not at all. A
    transaction that an interrupted command left behind is finished or undone first.
    """
    if transaction is None:
        with Transaction(_existing(path.parent), "state update") as own:
            return update(path, change, transaction=own)
    transaction.hold(locked(path))
    transaction.recover_others()
    before = read(path)
    after = change(before)
    if after != before or not path.exists():
        text = dumps(after)
        _check_round_trip(text, after, path)
        transaction.write(path, text)
    return after


def recover(path: Path, directories: Iterable[Path]) -> list[str]:
    """Finish or undo the transactions interrupted commands left in ``directories`` (see
    :mod:`colretire.transaction`), under the lock of the state file at ``path``."""
    done: list[str] = []
    for directory in dict.fromkeys(directories):
        done += transaction_module.recover(directory, locked(path))
    return done


def _existing(directory: Path) -> Path:
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    return directory


def _check_round_trip(text: str, state: State, path: Path) -> None:
    """Never write what colretire itself would refuse to read back."""
    try:
        again = loads(text, str(path))
    except MalformedStateFile as error:
        raise StateFileError(
            f"refusing to write {path}: the result would not read back ({error.problem}); "
            "the file was left unchanged"
        ) from None
    if again != state:
        raise StateFileError(f"refusing to write {path}: the result would not read back the same")


# -- writing ------------------------------------------------------------------------------


def dumps(state: State) -> str:
    """The state as TOML text, deterministic: the same state always gives the same bytes."""
    parts = [HEADER + f"version = {state.version}\n"]
    parts += [_release_block(release) for release in state.releases]
    parts += [_column_block(record) for _, record in sorted(state.columns.items())]
    return "\n".join(parts)


def _release_block(release: Release) -> str:
    return "[[releases]]\n" + _pairs(
        ("version", release.version), ("at", release.at), ("commit", release.commit)
    )


def _column_block(record: ColumnRecord) -> str:
    key = f"columns.{_quote(str(record.column))}"
    blocks = [
        f"[{key}]\n"
        + _pairs(
            ("stage", record.stage.value),
            ("reason", record.reason),
            ("replacement", str(record.replacement) if record.replacement else None),
        )
    ]
    if record.definition:
        d = record.definition
        blocks.append(
            f"[{key}.definition]\n"
            + _pairs(
                ("type", d.type),
                ("nullable", d.nullable),
                ("default", d.default),
                ("server_default", d.server_default),
            )
        )
    for entry in record.history:
        blocks.append(f"[[{key}.history]]\n" + _entry_pairs(entry))
        if entry.acceptance:
            blocks.append(f"[{key}.history.acceptance]\n" + _acceptance_pairs(entry.acceptance))
    return "\n".join(blocks)


def _entry_pairs(entry: HistoryEntry) -> str:
    stamp = entry.stamp
    return _pairs(
        ("stage", entry.stage.value),
        ("previous", entry.previous.value if entry.previous else None),
        ("at", stamp.at),
        ("by", stamp.by),
        ("commit", stamp.commit),
        ("release", stamp.release),
        ("evidence", entry.evidence or None),
        ("note", entry.note or None),
        ("override", True if entry.override else None),
        ("revision", entry.revision),
    )


def _acceptance_pairs(acceptance: Acceptance) -> str:
    """The reason, then one accepted occurrence per line, so that merges stay line-wise."""
    items = "".join(
        f"  {{ path = {_quote(o.path)}, line = {o.line}, text = {_quote(o.text)} }},\n"
        for o in acceptance.occurrences
    )
    return _pairs(("reason", acceptance.reason)) + f"occurrences = [\n{items}]\n"


def _pairs(*pairs: tuple[str, object]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in pairs if value is not None)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _quote(str(value))


def _anchor(name: str) -> str:
    """A pattern for ``name`` as a quoted TOML key, to point a reader's message at its line.
    JSON's escapes are TOML's, and locating a line needs no more: tomlkit, which writes the
    keys, is not imported to read a file."""
    return re.escape(json.dumps(name, ensure_ascii=False))


def _quote(text: str) -> str:
    # Imported on the first write: reading a state file (every guarded `alembic upgrade`)
    # needs only tomllib.
    import tomlkit

    return tomlkit.string(text).as_string()


def _utc(moment: datetime) -> datetime:
    return (
        moment.replace(tzinfo=timezone.utc)
        if moment.tzinfo is None
        else moment.astimezone(timezone.utc)
    )


# -- reading ------------------------------------------------------------------------------


class _Reader:
    """Turns parsed TOML into a State, raising MalformedStateFile with the line at fault."""

    def __init__(self, text: str, path: str) -> None:
        self.lines = text.splitlines()
        self.path = path

    def fail(self, problem: str, *anchors: str) -> MalformedStateFile:
        return MalformedStateFile(self.path, self.line_of(*anchors), problem)

    def line_of(self, *anchors: str) -> int | None:
        """The line of the last anchor, searched in order after the previous ones.

        An anchor is a regular expression matched against whole lines; ``None`` if missing.
        """
        start, found = 0, None
        for anchor in anchors:
            pattern = re.compile(anchor)
            for number in range(start, len(self.lines)):
                if pattern.match(self.lines[number].strip()):
                    start, found = number + 1, number + 1
                    break
            else:
                return found
        return found

    def state(self, data: dict[str, Any]) -> State:
        unknown = sorted(set(data) - {"version", "releases", "columns"})
        if unknown:
            raise self.fail(f"unknown top-level key {unknown[0]!r}", rf"{re.escape(unknown[0])}\b")
        version = data.get("version")
        if version != STATE_FORMAT_VERSION:
            raise self.fail(
                f"'version' must be {STATE_FORMAT_VERSION}, found {version!r}", r"version\b"
            )
        releases = tuple(
            self.release(i, r) for i, r in enumerate(self.table_list(data, "releases"))
        )
        columns = data.get("columns", {})
        if not isinstance(columns, dict):
            raise self.fail("'columns' must be a table", r"columns\b")
        records = {name: self.record(name, body) for name, body in sorted(columns.items())}
        return State(columns=records, releases=releases, version=version)

    def table_list(self, data: dict[str, Any], key: str, *anchors: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(
                f"{key!r} must be an array of tables ([[{key}]])", *anchors, rf"\[*{key}"
            )
        return value

    def release(self, index: int, body: dict[str, Any]) -> Release:
        anchors = [r"\[\[releases\]\]"] * (index + 1)
        self.known(body, {"version", "at", "commit"}, anchors)
        return Release(
            version=self.text(body, "version", anchors),
            at=self.moment(body, "at", anchors),
            commit=self.optional_text(body, "commit", anchors),
        )

    def record(self, name: str, body: Any) -> ColumnRecord:
        header = rf"\[columns\.{_anchor(name)}\]|\[columns\.{re.escape(name)}\]"
        try:
            column = ColumnRef.parse(name)
        except InvalidColumnName as error:
            raise self.fail(
                f"{identifiers.shown(name)} is not a TABLE.COLUMN name colretire supports "
                f"({error.why}; see docs/trust.md)",
                header,
            ) from None
        if not isinstance(body, dict):
            raise self.fail(f"column {name} must be a table", header)
        self.known(body, {"stage", "reason", "replacement", "definition", "history"}, [header])
        stage = self.stage(body, "stage", [header])
        history = self.history(name, body)
        if history[-1].stage is not stage:
            raise self.fail(
                f"column {name}: stage {stage.value!r} disagrees with its last history entry "
                f"({history[-1].stage.value!r})",
                header,
                r"stage\s*=",
            )
        replacement = self.optional_text(body, "replacement", [header])
        try:
            replacement_ref = ColumnRef.parse(replacement) if replacement else None
        except InvalidColumnName as error:
            raise self.fail(
                f"column {name}: replacement {identifiers.shown(error.text)} is not "
                f"TABLE.COLUMN ({error.why})",
                header,
                r"replacement\b",
            ) from None
        return ColumnRecord(
            column=column,
            stage=stage,
            reason=self.text(body, "reason", [header], allow_empty=True),
            history=history,
            replacement=replacement_ref,
            definition=self.definition(name, body.get("definition")),
        )

    def definition(self, name: str, body: Any) -> ColumnDefinition | None:
        if body is None:
            return None
        anchors = [rf"\[columns\.{_anchor(name)}\.definition\]"]
        if not isinstance(body, dict):
            raise self.fail(f"column {name}: 'definition' must be a table", *anchors)
        self.known(body, {"type", "nullable", "default", "server_default"}, anchors)
        nullable = body.get("nullable", True)
        if not isinstance(nullable, bool):
            raise self.fail(
                f"column {name}: 'nullable' must be true or false", *anchors, r"nullable\b"
            )
        return ColumnDefinition(
            type=self.text(body, "type", anchors),
            nullable=nullable,
            default=self.optional_text(body, "default", anchors),
            server_default=self.optional_text(body, "server_default", anchors),
        )

    def history(self, name: str, body: dict[str, Any]) -> tuple[HistoryEntry, ...]:
        header = rf"\[\[columns\.{_anchor(name)}\.history\]\]"
        entries = self.table_list(body, "history", rf"\[columns\.{_anchor(name)}\]")
        if not entries:
            raise self.fail(f"column {name} has no history", rf"\[columns\.{_anchor(name)}\]")
        return tuple(self.entry(entry, [header] * (i + 1)) for i, entry in enumerate(entries))

    def entry(self, body: dict[str, Any], anchors: list[str]) -> HistoryEntry:
        keys = {
            "stage",
            "previous",
            "at",
            "by",
            "commit",
            "release",
            "evidence",
            "note",
            "override",
            "revision",
            "acceptance",
        }
        self.known(body, keys, anchors)
        override = body.get("override", False)
        if not isinstance(override, bool):
            raise self.fail("'override' must be true or false", *anchors, r"override\b")
        previous = body.get("previous")
        return HistoryEntry(
            stage=self.stage(body, "stage", anchors),
            stamp=Stamp(
                at=self.moment(body, "at", anchors),
                by=self.text(body, "by", anchors, allow_empty=True),
                commit=self.optional_text(body, "commit", anchors),
                release=self.optional_text(body, "release", anchors),
            ),
            previous=None if previous is None else self.stage(body, "previous", anchors),
            evidence=self.optional_text(body, "evidence", anchors) or "",
            note=self.optional_text(body, "note", anchors) or "",
            override=override,
            revision=self.optional_text(body, "revision", anchors),
            acceptance=self.acceptance(body, anchors),
        )

    def acceptance(self, entry: dict[str, Any], anchors: list[str]) -> Acceptance | None:
        """An entry's optional ``acceptance`` table: only on a step into ``unreferenced``,
        with a reason and at least one occurrence."""
        body = entry.get("acceptance")
        if body is None:
            return None
        anchors = [*anchors, r"\[.*\.history\.acceptance\]"]
        if not isinstance(body, dict):
            raise self.fail("'acceptance' must be a table", *anchors)
        if entry.get("stage") != Stage.UNREFERENCED.value:
            raise self.fail("'acceptance' belongs only to a step into 'unreferenced'", *anchors)
        self.known(body, {"reason", "occurrences"}, anchors)
        items = body.get("occurrences")
        if not isinstance(items, list) or not items:
            where = (*anchors, r"occurrences\s*=") if "occurrences" in body else tuple(anchors)
            raise self.fail("'occurrences' must list the accepted occurrences", *where)
        return Acceptance(
            reason=self.text(body, "reason", anchors),
            occurrences=tuple(self.accepted(item, anchors) for item in items),
        )

    def accepted(self, item: Any, anchors: list[str]) -> AcceptedOccurrence:
        where = [*anchors, r"occurrences\s*="]
        if not isinstance(item, dict):
            raise self.fail("each accepted occurrence must be { path, line, text }", *where)
        self.known(item, {"path", "line", "text"}, where)
        line = item.get("line")
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            raise self.fail("an accepted occurrence's 'line' must be a positive integer", *where)
        return AcceptedOccurrence(
            path=self.text(item, "path", where),
            line=line,
            text=self.text(item, "text", where, allow_empty=True),
        )

    def known(self, body: dict[str, Any], keys: set[str], anchors: list[str]) -> None:
        for key in body:
            if key not in keys:
                raise self.fail(f"unknown key {key!r}", *anchors, rf"{re.escape(key)}\s*=")

    def stage(self, body: dict[str, Any], key: str, anchors: list[str]) -> Stage:
        value = body.get(key)
        try:
            return Stage(value)
        except ValueError:
            allowed = ", ".join(s.value for s in Stage)
            raise self.fail(
                f"{key} {value!r} is not one of: {allowed}", *anchors, rf"{key}\s*="
            ) from None

    def text(
        self, body: dict[str, Any], key: str, anchors: list[str], *, allow_empty: bool = False
    ) -> str:
        value = body.get(key)
        if not isinstance(value, str) or (not value and not allow_empty):
            where = (*anchors, rf"{key}\s*=") if key in body else tuple(anchors)
            raise self.fail(
                f"{key!r} must be a {'' if allow_empty else 'non-empty '}string", *where
            )
        return value

    def optional_text(self, body: dict[str, Any], key: str, anchors: list[str]) -> str | None:
        return None if body.get(key) is None else self.text(body, key, anchors)

    def moment(self, body: dict[str, Any], key: str, anchors: list[str]) -> datetime:
        value = body.get(key)
        if not isinstance(value, datetime):
            raise self.fail(
                f"{key!r} must be a date-time such as 2026-01-08T09:30:00Z", *anchors, rf"{key}\s*="
            )
        # whole seconds, as the file is written: a hand-typed fraction would not read back
        return _utc(value).replace(microsecond=0)


def loads(text: str, path: str = "<state>") -> State:
    """Parse state-file text; raises MalformedStateFile naming the line at fault.

    The text is parsed by the standard library's TOML reader (``tomllib``, ``tomli`` before
    Python 3.11): ten times faster than tomlkit, which colretire keeps for writing
    ``pyproject.toml`` without losing its comments.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, problem = _toml_problem(error, text)
        raise MalformedStateFile(path, line, f"not valid TOML ({problem})") from None
    if not text.strip():
        raise MalformedStateFile(path, 1, "the file is empty (a truncated write?)")
    reader = _Reader(text, path)
    try:
        return reader.state(document)
    except ColretireError:
        raise
    except Exception as error:  # a shape the reader did not foresee is still the file's fault
        raise MalformedStateFile(path, None, f"unexpected content ({error})") from None


def _toml_problem(error: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    """The line and the words of a TOML error: ``Invalid value (at line 3, column 9)``."""
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if found is not None:
        return int(found[1]), message[: found.start()]
    ended = re.search(r"\s*\(at end of document\)$", message)
    if ended is not None:
        return max(1, len(text.splitlines())), message[: ended.start()]
    return None, message


def iter_records(state: State) -> Iterator[ColumnRecord]:
    """Records in file order (sorted by name)."""
    return iter(state.columns[name] for name in sorted(state.columns))

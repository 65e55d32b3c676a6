"""Fuzzing what a user or a pull request can feed colretire: state files, configuration and
column names. Whatever the input, colretire answers with a value or one of its own errors
(exit 0, 1 or 2 from the command line), never a traceback; a refusal leaves the files as they
were; and a name is data wherever it is written.

In-process (the library and click's CliRunner), so the whole run stays within a minute:
11,000 state files (10,000 from a seeded generator, 1,000 from Hypothesis's strategies, 400
of them through the commands), 1,400 column names (400 through the commands), 700
configurations (200 through the commands). The examples are the same on every run.
"""

from __future__ import annotations

import ast
import json
import random
import string
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from colretire import config, fileio, identifiers, lifecycle, statefile
from colretire.cli import main
from colretire.errors import ColretireError, ConfigError, InvalidColumnName, StateFileError
from colretire.model import ColumnRef, Stage
from tests.core.test_statefile import GOOD, STAMP

FUZZ = settings(
    deadline=None,
    database=None,  # no .hypothesis directory in the project
    derandomize=True,  # the same examples on every run: a CI failure reproduces
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- strategies -------------------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    ['"""', "'''", "\\", "\n", "\r", "\x00", "\u202e", "\u2028", "\ud800", "${x}", "%(slug)s"]
)
SHORT_TEXT = st.text(max_size=12) | HOSTILE_TEXT
ANY_TEXT = st.text(max_size=40) | HOSTILE_TEXT | st.text(min_size=500, max_size=5000)
IDENTIFIER = st.builds(
    str.__add__,
    st.sampled_from("abcxyzT_"),
    st.text(string.ascii_letters + string.digits + "_$", max_size=12),
)
NAMES = (
    st.builds(lambda t, c: f"{t}.{c}", IDENTIFIER, IDENTIFIER)
    | st.builds(lambda t, c: f"{t}.{c}", IDENTIFIER, ANY_TEXT)
    | st.builds(".".join, st.lists(IDENTIFIER | ANY_TEXT, max_size=6))
    | ANY_TEXT
)
STAGES = st.sampled_from([s.value for s in Stage]) | SHORT_TEXT
MOMENT = st.builds(
    lambda days, seconds: (
        datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=days, seconds=seconds)
    ),
    st.integers(-30, 30),
    st.integers(0, 86_400),
)
SCALAR: st.SearchStrategy[Any] = SHORT_TEXT | st.integers() | st.booleans() | MOMENT
COMMIT = st.none() | st.sampled_from(["abc1234", "0" * 40, "--output=x", "HEAD"]) | SHORT_TEXT
EVIDENCE = (
    st.sampled_from(
        [
            "scan found 0 reference(s) in 3 file(s)",
            "scan found 2 reference(s) in 3 file(s)",
            "regressed: scan found 1 reference(s) in 3 file(s)",
            "release 1.0 recorded 2026-01-02 00:00 after the column was unreferenced",
            "release v1.0 contains commit abc1234",
            "drop revision 0002",
            "override",
        ]
    )
    | SHORT_TEXT
)


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    entry: dict[str, Any] = {"stage": draw(STAGES), "at": draw(MOMENT | SCALAR), "by": "Ada"}
    optional = {
        "previous": STAGES,
        "commit": COMMIT,
        "evidence": EVIDENCE,
        "note": SHORT_TEXT,
        "override": st.booleans() | SCALAR,
        "revision": SHORT_TEXT,
        "release": SHORT_TEXT,
        draw(st.sampled_from(["extra", "accepted"])): SCALAR,
    }
    for key, values in optional.items():
        if draw(st.booleans()):
            value = draw(values)
            if value is not None:
                entry[key] = value
    return entry


@st.composite
def states(draw: st.DrawFn) -> str:
    """A TOML document shaped like a state file, with any of its parts wrong."""
    document: dict[str, Any] = {"version": draw(st.sampled_from([1, 1, 1, 2, "1"]))}
    if draw(st.booleans()):
        document["releases"] = [
            {"version": draw(st.just("1.0") | SHORT_TEXT), "at": draw(MOMENT | SCALAR)}
            for _ in range(draw(st.integers(0, 2)))
        ]
    columns = {}
    for _ in range(draw(st.integers(0, 2))):
        history = draw(st.lists(entries(), max_size=4))
        body: dict[str, Any] = {"stage": draw(STAGES), "reason": draw(SHORT_TEXT)}
        if history or draw(st.booleans()):
            body["history"] = history
        if draw(st.booleans()):
            body["definition"] = {"type": draw(st.just("Integer") | SHORT_TEXT), "nullable": True}
        columns[draw(IDENTIFIER.map(lambda t: f"tasks.{t}") | SHORT_TEXT)] = body
    document["columns"] = columns
    return toml(document)


def toml(document: dict[str, Any]) -> str:
    """A quick TOML writer (tomlkit is too slow for ten thousand documents). JSON's string
    escapes are TOML's; where TOML is stricter (a lone surrogate) the file is refused, which
    is a case worth having too."""
    lines = [f"{key} = {_value(value)}" for key, value in document.items() if key != "columns"]
    for name, body in document.get("columns", {}).items():
        key = f"columns.{json.dumps(name, ensure_ascii=False)}"
        lines.append(f"[{key}]")
        lines += [
            f"{k} = {_value(v)}" for k, v in body.items() if k not in ("history", "definition")
        ]
        if "definition" in body:
            lines.append(f"[{key}.definition]")
            lines += [f"{k} = {_value(v)}" for k, v in body["definition"].items()]
        for entry in body.get("history", []):
            lines.append(f"[[{key}.history]]")
            lines += [f"{k} = {_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, list):
        tables = ("{" + ", ".join(f"{k} = {_value(v)}" for k, v in t.items()) + "}" for t in value)
        return "[" + ", ".join(tables) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def corrupted(text: str) -> st.SearchStrategy[str]:
    """``text`` cut short, or with a slice replaced by anything."""

    def damage(cut: int, length: int, insert: str) -> str:
        return text[:cut] + insert + text[cut + length :]

    return st.builds(damage, st.integers(0, len(text)), st.integers(0, 20), ANY_TEXT)


STATE_TEXT = states() | corrupted(GOOD) | st.text(max_size=300)

# Ten thousand files through Hypothesis's own strategies would take minutes (each draw is
# recorded for shrinking), so most of them come from a seeded generator of the same shapes:
# each example draws one seed and makes BATCH files from it.
BATCH = 20
PIECES = [
    *(s.value for s in Stage),
    "",
    " ",
    '"""',
    "\\",
    "\n",
    "\x00",
    "\u202e",
    "\ud800",
    "tasks.eta",
    "tasks.a b",
    "1.0",
    "v1.0",
    "abc1234",
    "--output=x",
    "scan found 0 reference(s) in 3 file(s)",
    "regressed: scan found 1 reference(s) in 3 file(s)",
    "release 1.0 recorded 2026-01-02 00:00 after the column was unreferenced",
    "release v1.0 contains commit abc1234",
    "drop revision 0002",
    "override",
]
KEYS = ["stage", "previous", "at", "by", "commit", "release", "evidence", "note", "override",
        "revision", "extra"]  # fmt: skip


def random_value(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randint(-9, 9))
    if kind == 1:
        return rng.choice([True, False, 0, -1, 2**70])
    if kind == 2:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(8)))
    return rng.choice(PIECES)


def random_entry(rng: random.Random) -> dict[str, Any]:
    entry = {"stage": rng.choice(PIECES[:5]), "at": random_value(rng), "by": "Ada"}
    for key in rng.sample(KEYS, rng.randrange(len(KEYS))):
        entry[key] = random_value(rng)
    return entry


def random_state(rng: random.Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:  # a valid file damaged
        cut = rng.randrange(len(GOOD))
        return GOOD[:cut] + str(random_value(rng)) + GOOD[cut + rng.randrange(30) :]
    if shape == 1:  # any text
        return "".join(chr(rng.randrange(0x0, 0x250)) for _ in range(rng.randrange(120)))
    columns = {}
    for _ in range(rng.randrange(3)):
        history = [random_entry(rng) for _ in range(rng.randrange(5))]
        name = rng.choice(["tasks.eta", "t.c", "public.tasks.x", str(random_value(rng))])
        columns[name] = {"stage": rng.choice(PIECES[:6]), "reason": "r", "history": history}
    releases = [{"version": rng.choice(PIECES), "at": random_value(rng)}]
    return toml({"version": rng.choice([1, 1, 2]), "releases": releases, "columns": columns})


def assert_read_or_refused(text: str) -> None:
    """A state, or colretire's own error; a state verifies without raising, the guard can
    judge it, and it writes back to the same state."""
    try:
        state = statefile.loads(text)
    except ColretireError:
        return
    for record in state.columns.values():
        lifecycle.verify_history(record, state.releases)
        lifecycle.check_drop(record, record.column, lifecycle.Moment.RUN)
    assert statefile.loads(statefile.dumps(state)) == state, text


# -- the library ------------------------------------------------------------------------------


@settings(FUZZ, max_examples=10_000 // BATCH)
@given(st.randoms(use_true_random=True))
def test_ten_thousand_state_files_are_states_or_refusals(rng: random.Random) -> None:
    for _ in range(BATCH):
        assert_read_or_refused(random_state(rng))


@settings(FUZZ, max_examples=600)
@given(STATE_TEXT)
def test_any_state_file_is_a_state_or_colretires_error(text: str) -> None:
    assert_read_or_refused(text)  # Hypothesis's strategies, which shrink a failure


@settings(FUZZ, max_examples=1_000)
@given(NAMES)
def test_any_column_name_is_refused_or_round_trips_and_is_data_in_python(name: str) -> None:
    try:
        column = ColumnRef.parse(name)
    except InvalidColumnName as error:
        assert len(error.message) < 600  # a long name is quoted by its start
    else:
        assert str(column) == name
        state = statefile.State().with_record(
            lifecycle.apply(None, column, lifecycle.Deprecate(name), STAMP)
        )
        assert statefile.loads(statefile.dumps(state)) == state
    # whatever the rules say, rendered into a revision it stays a string
    source = (
        f'"""drop {identifiers.python_text(name)}\n\nRevision ID: 1\n"""\n'
        f"# {identifiers.python_text(name)}\n"
        f"def upgrade():\n    op.drop_column('tasks', {identifiers.python_literal(name)})\n"
    )
    tree = ast.parse(source)
    assert [type(node) for node in tree.body] == [ast.Expr, ast.FunctionDef]
    assert ast.get_docstring(tree, clean=False) == f"drop {name}\n\nRevision ID: 1\n"
    (call,) = tree.body[1].body  # type: ignore[attr-defined]
    assert [a.value for a in call.value.args] == ["tasks", name]


TABLE_VALUES = ANY_TEXT | st.lists(ANY_TEXT, max_size=3) | SCALAR | st.just(["app"])


@settings(FUZZ, max_examples=500)
@given(st.dictionaries(st.sampled_from([*config.DEFAULTS, "unknown"]), TABLE_VALUES, max_size=5))
def test_any_configuration_table_is_a_config_or_a_configuration_error(
    tmp_path: Path, table: dict[str, Any]
) -> None:
    try:
        config.preview(tmp_path, table)
    except ConfigError as error:
        assert "\n" not in error.message or len(error.message) < 20_000


@settings(FUZZ, max_examples=300)
@given(ANY_TEXT | st.floats().map(str) | st.integers().map(str))
def test_any_lock_timeout_is_a_number_of_seconds_or_refused(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # the environment cannot hold it
    monkeypatch.setenv(fileio.LOCK_TIMEOUT_ENV, text)
    try:
        seconds = fileio._timeout_from_environment()
    except StateFileError:
        return
    assert 0 <= seconds < float("inf")


# -- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzzed")
    (root / "app").mkdir()
    (root / "app" / "models.py").write_text("")
    (root / "state").mkdir()
    yield root


PYPROJECT = '[project]\nname = "demo"\n\n[tool.colretire]\nsource = ["app"]\n'
COMMANDS = [
    ["status", "--no-scan"],
    ["advance", "tasks.legacy", "--force", "--reason", "fuzz"],
    ["cancel", "tasks.legacy", "--reason", "fuzz"],
    ["release", "9.9.9"],
]


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def assert_clean(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{result.output}\n{result.exception!r}") from result.exception
    assert "Traceback" not in result.output


@settings(FUZZ, max_examples=400)
@given(STATE_TEXT, st.sampled_from(COMMANDS))
def test_commands_on_any_state_file_exit_cleanly_and_refusals_change_nothing(
    project: Path, text: str, command: list[str]
) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT)
    state = project / "state" / "columns.toml"
    try:
        state.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:
        state.write_bytes(text.encode("utf-8", "replace"))
    before = state.read_bytes()
    result = invoke(project, *command)
    assert_clean(result)
    if result.exit_code != 0:
        assert state.read_bytes() == before


@settings(FUZZ, max_examples=400)
@given(NAMES, st.sampled_from(["advance", "cancel", "drop", "relax"]))
def test_commands_given_any_column_name_exit_cleanly(project: Path, name: str, verb: str) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT)
    state = project / "state" / "columns.toml"
    state.write_text(GOOD)
    if name.startswith("-") or "\x00" in name:
        return  # an option, or what no command line can hold
    args = [verb, name] + (["--reason", "fuzz"] if verb == "cancel" else [])
    result = invoke(project, *args)
    assert_clean(result)
    assert state.read_text() == GOOD or result.exit_code == 0


@settings(FUZZ, max_examples=200)
@given(
    st.dictionaries(st.sampled_from([*config.DEFAULTS, "unknown"]), TABLE_VALUES, max_size=4),
    st.booleans(),
)
def test_commands_under_any_configuration_exit_cleanly(
    project: Path, table: dict[str, Any], bom: bool
) -> None:
    try:
        text = tomlkit.dumps({"project": {"name": "demo"}, "tool": {"colretire": table}})
    except Exception:
        return  # not writable as TOML: a document no user can have
    pyproject = project / "pyproject.toml"
    data = text.encode("utf-8", "replace")
    pyproject.write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    (project / "state" / "columns.toml").write_text(GOOD)
    result = invoke(project, "status", "--no-scan")
    assert_clean(result)
    assert pyproject.read_bytes().endswith(data)
    assert (project / "state" / "columns.toml").read_text() == GOOD


def test_the_state_files_reach_past_the_reader() -> None:
    # Not every example is a refusal: the strategy finds states with columns that the
    # reader accepts, so the history verification and the round trip above are exercised.
    def accepted(text: str) -> bool:
        try:
            return bool(statefile.loads(text).columns)
        except ColretireError:
            return False

    found = find(STATE_TEXT, accepted, settings=settings(database=None, max_examples=5_000))
    assert statefile.loads(found).columns

"""Names round-trip as data: what colretire writes into a revision is never code.

Names typed on the command line must follow the identifier rules (tests/core/test_identifiers);
a revision's message is free text, and names that come from the models or the database are
not checked by any rule, so the rendering itself must be safe: the revision compiles, and its
only effect is the operation colretire meant.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from colretire.alembic import ops as column_ops
from colretire.alembic import revisions
from colretire.cli import main
from colretire.model import ColumnDefinition, ColumnRef, Stage
from colretire.project import Project
from tests.core.test_identifiers import HOSTILE
from tests.db.conftest import LEGACY, Run, alembic, execute, make_project, schema, track
from tests.db.test_revisions import LEGACY_DEFINITION, record, versions, wrote

INJECTED = 'x"""\nimport os\nos.system("touch pwned")\n"""'


def calls(function: ast.FunctionDef) -> list[tuple[str, list[object]]]:
    """``[(name, [constant arguments])]`` of every statement; fails on anything else."""
    found = []
    for statement in function.body:
        assert isinstance(statement, ast.Expr), ast.dump(statement)
        call = statement.value
        assert isinstance(call, ast.Call)
        assert isinstance(call.func, ast.Attribute)
        assert isinstance(call.func.value, ast.Name) and call.func.value.id == "op"
        arguments = [a.value if isinstance(a, ast.Constant) else ast.dump(a) for a in call.args]
        found.append((call.func.attr, arguments))
    return found


def effects(path: Path) -> tuple[str, dict[str, list[tuple[str, list[object]]]]]:
    """The revision's docstring and what its upgrade and downgrade call."""
    source = path.read_text(encoding="utf-8")
    compile(source, str(path), "exec")
    tree = ast.parse(source)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert set(functions) == {"upgrade", "downgrade"}
    statements = [type(node).__name__ for node in tree.body]
    # the docstring, imports, the four revision identifiers, the two functions: nothing else
    assert statements[0] == "Expr" and set(statements[1:]) <= {
        "Import",
        "ImportFrom",
        "Assign",
        "AnnAssign",
        "FunctionDef",
    }
    docstring = ast.get_docstring(tree, clean=False)
    assert docstring is not None
    return docstring, {name: calls(function) for name, function in functions.items()}


def test_a_hostile_message_stays_in_the_docstring(tmp_path: Path, sqlite_url: str) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    result = CliRunner().invoke(
        main, ["-C", str(root), "drop", "tasks.legacy_code", "-m", INJECTED]
    )
    assert result.exit_code == 0, result.output
    docstring, done = effects(root / wrote(result.stdout)["path"])
    assert docstring.startswith(INJECTED + "\n\nRevision ID: ")
    assert done["upgrade"] == [("drop_column", ["tasks", "legacy_code"])]
    assert [name for name, _ in done["downgrade"]] == ["add_column"]
    assert record(root).stage is Stage.DROPPED
    assert not (root / "pwned").exists()


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_column_name_is_rendered_as_data(
    tmp_path: Path, sqlite_url: str, name: str
) -> None:
    # A name no rule checked (from the models or the database) still renders as a string.
    root = make_project(tmp_path, sqlite_url)
    column = ColumnRef("tasks", name)
    operation = column_ops.drop_column_op(column, ColumnDefinition("Integer"))
    written = revisions.write_revision(Project.locate(root), f"drop {column}", [operation])
    docstring, done = effects(written.path)
    assert docstring.startswith(f"drop tasks.{name}\n\nRevision ID: ")
    assert done["upgrade"] == [("drop_column", ["tasks", name])]
    (added,) = done["downgrade"]
    assert added[0] == "add_column" and added[1][0] == "tasks"
    assert written.path.parent == root / "migrations" / "versions"
    assert len(written.path.name) < 80  # the file name is Alembic's slug of the message


@pytest.mark.parametrize(
    "name",
    ['"select"', '"x"""', "tasks.x\\", "tasks.\nimport os", "tasks." + "y" * 100_000],
)
def test_the_commands_refuse_an_unsupported_name(
    tmp_path: Path, sqlite_url: str, name: str
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    state = (root / "state" / "columns.toml").read_bytes()
    for command in (
        ["deprecate", name, "--force", "--reason", "r"],
        ["deprecate", "tasks.legacy_code", "--replacement", name],
        ["advance", name],
        ["advance", name, "--force", "--reason", "r"],
        ["drop", name],
        ["restore", name, "--sql"],
        ["relax", name],
        ["cancel", name, "--reason", "r"],
        ["refs", name],
        ["rewrite", name],
    ):
        result = CliRunner().invoke(main, ["-C", str(root), *command])
        assert result.exit_code == 2, (command, result.output)
        assert "is not a column name colretire supports" in result.output, command
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert len(result.output) < 1000
    assert (root / "state" / "columns.toml").read_bytes() == state
    assert versions(root) == {"0001_initial.py"}


KEYWORD_MODELS = """\
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
"""


@pytest.mark.parametrize("name", ["order", "price$usd", "Group"])
def test_a_reserved_word_or_dollar_name_is_dropped_by_the_quoting_of_the_dialect(
    tmp_path: Path, database_url: str, run: Run, name: str
) -> None:
    root = make_project(tmp_path, database_url, models=KEYWORD_MODELS)
    alembic(root, "upgrade", "head")
    quoted = f"`{name}`" if database_url.startswith("mysql") else f'"{name}"'
    execute(database_url, f"ALTER TABLE tasks ADD COLUMN {quoted} INTEGER")
    column = ColumnRef("tasks", name)
    track(root, column, Stage.WAITED, ColumnDefinition("Integer"))
    result = run(root, "drop", str(column))
    assert result.exit_code == 0, result.output
    _, done = effects(root / wrote(result.stdout)["path"])
    assert done["upgrade"] == [("drop_column", ["tasks", name])]
    alembic(root, "upgrade", "head")
    assert name not in schema(database_url)
    assert "title" in schema(database_url)
    alembic(root, "downgrade", "-1")
    assert name in schema(database_url)

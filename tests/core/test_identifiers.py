"""The identifier rules, and the escaping of names into generated Python and SQL text."""

from __future__ import annotations

import ast

import pytest

from colretire import identifiers
from colretire.errors import InvalidColumnName
from colretire.model import ColumnRef

HOSTILE = [
    'a"""b',
    "a'''b",
    'x"""\nimport os\nos.system("echo pwned")\n"""',
    "back\\slash\\",
    "ends with a backslash \\",
    "new\nline",
    "carriage\rreturn",
    "nul\x00byte",
    "tab\tand\x0bvertical",
    "bidi \u202e override",
    "line\u2028separator",
    "lone \ud800 surrogate",
    "astral \U0001f600 and \U000e0001",
    "é unicode ünïcödé",
    "%(slug)s ${message} {braces}",
    "x" * 100_000,
]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("tasks.expected_completion_time", ("tasks", "expected_completion_time")),
        ("public.tasks.eta", ("public.tasks", "eta")),
        ("db.dbo.tasks.eta", ("db.dbo.tasks", "eta")),
        ("Tasks.CamelCase", ("Tasks", "CamelCase")),
        ("_private._x1", ("_private", "_x1")),
        ("t.price$usd", ("t", "price$usd")),
        ("größe.länge", ("größe", "länge")),
        ("t." + "c" * 63, ("t", "c" * 63)),
    ],
)
def test_regular_identifiers_are_accepted(text: str, parts: tuple[str, str]) -> None:
    assert identifiers.split(text) == parts
    assert str(ColumnRef.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("expected_completion_time", "it has no table"),
        ("tasks.", "it has an empty part"),
        (".eta", "it has an empty part"),
        ("a.b.c.d.e", "it has 5 dotted parts (at most 4)"),
        ("tasks.1st", "'1st' is not a regular SQL identifier"),
        ("tasks.$x", "'$x' is not a regular SQL identifier"),
        ("tasks.two words", "'two words' is not a regular SQL identifier"),
        (" tasks.eta", "' tasks' is not a regular SQL identifier"),
        ('tasks."quoted"', "'\"quoted\"' is not a regular SQL identifier"),
        ("tasks.a-b", "'a-b' is not a regular SQL identifier"),
        ("tasks.new\nline", "'new\\nline' is not a regular SQL identifier"),
        ("t." + "c" * 64, "a part is 64 bytes long (at most 63 in UTF-8)"),
        ("t." + "é" * 32, "a part is 64 bytes long (at most 63 in UTF-8)"),
        ("t." + "x" * 100_000, "it is 100002 characters long"),
    ],
)
def test_other_names_are_refused_saying_which_rule(text: str, why: str) -> None:
    with pytest.raises(InvalidColumnName) as refused:
        ColumnRef.parse(text)
    assert refused.value.why.startswith(why)
    assert len(refused.value.message) < 600  # a huge name is quoted by its start only


def test_every_hostile_name_is_refused() -> None:
    assert [name for name in HOSTILE if identifiers.is_valid(f"tasks.{name}")] == []


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize(
    "template",
    ['"""{}\n\nRevision ID: 1\n"""', "'''{}'''", '"{}"', "'{}'", 'b = "{}"\n'],
)
def test_python_text_reads_back_as_data_in_every_literal(text: str, template: str) -> None:
    source = template.format(identifiers.python_text(text))
    tree = ast.parse(source)  # SyntaxError here would be an injection
    (statement,) = tree.body
    assert isinstance(statement, ast.Expr | ast.Assign)
    value = statement.value
    assert isinstance(value, ast.Constant)
    assert value.value.startswith(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_python_text_is_one_line_and_safe_in_a_comment(text: str) -> None:
    escaped = identifiers.python_text(text)
    assert escaped.isprintable()
    tree = ast.parse(f"# {escaped}\nx = 1\n")
    assert [type(node) for node in tree.body] == [ast.Assign]


@pytest.mark.parametrize("text", HOSTILE)
def test_python_literal_evaluates_to_the_text(text: str) -> None:
    assert ast.literal_eval(identifiers.python_literal(text)) == text


@pytest.mark.parametrize(
    ("text", "literal"),
    [("open", "'open'"), ("it's", "'it''s'"), ("''", "''''''"), ("\\m", "'\\m'")],
)
def test_sql_literal_doubles_quotes(text: str, literal: str) -> None:
    assert identifiers.sql_literal(text) == literal

"""Recorded definitions back into Alembic operations: what is evaluated, what is refused,
and what the operations render to."""

from __future__ import annotations

import pytest
from alembic.autogenerate import render_python_code
from alembic.operations import ops as alembic_ops

from colretire.alembic import ops
from colretire.errors import MigrationError
from colretire.model import ColumnDefinition, ColumnRef

COLUMN = ColumnRef("tasks", "expected_completion_time")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Integer", "Integer()"),
        ("String(50)", "String(length=50)"),
        ("sa.Numeric(10, 2)", "Numeric(precision=10, scale=2)"),
        ("sqlalchemy.String(length=20)", "String(length=20)"),
        ("DateTime(timezone=True)", "DateTime(timezone=True)"),
        ("postgresql.JSONB", "JSONB(astext_type=Text())"),
        ("sqlalchemy.dialects.postgresql.ARRAY(Integer)", "ARRAY(Integer())"),
        ('Enum("open", "done", name="status")', "Enum('open', 'done', name='status')"),
        ("int", "Integer()"),
        ("int | None", "Integer()"),
        ("Optional[str]", "String()"),
    ],
)
def test_a_recorded_type_becomes_the_sqlalchemy_type(source: str, expected: str) -> None:
    assert repr(ops.column_type(source)) == expected


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ('__import__("os").system("true")', "'__import__' is not a SQLAlchemy name"),
        ('open("/etc/passwd")', "'open' is not a SQLAlchemy name"),
        ("Integer.__class__", "the private name '__class__' is not allowed"),
        (
            'sa.create_engine("sqlite://")',
            "only SQLAlchemy types and SQL expression constructors can be called",
        ),
        ("[x for x in ()]", "ListComp expressions are not allowed"),
        ("MyCustomType()", "'MyCustomType' is not a SQLAlchemy name"),
        ("sa.func", "it is not a SQLAlchemy type"),
        ("", "it is not a Python expression"),
    ],
)
def test_anything_but_sqlalchemy_is_refused_without_running_it(source: str, why: str) -> None:
    with pytest.raises(MigrationError) as refused:
        ops.column_type(source)
    assert refused.value.message.startswith(f"cannot re-create the type {source!r}: {why}; ")
    assert refused.value.message.endswith(
        "correct the column's definition in the state file (see docs/state-file.md)"
    )


@pytest.mark.parametrize(
    ("source", "rendered"),
    [
        ('"open"', "server_default='open'"),
        ("'0'", "server_default='0'"),
        ("0", "server_default='0'"),
        ('sa.text("now()")', "server_default=sa.text('now()')"),
        ("func.now()", "server_default=sa.text('now()')"),
    ],
)
def test_server_defaults_render_as_alembic_writes_them(source: str, rendered: str) -> None:
    operation = ops.add_column_op(COLUMN, ColumnDefinition("Integer", False, None, source))
    assert rendered in render_python_code(alembic_ops.UpgradeOps([operation]))


def render(*operations: alembic_ops.MigrateOperation) -> str:
    lines = render_python_code(alembic_ops.UpgradeOps(list(operations))).splitlines()
    return "\n".join(line.strip() for line in lines if not line.strip().startswith("#"))


def test_the_reverse_of_a_drop_recreates_the_column_exactly() -> None:
    definition = ColumnDefinition(
        "String(50)", nullable=False, default='"x"', server_default='"none"'
    )
    drop = ops.drop_column_op(ColumnRef("public.tasks", "legacy_code"), definition)
    assert render(drop) == "op.drop_column('tasks', 'legacy_code', schema='public')"
    assert render(drop.reverse()) == (
        "op.add_column('tasks', sa.Column('legacy_code', sa.String(length=50), "
        "server_default='none', nullable=False), schema='public')"
    )


def test_relax_spells_out_the_existing_column_and_reverses_exactly() -> None:
    definition = ColumnDefinition("String(50)", nullable=False)
    relax = ops.relax_column_op(ColumnRef("tasks", "legacy_code"), definition)
    assert render(relax) == (
        "op.alter_column('tasks', 'legacy_code',\nexisting_type=sa.String(length=50),\nnullable=True)"
    )
    assert render(relax.reverse()).endswith("nullable=False)")


def test_relax_with_a_server_default_keeps_not_null() -> None:
    definition = ColumnDefinition("Integer", nullable=False)
    relax = ops.relax_column_op(ColumnRef("tasks", "priority"), definition, "0")
    assert render(relax) == (
        "op.alter_column('tasks', 'priority',\nexisting_type=sa.Integer(),\n"
        "server_default=sa.text('0'),\nexisting_nullable=False)"
    )
    assert "server_default=None" in render(relax.reverse())

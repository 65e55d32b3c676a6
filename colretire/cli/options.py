"""Options and argument types shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from colretire.errors import InvalidColumnName
from colretire.model import ColumnRef

F = TypeVar("F", bound=Callable[..., Any])


if TYPE_CHECKING:  # click 8.2+ makes ParamType generic; older releases do not subscript
    _ParamType = click.ParamType[ColumnRef]
else:
    _ParamType = click.ParamType


class ColumnType(_ParamType):
    """``TABLE.COLUMN`` parsed into a :class:`ColumnRef`; a bad name is a usage error."""

    name = "TABLE.COLUMN"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> ColumnRef:
        if isinstance(value, ColumnRef):
            return value
        try:
            return ColumnRef.parse(str(value))
        except InvalidColumnName as error:
            self.fail(error.message, param, ctx)


COLUMN = ColumnType()


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """``--format``: the first choice is the default unless ``default`` says otherwise."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format; json is stable and documented in docs/json.md.",
    )


def reason_option(required: bool) -> Callable[[F], F]:
    """``--reason TEXT``; when required, an empty or blank reason is refused too."""
    if not required:
        return click.option(
            "--reason", default="", help="Why; recorded in the state file's history."
        )
    return click.option(
        "--reason",
        required=True,
        callback=_non_blank,
        help="Why (required); recorded in the state file's history.",
    )


def _non_blank(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None or not value.strip():
        raise click.MissingParameter(ctx=ctx, param=param)
    return value

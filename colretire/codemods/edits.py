"""Tree edits the codemods share: take an item out of a comma-separated list, a statement out
of a block, a call out of a method chain, and put a comment above a statement.

These are pure functions of libcst nodes. They keep the formatting of what stays: the
commas, the line breaks and the comments that belong to the remaining items, and the blank
lines between statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

#: A comma-separated item: a call argument, a list/tuple/set element, a dict entry.
Item = TypeVar("Item", cst.Arg, cst.BaseElement, cst.BaseDictElement)
Statement = TypeVar("Statement", bound=cst.CSTNode)


def remove_items(items: Sequence[Item], doomed: Callable[[int], bool]) -> list[Item]:
    """``items`` without those at the indices ``doomed`` accepts, commas kept right.

    The item before a removed one takes over what followed the removed one (its comma's line
    break and indentation), so a trailing comma and a one-item-per-line layout survive; the
    removed item's own comment goes with it.
    """
    kept = list(items)
    for index in reversed(range(len(items))):
        if doomed(index):
            kept = _remove_one(kept, index)
    return kept


def _remove_one(items: list[Item], index: int) -> list[Item]:
    removed = items[index]
    rest = items[:index] + items[index + 1 :]
    if index == 0 or not rest:
        return rest
    previous = items[index - 1]
    if index < len(items) - 1 or isinstance(removed.comma, cst.Comma):
        comma = _comma_after(previous, removed)
    else:
        comma = cst.MaybeSentinel.DEFAULT
    changes: dict[str, object] = {"comma": comma}
    if isinstance(previous, cst.Arg) and isinstance(removed, cst.Arg):
        changes["whitespace_after_arg"] = removed.whitespace_after_arg
    rest[index - 1] = previous.with_changes(**changes)
    return rest


def _comma_after(previous: Item, removed: Item) -> cst.Comma | cst.MaybeSentinel:
    """The comma the previous item gets: its own, followed by what followed ``removed``."""
    if not isinstance(removed.comma, cst.Comma):
        return cst.MaybeSentinel.DEFAULT
    own = previous.comma if isinstance(previous.comma, cst.Comma) else cst.Comma()
    after = merge_whitespace(own.whitespace_after, removed.comma.whitespace_after)
    return own.with_changes(whitespace_after=after)


def merge_whitespace(
    before: cst.BaseParenthesizableWhitespace, after: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """Whitespace that keeps the end of ``before``'s line (its comment) and leads on as
    ``after`` did (its indentation for the next line)."""
    if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(
        after, cst.ParenthesizedWhitespace
    ):
        return after.with_changes(
            first_line=before.first_line,
            empty_lines=[*detached(before.empty_lines), *after.empty_lines],
        )
    return after


def detached(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """``lines`` without the comment lines directly above the next item: those comment on it
    and go when it goes."""
    end = len(lines)
    while end and lines[end - 1].comment is not None:
        end -= 1
    return list(lines[:end])


def remove_statements(body: Sequence[Statement], doomed: Callable[[int], bool]) -> list[Statement]:
    """``body`` without the statements at the indices ``doomed`` accepts.

    A removed statement's comment lines directly above it go with it; blank lines and comments
    further up stay, moved onto the next statement, and a run of blank lines is not doubled.
    """
    kept: list[Statement] = []
    carried: list[cst.EmptyLine] = []
    removed = False
    for index, statement in enumerate(body):
        if doomed(index):
            carried = _join_lines(carried, detached(_leading_lines(statement)))
            removed = True
            continue
        if removed and not kept:  # the new first statement of the block
            lines = _join_lines(carried, list(_leading_lines(statement)))
            statement = _with_leading_lines(statement, _without_leading_blanks(lines))
        elif carried:
            lines = _join_lines(carried, list(_leading_lines(statement)))
            statement = _with_leading_lines(statement, lines)
        carried = []
        kept.append(statement)
    return kept


def _without_leading_blanks(lines: list[cst.EmptyLine]) -> list[cst.EmptyLine]:
    start = 0
    while start < len(lines) and _blank(lines[start]):
        start += 1
    return lines[start:]


Body = TypeVar("Body", cst.IndentedBlock, cst.Module)


def remove_from_body(node: Body, doomed: Callable[[int], bool]) -> Body:
    """A block or module without the doomed statements. Comments that stood above a removed
    last statement move to the footer; an emptied block gets ``pass``."""
    body = remove_statements(node.body, doomed)
    orphaned: list[cst.EmptyLine] = [
        line for line in _trailing_carry(node.body, doomed) if line.comment
    ]
    footer = [*orphaned, *node.footer]
    if not body and isinstance(node, cst.IndentedBlock):
        body = [cst.SimpleStatementLine(body=[cst.Pass()])]
    return node.with_changes(body=body, footer=footer)


def _trailing_carry(
    body: Sequence[cst.BaseStatement], doomed: Callable[[int], bool]
) -> list[cst.EmptyLine]:
    """The detached lines of the removed statements at the end of ``body``."""
    carried: list[cst.EmptyLine] = []
    index = len(body) - 1
    while index >= 0 and doomed(index):
        carried = _join_lines(detached(_leading_lines(body[index])), carried)
        index -= 1
    return carried


def remove_small_statements(
    line: cst.SimpleStatementLine | cst.SimpleStatementSuite, doomed: Callable[[int], bool]
) -> list[cst.BaseSmallStatement]:
    """The small statements of ``line`` (``a = 1; b = 2``) without the doomed ones, with the
    semicolon of the new last one dropped."""
    kept = [s for index, s in enumerate(line.body) if not doomed(index)]
    if kept and len(kept) < len(line.body):
        kept[-1] = kept[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return kept


def _leading_lines(statement: cst.CSTNode) -> Sequence[cst.EmptyLine]:
    lines = getattr(statement, "leading_lines", ())
    return tuple(lines)


def _with_leading_lines(statement: Statement, lines: list[cst.EmptyLine]) -> Statement:
    if not hasattr(statement, "leading_lines"):
        return statement
    return statement.with_changes(leading_lines=lines)


def _join_lines(upper: list[cst.EmptyLine], lower: list[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """Two runs of leading lines, one above the other, with no doubled blank-line separator."""
    if not upper:
        return list(lower)
    top = list(upper)
    bottom = list(lower)
    while top and bottom and _blank(top[-1]) and _blank(bottom[0]):
        top.pop()
    return top + bottom


def _blank(line: cst.EmptyLine) -> bool:
    return line.comment is None


def unchain(call: cst.Call) -> cst.BaseExpression | None:
    """The receiver of a method call in a chain (``q`` for ``q.filter(...)``), or ``None``
    when ``call`` is not a method call."""
    if isinstance(call.func, cst.Attribute):
        receiver = call.func.value
        if call.lpar or call.rpar:
            return receiver.with_changes(lpar=call.lpar, rpar=call.rpar)
        return receiver
    return None


def without_args(call: cst.Call, doomed: Callable[[int], bool]) -> cst.Call:
    """``call`` without the doomed arguments; an emptied call loses its inner line breaks."""
    args = remove_items(call.args, doomed)
    if args:
        return call.with_changes(args=args)
    return call.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace(""))


def add_comment_above(statement: Statement, text: str) -> Statement:
    """``statement`` with ``# text`` on the line above it, unless that line already says so."""
    lines = list(_leading_lines(statement))
    comment = f"# {text}"
    if any(line.comment is not None and line.comment.value == comment for line in lines):
        return statement
    return _with_leading_lines(statement, [*lines, cst.EmptyLine(comment=cst.Comment(comment))])


def set_keyword(call: cst.Call, keyword: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``keyword=value``: the existing argument changed, or a new last one laid
    out like the others (on its own line when they are)."""
    for index, argument in enumerate(call.args):
        if argument.keyword is not None and argument.keyword.value == keyword:
            if argument.value.deep_equals(value):
                return call
            args = list(call.args)
            args[index] = argument.with_changes(value=value)
            return call.with_changes(args=args)
    new = cst.Arg(
        keyword=cst.Name(keyword),
        value=value,
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    if not call.args:
        return call.with_changes(args=[new])
    *others, last = call.args
    if isinstance(last.comma, cst.Comma) and isinstance(
        last.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        separator = (
            others[-1].comma if others else cst.Comma(whitespace_after=call.whitespace_before_args)
        )
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    last_changed = last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
    new = new.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    return call.with_changes(args=[*others, last_changed, new])

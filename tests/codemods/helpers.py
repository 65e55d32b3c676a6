"""Run a codemod on a before string and compare with the after string, as LibCST's
``CodemodTest.assertCodemod`` does, with reference positions written into the code.

A reference is written as a snippet with a caret where its position is:
``at(code, "task.^expected_completion_time")`` is the line and column of
``expected_completion_time`` in the first ``task.expected_completion_time`` of ``code``.
"""

from __future__ import annotations

import textwrap
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext

from colretire.codemods.base import Position, ReferenceCodemod, remove_unused_imports
from colretire.codemods.plan import FilePlan, apply_plan, plan_module
from colretire.model import Confidence, Reference, ReferenceKind


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def at(source: str, snippet: str, nth: int = 1) -> Position:
    """The 1-based position of the caret in the ``nth`` occurrence of ``snippet``."""
    offset = snippet.index("^")
    plain = snippet.replace("^", "", 1)
    index = -1
    for _ in range(nth):
        index = source.index(plain, index + 1)
    index += offset
    line = source.count("\n", 0, index) + 1
    column = index - (source.rfind("\n", 0, index) + 1) + 1
    return (line, column)


def run(
    codemod: type[ReferenceCodemod],
    before: str,
    snippets: list[str] | tuple[str, ...],
    **kwargs: Any,
) -> tuple[str, CodemodContext]:
    source = code(before)
    positions = [at(source, s) for s in snippets]
    context = CodemodContext(full_module_name="app.module", full_package_name="app")
    tree = codemod(context, positions, **kwargs).transform_module(cst.parse_module(source))
    return remove_unused_imports(context, tree).code, context


def assert_codemod(
    codemod: type[ReferenceCodemod],
    before: str,
    after: str,
    *snippets: str,
    **kwargs: Any,
) -> None:
    result, _ = run(codemod, before, snippets, **kwargs)
    expected = code(after)
    assert result == expected, f"got:\n{result}\nexpected:\n{expected}"


def rewrite_source(
    source: str,
    uses: list[tuple[str, ReferenceKind]] | list[tuple[str, ReferenceKind, Confidence]],
    *,
    column: str = "tasks.expected_completion_time",
    include_likely: bool = False,
) -> tuple[str, FilePlan]:
    """Plan and apply the rewrite of one module whose references are written as snippets
    with a caret (see :func:`at`), certain unless said otherwise."""
    refs = []
    for use in uses:
        snippet, kind = use[0], use[1]
        confidence = use[2] if len(use) > 2 else Confidence.CERTAIN  # type: ignore[misc]
        line, col = at(source, snippet)
        refs.append(Reference("app/module.py", line, col, kind, confidence, "CR100", "a use"))
    module = cst.parse_module(source)
    plan = plan_module(module, refs, column=column, include_likely=include_likely)
    context = CodemodContext(full_module_name="app.module", full_package_name="app")
    new, missed = apply_plan(module, plan, context)
    assert missed == ()
    return new.code, plan

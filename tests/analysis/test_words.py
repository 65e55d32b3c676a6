"""The word search every occurrence is counted with: whole words, in order, as one regular
expression would find them (only faster)."""

from __future__ import annotations

import ast
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from colretire.analysis.accounting import Ledger, Words
from colretire.analysis.scanner import files_with_any, has_word, words_in
from colretire.analysis.source import NEWLINE, Source

NAMES = ["status", "state", "st", "job_id", "instance"]
#: The definition: any of the names, not inside a longer word.
DEFINITION = re.compile(r"(?<![A-Za-z0-9_])(?:status|instance|job_id|state|st)(?![A-Za-z0-9_])")


def test_whole_words_in_order() -> None:
    text = "task.status = state or st_x; job.instance.job_id  # status_code, _state"

    found = [(m.start(), m.group()) for m in Words(NAMES).finditer(text)]

    assert found == [(5, "status"), (14, "state"), (33, "instance"), (42, "job_id")]


def test_a_name_at_a_position() -> None:
    words = Words(NAMES)

    assert words.match("x.status ", 2).group() == "status"  # type: ignore[union-attr]
    assert words.match("x.statuses", 2) is None
    assert words.match("_status", 1) is None


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from([*NAMES, "x", "_", " ", ".", "1", "\n", "é", "s"]), max_size=30),
    st.integers(0, 200),
    st.integers(0, 200),
)
def test_the_same_answers_as_one_regular_expression(parts: list[str], a: int, b: int) -> None:
    text = "".join(parts)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    words = Words(NAMES)

    assert [(m.start(), m.group()) for m in words.finditer(text, start, end)] == [
        (m.start(), m.group()) for m in DEFINITION.finditer(text, start, end)
    ]
    for pos in range(len(text)):
        expected = DEFINITION.match(text, pos)
        found = words.match(text, pos)
        assert (found and found.group()) == (expected and expected.group())


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*NAMES, "x", "_", " ", ".", "1", "\n", "é", "s"]), max_size=20),
        max_size=6,
    ),
)
def test_files_of_each_word_are_the_files_has_word_finds(files: list[list[str]]) -> None:
    # The scan's batch search reads each file once for all the names; it must name the same
    # files as asking has_word for every name in every file.
    texts = {f"f{i}.py": "".join(parts).encode() for i, parts in enumerate(files)}
    names = [*NAMES, "é", "s.t"]  # the last two are not made of word bytes only

    found = words_in(texts.__getitem__, texts, names)

    assert found == {n: {p for p, t in texts.items() if has_word(t, n.encode())} for n in names}


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*NAMES, "x", "_", " ", ".", "1", "\n", "é", "s"]), max_size=20),
        max_size=6,
    ),
    st.lists(st.sampled_from([*NAMES, "é", "s.t", ""]), max_size=4),
)
def test_files_with_any_word_are_those_has_word_finds(
    files: list[list[str]], names: list[str]
) -> None:
    # The schemas' names are looked for only in the files already read, all at once; the
    # answer must be the files where has_word finds one of them (an empty name is none).
    texts = {f"f{i}.py": "".join(parts).encode() for i, parts in enumerate(files)}

    found = files_with_any(texts.__getitem__, texts, names)

    assert found == {
        path for path, text in texts.items() if any(has_word(text, n.encode()) for n in names if n)
    }


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from([*NAMES, "x", "_", " ", ".", "é", "s", "\n", "\r\n", "\r"]), max_size=40
    ),
)
def test_the_ledger_finds_the_words_line_by_line(parts: list[str]) -> None:
    # The ledger searches only the lines where a name occurs at all, found in the whole
    # text; it must find every word a search of each line finds, however lines end.
    text = "".join(parts)
    ledger = Ledger(Source("f.py", text, ast.Module(body=[], type_ignores=[])), NAMES)
    lines = NEWLINE.split(text)
    expected = [
        (number, m.start() + 1)
        for number, line in enumerate(lines, start=1)
        for m in DEFINITION.finditer(line)
    ]

    assert ledger.all_words() == expected
    assert [(o.line, o.col) for o in ledger.close()] == expected
    whole = ast.Name("x", lineno=1, col_offset=0, end_lineno=len(lines), end_col_offset=0)
    assert ledger.words_in(whole) == [(n, c) for n, c in expected if n < len(lines)]

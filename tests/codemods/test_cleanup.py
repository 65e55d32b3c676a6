"""The rewrite cleans up after itself: an ``if`` whose block empties goes when its test has no
side effects (otherwise it keeps ``pass`` and is marked), a local that only fed a removed
use goes, and the result has no pyflakes finding (ruff's F rules) that the original had not.

The shapes are those of a help-desk app retiring ``tickets.satisfaction_rating``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from colretire.model import ReferenceKind
from tests.codemods.helpers import code, rewrite_source

K = ReferenceKind
COLUMN = "tickets.satisfaction_rating"
EMPTIED = "# colretire: empty once the uses of tickets.satisfaction_rating went; remove by hand"


class Case(NamedTuple):
    before: str
    after: str
    uses: list[tuple[str, ReferenceKind]]
    notes: list[str]


CASES = {
    "an if whose block empties goes with it": Case(
        """
        def close(ticket: Ticket, rating: int | None) -> None:
            ticket.status = "closed"
            if rating is not None:
                ticket.satisfaction_rating = rating
            notify(ticket)
        """,
        """
        def close(ticket: Ticket, rating: int | None) -> None:
            ticket.status = "closed"
            notify(ticket)
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        ["removed this if: its block is empty now"],
    ),
    "an if whose test calls something keeps pass and is marked": Case(
        """
        def close(ticket: Ticket, rating: int) -> None:
            if audit.enabled(ticket):
                ticket.satisfaction_rating = rating
            notify(ticket)
        """,
        f"""
        def close(ticket: Ticket, rating: int) -> None:
            {EMPTIED}
            if audit.enabled(ticket):
                pass
            notify(ticket)
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        ["the block of this if is empty once the uses are removed: marked for a person"],
    ),
    "an emptied elif at the end of its chain goes": Case(
        """
        def rate(ticket: Ticket, rating: int | None) -> None:
            if rating is None:
                log.info("no rating for %s", ticket.id)
            elif rating > 3:
                ticket.satisfaction_rating = rating
        """,
        """
        def rate(ticket: Ticket, rating: int | None) -> None:
            if rating is None:
                log.info("no rating for %s", ticket.id)
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        ["removed this elif: its block is empty now"],
    ),
    "an if and its else, both emptied, go": Case(
        """
        def rate(ticket: Ticket, rating: int | None) -> None:
            if rating is not None:
                ticket.satisfaction_rating = rating
            else:
                ticket.satisfaction_rating = 0
            notify(ticket)
        """,
        """
        def rate(ticket: Ticket, rating: int | None) -> None:
            notify(ticket)
        """,
        [
            ("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE),
            ("ticket.^satisfaction_rating = 0", K.INSTANCE_ATTRIBUTE),
        ],
        ["removed this else: its block is empty now", "removed this if: its block is empty now"],
    ),
    "an emptied if with a live else is marked": Case(
        """
        def rate(ticket: Ticket, rating: int | None) -> None:
            if rating:
                ticket.satisfaction_rating = rating
            else:
                log.info("unrated")
        """,
        f"""
        def rate(ticket: Ticket, rating: int | None) -> None:
            {EMPTIED}
            if rating:
                pass
            else:
                log.info("unrated")
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        ["the block of this if is empty once the uses are removed: marked for a person"],
    ),
    "a local that only fed a removed keyword goes": Case(
        """
        def create(session: Session, payload: TicketIn) -> Ticket:
            rating = payload.rating or 0
            ticket = Ticket(title=payload.title, satisfaction_rating=rating)
            session.add(ticket)
            return ticket
        """,
        """
        def create(session: Session, payload: TicketIn) -> Ticket:
            ticket = Ticket(title=payload.title)
            session.add(ticket)
            return ticket
        """,
        [("^satisfaction_rating=rating", K.KEYWORD)],
        ["removed local rating: it only fed removed code"],
    ),
    "a local whose value calls something keeps the call": Case(
        """
        def create(session: Session, payload: TicketIn) -> Ticket:
            stars = survey.score(payload.answers)
            ticket = Ticket(title=payload.title, satisfaction_rating=stars)
            return ticket
        """,
        """
        def create(session: Session, payload: TicketIn) -> Ticket:
            survey.score(payload.answers)
            ticket = Ticket(title=payload.title)
            return ticket
        """,
        [("^satisfaction_rating=stars", K.KEYWORD)],
        [
            "local stars only fed removed code: its value is still computed, for what the "
            "call may do"
        ],
    ),
    "a local, then its if, go one after the other": Case(
        """
        def rate(ticket: Ticket, payload: RatingIn) -> Ticket:
            if payload.rating is not None:
                rating = min(payload.rating, 5)
                ticket.satisfaction_rating = rating
            return ticket
        """,
        """
        def rate(ticket: Ticket, payload: RatingIn) -> Ticket:
            return ticket
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        [
            "removed local rating: it only fed removed code",
            "removed this if: its block is empty now",
        ],
    ),
    "a local read elsewhere stays": Case(
        """
        def rate(ticket: Ticket, payload: RatingIn) -> Ticket:
            rating = payload.rating
            ticket.satisfaction_rating = rating
            log.info("rated %s", rating)
            return ticket
        """,
        """
        def rate(ticket: Ticket, payload: RatingIn) -> Ticket:
            rating = payload.rating
            log.info("rated %s", rating)
            return ticket
        """,
        [("ticket.^satisfaction_rating = rating", K.INSTANCE_ATTRIBUTE)],
        [],
    ),
    "an emptied loop keeps pass and is marked": Case(
        """
        def reset(tickets: list[Ticket]) -> None:
            for ticket in tickets:
                ticket.satisfaction_rating = None
        """,
        f"""
        def reset(tickets: list[Ticket]) -> None:
            {EMPTIED}
            for ticket in tickets:
                pass
        """,
        [("ticket.^satisfaction_rating = None", K.INSTANCE_ATTRIBUTE)],
        ["the block of this for loop is empty once the uses are removed: marked for a person"],
    ),
    "an import that only the removed code used goes": Case(
        """
        from app.survey import clamp


        def rate(ticket: Ticket, value: int) -> None:
            if value:
                ticket.satisfaction_rating = clamp(value)
        """,
        f"""
        {EMPTIED}
        def rate(ticket: Ticket, value: int) -> None:
            pass
        """,
        [("ticket.^satisfaction_rating = clamp", K.INSTANCE_ATTRIBUTE)],
        [
            "removed this if: its block is empty now",
            "the block of this function is empty once the uses are removed: marked for a person",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_cleanup(name: str) -> None:
    case = CASES[name]
    before, after = code(case.before), code(case.after)
    result, plan = rewrite_source(before, case.uses, column=COLUMN)
    assert result == after, f"got:\n{result}"
    assert sorted(n.text for n in plan.notes) == sorted(case.notes)


def test_an_emptied_function_is_marked_above_its_decorators() -> None:
    before = code(
        """
        @router.post("/tickets/{ticket_id}/rating")
        def rate(ticket: Ticket, value: int) -> None:
            ticket.satisfaction_rating = value
        """
    )
    result, plan = rewrite_source(
        before, [("ticket.^satisfaction_rating", K.INSTANCE_ATTRIBUTE)], column=COLUMN
    )
    assert result == code(
        f"""
        {EMPTIED}
        @router.post("/tickets/{{ticket_id}}/rating")
        def rate(ticket: Ticket, value: int) -> None:
            pass
        """
    )
    assert [(n.line, n.marked) for n in plan.notes] == [(1, True)]


def pyflakes(directory: Path) -> Counter[tuple[str, str]]:
    """ruff's F findings in the files of ``directory``, by file name, code and message."""
    found = subprocess.run(
        [
            *(sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache"),
            *("--select", "F", "--output-format", "json", "--exit-zero", str(directory)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return Counter(
        (Path(f["filename"]).name, f"{f['code']} {f['message']}") for f in json.loads(found.stdout)
    )


def test_no_case_adds_a_pyflakes_finding(tmp_path: Path) -> None:
    """The rewritten modules have no F finding (unused import or local, undefined name...)
    that the originals did not have; the originals have some (names defined elsewhere), so
    the check can see one."""
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    for index, case in enumerate(CASES.values()):
        before = code(case.before)
        result, _ = rewrite_source(before, case.uses, column=COLUMN)
        (tmp_path / "before" / f"case{index}.py").write_text(before)
        (tmp_path / "after" / f"case{index}.py").write_text(result)
    (tmp_path / "before" / "dead.py").write_text("def f():\n    x = 1\n")
    (tmp_path / "after" / "dead.py").write_text("import os\n\n\ndef f():\n    x = 1\n")
    original, rewritten = pyflakes(tmp_path / "before"), pyflakes(tmp_path / "after")
    assert original
    assert rewritten - original == Counter({("dead.py", "F401 `os` imported but unused"): 1})

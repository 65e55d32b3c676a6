"""A keyword spelt like the column given to a function of the project is followed into
that function: excluded only where the value is proven never to reach the column,
unexplained otherwise, naming the write where the function writes it into the column."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import JSON, Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Note(Base):
        __tablename__ = "note"
        id = Column(Integer, primary_key=True)
        access_control = Column(JSON)
"""

ACCESS = """
    def has_access(user_id, type="write", access_control=None, strict=True):
        if access_control is None:
            return type == "read" if strict else True
        permission = access_control.get(type, {})
        allowed = permission.get("user_ids", [])
        return user_id in allowed


    def remember(access_control=None):
        CACHE.store(access_control)


    def share(note, access_control):
        note.access_control = access_control
"""


def _tiers(root: Path, column: str, path: str) -> dict[tuple[int, int], tuple[Tier, str]]:
    result = scan(root, ColumnRef.parse(column))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }


def test_a_keyword_whose_value_the_function_only_reads_is_excluded(tmp_path: Path) -> None:
    """has_access only tests and reads its parameter: the keyword is a keyword of an
    unrelated call; the read it is given (of an object of unknown type) is judged on its
    own and stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/access.py": ACCESS,
            "app/routes.py": """
        from app.access import has_access


        def show(user, note):
            if not has_access(user.id, type="read", access_control=note.access_control):
                raise PermissionError()
        """,
        },
    )
    source = files["app/routes.py"]
    tiers = _tiers(tmp_path, "note.access_control", "app/routes.py")
    assert tiers[at(source, "^access_control=")] == (Tier.EXCLUDED, "keyword")
    assert tiers[at(source, "note.^access_control")][0] is Tier.UNEXPLAINED


def test_a_keyword_handed_on_to_what_cannot_be_followed_stays_unexplained(
    tmp_path: Path,
) -> None:
    """remember() gives the value to an object of unknown type: where it goes is unknown,
    and the detail says so."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/access.py": ACCESS,
            "app/routes.py": """
        from app.access import remember


        def keep(payload):
            remember(access_control=payload)
        """,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tiers(tmp_path, "note.access_control", "app/routes.py")[
        at(source, "^access_control=")
    ]
    assert tier is Tier.UNEXPLAINED
    assert "CACHE.store(...)" in detail


def test_a_keyword_the_function_assigns_to_the_model_stays_unexplained_naming_it(
    tmp_path: Path,
) -> None:
    """share() assigns its parameter to Note.access_control: the keyword feeds a write of
    the column, but on real code the callers of such functions were as often not uses of
    the column (a storage API forwarding the value): unexplained, naming the write."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/access.py": "    from app.models import Note\n\n"
            + ACCESS.replace("def share(note,", "def share(note: Note,"),
            "app/routes.py": """
        from app.access import share


        def publish(note, payload):
            share(note, access_control=payload)
        """,
        },
    )
    source = files["app/routes.py"]
    result = scan(tmp_path, ColumnRef.parse("note.access_control"))
    where = ("app/routes.py", *at(source, "^access_control="))
    assert where not in {(r.path, r.line, r.col) for r in result.references}
    tier, detail = _tiers(tmp_path, "note.access_control", "app/routes.py")[where[1:]]
    assert tier is Tier.UNEXPLAINED
    assert "share() assigns it to the model's attribute (app/access.py:" in detail


def test_a_keyword_the_function_builds_the_model_with_stays_unexplained(tmp_path: Path) -> None:
    """create() builds a Note with its parameter: a write of the column, but the callers of
    such builders were as often not uses of the column on real code; the keyword stays
    unexplained and names the write."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/store.py": """
        from app.models import Note


        def create(session, access_control=None):
            session.add(Note(access_control=access_control))
        """,
            "app/routes.py": """
        from app.store import create


        def new(session, payload):
            create(session, access_control=payload)
        """,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tiers(tmp_path, "note.access_control", "app/routes.py")[
        at(source, "^access_control=")
    ]
    assert tier is Tier.UNEXPLAINED
    assert "app/store.py:5" in detail


def test_a_keyword_the_constructor_only_checks_and_formats_is_excluded(tmp_path: Path) -> None:
    """A distribution's constructor checks its ``step``, formats it into a message and
    hands it to a helper of the module that only checks it: the keyword never reaches the
    column. A summary that keeps it in an attribute (not the column's, but the object may
    carry the value on, as domain objects mirroring a row do) leaves it unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class TrialValue(Base):
            __tablename__ = "trial_values"
            id = Column(Integer, primary_key=True)
            step = Column(Integer)
        """,
            "app/distributions.py": """
        def _check(low, high, step):
            if (high - low) % step:
                raise ValueError(f"{high} - {low} is not a multiple of {step}")


        class IntDistribution:
            def __init__(self, low: int, high: int, step: int = 1) -> None:
                if step <= 0:
                    raise ValueError("step must be positive, not {}".format(step))
                _check(low, high, step)
                self.high = high


        class Summary:
            def __init__(self, step: int) -> None:
                self.step = step
        """,
            "app/trial.py": """
        from app.distributions import IntDistribution, Summary


        def suggest(low, high, step):
            return IntDistribution(low=low, high=high, step=step)


        def summarise(step):
            return Summary(step=step)
        """,
        },
    )
    source = files["app/trial.py"]
    tiers = _tiers(tmp_path, "trial_values.step", "app/trial.py")
    assert tiers[at(source, "^step=step")] == (Tier.EXCLUDED, "keyword"), tiers
    tier, detail = tiers[at(source, "Summary(^step=")]
    assert tier is Tier.UNEXPLAINED
    assert detail.endswith("it is stored in the attribute step")

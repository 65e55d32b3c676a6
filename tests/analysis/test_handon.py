"""A keyword spelt like the column given to a function of the project is followed into
that function: excluded only where the value is proven never to reach the column,
unexplained otherwise, naming the write where the function writes it into the column."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Confidence, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import JSON, Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Note(Base):
        __tablename__ = "note"
        id = Column(Integer, primary_key=True)
        access_control = Column(JSON)


    class Folder:  # not a model, with an access_control of its own
        def __init__(self, access_control):
            self.access_control = access_control
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


def _judged(root: Path, column: str, path: str) -> dict[tuple[int, int], tuple[Tier, str]]:
    """The tier of each occurrence in ``path``, with its detail (an exclusion's too)."""
    result = scan(root, ColumnRef.parse(column))
    return {(o.line, o.col): (o.tier, o.detail) for o in result.occurrences if o.path == path}


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


        def show(user, memo):
            if not has_access(user.id, type="read", access_control=memo.access_control):
                raise PermissionError()
        """,
        },
    )
    source = files["app/routes.py"]
    tiers = _tiers(tmp_path, "note.access_control", "app/routes.py")
    assert tiers[at(source, "^access_control=")] == (Tier.EXCLUDED, "keyword")
    assert tiers[at(source, "memo.^access_control")][0] is Tier.UNEXPLAINED


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


def test_a_keyword_the_function_assigns_to_the_model_is_a_keyword_naming_the_write(
    tmp_path: Path,
) -> None:
    """share() assigns its parameter to Note.access_control: the keyword feeds a write of
    the column, which is the reference; on real code the callers of such functions were as
    often not uses of the column (a storage API forwarding the value), and dropping the
    column breaks the write, not them: a keyword, whose detail names the write."""
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
    tier, detail = _judged(tmp_path, "note.access_control", "app/routes.py")[where[1:]]
    assert tier is Tier.EXCLUDED
    assert "a keyword of share(...), which writes it unchanged into the model" in detail
    assert "(app/access.py:" in detail and detail.endswith("that write is the reference")


def test_a_keyword_the_function_builds_the_model_with_names_the_write(tmp_path: Path) -> None:
    """create() builds a Note with its parameter: a write of the column, the reference; the
    callers of such builders were as often not uses of the column on real code: the keyword
    is a keyword, and names the write."""
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
    tier, detail = _judged(tmp_path, "note.access_control", "app/routes.py")[
        at(source, "^access_control=")
    ]
    assert tier is Tier.EXCLUDED
    assert "app/store.py:5" in detail


def test_a_keyword_the_constructor_only_checks_and_formats_is_excluded(tmp_path: Path) -> None:
    """A distribution's constructor checks its ``step``, formats it into a message and
    hands it to a helper of the module that only checks it: the keyword never reaches the
    column. A summary, a plain class, that keeps it in its own attribute of that name and
    nowhere else: the keyword sets that attribute, a member of a class that maps no table,
    as the attribute is."""
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
    assert tiers[at(source, "Summary(^step=")] == (Tier.EXCLUDED, "other-type")


JOBS = """
    from sqlalchemy import Column, ForeignKey, Integer, String, select
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Job(Base):
        __tablename__ = "jobs"
        id = Column(String, primary_key=True)
        status = Column(String)


    class Step(Base):
        __tablename__ = "steps"
        id = Column(String, primary_key=True)
        job_id = Column(String, ForeignKey("jobs.id"))
"""


def test_a_keyword_given_to_the_exception_the_function_raises_is_excluded(
    tmp_path: Path,
) -> None:
    """A job manager's access check selects the Job by the id it is given and, where there
    is none, raises a library's exception whose message names the id: the id never
    reaches steps.job_id, so the keyword is excluded; and so is the keyword of a method
    that only hands the id on to that check."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS,
            "app/jobs.py": """
        from sqlalchemy import select
        from sqlalchemy.exc import NoResultFound

        from app.models import Job


        class JobManager:
            def _verify_job_access(self, session, job_id, actor):
                job = session.execute(select(Job).where(Job.id == job_id)).scalar_one_or_none()
                if not job:
                    raise NoResultFound(f"Job with id {job_id} does not exist")
                return job

            def get_job_status(self, session, job_id, actor):
                job = self._verify_job_access(session=session, job_id=job_id, actor=actor)
                return job.status
        """,
            "app/routes.py": """
        from app.jobs import JobManager


        def status(session, run_id, actor):
            manager = JobManager()
            return manager.get_job_status(session, job_id=run_id, actor=actor)
        """,
        },
    )
    jobs, routes = files["app/jobs.py"], files["app/routes.py"]
    tiers = _tiers(tmp_path, "steps.job_id", "app/jobs.py")
    assert tiers[at(jobs, "session=session, ^job_id=job_id")] == (Tier.EXCLUDED, "keyword")
    tiers = _tiers(tmp_path, "steps.job_id", "app/routes.py")
    assert tiers[at(routes, "^job_id=run_id")] == (Tier.EXCLUDED, "keyword")


def test_a_keyword_handed_on_to_a_function_that_writes_the_column_names_the_write(
    tmp_path: Path,
) -> None:
    """The method the keyword goes to hands it on by the same keyword to one that builds a
    Step with it: followed through both, the value reaches the column, whose write is the
    reference; the keyword is a keyword naming the write."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS,
            "app/steps.py": """
        from app.models import Step


        class StepManager:
            def log_step(self, session, job_id=None):
                session.add(Step(job_id=job_id))

            def record(self, session, job_id=None):
                if job_id is None:
                    raise ValueError(f"no job {job_id}")
                self.log_step(session, job_id=job_id)
        """,
            "app/agent.py": """
        from app.steps import StepManager


        def step(session, run_id):
            StepManager().record(session, job_id=run_id)
        """,
        },
    )
    source = files["app/agent.py"]
    tier, detail = _judged(tmp_path, "steps.job_id", "app/agent.py")[at(source, "^job_id=run_id")]
    assert tier is Tier.EXCLUDED
    assert "app/steps.py:6" in detail


def test_a_keyword_the_function_reads_as_the_models_attribute_is_a_reference(
    tmp_path: Path,
) -> None:
    """format_repr(self, 'id', final_state=None) in a method of the model: the function
    reads getattr(obj, name) for each keyword's name, so the keyword names the column's
    attribute. The same call in another class's method names that class's attribute."""
    files = write(
        tmp_path,
        {
            "app/util.py": """
        def format_repr(obj, *args, **kwargs):
            shown = [str(getattr(obj, arg)) for arg in args]
            for name, default_value in sorted(kwargs.items()):
                value = getattr(obj, name)
                if value != default_value:
                    shown.append(f"{name}={value}")
            return f"<{type(obj).__name__}({', '.join(shown)})>"


        def format_text(text, **kwargs):
            return text.format(**kwargs)
        """,
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        from app.util import format_repr, format_text

        Base = declarative_base()


        class Revision(Base):
            __tablename__ = "revisions"
            id = Column(Integer, primary_key=True)
            final_state = Column(String)

            def __repr__(self):
                return format_repr(self, "id", final_state=None)

            def describe(self):
                return format_text("{final_state}", final_state=self.id)


        class Draft:
            final_state = None

            def __repr__(self):
                return format_repr(self, final_state=None)
        """,
        },
    )
    source = files["app/models.py"]
    result = scan(tmp_path, ColumnRef.parse("revisions.final_state"))
    certain = {
        (r.line, r.col)
        for r in result.references
        if r.path == "app/models.py" and r.confidence is Confidence.CERTAIN
    }
    assert at(source, '"id", ^final_state=None') in certain
    assert at(source, "self, ^final_state=None") not in certain
    assert at(source, '"{final_state}", ^final_state=self.id') not in certain

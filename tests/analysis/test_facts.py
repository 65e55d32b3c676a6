"""Facts of functions: the class a function returns, and the parameter it gives back."""

from __future__ import annotations

import ast

import pytest

from colretire.analysis import facts as F
from colretire.analysis.source import Source, parse
from tests.analysis.helpers import code


def _function(text: str) -> F.FuncFact:
    parsed = parse("app/servers.py", code(text).encode())
    assert isinstance(parsed, Source)
    (function,) = F.extract(parsed).functions
    return function


@pytest.mark.parametrize(
    ("text", "gives_back"),
    [
        # every return gives the first parameter back, never rebound
        (
            "def with_shared(server, shared):\n    server.shared = shared\n    return server\n",
            (0, "server"),
        ),
        # rebound before it is returned: another object
        ("def with_shared(server, shared):\n    server = copy(server)\n    return server\n", None),
        # rebound by a loop, a comprehension's target, ``:=`` or ``del``
        (
            "def last(server, servers):\n    for server in servers:\n        pass\n    return server\n",
            None,
        ),
        (
            "def pick(server, servers):\n    [server for server in servers]\n    return server\n",
            None,
        ),
        (
            "def pick(server, found):\n    if (server := found):\n        pass\n    return server\n",
            None,
        ),
        # a generator, or nested code, is not followed
        ("def each(server):\n    yield server\n    return server\n", None),
        ("def later(server):\n    callback = lambda: server\n    return server\n", None),
        # returns that disagree
        (
            "def either(server, other):\n    if other:\n        return other\n    return server\n",
            None,
        ),
        # annotated: the annotation says what it returns
        ("def with_shared(server, shared) -> Server:\n    return server\n", None),
    ],
)
def test_the_parameter_a_function_gives_back(text: str, gives_back: object) -> None:
    assert _function(text).gives_back == gives_back


@pytest.mark.parametrize(
    ("text", "returns"),
    [
        # a database interface handing out a model class
        (
            "def FlowRun(self):\n    return orm_models.FlowRun\n",
            F.TypeSpec("orm_models.FlowRun", is_class=True),
        ),
        # a factory building one, wherever its returns are
        (
            "def make(kind):\n    if kind:\n        return Task(kind=kind)\n    return Task()\n",
            F.TypeSpec("Task"),
        ),
        # a row or nothing, as ``.first()`` gives: a read on the result is on a ``Task``
        (
            "def make(kind):\n    if kind:\n        return Task()\n    return None\n",
            F.TypeSpec("Task"),
        ),
        # a row of a model's query, or its rows
        (
            "def find(name):\n    return db.session.query(Task).filter_by(name=name).first()\n",
            F.TypeSpec("Task"),
        ),
        (
            "def find(name):\n    q = Task.query.filter_by(name=name)\n    q = q.order_by(Task.id)\n"
            "    return q\n",
            F.TypeSpec("Task", collection=True),
        ),
        # what the one function every return calls returns, for the index to resolve
        ("def example():\n    return get_or_create('x')\n", F.TypeSpec("get_or_create", call=True)),
        ("def example(self):\n    return self.get_or_create('x')\n", None),
        # returns that disagree, a return of no class, or nested code: no type
        ("def make(kind):\n    if kind:\n        return Task()\n    return Run()\n", None),
        ("def make(kind):\n    if kind:\n        return Task()\n    return 3\n", None),
        ("def find(name):\n    return Task.query.with_entities(Task.id).first()\n", None),
        ("def find(name):\n    return select(Task).where(Task.name == name)\n", None),
        ("def make(kind):\n    def inner():\n        return Run()\n    return Task()\n", None),
        ("def make(kind):\n    key = lambda task: task.id\n    return Task()\n", None),
    ],
)
def test_the_class_a_function_returns(text: str, returns: F.TypeSpec | None) -> None:
    assert _function(text).returns == returns


def test_one_walk_of_a_function_serves_both_questions() -> None:
    """The walk gathers what both questions read, and what ``ast.walk`` would visit."""
    tree = ast.parse(
        code(
            """
            def with_shared(server, shared, *, keys=None):
                server.shared = {key: shared[key] for key in keys or ()}
                del shared
                return server
            """
        )
    )
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    body = F._Body(function)
    stored = {
        node.id
        for node in ast.walk(function)
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)
    }
    assert body.bound == stored == {"key", "shared"}
    assert [ast.unparse(v) for v in body.returns if v is not None] == ["server"]
    assert not body.nested and not body.yields
    assert F.given_back(function, 0, body) == F.given_back(function, 0) == (0, "server")


def _method(text: str) -> F.FuncFact:
    parsed = parse("app/models.py", code(text).encode())
    assert isinstance(parsed, Source)
    ((cls,),) = [F.extract(parsed).classes]
    (method,) = cls.methods
    return method


@pytest.mark.parametrize(
    ("text", "one", "many"),
    [
        # a row of the class the method is called on, through a local rebuilt from itself
        (
            """
            class Mixin:
                @classmethod
                def get_by_id_and_org(cls, object_id, org, org_cls=None):
                    query = cls.query.filter(cls.id == object_id)
                    if org_cls is None:
                        query = query.filter(cls.org == org)
                    else:
                        query = query.join(org_cls).filter(org_cls.org == org)
                    return query.one()
            """,
            True,
            False,
        ),
        (
            """
            class Task:
                @classmethod
                def by_name(cls, name):
                    return db.session.query(cls).filter_by(name=name).first()
            """,
            True,
            False,
        ),
        # its rows: the query itself, or all of it
        (
            """
            class Task:
                @classmethod
                def all(cls, org):
                    found = cls.query.filter(cls.org == org).order_by(cls.id.asc())
                    return found
            """,
            False,
            True,
        ),
        # other columns of it, a row of another class, or an instance method: neither
        (
            """
            class Task:
                @classmethod
                def ids(cls):
                    return cls.query.with_entities(cls.id).all()
            """,
            False,
            False,
        ),
        (
            """
            class Task:
                @classmethod
                def owner(cls, name):
                    return User.query.filter_by(name=name).first()
            """,
            False,
            False,
        ),
        (
            """
            class Task:
                def again(self):
                    return self.query.first()
            """,
            False,
            False,
        ),
    ],
)
def test_the_rows_of_its_class_a_class_method_returns(text: str, one: bool, many: bool) -> None:
    method = _method(text)
    assert (method.returns_own, method.returns_own_many) == (one, many)


@pytest.mark.parametrize(
    ("text", "params", "base_args"),
    [
        # Generic[...] says the order, whatever order the other bases give them in
        (
            "class Page(Base[B, A], Generic[A, B]):\n    pass\n",
            ("A", "B"),
            (("B", "A"), ("A", "B")),
        ),
        # without Generic: the module's TypeVars, in the order the bases give them
        (
            "T = TypeVar('T')\nclass Repo(Base[Task, T]):\n    pass\n",
            ("T",),
            (("Task", "T"),),
        ),
        # a name given to a base that is no TypeVar of the module is no parameter
        ("class TaskRepo(Repo[Task]):\n    pass\n", (), (("Task",),)),
        # an argument that is no plain name is kept in its place, unnamed
        ("class Rows(Repo[list[Task]]):\n    pass\n", (), (("",),)),
        ("class Plain(Base):\n    pass\n", (), ()),
    ],
)
def test_the_type_variables_a_class_declares_and_its_bases_are_given(
    text: str, params: tuple[str, ...], base_args: tuple[tuple[str, ...], ...]
) -> None:
    parsed = parse("app/pages.py", code(text).encode())
    assert isinstance(parsed, Source)
    (fact,) = F.extract(parsed).classes
    assert (fact.type_params, fact.base_args) == (params, base_args)


@pytest.mark.parametrize(
    ("body", "types"),
    [
        # stored once from an annotated parameter
        ("self.jobs = jobs\n", [("jobs", "JobManager")]),
        # stored twice from the same parameter (a constructor that repeats itself)
        (
            "self.jobs = jobs\n        self.steps = steps\n        self.jobs = jobs\n",
            [("jobs", "JobManager"), ("steps", "StepManager")],
        ),
        # stored from sources of two stated types: each, for their resolution to tell
        (
            "self.jobs = jobs\n        self.jobs = steps\n",
            [("jobs", "JobManager"), ("jobs", "StepManager")],
        ),
        (
            "self.jobs = jobs\n        self.jobs = steps\n        self.jobs = jobs\n",
            [("jobs", "JobManager"), ("jobs", "StepManager")],
        ),
        # also stored from a value of no stated type: no one type
        ("self.jobs = jobs\n        self.jobs = None\n", []),
        ("self.jobs = make()\n        self.jobs = pick(jobs)[0]\n", []),
    ],
)
def test_the_types_a_constructor_stores(body: str, types: list[tuple[str, str]]) -> None:
    text = (
        "class Agent:\n"
        "    def __init__(self, jobs: JobManager, steps: StepManager):\n"
        f"        {body}"
    )
    tree = ast.parse(text)
    init = tree.body[0].body[0]  # type: ignore[attr-defined]
    found = [(name, spec.name) for name, spec in F.init_types(init)]
    assert found == types


def test_a_stored_attribute_has_one_type_where_its_sources_agree() -> None:
    text = (
        "class Agent:\n"
        "    def __init__(self, jobs: JobManager | None, steps: StepManager):\n"
        "        if jobs is None:\n"
        "            self.jobs = make_jobs()\n"
        "        else:\n"
        "            self.jobs = jobs\n"
        "        self.steps = steps\n"
        "        self.steps = make_steps()\n"
    )
    tree = ast.parse(text)
    init = tree.body[0].body[0]  # type: ignore[attr-defined]
    stated = F.init_types(init)
    # what make_jobs() is annotated to return, and make_steps() another class
    resolve = {
        "JobManager": "JobManager",
        "StepManager": "StepManager",
        "make_jobs": "JobManager",
        "make_steps": "Steps",
    }
    assert F.stated_type(stated, "jobs", lambda spec: resolve.get(spec.name)) == "JobManager"
    assert F.stated_type(stated, "steps", lambda spec: resolve.get(spec.name)) is None
    assert F.stated_type(stated, "other", lambda spec: resolve.get(spec.name)) is None

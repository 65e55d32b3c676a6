"""An attribute a class's ``__init__`` stores from a parameter is typed by the class's
constructions: MindsDB's ``ChatBotThread(bot)``, ``bot`` a row of
``db.ChatBots.query.filter(...).all()``, stores it as ``self.bot_record``, and ``run()`` reads
``self.bot_record.company_id``. The same shape over a ``db.Tasks`` row is that table's. A
subclass, another binding of the attribute, a construction with a value of unknown type, a
base of the project or a dotted path naming the class leaves the attribute untyped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

DB = """
    from sqlalchemy import Boolean, Column, Integer, create_engine
    from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

    engine = create_engine("sqlite://")
    session = scoped_session(sessionmaker(bind=engine))
    Base = declarative_base()
    Base.query = session.query_property()


    class ChatBots(Base):
        __tablename__ = "chat_bots"
        id = Column(Integer, primary_key=True)
        company_id = Column(Integer)
        is_running = Column(Boolean)


    class Tasks(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        company_id = Column(Integer)
"""

CONTEXT = """
    class Context:
        def __init__(self):
            self.company_id = None


    ctx = Context()
"""

BOT_THREAD = """
    import threading

    from app.context import ctx


    class ChatBotThread(threading.Thread):
        def __init__(self, bot_record):
            threading.Thread.__init__(self)
            self.bot_record = bot_record
            self.task = None

        def run(self):
            ctx.company_id = self.bot_record.company_id
"""

TASK_THREAD = """
    import threading

    from app.context import ctx


    class TaskThread(threading.Thread):
        def __init__(self, task_record):
            threading.Thread.__init__(self)
            self.task_record = task_record

        def run(self):
            ctx.company_id = self.task_record.company_id
"""

MONITOR = """
    from app import db
    from app.bot_thread import ChatBotThread
    from app.task_thread import TaskThread


    class Monitor:
        def check_bots(self):
            for bot in db.ChatBots.query.filter(db.ChatBots.is_running == True).all():
                thread = ChatBotThread(bot)
                thread.start()

        def start_task(self, task_id):
            task = db.Tasks.query.get(task_id)
            TaskThread(task).start()
"""

RESPONDER = """
    from app.context import ctx


    def respond(query):
        ctx.company_id = query.get("tenant")
"""


def _project(tmp_path: Path, **changed: str) -> dict[str, str]:
    files = {
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/context.py": CONTEXT,
        "app/bot_thread.py": BOT_THREAD,
        "app/task_thread.py": TASK_THREAD,
        "app/monitor.py": MONITOR,
        "app/responder.py": RESPONDER,
    }
    files.update({f"app/{name}.py": text for name, text in changed.items()})
    for name, text in files.items():
        compile(code(text), name, "exec")  # a case that does not parse would prove nothing
    return write(tmp_path, files)


def _read(rows: list[tuple[str, int, int, str]], path: str, where: tuple[int, int]) -> str:
    return next(kind for p, line, col, kind in rows if (p, line, col) == (path, *where))


def test_every_construction_gives_the_row(tmp_path: Path) -> None:
    """Every ``ChatBotThread(...)`` is given a ``ChatBots`` row: ``self.bot_record`` holds
    one, the read is the column; the task thread's row is a ``Tasks``, another table's."""
    files = _project(tmp_path)
    rows = accounted(tmp_path, "chat_bots.company_id")
    bot = at(files["app/bot_thread.py"], "self.bot_record.^company_id")
    task = at(files["app/task_thread.py"], "self.task_record.^company_id")
    assert _read(rows, "app/bot_thread.py", bot) == "CR103 certain"
    assert _read(rows, "app/task_thread.py", task).startswith("excluded: other-table")
    tasks = accounted(tmp_path, "tasks.company_id")
    assert _read(tasks, "app/task_thread.py", task) == "CR103 certain"
    assert _read(tasks, "app/bot_thread.py", bot).startswith("excluded: other-table")


def test_a_holder_given_the_values_of_two_tables_mirrors_neither(tmp_path: Path) -> None:
    """``ctx.company_id`` is given a bot's and a task's ``company_id`` (and, in the
    responder, a request's value): the context's attribute is its own, no schema of the
    chat bots; its writes and reads are not the column."""
    files = _project(tmp_path)
    rows = accounted(tmp_path, "chat_bots.company_id")
    written = at(files["app/bot_thread.py"], "ctx.^company_id")
    assert not _read(rows, "app/bot_thread.py", written).startswith("CR")
    assert not any(p == "app/context.py" and k.startswith("CR") for p, _, _, k in rows)


def test_a_holder_given_another_value_is_no_mirror(tmp_path: Path) -> None:
    """Without the task thread, ``ctx.company_id`` is given the bot's value and, in the
    responder, a request's: the field is filled from elsewhere, the class's own (as a
    keyword of a construction given another value)."""
    files = _project(tmp_path, task_thread="", monitor=MONITOR.replace("TaskThread", "list"))
    rows = accounted(tmp_path, "chat_bots.company_id")
    written = at(files["app/bot_thread.py"], "ctx.^company_id")
    assert not _read(rows, "app/bot_thread.py", written).startswith("CR")
    responder = at(files["app/responder.py"], "ctx.^company_id")
    assert not _read(rows, "app/responder.py", responder).startswith("CR")


def test_a_holder_given_only_the_column_mirrors_it(tmp_path: Path) -> None:
    """Set from the bot's row alone (no task thread, no responder; the class's own
    ``__init__`` setting it up is no other value), the context carries the column, as a
    schema given a value read from the model does."""
    files = _project(
        tmp_path,
        task_thread="",
        monitor=MONITOR.replace("TaskThread", "list"),
        responder="",
    )
    rows = accounted(tmp_path, "chat_bots.company_id")
    written = at(files["app/bot_thread.py"], "ctx.^company_id")
    assert _read(rows, "app/bot_thread.py", written) == "CR103 certain"


SUBCLASS = """
    from app.bot_thread import ChatBotThread


    class QuietThread(ChatBotThread):
        pass
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quiet", SUBCLASS),  # a subclass may be built with anything
        ("other", "from app.bot_thread import ChatBotThread\n\nChatBotThread(object())\n"),
        ("hand", "from app.bot_thread import ChatBotThread\n\nthreads = [ChatBotThread]\n"),
        ("conf", 'THREAD = "app.bot_thread.ChatBotThread"  # built by a loader\n'),
        ("store", "def swap(thread, row):\n    thread.bot_record = row\n"),
        ("setter", "def swap(thread, row):\n    setattr(thread, 'bot_record', row)\n"),
    ],
)
def test_no_proof(tmp_path: Path, name: str, text: str) -> None:
    """Each of these may give the attribute something else: the read is not judged."""
    files = _project(tmp_path, **{name: text})
    rows = accounted(tmp_path, "chat_bots.company_id")
    bot = at(files["app/bot_thread.py"], "self.bot_record.^company_id")
    assert _read(rows, "app/bot_thread.py", bot) == "unexplained"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the class stores it twice
        (
            "        self.task = None\n",
            "        self.task = None\n        self.bot_record = None\n",
        ),
        # another method sets it
        (
            "    def run(self):\n",
            "    def reset(self):\n        self.bot_record = None\n\n    def run(self):\n",
        ),
        # a base of the project, which may build its subclasses itself
        ("class ChatBotThread(threading.Thread):", "class ChatBotThread(Runner):"),
        # a metaclass may hand __init__ values of its own
        (
            "class ChatBotThread(threading.Thread):",
            "class ChatBotThread(threading.Thread, metaclass=Meta):",
        ),
        # an annotated parameter says what it holds itself; a rebound one holds something else
        (
            "        self.bot_record = bot_record\n",
            "        bot_record = bot_record.id\n        self.bot_record = bot_record\n",
        ),
        # a property of that name: its setter may keep something else
        (
            "    def run(self):\n",
            "    @property\n    def bot_record(self):\n        return None\n\n    def run(self):\n",
        ),
        # it builds instances of itself without its name
        (
            "    def run(self):\n",
            "    def copy(self):\n        return type(self)(None)\n\n    def run(self):\n",
        ),
    ],
)
def test_no_proof_in_the_class(tmp_path: Path, old: str, new: str) -> None:
    text = (
        code(BOT_THREAD)
        .replace(old, new, 1)
        .replace(
            "from app.context import ctx\n",
            "from app.context import ctx\nfrom app.runner import Runner, Meta\n",
        )
    )
    assert text != code(BOT_THREAD)
    runner = "class Meta(type):\n    pass\n\n\nclass Runner:\n    pass\n"
    files = _project(tmp_path, bot_thread=text, runner=runner)
    rows = accounted(tmp_path, "chat_bots.company_id")
    bot = at(files["app/bot_thread.py"], "self.bot_record.^company_id")
    assert _read(rows, "app/bot_thread.py", bot) == "unexplained"


def test_another_class_storing_the_attribute_on_its_own_instance(tmp_path: Path) -> None:
    """``ChatBotTask(self.bot_record)`` storing ``self.bot_record`` in its own
    ``__init__`` sets an attribute of a task, not of a thread: the proof stands."""
    task = """
        class ChatBotTask:
            def __init__(self, bot_record):
                self.bot_record = bot_record
    """
    files = _project(tmp_path, chatbot_task=task)
    rows = accounted(tmp_path, "chat_bots.company_id")
    bot = at(files["app/bot_thread.py"], "self.bot_record.^company_id")
    assert _read(rows, "app/bot_thread.py", bot) == "CR103 certain"


TASK_MONITOR = """
    from app import db
    from app.task_thread import TaskThread


    class TaskMonitor:
        def __init__(self):
            self._active_tasks = {}

        def check_tasks(self):
            for task in db.Tasks.query.filter(db.Tasks.id > 0):
                if task.id not in self._active_tasks:
                    self.start_task(task)
            for task_id, task in list(self._active_tasks.items()):
                if not task.is_alive():
                    self._active_tasks.pop(task_id)

        def start_task(self, task):
            thread = TaskThread(task)
            thread.start()
            self._active_tasks[task.id] = thread
"""


def _task_read(tmp_path: Path, monitor: str) -> str:
    files = _project(
        tmp_path, monitor=MONITOR.replace("TaskThread(task).start()", "pass"), tasks=monitor
    )
    rows = accounted(tmp_path, "tasks.company_id")
    return _read(rows, "app/task_thread.py", at(files["app/task_thread.py"], "record.^company"))


def test_a_parameter_handed_on_is_asked_of_its_own_calls(tmp_path: Path) -> None:
    """MindsDB's ``TaskMonitor.start_task(self, task)`` builds ``TaskThread(task)``, and its
    one call, ``self.start_task(task)``, is in the body of ``for task in
    db.Tasks.query.filter(...)`` (the function binds ``task`` again further down, in another
    loop): the thread's row is a ``Tasks``. The monitor's file names none of the column's
    names; its class, with no base, is read from its own file."""
    assert _task_read(tmp_path, TASK_MONITOR) == "CR103 certain"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the loop's body binds the name again before the call
        (
            "                if task.id not",
            "                task = task.parent\n                if task.id not",
        ),
        # another call of the method hands it something else
        (
            "            thread.start()\n",
            "            thread.start()\n\n        def retry(self, row):\n            self.start_task(row.payload)\n",
        ),
        # the method's class has a base: a library may call the method
        ("    class TaskMonitor:", "    class TaskMonitor(Runner):"),
    ],
)
def test_a_parameter_handed_on_is_not_proven(tmp_path: Path, old: str, new: str) -> None:
    monitor = TASK_MONITOR.replace(old, new).replace(
        "from app import db\n", "from app import db\n    from app.runner import Runner\n"
    )
    assert monitor != TASK_MONITOR
    (tmp_path / "app").mkdir()
    (tmp_path / "app/runner.py").write_text("class Runner:\n    pass\n")
    assert _task_read(tmp_path, monitor) == "unexplained"

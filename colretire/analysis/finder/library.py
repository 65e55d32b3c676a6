"""Calls of libraries: which calls take their keywords and the dicts they are given as their
own, so that a name spelt like the column in them cannot be the column.

A library's function (``requests.post(url, json={...})``, ``dataclasses.field(metadata=
{...})``) or a method of an object built from a library's class (``router = APIRouter()``
then ``@router.get("/x", description=...)``; ``httpx.AsyncClient().post(json={...})``;
``async with httpx.AsyncClient() as client``) cannot write the column: its keywords are its
parameters, and the keys of a dict literal given to it are its data. Not so for the
libraries that write rows or carry a model's values (:data:`DATABASE_LIBRARIES`), nor for
the calls that hand what they are given on to code of the project (``executor.submit(fn,
col=...)``, ``Thread(target=fn, kwargs={...})``, a Celery task's ``apply_async``), nor
where a project module shadows the library's name.
"""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder.verdicts import Verdicts

#: The libraries that can write a row or carry a model's value: a database driver, an ORM, a
#: migration tool, a schema or form library, a data frame (``DataFrame({...}).to_sql(...)``). A call of theirs may write the column; it is
#: never taken as a library's own. (The one list of them: keep it here.)
DATABASE_LIBRARIES = frozenset(
    {
        "sqlalchemy", "sqlmodel", "flask_sqlalchemy", "alembic", "databases", "asyncpg",
        "psycopg", "psycopg2", "psycopg2cffi", "psycopg_pool", "pg8000", "pymysql", "MySQLdb",
        "mysql", "aiomysql", "asyncmy", "aiopg", "aiosqlite", "sqlite3", "peewee", "playhouse",
        "peewee_migrate", "pony", "tortoise", "ormar", "piccolo", "gino", "sqlalchemy_utils",
        "geoalchemy2", "sqlalchemy_mixins", "fastapi_users_db_sqlalchemy", "fastapi_pagination",
        "sqladmin", "flask_admin", "flask_appbuilder", "pydantic", "pydantic_core",
        "pydantic_settings", "marshmallow", "marshmallow_sqlalchemy", "marshmallow_dataclass",
        "flask_marshmallow", "marshmallow_jsonapi", "flask_rest_jsonapi", "flask_combo_jsonapi",
        "wtforms", "flask_wtf", "pymongo", "motor", "mongoengine",
        "beanie", "odmantic", "redis", "elasticsearch", "clickhouse_connect", "duckdb",
        "clickhouse_driver", "cx_Oracle", "oracledb", "pyodbc", "pymssql", "snowflake",
        "trino", "cassandra", "dataset", "records", "sqlite_utils", "pugsql", "pandas",
        "polars", "dask",
    }
)  # fmt: skip
#: Libraries whose calls hand what they are given on to code of the project (a thread, a
#: task queue, a scheduler), or whose objects hold values for the program (containers).
_CARRYING_LIBRARIES = frozenset(
    {
        "builtins", "collections", "types", "argparse", "copy", "functools", "operator",
        "threading", "multiprocessing", "concurrent", "asyncio", "anyio", "trio", "queue",
        "contextvars", "celery", "kombu", "rq", "dramatiq", "huey", "arq", "apscheduler",
        "schedule", "taskiq", "fastapi.encoders", "starlette.background", "fastapi.background",
        "dataclasses.replace", "dataclasses.asdict", "dataclasses.astuple", "attr.evolve",
        "attrs.evolve",
    }
)  # fmt: skip
#: Methods that run a callable they are given with the arguments they are given.
_DISPATCHES = frozenset(
    {
        "submit", "map", "starmap", "run_in_executor", "apply_async", "apply", "delay", "s",
        "si", "signature", "send_task", "add_job", "enqueue", "enqueue_call", "enqueue_at",
        "enqueue_in", "schedule", "call_soon", "call_later", "call_at", "create_task",
        "start_soon", "to_thread", "run_sync", "spawn", "add_task", "partial", "run",
        "send", "kiq",
    }
)  # fmt: skip
#: Keywords under which a call takes the arguments it hands on to another callable
#: (``kwargs=``, Airflow's ``op_kwargs=``, ``task_kwargs=``, ``args=``), by their endings.
_HANDED_ON = ("kwargs", "args", "kw")
#: Methods of a dict that add to it or give back one of its values, never its keys.
_FILLING = frozenset({"update", "get", "setdefault", "pop"})
#: Libraries whose calls give back what they are given, serialised (``body =
#: json.dumps(fields)``): the keys live on in the result, wherever it goes.
_SERIALISING = frozenset(
    {
        "json", "simplejson", "orjson", "ujson", "rapidjson", "pickle", "cloudpickle",
        "dill", "marshal", "shelve", "yaml", "ruamel", "toml", "tomli_w", "tomlkit",
        "msgpack", "cbor2", "bson", "xmltodict",
    }
)  # fmt: skip
#: How many locals deep a dict is followed into the dicts and lists that hold it.
_HOPS = 3


class Library(Verdicts):
    """Tells the calls of libraries (see the module's docstring)."""

    def library_call(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The library ``node`` calls a function or a method of (its dotted name), when it
        is one whose keywords cannot hand the value to the column; else ``None``."""
        if F.last_name(node.func) in _DISPATCHES:
            return None
        callee = self.types.expr(node.func, scope)
        if callee.kind == I.NAME and self.library_name(callee.key):
            return callee.key
        if callee.kind not in (I.UNKNOWN, I.NAME) or not isinstance(node.func, ast.Attribute):
            return None
        built = self.library_object(node.func.value, scope)
        return f"{built}().{node.func.attr}" if built else None

    def library_dict(self, node: ast.Call, value: ast.expr, scope: I.Scope) -> str | None:
        """The library call ``node`` is when the dict literal ``value`` is given to it
        directly (by position or under a keyword), and its keys are the library's data:
        not under a keyword that hands arguments on (``kwargs={...}``, ``op_kwargs={...}``), nor in a call that
        is also given a model's value (``jsonable_encoder(task, include={...})``), nor in a
        serialiser's (``json.dumps({...})``), whose result carries the keys on wherever it
        goes, as for a dict bound to a local first (:meth:`sent_dict`). A list or tuple
        literal of dicts (``json=[{...}]``) is given so too."""
        if not isinstance(value, ast.Dict | ast.List | ast.Tuple):
            return None
        if any(k.value is value and (k.arg or "").endswith(_HANDED_ON) for k in node.keywords):
            return None
        others = [a for a in [*node.args, *(k.value for k in node.keywords)] if a is not value]
        if self.model_related(others, scope):
            return None
        library = self.library_call(node, scope)
        if library is not None and library.split(".")[0] in _SERIALISING:
            return None
        return library

    def sent_dict(self, node: ast.Assign, scope: I.Scope) -> None:
        """``params = {"q": query, "api_key": key}`` then ``requests.get(url,
        params=params)``: a dict literal bound to a local of a function whose every read
        gives it whole to a library's call (:meth:`library_call`, a logger's among them;
        directly or inside another such local's dict or list: ``body = {"fields":
        fields}``), to ``print`` or to the exception raised, or fills or reads it by key
        (``params["x"] = ...``, ``params.update(...)``, ``"x" in params``), has its keys
        read by that library alone, as a literal given in place would. The keys are
        excluded where nothing else judges them (:meth:`visit_dict`)."""
        value = node.value
        if (
            scope.kind != "function"
            or not isinstance(value, ast.Dict)
            or len(node.targets) != 1
            or not isinstance(node.targets[0], ast.Name)
        ):
            return
        dicts = [d for d in literal_dicts(value) if self.names_a_key(d)]
        if not dicts:
            return
        parents: dict[int, ast.AST] = {}
        for above in ast.walk(scope.node):
            for below in ast.iter_child_nodes(above):
                parents[id(below)] = above
        calls: list[ast.Call] = []
        values: list[ast.Name] = []
        if not self._only_sent(node.targets[0].id, node, scope, parents, calls, _HOPS, values):
            return
        if values:  # d["payload"], d.get("payload"): hands a nested dict out, whole
            dicts = [d for d in dicts if d is value]
        if not dicts:
            return
        libraries = []
        for call in calls:
            library = self.library_call(call, scope)
            given = [*call.args, *(k.value for k in call.keywords)]
            if library is None or self.model_related(given, scope):
                return  # jsonable_encoder(task, include=fields): names the model's fields
            if library.split(".")[0] in _SERIALISING:
                return  # save(json.dumps(fields)), json.dump(fields, f): the keys live on
            libraries.append((library, F.dotted(call.func) or F.last_name(call.func) or "a call"))
        if not libraries:  # only in a message: ValueError(f"... {context}"), print(context)
            detail = "a key of a dict given only to a message (the exception raised, print)"
            for found in dicts:
                self.given_to_library[id(found)] = ("", detail)
            return
        library, name = libraries[0]
        detail = f"a key of a dict given only to {name}(...), a call of the library's {library}"
        for found in dicts:
            self.given_to_library[id(found)] = (library, detail)

    def names_a_key(self, node: ast.Dict) -> bool:
        """Whether a key of the dict literal ``node`` spells one of the column's names."""
        return any(F.string_value(k) in self.key_names for k in node.keys if k is not None)

    def _only_sent(
        self,
        name: str,
        bound: ast.Assign,
        scope: I.Scope,
        parents: dict[int, ast.AST],
        calls: list[ast.Call],
        hops: int,
        values: list[ast.Name],
    ) -> bool:
        """Whether every read of the local ``name``, bound once (by ``bound``) in the
        function of ``scope``, is one :meth:`sent_dict` accepts; the library calls it is
        given to are added to ``calls``, the reads that give back one of its values
        (``d["k"]``, ``d.get("k")``) to ``values``."""
        bindings = scope.bindings().get(name, [])
        if len(bindings) != 1 or bindings[0][0] != "assign" or bindings[0][1] is not bound.value:
            return False
        function = scope.node
        for inner in ast.walk(function):
            if (
                inner is not function
                and isinstance(
                    inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
                )
                and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner))
            ):
                return False  # read (or bound) by code that runs elsewhere
            if isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names:
                return False
        for inner in ast.walk(function):
            if not isinstance(inner, ast.Name) or inner.id != name:
                continue
            if any(inner is t for t in bound.targets):
                continue
            if not isinstance(inner.ctx, ast.Load):
                return False
            if not self._sent_use(inner, scope, parents, calls, hops, values):
                return False
        return True

    def _sent_use(
        self,
        read: ast.Name,
        scope: I.Scope,
        parents: dict[int, ast.AST],
        calls: list[ast.Call],
        hops: int,
        values: list[ast.Name],
    ) -> bool:
        parent = parents.get(id(read))
        if isinstance(parent, ast.Subscript) and parent.value is read:
            if not isinstance(parent.ctx, ast.Store):
                values.append(read)
            return True  # d["k"] = v, d["k"]: fills it, or reads a value
        if (
            isinstance(parent, ast.Attribute)
            and parent.attr in _FILLING
            and isinstance(parents.get(id(parent)), ast.Call)
        ):
            if parent.attr != "update":
                values.append(read)
            return True
        if isinstance(parent, ast.Compare) and parent.left is not read:
            return all(isinstance(op, ast.In | ast.NotIn) for op in parent.ops)
        if isinstance(parent, ast.keyword):
            return self._sent_use_of(parent, parents, calls)
        if isinstance(parent, ast.Call) and any(a is read for a in parent.args):
            calls.append(parent)
            return True
        node: ast.AST = read
        while (up := parents.get(id(node))) is not None and not isinstance(up, ast.stmt):
            if isinstance(up, ast.Call) and F.dotted(up.func) == "print":
                return True  # printed
            if isinstance(up, ast.Call) and not (
                isinstance(parents.get(id(up)), ast.Raise) and node is not up.func
            ):
                break  # save([fields]): given to a call before any message
            node = up
        if isinstance(up, ast.Raise):
            return True  # in the exception raised: a message up the stack
        if hops and isinstance(parent, ast.Dict | ast.List | ast.Tuple):
            if isinstance(parent, ast.Dict) and any(k is read for k in parent.keys):
                return False
            holder = parents.get(id(parent))
            if isinstance(holder, ast.keyword) and holder.value is parent:
                return self._sent_use_of(holder, parents, calls)
            if isinstance(holder, ast.Call) and any(a is parent for a in holder.args):
                calls.append(holder)
                return True
            if (
                isinstance(holder, ast.Assign)
                and holder.value is parent
                and len(holder.targets) == 1
                and isinstance(holder.targets[0], ast.Name)
            ):
                # a value read back out of the holder (``body["fields"]``) may be this
                # dict, whose keys then go wherever that read goes
                read_back: list[ast.Name] = []
                sent = self._only_sent(
                    holder.targets[0].id, holder, scope, parents, calls, hops - 1, read_back
                )
                return sent and not read_back
        return False

    def _sent_use_of(
        self, keyword: ast.keyword, parents: dict[int, ast.AST], calls: list[ast.Call]
    ) -> bool:
        """A value given as ``keyword`` of a call: sent to it, unless the keyword spreads
        it (``**d``) or names what hands it on."""
        call = parents.get(id(keyword))
        if (
            keyword.arg is None
            or keyword.arg.endswith(_HANDED_ON)
            or not isinstance(call, ast.Call)
        ):
            return False
        calls.append(call)
        return True

    def library_object(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The library class an object is built from: ``APIRouter()``, or a name every
        binding of which (an assignment, ``with ... as``) is such a call."""
        if isinstance(node, ast.Call):
            return self.library_class(node, scope)
        if not isinstance(node, ast.Name):
            return None
        bindings = self.types.bindings(node.id, scope)
        if not bindings:
            return None
        built = set()
        for kind, value, _ in bindings:
            if kind not in ("assign", "with") or not isinstance(value, ast.Call):
                return None
            found = self.library_class(value, scope)
            if found is None:
                return None
            built.add(found)
        return built.pop() if len(built) == 1 else None

    def library_class(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The library class ``node`` constructs (``fastapi.APIRouter``), if it does."""
        if not isinstance(node.func, ast.Name | ast.Attribute):
            return None
        callee = self.types.expr(node.func, scope)
        last = callee.key.rpartition(".")[2]
        if callee.kind != I.NAME or not last[:1].isupper():
            return None
        return callee.key if self.library_name(callee.key) else None

    def library_name(self, qualified: str) -> bool:
        """Whether a qualified name is of a library (not of the project, nor a builtin) that
        cannot write the column and keeps what it is given."""
        if "." not in qualified:
            return False
        if not self.outside_project(qualified) or not self.third_party(qualified):
            return False
        return self.library_named(qualified)

    def inner_module_library(self, qualified: str) -> bool:
        """Whether a qualified name that no package at the top of the project holds, nor
        the index, is a library's all the same: its first part only names a module inside
        the project (``firecrawl.FirecrawlApp`` beside ``app/web/firecrawl.py``). Such a
        module could only be imported under that name from beside it; the pass over the
        whole project checks that it provides no such name
        (:mod:`~colretire.analysis.shadows`), so an exclusion made on this must be a
        library's handoff (:meth:`exclude_as_library`)."""
        return (
            "." in qualified
            and self.outside_project(qualified)
            and not self.third_party(qualified)
            and self.library_named(qualified)
        )

    @staticmethod
    def library_named(qualified: str) -> bool:
        """Whether a library's name is of none that writes rows or carries what it is given."""
        parts = qualified.split(".")
        if parts[0] in DATABASE_LIBRARIES:
            return False
        return not any(".".join(parts[:n]) in _CARRYING_LIBRARIES for n in range(1, len(parts) + 1))


def literal_dicts(value: ast.expr) -> list[ast.Dict]:
    """The dict literals ``value`` is written with: itself if it is one, and those nested in
    the values of its dicts and the items of its lists, tuples and sets, at any depth
    (``{"subscription": {"description": ...}}``, ``[{"name": ...}]``). What a call, a
    comprehension or a name holds inside it is not part of the literal as written."""
    found: list[ast.Dict] = []
    stack: list[ast.expr] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Dict):
            found.append(node)
            stack.extend(node.values)
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            stack.extend(node.elts)
    return found

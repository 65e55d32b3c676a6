"""The class of a parameter, proven by every call of its function.

``def set_perm(database): ... database.perm`` leaves ``database`` untyped: no annotation
says what it holds. When every use of the function in the project is a call that gives
that parameter a proven instance of one model (``set_perm(get_example_database())`` where
the function returns a ``Database``), the parameter holds one. A call that gives it ``None`` (``set_env(None, env=env)``
beside ``set_env(server)``), or leaves it to a default of ``None``, gives no instance: an
attribute read on the parameter runs on the instances the other calls give. The proof is
all or nothing: a call whose argument is of unknown type or of another class, a call that
passes ``*args`` or ``**kwargs`` or leaves the parameter to any other default, an import of
the function under another name, or any use of its name other than a call (handed on as a
value, read off an object the analysis cannot follow) leaves it untyped; so do calls that
all give ``None``.

Only the module-level functions of the project with no decorator are followed (a decorator
may register the function with a framework that calls it with values of its own, or change
what it takes), and only the parameters the first pass left a read of the column's names
unexplained on, directly (``database.perm``), through attributes of the parameter's own
(``user.profile.registration_date``, a relationship's row) or on the rows of a
comprehension over them. Each is found by its name as
a word among the project's files; a file that binds the name to anything else (another
function of that name, a local) makes every use there unknown, and so no proof.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis import stored, wrapped
from colretire.analysis.index import MAPPED, import_target, module_name
from colretire.analysis.source import Source
from colretire.analysis.target import World
from colretire.model import Occurrence, Tier


@dataclass(frozen=True)
class Question:
    """A parameter of a module-level function, or of a method of a module-level class
    (``owner``, the class's name, and ``kind``, ``"method"``, ``"classmethod"`` or
    ``"staticmethod"``): its module, function, name and position among the arguments a
    call gives (``self`` and ``cls`` left out); ``optional`` where its default is ``None``."""

    module: str
    function: str
    param: str
    position: int
    owner: str = ""
    kind: str = ""
    optional: bool = False
    #: for ``kind == "init"``: the attribute ``__init__`` stores the parameter as
    attr: str = ""
    #: for ``kind == "init"``: the attribute is the row a wrapper hands attributes on to
    #: (:mod:`~colretire.analysis.wrapped`)
    wrapper: bool = False

    @property
    def key(self) -> str:
        qualified = f"{self.owner}.{self.function}" if self.owner else self.function
        return parameter_key(self.module, qualified, self.param)

    @property
    def called(self) -> str:
        """The name its calls spell: the class's for a constructor's parameter."""
        return self.owner if self.kind == INIT else self.function

    @property
    def stored_key(self) -> str:
        """How :attr:`~colretire.analysis.target.World.stored` keys the attribute."""
        return f"{self.module}.{self.owner}.{self.attr}"


def questions(
    occurrences: Iterable[Occurrence],
    parse: Callable[[str], Source | None],
    locate: Callable[[str], str | None] = lambda module: None,
) -> dict[str, list[Question]]:
    """By path, the parameters of module-level functions an unexplained occurrence reads
    an attribute of (``database.perm``), directly or through attributes of its own
    (``user.profile.registration_date``, a relationship's row), never bound again in the
    body. An annotated parameter keeps its annotation's type; what every call proves of it
    is evidence about the annotation (a schema the calls fill with the model stands for
    it: :meth:`~colretire.analysis.finder.evidence.Evidence.caller_evidence`). So is the
    attribute an event class's ``__init__`` stores, read on the event a Pyramid
    subscriber is given (:func:`_event_questions`; ``locate`` gives a module's path)."""
    lines: dict[str, dict[int, set[str]]] = {}
    for occurrence in occurrences:
        if occurrence.tier == Tier.UNEXPLAINED:
            at = lines.setdefault(occurrence.path, {})
            at.setdefault(occurrence.line, set()).add(occurrence.name)
    found: dict[str, list[Question]] = {}
    for path, wanted in sorted(lines.items()):
        source = parse(path)
        if source is None:
            continue
        module = module_name(path)
        for stmt in source.tree.body:
            if (
                isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                and not stmt.decorator_list
            ):
                asked = _asked(stmt, wanted)
                found.setdefault(path, []).extend(
                    Question(module, stmt.name, name, position, optional=optional)
                    for name, position, optional in asked
                )
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(path, []).extend(
                    _event_questions(stmt, wanted, source, parse, locate)
                )
            elif isinstance(stmt, ast.ClassDef):
                found.setdefault(path, []).extend(_methods_asked(module, stmt, wanted))
                found[path].extend(
                    Question(module, "__init__", param, position, stmt.name, INIT, attr=attr)
                    for param, position, attr in stored.asked(stmt, wanted, source.tree)
                )
                found[path].extend(
                    Question(
                        module,
                        "__init__",
                        param,
                        position,
                        stmt.name,
                        INIT,
                        attr=attr,
                        wrapper=True,
                    )
                    for param, position, attr in wrapped.asked(stmt, wanted)
                )
    return {path: sorted(set(asked), key=lambda q: q.key) for path, asked in found.items() if asked}


_SUBSCRIBER = F.SUBSCRIBER


def _event_questions(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    wanted: dict[int, set[str]],
    source: Source,
    parse: Callable[[str], Source | None],
    locate: Callable[[str], str | None],
) -> list[Question]:
    """``@subscriber(RegistrationEvent) def notify(event): event.user.subscriptions = True``:
    Pyramid calls ``notify`` with a ``RegistrationEvent``; where that class's
    ``__init__`` stores ``user`` from a parameter (:func:`stored.offered`), the question
    of that parameter, asked of the class's constructions, types ``event.user``."""
    decorator = F.subscribed_event(node)
    if decorator is None:
        return []
    module = module_name(source.path)
    imported = _imported_names(source, module)
    if _qualified(decorator.func, imported) != _SUBSCRIBER:
        return []
    qualified = _qualified(decorator.args[0], imported, module)
    owner_module, _, owner = qualified.rpartition(".")
    param = [*node.args.posonlyargs, *node.args.args][0].arg
    if param in F._Body(node).bound:
        return []
    attrs = {
        inner.value.attr
        for inner in ast.walk(node)
        if isinstance(inner, ast.Attribute)
        and inner.attr in wanted.get(inner.end_lineno or 0, ())
        and isinstance(inner.value, ast.Attribute)
        and isinstance(inner.value.value, ast.Name)
        and inner.value.value.id == param
    }
    path = locate(owner_module) if attrs else None
    found = parse(path) if path else None
    if found is None:
        return []
    cls = next(
        (s for s in found.tree.body if isinstance(s, ast.ClassDef) and s.name == owner), None
    )
    if cls is None:
        return []
    asked = []
    for attr in sorted(attrs):
        stored_as = stored.offered(cls, attr, found.tree)
        if stored_as is not None:
            name, position = stored_as
            asked.append(Question(owner_module, "__init__", name, position, owner, INIT, attr=attr))
    return asked


def _qualified(node: ast.expr, imported: dict[str, str], module: str | None = None) -> str:
    """The qualified name ``node`` spells (``events.RegistrationEvent``,
    ``mock.patch``), its first part resolved by the file's imports; a first part the
    file does not import is ``module``'s, or, without ``module``, kept as written."""
    head, _, rest = (F.dotted(node) or "").partition(".")
    first = imported.get(head, f"{module}.{head}" if module else head)
    return ".".join(filter(None, [first, rest]))


def _imported_names(source: Source, module: str) -> dict[str, str]:
    """The qualified name each module-level import of ``source`` binds, by local name."""
    found: dict[str, str] = {}
    for stmt in source.tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for fact in F.imports_of(stmt):
                found[fact.local] = import_target(module, source.path, fact)
    return found


def _methods_asked(module: str, node: ast.ClassDef, wanted: dict[int, set[str]]) -> list[Question]:
    """The questions of the methods of a class: those decorated with nothing but
    ``classmethod`` or ``staticmethod``, not a special method (``__init__``, ``__eq__``:
    Python calls them with values of its own)."""
    found: list[Question] = []
    for stmt in node.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if stmt.name.startswith("__") and stmt.name.endswith("__"):
            continue
        decorators = [F.dotted(d) or "?" for d in stmt.decorator_list]
        if len(decorators) > 1 or any(d not in _METHOD_KINDS for d in decorators):
            continue
        kind = decorators[0] if decorators else "method"
        skip = 0 if kind == "staticmethod" else 1
        found.extend(
            Question(module, stmt.name, name, position, node.name, kind, optional)
            for name, position, optional in _asked(stmt, wanted, skip)
        )
    return found


#: The kind of a :class:`Question` about a parameter of a class's ``__init__`` that it
#: stores as an attribute of the instance (:mod:`~colretire.analysis.stored`).
INIT = "init"

#: The decorators of a method whose parameters calls type.
_METHOD_KINDS = frozenset({"classmethod", "staticmethod"})


def _asked(
    node: ast.FunctionDef | ast.AsyncFunctionDef, wanted: dict[int, set[str]], skip: int = 0
) -> list[tuple[str, int, bool]]:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    if len(positional) < skip:
        return []
    params = {a.arg: i - skip for i, a in enumerate(positional) if i >= skip}
    if not params:
        return []
    body = F._Body(node)
    if body.nested:
        return []  # a closure may rebind or hand on the parameter
    params = {name: position for name, position in params.items() if name not in body.bound}
    looped = _looped(node, params)
    optional = _default_none(node)
    found = []
    for inner in ast.walk(node):
        if not isinstance(inner, ast.Attribute):
            continue
        root = _chain_root(inner.value)
        name = looped.get(root.id, root.id) if root is not None else ""
        if name in params and inner.attr in wanted.get(inner.end_lineno or 0, ()):
            found.append((name, params[name], name in optional))
    return found


def _default_none(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The parameters whose default is ``None``."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(
        zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    )
    pairs += [
        (a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    ]
    return {a.arg for a, d in pairs if isinstance(d, ast.Constant) and d.value is None}


def _looped(node: ast.FunctionDef | ast.AsyncFunctionDef, params: dict[str, int]) -> dict[str, str]:
    """The variables of the comprehensions that go over a chain of attributes of a
    parameter (``login`` of ``[login.seen_at for login in user.logins]``), by the
    parameter's name: their rows are known once the parameter is."""
    found: dict[str, str] = {}
    for inner in ast.walk(node):
        if not isinstance(inner, ast.comprehension) or not isinstance(inner.target, ast.Name):
            continue
        root = _chain_root(inner.iter)
        if root is not None and root.id in params and inner.target.id not in params:
            found[inner.target.id] = root.id
    return found


def _chain_root(node: ast.expr) -> ast.Name | None:
    """The name a chain of plain attributes starts from (``user`` of ``user`` and of
    ``user.profile``, the row a relationship is read on); ``None`` for any other owner (a
    call, a subscript)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node if isinstance(node, ast.Name) else None


class Callers:
    """Answers :class:`Question` s by reading the files that name the functions."""

    def __init__(
        self,
        world: World,
        parse: Callable[[str], Source | None],
        containing: Callable[[list[str]], list[str]],
        read: Callable[[str], bytes] = lambda path: b"",
        locate: Callable[[str], str | None] = lambda module: None,
    ) -> None:
        self.world = world
        self.parse = parse
        self.containing = containing
        self.read = read
        self.locate = locate

    def helpers(self, question: Question, paths: list[str]) -> list[str]:
        """The modules the files naming ``question``'s class import (by an import at their
        top) that hold a word of :data:`_DYNAMIC_BINDERS`, not among ``paths``."""
        binders = set(self.containing(list(_DYNAMIC_BINDERS)))
        if not binders:
            return []
        found: set[str] = set()
        named = self.containing([question.called])
        for rel in named:
            source = self.parse(rel)
            if source is None:
                continue
            module = module_name(rel)
            for target in _imported_names(source, module).values():
                for candidate in (target, target.rpartition(".")[0]):
                    path = self.locate(candidate)
                    if path is not None and path in binders and path not in paths:
                        found.add(path)
        return sorted(found)

    def answer(self, asked: Iterable[Question]) -> dict[str, str]:
        """``Question.key`` -> the class key every call proves, for those proven."""
        found: dict[str, str] = {}
        for question in asked:
            proven = self.prove(question)
            if proven is not None:
                found[question.key] = proven
        return found

    def prove(self, question: Question, outer: frozenset[str] = frozenset()) -> str | None:
        """The model every call gives the parameter. A call that hands on a parameter of
        the function it is in (``self.start_task(task)`` → ``TaskThread(task)``) asks that
        parameter in turn (``outer``: the keys asked on the way, at most
        :data:`_FORWARDS_MAX` deep, none twice)."""
        # a class the world lacks (its file names none of the column's names) is read from
        # its own file: a class with no base, decorator or keyword, whose methods only the
        # project calls
        # (a constructor's class was read at the question: see :mod:`stored`)
        unseen = False
        if question.owner:
            key = f"{question.module}.{question.owner}"
            owner = self.world.classes.get(key)
            unseen = owner is None and question.kind != INIT
            if question.kind == "method" and owner is not None and owner.external_bases:
                return None  # a library's base may call an override of its own
            if question.kind == INIT and key in self.world.subclassed:
                return None
        classes: set[str] = set()
        words = [question.called, question.attr] if question.kind == INIT else [question.called]
        paths = self.containing(words)
        if question.kind == INIT:
            # a module that the files naming the class import, and that binds attributes by
            # a name it computes, may bind this one on an instance handed to it
            # (``update_object(event, user=group)`` of a helper's ``setattr(obj, name,
            # value)``), though it names neither the class nor the attribute
            paths = [*paths, *self.helpers(question, paths)]
        for path in paths:
            source = self.parse(path)
            if (
                source is None
                and question.kind == INIT
                and _text_leaves(self.read(path), question.called, question.attr)
            ):
                continue
            if source is None:
                return None
            if unseen and module_name(source.path) == question.module:
                node = _class_node(source, question)
                if node is None or node.bases or node.keywords or node.decorator_list:
                    return None
                unseen = False
            spoils = wrapped.spoils if question.wrapper else stored.spoils
            if question.kind == INIT and spoils(
                source.tree, question.attr, _class_node(source, question)
            ):
                return None
            sites = _CallSites(self.world, source, question)
            given = sites.types()
            if given is None:
                return None
            classes.update(given)
            for forwarded in sites.forwarded:
                inner = outer | {question.key}
                if forwarded.key in inner or len(inner) > _FORWARDS_MAX:
                    return None
                proven = self.prove(forwarded, inner)
                if proven is None:
                    return None
                classes.add(proven)
            if len(classes) > 1:
                return None
        if unseen or len(classes) != 1:
            return None
        key = classes.pop()
        view = self.world.classes.get(key)
        return key if view is not None and view.kind == MAPPED and view.table else None


class _CallSites:
    """The calls of the function in one file, and the class each gives the parameter;
    ``None`` when a use of its name there is not such a call."""

    def __init__(self, world: World, source: Source, question: Question) -> None:
        self.world = world
        self.source = source
        self.question = question
        self.module = module_name(source.path)
        self.evaluate = I.Types(world, self.module, source.path, {}, lambda node, scope: False)
        self.own = f"{question.module}.{question.called}"
        self.owner = f"{question.module}.{question.owner}"
        self.calls = {
            id(node.func): node for node in ast.walk(source.tree) if isinstance(node, ast.Call)
        }
        self.classes: set[str] = set()
        #: the parameters of the functions the calls are in that they hand on
        self.forwarded: list[Question] = []
        self.failed = False
        self.inert = _inert_uses(source, self.module) if question.kind == INIT else set()

    def types(self) -> set[str] | None:
        scope = I.Scope(self.source.tree, None, "module")
        scope.walrus = ":=" in self.source.text
        self.evaluate.module_scope = scope
        self.walk(self.source.tree, scope)
        return None if self.failed else self.classes

    def walk(self, node: ast.AST, scope: I.Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if self.failed:
                return
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                outer: list[ast.AST] = [*child.decorator_list, *child.args.defaults]
                outer.extend(d for d in child.args.kw_defaults if d is not None)
                for item in outer:
                    self.walk_expr(item, scope)
                key = scope.class_key if scope.kind == "class" else ""
                inner = I.Scope(child, scope, "function", key)
                if scope.kind == "class":
                    inner.self_kind = I.self_kind(child)
                for stmt in child.body:
                    self.walk_expr(stmt, inner)
            elif isinstance(child, ast.ClassDef):
                around: list[ast.AST] = [*child.decorator_list, *child.bases, *child.keywords]
                for item in around:
                    self.walk_expr(item, scope)
                key = f"{self.module}.{child.name}"
                known = key in self.world.classes or key == self.owner  # see Callers.prove
                inner = I.Scope(child, scope, "class", key if known else "")
                for stmt in child.body:
                    self.walk_expr(stmt, inner)
            elif isinstance(child, ast.Lambda):
                self.walk(child, I.Scope(child, scope, "lambda"))
            elif isinstance(child, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                self.walk(child, I.Scope(child, scope, "comprehension"))
            else:
                self.use(child, scope)
                self.walk(child, scope)

    def walk_expr(self, node: ast.AST, scope: I.Scope) -> None:
        """``node`` itself and what it holds, in ``scope``."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            holder = ast.Module(body=[node], type_ignores=[])  # type: ignore[list-item]
            self.walk(holder, scope)
            return
        self.use(node, scope)
        self.walk(node, scope)

    def use(self, node: ast.AST, scope: I.Scope) -> None:
        if self.question.owner and self.question.kind != INIT:
            self.use_method(node, scope)
            return
        name = self.question.called
        if _replaced(node, name) or id(node) in self.inert:
            return
        if self.question.kind == INIT and isinstance(node, ast.Constant):
            written = node.value if isinstance(node.value, str) else ""
            if written.rpartition(".")[2].rpartition(":")[2] == name:
                self.failed = True  # a dotted path a loader may build the class from
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            bound = self.bound_to(name, scope)
            self.called(node, scope, len(bound) == 1 and self.is_own(bound.pop()))
        elif isinstance(node, ast.Attribute) and node.attr == name:
            owner = self.module_of(node.value, scope)
            self.called(node, scope, bool(owner) and self.is_own(f"{owner}.{name}"))
        elif (
            isinstance(node, ast.alias)
            and node.name.rpartition(".")[2] == name
            and node.asname not in (None, name)
        ):
            self.failed = True  # ``from app.utils import load as read``: calls not seen

    def use_method(self, node: ast.AST, scope: I.Scope) -> None:
        """A use of a method's name: a call through the class (``IncidentDto.from_row(x)``,
        ``cls.from_row(x)``) or, but for a class or static method, through an instance of
        the class (``self.render(x)``). Through anything else (a subclass, an object of
        unknown class, ``super()``), handed on as a value (``map(Dto.from_row, rows)``) or
        named in a string (``getattr(dto, "from_row")``), it may reach the method with
        values not seen: no proof."""
        question = self.question
        name = question.function
        if _replaced(node, name):
            return
        if isinstance(node, ast.Attribute) and node.attr == name:
            receiver = self.evaluate.expr(node.value, scope)
            through_class = receiver.kind == I.CLASS and question.kind != "method"
            ours = receiver.key == self.owner and (through_class or receiver.kind == I.INSTANCE)
            self.called(node, scope, ours)
        elif isinstance(node, ast.Constant) and node.value == name:
            self.failed = True
        elif (
            isinstance(node, ast.Name)
            and node.id == name
            and scope.kind == "class"
            and scope.class_key == self.owner
        ):
            self.failed = True  # ``alias = from_row`` in the class's body

    def called(self, node: ast.expr, scope: I.Scope, ours: bool) -> None:
        call = self.calls.get(id(node))
        if not ours or call is None:
            self.failed = True
            return
        argument = _argument(call, self.question)
        if argument is None and self.question.optional and _defaulted(call, self.question):
            return  # ``None``, the default: no instance, and no other class
        found = self.evaluate.expr(argument, scope) if argument is not None else None
        if found is not None and found.kind == I.NONE:
            return  # ``set_env(None)``: the reads run on what the other calls give
        if found is None or found.kind != I.INSTANCE:
            forwarded = _forwarded(argument, scope, self.module)
            if forwarded is None:
                self.failed = True
            else:
                self.forwarded.append(forwarded)
            return
        self.classes.add(found.key)

    def is_own(self, qualified: str) -> bool:
        """Whether the imported name ``qualified`` is the function asked about, also where
        the import names its package from a directory below the scan's root
        (``from ee.src.services import db_manager_ee`` of ``api/ee/src/services/``)."""
        if qualified == self.own:
            return True
        return qualified != "?" and self.world.lookup(qualified, self.module) == self.own

    def bound_to(self, name: str, scope: I.Scope) -> set[str]:
        """What ``name`` is bound to where it is read: the qualified names of the function
        defined or imported at module level; ``"?"`` for any other binding."""
        current: I.Scope | None = scope
        while current is not None and current.parent is not None:
            if (current.kind != "class" or current is scope) and name in current.bindings():
                return {"?"}  # a local, a parameter, a nested function
            current = current.parent
        if current is None:
            return {"?"}
        found = set()
        defined = "class" if self.question.kind == INIT else "def"
        for kind, _node, extra in current.bindings().get(name, []):
            if kind == defined and self.module == self.question.module:
                found.add(f"{self.module}.{name}")
            elif kind == "import" and isinstance(extra, F.ImportFact):
                found.add(import_target(self.module, self.source.path, extra))
            else:
                found.add("?")
        return found or {"?"}

    def module_of(self, node: ast.expr, scope: I.Scope) -> str:
        """The module an attribute's owner names (``utils`` of ``from app import utils``,
        ``app.utils`` of ``import app.utils``), else ``""``."""
        written = F.dotted(node)
        if not written:
            return ""
        head, _, rest = written.partition(".")
        bound = self.bound_to(head, scope)
        if len(bound) != 1 or "?" in bound:
            return ""
        target = bound.pop()
        return f"{target}.{rest}" if rest else target


#: The words of the code that binds an attribute by a name it computes.
_DYNAMIC_BINDERS = ("setattr", "__setattr__", "__dict__")


def _text_leaves(text: bytes, called: str, attr: str) -> bool:
    """Whether the text of a file that does not parse (``print x`` of Python 2) leaves a
    stored attribute alone: it does not name the class (no construction), names no
    ``setattr``, ``delattr``, ``vars``, ``__dict__`` or ``__setattr__``, runs no
    ``.__init__(`` again, and every ``.attr`` in it is read on (``event.user.name``),
    compared (``==``, ``!=``) or called; as text, any other may bind it (``event.user =
    other``, ``a, event.user = pair``)."""
    words = set(re.findall(rb"[A-Za-z_][A-Za-z0-9_]*", text))
    binders = {b"setattr", b"delattr", b"vars", b"__dict__", b"__setattr__"}
    if called.encode() in words or words & binders:
        return False
    if re.search(rb"(?<!\))\.\s*__init__\s*\(", text):
        return False  # ``event.__init__(request, other)`` binds it again
    dotted = re.compile(rb"\.\s*" + re.escape(attr.encode()) + rb"\b\s*(.{0,2})", re.DOTALL)
    return all(
        found.group(1)[:1] in (b".", b"(") or found.group(1) in (b"==", b"!=")
        for found in dotted.finditer(text)
    )


def _inert_uses(source: Source, module: str) -> set[int]:
    """The nodes naming a class that build none of its instances: the event class of a
    Pyramid subscriber (``@subscriber(RegistrationEvent)``: Pyramid hands the function
    the instances others build) and the dotted path ``mock.patch`` replaces by a mock
    (``@mock.patch("h.accounts.views.RegistrationEvent")``: its calls build mocks)."""
    imported = _imported_names(source, module)
    found: set[int] = set()
    for node in ast.walk(source.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorator = F.subscribed_event(node)
            if decorator is not None and _qualified(decorator.func, imported) == _SUBSCRIBER:
                found.add(id(decorator.args[0]))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and _qualified(node.func, imported) in _PATCHES
        ):
            found.add(id(node.args[0]))
    return found


#: ``mock.patch`` as it may be imported.
_PATCHES = frozenset({"mock.patch", "unittest.mock.patch"})


def _replaced(node: ast.AST, name: str) -> bool:
    """``mock.return_value.render = MagicMock(...)``, ``del obj.render``: an attribute of that
    name set or deleted on some object calls nothing (what replaces the function there is
    another value, read where it is given)."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.ctx, ast.Store | ast.Del)
    )


#: How many functions a parameter may be handed through before its calls prove it.
_FORWARDS_MAX = 2


def _forwarded(argument: ast.expr | None, scope: I.Scope, module: str) -> Question | None:
    """The question of the parameter ``argument`` is, where a call hands on, unchanged, a
    parameter of the function it is in (``def start_task(self, task): TaskThread(task)``):
    an unannotated positional parameter of a module-level function or of a method of a
    module-level class, asked as :func:`questions` asks them (no decorator but
    ``classmethod`` or ``staticmethod``, no special method, no nested code, never bound
    again)."""
    node = scope.node
    if (
        not isinstance(argument, ast.Name)
        or scope.kind != "function"
        or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        or scope.parent is None
    ):
        return None
    outer = scope.parent
    if outer.kind == "module" and not node.decorator_list:
        owner, kind, skip = "", "", 0
    elif (
        outer.kind == "class"
        and isinstance(outer.node, ast.ClassDef)
        and outer.parent is not None
        and outer.parent.kind == "module"
        and not (node.name.startswith("__") and node.name.endswith("__"))
    ):
        decorators = [F.dotted(d) or "?" for d in node.decorator_list]
        if len(decorators) > 1 or any(d not in _METHOD_KINDS for d in decorators):
            return None
        owner, kind = outer.node.name, decorators[0] if decorators else "method"
        skip = 0 if kind == "staticmethod" else 1
    else:
        return None
    positional = [*node.args.posonlyargs, *node.args.args]
    found = [i for i, a in enumerate(positional) if a.arg == argument.id]
    if not found or found[0] < skip or positional[found[0]].annotation is not None:
        return None
    body = F._Body(node)
    if body.nested or argument.id in body.bound:
        return None
    return Question(module, node.name, argument.id, found[0] - skip, owner, kind)


def _class_node(source: Source, question: Question) -> ast.ClassDef | None:
    """The module-level class of the question, where ``source`` is its module's file."""
    if module_name(source.path) != question.module:
        return None
    return next(
        (
            stmt
            for stmt in source.tree.body
            if isinstance(stmt, ast.ClassDef) and stmt.name == question.owner
        ),
        None,
    )


def stored_attributes(asked: Iterable[Question], proven: dict[str, str]) -> dict[str, str]:
    """The attributes (:attr:`Question.stored_key`) that the ``__init__`` of a class
    stores from a parameter ``proven`` holds an instance of one model: that model's key
    (:attr:`~colretire.analysis.target.World.stored`)."""
    return {
        question.stored_key: proven[question.key]
        for question in asked
        if question.kind == INIT and question.key in proven
    }


def _argument(call: ast.Call, question: Question) -> ast.expr | None:
    """The argument a call gives the parameter; ``None`` when ``*args`` or ``**kwargs`` may
    give it, or the call leaves it to its default."""
    position = question.position
    if any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return None
    if position < len(call.args):
        return call.args[position]
    if any(k.arg is None for k in call.keywords):
        return None
    return F.keyword(call, question.param)


def _defaulted(call: ast.Call, question: Question) -> bool:
    """Whether the call leaves the parameter to its default: given neither by position nor
    by keyword, and no ``*args`` or ``**kwargs`` that may give it."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return False
    return question.position >= len(call.args) and F.keyword(call, question.param) is None


def parameter_key(module: str, function: str, param: str) -> str:
    """How :attr:`~colretire.analysis.target.World.parameters` keys a parameter."""
    return f"{module}.{function}:{param}"

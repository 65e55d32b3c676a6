"""Which files can reach the models, decided from import statements alone.

A file that never imports the modules that define the models, nor a module that imports
them (and so on), cannot hold a model instance that it got by importing: in a tree that
vendors a standard library or other projects next to the application, such files hold no
reference, however often they say ``status``. :class:`Reach` finds the files that can:

- the *roots*: the files that define the models, mixins, schemas and tables the index
  knows, with every file of the top-level package each one is in (a helper of the
  application's package may be handed model instances without importing a model; it is
  the application's code and is always read);
- then, in rounds, every file that imports a file already reached: its import statements
  (``import a.b``, ``from a import b``, ``from . import b``, anywhere in the file, read with
  a regular expression, no parse) resolved against the files of the tree. Only the files
  that contain, as a word, a name under which a reached module can be imported (the first
  and last parts of its dotted names) are read at all: a native word search
  (:mod:`~colretire.analysis.search`) finds them.

A module is known under its path from the root of the scan (``vendor/lib/x.py``:
``vendor.lib.x``) and under its path from the directory above its top-level package (the
first directory up without an ``__init__.py``: ``lib.x``), as ``sys.path`` would find it
from there. Importing ``a.b.c`` runs ``a`` and ``a.b`` too, so it reaches them all.

Conservative where imports do not say: a file that imports by a name computed at run time
(``__import__(name)``, ``importlib.import_module(name)``, ``spec_from_file_location``, entry
points...; with a string literal, ``import_module("app.models")``, it is a static import of
that name), star-imports a module that is not in the tree, or
has a relative import that goes above its top-level package is reachable itself. A search
that has not settled after :data:`MAX_ROUNDS` rounds leaves every file reachable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

#: An import statement, matched where it starts: ``from .x import (a, b)``, ``import a.b as
#: c, d``. It starts a line or follows ``;`` or ``:`` (``if x: import y``); one that only
#: looks like an import (in a docstring) adds a link, which can only make more files
#: reachable.
_STATEMENT = re.compile(
    rb"[ \t]*(?:from[ \t]+(?P<dots>\.*)[ \t]*(?P<module>[\w.]*)[ \t]+import[ \t]*"
    rb"(?P<names>\([^)]*\)|[^\n#;\\]*(?:\\\r?\n[^\n#;\\]*)*)|import[ \t]+(?P<plain>[^\n#;]+))"
)
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: Functions that import a module by name: given a string literal, a static import of that
#: name; given anything else, an import by a name computed at run time.
_BY_NAME = (
    b"__import__", b"import_module", b"import_string", b"load_module", b"exec_module",
    b"run_module", b"run_path", b"load_source", b"spec_from_file_location", b"entry_points",
    b"iter_entry_points", b"load_entry_point",
)  # fmt: skip
#: What follows such a function's name in a call: ``("app.models"`` or ``(name``.
_ARGUMENT = re.compile(rb"[ \t]*\([ \t]*(?:(?P<quote>[\"'])(?P<name>[\w.]*)(?P=quote))?")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
#: A comment (no group), or a string literal's body (one of the groups).
_LITERAL = re.compile(
    rb'#[^\r\n]*|"""(.*?)"""|\'\'\'(.*?)\'\'\''
    rb'|"((?:[^"\\\r\n]|\\.)*)"|\'((?:[^\'\\\r\n]|\\.)*)\'',
    re.DOTALL,
)
#: Rounds of the search before it gives up and leaves every file reachable.
MAX_ROUNDS = 12


#: The libraries whose classes declare columns or mirror them, as they appear in module
#: names: SQLAlchemy and its extensions (``flask_sqlalchemy``...), SQLModel, Pydantic,
#: Flask-AppBuilder's models.
ORM_TEXTS = (b"sqlalchemy", b"sqlmodel", b"pydantic", b"appbuilder")


@dataclass(frozen=True)
class Imports:
    """A file's import statements: ``(level, module, names)`` for each (``names`` empty for
    ``import module``), and whether it imports by computed names."""

    statements: tuple[tuple[int, str, tuple[str, ...]], ...]
    dynamic: bool


def imports_orm(imports: Imports) -> bool:
    """Whether a file imports one of the libraries of :data:`ORM_TEXTS`."""
    texts = [t.decode() for t in ORM_TEXTS]
    return any(
        not level and any(text in module.partition(".")[0].lower() for text in texts)
        for level, module, _ in imports.statements
    )


def read_imports(data: bytes) -> Imports:
    """The imports of a file's source (see :data:`_STATEMENT`)."""
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for match in _statements(data):
        if match.group("plain") is not None:
            for part in match.group("plain").decode("utf-8", "replace").split(","):
                name = _NAME.match(part.strip())
                if name:
                    found.append((0, name.group().rstrip("."), ()))
            continue
        level = len(match.group("dots"))
        module = match.group("module").decode("utf-8", "replace").rstrip(".")
        text = match.group("names").decode("utf-8", "replace").strip("() \t\\\r\n")
        names = tuple(_imported(part) for part in text.replace("\n", ",").split(","))
        names = tuple(name for name in names if name)
        if level or module:
            found.append((level, module, names))
    dynamic = False
    for function in _BY_NAME:
        for end in _word_ends(data, function):
            argument = _ARGUMENT.match(data, end)
            if argument is None:
                continue  # the name, not a call: a mention in a docstring
            if argument.group("quote") is None:
                dynamic = True
            elif argument.group("name"):
                found.append((0, argument.group("name").decode("ascii", "replace").strip("."), ()))
    return Imports(tuple(found), dynamic)


def _word_ends(data: bytes, word: bytes) -> Iterator[int]:
    """Where each occurrence of ``word`` as a whole word in ``data`` ends (``bytes.find``:
    a pattern that does not start with a literal is tried at every position, many times
    slower)."""
    position = data.find(word)
    while position >= 0:
        end = position + len(word)
        if (position == 0 or data[position - 1] not in _WORD_BYTES) and (
            end == len(data) or data[end] not in _WORD_BYTES
        ):
            yield end
        position = data.find(word, end)


def _statements(data: bytes) -> Iterator[re.Match[bytes]]:
    """The import statements of ``data``, found from the word ``import`` each one holds."""
    seen: set[int] = set()
    for end in _word_ends(data, b"import"):
        position = end - 6
        line = data.rfind(b"\n", 0, position) + 1
        start = max(
            line, data.rfind(b";", line, position) + 1, data.rfind(b":", line, position) + 1
        )
        if start not in seen:
            seen.add(start)
            match = _STATEMENT.match(data, start)
            if match is not None:
                yield match


def _imported(part: str) -> str:
    """The name a part of ``from m import a as b, *`` imports: ``a``, ``*``, or ``""``."""
    part = part.strip()
    if part == "*":
        return part
    name = _NAME.match(part)
    return name.group() if name else ""


def strings_name_table(data: bytes, table: str) -> bool:
    """Whether a string literal of the source names the table: as SQL that may use it, or
    alone (``"tasks"``, ``"public.tasks"``, as a builder is given it)."""
    from colretire.sql.words import may_be_sql, names_word

    word = table.encode()
    if word not in data:
        return False
    for match in _LITERAL.finditer(data):
        body = next((g for g in match.groups() if g is not None), None)
        if body is None or word not in body:
            continue
        text = body.decode("utf-8", "replace")
        if names_word(text, table) and (
            text.strip().rpartition(".")[2] == table or may_be_sql(text)
        ):
            return True
    return False


class Modules:
    """The files of a tree by the dotted names they can be imported as (see the module
    docstring)."""

    def __init__(self, files: Sequence[str]) -> None:
        self.files = [f for f in files if f.endswith(".py")]
        self.known = frozenset(self.files)
        self.packages = {f.rpartition("/")[0] for f in self.files if f.endswith("/__init__.py")}
        self._names: dict[str, tuple[str, ...]] = {}
        self._named: dict[str, list[str]] = {}

    def names(self, rel: str) -> tuple[str, ...]:
        """``rel``'s dotted names."""
        found = self._names.get(rel)
        if found is None:
            found = self._names[rel] = tuple(
                dict.fromkeys([_path_name(rel), self.rooted_name(rel)])
            )
        return found

    @cached_property
    def _by_last_part(self) -> dict[str, list[str]]:
        """The files by the last parts of their dotted names (:func:`_last_parts`), found
        without working the names out: a lookup works out those of the few files that can
        answer it alone."""
        found: dict[str, list[str]] = {}
        for rel in self.files:
            for part in _last_parts(rel):
                found.setdefault(part, []).append(rel)
        return found

    def named(self, name: str) -> list[str]:
        """The files that can be imported as ``name``, in the order of :attr:`files`."""
        found = self._named.get(name)
        if found is None:
            found = self._named[name] = [
                rel for rel in self._by_last_part.get(name.rpartition(".")[2], ())
                if _may_be_named(rel, name) and name in self.names(rel)
            ]  # fmt: skip
        return found

    @cached_property
    def _rooted_packages(self) -> dict[str, str]:
        """Each package directory's dotted name from the directory above its top-level
        package: :meth:`rooted_name` asks it of every file's directory."""
        found: dict[str, str] = {}

        def name(directory: str) -> str:
            known = found.get(directory)
            if known is None:
                parent, _, last = directory.rpartition("/")
                above = name(parent) if parent in self.packages else ""
                known = found[directory] = f"{above}.{last}" if above else last
            return known

        for package in sorted(self.packages, key=len):
            name(package)
        return found

    def rooted_name(self, rel: str) -> str:
        """``rel``'s name from the directory above its top-level package."""
        directory = rel.rpartition("/")[0]
        package = self._rooted_packages.get(directory, "") if directory else ""
        if rel.endswith("/__init__.py"):
            return package or _path_name(rel)
        stem = _stem(rel)
        return f"{package}.{stem}" if package else stem or _path_name(rel)

    def top_package(self, rel: str) -> str | None:
        """The directory of the top-level package ``rel`` is in; ``None`` for a module that
        is in no package."""
        directory = rel.rpartition("/")[0]
        if directory not in self.packages:
            return None
        while directory.rpartition("/")[0] in self.packages:
            directory = directory.rpartition("/")[0]
        return directory

    def package_of(self, rel: str) -> str:
        """The dotted package a relative import in ``rel`` starts from (its name from above
        its top-level package: a relative import cannot leave that package)."""
        name = self.rooted_name(rel)
        return name if rel.endswith("/__init__.py") else name.rpartition(".")[0]

    def resolve(self, rel: str, imports: Imports) -> tuple[set[str], bool]:
        """The files ``rel``'s imports reach, and whether some import cannot be followed
        (a relative import above the top, a star import of a module not in the tree)."""
        reached: set[str] = set()
        blind = False
        for level, module, names in imports.statements:
            if level:
                base = self.relative_base(rel, level)
                if base is None:
                    blind = True
                    continue
                module = f"{base}.{module}".strip(".") if module else base
            targets = [module] + [f"{module}.{n}" for n in names if n != "*"]
            found = self.lookup(targets)
            reached |= found
            if "*" in names and not found:
                blind = True
        return reached, blind

    def relative_base(self, rel: str, level: int) -> str | None:
        package = self.package_of(rel)
        parts = package.split(".") if package else []
        if level - 1 > len(parts) or (level - 1 == len(parts) and not parts):
            return None
        kept = parts[: len(parts) - (level - 1)]
        return ".".join(kept) if kept else None

    def lookup(self, names: Iterable[str]) -> set[str]:
        """The files of ``names`` and of their parent packages."""
        found: set[str] = set()
        for name in names:
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                found.update(self.named(".".join(parts[:end])))
        return found


def _path_name(rel: str) -> str:
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    if parts and parts[0] == "src" and len(parts) > 1:
        parts.pop(0)
    return ".".join(parts)


def _last_parts(rel: str) -> tuple[str, ...]:
    """The last parts of ``rel``'s dotted names (:func:`_path_name`,
    :meth:`Modules.rooted_name`): that of its stem, or of its directory for an
    ``__init__.py``, the same for both names; an ``__init__.py`` at the root is named
    ``""`` from the root and ``__init__`` alone."""
    directory, _, base = rel.rpartition("/")
    stem = base[:-3]
    if stem == "__init__":
        if not directory:
            return ("", stem)
        stem = directory.rpartition("/")[2]
    return (stem.rpartition(".")[2],)


def _may_be_named(rel: str, name: str) -> bool:
    """Whether ``name`` can be one of the dotted names of ``rel``, a file in a directory:
    both end its path read with dots (``src/app/models.py``: ``src.app.models``), a test
    much cheaper than working them out."""
    if "/" not in rel:
        return True
    path = rel[:-12] if rel.endswith("/__init__.py") else rel[:-3]
    return path.replace("/", ".").endswith(name)


def _stem(rel: str) -> str:
    return rel.rpartition("/")[2][:-3]


def _first(names: Iterable[str]) -> set[str]:
    return {name.partition(".")[0] for name in names if name}


class Reach:
    """The files that can reach the models (see the module docstring).

    ``read`` gives a file's bytes; ``containing(words, files)`` those of ``files`` that
    contain any of ``words`` as whole words (the scan's native search)."""

    def __init__(
        self,
        files: Sequence[str],
        read: Callable[[str], bytes],
        containing: Callable[[Sequence[str], Sequence[str]], Iterable[str]],
    ) -> None:
        self.modules = Modules(files)
        self.read = read
        self.containing = containing
        self._imports: dict[str, Imports] = {}
        self._reached: dict[frozenset[str], set[str] | None] = {}

    def imports(self, rel: str) -> Imports:
        found = self._imports.get(rel)
        if found is None:
            found = self._imports[rel] = read_imports(self.read(rel))
        return found

    @cached_property
    def _by_package(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for rel in self.modules.files:
            top = self.modules.top_package(rel)
            if top is not None:
                found.setdefault(top, []).append(rel)
        return found

    @cached_property
    def _by_directory(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for rel in self.modules.files:
            found.setdefault(rel.rpartition("/")[0], []).append(rel)
        return found

    def first_words(self, rel: str) -> set[str]:
        """The first parts of the absolute names ``rel`` can be imported by: from the root
        of the scan, and from above its top-level package (a module in no package is
        imported by its name alone only by its neighbours)."""
        path, rooted = _path_name(rel), self.modules.rooted_name(rel)
        words = {path.partition(".")[0]}
        if self.modules.top_package(rel) is not None:
            words.add(rooted.partition(".")[0])
        return words - {""}

    def neighbourhood(self, rel: str) -> tuple[str, str]:
        """Where the files are that can import ``rel`` by a name that does not start with
        its package's: a relative import within its top-level package, or, for a module in
        no package, its name alone from a script in the same directory (which Python puts
        on ``sys.path``). A key of :attr:`_groups`."""
        top = self.modules.top_package(rel)
        return ("package", top) if top is not None else ("directory", rel.rpartition("/")[0])

    @cached_property
    def _groups(self) -> dict[tuple[str, str], list[str]]:
        groups = {("package", top): files for top, files in self._by_package.items()}
        groups.update({("directory", d): files for d, files in self._by_directory.items()})
        return groups

    def reached(self, roots: Iterable[str]) -> set[str] | None:
        """Every file that can reach one of ``roots``, a root bringing every file of its
        top-level package (see the module docstring); ``None`` when the search did not
        settle (every file is then to be taken as reachable)."""
        modules = self.modules
        start: set[str] = set()
        for root in roots:
            if root in modules.known:
                top = modules.top_package(root)
                start.update(self._by_package.get(top, ()) if top is not None else [root])
        key = frozenset(start)
        if key not in self._reached:
            self._reached[key] = self._search(key)
        return self._reached[key]

    def _search(self, start: frozenset[str]) -> set[str] | None:
        modules = self.modules
        reached = set(start)
        pending = sorted(reached)
        searched: set[str] = set()
        found: set[str] = set()  # every file a word search named so far
        for _ in range(MAX_ROUNDS):
            if not pending:
                return reached
            # An absolute import names the module from its first part on, whichever way it
            # is found: the files that contain that word, searched once for all rounds (a
            # file found for a word and checked too early is checked again); the other
            # importers are its neighbours.
            words = {w for rel in pending for w in self.first_words(rel)} - searched
            searched |= words
            if words:
                others = [rel for rel in modules.files if rel not in reached]
                found.update(self.containing(sorted(words), others))
            groups = {self.neighbourhood(rel) for rel in pending}
            maybe = found | {n for group in groups for n in self._groups[group]}
            pending = []
            for rel in sorted(maybe - reached):
                if modules.resolve(rel, self.imports(rel))[0] & reached:
                    reached.add(rel)
                    pending.append(rel)
        return None

    def unreachable(
        self, candidates: Iterable[str], roots: Iterable[str], *, static: bool = False
    ) -> set[str]:
        """Those of ``candidates`` that cannot reach ``roots`` and whose imports say so
        without doubt (see the module docstring); none when no root is known. Nothing is
        searched when every candidate is in a root's package. ``static``: the question is
        whether the import statements lead to ``roots`` (what a static analysis can follow),
        so an import by a computed name is no doubt."""
        roots = [r for r in roots if r in self.modules.known]
        packages = {self.modules.top_package(r) for r in roots}
        outside = [
            rel for rel in candidates
            if rel in self.modules.known and self.modules.top_package(rel) not in packages
            and rel not in roots
        ]  # fmt: skip
        if not roots or not outside:
            return set()
        reached = self.reached(roots)
        if not reached:
            return set()
        found = set()
        for rel in outside:
            if rel in reached:
                continue
            imports = self.imports(rel)
            if not static and (imports.dynamic or self.modules.resolve(rel, imports)[1]):
                continue
            found.add(rel)
        return found

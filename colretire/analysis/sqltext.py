"""Raw SQL as a function builds it: its string literals assembled into the text it sends.

SQL is often put together in steps::

    sql = "SELECT id FROM products WHERE name LIKE :p"
    if specs:
        sql += " OR spec_sheet LIKE :p"
    conditions.append("status = :s")
    query = f"SELECT id FROM {TABLE} WHERE " + " AND ".join(conditions)

Read alone, ``" OR spec_sheet LIKE :p"`` is a fragment whose table is unknown; read in the
text the function builds, it is a column of ``products``. :class:`Assembler` follows, in one
function (or a module's or a class's body), in statement order: assignments and ``+=`` to a
name, ``+``, ``%`` formatting, ``str.format``, f-strings, ``sep.join(...)`` of a literal list
or of a list built with ``append``/``extend``/``+=``, ``text(...)``, the module's constants
(``TABLE = "tasks"``) and a model's ``__tablename__``. Every branch is taken: the text of
``sql`` is everything appended to it, which is what the SQL reader needs to decide the table
of each name. A value it cannot follow (a parameter, a call) becomes a *hole*: an identifier
the reader knows stands for something unknown (:func:`colretire.sql.refs.hole`).

An :class:`Assembly` keeps, for every stretch of its text, the literal it comes from and the
offset in that literal, so that a name the reader finds in the assembled text is found again
in the source (:func:`word_positions`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from colretire.analysis.source import Source
from colretire.sql import mentions
from colretire.sql.mention import HOLE, UNREADABLE, Mention, Reading, hole
from colretire.sql.words import word_pattern

Parts = list["Part"]

#: A ``%`` conversion (``%s``, ``%(name)s``, ``%5.2f``) or an escaped ``%%``.
_PERCENT = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.\d+)?(?P<kind>[a-zA-Z%])")
#: A ``str.format`` field (``{}``, ``{0}``, ``{name!r:>10}``) or an escaped brace.
_FIELD = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")
_LIST_METHODS = frozenset({"append", "extend", "insert"})


@dataclass(frozen=True)
class Part:
    """A stretch of an assembled text: from the literal ``node`` (a ``str`` constant or an
    f-string) at offset ``base`` of its constant text, or made here (``node`` is ``None``:
    a hole, a separator, a table's name)."""

    text: str
    node: ast.expr | None = None
    base: int = 0
    #: the values a hole stands for, one of them each time (``for table in ("a", "b")``)
    choices: tuple[str, ...] = ()


#: The most texts an assembly with holes of known values is read as.
MAX_VARIANTS = 16


@dataclass(frozen=True)
class Assembly:
    """A text a scope builds, part by part."""

    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def blanked(self) -> str | None:
        """The text with its holes left out (spaces in their place, so that offsets hold),
        or ``None`` if it has none: a hole that stands for an optional word (``ASC``, a
        ``LIMIT`` clause) can keep the rest from parsing."""
        if not any(p.node is None and p.text.startswith(HOLE) for p in self.parts):
            return None
        return "".join(
            " " * len(p.text) if p.node is None and p.text.startswith(HOLE) else p.text
            for p in self.parts
        )

    @property
    def built(self) -> bool:
        """Whether it is more than one literal read alone."""
        return len(self.parts) > 1

    def literals(self) -> set[int]:
        return {id(part.node) for part in self.parts if part.node is not None}

    def variants(self) -> list[Assembly]:
        """The texts it can be, one per combination of the values of its holes that take
        known values (itself when it has none, or too many)."""
        holes = list(dict.fromkeys(p for p in self.parts if p.choices))
        combinations = 1
        for part in holes:
            combinations *= len(part.choices)
        if not holes or combinations > MAX_VARIANTS:
            return [self]
        found = [self.parts]
        for hole_part in holes:
            found = [
                tuple(Part(value) if p == hole_part else p for p in parts)
                for parts in found
                for value in hole_part.choices
            ]
        return [Assembly(parts) for parts in found]

    def locate(self, offset: int) -> tuple[ast.expr, int] | None:
        """The literal the text's ``offset`` comes from, and the offset in its constant
        text; ``None`` for a part made here."""
        start = 0
        for part in self.parts:
            end = start + len(part.text)
            if start <= offset < end:
                if part.node is None:
                    return None
                return part.node, part.base + offset - start
            start = end
        return None


def literal_text(node: ast.expr) -> str:
    """The constant text of a string literal: an f-string's text without its fields."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return ""


def word_positions(source: Source, node: ast.expr, word: str) -> list[tuple[int, int]] | None:
    """Where each occurrence of ``word`` (any case) in a literal's constant text is in the
    source, in order: 1-based line and column. ``None`` when the source spells them
    differently (an escape sequence in the word), so that they cannot be matched."""
    pattern = word_pattern(word)
    fields = _field_spans(source, node)
    found: list[tuple[int, int]] = []
    first, last = node.lineno, node.end_lineno or node.lineno
    begin = source.column(first, node.col_offset) - 1
    finish = source.column(last, node.end_col_offset or 0) - 1
    for line in range(first, last + 1):
        text = source.line_text(line)
        start = begin if line == first else 0
        end = finish if line == last else len(text)
        for match in pattern.finditer(text, start, end):
            position = (line, match.start() + 1)
            if not any(a <= position < b for a, b in fields):
                found.append(position)
    expected = len(pattern.findall(literal_text(node)))
    return found if len(found) == expected else None


def _field_spans(source: Source, node: ast.expr) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The spans of an f-string's fields' expressions, as (start, end) positions."""
    if not isinstance(node, ast.JoinedStr):
        return []
    spans = []
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            inner = value.value
            line = inner.end_lineno or inner.lineno
            spans.append(
                (source.start(inner), (line, source.column(line, inner.end_col_offset or 0)))
            )
    return spans


def occurrence(node: ast.expr, offset: int, word: str) -> int | None:
    """Which occurrence of ``word`` in the literal's constant text starts at ``offset``
    (0 for the first), or ``None`` if none does (a word split across parts)."""
    starts = [m.start() for m in word_pattern(word).finditer(literal_text(node))]
    return starts.index(offset) if offset in starts else None


class Assembler:
    """The assemblies of each scope of one module (see the module docstring), computed when
    first asked for. ``table_of`` names the table of an expression such as ``Task`` in
    ``Task.__tablename__``, where it can."""

    def __init__(
        self, module: ast.Module, table_of: Callable[[ast.expr], str | None] | None = None
    ) -> None:
        self.constants = _constants(module)
        self.table_of = table_of or (lambda node: None)
        self.holes = 0
        self._scopes: dict[int, tuple[list[Assembly], dict[int, list[Assembly]]]] = {}

    def hole(self) -> Part:
        self.holes += 1
        return Part(hole(self.holes))

    def scope(self, node: ast.AST) -> list[Assembly]:
        """Every text the scope ``node`` (a module, class or function) builds."""
        return self._scope(node)[0]

    def containing(self, scope: ast.AST, literal: ast.expr) -> list[Assembly]:
        """The texts of ``scope`` that ``literal`` is part of (at least itself)."""
        found = self._scope(scope)[1].get(id(literal))
        if found:
            return found
        parts = _Walk(self).evaluate(literal)
        return [Assembly(tuple(parts))] if parts else []

    def _scope(self, node: ast.AST) -> tuple[list[Assembly], dict[int, list[Assembly]]]:
        cached = self._scopes.get(id(node))
        if cached is None:
            walk = _Walk(self)
            walk.block(_body(node))
            found = walk.finish()
            index: dict[int, list[Assembly]] = {}
            for assembly in found:
                for literal in assembly.literals():
                    index.setdefault(literal, []).append(assembly)
            cached = self._scopes[id(node)] = (found, index)
        return cached


def _body(node: ast.AST) -> list[ast.stmt]:
    if isinstance(node, ast.Lambda):
        return [ast.Expr(node.body)]
    body = getattr(node, "body", [])
    return body if isinstance(body, list) else []


def _constants(module: ast.Module) -> dict[str, ast.expr]:
    """The module's names assigned exactly once at its top level."""
    seen: dict[str, list[ast.expr]] = {}
    for stmt in module.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    seen.setdefault(target.id, []).append(stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            seen.setdefault(stmt.target.id, []).append(stmt.value)
    return {name: values[0] for name, values in seen.items() if len(values) == 1}


class _Walk:
    """One scope's statements in order, with the text each name holds so far."""

    def __init__(self, assembler: Assembler) -> None:
        self.assembler = assembler
        self.values: dict[str, Parts] = {}
        self.lists: dict[str, list[Parts]] = {}
        self.found: list[Assembly] = []
        self.following: set[str] = set()  # module constants being evaluated (no cycles)
        #: loop variables over known strings: ``for table in ("a", "b"):``
        self.choices: dict[str, tuple[str, ...]] = {}

    # --- statements -----------------------------------------------------------------------

    def block(self, body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return  # a scope of its own
        assigned = _assigned(stmt)
        if assigned is not None:
            self.assign(*assigned)
        elif (
            isinstance(stmt, ast.AugAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(stmt.op, ast.Add)
        ):
            self.augment(stmt.target.id, stmt.value)
        elif not (isinstance(stmt, ast.Expr) and self.list_call(stmt.value)):
            if isinstance(stmt, ast.For | ast.AsyncFor) and isinstance(stmt.target, ast.Name):
                self.loop(stmt.target.id, stmt.iter)
            self.fields(stmt)

    def loop(self, name: str, values: ast.expr) -> None:
        """``for name in ("a", "b")`` or ``in "a b".split()``: ``name`` takes those values."""
        self.values.pop(name, None)
        if (
            isinstance(values, ast.Call)
            and isinstance(values.func, ast.Attribute)
            and values.func.attr == "split"
            and not values.args
            and not values.keywords
        ):
            text = self.evaluate(values.func.value)
            if text is not None and all(part.node is not None for part in text):
                self.choices[name] = tuple("".join(p.text for p in text).split())
                return
        items = self.items(values)
        known = [p for p in items or [] if len(p) == 1 and not p[0].choices]
        if (
            items
            and len(known) == len(items)
            and all(not p[0].text.startswith(HOLE) for p in known)
        ):
            self.choices[name] = tuple(p[0].text for p in known)
        else:
            self.choices.pop(name, None)

    def fields(self, node: ast.AST) -> None:
        """The expressions and blocks of a statement (or of a handler, a case...), in order."""
        for _, value in ast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, ast.stmt):
                    self.statement(item)
                elif isinstance(item, ast.expr):
                    self.expressions(item)
                elif isinstance(item, ast.AST):
                    self.fields(item)

    def assign(self, name: str, value: ast.expr) -> None:
        self.choices.pop(name, None)
        if isinstance(value, ast.List | ast.Tuple):
            self.lists[name] = [self.evaluate(e) or [self.assembler.hole()] for e in value.elts]
        else:
            self.lists.pop(name, None)
        parts = self.evaluate(value)
        old = self.values.get(name)
        if parts is None or old is None or parts[: len(old)] != old:
            self.settle(name)
        if parts is None:
            self.values.pop(name, None)
            self.expressions(value)
        else:
            self.values[name] = parts

    def augment(self, name: str, value: ast.expr) -> None:
        if name in self.lists:
            items = self.items(value)
            if items is not None:
                self.lists[name].extend(items)
                return
        added = self.evaluate(value)
        if name in self.values:
            self.values[name] = self.values[name] + (added or [self.assembler.hole()])
        elif added is not None:
            self.values[name] = [self.assembler.hole(), *added]
        else:
            self.expressions(value)

    def list_call(self, call: ast.expr) -> bool:
        """``names.append(x)``, ``names.extend([...])``, ``names.insert(i, x)`` on a list
        this scope built."""
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in _LIST_METHODS
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in self.lists
            and call.args
        ):
            return False
        items = self.lists[call.func.value.id]
        argument = call.args[-1]
        if call.func.attr == "extend":
            items.extend(self.items(argument) or [[self.assembler.hole()]])
        else:
            items.append(self.evaluate(argument) or [self.assembler.hole()])
        return True

    def settle(self, name: str) -> None:
        """The text ``name`` holds is complete: an assembly."""
        if name in self.values:
            self.found.append(Assembly(tuple(self.values[name])))

    def expressions(self, node: ast.expr) -> None:
        """The largest string expressions within ``node``, each an assembly."""
        if not isinstance(node, ast.Name):
            parts = self.evaluate(node)
            if parts is not None and any(part.node is not None for part in parts):
                self.found.append(Assembly(tuple(parts)))
                return
        for child in _subexpressions(node):
            self.expressions(child)

    def finish(self) -> list[Assembly]:
        for name in list(self.values):
            self.settle(name)
        unique: dict[tuple[tuple[int, int, str], ...], Assembly] = {}
        for assembly in self.found:
            key = tuple((id(p.node), p.base, p.text) for p in assembly.parts)
            unique.setdefault(key, assembly)
        return list(unique.values())

    # --- expressions ----------------------------------------------------------------------

    def evaluate(self, node: ast.expr) -> Parts | None:
        """The parts of the string ``node`` evaluates to, or ``None`` when it is not known
        to be a string."""
        if isinstance(node, ast.Constant):
            return [Part(node.value, node)] if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            return self.joined(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "__tablename__":
            table = self.assembler.table_of(node.value)
            return [Part(table)] if table else None
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):  # where or "TRUE"
            return next((p for v in node.values if (p := self.evaluate(v)) is not None), None)
        if isinstance(node, ast.IfExp):
            sides = (self.evaluate(node.body), self.evaluate(node.orelse))
            return None if sides == (None, None) else [self.assembler.hole()]
        return None

    def joined(self, node: ast.JoinedStr) -> Parts:
        parts: Parts = []
        base = 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(Part(value.value, node, base))
                base += len(value.value)
            elif isinstance(value, ast.FormattedValue):
                known = (
                    self.evaluate(value.value)
                    if value.format_spec is None and value.conversion in (-1, ord("s"))
                    else None
                )
                parts.extend(known or [self.assembler.hole()])
        return parts

    def binary(self, node: ast.BinOp) -> Parts | None:
        if isinstance(node.op, ast.Add):
            left, right = self.evaluate(node.left), self.evaluate(node.right)
            if left is None and right is None:
                return None
            hole = self.assembler.hole
            return (left or [hole()]) + (right or [hole()])
        if isinstance(node.op, ast.Mod):
            left = self.evaluate(node.left)
            return None if left is None else self.percent(left, node.right)
        return None

    def call(self, node: ast.Call) -> Parts | None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            base = self.evaluate(func.value)
            return None if base is None else self.format(base, node.args, node.keywords)
        if isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1:
            separator = self.evaluate(func.value)
            if separator is None:
                return None
            items = self.items(node.args[0])
            return self.join(separator, items) if items is not None else [self.assembler.hole()]
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("text", "literal_column", "TextClause") and node.args:
            return self.evaluate(node.args[0])
        return None

    def name(self, name: str) -> Parts | None:
        if name in self.values:
            return list(self.values[name])
        if name in self.choices:
            hole = self.assembler.hole()
            return [Part(hole.text, choices=self.choices[name])]
        constant = self.assembler.constants.get(name)
        if constant is None or name in self.following:
            return None
        self.following.add(name)
        try:
            return self.evaluate(constant)
        finally:
            self.following.discard(name)

    def items(self, node: ast.expr) -> list[Parts] | None:
        """The strings of a list: a literal, a list this scope built, a module constant."""
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [self.evaluate(e) or [self.assembler.hole()] for e in node.elts]
        if isinstance(node, ast.Name):
            if node.id in self.lists:
                return [list(item) for item in self.lists[node.id]]
            constant = self.assembler.constants.get(node.id)
            if isinstance(constant, ast.List | ast.Tuple | ast.Set):
                return self.items(constant)
        return None

    @staticmethod
    def join(separator: Parts, items: list[Parts]) -> Parts:
        parts: Parts = []
        for index, item in enumerate(items):
            if index:
                parts.extend(separator)
            parts.extend(item)
        return parts

    def percent(self, template: Parts, argument: ast.expr) -> Parts:
        """``template % argument``: each conversion replaced by its value, or a hole."""
        if isinstance(argument, ast.Tuple):
            positional = [self.evaluate(e) for e in argument.elts]
        else:
            positional = [self.evaluate(argument)]
        named = _dict_values(argument, self.evaluate)
        values = iter(positional)

        def value(match: re.Match[str]) -> Parts:
            if match.group("kind") == "%":
                return [Part("%")]
            if match.group("name"):
                return named.get(match.group("name")) or [self.assembler.hole()]
            return next(values, None) or [self.assembler.hole()]

        return _substitute(template, _PERCENT, value)

    def format(self, template: Parts, args: list[ast.expr], keywords: list[ast.keyword]) -> Parts:
        """``template.format(...)``: each field replaced by its value, or a hole."""
        positional = [self.evaluate(a) for a in args]
        named = {k.arg: self.evaluate(k.value) for k in keywords if k.arg}
        automatic = iter(range(len(positional)))

        def value(match: re.Match[str]) -> Parts:
            if match.group(0) in ("{{", "}}"):
                return [Part(match.group(0)[0])]
            field = re.split(r"[!:.\[]", match.group("field"), maxsplit=1)[0]
            if match.group("field") != field:  # a conversion, a format, an attribute
                return [self.assembler.hole()]
            if field == "":
                index = next(automatic, None)
                found = positional[index] if index is not None else None
            elif field.isdigit():
                found = positional[int(field)] if int(field) < len(positional) else None
            else:
                found = named.get(field)
            return found or [self.assembler.hole()]

        return _substitute(template, _FIELD, value)


def _assigned(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``name = value`` (or ``name: T = value``): the name and the value."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        return (target.id, stmt.value) if isinstance(target, ast.Name) else None
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
        return stmt.target.id, stmt.value
    return None


def _subexpressions(node: ast.AST) -> Iterator[ast.expr]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield child
        elif not isinstance(child, ast.stmt):
            yield from _subexpressions(child)


def _dict_values(
    node: ast.expr, evaluate: Callable[[ast.expr], Parts | None]
) -> dict[str, Parts | None]:
    if not isinstance(node, ast.Dict):
        return {}
    return {
        key.value: evaluate(value)
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _substitute(
    template: Parts, pattern: re.Pattern[str], value: Callable[[re.Match[str]], Parts]
) -> Parts:
    """``template`` with every match of ``pattern`` in its literal parts replaced by
    ``value(match)``; the literal text around each match keeps its place in its literal."""
    parts: Parts = []
    for part in template:
        if part.node is None:
            parts.append(part)
            continue
        position = 0
        for match in pattern.finditer(part.text):
            if match.start() > position:
                parts.append(
                    Part(part.text[position : match.start()], part.node, part.base + position)
                )
            parts.extend(value(match))
            position = match.end()
        if position < len(part.text):
            parts.append(Part(part.text[position:], part.node, part.base + position))
    return parts


# --- reading a literal ----------------------------------------------------------------------

#: Which reading wins when a literal is part of several texts: a use anywhere is a use, and
#: a name is another table's only when every text says so.
_RANK = {
    Reading.CERTAIN: 0,
    Reading.LIKELY: 1,
    Reading.UNKNOWN: 2,
    Reading.FRAGMENT: 3,
    Reading.OTHER: 4,
    Reading.PARAMETER: 4,
}


@dataclass(frozen=True)
class WordReading:
    """How one word of a literal that spells a name reads in the SQL it is part of:
    ``position`` in the source (``None`` when the source cannot be matched to the text),
    ``built`` when the text was assembled from more than this literal."""

    position: tuple[int, int] | None
    mention: Mention
    built: bool


def read_literal(
    source: Source,
    assembler: Assembler,
    scope: ast.AST,
    literal: ast.expr,
    table: str,
    word: str,
) -> list[WordReading]:
    """Each occurrence of ``word`` in ``literal``, read in the texts of ``scope`` the
    literal is part of (the texts built from several parts, if any, else itself)."""
    assemblies = assembler.containing(scope, literal)
    chosen = [a for a in assemblies if a.built] or assemblies
    best: dict[int, tuple[Mention, bool]] = {}
    for assembly in chosen:
        for index, mention in _read_assembly(assembly, literal, table, word).items():
            kept = best.get(index)
            if kept is None or _RANK[mention.confidence] < _RANK[kept[0].confidence]:
                best[index] = (mention, assembly.built)
    positions = word_positions(source, literal, word)
    return [
        WordReading(positions[index] if positions else None, mention, built)
        for index, (mention, built) in sorted(best.items())
    ]


def _read_assembly(
    assembly: Assembly, literal: ast.expr, table: str, word: str
) -> dict[int, Mention]:
    """The mentions of ``word`` in ``literal``, by occurrence, as ``assembly`` reads them:
    in each text it can be (:meth:`Assembly.variants`), together."""
    readings: dict[int, list[Mention]] = {}
    for variant in assembly.variants():
        for mention in _mentions(variant, table, word):
            located = variant.locate(mention.offset)
            if located is None or located[0] is not literal:
                continue
            index = occurrence(literal, located[1], word)
            if index is not None:
                readings.setdefault(index, []).append(mention)
    return {index: _together(found) for index, found in readings.items()}


def _together(found: list[Mention]) -> Mention:
    """One reading of a word from its readings in each text a loop builds: a use in every
    one is certain, in some likely; another table's in all is other (all of them named)."""
    kinds = {m.confidence for m in found}
    first = found[0]
    if kinds == {Reading.CERTAIN}:
        return first
    if kinds & {Reading.CERTAIN, Reading.LIKELY}:
        return replace(first, confidence=Reading.LIKELY, detail="in one of the texts a loop builds")
    if kinds == {Reading.OTHER}:
        tables = tuple(sorted({t for m in found for t in m.tables}))
        return replace(first, tables=tables)
    return min(found, key=lambda m: _RANK[m.confidence])


def _mentions(assembly: Assembly, table: str, word: str) -> list[Mention]:
    """The mentions of ``word`` in an assembled text; where the text does not parse because
    of its holes, the text without them, where a use is only ``likely`` (what the holes
    stood for may name another table)."""
    found = mentions(assembly.text, table, word)
    blanked = assembly.blanked
    if blanked is None or not any(_unreadable(m) for m in found):
        return found
    again = {m.offset: m for m in mentions(blanked, table, word) if not _unreadable(m)}
    return [_weaker(again[m.offset]) if _unreadable(m) and m.offset in again else m for m in found]


def _unreadable(mention: Mention) -> bool:
    return mention.detail == UNREADABLE


def _weaker(mention: Mention) -> Mention:
    if mention.confidence is Reading.CERTAIN:
        return replace(mention, confidence=Reading.LIKELY)
    return mention

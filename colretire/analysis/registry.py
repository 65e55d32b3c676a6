"""The mapping as SQLAlchemy itself builds it: the models imported in a child process.

Reading the source guesses what SQLAlchemy will do at import (a ``declared_attr`` table
name, a mixin's columns, a classic ``mapper()``). When the project names its models (the
``metadata`` setting), colretire imports them in a separate interpreter, lets SQLAlchemy
configure its mappers, and reads the registry: which class maps which table, under which
attribute keys, and the local columns of each relationship. The child process keeps the
project's import side effects out of colretire's own; a failure there (a missing
dependency, a configuration error) is reported, and the static reading stays the mapping.

The answer is cached beside the scan cache, keyed by the content of every project file the
import loaded: an edit to any of them imports again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: How long the models may take to import.
TIMEOUT = 120.0

#: Run by the child interpreter: argv[1] is a JSON request, argv[2] the file to answer in.
_CHILD = r"""
import importlib, json, os, sys, traceback
request = json.loads(sys.argv[1])
sys.path[:0] = request["paths"]
answer = {"classes": [], "errors": [], "files": []}
for name in request["modules"]:
    try:
        importlib.import_module(name)
    except BaseException as error:
        answer["errors"].append(f"{name}: {type(error).__name__}: {error}")
try:
    from sqlalchemy.orm import configure_mappers, mapperlib
    try:
        configure_mappers()
    except BaseException as error:
        answer["errors"].append(f"configure_mappers: {type(error).__name__}: {error}")
    registries = getattr(mapperlib, "_all_registries", None)
    found = registries() if registries else list(mapperlib._mapper_registries)
    for registry in found:
        for mapper in registry.mappers:
            table = getattr(mapper.local_table, "name", None)
            columns, relationships = {}, {}
            for prop in mapper.column_attrs:
                names = [c.name for c in prop.columns if getattr(c, "table", None) is not None]
                if len(names) == 1:
                    columns[prop.key] = names[0]
            try:
                for prop in mapper.relationships:
                    relationships[prop.key] = sorted(c.name for c in prop.local_columns)
            except BaseException as error:
                answer["errors"].append(f"{mapper.class_.__name__}: {error}")
            answer["classes"].append({
                "module": mapper.class_.__module__,
                "qualname": mapper.class_.__qualname__,
                "table": table,
                "tables": [t.name for t in getattr(mapper, "tables", ()) if hasattr(t, "name")],
                "columns": columns,
                "relationships": relationships,
            })
except BaseException as error:
    answer["errors"].append(f"sqlalchemy: {type(error).__name__}: {error}")
root = request["root"]
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None)
    if path and os.path.abspath(path).startswith(root + os.sep):
        answer["files"].append(os.path.relpath(os.path.abspath(path), root))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(answer, out)
"""


@dataclass(frozen=True)
class MappedClass:
    """One mapper of the registry: ``columns`` maps attribute keys to column names;
    ``relationships`` maps relationship keys to their local columns."""

    module: str
    qualname: str
    table: str | None
    columns: Mapping[str, str] = field(default_factory=dict)
    relationships: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: every table the class maps: more than :attr:`table` for a class mapped against a
    #: join (whose ``table`` is then None)
    tables: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.module}.{self.qualname}"


@dataclass(frozen=True)
class Registry:
    """What the import found; ``errors`` are what failed on the way (a module that did
    not import: its classes keep the static mapping)."""

    classes: tuple[MappedClass, ...]
    errors: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    def table_of(self, qualname: str) -> str | None:
        """The table the class ``qualname`` (as the index names it, possibly with a longer
        module path: ``backend.app.models.Task`` for ``app.models.Task``) maps."""
        found = self.match(qualname)
        return found.table if found else None

    def match(self, qualname: str) -> MappedClass | None:
        for cls in self.classes:
            if qualname == cls.name or qualname.endswith("." + cls.name):
                return cls
        return None


@dataclass(frozen=True)
class Probe:
    """The outcome of an attempt: a registry, or why there is none."""

    registry: Registry | None
    problem: str = ""
    cached: bool = False


def read_registry(
    root: Path,
    modules: Sequence[str],
    paths: Sequence[Path],
    *,
    cache_dir: Path | None = None,
    python: str | None = None,
    timeout: float = TIMEOUT,
) -> Probe:
    """Import ``modules`` of the project at ``root`` (with ``paths`` first on
    ``sys.path``) in a child interpreter and read SQLAlchemy's mapper registry."""
    root = root.resolve()
    request = {
        "root": str(root),
        "paths": [str(p.resolve()) for p in paths],
        "modules": list(modules),
    }
    key = hashlib.blake2b(json.dumps(request, sort_keys=True).encode(), digest_size=12)
    store = cache_dir / f"registry-{key.hexdigest()}.json" if cache_dir else None
    kept = _load(store, root)
    if kept is not None:
        return Probe(kept, cached=True)
    with tempfile.TemporaryDirectory(prefix="colretire-registry-") as scratch:
        answer_path = Path(scratch) / "answer.json"
        try:
            done = subprocess.run(
                [python or sys.executable, "-c", _CHILD, json.dumps(request), str(answer_path)],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return Probe(None, f"the models did not import: {error}")
        if done.returncode != 0 or not answer_path.is_file():
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return Probe(None, f"the models did not import (exit {done.returncode}): {tail}")
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
    registry = _registry(answer)
    if not registry.classes:
        problem = "; ".join(registry.errors[:3]) or "no mapped class was imported"
        return Probe(None, f"the models did not import: {problem}")
    _save(store, root, registry)
    return Probe(registry)


def _registry(answer: Mapping[str, object]) -> Registry:
    classes = tuple(
        MappedClass(
            str(item["module"]),
            str(item["qualname"]),
            item.get("table"),
            dict(item.get("columns", {})),
            {k: tuple(v) for k, v in dict(item.get("relationships", {})).items()},
            tuple(item.get("tables", ())),
        )
        for item in answer.get("classes", [])  # type: ignore[attr-defined]
    )
    return Registry(
        classes,
        tuple(answer.get("errors", [])),  # type: ignore[arg-type]
        tuple(sorted(answer.get("files", []))),  # type: ignore[call-overload]
    )


def _digest(root: Path, files: Sequence[str]) -> dict[str, str]:
    found = {}
    for rel in files:
        try:
            found[rel] = hashlib.blake2b((root / rel).read_bytes(), digest_size=16).hexdigest()
        except OSError:
            found[rel] = ""
    return found


def _load(store: Path | None, root: Path) -> Registry | None:
    if store is None:
        return None
    try:
        kept = json.loads(store.read_text(encoding="utf-8"))
        if kept["digests"] != _digest(root, sorted(kept["digests"])):
            return None
        return _registry(kept["answer"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no answer kept, or one that cannot be read: import again


def _save(store: Path | None, root: Path, registry: Registry) -> None:
    if store is None:
        return
    answer = {
        "classes": [
            {
                "module": c.module,
                "qualname": c.qualname,
                "table": c.table,
                "columns": dict(c.columns),
                "relationships": {k: list(v) for k, v in c.relationships.items()},
            }
            for c in registry.classes
        ],
        "errors": list(registry.errors),
        "files": list(registry.files),
    }
    document = {"digests": _digest(root, registry.files), "answer": answer}
    temporary = store.with_name(f"{store.name}.{os.getpid()}.tmp")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(document), encoding="utf-8")
        os.replace(temporary, store)
    except OSError:
        temporary.unlink(missing_ok=True)  # the cache is an optimisation: no error

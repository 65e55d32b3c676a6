"""``colretire init``: find a project's real configuration, then adopt it.

What ``init`` writes to ``[tool.colretire]`` it reads from the project, never guesses:

* **the Alembic configuration**: the ``.ini`` files with a ``script_location`` (any name, any
  depth but inside virtual environments and caches), or ``[tool.alembic]`` in
  ``pyproject.toml``; its section when it has several (``alembic -n NAME``);
* **the scripts' directory**, resolved as :mod:`colretire.alembic.environment` resolves it
  (``package:path`` found on disk, not imported); one filled in at run time (a template) is
  found by the ``env.py`` beside the configuration;
* **the version trees**: the configured ones, and the directories of revision scripts that
  ``env.py`` picks at run time (one per dialect, say);
* **the models' metadata**, from ``target_metadata`` in ``env.py``, and **the source
  directories**: the project's top-level packages and the one the models live in.

Where it cannot decide (two configurations, a section to choose, a ``target_metadata`` it
cannot follow), it says so and names the option to pass; every path it writes exists. Then it
records the adoption baseline (:mod:`colretire.alembic.baseline`).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.config import Config as AlembicConfig

from colretire import config as config_module
from colretire import statefile
from colretire.alembic import baseline, environment
from colretire.errors import ConfigError, MigrationError
from colretire.model import State
from colretire.project import Project
from colretire.transaction import Transaction

#: Directories never searched: environments, caches, build output, other tools' trees.
SKIPPED = frozenset(
    {"node_modules", "site-packages", "__pycache__", "build", "dist", "venv", "env", "htmlcov"}
)
#: Top-level packages that are not the product's code.
NOT_SOURCE = frozenset({"tests", "test", "testing", "docs", "doc", "examples", "benchmarks"})
MAX_DEPTH = 6


@dataclass(frozen=True)
class Request:
    """What the user passed to ``init`` (``None``: find it)."""

    state: str = config_module.DEFAULTS["state"]
    alembic: str | None = None
    alembic_section: str | None = None
    script_location: str | None = None
    versions: tuple[str, ...] = ()
    metadata: str | None = None
    source: tuple[str, ...] = ()
    release_tags: str | None = None


@dataclass
class Plan:
    """What ``init`` found: the settings to write, the environment, and what it could not
    decide (``notes``), each with the option to pass."""

    settings: dict[str, Any] = field(default_factory=dict)
    alembic: environment.Environment | None = None
    found: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- the Alembic configuration --------------------------------------------------------------


def _walk(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every directory under ``root`` (with its file names) but skipped ones."""
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        depth = len(here.relative_to(root).parts)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if depth < MAX_DEPTH
            and not name.startswith(".")
            and name not in SKIPPED
            and not (here / name / "pyvenv.cfg").exists()
        )
        yield here, files


def configurations(root: Path) -> list[Path]:
    """The files that configure an Alembic environment: ``.ini`` files with a
    ``script_location``, an ``alembic.ini`` beside ``env.py`` (Flask-Migrate passes its
    directory at run time), and ``pyproject.toml`` with ``[tool.alembic]``."""
    found = []
    for directory, files in _walk(root):
        for name in sorted(files):
            path = directory / name
            ini = name.endswith(".ini") and (
                _mentions(path, "script_location") or (name == "alembic.ini" and "env.py" in files)
            )
            if ini or (name == "pyproject.toml" and environment.has_tool_alembic(path)):
                found.append(path)
    return found


def _mentions(path: Path, word: str) -> bool:
    try:
        return word in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _choose_configuration(root: Path, request: Request, plan: Plan) -> Path | None:
    if request.alembic is not None:
        path = root / request.alembic
        if not path.is_file():
            raise ConfigError(f"--alembic {request.alembic}: no such file under {root}")
        return path
    found = configurations(root)
    # alembic.ini beside a pyproject.toml with [tool.alembic] is one configuration.
    found = [
        p
        for p in found
        if not (p.suffix == ".ini" and environment.has_tool_alembic(p.with_name("pyproject.toml")))
    ]
    if not found:
        plan.notes.append(
            "no Alembic configuration found (an .ini with script_location, or [tool.alembic] "
            "in pyproject.toml): the guard and the migration lint need one; pass "
            "--alembic PATH"
        )
        return None
    if len(found) > 1:
        listed = ", ".join(_rel(p, root) for p in found)
        raise ConfigError(
            f"found {len(found)} Alembic configurations ({listed}); colretire guards one: "
            "pass --alembic PATH"
        )
    return found[0]


def _choose_section(root: Path, path: Path, request: Request, plan: Plan) -> str:
    if path.suffix == ".toml":
        return environment.DEFAULT_SECTION
    sections = environment.ini_sections(path, root)
    shown = _rel(path, root)
    if request.alembic_section is not None:
        if request.alembic_section not in sections:
            raise ConfigError(
                f"--alembic-section {request.alembic_section}: {shown} has no such section "
                f"with a script_location (it has: {_sections(sections)})"
            )
        return request.alembic_section
    if not sections:  # the scripts' directory is given at run time (Flask-Migrate)
        return environment.DEFAULT_SECTION
    if environment.DEFAULT_SECTION in sections:
        others = [s for s in sections if s != environment.DEFAULT_SECTION]
        if others:
            plan.notes.append(
                f"{shown} also configures {_sections(others)}; colretire guards [alembic]: "
                "pass --alembic-section NAME to guard another"
            )
        return environment.DEFAULT_SECTION
    if len(sections) == 1:
        return sections[0]
    raise ConfigError(
        f"{shown} configures {len(sections)} environments ({_sections(sections)}) and none "
        "is [alembic]: pass --alembic-section NAME"
    )


def _sections(names: Iterable[str]) -> str:
    return ", ".join(f"[{name}]" for name in names) or "none"


# -- the scripts' directory and the version trees ---------------------------------------------


def _script_location(root: Path, alembic: AlembicConfig, request: Request, plan: Plan) -> Path:
    if request.script_location is not None:
        return _directory(root, request.script_location, "--script-location")
    try:
        return environment.script_location_of(alembic, root)
    except MigrationError as error:
        source = Path(alembic.config_file_name or alembic.toml_file_name or root)
        found = _environment_directories(source.parent)
        if len(found) != 1:
            reason = error.message.split("; set ")[0]
            raise ConfigError(f"{reason}; pass --script-location DIR") from None
        value = environment.option(alembic, "script_location")
        what = f"script_location = {value}" if value else "no script_location"
        plan.notes.append(
            f"{_rel(source, root)} has {what}: it is filled in at run time; using "
            f"{_rel(found[0], root)}, which holds env.py (pass --script-location DIR to "
            "choose another)"
        )
        plan.settings["script_location"] = _rel(found[0], root)
        return found[0]


def _environment_directories(near: Path) -> list[Path]:
    """Directories at or below ``near`` (two levels) holding an ``env.py`` beside a
    ``versions`` directory or a ``script.py.mako``."""
    found = []
    for directory in [near, *near.glob("*"), *near.glob("*/*")]:
        if (directory / "env.py").is_file() and (
            (directory / "versions").is_dir() or (directory / "script.py.mako").is_file()
        ):
            found.append(directory.resolve())
    return sorted(set(found))


def _directory(root: Path, value: str, option: str) -> Path:
    path = (root / value).resolve()
    if not path.is_dir():
        raise ConfigError(f"{option} {value}: no such directory under {root}")
    return path


def _has_scripts(directory: Path, recursive: bool = False) -> bool:
    return any(
        environment.is_revision_script(p) for p in environment.tree_scripts(directory, recursive)
    )


def _revision_directories(script_location: Path) -> list[Path]:
    """Directories under ``script_location`` that hold revision scripts."""
    found = []
    for directory, names in _walk(script_location):
        scripts = (directory / n for n in names if n.endswith(".py") and n != "env.py")
        if any(environment.is_revision_script(p) for p in scripts):
            found.append(directory.resolve())
    return found


def _literals(env_py: Path) -> set[str]:
    """The string constants of ``env.py`` (the names of trees it may pick)."""
    try:
        tree = ast.parse(env_py.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return set()
    return {
        node.value.strip("/")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _version_trees(
    root: Path,
    alembic: AlembicConfig,
    script_location: Path,
    request: Request,
    plan: Plan,
) -> list[Path]:
    if request.versions:
        trees = [_directory(root, value, "--versions") for value in request.versions]
        plan.settings["versions"] = [_rel(t, root) for t in trees]
        return trees
    recursive = environment.boolean_option(alembic, "recursive_version_locations")
    configured = [t.resolve() for t in environment.version_trees(alembic, script_location, root)]
    used = [t for t in configured if t.is_dir() and _has_scripts(t, recursive)]
    others = [
        d
        for d in _revision_directories(script_location)
        if not any(d == t or (recursive and t in d.parents) for t in configured)
    ]
    literals = _literals(script_location / "env.py")
    picked = [d for d in others if d.name in literals or _rel(d, script_location) in literals]
    if not used:
        picked = others  # env.py picks every tree colretire sees at run time
    trees = used + picked
    if picked:
        plan.settings["versions"] = [_rel(t, root) for t in trees]
        plan.found.append(
            "version trees picked in env.py: " + ", ".join(_rel(t, root) for t in picked)
        )
    left = [d for d in others if d not in picked]
    if left:
        plan.notes.append(
            "revision scripts in "
            + ", ".join(_rel(d, root) for d in left)
            + " are in no version location Alembic is configured with, nor named in env.py; "
            "if env.py runs them, pass --versions DIR for every tree"
        )
    return trees or configured


# -- the models and the source directories ----------------------------------------------------


def _imports(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """Names bound by the module's imports: name -> (module, attribute or None)."""
    bound: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                bound[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = (alias.name, None)
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = (top, None)
    return bound


def _dotted(node: ast.expr) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def metadata_of(env_py: Path) -> tuple[str | None, str]:
    """``module:attribute`` of the metadata ``env.py`` gives Alembic (``target_metadata``),
    or ``None`` and why not."""
    try:
        tree = ast.parse(env_py.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError) as error:
        return None, f"{env_py.name} cannot be read ({type(error).__name__})"
    value: ast.expr | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "target_metadata" for t in targets):
                value = node.value
    if value is None or (isinstance(value, ast.Constant) and value.value is None):
        return None, "env.py gives Alembic no target_metadata"
    parts = _dotted(value)
    if parts and parts[-1] == "metadata" and len(parts) > 1:
        parts = parts[:-1]
    bound = _imports(tree).get(parts[0]) if parts else None
    if parts is None or bound is None:
        return (
            None,
            f"env.py sets target_metadata = {ast.unparse(value)}, which colretire cannot follow",
        )
    module, attribute = bound
    names = [attribute] if attribute else []
    names += parts[1:]
    if not names:
        return (
            None,
            f"env.py sets target_metadata = {ast.unparse(value)}, which colretire cannot follow",
        )
    return f"{module}:{'.'.join(names)}", ""


def settle_module(spec: str, bases: Iterable[Path]) -> str:
    """``pkg:sub.models.Base`` as ``pkg.sub.models:Base`` when those are modules on disk
    (``from pkg import sub`` then ``sub.models.Base.metadata`` in env.py)."""
    module, _, attribute = spec.partition(":")
    names = attribute.split(".")
    while len(names) > 1 and module_file(f"{module}.{names[0]}", bases) is not None:
        module, names = f"{module}.{names[0]}", names[1:]
    return f"{module}:{'.'.join(names)}"


def module_file(module: str, bases: Iterable[Path]) -> tuple[Path, Path] | None:
    """Where ``module`` is on disk (its base directory and file), without importing it."""
    parts = module.split(".")
    for base in bases:
        for candidate in (
            base.joinpath(*parts).with_suffix(".py"),
            base.joinpath(*parts, "__init__.py"),
        ):
            if candidate.is_file():
                return base, candidate
    return None


def _metadata(
    root: Path, env_py: Path, bases: list[Path], request: Request, plan: Plan
) -> tuple[str | None, Path | None]:
    """The metadata spec and the directory of the top package that holds it."""
    spec, why = (request.metadata, "") if request.metadata else metadata_of(env_py)
    if spec is None:
        plan.notes.append(
            f"{why}; check --db will read the models from the static index (pass "
            "--metadata module:attr to import them instead)"
        )
        return None, None
    spec = settle_module(spec, bases)
    module = spec.partition(":")[0]
    located = module_file(module, bases)
    if located is None:
        if request.metadata:
            raise ConfigError(f"--metadata {spec}: no module {module} in the project")
        plan.notes.append(
            f"env.py takes its metadata from {spec}, but {module} is not in the project; "
            "pass --metadata module:attr"
        )
        return None, None
    base, _ = located
    plan.found.append(
        f"models: {spec}" + ("" if request.metadata else " (env.py's target_metadata)")
    )
    return spec, base / module.split(".")[0]


def _packages(root: Path) -> list[Path]:
    found = []
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for directory in sorted(base.iterdir()):
            if (
                directory.is_dir()
                and (directory / "__init__.py").is_file()
                and directory.name not in NOT_SOURCE
                and not directory.name.startswith(".")
            ):
                found.append(directory)
    return found


def _sources(root: Path, models: Path | None, request: Request, plan: Plan) -> list[str]:
    if request.source:
        return [_rel(_directory(root, value, "--source"), root) for value in request.source]
    packages = _packages(root)
    if models is not None and models.is_dir() and models not in packages:
        packages.append(models)
    if not packages:
        plan.notes.append(
            "no package directory found, so the reference scan reads the whole project "
            "(pass --source DIR to narrow it)"
        )
        return ["."]
    return [_rel(p, root) for p in packages]


# -- the plan, and adoption -----------------------------------------------------------------


def plan(root: Path, request: Request) -> Plan:
    """Everything ``init`` would write, found without writing anything."""
    found = Plan()
    found.settings = {"state": request.state, "release_tags": request.release_tags}
    bases = [root, root / "src"]
    env_py = None
    path = _choose_configuration(root, request, found)
    if path is not None:
        section = _choose_section(root, path, request, found)
        config_file, toml_file = environment.files(path)
        alembic = environment.read(config_file, toml_file, section, root)
        script_location = _script_location(root, alembic, request, found)
        trees = _version_trees(root, alembic, script_location, request, found)
        recursive = environment.boolean_option(alembic, "recursive_version_locations")
        found.alembic = environment.Environment(
            config_file, toml_file, section, script_location, tuple(trees), recursive
        )
        found.settings["alembic"] = _rel(path, root)
        if section != environment.DEFAULT_SECTION:
            found.settings["alembic_section"] = section
        found.found.insert(
            0, f"Alembic: {_rel(path, root)}" + (f" [{section}]" if config_file else "")
        )
        env_py = script_location / "env.py"
        bases += [path.parent, script_location.parent]
    spec, models = (request.metadata, None)
    if env_py is not None or request.metadata:
        spec, models = _metadata(root, env_py or root / "env.py", bases, request, found)
    found.settings["source"] = _sources(root, models, request, found)
    found.settings["metadata"] = spec
    order = ["state", "source", "alembic", "alembic_section", "script_location", "versions"]
    order += ["metadata", "release_tags"]
    found.settings = {key: found.settings.get(key) for key in order}
    return found


@dataclass(frozen=True)
class Adopted:
    plan: Plan
    pyproject: Path | None
    state: Path | None
    baseline: baseline.Baseline
    baseline_path: Path | None
    ignored: list[str]


def adopt(root: Path, request: Request) -> Adopted:
    """Find the configuration, then write ``[tool.colretire]``, the state file and the
    adoption baseline; for a project configured before baselines existed, the baseline
    alone. Nothing is written when anything cannot be decided."""
    state = root / request.state
    statefile.recover(state, [root, state.parent])  # an init that was interrupted, say
    if config_module.has_table(root):
        return _baseline_only(root)
    found = plan(root, request)
    config = config_module.preview(root, found.settings)
    taken = baseline.take(found.alembic, root) if found.alembic else baseline.Baseline()
    state = config.state
    with Transaction(root, "init") as transaction:
        if state.exists():
            statefile.read(state)  # refuses a broken one loudly, keeps a good one
        else:  # a new file: no other command can be using it yet
            transaction.write(state, statefile.dumps(State()))
        if taken and config.baseline is not None:
            baseline.write(config.baseline, taken, Project(config).stamp(), transaction)
        written = config_module.write_table(root, found.settings, transaction)
        ignored = config_module.ignore_generated_files(
            root, [config_module.DEFAULTS["cache_dir"], f"{request.state}.lock"], transaction
        )
    return Adopted(found, written, state, taken, config.baseline if taken else None, ignored)


def _baseline_only(root: Path) -> Adopted:
    project = Project.locate(root)
    path = project.config.baseline
    ini = project.config.alembic
    if path is None or path.exists() or ini is None or not ini.is_file():
        raise ConfigError(
            f"{root / config_module.PYPROJECT} already has a [tool.colretire] table; edit it "
            "by hand"
        )
    alembic = environment.load(project.config)
    taken = baseline.take(alembic, root)
    with Transaction(root, "init") as transaction:
        baseline.write(path, taken, project.stamp(), transaction)
    return Adopted(Plan(alembic=alembic), None, None, taken, path, [])


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()

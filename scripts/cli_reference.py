"""Write docs/cli.md from the click commands themselves, so the reference cannot drift.

python scripts/cli_reference.py          # rewrite docs/cli.md
python scripts/cli_reference.py --check  # exit 1 if docs/cli.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from colretire.cli import main

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

INTRO = """\
# Command-line reference

Generated from the commands' own help by `python scripts/cli_reference.py`; do not edit.

Every command takes the global `-C DIR` (the project root). Exit codes: **0** success,
**1** a refused action or findings, **2** usage, configuration or state-file errors. Errors
are one line on stderr, `error: <what is wrong and what to do>`, never a traceback.

The JSON outputs (`--format json`) carry `"version": 1` and only ever gain fields; their
shapes are in [json.md](json.md).
"""


def help_text(command: click.Command, name: str, parent: click.Context | None) -> str:
    context = click.Context(command, info_name=name, parent=parent, terminal_width=100)
    return command.get_help(context)


def render() -> str:
    root = click.Context(main, info_name="colretire", terminal_width=100)
    parts = [INTRO, "## colretire\n", "```text\n" + main.get_help(root) + "\n```\n"]
    for name in sorted(main.list_commands(root)):
        command = main.get_command(root, name)
        assert command is not None
        parts.append(f"## colretire {name}\n")
        parts.append("```text\n" + help_text(command, name, root) + "\n```\n")
    return "\n".join(parts)


def run(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(
                f"{TARGET.name} is out of date: run python scripts/cli_reference.py",
                file=sys.stderr,
            )
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))

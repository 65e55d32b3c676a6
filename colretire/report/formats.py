"""What every renderer shares: printed paths, the SARIF envelope, GitHub annotation escaping."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from colretire import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/colretire/colretire"


def display_path(path: str, root: Path, cwd: Path) -> str:
    """``path`` (relative to ``root``) as linters print it: relative to ``cwd``."""
    return Path(os.path.relpath(root / path, cwd)).as_posix()


def sarif_log(
    rules: Sequence[dict[str, Any]],
    results: Sequence[dict[str, Any]],
    information_uri: str = INFORMATION_URI,
    **run: Any,
) -> str:
    """A SARIF 2.1.0 log with one run of colretire; ``run`` adds properties to the run."""
    driver = {
        "name": "colretire",
        "version": __version__,
        "informationUri": information_uri,
        "rules": list(rules),
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, **run, "results": list(results)}],
    }
    return json.dumps(log, indent=2) + "\n"


def github_data(value: str) -> str:
    """Escape the message of a GitHub workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """Escape a property (``file=``, ``title=``) of a GitHub workflow command."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")

"""A file that does not parse, read through a translation that keeps every line where it
was: one written for a newer Python (:mod:`~colretire.analysis.newer`) or a Python 2 file
(:mod:`~colretire.analysis.py2`)."""

from __future__ import annotations

from colretire.analysis import newer, py2
from colretire.analysis.source import Source


def translate(path: str, data: bytes) -> Source | None:
    """The file's translation, parsed, or ``None`` where neither translation applies."""
    return newer.translate(path, data) or py2.translate(path, data)

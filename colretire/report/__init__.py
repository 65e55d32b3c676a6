"""Printing, apart from deciding: pure functions from values to strings, one module per
command family (``lifecycle``: status, checklist, outcomes; ``refs``: references;
``check``: diagnostics) and the formats they share in ``formats`` (paths as linters print
them, SARIF 2.1.0, GitHub workflow annotations)."""

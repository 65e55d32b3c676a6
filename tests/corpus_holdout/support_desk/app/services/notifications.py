from __future__ import annotations

from app.models import Case


def subject_line(case: Case) -> str:
    origin = case.source.name if case.source else "direct"  # expect: CR108 certain; expect: CR108 certain
    return f"[{origin}] Case #{case.id}: {case.title}"


def should_page_partner(case: Case) -> bool:
    return case.source is not None and case.source.kind == "partner"  # expect: CR108 certain; expect: CR108 certain

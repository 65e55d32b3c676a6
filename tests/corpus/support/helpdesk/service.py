from sqlalchemy.orm import Session

from helpdesk.models import Case, Source


def source_name(case: Case) -> str:
    return case.source.name  # expect: CR108 certain


def owner_name(case: Case) -> str:
    return case.owner.name if case.owner else ""


def cases_of(source: Source) -> list[int]:
    return [c.id for c in source.cases]  # expect: CR108 certain


def open_case(source: Source, title: str) -> Case:
    return Case(title=title, source=source)  # expect: CR108 certain


def by_source(session: Session, source_id: int) -> list[Case]:
    return session.query(Case).filter(Case.source_id == source_id).all()  # expect: CR102 certain


def payload(case: Case) -> dict:
    return {"id": case.id, "source": case.source.name}  # expect: CR108 certain, CR108 certain


def move(case: Case, source_id: int) -> None:
    case.source_id = source_id  # expect: CR103 certain


def describe(item) -> str:
    return item.source.name  # expect: CR108 likely

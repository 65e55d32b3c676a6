from collections.abc import Iterator

from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///cms.db", connect_args={"check_same_thread": False})


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session

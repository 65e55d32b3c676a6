from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

engine = create_engine("postgresql+psycopg://shop@localhost/shop")
SessionFactory = sessionmaker(engine)


class Base(DeclarativeBase):
    pass


def get_db():
    db = SessionFactory()
    try:
        yield db
    finally:
        db.close()

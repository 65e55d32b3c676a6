from sqlalchemy import create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("postgresql://helpdesk@localhost/helpdesk", echo=False)
Session = scoped_session(sessionmaker(bind=engine, autoflush=False))
Base = declarative_base()

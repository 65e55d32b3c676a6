from fastapi import FastAPI
from sqlmodel import SQLModel

from app.db import engine
from app.routes import articles, moderation

app = FastAPI(title="cms")
app.include_router(articles.router)
app.include_router(moderation.router)


@app.on_event("startup")
def create_tables() -> None:
    SQLModel.metadata.create_all(engine)

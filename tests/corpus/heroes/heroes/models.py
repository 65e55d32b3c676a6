from pydantic import BaseModel
from sqlmodel import Field, SQLModel


class HeroBase(SQLModel):
    name: str = Field(index=True)
    secret_name: str  # expect: CR101 certain
    age: int | None = Field(default=None, index=True)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class HeroCreate(HeroBase):
    pass


class HeroPublic(HeroBase):
    id: int


class HeroForm(BaseModel):
    name: str
    secret_name: str  # expect: CR105 certain


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    secret_name: str = ""  # expect-not

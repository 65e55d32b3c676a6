from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class SourceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    state: str
    source_id: int | None = None  # expect: CR105 certain
    source: SourceOut | None = None  # expect: CR108 certain
    created_at: datetime


class LeadOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    source_id: int | None = None  # expect-not
    source: SourceOut | None = None  # expect-not


class CaseIn(BaseModel):
    title: str
    details: str = ""

from dataclasses import dataclass

from sqlalchemy import Column, Float, Integer, String, func
from sqlalchemy.orm import column_property, composite, declarative_base, deferred

Base = declarative_base()


@dataclass
class Point:
    x: float
    y: float


class Shipment(Base):
    __tablename__ = "shipments"

    id = Column(Integer, primary_key=True)
    reference = Column(String(30), nullable=False)
    start_lat = deferred(Column("start_lat", Float))  # expect: CR101 certain
    start_lng = Column(Float)
    start = composite(Point, start_lat, start_lng)  # expect: CR110 certain, CR102 certain
    lat_rounded = column_property(func.round(start_lat, 2))  # expect: CR109 certain, CR102 certain


class Route(Base):
    __tablename__ = "routes"

    id = Column(Integer, primary_key=True)
    start_lat = Column(Float)  # expect-not

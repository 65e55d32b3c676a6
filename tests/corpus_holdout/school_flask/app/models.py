import dataclasses
from datetime import datetime, timezone

from sqlalchemy.orm import composite

from app.extensions import db


class SoftDeleteMixin:
    archived_at = db.Column(db.DateTime(timezone=True), nullable=True)  # expect[courses.archived_at]: CR101 certain

    def archive(self) -> None:
        self.archived_at = datetime.now(timezone.utc)  # expect[courses.archived_at]: CR103 likely


enrollments = db.Table(
    "enrollments",
    db.Column("course_id", db.Integer, db.ForeignKey("courses.id"), primary_key=True),
    db.Column("student_id", db.Integer, db.ForeignKey("students.id"), primary_key=True),
    db.Column("archived_at", db.DateTime(timezone=True), nullable=True),  # expect-not[courses.archived_at]
)


@dataclasses.dataclass(frozen=True)
class RoomLocation:
    building: str
    floor: int  # expect-not[classrooms.floor]

    def label(self) -> str:
        return f"{self.building}{self.floor}"  # expect-not[classrooms.floor]


class Teacher(db.Model):
    __tablename__ = "teachers"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    courses = db.relationship("Course", back_populates="teacher")


class Classroom(db.Model):
    __tablename__ = "classrooms"

    id = db.Column(db.Integer, primary_key=True)
    building = db.Column(db.String(8), nullable=False)
    floor = db.Column(db.Integer, nullable=False)  # expect[classrooms.floor]: CR101 certain
    number = db.Column(db.String(8), nullable=False)
    capacity = db.Column(db.Integer, nullable=False, default=30)

    location = composite(RoomLocation, building, floor)  # expect[classrooms.floor]: CR110 certain


class Locker(db.Model):
    __tablename__ = "lockers"

    id = db.Column(db.Integer, primary_key=True)
    building = db.Column(db.String(8), nullable=False)
    floor = db.Column(db.Integer, nullable=False)  # expect-not[classrooms.floor]
    student_id = db.Column(db.Integer, db.ForeignKey("students.id"), nullable=True)


class Course(SoftDeleteMixin, db.Model):
    __tablename__ = "courses"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(16), unique=True, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    credits = db.Column(db.Integer, nullable=False, default=5)
    teacher_id = db.Column(db.Integer, db.ForeignKey("teachers.id"), nullable=False)
    classroom_id = db.Column(db.Integer, db.ForeignKey("classrooms.id"), nullable=True)

    teacher = db.relationship("Teacher", back_populates="courses")
    classroom = db.relationship("Classroom")
    students = db.relationship("Student", secondary=enrollments, back_populates="courses")


class Student(SoftDeleteMixin, db.Model):
    __tablename__ = "students"

    id = db.Column(db.Integer, primary_key=True)
    full_name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(320), unique=True, nullable=False)
    courses = db.relationship("Course", secondary=enrollments, back_populates="students")

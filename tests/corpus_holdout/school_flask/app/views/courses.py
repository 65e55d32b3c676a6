import math
from datetime import datetime, timezone

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import text

from app import models
from app.extensions import db
from app.models import Course, Student, Teacher
from app.schemas import CourseOut, StudentOut

bp = Blueprint("courses", __name__, url_prefix="/courses")

ARCHIVED_STUDENTS_SQL = text("SELECT COUNT(*) FROM students WHERE archived_at IS NOT NULL")  # expect-not[courses.archived_at]
UNARCHIVE_SQL = text("UPDATE courses SET archived_at = NULL WHERE id = :id")  # expect[courses.archived_at]: CR107 certain


def is_active(record) -> bool:
    return record.archived_at is None  # expect[courses.archived_at]: CR103 likely


@bp.get("/")
def list_courses():
    archived_at = request.args.get("archived_at")  # expect-not[courses.archived_at]
    query = Course.query
    if archived_at == "none":  # expect-not[courses.archived_at]
        query = query.filter(Course.archived_at.is_(None))  # expect[courses.archived_at]: CR102 certain
    courses = query.order_by(Course.code).all()
    return jsonify([CourseOut.model_validate(c).model_dump(mode="json") for c in courses])


@bp.get("/<int:course_id>")
def show_course(course_id: int):
    course = db.get_or_404(Course, course_id)
    return jsonify(
        {
            "code": course.code,
            "title": course.title,
            "half_credits": math.floor(course.credits / 2),  # expect-not[classrooms.floor]
            "archived_at": course.archived_at.isoformat() if course.archived_at else None,  # expect[courses.archived_at]: CR106 certain; expect[courses.archived_at]: CR103 certain; expect[courses.archived_at]: CR103 certain
        }
    )


@bp.post("/<int:course_id>/archive")
def archive_course(course_id: int):
    course = Course.query.get_or_404(course_id)
    now = datetime.now(timezone.utc)
    course.archived_at = now  # expect[courses.archived_at]: CR103 certain
    for student in course.students:
        if not student.courses or all(c.archived_at for c in student.courses):  # expect[courses.archived_at]: CR103 certain
            student.archived_at = now  # expect-not[courses.archived_at]
    db.session.commit()
    return jsonify(CourseOut.model_validate(course).model_dump(mode="json"))


@bp.post("/<int:course_id>/unarchive")
def unarchive_course(course_id: int):
    db.session.execute(UNARCHIVE_SQL, {"id": course_id})
    db.session.commit()
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    setattr(course, "archived_at", None)  # expect[courses.archived_at]: CR106 certain
    return jsonify(CourseOut.model_validate(course).model_dump(mode="json"))


@bp.post("/teachers/<int:teacher_id>/leave")
def teacher_leaves(teacher_id: int):
    teacher = db.get_or_404(Teacher, teacher_id)
    now = datetime.now(timezone.utc)
    for course in teacher.courses:
        course.archived_at = now  # expect[courses.archived_at]: CR103 certain
    db.session.commit()
    return jsonify({"archived": len(teacher.courses)})


@bp.get("/archived")
def archived_courses():
    stmt = db.select(Course).where(Course.archived_at.is_not(None)).order_by(Course.archived_at.desc())  # expect[courses.archived_at]: CR102 certain; expect[courses.archived_at]: CR102 certain
    courses = db.session.execute(stmt).scalars()
    return jsonify([{"code": c.code, "since": c.archived_at.isoformat()} for c in courses])  # expect[courses.archived_at]: CR103 certain


@bp.get("/active-count")
def active_count():
    C = models.Course
    n = C.query.filter_by(archived_at=None).count()  # expect[courses.archived_at]: CR104 certain
    return jsonify({"active": n, "archived_students": db.session.execute(ARCHIVED_STUDENTS_SQL).scalar()})


@bp.get("/students/archived")
def archived_students():
    students = Student.query.filter(Student.archived_at.is_not(None)).all()  # expect-not[courses.archived_at]
    return jsonify([StudentOut.model_validate(s).model_dump(mode="json") for s in students])


@bp.post("/import")
def import_course():
    data = request.get_json()
    course = Course(code=data["code"], title=data["title"], teacher_id=data["teacher_id"], archived_at=None)  # expect[courses.archived_at]: CR104 certain
    db.session.add(course)
    db.session.commit()
    return jsonify({"id": course.id}), 201

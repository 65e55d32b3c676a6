from math import floor  # expect-not[classrooms.floor]

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import func, text

from app.extensions import db
from app.models import Classroom, Course, Locker, RoomLocation
from app.schemas import ClassroomOut, LockerOut

bp = Blueprint("rooms", __name__, url_prefix="/rooms")

ROOMS_ON_LEVEL_SQL = text("SELECT id, number FROM classrooms WHERE floor = :level ORDER BY number")  # expect[classrooms.floor]: CR107 certain
LOCKERS_ON_LEVEL_SQL = text("SELECT id FROM lockers WHERE floor = :level AND student_id IS NULL")  # expect-not[classrooms.floor]


@bp.get("/")
def list_rooms():
    rooms = Classroom.query.filter(Classroom.floor >= 0).order_by(Classroom.building, Classroom.floor).all()  # expect[classrooms.floor]: CR102 certain; expect[classrooms.floor]: CR102 certain
    return jsonify([ClassroomOut.model_validate(r).model_dump() for r in rooms])


@bp.get("/<building>/<int:level>")
def rooms_on_level(building: str, level: int):
    rooms = Classroom.query.filter_by(building=building, floor=level).all()  # expect[classrooms.floor]: CR104 certain
    return jsonify([{"id": room.id, "number": room.number} for room in rooms])


@bp.get("/<int:room_id>")
def show_room(room_id: int):
    room = db.get_or_404(Classroom, room_id)
    return jsonify(
        {
            "number": room.number,
            "floor": room.floor,  # expect[classrooms.floor]: CR106 certain; expect[classrooms.floor]: CR103 certain
            "where": room.location.label(),  # expect[classrooms.floor]: CR110 certain
        }
    )


@bp.post("/")
def create_room():
    data = request.get_json()
    room = Classroom(
        location=RoomLocation(data["building"], int(data["floor"])),  # expect[classrooms.floor]: CR110 certain
        number=data["number"],
        capacity=data.get("capacity", 30),
    )
    db.session.add(room)
    db.session.commit()
    return jsonify(ClassroomOut.model_validate(room).model_dump()), 201


@bp.post("/annex")
def create_annex_room():
    room = Classroom(building="X", floor=0, number="X01", capacity=12)  # expect[classrooms.floor]: CR104 certain
    db.session.add(room)
    db.session.commit()
    return jsonify({"id": room.id}), 201


@bp.get("/same-spot/<building>/<int:level>")
def rooms_at(building: str, level: int):
    spot = RoomLocation(building, level)
    rooms = db.session.execute(db.select(Classroom).where(Classroom.location == spot)).scalars()  # expect[classrooms.floor]: CR110 certain
    return jsonify([r.number for r in rooms])


@bp.get("/stairs/<int:course_id>")
def stairs_for_course(course_id: int):
    course = db.get_or_404(Course, course_id)
    if course.classroom is None:
        abort(404)
    room = course.classroom
    spot: RoomLocation = room.location  # expect[classrooms.floor]: CR110 certain
    return jsonify({"building": spot.building, "level": spot.floor})  # expect-not[classrooms.floor]


@bp.get("/capacity-by-floor")
def capacity_by_floor():
    rows = db.session.execute(db.select(Classroom.floor, func.sum(Classroom.capacity)).group_by(Classroom.floor)).all()  # expect[classrooms.floor]: CR102 certain; expect[classrooms.floor]: CR102 certain
    return jsonify({str(level): int(total) for level, total in rows})


@bp.get("/lockers/<int:level>")
def lockers(level: int):
    free = Locker.query.filter_by(floor=level, student_id=None).all()  # expect-not[classrooms.floor]
    return jsonify([LockerOut.model_validate(locker).model_dump() for locker in free])


@bp.get("/lockers/nearest/<int:locker_id>")
def locker_level(locker_id: int):
    locker = db.get_or_404(Locker, locker_id)
    return jsonify({"floor": locker.floor, "half": floor(locker.id / 2)})  # expect-not[classrooms.floor]


def describe(place) -> str:
    # untyped: a classroom, a locker, or anything else with a floor  # expect-not[classrooms.floor]
    return f"{place.building}, level {place.floor}"  # expect[classrooms.floor]: CR103 likely

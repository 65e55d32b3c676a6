from flask import Flask

from app.extensions import db


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://school@localhost/school"
    if config:
        app.config.update(config)
    db.init_app(app)

    from app.views import courses, rooms

    app.register_blueprint(courses.bp)
    app.register_blueprint(rooms.bp)
    return app

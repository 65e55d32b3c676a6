# colretire-holdout: invoices.fee invoices.customer_id
"""Invoicing: a Flask application with Flask-SQLAlchemy models."""
from __future__ import annotations

from flask import Flask

from invoicing.extensions import db, migrate


def create_app(config: dict[str, object] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///invoicing.db",
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
    )
    if config:
        app.config.update(config)
    db.init_app(app)
    migrate.init_app(app, db)

    from invoicing.views import bp

    app.register_blueprint(bp)
    return app

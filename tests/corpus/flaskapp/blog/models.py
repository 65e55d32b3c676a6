from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class AuditEntry(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    action = db.Column(db.String(50))
    reviewed_at = db.Column(db.DateTime, nullable=True)  # expect: CR101 certain


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    reviewed_at = db.Column(db.DateTime)  # expect-not

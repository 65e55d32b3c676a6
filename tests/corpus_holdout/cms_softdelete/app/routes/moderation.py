"""Moderation queue: hide spam articles and the comments under them."""
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app import models as db
from app.db import get_session
from app.repository import ArticleRepository

router = APIRouter(prefix="/moderation", tags=["moderation"])

articles_table = db.Article.__table__


class ModerationReport(BaseModel):
    """What the moderation bot sends; it describes a comment, not an article."""

    comment_id: int
    reason: str
    is_deleted: bool = False  # expect-not


class HideRequest(BaseModel):
    slugs: list[str]


@router.post("/reports")
def handle_report(report: ModerationReport, session: Session = Depends(get_session)) -> dict[str, Any]:
    comment = session.get(db.Comment, report.comment_id)
    if comment is None:
        return {"ok": False}
    comment.is_deleted = report.is_deleted or report.reason == "spam"  # expect-not
    session.add(comment)
    session.commit()
    return {"ok": True, "hidden": comment.is_deleted}  # expect-not


@router.post("/hide")
def hide_articles(body: HideRequest, session: Session = Depends(get_session)) -> dict[str, int]:
    repo = ArticleRepository(session)
    hidden = 0
    for slug in body.slugs:
        article = repo.by_slug(slug)
        if article is None or article.is_deleted:  # expect: CR103 certain
            continue
        article.is_deleted = True  # expect: CR103 certain
        for comment in article.comments:
            if not comment.is_deleted:  # expect-not
                comment.is_deleted = True  # expect-not
        hidden += 1
    session.commit()
    return {"hidden": hidden}


@router.post("/sweep")
def sweep_old_articles(days: int = 365, session: Session = Depends(get_session)) -> dict[str, int]:
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    result = session.exec(
        update(db.Article)
        .where(col(db.Article.published_at) < cutoff)
        .values(is_deleted=True)  # expect: CR104 certain
    )
    session.commit()
    return {"swept": result.rowcount}


@router.get("/stats")
def stats(session: Session = Depends(get_session)) -> dict[str, int]:
    deleted_col = articles_table.c.is_deleted  # expect: CR102 certain
    hidden_articles = session.exec(select(func.count()).where(deleted_col)).one()
    hidden_comments = session.exec(select(func.count()).select_from(db.Comment).where(col(db.Comment.is_deleted))).one()  # expect-not
    is_deleted = hidden_articles + hidden_comments  # expect-not
    return {"articles": hidden_articles, "comments": hidden_comments, "total": is_deleted}  # expect-not


@router.get("/hidden-with-comments")
def hidden_with_comments(session: Session = Depends(get_session)) -> list[dict[str, Any]]:
    stmt = select(db.Article, db.Comment).join(db.Comment).where(db.Article.is_deleted, db.Comment.is_deleted)  # expect: CR102 certain; expect-not
    rows = session.exec(stmt).all()
    return [{"article": a.slug, "comment": c.id, "article_hidden": a.is_deleted} for a, c in rows]  # expect: CR103 likely

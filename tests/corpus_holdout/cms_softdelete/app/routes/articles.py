from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import text
from sqlmodel import Session, select

from app import models as m
from app.db import get_session
from app.models import Article, ArticleAdmin, ArticleCreate, ArticlePublic, ArticleUpdate, Comment, CommentPublic
from app.repository import ArticleRepository

router = APIRouter(prefix="/articles", tags=["articles"])

PURGE_SQL = text("DELETE FROM articles WHERE is_deleted AND published_at IS NULL")  # expect: CR107 certain
PURGE_COMMENTS_SQL = text("DELETE FROM comments WHERE is_deleted")  # expect-not


@router.get("", response_model=list[ArticlePublic])
def list_articles(offset: int = 0, limit: int = Query(default=20, le=100), session: Session = Depends(get_session)):
    return ArticleRepository(session).visible(offset, limit)


@router.post("", response_model=ArticlePublic, status_code=201)
def create_article(payload: ArticleCreate, session: Session = Depends(get_session)) -> Article:
    article = Article.model_validate(payload)
    session.add(article)
    session.commit()
    session.refresh(article)
    return article


@router.get("/{slug}", response_model=ArticlePublic)
def read_article(slug: str, session: Session = Depends(get_session)) -> Article:
    article = ArticleRepository(session).by_slug(slug)
    if article is None or article.is_deleted:  # expect: CR103 certain
        raise HTTPException(status_code=404, detail="Article not found")
    return article


@router.patch("/{article_id}", response_model=ArticleAdmin)
def update_article(article_id: int, payload: ArticleUpdate, session: Session = Depends(get_session)) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status_code=404)
    article.sqlmodel_update(payload.model_dump(exclude_unset=True))
    session.add(article)
    session.commit()
    session.refresh(article)
    return article


@router.delete("/{article_id}", status_code=204)
def delete_article(article_id: int, session: Session = Depends(get_session)) -> None:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status_code=404)
    article.sqlmodel_update({"is_deleted": True})  # expect: CR106 certain
    session.add(article)
    session.commit()


@router.post("/{article_id}/restore", response_model=ArticleAdmin)
def restore_article(article_id: int, session: Session = Depends(get_session)) -> Article:
    ArticleModel = m.Article
    article = session.exec(select(ArticleModel).where(ArticleModel.id == article_id, ArticleModel.is_deleted)).one()  # expect: CR102 certain
    setattr(article, "is_deleted", False)  # expect: CR106 certain
    session.add(article)
    session.commit()
    return article


@router.get("/admin/export")
def export_articles(include_deleted: bool = False, session: Session = Depends(get_session)) -> list[dict[str, Any]]:
    stmt = select(m.Article)
    if not include_deleted:
        stmt = stmt.where(m.Article.is_deleted == False)  # noqa: E712  # expect: CR102 certain
    rows = []
    for article in session.exec(stmt):
        rows.append(
            {
                "id": article.id,
                "slug": article.slug,
                "is_deleted": article.is_deleted,  # expect: CR106 certain; expect: CR103 certain
            }
        )
    return rows


@router.get("/admin/{article_id}/public-copy")
def public_copy(article_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status_code=404)
    return ArticleAdmin.model_validate(article).model_dump(exclude={"is_deleted"})  # expect: CR106 certain


@router.get("/{article_id}/comments", response_model=list[CommentPublic])
def list_comments(article_id: int, session: Session = Depends(get_session)):
    return ArticleRepository(session).visible_comments(article_id)


@router.delete("/{article_id}/comments/{comment_id}", status_code=204)
def delete_comment(article_id: int, comment_id: int, session: Session = Depends(get_session)) -> None:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.article_id != article_id:
        raise HTTPException(status_code=404)
    comment.sqlmodel_update({"is_deleted": True})  # expect-not
    session.add(comment)
    session.commit()


@router.get("/admin/trash/count")
def trash_count(is_deleted: bool = True, session: Session = Depends(get_session)) -> dict[str, int]:  # expect-not
    repo = ArticleRepository(session)
    items = repo.trash() if is_deleted else repo.visible(0, 1000)  # expect-not
    return {"count": len(items)}


@router.post("/admin/purge")
def purge(session: Session = Depends(get_session)) -> dict[str, int]:
    deleted = session.execute(PURGE_SQL).rowcount
    session.execute(PURGE_COMMENTS_SQL)
    session.commit()
    return {"purged": deleted}

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.models import Article, Comment


class ArticleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_slug(self, slug: str) -> Article | None:
        return self.session.exec(select(Article).where(Article.slug == slug)).first()

    def visible(self, offset: int = 0, limit: int = 20) -> Sequence[Article]:
        stmt = (
            select(Article)
            .where(col(Article.is_deleted).is_(False))  # expect: CR102 certain
            .order_by(col(Article.published_at).desc())
            .offset(offset)
            .limit(limit)
        )
        return self.session.exec(stmt).all()

    def trash(self) -> Sequence[Article]:
        return self.session.exec(select(Article).where(Article.is_deleted == True)).all()  # noqa: E712  # expect: CR102 certain

    def visible_comments(self, article_id: int) -> Sequence[Comment]:
        stmt = select(Comment).where(Comment.article_id == article_id, Comment.is_deleted == False)  # noqa: E712  # expect-not
        return self.session.exec(stmt).all()

    def soft_delete(self, article: Article) -> None:
        article.is_deleted = True  # expect: CR103 certain
        for comment in article.comments:
            comment.is_deleted = True  # expect-not
        self.session.add(article)

from datetime import datetime, timezone

from sqlmodel import Session, select

from app.models import Article, Author, Comment


def seed(session: Session) -> None:
    author = Author(display_name="Ada", email="ada@example.org")
    session.add(author)
    session.flush()
    hidden = Article(
        title="Draft",
        slug="draft",
        body="...",
        author_id=author.id,
        is_deleted=True,  # expect: CR104 certain
    )
    live = Article(title="Hello", slug="hello", body="Hello, world", author_id=author.id, published_at=datetime.now(timezone.utc))
    session.add_all([hidden, live])
    session.flush()
    session.add(Comment(article_id=live.id, author_name="Bob", body="Nice", is_deleted=False))  # expect-not
    session.commit()


def hidden_titles(session: Session) -> list[str]:
    result = session.execute(select(Article).filter_by(is_deleted=True)).scalars()  # expect: CR104 certain
    return [a.title for a in result]


def visible_only(items):
    # untyped: could be articles or comments
    return [item for item in items if not item.is_deleted]  # expect: CR103 likely


def count_hidden(articles: list[Article]) -> int:
    return sum(1 for a in articles if a.is_deleted)  # expect: CR103 certain

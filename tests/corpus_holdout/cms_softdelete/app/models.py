from datetime import datetime

from sqlmodel import Field, Relationship, SQLModel


class AuthorBase(SQLModel):
    display_name: str = Field(max_length=80)
    email: str = Field(unique=True)


class Author(AuthorBase, table=True):
    __tablename__ = "authors"

    id: int | None = Field(default=None, primary_key=True)
    articles: list["Article"] = Relationship(back_populates="author")


class ArticleBase(SQLModel):
    title: str = Field(max_length=200)
    slug: str = Field(index=True, unique=True)
    body: str
    published_at: datetime | None = None


class Article(ArticleBase, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="authors.id")
    # is_deleted hides the row instead of removing it  # expect-not
    is_deleted: bool = Field(default=False, index=True)  # expect: CR101 certain

    author: Author = Relationship(back_populates="articles")
    comments: list["Comment"] = Relationship(back_populates="article")


class Comment(SQLModel, table=True):
    __tablename__ = "comments"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id")
    author_name: str
    body: str
    is_deleted: bool = Field(default=False)  # expect-not

    article: Article = Relationship(back_populates="comments")


class ArticleCreate(ArticleBase):
    author_id: int


class ArticlePublic(ArticleBase):
    id: int
    author_id: int


class ArticleAdmin(ArticleBase):
    id: int
    author_id: int
    is_deleted: bool  # expect: CR105 certain


class ArticleUpdate(SQLModel):
    title: str | None = None
    slug: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    is_deleted: bool | None = None  # expect: CR105 certain


class CommentPublic(SQLModel):
    id: int
    article_id: int
    author_name: str
    body: str
    is_deleted: bool  # expect-not

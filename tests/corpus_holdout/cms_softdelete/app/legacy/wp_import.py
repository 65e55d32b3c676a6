# One-off WordPress import, written for Python 2 and never ported.
import sys

from app.db import engine
from sqlalchemy import text


def import_posts(rows):
    for post in rows:
        if post["post_status"] == "trash":
            print "skipping trashed post", post["ID"], "is_deleted=1"  # expect: CR001 certain
            continue
        engine.execute(text("INSERT INTO articles (title, slug, body, is_deleted) VALUES (:t, :s, :b, false)"), t=post["post_title"], s=post["post_name"], b=post["post_content"])


if __name__ == "__main__":
    import_posts(sys.stdin)

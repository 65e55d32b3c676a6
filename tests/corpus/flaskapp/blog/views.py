from blog.models import AuditEntry, Post


def pending_reviews():
    return AuditEntry.query.filter_by(reviewed_at=None).all()  # expect: CR104 certain


def review(entry_id: int, when) -> None:
    entry = AuditEntry.query.get(entry_id)
    entry.reviewed_at = when  # expect: CR103 certain


def post_reviewed(post_id: int):
    post = Post.query.get_or_404(post_id)
    return post.reviewed_at  # expect-not


def latest():
    return AuditEntry.query.order_by(AuditEntry.reviewed_at.desc()).first()  # expect: CR102 certain

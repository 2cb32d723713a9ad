"""What the review routes (issue 13: completions held for review) answer: commune officers their
own commune, province staff their province's communes, administrators every commune."""

from tests.access.matrix import COMMUNE_STAFF, Route, commune_scope, scoped


def review_home(role: str, target: str | None) -> int:
    """An officer is sent to their commune; province staff and administrators choose one."""
    return {"anonymous": 302, "commune_officer": 302, "province_staff": 200,
            "admin": 200}.get(role, 403)


ROUTES = [
    Route("review.index", "GET", "/review", review_home),
    Route("review.commune", "GET", "/review/communes/{commune}",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("review.decide", "POST", "/review/holds/{hold}/confirm",
          scoped(302, COMMUNE_STAFF, commune_scope)),
]

"""Long lists shown a page at a time (users, teams, communes, the audit log): one helper over
Flask-SQLAlchemy's ``db.paginate``, and templates/geography/_pager.html for the links."""

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from learning.extensions import db

PER_PAGE = 50


def paginate(statement: Select[Any], page: int, per_page: int = PER_PAGE) -> Pagination:
    """One page of the statement's rows, with the total. A page past the end (the list got
    shorter since the link was made) gives the last page."""
    pager = db.paginate(statement, page=max(page, 1), per_page=per_page, max_per_page=per_page,
                        error_out=False)
    if pager.pages and pager.page > pager.pages:
        pager = db.paginate(statement, page=pager.pages, per_page=per_page,
                            max_per_page=per_page, error_out=False)
    return pager

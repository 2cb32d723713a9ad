"""Actions that cannot be undone in one tap ask to confirm first, on a page of their own (works
without JavaScript): removing a tutor, taking someone off the list, deleting a team or an event.
"""

from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.teams.models import DigitalTeam, TeamMember
from tests.factories import (
    add_tutor,
    make_event,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)


class FormsInPhrasing(HTMLParser):
    """Forms opened inside a <p> or a <span> (invalid HTML: the browser closes the <p> first,
    and screen readers announce the pieces apart)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misplaced = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form" and {"p", "span"} & set(self.open):
            self.misplaced += 1
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def misplaced_forms(html: str) -> int:
    parser = FormsInPhrasing()
    parser.feed(html)
    return parser.misplaced


@pytest.fixture
def officer(client):
    team = make_team()
    officer = make_user(Role.COMMUNE_OFFICER, team.commune)
    sign_in(client, officer)
    return team


def test_removing_a_tutor_asks_to_confirm(app, client, officer):
    team = officer
    tutor = add_tutor(team, "Trần Văn Minh")
    db.session.commit()
    member = db.session.scalars(select(TeamMember)).one()
    url = f"/teams/{team.id}/members/{member.id}/remove"
    page = client.get(f"/teams/{team.id}")
    assert f'href="{url}"' in page.text and misplaced_forms(page.text) == 0
    ask = client.get(url)
    assert ask.status_code == 200 and "Remove Trần Văn Minh from the team?" in ask.text
    assert 'type="checkbox"' in ask.text
    unticked = client.post(url, data={})
    assert unticked.status_code == 422 and "Tick the box to confirm." in unticked.text
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 1
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert tutor.role == Role.LEARNER
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 0


def test_taking_someone_off_the_list_asks_to_confirm(app, client, officer):
    team = officer
    mai, _ = sign_up_in_person(team, add_tutor(team), "Lò Thị Mai")
    db.session.commit()
    url = f"/learners/{mai.id}/remove"
    page = client.get(f"/learners/{mai.id}")
    assert f'href="{url}"' in page.text and misplaced_forms(page.text) == 0
    assert "Take Lò Thị Mai off the team&#39;s list?" in client.get(url).text
    assert client.post(url).status_code == 422
    db.session.expire_all()
    assert db.session.get(User, mai.id).team_id == team.id
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, mai.id).team_id is None


def test_deleting_a_team_or_an_event_asks_to_confirm(app, client, officer):
    team = officer
    empty = make_team(area_name="Thôn Nhầm")
    event = make_event(team, add_tutor(team), "Mistake")
    db.session.commit()
    assert f'href="/teams/{empty.id}/delete"' in client.get(f"/teams/{empty.id}").text
    assert "Delete the team of Thôn Nhầm?" in client.get(f"/teams/{empty.id}/delete").text
    assert client.post(f"/teams/{empty.id}/delete").status_code == 422
    assert db.session.get(DigitalTeam, empty.id) is not None
    assert client.post(f"/teams/{empty.id}/delete", data={"confirm": "y"}).status_code == 302
    assert db.session.get(DigitalTeam, empty.id) is None
    page = client.get(f"/events/{event.id}")
    assert f'href="/events/{event.id}/delete"' in page.text and misplaced_forms(page.text) == 0
    assert client.post(f"/events/{event.id}/delete").status_code == 422
    assert client.post(f"/events/{event.id}/delete", data={"confirm": "y"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(TeamEvent)) == 0

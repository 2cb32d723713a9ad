"""Sessions and events: date, place, courses covered, attendees from the list or signed up on
the spot; attendance is kept with the event."""

import uuid
from datetime import date

from sqlalchemy import func, select

from learning.events.models import EventAttendance, TeamEvent
from learning.extensions import db
from tests.factories import add_tutor, make_event, make_team, sign_in, sign_up_in_person
from tests.teams.helpers import answer_form


def event_form(**extra):
    return {"title": "Thứ Bảy chuyển đổi số", "held_on": "2025-09-20",
            "place": "Nhà văn hoá xã", "courses": ["vneid", "online-scams"],
            "form_id": "5d6f7a8b-0000-4000-8000-000000000001", **extra}


def test_tutor_records_an_event_with_its_courses(app, client):
    team = make_team()
    tutor = add_tutor(team)
    sign_in(client, tutor)
    response = client.post(f"/teams/{team.id}/events/new", data=event_form())
    assert response.status_code == 302
    event = db.session.scalars(select(TeamEvent)).one()
    assert (event.held_on, event.place, event.created_by_id) == \
        (date(2025, 9, 20), "Nhà văn hoá xã", tutor.id)
    assert [c.slug for c in event.courses] == ["vneid", "online-scams"]
    again = client.post(f"/teams/{team.id}/events/new", data=event_form())
    assert again.headers["Location"] == response.headers["Location"], "one event, not two"
    assert db.session.scalar(select(func.count()).select_from(TeamEvent)) == 1
    page = client.get(f"/events/{event.id}")
    assert "Thứ Bảy chuyển đổi số" in page.text


def test_a_bad_date_is_refused_and_the_rest_kept(app, client):
    team = make_team()
    sign_in(client, add_tutor(team))
    response = client.post(f"/teams/{team.id}/events/new",
                           data=event_form(held_on="20/09/2025", place=""))
    assert response.status_code == 422
    assert "Not a valid date value." in response.text  # WTForms' message for a bad date
    assert "Enter where it is held" in response.text
    assert 'value="Thứ Bảy chuyển đổi số"' in response.text


def test_attendees_from_the_list_and_signed_up_on_the_spot(app, client):
    team = make_team()
    tutor = add_tutor(team)
    mai, _ = sign_up_in_person(team, tutor, "Lò Thị Mai")
    ban, _ = sign_up_in_person(team, tutor, "Vi Văn Ban")
    event = make_event(team, tutor)
    sign_in(client, tutor)
    assert client.post(f"/events/{event.id}/attendees", data={}).status_code == 422
    client.post(f"/events/{event.id}/attendees", data={"learners": [str(mai.id), str(ban.id)]})
    client.post(f"/events/{event.id}/attendees", data={"learners": [str(mai.id)]})
    response = client.post(f"/events/{event.id}/attendees/new", data={
        "full_name": "Hà Thị Nga", "consent": "y", "form_id": str(uuid.uuid4())})
    assert response.status_code == 200 and "Back to the event" in response.text
    count = db.session.scalar(select(func.count()).where(EventAttendance.event_id == event.id))
    assert count == 3
    page = client.get(f"/events/{event.id}")
    assert "3 people attended" in page.text and "Hà Thị Nga" in page.text
    asked = client.get(f"/events/{event.id}/attendees/{ban.id}/remove")
    assert asked.status_code == 200
    assert "Remove Vi Văn Ban from the people who attended" in asked.text
    not_confirmed = client.post(f"/events/{event.id}/attendees/{ban.id}/remove")
    assert not_confirmed.status_code == 422 and "Tick the box to confirm." in not_confirmed.text
    assert db.session.scalar(select(func.count()).where(
        EventAttendance.learner_id == ban.id)) == 1
    removed = client.post(f"/events/{event.id}/attendees/{ban.id}/remove",
                          data={"confirm": "y"}, follow_redirects=True)
    assert "2 people attended" in removed.text
    assert db.session.scalar(select(func.count()).where(
        EventAttendance.learner_id == ban.id)) == 0


def test_people_of_another_team_cannot_be_marked(app, client):
    team, other = make_team(area_name="Thôn 1"), make_team(area_name="Thôn 2")
    tutor, other_tutor = add_tutor(team, "A"), add_tutor(other, "B")
    stranger, _ = sign_up_in_person(other, other_tutor, "Người lạ")
    event = make_event(team, tutor)
    sign_in(client, tutor)
    client.post(f"/events/{event.id}/attendees", data={"learners": [str(stranger.id)]})
    assert db.session.scalar(select(func.count()).select_from(EventAttendance)) == 0


def test_an_event_with_progress_is_kept_and_only_its_lead_or_creator_edits_it(app, client,
                                                                              catalogue):
    team = make_team()
    lead = add_tutor(team, "Lead", lead=True)
    tutor = add_tutor(team, "Tutor")
    event = make_event(team, lead)
    mai, _ = sign_up_in_person(team, tutor)
    sign_in(client, tutor)
    assert client.get(f"/events/{event.id}/edit").status_code == 403
    lesson = catalogue.course("vneid").lessons[0]
    client.post(f"/learners/{mai.id}/tutor/vneid/{lesson.id}",
                data={**answer_form(lesson), "event": str(event.id)})
    client.post("/signout")
    sign_in(client, lead)
    assert client.post(f"/events/{event.id}/edit", data=event_form(title="Renamed")
                       ).status_code == 302
    refused = client.post(f"/events/{event.id}/delete", data={"confirm": "y"},
                          follow_redirects=True)
    assert "cannot be deleted" in refused.text
    empty = make_event(team, lead, "Mistake")
    db.session.commit()
    assert client.post(f"/events/{empty.id}/delete").status_code == 422, "not confirmed"
    assert client.post(f"/events/{empty.id}/delete", data={"confirm": "y"}).status_code == 302
    assert [e.title for e in db.session.scalars(select(TeamEvent))] == ["Renamed"]

"""A tutor's phone sends the team's work done offline: people signed up on the spot and who
attended an event. Replayed or out-of-order batches merge, never duplicate; the server checks
every sign-up again with the online form's rules; a tutor works only for their own team."""

import uuid

from sqlalchemy import func, select

from learning.accounts.models import Consent, User
from learning.events.models import EventAttendance
from learning.extensions import db
from learning.reporting.rebuild import verify
from tests.factories import add_tutor, make_event, make_team, sign_in, sign_up_in_person
from tests.offline.batches import post


def sign_up(team=None, event=None, **fields) -> dict:
    item = {"id": str(uuid.uuid4()), "type": "sign_up", "full_name": "Lò Thị Mai",
            "birth_year": 1958, "gender": "female", "consent": True,
            "submitted_at": "2025-08-01T09:30:00+07:00", **fields}
    if team is not None:
        item["team"] = team.id
    if event is not None:
        item["event"] = event.id
    return item


def attendance(event, learner) -> dict:
    return {"id": str(uuid.uuid4()), "type": "attendance", "event": event.id,
            "learner": learner.id, "submitted_at": "2025-08-01T09:30:00+07:00"}


def people(name: str = "Lò Thị Mai") -> list[User]:
    return list(db.session.scalars(select(User).where(User.full_name == name)
                                   .order_by(User.id)))


def attendees(event) -> list[int]:
    return sorted(db.session.scalars(select(EventAttendance.learner_id)
                                     .where(EventAttendance.event_id == event.id)))


def tutor_signed_in(client):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    event = make_event(team, tutor, title="Ngày thứ Bảy số")
    db.session.commit()
    sign_in(client, tutor)
    client.get("/language/en")
    return team, tutor, event


def test_a_person_signed_up_offline_at_an_event_is_on_the_list_and_attended(client):
    team, tutor, event = tutor_signed_in(client)
    item = sign_up(event=event, full_name="  Lò Thị   Mai ")
    body = post(client, [item]).get_json()
    [result] = body["results"]
    assert (result["id"], result["status"], body["recorded"]) == (item["id"], "recorded", 1)
    [mai] = people()
    assert result["learner"] == mai.id
    assert (mai.team_id, mai.registered_by_id, mai.birth_year, mai.gender, mai.phone) == (
        team.id, tutor.id, 1958, "female", None)
    assert db.session.scalars(select(Consent.recorded_by_id)
                              .where(Consent.user_id == mai.id)).one() == tutor.id
    assert attendees(event) == [mai.id]
    assert "Lò Thị Mai" in client.get(f"/teams/{team.id}/learners").text
    assert "Lò Thị Mai" in client.get(f"/events/{event.id}").text


def test_a_replayed_batch_and_batches_out_of_order_sign_up_once(client):
    team, _tutor, event = tutor_signed_in(client)
    ban, _ = sign_up_in_person(team, _tutor, full_name="Vi Văn Ban", birth_year=1950)
    db.session.commit()
    first = [sign_up(team), attendance(event, ban)]
    second = [sign_up(event=event, full_name="Hà Văn An", birth_year=None)]
    assert [r["status"] for r in post(client, second).get_json()["results"]] == ["recorded"]
    assert [r["status"] for r in post(client, first).get_json()["results"]] == [
        "recorded", "recorded"]
    for batch in (first, second, first + second):  # sent again, in any order
        results = post(client, batch).get_json()["results"]
        assert {r["status"] for r in results} == {"duplicate"}
    assert len(people()) == 1 and len(people("Hà Văn An")) == 1
    an = people("Hà Văn An")[0]
    assert attendees(event) == sorted([ban.id, an.id])
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.team_id == team.id)) == 3


def test_the_same_person_signed_up_on_two_phones_is_merged_not_duplicated(client):
    team, _tutor, event = tutor_signed_in(client)
    post(client, [sign_up(team)])
    [mai] = people()
    body = post(client, [sign_up(event=event, full_name="LÒ THỊ MAI")]).get_json()
    [result] = body["results"]
    assert (result["status"], result["learner"], body["merged"]) == ("merged", mai.id, 1)
    assert "Lò Thị Mai (1958) was already on the team's list" in result["message"]
    assert len(people()) == 1 and people("LÒ THỊ MAI") == []
    assert attendees(event) == [mai.id], "the attendance goes to the person on the list"


def test_a_year_of_birth_given_only_once_asks_the_tutor_in_both_orders(client):
    team, _tutor, event = tutor_signed_in(client)
    for first_year, then_year, name in ((1958, None, "Lò Thị Mai"), (None, 1960, "Vi Văn Ban")):
        post(client, [sign_up(team, full_name=name, birth_year=first_year)])
        [existing] = people(name)
        item = sign_up(event=event, full_name=name.upper(), birth_year=then_year)
        [result] = post(client, [item]).get_json()["results"]
        assert (result["status"], result["error"]) == ("refused", "possible_duplicate")
        assert result["existing"] == [{"id": existing.id, "name": (
            f"{name} ({first_year})" if first_year else name)}]
        assert "Is it the same person?" in result["message"]
        assert people(name.upper()) == [] and existing.id not in attendees(event)
        # The tutor says: it is another person.
        confirmed = post(client, [{**item, "confirm_new": True}]).get_json()["results"][0]
        assert confirmed["status"] == "recorded" and len(people(name.upper())) == 1
        assert post(client, [item]).get_json()["results"][0]["status"] == "duplicate"


def test_the_tutor_says_it_is_the_same_person_and_the_attendance_goes_to_them(client):
    team, _tutor, event = tutor_signed_in(client)
    post(client, [sign_up(team, birth_year=None, gender=None)])
    [mai] = people()
    item = sign_up(event=event, birth_year=1958, same_as=mai.id, gender="female")
    [result] = post(client, [item]).get_json()["results"]
    assert (result["status"], result["learner"]) == ("merged", mai.id)
    assert len(people()) == 1 and attendees(event) == [mai.id]
    db.session.expire_all()
    assert (mai.birth_year, mai.gender) == (1958, "female"), "what the list lacked, filled in"
    again = post(client, [sign_up(team, birth_year=1958, gender="male")]).get_json()
    assert again["results"][0]["status"] == "merged"
    db.session.expire_all()
    assert mai.gender == "female", "what the list holds is never changed by a sign-up"
    db.session.commit()
    assert verify().differences == [], "the statistics counters follow"


def test_a_sign_up_is_checked_with_the_online_forms_rules(client):
    team, _tutor, _event = tutor_signed_in(client)
    client.get("/language/vi")
    bad = [sign_up(team, consent=False), sign_up(team, full_name="   "),
           sign_up(team, birth_year=1800), sign_up(team, gender="robot"),
           sign_up(team, full_name="x" * 121), sign_up(team, birth_year=[1958]),
           sign_up(team, birth_year="năm")]
    results = post(client, bad).get_json()["results"]
    assert [r["status"] for r in results] == ["refused"] * len(bad)
    assert {r["error"] for r in results} == {"invalid_sign_up"}
    assert "Cần có sự đồng ý của người đó" in results[0]["message"], "in the tutor's language"
    assert people() == [] and people("x" * 121) == []


def test_a_tutor_cannot_sign_someone_into_another_team_or_record_at_its_event(client):
    team, tutor, event = tutor_signed_in(client)
    other = make_team(area_name="Thôn 9")
    other_tutor = add_tutor(other, "Lê Văn Bình")
    other_event = make_event(other, other_tutor, title="Ngày hội khác")
    stranger, _ = sign_up_in_person(other, other_tutor, full_name="Người Lạ", birth_year=1950)
    mine, _ = sign_up_in_person(team, tutor, full_name="Vi Văn Ban", birth_year=1950)
    db.session.commit()
    batch = [sign_up(other), sign_up(event=other_event), sign_up(team, event=other_event),
             sign_up(team, same_as=stranger.id),
             attendance(other_event, mine), attendance(event, stranger),
             attendance(other_event, stranger), {**attendance(event, mine), "event": 999999},
             {**sign_up(), "team": 999999}]
    results = post(client, batch).get_json()["results"]
    assert [r.get("error") for r in results] == [
        "unknown_team", "unknown_event", "unknown_event", "not_on_list",
        "unknown_event", "not_on_list", "unknown_event", "unknown_event", "unknown_team"]
    assert people() == [] and attendees(other_event) == [] and attendees(event) == []
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.team_id == other.id)) == 1


def test_a_learner_cannot_sign_anyone_up(client):
    team = make_team()
    tutor = add_tutor(team)
    learner, _ = sign_up_in_person(team, tutor, full_name="Vi Văn Ban")
    from tests.factories import make_user

    someone = make_user()
    db.session.commit()
    sign_in(client, someone)
    results = post(client, [sign_up(team)]).get_json()["results"]
    assert results[0]["error"] == "unknown_team" and people() == []
    assert learner.team_id == team.id


def test_team_work_and_progress_in_one_batch_are_each_answered_in_order(client, catalogue):
    from tests.offline.batches import attempt

    team, tutor, event = tutor_signed_in(client)
    ban, _ = sign_up_in_person(team, tutor, full_name="Vi Văn Ban")
    db.session.commit()
    tutored = {**attempt(catalogue, "what-is-vneid"), "learner": ban.id, "method": "tutor"}
    batch = [tutored, sign_up(team), {"id": "nope", "type": "sign_up"}, attendance(event, ban)]
    results = post(client, batch).get_json()["results"]
    assert [(r["id"], r["status"]) for r in results] == [
        (tutored["id"], "recorded"), (batch[1]["id"], "recorded"), ("nope", "refused"),
        (batch[3]["id"], "recorded")]

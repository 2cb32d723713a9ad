"""What a tutor's phone keeps to tutor offline: the team's list and a tutoring page per lesson."""

from learning.progress.services import record_quiz_attempt
from tests.factories import add_tutor, make_event, make_team, sign_in, sign_up_in_person
from tests.offline.batches import answers_for


def test_the_team_pack_lists_the_roster_with_what_each_person_completed(client, catalogue):
    team = make_team()
    tutor = add_tutor(team)
    mai, _ = sign_up_in_person(team, tutor, full_name="Lò Thị Mai")
    pao, _ = sign_up_in_person(team, tutor, full_name="Lò Văn Páo")
    other_team = make_team(area_name="Thôn 2")
    sign_up_in_person(other_team, add_tutor(other_team, full_name="Lê Văn Bình"),
                      full_name="Hà Thị Nga")
    lesson = catalogue.lesson("vneid", "what-is-vneid")
    record_quiz_attempt(mai, catalogue.course("vneid"), lesson,
                        {int(k): tuple(v) for k, v in answers_for(lesson).items()},
                        "4b1c0f1e-8a6e-4d36-9d2b-6f1e1d9f0a01")
    sign_in(client, tutor)
    pack = client.get(f"/offline/teams/{team.id}.json").get_json()
    assert [(p["id"], p["name"]) for p in pack["learners"]] == [
        (mai.id, "Lò Thị Mai"), (pao.id, "Lò Văn Páo")], "only the team's own people"
    assert pack["learners"][0]["done"] == ["vneid/what-is-vneid"]
    assert pack["learners"][1]["done"] == []
    pages = [page["url"] for page in pack["pages"]]
    assert f"/teams/{team.id}/learners" in pages and "/offline/tutor/learner" in pages
    lessons = sum(len(course.lessons) for course in catalogue.courses)
    assert len([page for page in pages if page.startswith("/offline/tutor/")]) == lessons + 1
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert pack["courses"] == [course.id for course in catalogue.courses]
    assert [address.split("?")[0] for address in pack["files"]] == [
        "/static/js/team.js", "/offline/strings/vi/team.json"], "the tutor's script and words"
    roster = client.get(f"/teams/{team.id}/learners").get_data(as_text=True)
    for address in pack["files"]:
        assert f'"{address}"' in roster, "the very files the kept pages load"
        with client.get(address) as response:
            assert response.status_code == 200, address


def test_the_kept_tutoring_page_has_the_lesson_its_quiz_and_the_teams_events(client, catalogue):
    team = make_team()
    tutor = add_tutor(team)
    event = make_event(team, tutor, title="Ngày thứ Bảy chuyển đổi số")
    sign_in(client, tutor)
    page = client.get("/offline/tutor/vneid/what-is-vneid").get_data(as_text=True)
    lesson = catalogue.lesson("vneid", "what-is-vneid")
    assert lesson.text("vi").title in page
    assert 'id="tutor-quiz"' in page and 'name="q0"' in page
    assert f'name="event" value="{event.id}"' in page and "Ngày thứ Bảy chuyển đổi số" in page
    assert f'href="/teams/{team.id}/learners"' in page, "the next person, from the team's list"
    learner_page = client.get("/offline/tutor/learner").get_data(as_text=True)
    assert 'href="/learners/0/tutor/vneid/what-is-vneid"' in learner_page


def test_the_team_pack_keeps_the_sign_up_form_and_the_pages_of_the_events_near_today(client):
    from datetime import date, timedelta

    team = make_team()
    tutor = add_tutor(team)
    today = date.today()
    near = [make_event(team, tutor, title="Tuần trước", held_on=today - timedelta(days=6)),
            make_event(team, tutor, title="Thứ Bảy tới", held_on=today + timedelta(days=10))]
    far = [make_event(team, tutor, title="Tháng trước", held_on=today - timedelta(days=30)),
           make_event(team, tutor, title="Tháng sau", held_on=today + timedelta(days=40))]
    sign_in(client, tutor)
    pages = [page["url"] for page in client.get(f"/offline/teams/{team.id}.json")
             .get_json()["pages"]]
    assert f"/teams/{team.id}/learners/new" in pages and f"/teams/{team.id}/events" in pages
    for event in near:
        assert {f"/events/{event.id}", f"/events/{event.id}/attendees/new"} <= set(pages)
    for event in far:
        assert not [page for page in pages if page.startswith(f"/events/{event.id}")]
    sign_up_page = client.get(f"/teams/{team.id}/learners/new").get_data(as_text=True)
    assert 'id="signup"' in sign_up_page
    assert 'id="attend"' in client.get(f"/events/{near[0].id}").get_data(as_text=True)

"""Issue 10, findings 7 and 8: one size limit for everything sent (the sync API's smaller),
applied before the CSRF check reads a form; NUL and other control characters refused with a
clear answer on SQLite and PostgreSQL, nothing stored."""

import io
import json

import pytest
from sqlalchemy import func, select
from wtforms import StringField as PlainStringField

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.offline.events import MAX_BODY_BYTES
from learning.teams.models import DigitalTeam
from learning.web.forms import StringField
from tests.factories import make_commune, make_team, make_user, sign_in
from tests.security.conftest import csrf_sign_in, token_of

FIFTY_MB = 50 * 1024 * 1024


def sync_token(client) -> str:
    return client.get("/api/v1/progress/sync").json["csrf_token"]


def padded_batch(size: int) -> bytes:
    """A well-formed batch (no events) padded to the given size."""
    head = b'{"events": [], "pad": "'
    return head + b"x" * (size - len(head) - 2) + b'"}'


def test_a_50_mb_body_answers_413_on_the_sync_api_and_on_settings(csrf_client):
    csrf_sign_in(csrf_client, make_user())
    token = sync_token(csrf_client)
    sync = csrf_client.post("/api/v1/progress/sync", data=padded_batch(FIFTY_MB),
                            headers={"X-CSRFToken": token, "Content-Type": "application/json"})
    assert sync.status_code == 413 and sync.json["error"] == "request_entity_too_large"
    boundary = "----limit"
    fields = {"csrf_token": token_of(csrf_client, "/settings"), "locale": "en"}
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode() for name, value in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; '
             f'filename="big.bin"\r\n\r\n').encode() + b"x" * FIFTY_MB
    body += f"\r\n--{boundary}--\r\n".encode()
    settings = csrf_client.post("/settings", data=body,
                                content_type=f"multipart/form-data; boundary={boundary}")
    assert settings.status_code == 413 and "What was sent is too large." in settings.text


def test_the_sync_api_s_own_limit_holds_before_the_csrf_check(csrf_client):
    """Between the sync API's 256 KiB and the site's 1 MiB: refused by the sync API only."""
    csrf_sign_in(csrf_client, make_user())
    token = sync_token(csrf_client)
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    assert csrf_client.post("/api/v1/progress/sync", data=padded_batch(MAX_BODY_BYTES),
                            headers=headers).status_code == 200
    over = csrf_client.post("/api/v1/progress/sync", data=padded_batch(MAX_BODY_BYTES + 1),
                            headers=headers)
    assert over.status_code == 413


def test_a_chunked_body_or_a_false_content_length_does_not_get_past_the_limit(csrf_client):
    csrf_sign_in(csrf_client, make_user())
    token = sync_token(csrf_client)
    body = padded_batch(MAX_BODY_BYTES * 4)
    chunked = csrf_client.post(
        "/api/v1/progress/sync", input_stream=io.BytesIO(body),
        headers={"X-CSRFToken": token, "Content-Type": "application/json",
                 "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True})  # as gunicorn says of chunked bodies
    assert chunked.status_code == 413, chunked.text
    lying = csrf_client.post(
        "/api/v1/progress/sync", input_stream=io.BytesIO(body),
        headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        environ_overrides={"CONTENT_LENGTH": "100"})
    assert lying.status_code == 400, "only the 100 bytes announced are read: not a batch"


def test_nul_in_the_sign_up_name_answers_422_and_nothing_is_stored(csrf_client):
    make_commune()
    db.session.commit()
    form = {"phone": "0912 345 678", "full_name": "Lê\x00 Thị Lan", "birth_year": "1961",
            "password": "a good password", "consent": "y", "commune": "17611",
            "csrf_token": token_of(csrf_client, "/signup")}
    response = csrf_client.post("/signup", data=form)
    assert response.status_code == 422
    assert "Remove the special characters" in response.text
    assert 'value="Lê Thị Lan"' in response.text, "what was typed stays (without the NUL)"
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_in_the_forms_of_every_area(client, character):
    team = make_team()
    officer = make_user(Role.COMMUNE_OFFICER, team.commune, full_name="Officer")
    sign_in(client, officer)
    bad = f"Thôn{character} 9"
    sent = {
        f"/teams/{team.id}/edit": {"area_kind": "thon", "area_name": bad},
        "/communes/17611/teams/new": {"area_kind": "thon", "area_name": bad},
        f"/teams/{team.id}/members": {"phone": "0912345678", "full_name": bad},
        "/my-data/edit": {"full_name": bad, "commune_query": bad, "commune": "17611"},
        f"/admin/users/{officer.id}": {"role": "learner", "commune_query": bad},
    }
    for path, form in sent.items():
        response = client.post(path, data=form)
        assert response.status_code in (403, 422), (path, response.status_code)
    assert client.get(f"/teams/{team.id}/learners?q=a{character}b").status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(DigitalTeam)) == 1
    assert not [name for name in db.session.scalars(select(User.full_name)) if character in name]


def test_the_sync_api_refuses_control_characters(client):
    sign_in(client, make_user())
    batch = {"events": [{"id": "a\x00b", "kind": "lesson"}]}
    response = client.post("/api/v1/progress/sync", data=json.dumps(batch),
                           content_type="application/json")
    assert response.status_code == 400 and response.json["error"] == "control_characters"


def test_every_form_uses_the_string_field_that_refuses_control_characters(app):
    from flask_wtf import FlaskForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    plain = [f"{form.__module__}.{form.__name__}.{name}"
             for form in subclasses(FlaskForm) if form.__module__.startswith("learning.")
             for name in dir(form)
             if getattr(getattr(form, name), "field_class", None) is PlainStringField]
    assert not plain, f"use learning.web.forms.StringField: {plain}"
    assert issubclass(StringField, PlainStringField)

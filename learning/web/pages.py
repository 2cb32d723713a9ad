"""Rendering a form page and asking to confirm before an action, the same way on every screen."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template, request
from flask.typing import ResponseReturnValue

from learning.web.forms import ConfirmForm


def render_form(template: str, form: object, status: int | None = None,
                **context: object) -> tuple[str, int]:
    """A page with a form: 422 when it was sent and refused, else 200 (or the status given)."""
    if status is None:
        status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: the question, what will happen, the box's statement,
    the button, and the page to go back to."""

    title: str
    explanation: str
    statement: str
    button: str
    back: str


def confirm_then(act: Callable[[], ResponseReturnValue],
                 confirmation: Confirmation) -> ResponseReturnValue:
    """A step before an action that cannot be undone in one tap: the page asking to confirm (a
    box to tick and a button, plain HTML), then, once confirmed, ``act()``'s response."""
    form = ConfirmForm()
    if form.validate_on_submit():
        return act()
    return render_form("web/confirm.html", form, title=confirmation.title,
                       explanation=confirmation.explanation, statement=confirmation.statement,
                       button=confirmation.button, back=confirmation.back)

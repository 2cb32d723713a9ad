"""A step before an action that cannot be undone in one tap (removing a tutor, taking someone off
a team's list, deleting a team or an event): a page that says what will happen, with a box to
tick and a button. Plain HTML, so it works without JavaScript."""

from flask import render_template, request

from learning.teams.forms import ConfirmForm


def confirm_page(form: ConfirmForm, *, title: str, explanation: str, statement: str,
                 button: str, back: str):
    """The page asking to confirm (422 when it was sent without the box ticked)."""
    status = 422 if request.method == "POST" else 200
    return render_template("teams/confirm.html", form=form, title=title,
                           explanation=explanation, statement=statement, button=button,
                           back=back), status

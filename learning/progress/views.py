"""The learner's dashboard (where signing in leads), with their invitations to tutor."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from learning.catalog.records import current_catalogue
from learning.progress.queries import continue_with, learner_states
from learning.teams.queries import invitations_of

bp = Blueprint("progress", __name__)


@bp.get("/dashboard")
@login_required
def dashboard():
    catalogue = current_catalogue()
    states = learner_states(current_user, catalogue)
    return render_template("progress/dashboard.html", states=states, courses=catalogue.courses,
                           resume=continue_with(states),
                           invitations=invitations_of(current_user))  # to tutor in a team

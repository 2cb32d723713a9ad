"""Everything templates get besides what a view passes: filters, globals and context processors,
registered in one place (``create_app``). Templates get facts and booleans — what the menu shows
comes from the user's scope here — never the authorization layer itself."""

from typing import Any
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import get_locale
from flask_login import current_user

from learning.access import policy
from learning.accounts.phone import display_phone
from learning.accounts.views import large_text_wanted
from learning.audit.actions import action_label, details_text, target_label
from learning.communes.views import page_url
from learning.i18n import LANGUAGE_NAMES, day, number, percent
from learning.offline.views import offline_now, offline_strings_url, offline_team_id
from learning.reporting.views import statistics_period_label
from learning.teams.queries import invitations_of
from learning.vocabulary import VOCABULARY


def register(app: Flask) -> None:
    app.jinja_env.filters.update(percent=percent, number=number, day=day)
    app.jinja_env.globals.update(
        VOCABULARY,  # Role, Gender, Method, AreaKind and their labels
        LANGUAGE_NAMES=LANGUAGE_NAMES, current_locale=get_locale,
        offline_strings_url=offline_strings_url, offline_team_id=offline_team_id,
        offline_now=offline_now, statistics_period_label=statistics_period_label,
        page_url=page_url, action_label=action_label, target_label=target_label,
        details_text=details_text, shown_phone=display_phone,
        pending_invitations=pending_invitations, print_url=print_url)
    app.context_processor(page_context)


def page_context() -> dict[str, Any]:
    """What every page's frame needs: the menu's links for this user and the text size."""
    return {"nav": menu(), "large_text": large_text_wanted(),
            "print_view": request.args.get("print") == "1"}


def menu() -> dict[str, Any]:
    scope = policy.scope_of(current_user)
    return {
        "my_team": policy.works_in_team(scope),
        "my_commune": scope.user_commune_code
        if policy.has_role(scope, "commune_officer") else None,
        "communes": policy.has_role(scope, "province_staff"),
        "administration": policy.is_admin(scope),
        "statistics": policy.sees_statistics(scope),
    }


def print_url() -> str:
    """This page's print view (?print=1, the other parameters kept): the page without its menus,
    ready for the browser's Print — the print button of reports, which works without JavaScript."""
    args = request.args.to_dict(flat=False)
    args["print"] = ["1"]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def pending_invitations() -> list:
    """Invitations to tutor in a team that the signed-in person has not answered yet."""
    return invitations_of(current_user) if current_user.is_authenticated else []

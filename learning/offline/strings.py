"""The words the phone's offline script shows, translated here through gettext: CLIENT_STRINGS
for everyone's (static/js/offline.js), TEAM_STRINGS for a community team's tutors and leads only
(static/js/team.js), so that a learner's phone never downloads them.

The script fetches them once per locale as JSON (kept by the service worker for offline use; a
tutor's, with their team saved on the phone). ``{n}``, ``{why}``, ``{when}``… are filled in by the
script.
"""

from flask_babel import lazy_gettext as _l

CLIENT_STRINGS = {
    "save": _l("Save for offline use"),
    "saving": _l("Saving on this phone…"),
    "saved": _l("Saved on this phone ({n}): you can learn this course without a connection."),
    "remove": _l("Remove from this phone"),
    "save_failed": _l("The course could not be saved. Try again when you are connected."),
    "pending": _l("Saved on this phone, not yet sent: {n}"),
    "pending_one": _l("Saved on this phone, not yet sent"),
    "see_all": _l("See what is kept on this phone"),
    "sending": _l("Sending…"),
    "send_now": _l("Send now"),
    "sent": _l("Sent on {when}"),
    "all_sent": _l("Everything you did on this phone has been sent."),
    "refused": _l("Not accepted by the site: {why}"),
    "sign_in_to_send": _l("Sign in to send your results."),
    "others_waiting": _l("Results of other people who used this phone, waiting for them to sign "
                         "in: {n}"),
    "sign_out_warning": _l("Some of your results are saved on this phone but not yet sent. If you "
                           "sign out now, they will be sent the next time you sign in on this "
                           "phone. Sign out anyway?"),
    "score": _l("Your score: {n}"),
    "passed": _l("Well done, you passed this lesson!"),
    "failed": _l("Not yet: you need {n} to pass. Read the explanations and try again."),
    "right": _l("Right"),
    "wrong": _l("Not right"),
    "your_order": _l("Your order:"),
    "try_again": _l("Try again"),
    "next": _l("Next lesson: {n}"),
    "answer_all": _l("Please answer every question."),
    "marked_later": _l("You are offline. Your answers are saved on this phone; they will be "
                       "marked when they are sent."),
    "offline_check": _l("You are offline. Connect to the internet to check your answers, or save "
                        "this course for offline use next time."),
    "not_saved_page": _l("You are offline and this page is not saved on this phone. Here is what "
                         "you can use without a connection."),
    "nothing_pending": _l("Nothing is waiting to be sent."),
    # A tutor's only, but counted on any page they open (offline.js): team.js is not on all.
    "asks": _l("Sign-ups waiting for you to say who the person is: {n}"),
}

TEAM_STRINGS = {
    "saved_team": _l("Saved on this phone ({n}): you can tutor the people on this list without "
                     "a connection."),
    "for_learner": _l("for {n}"),
    "sign_up_needs": _l("Enter the person's full name, and tick the box when they agree."),
    "tick_people": _l("Tick the people who came."),
    "sign_up_another": _l("Sign up another person"),
    "same_person": _l("It is {n}: record it for them"),
    "other_person": _l("It is another person: create the account"),
}


def client_strings(team: bool = False) -> dict[str, str]:
    """Everyone's words, or (``team``) those of a team's tutors and leads."""
    return {key: str(value) for key, value in (TEAM_STRINGS if team else CLIENT_STRINGS).items()}

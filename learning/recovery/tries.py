"""Slowing down guesses from one browser (kept in the session), on top of the per-code limit kept
on the server (``RecoveryCode.wrong_tries``)."""

import time

from flask import session

MAX_TRIES, PAUSE_SECONDS = 8, 15 * 60
KEY = "reset_tries"


def too_many() -> bool:
    tries = [t for t in session.get(KEY, []) if t > time.time() - PAUSE_SECONDS]
    session[KEY] = tries
    return len(tries) >= MAX_TRIES


def count_one() -> None:
    session[KEY] = [*session.get(KEY, []), time.time()]


def forget() -> None:
    session.pop(KEY, None)

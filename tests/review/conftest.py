"""The review rules are on in these tests (the rest of the suite turns them off)."""

import pytest

from learning.review.rules import RULES


@pytest.fixture(autouse=True)
def rules_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_RULES", ",".join(RULES))
    for name in ("FLAG_MIN_SHARE", "FLAG_MIN_SECONDS", "FLAG_TUTOR_BURST",
                 "FLAG_TUTOR_WINDOW_SECONDS", "FLAG_SIGNUP_ADDRESS_BURST",
                 "FLAG_SIGNUP_TUTOR_BURST", "FLAG_SIGNUP_WINDOW_MINUTES"):
        monkeypatch.delitem(app.config, name, raising=False)  # the documented defaults

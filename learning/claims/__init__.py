"""Claim codes: a person signed up in person (by a tutor, or made a tutor by their commune
officer) takes over the account made for them with a one-time code, their own phone and a
password (/claim)."""

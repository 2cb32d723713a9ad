"""Getting back into an account without e-mail: a one-time reset code given in person by the
person's tutor or commune officer after checking their ID card, or the printable recovery code
the person was given at sign-up (issue 11)."""

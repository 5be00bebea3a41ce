"""RNOCE private space: operators sign up with their e-mail, confirm it with a link that
creates their password, sign in, and reset a forgotten password (guide RNOCE, section II)."""

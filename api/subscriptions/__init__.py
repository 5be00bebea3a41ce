"""Operator subscription on the RNOCE space (guide « souscription des opérateurs »): to
DOUANE, to PORTNET + DOUANE, or the modification-only path, with the BADR check."""

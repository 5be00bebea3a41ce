"""The Douane account of a validated RNOCE operator and its operations (guide RNOCE, IV)."""

from api.douane_accounts import texts as _texts  # noqa: F401  (registers the texts)

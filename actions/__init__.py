"""TijarIA custom actions (rasa-sdk).

Actions are thin: they read the conversation from the tracker, ask the
TijarIA core over HTTP (``core_client``) for anything that is data or a
business rule, and answer with responses defined in ``domain.yml``.

Run the action server from the repository root::

    python -m rasa_sdk --actions actions -p 5055
"""

"""TijarIA custom actions (rasa-sdk).

Actions are thin: they read the conversation from the tracker, ask the
TijarIA core over HTTP (``core_client``) for anything that is data or a
business rule, and answer with responses defined in ``domain.yml``.

Run the action server from the repository root (it answers Rasa only, with
the secret in TIJARIA_ACTION_SERVER_TOKEN)::

    python -m assistant.action_server --port 5055

Who is talking is never read from slots or metadata: actions ask the core
(``CoreClient.get_identity``).
"""

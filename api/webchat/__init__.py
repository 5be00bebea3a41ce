"""Rasa's socket.io channel, spoken by the core: a page that runs botfront's rasa-webchat
points its `socketUrl` at TijarIA and talks to the conversation orchestrator like the
widget does (api.chat), with the same storage, routing, handoff, limits and errors."""

"""The user's files in the portals (« Où en est mon dossier ? »), read through one source per
kind of file: seeded tables in the demo, the portal systems over HTTP otherwise."""

"""Claims (« réclamations »): filed by signed-in users in the chat or the API, followed
by them, answered by PORTNET agents. Importing the package registers its texts."""

from api.claims import texts  # noqa: F401 - registers the error messages

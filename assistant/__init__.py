"""The conversation runtime around Rasa: Rasa client, language detection, process supervisor."""

"""TijarIA's knowledge base: articles restating the PORTNET guides, and their retriever."""

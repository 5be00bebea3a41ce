"""TijarIA's FastAPI core: owns all data and business rules."""

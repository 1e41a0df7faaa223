"""Service-layer tests: domain rules joined to the database."""

"""The only code that joins the domain rules to the database, and the only code that commits."""

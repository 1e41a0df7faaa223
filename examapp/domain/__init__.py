"""The rules of Kefu Academy in plain Python.

Nothing in this package imports Flask, SQLAlchemy or the database: every rule takes plain values
(and an injected ``now``) and returns plain values, so it can be unit-tested directly.
"""

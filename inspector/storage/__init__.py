"""Persistence: models, database opening and migrations, content-addressed files."""

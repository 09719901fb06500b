"""Background work: extracting and indexing documents, removing expired uploads.

What a job does lives in the domain (``backend/domain/documents``); this package runs it:
``work.py`` the jobs themselves, ``in_process.py`` the embedded default's worker inside the
app (SQLite, or a single process), ``queue.py`` the production queue (procrastinate on
PostgreSQL, done by separate ``python -m backend worker`` processes).
"""

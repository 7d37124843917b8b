"""Documents attached to a family or to one of its case notes: police reports, letters, assessments.

The files are kept outside the database (the "documents" storage), under a random name; the record of
each (its title, kind, original name, size, SHA-256, who attached it and when) is in `models.Document`.
They are read only through the read gate, attached only through the write gate, and never deleted by a
worker: one attached in error is struck out with a reason.
"""

"""The case record's own logic, free of Django: its part of the case-file format."""

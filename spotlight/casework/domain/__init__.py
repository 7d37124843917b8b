"""Casework's pure code: the contact standards (how often each child and each person causing harm must be
seen), read from a data file, and the working-day arithmetic of due dates. No Django."""

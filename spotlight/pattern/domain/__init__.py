"""The pattern map's own logic, free of Django: the catalogue, the timeline and its part of the case-file format."""

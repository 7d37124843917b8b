"""The case-file audit's own logic, free of Django: the instrument, evidence and suggested ratings,
sampling, statistics, results, charts and reports. The command line runs it on exported files."""

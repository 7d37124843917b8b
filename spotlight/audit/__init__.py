"""Case-file audits: an instrument as data, samples, suggested ratings and the statistics of change."""

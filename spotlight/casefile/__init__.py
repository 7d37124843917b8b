"""The case file: one format for a whole family (`format`, pure), composed of each app's part, and its
import to and export from the database (`database`)."""

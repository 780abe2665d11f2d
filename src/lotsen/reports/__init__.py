"""The quality lead's reports: computed from the index, rendered as HTML, exported as CSV and Excel; change logs and diffs."""

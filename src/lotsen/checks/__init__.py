"""Validation: the rules, coverage gates, personal data, readability, and findings in every output format."""

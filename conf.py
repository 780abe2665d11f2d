"""Sphinx configuration: thin on purpose. The model lives in lotsen.yaml."""

extensions = ["lotsen"]
lotsen_model = "lotsen.yaml"

language = "sv"
exclude_patterns = ["_build", ".venv", "README.md", "tests", "needs_templates", ".*"]

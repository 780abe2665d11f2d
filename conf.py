"""Sphinx configuration: thin on purpose. The model lives in lotsen.yaml."""

extensions = ["lotsen"]
lotsen_model = "lotsen.yaml"

language = "sv"
html_theme = "lotsen"
html_use_index = False
html_domain_indices = False
html_copy_source = False
html_show_sourcelink = False
html_permalinks = False
exclude_patterns = ["_build", ".venv", "README.md", "tests", "needs_templates", "src", "bench", "build", "dist", ".*"]

"""The Sphinx glue: setup, build state, incremental builds, and the few places that adapt sphinx-needs and mermaid."""

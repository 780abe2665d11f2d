"""Reading the content: files, the need directives in them, and the index of collected objects."""

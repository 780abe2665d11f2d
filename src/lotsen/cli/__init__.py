"""The `lotsen` command, one module per verb."""

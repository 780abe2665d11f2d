"""Files a new organisation's repository starts from (`lotsen init`): templates whose
@NAME@ markers are filled from the organisation's answers. Data, not code. Markdown
templates end in .in so that neither Sphinx nor `lotsen check` takes them for content
of Lotsen's own sample."""

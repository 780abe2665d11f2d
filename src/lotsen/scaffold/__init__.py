"""Files a new organisation's repository starts from (`lotsen init`): templates whose
@NAME@ markers are filled from the organisation's answers. Data, not code."""

"""The kvalitetsberättelse built from the data: chapters of the model (structure.py,
year_work.py, outlook.py), for the förvaltning or an avdelning (scope.py), with the
year's changes from git (changes.py, as_of.py), the authors' prose (prose.py) and the
year's gaps (completeness.py). build.py puts them together as a Document."""

"""The staff site: theme, routine pages and object cards, start and browse pages, search, offline reading, publishing."""

"""Describing an outside source to GOST R 7.0.100-2018 (/staff/describe): the desk cites
newspapers and websites in its answers, and a librarian copies the description from here."""

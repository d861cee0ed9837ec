"""Dossiers: ordered by employees, composed and delivered by librarians."""

"""Dossiers on a topic for municipal employees and organisations: ordered, proposed from a
saved query, composed in sections, delivered as DOCX and topped up when standing."""

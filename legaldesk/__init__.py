"""LegalDesk: software for a public library's centre for legal information."""

__version__ = "0.1.0"

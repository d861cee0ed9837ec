"""Bibliographic lists for librarians: build one and download it in any format."""

"""Bibliographic descriptions to GOST R 7.0.100-2018 from CSL-JSON items: one formatter
(``gost.describe``), the CSL reading it relies on (``csl``), issuers' names in the genitive
(``names``) and the item for an act of the repository (``acts``). docs/bibliography.md says
how CSL variables map to the standard's elements and which choices were made."""

from legaldesk.bibliography.documents import describe_document, document_item

__all__ = ["describe_document", "document_item"]

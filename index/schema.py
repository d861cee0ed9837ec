"""The index schema. Bump SCHEMA_VERSION whenever it changes: an index on disk with another
version is recreated empty and rebuilt from the database."""

from __future__ import annotations

import tantivy

from legaldesk.index.analysis import ANALYZER

SCHEMA_VERSION = "6"  # 2: act numbers keyed by legaldesk.actnumber; 3: publication;
# 4: the leading digits of a number marked apart («^245»); 5: the kind of material
# (acts, press clippings); 6: Russian words of 20–40 letters indexed (analysis.MAX_TOKEN)

# Raw, fast string fields: filters and facet counts.
KEYWORD_FIELDS = ("material", "doc_type", "level", "status", "issuer", "rubric")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("text", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("number", stored=False, tokenizer_name="raw")
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    builder.add_integer_field("date", stored=False, indexed=True, fast=True)  # yyyymmdd
    builder.add_unsigned_field("year", stored=False, indexed=True, fast=True)
    builder.add_integer_field("filed", stored=False, indexed=True, fast=True)  # unix seconds
    # Publication state (legaldesk/publication.py): public searches ask for «published». A
    # filter, not a facet: the public sees one value of it.
    builder.add_text_field("publication", stored=False, fast=True, tokenizer_name="raw")
    return builder.build()

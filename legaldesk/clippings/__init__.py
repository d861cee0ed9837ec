"""Press clippings: articles from regional and district newspapers and news sites, filed by
librarians through the one ingest pipeline as documents of their own kind of material
(``document.material == "clipping"``), searched with the acts and described to GOST as
newspaper articles (``csl.clipping_item``)."""

from legaldesk.clippings.details import ClippingDetails, ClippingError, clipping_details

__all__ = ["ClippingDetails", "ClippingError", "clipping_details"]

"""References from one act's text to other acts: which act (type, issuer, date, number,
title), in which role (amends, repeals, suspends, based_on, cites), whether only a part of
it, and where. ``extract(text)`` reads them; the resolver (elsewhere) finds the acts."""

from __future__ import annotations

from .extractor import extract
from .model import ROLES, Reference

__all__ = ["ROLES", "Reference", "extract"]

"""The Litestar web service (see issue 4)."""

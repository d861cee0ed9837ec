"""The Litestar web service: the public catalogue, the staff workspace and the JSON API, one
package per area, assembled by ``app.create_app``."""

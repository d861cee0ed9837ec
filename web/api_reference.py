"""The JSON API's reference at /schema: a page rendered on the server from the OpenAPI
schema, with the site's own template and style. Litestar's viewers (Redoc, Swagger UI,
Scalar…) load their scripts and fonts from CDNs; a page of our own loads nothing from
outside, needs no script, passes the site's Content-Security-Policy and reads on a phone."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin, YamlRenderPlugin

METHODS = ("get", "post", "put", "patch", "delete")


class ApiReference(OpenAPIRenderPlugin):
    def __init__(self) -> None:
        super().__init__(path=["/", "/reference"], favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        assert request.app.template_engine is not None
        template = request.app.template_engine.get_template("api_reference.html")
        html: str = template.render(
            request=request, api=openapi_schema, operations=operations(openapi_schema)
        )
        return html.encode("utf-8")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the schema with its parameters resolved to plain values."""
    out = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            params = [
                {
                    "name": p.get("name"),
                    "in": p.get("in"),
                    "required": bool(p.get("required")),
                    "type": _type(p.get("schema") or {}),
                    "description": p.get("description") or "",
                }
                for p in operation.get("parameters", [])
            ]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or "",
                    "description": operation.get("description") or "",
                    "parameters": params,
                    "responses": sorted((operation.get("responses") or {}).keys()),
                }
            )
    return out


def _type(schema: dict[str, Any]) -> str:
    """A parameter's schema in a few words: «integer, 1–1000», «one of: a, b»."""
    if "oneOf" in schema or "anyOf" in schema:
        parts = [_type(s) for s in schema.get("oneOf", schema.get("anyOf", []))]
        return " | ".join(p for p in parts if p)
    words = [str(schema.get("type", ""))]
    if "enum" in schema:
        words.append("one of: " + ", ".join(repr(v) if v == "" else str(v) for v in schema["enum"]))
    low, high = _number(schema.get("minimum")), _number(schema.get("maximum"))
    if low or high:
        words.append(f"{low}–{high}")
    if "maxLength" in schema:
        words.append(f"≤ {schema['maxLength']} characters")
    return ", ".join(w for w in words if w)


def _number(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


PLUGINS = [
    ApiReference(),
    JsonRenderPlugin(path="/openapi.json"),
    YamlRenderPlugin(path="/openapi.yaml"),
]

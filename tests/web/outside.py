"""What a response would make a browser fetch from another host: scripts, styles, fonts,
pictures, frames — the web UI and the API reference serve all of them from the repository
(no CDN, no web fonts), so a reader's visit tells no third party what they read."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

# Elements and attributes a browser loads from, in HTML and in SVG (the desk's charts).
LOADERS = (
    "script, link, img, iframe, frame, source, video, audio, track, "
    "embed, object, image, use, input"
)
ATTRIBUTES = ("src", "href", "xlink:href", "data", "poster", "srcset")
CSS_URLS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
ANY_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s'"`)]*""")


def _elsewhere(url: str, own: tuple[str, ...]) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("", "http", "https") or not parts.netloc:
        return False  # relative, data:, mailto:…
    return f"{parts.scheme or 'https'}://{parts.netloc}" not in own


def loads_from_elsewhere(content_type: str, body: str, own: tuple[str, ...]) -> list[str]:
    """The addresses on other hosts (not the ``own`` origins) that this body would load."""
    urls: list[str] = []
    if content_type.startswith(("text/html", "image/svg+xml")):
        for node in LexborHTMLParser(body).css(LOADERS):
            for attribute in ATTRIBUTES:
                value = node.attributes.get(attribute) or ""
                if attribute == "srcset":
                    urls += [part.split()[0] for part in value.split(",") if part.strip()]
                elif value:
                    urls.append(value)
        for style in LexborHTMLParser(body).css("style"):
            urls += [a or b for a, b in CSS_URLS.findall(style.text())]
    elif content_type.startswith("text/css"):
        urls += [a or b for a, b in CSS_URLS.findall(body)]
    elif "javascript" in content_type:
        urls += ANY_URL.findall(body)  # a script could fetch any address it holds
    return [url for url in urls if _elsewhere(url, own)]

"""Charts of the desk's statistics, drawn on the server as SVG by pygal, so that they show
without a script and print as they look.

Why pygal: it writes SVG itself in pure Python (no browser, no JavaScript engine, no
numpy), has the bar, horizontal bar and line charts a report needs, takes any Unicode
label, and is maintained (3.x runs on Python 3.9–3.13; our 3.11 is tested by the suite).
Its optional tooltips are a script it links from a CDN: we turn that off (``js=[]``) and
drop the small inline script it still writes, so nothing runs and nothing leaves the site.

The page embeds each chart as an image (``data:image/svg+xml``): an SVG drawn inline would
have its ``<style>`` refused by the site's Content-Security-Policy (no inline styles),
while an image is a document of its own whose styles apply; printing keeps it. The same
figures stand beside each chart as a table.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from pygal.etree import etree
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#888",
    font_family="'DejaVu Sans', 'Liberation Sans', Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    title_font_size=15,
    legend_font_size=12,
    colors=("#2f6f9f", "#c0504d", "#4e9a06", "#e08e0b", "#75507b", "#3c8d8d", "#8f5902"),
)
COMMON = {
    "style": STYLE,
    "js": [],  # no tooltips: they need a script from elsewhere
    "disable_xml_declaration": True,
    "pretty_print": False,
    "truncate_label": -1,
    "truncate_legend": -1,
    "print_values": True,
    "print_zeroes": False,
}


def _data_uri(chart: pygal.graph.graph.Graph) -> str:
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).endswith("script"):
                parent.remove(child)
    # pygal's wrapper of lxml or the standard library's ElementTree, whichever it drew with
    svg = etree.tostring(tree, encoding="utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def bars(title: str, labels: Sequence[str], values: Sequence[float], series: str) -> str:
    """A horizontal bar for each label (a category: channel, kind, heading …), largest
    first as given; the image as a data URI."""
    height = 90 + 30 * max(1, len(labels))
    chart = pygal.HorizontalBar(width=720, height=height, show_legend=False, title=title, **COMMON)
    # pygal draws the first label at the bottom: reversed, the largest is on top.
    chart.x_labels = list(reversed(labels))
    chart.add(series, list(reversed(list(values))))
    return _data_uri(chart)


def columns(title: str, labels: Sequence[str], values: Sequence[float], series: str) -> str:
    """A column for each day or month of a period."""
    many = len(labels) > 16
    chart = pygal.Bar(
        width=900,
        height=380,
        show_legend=False,
        title=title,
        x_label_rotation=60 if many else 0,
        show_minor_x_labels=not many or len(labels) <= 40,
        **{**COMMON, "print_values": not many},
    )
    chart.x_labels = list(labels)
    chart.add(series, list(values))
    return _data_uri(chart)


def lines(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """A line for each series (a heading, a word) across the months."""
    chart = pygal.Line(
        width=900,
        height=420,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        dots_size=4,
        x_label_rotation=30 if len(labels) > 6 else 0,  # month names side by side overlap
        **{**COMMON, "print_values": False},
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart)

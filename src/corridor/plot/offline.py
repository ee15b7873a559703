"""Self-contained HTML for interactive maps: Leaflet inlined, nothing fetched from the network.

:class:`OfflineMap` is a ``folium.Map`` whose page carries Leaflet 1.9.4 (shipped in
``corridor/plot/static``) inline instead of linking folium's CDN scripts and stylesheets
(jQuery, Bootstrap, Font Awesome are not used), so it opens offline in a browser and in
Jupyter. :func:`save_html` writes it atomically and refuses a page that would still load a
script, stylesheet or image from the network.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from .._checks import check_flag, check_path
from .._files import atomic_target
from ..errors import CorridorError

try:
    import folium
    from branca.element import Element, Figure
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise CorridorError(
        "interactive maps need folium: pip install 'corridor[interactive]' (or pip install folium)"
    ) from exc

__all__ = ["STATIC", "Figure", "OfflineMap", "leaflet_assets", "remote_resources", "save_html"]

STATIC = Path(__file__).resolve().parent / "static"

# a resource the page would fetch: <script src=...>, <link href=...>, <img src=...>, CSS url()
_REMOTE = re.compile(
    r"""<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
    r"""|@import\s+["']?(?:url\()?\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of the bundled Leaflet, the CSS images inlined as data URIs."""
    js = (STATIC / "leaflet.js").read_text(encoding="utf-8")
    css = (STATIC / "leaflet.css").read_text(encoding="utf-8")
    for name in ("layers.png", "layers-2x.png"):
        data = base64.b64encode((STATIC / name).read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{name})", f"url(data:image/png;base64,{data})")
    css = css.replace("url(images/marker-icon.png)", "none")  # default markers are not used
    return js.replace("</script", "<\\/script"), css


def remote_resources(html: str) -> list[str]:
    """The places in ``html`` where a browser would fetch something from the network."""
    return [html[max(0, m.start() - 20) : m.end() + 60] for m in _REMOTE.finditer(html)]


# folium's popups build their content with jQuery's $(html); this is the one call they make,
# done with the DOM instead of loading jQuery.
_DOLLAR = """<script>
if (typeof window.$ === "undefined") {
  window.$ = function (markup) {
    var t = document.createElement("template");
    t.innerHTML = String(markup).trim();
    return t.content.firstChild;
  };
}
</script>"""


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose page inlines Leaflet and links nothing on the network.

    Tiles are added only when asked for (``tiles=`` of :func:`corridor.explore`); they are
    then the one thing fetched online.
    """

    default_js: list = []
    default_css: list = []
    online_tiles: bool = False  # set when the user asked for online tiles

    def render(self, **kwargs):  # noqa: D102 - folium's
        figure = self.get_root()
        js, css = leaflet_assets()
        figure.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
        figure.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
        figure.header.add_child(Element(_DOLLAR), name="corridor_dollar_shim")
        super().render(**kwargs)


def save_html(m: folium.Map, path: str | Path, *, allow_remote: bool = False) -> Path:
    """Write an interactive map to a self-contained HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        As returned by :func:`corridor.explore` or :func:`corridor.explore_timeline`.
    path : path ending in .html or .htm
    allow_remote : bool
        Allow a page that fetches from the network (online tiles the user asked for).

    Returns
    -------
    pathlib.Path
    """
    allow_remote = check_flag(allow_remote, "allow_remote")
    path = check_path(path, "the HTML file")
    if path.suffix.lower() not in (".html", ".htm"):
        raise CorridorError(f"{path}: the file name must end in .html")
    if not path.parent.exists():
        raise CorridorError(f"{path}: the folder {path.parent} does not exist")
    if not callable(getattr(m, "get_root", None)):
        raise CorridorError(
            f"save_html takes a folium map (corridor.explore or explore_timeline), got "
            f"{type(m).__name__}; save a matplotlib figure with corridor.save_png"
        )
    html = m.get_root().render()
    remote = remote_resources(html)
    if remote and not allow_remote and not getattr(m, "online_tiles", False):
        raise CorridorError(
            f"{path}: the page would load {len(remote)} resource(s) from the network "
            f"(first: {remote[0]!r}); build it with corridor.explore or pass allow_remote=True"
        )
    try:
        with atomic_target(path) as tmp:
            Path(tmp).write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CorridorError(f"{path}: could not write the HTML ({exc.strerror or exc})") from exc
    return path

"""The agent console (/console): one page, its script modules and its style sheet.

The page is a shell: everything is drawn by /console/static/app.js from the claims API
(`/api/v1/agent/claims…`), after a Portnet ID sign-in with the widget's own form
(`account.js`, imported from the widget's modules). No inline script or style: the page
lives under the same Content Security Policy as the demo pages (api/security_headers.py).
"""

import re
from html import escape
from pathlib import Path

from api.i18n import ReplyLang
from api.web import service

CONSOLE_FILES = Path(__file__).resolve().parent / "static" / "console"
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}\.(js|css)")
MEDIA_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}

# The few words of the shell, before the script draws the rest (and without it).
_TITLES: dict[ReplyLang, tuple[str, str]] = {
    "fr": ("Console des conseillers PORTNET", "Chargement de la console…"),
    "ar": ("واجهة مستشاري PORTNET", "جارٍ تحميل الواجهة…"),
    "en": ("PORTNET agents' console", "Loading the console…"),
}


def page(*, lang: ReplyLang) -> str:
    title, loading = _TITLES[lang]
    direction = "rtl" if lang == "ar" else "ltr"
    widget_modules = f"/widget/{service.widget_build()}/"
    return f"""<!doctype html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} · TijarIA</title>
<link rel="stylesheet" href="/console/static/console.css">
<script type="module" src="/console/static/app.js"></script>
</head>
<body data-widget-modules="{escape(widget_modules)}">
<div id="console" class="console"><p class="loading" role="status">{escape(loading)}</p></div>
<noscript><p>JavaScript est nécessaire pour la console. · JavaScript is required.</p></noscript>
</body>
</html>
"""


def asset(*, name: str) -> tuple[service.Asset, str] | None:
    """One of the console's files (static/console/NAME) and its media type, or None."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    path = CONSOLE_FILES / name
    if not path.is_file():
        return None
    return service.read_asset(path), MEDIA_TYPES[match.group(1)]

"""The demo portal pages: one small page per PORTNET portal, in the portal's spirit.

Each page has the portal's header, the side menu of services its user guide lists,
and embeds the widget with one script tag. Menu entries are pages too, so that the
conversation can be followed from page to page. No personal data: the user is a
demonstration user.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from api.i18n import ReplyLang, reply_lang
from api.portals.catalog import PORTAL_CODES


@dataclass(frozen=True)
class Portal:
    code: str
    title: str
    tagline: str
    # (section, [entries]); a section without entries is a page of its own.
    menu: list[tuple[str, list[str]]]
    profile: list[str]
    # Shortcuts shown on the portal's home page.
    quick: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)


HELP_CENTRE = [
    "Foire aux questions",
    "Mes réclamations",
    "Nouvelle réclamation",
    "Contactez-nous",
]

PORTALS: dict[str, Portal] = {
    "pmpce": Portal(
        code="pmpce",
        title="Commerce Extérieur",
        tagline="Portail Marocain des Procédures du Commerce Extérieur",
        menu=[
            ("Tableau de bord", []),
            ("Procurations", ["Procuration Douane", "Procuration Portnet"]),
            ("Partenaires", ["ANP PCS", "Tanger MED", "BADR", "ADiL", "Diwan@ti"]),
            ("Services CCS", ["Visite et contrôle", "BAD Mead", "BAD Aérien"]),
            (
                "Services PCS",
                ["Consultation avis d'arrivée", "BAD Maritime", "Prise de RDV à l'import"],
            ),
        ],
        profile=["Mon Espace", "Mes Factures", "Mes Forfaits", "Changer le mot de passe"],
        quick=[
            "Gestion des titres d'importation",
            "Gestion des franchises douanières",
            "Gestion des licences d'exportation",
        ],
    ),
    "douane": Portal(
        code="douane",
        title="Portail Douanes",
        tagline="Traitement, contrôle et programmation des opérations douanières",
        menu=[
            ("Tableau de bord", []),
            ("Manifestes", ["Consultation des manifestes"]),
            ("Programmation", []),
            ("Marchandise en souffrance", []),
        ],
        profile=["Modifier le mot de passe", "Réinitialiser MFA"],
        quick=["Consultation des manifestes"],
        audience=["Douane", "Agent Douanier", "Programmation", "Marchandise en souffrance"],
    ),
    "mic": Portal(
        code="mic",
        title="Portail MIC",
        tagline="Formalités, autorisations, avis et contrôles à l'import et à l'export",
        menu=[
            ("Tableau de bord", []),
            ("Importation", ["Demande de franchise douanière"]),
            ("Exportation", []),
        ],
        profile=["Modifier le mot de passe", "Réinitialiser MFA"],
        quick=["Demande de franchise douanière"],
        audience=[
            "MIC",
            "ONSSA",
            "ONICL",
            "ANRT",
            "ANEF",
            "BMDA",
            "CCM",
            "AMMPS",
            "Bureaux de contrôle",
        ],
    ),
    "banques": Portal(
        code="banques",
        title="Portail Banques",
        tagline="Opérations bancaires du commerce extérieur, dématérialisées",
        menu=[
            ("Tableau de bord", []),
            (
                "Importation",
                [
                    "Gestion Titre et documents",
                    "Consultation Titre et documents",
                    "Caution bancaire",
                    "Portnet's KPI",
                ],
            ),
        ],
        profile=["Modifier le mot de passe", "Réinitialiser MFA"],
        quick=["Gestion Titre et documents", "Consultation Titre et documents"],
        audience=["Banque"],
    ),
    "rnoce": Portal(
        code="rnoce",
        title="Enregistrement des opérateurs",
        tagline="Souscription conjointe PORTNET / Douane des opérateurs économiques",
        menu=[
            ("Nouvelle souscription", []),
            ("Mes demandes", []),
            (
                "Gestion des opérations de la douane",
                [
                    "Actualisation des informations",
                    "Annulation des informations",
                    "Restauration de compte",
                ],
            ),
        ],
        profile=["Mot de passe"],
        quick=["Nouvelle souscription", "Mes demandes"],
    ),
}

assert tuple(PORTALS) == PORTAL_CODES


def slug(label: str) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")


def pages_of(portal: Portal) -> dict[str, tuple[str, str | None]]:
    """slug -> (page title, menu section or None) for every page of a portal."""
    pages: dict[str, tuple[str, str | None]] = {}
    for section, entries in portal.menu:
        if not entries:
            pages[slug(section)] = (section, None)
        for entry in entries:
            pages[slug(entry)] = (entry, section)
    for entry in [*portal.profile, *HELP_CENTRE, *portal.quick]:
        pages.setdefault(slug(entry), (entry, None))
    return pages


def _link(portal: Portal, label: str, current: str) -> str:
    target = slug(label)
    here = ' aria-current="page"' if target == current else ""
    return f'<a href="/portals/{portal.code}/{target}"{here}>{escape(label)}</a>'


def _side_menu(portal: Portal, current: str) -> str:
    parts = []
    for section, entries in portal.menu:
        if not entries:
            parts.append(f"<li>{_link(portal, section, current)}</li>")
            continue
        opened = " open" if any(slug(e) == current for e in entries) else ""
        items = "".join(f"<li>{_link(portal, e, current)}</li>" for e in entries)
        parts.append(
            f"<li><details{opened}><summary>{escape(section)}</summary><ul>{items}</ul></details></li>"
        )
    help_items = "".join(f"<li>{_link(portal, e, current)}</li>" for e in HELP_CENTRE)
    help_items += (
        '<li><a href="#tijaria" data-tijaria="open">TijarIA</a></li>'
        '<li><a href="#historique-tijaria" data-tijaria="showHistory">Historique TijarIA</a></li>'
    )
    parts.append(
        f"<li><details open><summary>Centre d'aide</summary><ul>{help_items}</ul></details></li>"
    )
    return '<nav class="side" aria-label="Menu du portail"><ul>' + "".join(parts) + "</ul></nav>"


def _home_content(portal: Portal) -> str:
    cards = "".join(
        f'<li><a class="card" href="/portals/{portal.code}/{slug(q)}">{escape(q)}</a></li>'
        for q in portal.quick
    )
    audience = ""
    if portal.audience:
        audience = "<p><strong>Pour :</strong> " + escape(", ".join(portal.audience)) + "</p>"
    if portal.code == "rnoce":  # the private space's own pages (api/rnoce/pages.py)
        audience += (
            '<p class="rnoce-access"><strong>Espace privé :</strong> '
            '<a href="/rnoce/connexion">Se connecter</a> · <a href="/rnoce/inscription">S\'inscrire</a></p>'
        )
    return (
        f"<p>{escape(portal.tagline)}.</p>{audience}"
        f'<h2>Accès rapides</h2><ul class="cards">{cards}</ul>'
        '<p class="hint">Une question ? Cliquez sur « Besoin d\'aide ? » sur le bord droit de '
        "la page pour parler à TijarIA.</p>"
    )


# Profile-menu pages that hold a real form (the widget's, on the signed-in account).
ACCOUNT_FORMS = {
    "modifier-le-mot-de-passe": "password",
    "changer-le-mot-de-passe": "password",
    "reinitialiser-mfa": "mfa",
}


def _account_content(kind: str) -> str:
    what = "modifier votre mot de passe" if kind == "password" else "réinitialiser votre MFA"
    return (
        f'<div class="account-form" data-account-form="{kind}">'
        f"<p>Connectez-vous (« Se connecter » en haut de la page) pour {what}.</p></div>"
    )


def _service_content(title: str) -> str:
    return (
        f"<p>Page de démonstration du service « {escape(title)} ». Les données réelles "
        "s'affichent ici après connexion.</p>"
        '<form class="search" action="#"><fieldset><legend>Paramètres de recherche</legend>'
        '<label>Référence <input type="text" name="ref"></label> '
        '<button type="reset">Effacer</button> <button type="submit">Rechercher</button>'
        "</fieldset></form>"
    )


def portal_page(code: str, page: str | None, *, lang: str, support_phone: str) -> str | None:
    """The HTML of one demo page, or None when the portal or the page does not exist."""
    portal = PORTALS.get(code)
    if portal is None:
        return None
    pages = pages_of(portal)
    home = slug(portal.menu[0][0])
    current = page or home
    if current not in pages:
        return None
    title, section = pages[current]
    crumbs = ["Accueil", *([section] if section else []), title]
    breadcrumb = " › ".join(escape(c) for c in crumbs)
    if current == home:
        content = _home_content(portal)
    elif current in ACCOUNT_FORMS and portal.code != "rnoce":
        content = _account_content(ACCOUNT_FORMS[current])
    else:
        content = _service_content(title)
    profile = "".join(f"<li>{_link(portal, p, current)}</li>" for p in portal.profile)
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · {escape(portal.title)} · PORTNET (démo)</title>
<link rel="stylesheet" href="/demo/portal.css">
<script src="/demo/portal.js" defer></script>
</head>
<body class="portal-{portal.code}">
<header class="top">
  <a class="brand" href="/">PORT<span>NET</span></a>
  <span class="portal-name">{escape(portal.title)}</span>
  <span class="assist">Besoin d'assistance ? {escape(support_phone)}</span>
  <details class="signin" data-signed-out><summary>Se connecter</summary><div class="signin-box" id="portnet-signin"></div></details>
  <details class="profile" data-signed-in hidden><summary data-user-name>Mon compte</summary><ul>{profile}<li><a href="#" data-tijaria="signOut">Se déconnecter</a></li></ul></details>
</header>
<div class="layout">
  {_side_menu(portal, current)}
  <main id="contenu">
    <p class="crumbs">{breadcrumb}</p>
    <h1>{escape(title)}</h1>
    {content}
  </main>
</div>
<footer>© PORTNET S.A. — page de démonstration de TijarIA, sans données réelles.</footer>
<script src="/widget/tijaria.js" data-portal="{portal.code}" data-lang="{escape(lang)}" defer></script>
</body>
</html>
"""


def index_page() -> str:
    items = "".join(
        f'<li><a class="card" href="/portals/{p.code}"><strong>{escape(p.code.upper())}</strong> — '
        f"{escape(p.title)}<br><small>{escape(p.tagline)}</small></a></li>"
        for p in PORTALS.values()
    )
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TijarIA — pages de démonstration des portails PORTNET</title>
<link rel="stylesheet" href="/demo/portal.css">
</head>
<body>
<header class="top"><a class="brand" href="/">PORT<span>NET</span></a><span class="portal-name">TijarIA</span></header>
<main class="index">
  <h1>TijarIA dans les portails PORTNET</h1>
  <p>Cinq pages de démonstration, une par portail. Chacune intègre l'assistant avec une seule balise
  <code>&lt;script src="/widget/tijaria.js" data-portal="…" defer&gt;&lt;/script&gt;</code>.
  Ajoutez <code>?lang=ar</code> ou <code>?lang=en</code> à l'adresse pour changer la langue de l'assistant.</p>
  <ul class="cards">{items}</ul>
  <p><a href="/docs">Documentation de l'API</a></p>
</main>
</body>
</html>
"""


# ---------------------------------------------------------------- the agents' console

# The few words of the console's shell, before its script draws the rest (and without it).
_CONSOLE_TITLES: dict[ReplyLang, tuple[str, str]] = {
    "fr": ("Console des conseillers PORTNET", "Chargement de la console…"),
    "ar": ("واجهة مستشاري PORTNET", "جارٍ تحميل الواجهة…"),
    "en": ("PORTNET agents' console", "Loading the console…"),
}


def console_page(*, lang: str | None, widget_modules: str) -> str:
    """The agents' console (/console): a shell that /console/static/app.js draws from the
    claims API, after a Portnet ID sign-in with the widget's own form (`account.js`, under
    `widget_modules`). No inline script or style: the pages' CSP holds."""
    code = reply_lang(lang)
    title, loading = _CONSOLE_TITLES[code]
    direction = "rtl" if code == "ar" else "ltr"
    return f"""<!doctype html>
<html lang="{code}" dir="{direction}">
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

"""The RNOCE private space's pages: sign in, sign up, forgotten password, create/reset password.

Server-rendered in the demo portal's look (/demo/portal.css), with /rnoce/static/rnoce.js
sending the forms to /api/v1/rnoce and showing the API's own error messages. French,
with ?lang=ar (right to left) and ?lang=en. The TijarIA widget is on every page.
"""

from datetime import datetime
from html import escape
from urllib.parse import urlencode

from api import i18n
from api.i18n import REPLY_LANGS, ReplyLang
from api.web.pages import PORTALS

_UI: dict[str, dict[str, str]] = {
    "portal": {
        "fr": PORTALS["rnoce"].title,
        "ar": "تسجيل المتعاملين الاقتصاديين",
        "en": "Operator registration",
    },
    "assist": {
        "fr": "Besoin d'assistance ?",
        "ar": "هل تحتاجون إلى مساعدة؟",
        "en": "Need assistance?",
    },
    "login_title": {
        "fr": "Authentification à l'espace privé",
        "ar": "الدخول إلى الفضاء الخاص",
        "en": "Sign in to your private space",
    },
    "email": {"fr": "Adresse e-mail", "ar": "البريد الإلكتروني", "en": "E-mail address"},
    "password": {"fr": "Mot de passe", "ar": "كلمة المرور", "en": "Password"},
    "login_button": {"fr": "Se connecter", "ar": "تسجيل الدخول", "en": "Sign in"},
    "forgot_link": {
        "fr": "Mot de passe oublié ?",
        "ar": "نسيتم كلمة المرور؟",
        "en": "Forgot your password?",
    },
    "no_account": {
        "fr": "Vous ne disposez pas d'un compte ?",
        "ar": "ليس لديكم حساب؟",
        "en": "No account yet?",
    },
    "signup_button": {"fr": "S'inscrire", "ar": "التسجيل", "en": "Sign up"},
    "signup_title": {"fr": "Nouvelle inscription", "ar": "تسجيل جديد", "en": "New sign-up"},
    "signup_intro": {
        "fr": (
            "Créez l'espace privé de votre société pour déposer vos demandes d'inscription auprès "
            "de PORTNET et de la Douane. Vous recevrez par e-mail un lien pour créer votre mot de passe."
        ),
        "ar": (
            "أنشئوا الفضاء الخاص بشركتكم لتقديم طلبات التسجيل لدى PORTNET والجمارك. "
            "ستتلقون عبر البريد الإلكتروني رابطًا لإنشاء كلمة المرور."
        ),
        "en": (
            "Create your company's private space to file your registration requests with PORTNET and "
            "Customs. You will receive an e-mail with a link to create your password."
        ),
    },
    "raison_sociale": {
        "fr": "Raison sociale",
        "ar": "الاسم التجاري",
        "en": "Company name (raison sociale)",
    },
    "adresse": {
        "fr": "Adresse du siège social",
        "ar": "عنوان المقر الاجتماعي",
        "en": "Registered office address",
    },
    "telephone": {"fr": "Téléphone", "ar": "الهاتف", "en": "Phone"},
    "email_hint": {
        "fr": "Cette adresse sera votre identifiant de connexion.",
        "ar": "سيكون هذا البريد معرّف الدخول الخاص بكم.",
        "en": "This address will be your sign-in identifier.",
    },
    "back_to_login": {
        "fr": "Retourner à la page de connexion",
        "ar": "العودة إلى صفحة الدخول",
        "en": "Back to the sign-in page",
    },
    "forgot_title": {
        "fr": "Mot de passe oublié",
        "ar": "نسيان كلمة المرور",
        "en": "Forgotten password",
    },
    "forgot_intro": {
        "fr": "Saisissez votre adresse e-mail de connexion pour recevoir le lien de réinitialisation de votre mot de passe.",
        "ar": "أدخلوا بريدكم الإلكتروني للدخول لتلقي رابط إعادة تعيين كلمة المرور.",
        "en": "Enter your sign-in e-mail address to receive a link that resets your password.",
    },
    "forgot_button": {"fr": "Recevoir le lien", "ar": "تلقي الرابط", "en": "Send me the link"},
    "create_title": {
        "fr": "Créer votre mot de passe",
        "ar": "إنشاء كلمة المرور",
        "en": "Create your password",
    },
    "reset_title": {"fr": "Nouveau mot de passe", "ar": "كلمة مرور جديدة", "en": "New password"},
    "confirmation": {
        "fr": "Confirmez votre mot de passe",
        "ar": "تأكيد كلمة المرور",
        "en": "Confirm your password",
    },
    "confirm_button": {"fr": "Confirmer", "ar": "تأكيد", "en": "Confirm"},
    "password_hint": {
        "fr": "Utilisez 4 caractères alphanumériques ou plus (lettres et chiffres uniquement).",
        "ar": "استعملوا 4 أحرف أو أكثر من الحروف والأرقام فقط.",
        "en": "Use 4 or more alphanumeric characters (letters and digits only).",
    },
    "link_for": {
        "fr": "Espace privé : {email}. Ce lien expire le {when} (UTC).",
        "ar": "الفضاء الخاص: {email}. تنتهي صلاحية هذا الرابط في {when} (بالتوقيت العالمي).",
        "en": "Private space: {email}. This link expires on {when} (UTC).",
    },
    "link_problem_title": {
        "fr": "Lien inutilisable",
        "ar": "رابط غير صالح",
        "en": "Link cannot be used",
    },
    "new_link": {"fr": "Recevoir un nouveau lien", "ar": "تلقي رابط جديد", "en": "Get a new link"},
    "network_error": {
        "fr": "Le service ne répond pas pour le moment. Vérifiez votre connexion puis réessayez.",
        "ar": "الخدمة لا تستجيب حاليًا. تحققوا من اتصالكم ثم أعيدوا المحاولة.",
        "en": "The service is not answering right now. Check your connection, then try again.",
    },
    "footer": {
        "fr": "© PORTNET S.A. — page de démonstration de TijarIA, sans données réelles.",
        "ar": "© PORTNET S.A. — صفحة تجريبية لـ TijarIA، دون بيانات حقيقية.",
        "en": "© PORTNET S.A. — TijarIA demonstration page, no real data.",
    },
}
_LANG_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


def page_lang(lang: str | None) -> ReplyLang:
    return i18n.reply_lang(lang)


def _t(key: str, lang: str) -> str:
    return escape(_UI[key].get(lang) or _UI[key]["fr"])


def _href(path: str, lang: str, **query: str) -> str:
    params = dict(query)
    if lang != "fr":
        params["lang"] = lang
    suffix = escape(urlencode(params))
    return f"{path}?{suffix}" if suffix else path


def _layout(
    *,
    lang: str,
    path: str,
    title: str,
    body: str,
    support_phone: str,
    query: dict[str, str] | None = None,
) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    current = ' aria-current="true"'
    langs = " ".join(
        f'<a href="{_href(path, code, **(query or {}))}" hreflang="{code}" lang="{code}"'
        f"{current if code == lang else ''}>{_LANG_NAMES[code]}</a>"
        for code in REPLY_LANGS
    )
    portal = _t("portal", lang)
    return f"""<!doctype html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)} · {portal} · PORTNET (démo)</title>
<link rel="stylesheet" href="/demo/portal.css">
<link rel="stylesheet" href="/rnoce/static/rnoce.css">
<script src="/rnoce/static/rnoce.js" defer></script>
</head>
<body class="portal-rnoce rnoce-auth" data-network-error="{_t("network_error", lang)}">
<header class="top">
  <a class="brand" href="/">PORT<span>NET</span></a>
  <a class="portal-name" href="/portals/rnoce">{portal}</a>
  <span class="assist">{_t("assist", lang)} {escape(support_phone)}</span>
  <nav class="langs" aria-label="Langue">{langs}</nav>
</header>
<main class="auth" id="contenu">
<section class="auth-card">
<h1>{escape(title)}</h1>
{body}
</section>
</main>
<footer>{_t("footer", lang)}</footer>
<script src="/widget/tijaria.js" data-portal="rnoce" data-lang="{lang}" defer></script>
</body>
</html>
"""


def _messages(ok: str = "") -> str:
    """The places the script writes the API's answer in (and the server, a notice)."""
    hidden = "" if ok else " hidden"
    return (
        f'<p class="form-ok" role="status"{hidden}>{escape(ok)}</p>'
        '<p class="form-error" role="alert" tabindex="-1" hidden></p>'
    )


def _field(
    name: str, label: str, *, kind: str = "text", autocomplete: str, hint: str = "", extra: str = ""
) -> str:
    hint_id = f"{name}-hint"
    described = f' aria-describedby="{hint_id}"' if hint else ""
    hint_html = f'<small id="{hint_id}">{hint}</small>' if hint else ""
    return (
        # The star is for the eye; `required` tells assistive technology.
        f'<label for="{name}">{label} <span class="req" aria-hidden="true">*</span></label>'
        f'<input id="{name}" name="{name}" type="{kind}" autocomplete="{autocomplete}" required{described}{extra}>'
        f"{hint_html}"
    )


def login_page(*, lang: str, support_phone: str, done: str | None = None) -> str:
    notice = i18n.text("rnoce_password_set", lang) if done == "password" else ""
    body = f"""{_messages(notice)}
<form class="auth-form" data-rnoce="login" action="/api/v1/rnoce/login" method="post" novalidate>
{_field("email", _t("email", lang), kind="email", autocomplete="username")}
{_field("password", _t("password", lang), kind="password", autocomplete="current-password")}
<button type="submit">{_t("login_button", lang)}</button>
</form>
<p><a href="{_href("/rnoce/mot-de-passe-oublie", lang)}">{_t("forgot_link", lang)}</a></p>
<p class="switch">{_t("no_account", lang)}
<a class="button-link" href="{_href("/rnoce/inscription", lang)}">{_t("signup_button", lang)}</a></p>"""
    return _layout(
        lang=lang,
        path="/rnoce/connexion",
        title=_UI["login_title"].get(lang, ""),
        body=body,
        support_phone=support_phone,
    )


def signup_page(*, lang: str, support_phone: str) -> str:
    body = f"""<p>{_t("signup_intro", lang)}</p>
{_messages()}
<form class="auth-form" data-rnoce="signup" action="/api/v1/rnoce/signup" method="post" novalidate>
{_field("raison_sociale", _t("raison_sociale", lang), autocomplete="organization", extra=' maxlength="200"')}
{_field("adresse", _t("adresse", lang), autocomplete="street-address", extra=' maxlength="300"')}
{_field("email", _t("email", lang), kind="email", autocomplete="email", hint=_t("email_hint", lang))}
{_field("telephone", _t("telephone", lang), kind="tel", autocomplete="tel", extra=' maxlength="32"')}
<button type="submit">{_t("signup_button", lang)}</button>
</form>
<p><a href="{_href("/rnoce/connexion", lang)}">{_t("back_to_login", lang)}</a></p>"""
    return _layout(
        lang=lang,
        path="/rnoce/inscription",
        title=_UI["signup_title"].get(lang, ""),
        body=body,
        support_phone=support_phone,
    )


def forgot_page(*, lang: str, support_phone: str) -> str:
    body = f"""<p>{_t("forgot_intro", lang)}</p>
{_messages()}
<form class="auth-form" data-rnoce="forgot" action="/api/v1/rnoce/forgot-password" method="post" novalidate>
{_field("email", _t("email", lang), kind="email", autocomplete="username")}
<button type="submit">{_t("forgot_button", lang)}</button>
</form>
<p><a href="{_href("/rnoce/connexion", lang)}">{_t("back_to_login", lang)}</a></p>"""
    return _layout(
        lang=lang,
        path="/rnoce/mot-de-passe-oublie",
        title=_UI["forgot_title"].get(lang, ""),
        body=body,
        support_phone=support_phone,
    )


def password_page(
    *,
    lang: str,
    support_phone: str,
    error: str | None = None,
    token: str = "",
    purpose: str = "confirm_email",
    email: str = "",
    expires_at: datetime | None = None,
) -> str:
    """The form a link opens, or (error) why the link cannot be used and how to get a new one."""
    if error is not None:
        body = f"""<p class="form-error" role="alert">{escape(error)}</p>
<p><a class="button-link" href="{_href("/rnoce/mot-de-passe-oublie", lang)}">{_t("new_link", lang)}</a></p>
<p><a href="{_href("/rnoce/connexion", lang)}">{_t("back_to_login", lang)}</a></p>"""
        title = _UI["link_problem_title"].get(lang, "")
    else:
        when = expires_at.strftime("%d/%m/%Y %H:%M") if expires_at else ""
        link_for = (_UI["link_for"].get(lang) or _UI["link_for"]["fr"]).format(
            email=email, when=when
        )
        body = f"""<p class="link-for">{escape(link_for)}</p>
{_messages()}
<form class="auth-form" data-rnoce="password" action="/api/v1/rnoce/password" method="post" novalidate>
<input type="hidden" name="token" value="{escape(token)}">
<input type="text" name="username" value="{escape(email)}" autocomplete="username" hidden>
{_field("password", _t("password", lang), kind="password", autocomplete="new-password", hint=_t("password_hint", lang))}
{_field("confirmation", _t("confirmation", lang), kind="password", autocomplete="new-password")}
<button type="submit">{_t("confirm_button", lang)}</button>
</form>
<p><a href="{_href("/rnoce/connexion", lang)}">{_t("back_to_login", lang)}</a></p>"""
        title = _UI["reset_title" if purpose == "reset_password" else "create_title"].get(lang, "")
    return _layout(
        lang=lang,
        path="/rnoce/mot-de-passe",
        title=title,
        body=body,
        support_phone=support_phone,
        query={"token": token} if token else None,
    )

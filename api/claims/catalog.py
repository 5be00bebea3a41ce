"""What a claim can be about: the kinds of request a help desk takes, and the services of
each portal (the sections and entries of its side menu and quick links, as the portal's
guide describes them), each with its labels in fr/ar/en and the words users call it by.

Restated from /work/shared/guides (portail-*.md, souscription-operateurs-rnoce.md); a
service every portal shares (the account and sign-in, the help centre, « autre ») is
listed once and added to each portal."""

from api.procedures.definitions import Choice

KINDS: tuple[Choice, ...] = (
    Choice(
        "reclamation",
        {"fr": "Réclamation", "ar": "شكاية", "en": "Complaint"},
        ("reclamation", "plainte", "chikaya", "chekaya", "شكوى", "complaint", "claim", "problème"),
    ),
    Choice(
        "demande_information",
        {"fr": "Demande d'information", "ar": "طلب معلومات", "en": "Information request"},
        ("information", "renseignement", "question", "info", "ma3loumat", "معلومة"),
    ),
    Choice(
        "incident_technique",
        {"fr": "Incident technique", "ar": "عطل تقني", "en": "Technical incident"},
        ("bug", "erreur", "panne", "bloqué", "ne marche pas", "incident", "khaser", "عطب", "error"),
    ),
    Choice(
        "acces_compte",
        {
            "fr": "Accès au compte (connexion, MFA)",
            "ar": "الولوج إلى الحساب (تسجيل الدخول، المصادقة)",
            "en": "Account access (sign-in, MFA)",
        },
        ("connexion", "mot de passe", "mfa", "portnet id", "login", "compte", "password", "الحساب"),
    ),
    Choice(
        "suggestion",
        {"fr": "Suggestion", "ar": "اقتراح", "en": "Suggestion"},
        ("idée", "amélioration", "proposition", "iqtirah", "idea", "improvement"),
    ),
    Choice(
        "autre",
        {"fr": "Autre demande", "ar": "طلب آخر", "en": "Other request"},
        ("autre", "divers", "other", "chi haja khra", "آخر"),
    ),
)

_COMMON: tuple[Choice, ...] = (
    Choice(
        "compte_authentification",
        {
            "fr": "Compte et authentification (Portnet ID, MFA, mot de passe)",
            "ar": "الحساب والمصادقة (Portnet ID، MFA، كلمة المرور)",
            "en": "Account and sign-in (Portnet ID, MFA, password)",
        },
        ("portnet id", "mfa", "mot de passe", "connexion", "profil", "password", "login"),
    ),
    Choice(
        "centre_aide",
        {
            "fr": "Centre d'aide et TijarIA",
            "ar": "مركز المساعدة وTijarIA",
            "en": "Help centre and TijarIA",
        },
        ("aide", "faq", "tijaria", "assistant", "réclamations", "help"),
    ),
    Choice(
        "autre",
        {"fr": "Autre service", "ar": "خدمة أخرى", "en": "Other service"},
        ("autre", "other", "آخر"),
    ),
)

_PORTAL_SERVICES: dict[str, tuple[Choice, ...]] = {
    "pmpce": (
        Choice(
            "franchise_douaniere",
            {
                "fr": "Franchise douanière (DFD)",
                "ar": "الإعفاء الجمركي (DFD)",
                "en": "Customs duty exemption (DFD)",
            },
            ("dfd", "franchise", "demande de franchise", "exemption"),
        ),
        Choice(
            "titres_importation",
            {
                "fr": "Titres d'importation",
                "ar": "سندات الاستيراد",
                "en": "Import titles",
            },
            ("titre", "titre d'importation", "licence d'importation", "import title"),
        ),
        Choice(
            "licences_exportation",
            {"fr": "Licences d'exportation", "ar": "رخص التصدير", "en": "Export licences"},
            ("licence", "licence d'exportation", "export licence"),
        ),
        Choice(
            "procurations",
            {
                "fr": "Procurations (Douane, Portnet)",
                "ar": "التوكيلات (الجمارك، Portnet)",
                "en": "Powers of attorney (Customs, Portnet)",
            },
            ("procuration", "délégation", "mandat", "power of attorney"),
        ),
        Choice(
            "partenaires",
            {
                "fr": "Partenaires (ANP PCS, Tanger Med, BADR…)",
                "ar": "الشركاء (ANP PCS، طنجة المتوسط، BADR…)",
                "en": "Partners (ANP PCS, Tanger Med, BADR…)",
            },
            ("anp", "tanger med", "badr", "adil", "diwanati", "partenaire"),
        ),
        Choice(
            "services_ccs",
            {
                "fr": "Services CCS (visite et contrôle, BAD aérien)",
                "ar": "خدمات CCS (المعاينة والمراقبة، إذن التسليم الجوي)",
                "en": "CCS services (inspection and control, air delivery order)",
            },
            ("ccs", "visite", "contrôle", "bad aérien", "inspection"),
        ),
        Choice(
            "services_pcs",
            {
                "fr": "Services PCS (avis d'arrivée, BAD maritime, rendez-vous)",
                "ar": "خدمات PCS (إشعار الوصول، إذن التسليم البحري، المواعيد)",
                "en": "PCS services (arrival notices, sea delivery order, appointments)",
            },
            ("pcs", "avis d'arrivée", "bad maritime", "rdv", "rendez-vous", "conteneur", "vrac"),
        ),
        Choice(
            "tableau_de_bord",
            {"fr": "Tableau de bord", "ar": "لوحة القيادة", "en": "Dashboard"},
            ("dashboard", "indicateurs", "accueil", "notifications"),
        ),
    ),
    "douane": (
        Choice(
            "consultation_manifestes",
            {
                "fr": "Consultation des manifestes",
                "ar": "الاطلاع على البيانات الإجمالية (المانيفست)",
                "en": "Manifest lookup",
            },
            ("manifeste", "manifest", "avis d'arrivée", "escale", "navire", "voyage"),
        ),
        Choice(
            "programmation",
            {"fr": "Programmation", "ar": "البرمجة", "en": "Scheduling"},
            ("programmation", "planification", "scheduling"),
        ),
        Choice(
            "marchandise_en_souffrance",
            {
                "fr": "Marchandises en souffrance",
                "ar": "البضائع المتروكة",
                "en": "Unclaimed goods",
            },
            ("souffrance", "marchandise en souffrance", "unclaimed"),
        ),
        Choice(
            "tableau_de_bord",
            {"fr": "Tableau de bord", "ar": "لوحة القيادة", "en": "Dashboard"},
            ("dashboard", "accueil"),
        ),
    ),
    "mic": (
        Choice(
            "franchise_douaniere",
            {
                "fr": "Importation : demande de franchise douanière (DFD)",
                "ar": "الاستيراد: طلب الإعفاء الجمركي (DFD)",
                "en": "Import: customs duty exemption request (DFD)",
            },
            ("dfd", "franchise", "importation", "exemption"),
        ),
        Choice(
            "exportation",
            {"fr": "Exportation", "ar": "التصدير", "en": "Export"},
            ("export", "exportation", "tasdir"),
        ),
        Choice(
            "tableau_de_bord",
            {"fr": "Tableau de bord", "ar": "لوحة القيادة", "en": "Dashboard"},
            ("dashboard", "accueil"),
        ),
    ),
    "banques": (
        Choice(
            "gestion_titres",
            {
                "fr": "Gestion des titres et documents",
                "ar": "تدبير السندات والوثائق",
                "en": "Titles and documents management",
            },
            ("gestion titre", "domiciliation", "titre", "documents"),
        ),
        Choice(
            "consultation_titres",
            {
                "fr": "Consultation des titres et documents",
                "ar": "الاطلاع على السندات والوثائق",
                "en": "Titles and documents lookup",
            },
            ("consultation", "consulter titre", "recherche titre"),
        ),
        Choice(
            "caution_bancaire",
            {"fr": "Caution bancaire", "ar": "الكفالة البنكية", "en": "Bank guarantee"},
            ("caution", "garantie", "guarantee"),
        ),
        Choice(
            "portnet_kpi",
            {"fr": "Indicateurs (Portnet's KPI)", "ar": "المؤشرات (KPI)", "en": "Indicators (KPI)"},
            ("kpi", "indicateurs", "statistiques"),
        ),
    ),
    "rnoce": (
        Choice(
            "espace_prive",
            {
                "fr": "Espace privé (création, connexion, mot de passe oublié)",
                "ar": "الفضاء الخاص (الإنشاء، الدخول، نسيان كلمة المرور)",
                "en": "Private space (creation, sign-in, forgotten password)",
            },
            ("espace privé", "inscription", "mot de passe oublié", "compte", "connexion"),
        ),
        Choice(
            "nouvelle_souscription",
            {
                "fr": "Nouvelle demande de souscription PORTNET / Douane",
                "ar": "طلب اكتتاب جديد PORTNET / الجمارك",
                "en": "New PORTNET / Customs subscription request",
            },
            ("souscription", "inscription", "adhésion", "subscription", "contrat", "documents"),
        ),
        Choice(
            "suivi_souscription",
            {
                "fr": "Suivi ou reprise d'un dossier de souscription",
                "ar": "تتبع أو استئناف ملف الاكتتاب",
                "en": "Following up or resuming a subscription file",
            },
            ("suivi", "dossier", "reprise", "statut", "follow-up"),
        ),
        Choice(
            "operations_douane",
            {
                "fr": "Opérations douane (actualisation, annulation, restauration)",
                "ar": "عمليات الجمارك (التحيين، الإلغاء، الاسترجاع)",
                "en": "Customs operations (update, cancellation, restoration)",
            },
            ("actualisation", "annulation", "restauration", "modification", "douane"),
        ),
    ),
}


def services_for(portal: str) -> list[Choice]:
    """The services a claim on `portal` may concern: that portal's own, then the shared
    ones. An unknown portal gets the shared ones only."""
    return [*_PORTAL_SERVICES.get(portal, ()), *_COMMON]


def kind_label(value: str, lang: str) -> str:
    return _label(KINDS, value, lang)


def service_label(portal: str, value: str, lang: str) -> str:
    """A service's label, or the value itself when it was typed freely (not in the list)."""
    return _label(services_for(portal), value, lang)


def _label(choices: "tuple[Choice, ...] | list[Choice]", value: str, lang: str) -> str:
    for choice in choices:
        if choice.value == value:
            return choice.labels.get(lang) or choice.labels["fr"]
    return value

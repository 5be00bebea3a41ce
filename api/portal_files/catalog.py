"""The five kinds of portal file TijarIA can tell the status of, as the guides show them: the
page that lists them, their columns, search filters, reference format and statuses (each with
its meaning and the next step, and the guide section it comes from).

The guides show few status values; only those are listed (see each kind's `statuses`)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, get_args

FileKind = Literal["dfd", "invoice", "title", "mic_request", "manifest"]
FILE_KINDS: tuple[FileKind, ...] = get_args(FileKind)
Texts = dict[str, str]

GUIDE_PMPCE = "portail-pmpce-commerce-exterieur"
GUIDE_BANQUES = "portail-banques"
GUIDE_MIC = "portail-mic"
GUIDE_DOUANE = "portail-douane"


@dataclass(frozen=True)
class Citation:
    guide: str
    title: str
    section: str


@dataclass(frozen=True)
class StatusSpec:
    label: Texts
    meaning: Texts
    next_step: Texts
    source: Citation
    # Word stems (accents folded) by which people name this status in a question
    # (« quels titres sont échus ? »): fr, ar, en, Darija.
    said: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSpec:
    kind: FileKind
    portal: str
    label: Texts
    page: str  # the portal page that lists these files
    page_path: str  # the demo portal page (api/web/pages.py)
    columns: dict[str, Texts]  # detail key -> column title
    filters: tuple[str, ...]  # the search filters of the page (API query names)
    statuses: dict[str, StatusSpec]
    normalize: Callable[[str], str | None]
    source: Citation
    administration: str | None = None  # the administration such files are addressed to
    # How a user names one in a question (« Où en est ma DFD … ? »).
    short: Texts = field(default_factory=dict)
    # Word stems (accents folded) that name this kind of file in a message, and how the
    # user's own ones are listed (« Mes factures »).
    said: tuple[str, ...] = ()
    mine: Texts = field(default_factory=dict)


def _digits(raw: str, *, lengths: tuple[int, ...]) -> str | None:
    """A number written with spaces, dots or dashes between its digits."""
    compact = re.sub(r"[\s.\-/]", "", raw.strip())
    return compact if compact.isdigit() and len(compact) in lengths else None


def normalize_dfd(raw: str) -> str | None:
    """N° DFD: 14 digits (e.g. 20203000000123), possibly typed with spaces."""
    return _digits(raw, lengths=(14,))


def normalize_registration(raw: str) -> str | None:
    """N° d'enregistrement of an import title or a MIC request: 19 digits."""
    return _digits(raw, lengths=(19,))


_INVOICE = re.compile(r"^F[\s\-]?(\d{4})[\s\-]?(\d{6})$", re.IGNORECASE)


def normalize_invoice(raw: str) -> str | None:
    """N° facture: F-2026-000123 (also written f 2026 000123 or F2026000123)."""
    match = _INVOICE.match(raw.strip())
    return f"F-{match.group(1)}-{match.group(2)}" if match else None


_MANIFEST = re.compile(r"^MAN[\s\-]?(\d{4})[\s\-]?(\d{5})$", re.IGNORECASE)


def normalize_manifest(raw: str) -> str | None:
    """N° Manifeste: MAN-2026-00042 (the manifest is also found by its ship's IMO number)."""
    match = _MANIFEST.match(raw.strip())
    return f"MAN-{match.group(1)}-{match.group(2)}" if match else None


def _t(fr: str, ar: str, en: str) -> Texts:
    return {"fr": fr, "ar": ar, "en": en}


_PMPCE_ACCESS = Citation(
    GUIDE_PMPCE,
    "Guide utilisateur – Portail PMPCE Commerce Extérieur",
    "IV. Navigation dans le portail – C. Accès à un service",
)
_PMPCE_GUIDES = Citation(
    GUIDE_PMPCE,
    "Guide utilisateur – Portail PMPCE Commerce Extérieur",
    "V. Centre d'aide – A. Guides utilisateurs",
)
_PMPCE_INVOICES = Citation(
    GUIDE_PMPCE,
    "Guide utilisateur – Portail PMPCE Commerce Extérieur",
    "III. Gestion du profil utilisateur – B. Mes Factures",
)
_BANQUES_ACCESS = Citation(
    GUIDE_BANQUES,
    "Guide utilisateur – Portail Banques",
    "IV. Navigation dans le portail – B. Accès à un service",
)
_MIC_ACCESS = Citation(
    GUIDE_MIC,
    "Guide utilisateur – Portail MIC",
    "IV. Navigation dans le portail – B. Accès à un service",
)
_DOUANE_ACCESS = Citation(
    GUIDE_DOUANE,
    "Guide utilisateur – Portail Douane",
    "IV. Navigation dans le portail – B. Accès à un service",
)

_CLAIM_HINT = _t(
    " Si rien ne bouge, « Nouvelle réclamation » dans le centre d'aide.",
    " إذا لم يتغير شيء، استعملوا «شكاية جديدة» في مركز المساعدة.",
    ' If nothing moves, use "New claim" in the help centre.',
)


def _with_hint(texts: Texts) -> Texts:
    return {lang: text + _CLAIM_HINT[lang] for lang, text in texts.items()}


KINDS: dict[FileKind, KindSpec] = {
    "dfd": KindSpec(
        kind="dfd",
        short=_t("ma DFD", "طلب الإعفاء DFD", "my DFD"),
        portal="pmpce",
        label=_t(
            "Demande de franchise douanière (DFD)",
            "طلب إعفاء جمركي (DFD)",
            "Customs franchise request (DFD)",
        ),
        page="Gestion des demandes",
        page_path="/portals/pmpce",
        columns={
            "category": _t("Catégorie", "الصنف", "Category"),
            "customs_office": _t("Bureau douanier", "المكتب الجمركي", "Customs office"),
            "goods": _t("Marchandise", "البضاعة", "Goods"),
            "tariff_code": _t("Nomenclature douanière", "التعريفة الجمركية", "Tariff code"),
        },
        filters=("reference", "category", "status", "created_from", "created_to", "tariff_code"),
        statuses={
            "new": StatusSpec(
                label=_t("Nouveau", "جديد", "New"),
                meaning=_t(
                    "La demande est enregistrée et attend son traitement.",
                    "الطلب مسجل وينتظر المعالجة.",
                    "The request is recorded and waits to be processed.",
                ),
                next_step=_with_hint(
                    _t(
                        "Suivez-la dans « Gestion des demandes » (filtre N° DFD) ; le guide du "
                        "service, en haut de la page, décrit sa gestion.",
                        "تابعوه في «Gestion des demandes» (مرشح رقم DFD)؛ دليل الخدمة أعلى الصفحة "
                        "يشرح تدبيره.",
                        'Follow it in "Gestion des demandes" (N° DFD filter); the service guide at '
                        "the top of the page explains how it is managed.",
                    )
                ),
                source=_PMPCE_ACCESS,
                said=("nouveau", "nouvelle", "new$", "جديد", "jdid"),
            ),
            "closed": StatusSpec(
                label=_t("Clôturée", "مغلق", "Closed"),
                meaning=_t(
                    "La demande est clôturée : son traitement est terminé.",
                    "الطلب مغلق: انتهت معالجته.",
                    "The request is closed: its processing is over.",
                ),
                next_step=_t(
                    "Rien à faire ; elle reste consultable dans « Gestion des demandes ». Le "
                    "guide du service explique la clôture d'une DFD.",
                    "لا شيء للقيام به؛ يبقى الاطلاع عليه ممكنا في «Gestion des demandes». "
                    "يشرح دليل الخدمة إغلاق DFD.",
                    'Nothing to do; it stays visible in "Gestion des demandes". The service '
                    "guide explains how a DFD is closed.",
                ),
                source=_PMPCE_GUIDES,
                said=("clotur", "closed", "ferme", "مغلق", "مغلقة"),
            ),
        },
        normalize=normalize_dfd,
        source=_PMPCE_ACCESS,
        said=("dfd$", "franchise", "إعفاء", "الاعفاء"),
        mine=_t("Mes DFD", "طلبات الإعفاء DFD", "My DFDs"),
        administration="douane",
    ),
    "invoice": KindSpec(
        kind="invoice",
        short=_t("ma facture", "فاتورتي", "my invoice"),
        portal="pmpce",
        label=_t("Facture PORTNET", "فاتورة PORTNET", "PORTNET invoice"),
        page="Mes Factures",
        page_path="/portals/pmpce",
        columns={
            "file_number": _t("N° dossier", "رقم الملف", "File number"),
            "invoice_type": _t("Type", "النوع", "Type"),
            "issuer": _t("Émetteur", "المُصدر", "Issuer"),
            "due_date": _t("Échéance de règlement", "أجل الأداء", "Payment due"),
            "amount_ttc": _t(
                "Montant TTC (MAD)", "المبلغ مع احتساب الرسوم (درهم)", "Amount incl. tax (MAD)"
            ),
            "services": _t("Prestations", "الخدمات", "Services"),
            "payment_method": _t("Moyen de paiement", "وسيلة الأداء", "Payment method"),
        },
        filters=("reference", "status", "created_from", "created_to"),
        statuses={
            "paid": StatusSpec(
                label=_t("Paiement effectué", "تم الأداء", "Payment made"),
                meaning=_t(
                    "La facture est réglée.",
                    "الفاتورة مؤداة.",
                    "The invoice is paid.",
                ),
                next_step=_t(
                    "Rien à faire ; elle reste dans l'historique de « Mes Factures » (menu du "
                    "profil).",
                    "لا شيء للقيام به؛ تبقى في سجل «Mes Factures» (قائمة الملف الشخصي).",
                    'Nothing to do; it stays in the history of "Mes Factures" (profile menu).',
                ),
                source=_PMPCE_INVOICES,
                said=("paye$", "payee$", "paid", "settled", "مؤدا", "مدفوع", "خالص", "khlass"),
            ),
            "pending_confirmation": StatusSpec(
                label=_t(
                    "En attente de confirmation", "في انتظار التأكيد", "Awaiting confirmation"
                ),
                meaning=_t(
                    "Un paiement est signalé mais pas encore confirmé.",
                    "تم الإعلان عن أداء لم يُؤكَّد بعد.",
                    "A payment is reported but not confirmed yet.",
                ),
                next_step=_with_hint(
                    _t(
                        "Vérifiez l'échéance de règlement et le moyen de paiement dans « Mes "
                        "Factures » (menu du profil).",
                        "تحققوا من أجل الأداء ووسيلة الأداء في «Mes Factures» (قائمة الملف "
                        "الشخصي).",
                        'Check the payment due date and method in "Mes Factures" (profile menu).',
                    )
                ),
                source=_PMPCE_INVOICES,
                said=(
                    "attente de confirmation",
                    "non paye",
                    "impaye",
                    "unpaid",
                    "awaiting confirmation",
                    "pending",
                    "غير مؤدا",
                    "غير مدفوع",
                    "ma tkhlsatch",
                ),
            ),
        },
        normalize=normalize_invoice,
        source=_PMPCE_INVOICES,
        said=("factur", "invoice", "bill$", "فاتور", "fatura", "fatora"),
        mine=_t("Mes factures", "فواتيري", "My invoices"),
    ),
    "title": KindSpec(
        kind="title",
        short=_t("mon titre d'importation", "سند الاستيراد الخاص بي", "my import title"),
        portal="banques",
        label=_t("Titre d'importation", "سند الاستيراد", "Import title"),
        page="Consultation Titre et documents",
        page_path="/portals/banques",
        columns={
            "category": _t("Catégorie du titre", "صنف السند", "Title category"),
            "modification_status": _t(
                "Statut de modification", "حالة التعديل", "Modification status"
            ),
            "domiciliation_date": _t("Date domiciliation", "تاريخ التوطين", "Domiciliation date"),
            "amount": _t("Montant", "المبلغ", "Amount"),
            "currency": _t("Devise", "العملة", "Currency"),
            "importer": _t("Importateur", "المستورد", "Importer"),
            "declarant": _t("Déclarant", "المصرح", "Declarant"),
            "bank": _t("Banque", "البنك", "Bank"),
        },
        filters=("reference", "category", "status", "modification_status"),
        statuses={
            "new": StatusSpec(
                label=_t("Nouveau", "جديد", "New"),
                meaning=_t(
                    "Le titre est créé et n'a pas encore été soumis à la banque.",
                    "السند مُنشأ ولم يُعرض بعد على البنك.",
                    "The title is created and not yet submitted to the bank.",
                ),
                next_step=_with_hint(
                    _t(
                        "Suivez-le dans « Consultation Titre et documents » (filtre N° "
                        "d'enregistrement).",
                        "تابعوه في «Consultation Titre et documents» (مرشح رقم التسجيل).",
                        'Follow it in "Consultation Titre et documents" (registration number '
                        "filter).",
                    )
                ),
                source=_BANQUES_ACCESS,
                said=("nouveau", "nouveaux", "new$", "جديد", "jdid"),
            ),
            "submitted_for_domiciliation": StatusSpec(
                label=_t(
                    "Soumis pour domiciliation", "معروض للتوطين", "Submitted for domiciliation"
                ),
                meaning=_t(
                    "Le titre attend sa domiciliation par la banque choisie.",
                    "السند ينتظر توطينه من طرف البنك المختار.",
                    "The title waits for the chosen bank to domiciliate it.",
                ),
                next_step=_with_hint(
                    _t(
                        "La date de domiciliation apparaîtra dans « Consultation Titre et "
                        "documents » une fois le titre domicilié.",
                        "سيظهر تاريخ التوطين في «Consultation Titre et documents» بعد التوطين.",
                        'The domiciliation date will show in "Consultation Titre et documents" '
                        "once the title is domiciliated.",
                    )
                ),
                source=_BANQUES_ACCESS,
                said=("soumis", "submitted", "معروض"),
            ),
            "domiciled": StatusSpec(
                label=_t("Domicilié", "مُوطَّن", "Domiciliated"),
                meaning=_t(
                    "La banque a domicilié le titre (voir sa date de domiciliation).",
                    "وطّن البنك السند (انظروا تاريخ التوطين).",
                    "The bank has domiciliated the title (see its domiciliation date).",
                ),
                next_step=_t(
                    "Rien à faire ici ; le titre reste consultable dans « Consultation Titre "
                    "et documents ».",
                    "لا شيء للقيام به هنا؛ يبقى السند متاحا في «Consultation Titre et documents».",
                    'Nothing to do here; the title stays visible in "Consultation Titre et '
                    'documents".',
                ),
                source=_BANQUES_ACCESS,
                said=("domicilie", "domiciliated", "domiciled", "مُوطَّن", "موطن"),
            ),
            "expired": StatusSpec(
                label=_t("Échu", "منتهي الصلاحية", "Expired"),
                meaning=_t(
                    "Le titre est arrivé à échéance.",
                    "انتهت صلاحية السند.",
                    "The title has reached its expiry date.",
                ),
                next_step=_with_hint(
                    _t(
                        "Consultez-le dans « Consultation Titre et documents » et voyez avec votre "
                        "banque la suite à donner.",
                        "اطلعوا عليه في «Consultation Titre et documents» وتواصلوا مع بنككم بشأن "
                        "الخطوة التالية.",
                        'See it in "Consultation Titre et documents" and ask your bank what to do '
                        "next.",
                    )
                ),
                source=_BANQUES_ACCESS,
                said=("echu", "expire", "perime", "expired", "منته", "salat"),
            ),
        },
        normalize=normalize_registration,
        source=_BANQUES_ACCESS,
        said=("titre", "title", "licence", "license", "سند", "رخصة الاستيراد", "domiciliation"),
        mine=_t("Mes titres d'importation", "سندات الاستيراد", "My import titles"),
    ),
    "mic_request": KindSpec(
        kind="mic_request",
        short=_t("ma demande MIC", "طلبي لدى MIC", "my MIC request"),
        portal="mic",
        label=_t("Demande MIC", "طلب لدى وزارة الصناعة والتجارة (MIC)", "MIC request"),
        page="Gestion des demandes",
        page_path="/portals/mic",
        columns={
            "category": _t("Catégorie", "الصنف", "Category"),
            "importer": _t("Importateur", "المستورد", "Importer"),
            "submitted_at": _t("Date de soumission", "تاريخ الإيداع", "Submission date"),
            "opinion": _t("Avis", "الرأي", "Opinion"),
            "customs_office": _t("Bureau douanier", "المكتب الجمركي", "Customs office"),
            "goods": _t("Marchandise", "البضاعة", "Goods"),
            "tariff_code": _t("Nomenclature", "التعريفة", "Tariff code"),
            "decision_number": _t("Numéro de décision", "رقم القرار", "Decision number"),
        },
        filters=("reference", "category", "status"),
        statuses={
            "new": StatusSpec(
                label=_t("Nouveau", "جديد", "New"),
                meaning=_t(
                    "La demande est soumise au MIC et attend son avis.",
                    "الطلب مودع لدى الوزارة وينتظر رأيها.",
                    "The request is submitted to the MIC and waits for its opinion.",
                ),
                next_step=_with_hint(
                    _t(
                        "Suivez-la dans « Gestion des demandes » du portail MIC ; l'avis et le "
                        "numéro de décision y apparaîtront.",
                        "تابعوه في «Gestion des demandes» ببوابة MIC؛ سيظهر فيها الرأي ورقم القرار.",
                        'Follow it in the MIC portal\'s "Gestion des demandes"; the opinion and '
                        "the decision number will show there.",
                    )
                ),
                source=_MIC_ACCESS,
                said=("nouveau", "nouvelle", "new$", "جديد", "jdid"),
            ),
            "decided": StatusSpec(
                label=_t("Décision rendue", "صدر القرار", "Decision issued"),
                meaning=_t(
                    "Le MIC a rendu son avis ; la demande porte un numéro de décision.",
                    "أصدرت الوزارة رأيها؛ للطلب رقم قرار.",
                    "The MIC has given its opinion; the request has a decision number.",
                ),
                next_step=_t(
                    "Consultez l'avis et le numéro de décision dans « Gestion des demandes » "
                    "du portail MIC.",
                    "اطلعوا على الرأي ورقم القرار في «Gestion des demandes» ببوابة MIC.",
                    "See the opinion and decision number in the MIC portal's \"Gestion des "
                    'demandes".',
                ),
                source=_MIC_ACCESS,
                said=("decision rendue", "decided", "decision issued", "صدر القرار"),
            ),
        },
        normalize=normalize_registration,
        source=_MIC_ACCESS,
        said=(
            "demande mic",
            "demandes mic",
            "mic request",
            "avis mic",
            "طلب لدى mic",
            "وزارة الصناعة",
        ),
        mine=_t("Mes demandes MIC", "طلباتي لدى MIC", "My MIC requests"),
        administration="mic",
    ),
    "manifest": KindSpec(
        kind="manifest",
        short=_t("le manifeste", "بيان الحمولة", "the manifest"),
        portal="douane",
        label=_t("Manifeste", "بيان الحمولة", "Manifest"),
        page="Consultation des manifestes",
        page_path="/portals/douane",
        columns={
            "imo": _t("N° IMO", "رقم IMO", "IMO number"),
            "voyage": _t("N° du voyage", "رقم الرحلة", "Voyage number"),
            "notice": _t("N° Avis", "رقم الإشعار", "Notice number"),
            "call": _t("N° d'escale", "رقم التوقف", "Port call number"),
            "port": _t("Port", "الميناء", "Port"),
            "vessel": _t("Nom du navire", "اسم السفينة", "Vessel"),
            "agent": _t("Consignataire", "الوكيل البحري", "Shipping agent"),
            "operator": _t("Opérateur", "المتعامل", "Operator"),
            "regime": _t("Régime", "النظام", "Regime"),
            "arrival_date": _t("Date d'arrivée", "تاريخ الوصول", "Arrival date"),
            "anp_state": _t("Etat ANP", "حالة ANP", "ANP state"),
            "customs_state": _t("Etat douane", "حالة الجمارك", "Customs state"),
        },
        filters=(
            "reference",
            "imo",
            "voyage",
            "notice",
            "call",
            "port",
            "status",
            "arrival_from",
            "arrival_to",
            "regime",
        ),
        statuses={
            "announced": StatusSpec(
                label=_t("Annoncé", "مُعلن", "Announced"),
                meaning=_t(
                    "L'avis d'arrivée du navire est déposé ; le navire n'est pas encore arrivé.",
                    "أُودع إشعار وصول السفينة؛ لم تصل السفينة بعد.",
                    "The vessel's arrival notice is filed; the vessel has not arrived yet.",
                ),
                next_step=_with_hint(
                    _t(
                        "Suivez-le dans « Consultation des manifestes » (filtres N° Manifeste, "
                        "N° IMO, dates d'arrivée).",
                        "تابعوه في «Consultation des manifestes» (مرشحات رقم البيان ورقم IMO "
                        "وتواريخ الوصول).",
                        'Follow it in "Consultation des manifestes" (manifest number, IMO number, '
                        "arrival date filters).",
                    )
                ),
                source=_DOUANE_ACCESS,
                said=("annonce", "announced", "مُعلن", "معلن"),
            ),
            "arrived": StatusSpec(
                label=_t("Arrivé", "وصلت", "Arrived"),
                meaning=_t(
                    "Le navire est arrivé ; l'état ANP et l'état douane disent où en est le "
                    "manifeste.",
                    "وصلت السفينة؛ تبيّن حالة ANP وحالة الجمارك وضعية البيان.",
                    "The vessel has arrived; the ANP and customs states tell where the "
                    "manifest stands.",
                ),
                next_step=_t(
                    "Consultez l'état ANP et l'état douane dans « Consultation des manifestes ».",
                    "اطلعوا على حالة ANP وحالة الجمارك في «Consultation des manifestes».",
                    'See the ANP and customs states in "Consultation des manifestes".',
                ),
                source=_DOUANE_ACCESS,
                said=("arrive", "arrived", "وصلت السفينة"),
            ),
        },
        normalize=normalize_manifest,
        source=_DOUANE_ACCESS,
        said=(
            "manifest",
            "navire",
            "bateau",
            "vessel",
            "ship",
            "babour",
            "سفينة",
            "باخرة",
            "بيان الحمولة",
        ),
        mine=_t("Mes manifestes", "بيانات الحمولة", "My manifests"),
        administration="douane",
    ),
}

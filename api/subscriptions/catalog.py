"""The steps and fields of the subscription form, as the guide lists them, with their
labels (fr/ar/en), choices, conditions and rules (api.subscriptions.rules). The REST
service checks a step's data against this; the conversation is declared from it.

Paths: `douane`, `portnet_douane`, `modification` (the modification-only path: DOUANE only),
and `portnet` (offered once a DOUANE subscription is validated)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from api.procedures.definitions import Choice, Context, Field, FieldType, Texts, Validator
from api.subscriptions import rules
from api.uploads.models import JPEG_CONTENT_TYPE, PDF_ONLY, PNG_CONTENT_TYPE

Path = Literal["douane", "portnet_douane", "modification", "portnet"]
PATHS: tuple[Path, ...] = ("douane", "portnet_douane", "modification", "portnet")
DOUANE_PATHS = frozenset({"douane", "portnet_douane", "modification"})
PORTNET_PATHS = frozenset({"portnet_douane", "portnet"})
ALL_PATHS = frozenset(PATHS)


def _c(value: str, fr: str, ar: str, en: str, *synonyms: str) -> Choice:
    return Choice(value=value, labels={"fr": fr, "ar": ar, "en": en}, synonyms=synonyms)


ENTITY_TYPES = (
    _c("personne_morale", "Personne morale", "شخص معنوي", "Legal entity", "morale"),
    _c("personne_physique", "Personne physique", "شخص ذاتي", "Natural person", "physique"),
)
OPERATOR_TYPES = (
    _c("importateur", "Importateur", "مستورد", "Importer", "import"),
    _c("exportateur", "Exportateur", "مصدّر", "Exporter", "export"),
    _c("transitaire", "Transitaire", "معشّر", "Customs broker", "transitaire agréé"),
    _c("freight_forwarder", "Freight forwarder", "وكيل الشحن", "Freight forwarder", "ff"),
)
ORIGINS = (
    _c("bail", "Bail", "كراء", "Lease"),
    _c("acquisition", "Acquisition", "اقتناء", "Acquisition"),
    _c("domiciliation", "Domiciliation", "توطين", "Domiciliation"),
)
ID_TYPES = (
    _c(
        "cin",
        "Carte nationale (CIN)",
        "البطاقة الوطنية",
        "National ID card (CIN)",
        "carte nationale",
    ),
    _c("carte_sejour", "Carte de séjour", "بطاقة الإقامة", "Residence card", "sejour"),
    _c("passeport", "Passeport", "جواز السفر", "Passport", "passport"),
)
DIRECTIONS = (
    _c(
        "administrative",
        "Direction administrative",
        "المديرية الإدارية",
        "Administrative department",
    ),
    _c("logistique", "Direction logistique", "المديرية اللوجستيكية", "Logistics department"),
    _c("commerciale", "Direction commerciale", "المديرية التجارية", "Sales department"),
)
SIGNATURES = (
    _c("electronic", "Signature électronique", "توقيع إلكتروني", "Electronic signature"),
    _c(
        "manual",
        "Signature manuelle (contrat signé et cacheté)",
        "توقيع يدوي",
        "Handwritten signature",
    ),
)
# Banks of Morocco (the portal's list).
BANKS = tuple(
    _c(value, name, name, name)
    for value, name in (
        ("attijariwafa", "Attijariwafa bank"),
        ("bank_of_africa", "Bank of Africa"),
        ("banque_populaire", "Banque Populaire"),
        ("cih", "CIH Bank"),
        ("credit_agricole", "Crédit Agricole du Maroc"),
        ("credit_du_maroc", "Crédit du Maroc"),
        ("societe_generale", "Société Générale Maroc"),
        ("bmci", "BMCI"),
        ("al_barid", "Al Barid Bank"),
        ("cfg", "CFG Bank"),
    )
)
# Commercial-court centres (code and city, as the portal writes them); another centre is
# accepted when written the same way (rules.rc_centre).
RC_CENTRES = tuple(
    _c(value, value, value, value)
    for value in ("81 CASABLANCA", "61 TANGER", "53 DAKHLA", "593 BERRECHID", "3 RABAT")
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    label: Texts
    required: bool = True
    # Asked (and, when required, demanded) only when this says so.
    required_when: Callable[[Context], bool] | None = None
    choices: Sequence[Choice] | None = None
    validators: tuple[Validator, ...] = ()
    accept: tuple[str, ...] = ()

    def asked(self, context: Context) -> bool:
        return self.required_when is None or self.required_when(context)


@dataclass(frozen=True)
class StepSpec:
    name: str
    title: Texts
    fields: tuple[FieldSpec, ...]
    paths: frozenset[str] = ALL_PATHS
    # A list of items (managers, GU users, contacts), each with `fields`.
    repeated: bool = False
    min_items: int = 0
    max_items: int | None = None
    # Rules on the whole list (repeated steps).
    list_validators: tuple[Validator, ...] = ()
    # Rules across a finished step's answers (a dict), each told on the field it names.
    step_validators: tuple[tuple[str, Validator], ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


def _f(
    name: str,
    kind: FieldType,
    fr: str,
    ar: str,
    en: str,
    *validators: Validator,
    required: bool = True,
    when: Callable[[Context], bool] | None = None,
    choices: Sequence[Choice] | None = None,
    accept: tuple[str, ...] = (),
) -> FieldSpec:
    checks = (rules.one_of(choices), *validators) if choices is not None else validators
    return FieldSpec(
        name=name,
        type=kind,
        label={"fr": fr, "ar": ar, "en": en},
        required=required,
        required_when=when,
        choices=choices,
        validators=tuple(checks),
        accept=accept,
    )


def _on(paths: frozenset[str]) -> Callable[[Context], bool]:
    return lambda context: context.data.get("path") in paths


def _operator(*types: str) -> Callable[[Context], bool]:
    return rules.when_equals("operator_type", *types)


def _pdf(
    name: str, fr: str, ar: str, en: str, *, when: Callable[[Context], bool] | None = None
) -> FieldSpec:
    return _f(name, "file", fr, ar, en, rules.upload_id, when=when, accept=PDF_ONLY)


_TEXT = rules.text()

VERIFICATION = StepSpec(
    name="verification",
    title={
        "fr": "Vérification du compte auprès de la douane",
        "ar": "التحقق من الحساب لدى الجمارك",
        "en": "Customs account check",
    },
    fields=(
        _f("email", "email", "Email", "البريد الإلكتروني", "E-mail", rules.email),
        _f(
            "if_number",
            "text",
            "Identifiant fiscal (IF)",
            "التعريف الضريبي",
            "Tax identifier (IF)",
            rules.if_number,
        ),
        _f("ice", "text", "Numéro ICE", "رقم ICE", "ICE number", rules.ice),
        _f(
            "rc",
            "text",
            "N° de registre du commerce (RC)",
            "رقم السجل التجاري",
            "Trade register number (RC)",
            rules.rc_number,
        ),
        _f(
            "operator_type",
            "select",
            "Type d'opérateur",
            "نوع المتعامل",
            "Operator type",
            choices=OPERATOR_TYPES,
        ),
        _f(
            "rc_centre",
            "select",
            "N° du centre (RC)",
            "رقم مركز السجل التجاري",
            "RC centre",
            rules.rc_centre,
        ),
    ),
)
# On the modification-only path the same fields are the « anciens » ones (old IF, ICE…).
MODIFICATION_LABELS: dict[str, Texts] = {
    "if_number": {
        "fr": "Ancien identifiant fiscal (IF)",
        "ar": "التعريف الضريبي القديم",
        "en": "Old tax identifier (IF)",
    },
    "ice": {"fr": "Ancien numéro ICE", "ar": "رقم ICE القديم", "en": "Old ICE number"},
    "rc": {"fr": "Ancien N° RC", "ar": "رقم السجل التجاري القديم", "en": "Old RC number"},
    "operator_type": {"fr": "Type d'opérateur", "ar": "نوع المتعامل", "en": "Operator type"},
    "rc_centre": {
        "fr": "Ancien N° du centre RC",
        "ar": "رقم مركز السجل التجاري القديم",
        "en": "Old RC centre",
    },
}

COMPANY = StepSpec(
    name="company",
    title={"fr": "Informations de la société", "ar": "معلومات الشركة", "en": "Company information"},
    fields=(
        _f(
            "entity_type",
            "select",
            "Type d'entité",
            "نوع الكيان",
            "Entity type",
            choices=ENTITY_TYPES,
        ),
        _f(
            "operator_type",
            "select",
            "Type d'opérateur",
            "نوع المتعامل",
            "Operator type",
            choices=OPERATOR_TYPES,
        ),
        _f("ice", "text", "Numéro ICE", "رقم ICE", "ICE number", rules.ice),
        _f("rc", "text", "Numéro RC", "رقم السجل التجاري", "RC number", rules.rc_number),
        _f(
            "if_number",
            "text",
            "Identifiant fiscal",
            "التعريف الضريبي",
            "Tax identifier",
            rules.if_number,
        ),
        _f("rc_centre", "select", "Centre RC", "مركز السجل التجاري", "RC centre", rules.rc_centre),
        _f("raison_sociale", "text", "Raison sociale", "الاسم التجاري", "Company name", _TEXT),
        _f(
            "start_date",
            "date",
            "Date de commencement",
            "تاريخ بدء النشاط",
            "Start date",
            rules.past_date,
        ),
        _f(
            "head_office",
            "text",
            "Siège social / Adresse",
            "المقر الاجتماعي / العنوان",
            "Head office / Address",
            rules.text(300),
        ),
        _f(
            "cnss",
            "text",
            "CNSS",
            "رقم الضمان الاجتماعي",
            "CNSS number",
            rules.cnss,
            required=False,
            when=_on(PORTNET_PATHS),
        ),
        _f(
            "taxe_professionnelle",
            "text",
            "Taxe professionnelle",
            "الضريبة المهنية",
            "Business tax number",
            rules.taxe_professionnelle,
            when=_on(PORTNET_PATHS),
        ),
        _f("origin", "select", "Origine", "الأصل", "Origin", choices=ORIGINS),
        _f(
            "domicilie_chez",
            "text",
            "Domicilié chez",
            "موطّن لدى",
            "Domiciled with",
            _TEXT,
            when=rules.when_equals("origin", "domiciliation"),
        ),
        _f("city", "text", "Ville", "المدينة", "City", _TEXT),
        # « Adresse répétitive », the box beside the city in the portal's form.
        _f(
            "repeated_address",
            "checkbox",
            "Adresse répétitive",
            "عنوان متكرر",
            "Repeated address",
            rules.boolean,
            required=False,
        ),
        _f(
            "activity_sector",
            "text",
            "Secteur d'activité / Nature",
            "قطاع النشاط / الطبيعة",
            "Business sector",
            _TEXT,
        ),
        _f(
            "main_activity", "text", "Activité principale", "النشاط الرئيسي", "Main activity", _TEXT
        ),
        _f(
            "activity_carried_out",
            "text",
            "Activité effectivement exercée",
            "النشاط المزاول فعليًا",
            "Activity actually carried out",
            _TEXT,
        ),
        _f("sigle", "text", "Sigle", "المختصر", "Acronym", _TEXT),
        _f("enseigne", "text", "Enseigne", "الشعار التجاري", "Trade name", _TEXT),
        _f(
            "agrement",
            "text",
            "Agrément",
            "الاعتماد",
            "Customs broker licence",
            _TEXT,
            when=_operator("transitaire"),
        ),
        _f(
            "logo",
            "file",
            "Logo",
            "الشعار",
            "Logo",
            rules.upload_id,
            required=False,
            accept=(PNG_CONTENT_TYPE, JPEG_CONTENT_TYPE),
        ),
        _f("phone", "tel", "Téléphone", "الهاتف", "Phone", rules.phone),
        _f("fax", "tel", "N° Fax", "رقم الفاكس", "Fax number", rules.phone, required=False),
        _f("email", "email", "Email", "البريد الإلكتروني", "E-mail", rules.email),
    ),
)

MANAGERS = StepSpec(
    name="managers",
    title={"fr": "Gérants", "ar": "المسيرون", "en": "Managers"},
    repeated=True,
    min_items=1,
    max_items=10,
    fields=(
        _f("last_name", "text", "Nom", "الاسم العائلي", "Last name", _TEXT),
        _f("first_name", "text", "Prénom", "الاسم الشخصي", "First name", _TEXT),
        _f("address", "text", "Adresse", "العنوان", "Address", rules.text(300)),
        _f(
            "birth_date",
            "date",
            "Date de naissance",
            "تاريخ الازدياد",
            "Birth date",
            rules.past_date,
        ),
        _f(
            "id_type", "select", "Type identifiant", "نوع وثيقة الهوية", "ID type", choices=ID_TYPES
        ),
        _f(
            "id_number",
            "text",
            "Identifiant",
            "رقم وثيقة الهوية",
            "ID number",
            rules.identity_number,
        ),
        _f(
            "id_domiciliation",
            "text",
            "Domiciliation CIN",
            "مكان إصدار البطاقة",
            "ID issuing place",
            _TEXT,
        ),
        _f(
            "id_expiry",
            "date",
            "Date d'expiration CIN",
            "تاريخ انتهاء صلاحية البطاقة",
            "ID expiry date",
            rules.valid_until,
        ),
    ),
)

MANDATAIRE = StepSpec(
    name="mandataire",
    title={"fr": "Mandataire", "ar": "الوكيل", "en": "Legal representative"},
    paths=PORTNET_PATHS,
    fields=(
        _f(
            "mandataire",
            "select",
            "Mandataire (choisi parmi les gérants)",
            "الوكيل (يُختار من بين المسيرين)",
            "Legal representative (one of the managers)",
            rules.mandataire,
        ),
    ),
)

_IMPORTER = _operator("importateur")
_FORWARDER = _operator("freight_forwarder")
DOCUMENTS = StepSpec(
    name="documents",
    title={"fr": "Documents", "ar": "الوثائق", "en": "Documents"},
    fields=(
        _pdf(
            "cin_copy",
            "Copie de la CIN ou du passeport du signataire de la demande",
            "نسخة من بطاقة التعريف أو جواز سفر موقّع الطلب",
            "Copy of the signatory's CIN or passport",
        ),
        _pdf(
            "category_proof",
            "Copie d'un document justifiant la catégorie de l'opérateur",
            "نسخة من وثيقة تثبت فئة المتعامل",
            "Copy of a document proving the operator's category",
        ),
        _pdf("statutes", "Statut de la société", "النظام الأساسي للشركة", "Company statutes"),
        _pdf(
            "model_j",
            "Copie du modèle J / Registre de commerce",
            "نسخة من النموذج J / السجل التجاري",
            "Copy of the model J / trade register",
        ),
        _pdf(
            "power_of_attorney",
            "Procuration par le gérant pour faire la procédure de souscription",
            "توكيل من المسير للقيام بإجراءات الاشتراك",
            "Manager's power of attorney for the subscription",
        ),
        _pdf(
            "taxe_professionnelle_doc",
            "Taxe professionnelle",
            "الضريبة المهنية",
            "Business tax certificate",
        ),
        _pdf("ice_doc", "ICE", "شهادة ICE", "ICE certificate"),
        _pdf(
            "rib_certificate", "Attestation de RIB", "شهادة RIB", "RIB certificate", when=_IMPORTER
        ),
        _pdf("if_doc", "Document IF", "وثيقة التعريف الضريبي", "Tax identifier (IF) document"),
        _pdf(
            "ministry_authorisation",
            "Autorisation du Ministère de l'Equipement, du Transport, de la Logistique et de l'Eau",
            "ترخيص وزارة التجهيز والنقل واللوجستيك والماء",
            "Authorisation of the Ministry of Equipment, Transport, Logistics and Water",
            when=_FORWARDER,
        ),
        _pdf(
            "office_des_changes_authorisation",
            "Autorisation de l'Office des Changes",
            "ترخيص مكتب الصرف",
            "Authorisation of the Foreign Exchange Office",
            when=_FORWARDER,
        ),
    ),
)

GU_USERS = StepSpec(
    name="gu_users",
    title={
        "fr": "Utilisateurs du Guichet Unique",
        "ar": "مستخدمو الشباك الوحيد",
        "en": "Single Window users",
    },
    paths=PORTNET_PATHS,
    repeated=True,
    min_items=1,
    max_items=rules.MAX_GU_USERS,
    list_validators=(rules.at_most_gu_users,),
    fields=(
        _f("last_name", "text", "Nom", "الاسم العائلي", "Last name", _TEXT),
        _f("first_name", "text", "Prénom", "الاسم الشخصي", "First name", _TEXT),
        _f("cin", "text", "CIN", "رقم البطاقة الوطنية", "CIN", rules.cin),
        _f(
            "cin_domiciliation",
            "text",
            "Domiciliation de la CIN",
            "مكان إصدار البطاقة",
            "CIN issuing place",
            _TEXT,
        ),
        _f(
            "cin_expiry",
            "date",
            "Date d'expiration CIN",
            "تاريخ انتهاء صلاحية البطاقة",
            "CIN expiry date",
            rules.valid_until,
        ),
        _f("email", "email", "Email", "البريد الإلكتروني", "E-mail", rules.email),
    ),
)

CONTACTS = StepSpec(
    name="contacts",
    title={"fr": "Contacts", "ar": "جهات الاتصال", "en": "Contacts"},
    paths=PORTNET_PATHS,
    repeated=True,
    min_items=1,
    max_items=10,
    fields=(
        _f(
            "direction",
            "select",
            "Type de direction",
            "نوع المديرية",
            "Department",
            choices=DIRECTIONS,
        ),
        _f("first_name", "text", "Prénom", "الاسم الشخصي", "First name", _TEXT),
        _f("last_name", "text", "Nom", "الاسم العائلي", "Last name", _TEXT),
        _f("email", "email", "Email", "البريد الإلكتروني", "E-mail", rules.email),
    ),
)

BANK = StepSpec(
    name="bank",
    title={"fr": "Compte bancaire", "ar": "الحساب البنكي", "en": "Bank account"},
    paths=PORTNET_PATHS,
    fields=(
        _f("bank", "select", "Banque", "البنك", "Bank", choices=BANKS),
        _f("rib", "text", "RIB (24 chiffres)", "RIB (24 رقمًا)", "RIB (24 digits)", rules.rib),
        _f(
            "branch_address",
            "text",
            "Adresse du guichet",
            "عنوان الوكالة",
            "Branch address",
            rules.text(300),
        ),
    ),
)

CONTRACT = StepSpec(
    name="contract",
    title={"fr": "Contrat", "ar": "العقد", "en": "Contract"},
    paths=PORTNET_PATHS,
    fields=(
        _f(
            "signature",
            "select",
            "Mode de signature",
            "طريقة التوقيع",
            "Signing mode",
            choices=SIGNATURES,
        ),
        # Electronic: the contract signed with the key, uploaded (rules.contract_signed).
        # Manual: signed and stamped on paper, attached if the operator has scanned it.
        FieldSpec(
            name="signed_contract",
            type="file",
            label={"fr": "Contrat signé", "ar": "العقد الموقّع", "en": "Signed contract"},
            required=False,
            validators=(rules.upload_id,),
            accept=PDF_ONLY,
        ),
    ),
    step_validators=(("signed_contract", rules.contract_signed),),
)

TERMS = StepSpec(
    name="terms",
    title={
        "fr": "Termes et conditions d'utilisation",
        "ar": "شروط الاستعمال",
        "en": "Terms of use",
    },
    fields=(
        _f(
            "accepted",
            "checkbox",
            "J'ai lu et j'accepte les Conditions Générales d'Utilisation",
            "قرأت وأقبل الشروط العامة للاستعمال",
            "I have read and accept the General Terms of Use",
            rules.yes("subscription_terms_not_accepted"),
        ),
    ),
)

STEPS: tuple[StepSpec, ...] = (
    VERIFICATION,
    COMPANY,
    MANAGERS,
    MANDATAIRE,
    DOCUMENTS,
    GU_USERS,
    CONTACTS,
    BANK,
    CONTRACT,
    TERMS,
)
# Filled when the draft is created (the BADR check), never edited as a step after.
FIXED_STEPS = frozenset({"verification"})


def steps_for(path: str) -> tuple[StepSpec, ...]:
    """The steps of a path, in the guide's order (the verification first)."""
    return tuple(step for step in STEPS if path in step.paths)


def step(path: str, name: str) -> StepSpec | None:
    return next((s for s in steps_for(path) if s.name == name), None)


def label(spec: FieldSpec, lang: str, path: str | None = None) -> str:
    texts = MODIFICATION_LABELS.get(spec.name) if path == "modification" else None
    chosen = texts or spec.label
    return chosen.get(lang) or chosen["fr"]


def choice_label(choices: Sequence[Choice], value: str, lang: str) -> str:
    for choice in choices:
        if choice.value == value:
            return choice.labels.get(lang) or choice.labels["fr"]
    return value


_ASK = {"fr": "{label} ?", "ar": "{label}؟", "en": "{label}?"}


def engine_field(spec: FieldSpec, *, path: str | None = None) -> Field:
    """The field as the procedures engine declares one (api.procedures.definitions), with
    the same rules; asked by its label until the conversation words its own question."""
    labels = (
        dict(MODIFICATION_LABELS.get(spec.name, spec.label))
        if path == "modification"
        else dict(spec.label)
    )
    return Field(
        name=spec.name,
        type=spec.type,
        label=labels,
        question={lang: _ASK[lang].format(label=text) for lang, text in labels.items()},
        required=spec.required,
        choices=spec.choices,
        required_when=spec.required_when,
        validators=spec.validators,
        accept=spec.accept,
    )

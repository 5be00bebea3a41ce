"""The procedures engine's texts in fr/ar/en (Darija users read French)."""

from api import i18n

i18n.register(
    {
        # Errors of the public routes.
        "procedure_not_found": {
            "fr": "Cette démarche n'existe pas.",
            "ar": "هذا الإجراء غير موجود.",
            "en": "This procedure does not exist.",
        },
        "procedure_draft_not_found": {
            "fr": "Ce brouillon de démarche est introuvable.",
            "ar": "مسودة هذا الإجراء غير موجودة.",
            "en": "This procedure draft was not found.",
        },
        "procedure_closed": {
            "fr": "Cette démarche est déjà envoyée ou annulée : elle ne se modifie plus.",
            "ar": "هذا الإجراء أُرسل أو أُلغي بالفعل، ولم يعد قابلًا للتعديل.",
            "en": "This procedure was already sent or cancelled: it can no longer be changed.",
        },
        "procedure_field_not_current": {
            "fr": "Le champ « {field} » ne fait pas partie de l'étape en cours.",
            "ar": "الحقل «{field}» ليس من الخطوة الحالية.",
            "en": 'The field "{field}" is not part of the current step.',
        },
        # Refusals: each names the rule.
        "procedure_required": {
            "fr": "« {label} » est obligatoire.",
            "ar": "«{label}» إلزامي.",
            "en": '"{label}" is required.',
        },
        "procedure_choice_unknown": {
            "fr": "« {label} » : choisissez l'une des propositions ({choices}).",
            "ar": "«{label}»: اختر أحد الاقتراحات ({choices}).",
            "en": '"{label}": choose one of the options ({choices}).',
        },
        "procedure_too_long": {
            "fr": "« {label} » : {limit} caractères au plus (vous en avez écrit {length}).",
            "ar": "«{label}»: {limit} حرفًا على الأكثر (كتبت {length}).",
            "en": '"{label}": at most {limit} characters (you wrote {length}).',
        },
        "procedure_invalid_email": {
            "fr": "« {label} » : une adresse e-mail comme nom@exemple.ma.",
            "ar": "«{label}»: عنوان بريد إلكتروني مثل name@example.ma.",
            "en": '"{label}": an e-mail address such as name@example.ma.',
        },
        "procedure_invalid_tel": {
            "fr": "« {label} » : un numéro de téléphone de 8 à 15 chiffres (+ permis au début).",
            "ar": "«{label}»: رقم هاتف من 8 إلى 15 رقمًا (يمكن أن يبدأ بـ +).",
            "en": '"{label}": a phone number of 8 to 15 digits (a leading + is allowed).',
        },
        "procedure_invalid_date": {
            "fr": "« {label} » : une date au format JJ/MM/AAAA.",
            "ar": "«{label}»: تاريخ بصيغة يوم/شهر/سنة (JJ/MM/AAAA).",
            "en": '"{label}": a date as DD/MM/YYYY.',
        },
        "procedure_invalid_number": {
            "fr": "« {label} » : un nombre (par exemple 12 ou 12,5).",
            "ar": "«{label}»: عدد (مثلًا 12 أو 12,5).",
            "en": '"{label}": a number (for example 12 or 12.5).',
        },
        "procedure_invalid_checkbox": {
            "fr": "« {label} » : répondez par oui ou par non.",
            "ar": "«{label}»: أجب بنعم أو لا.",
            "en": '"{label}": answer yes or no.',
        },
        "procedure_file_missing": {
            "fr": ("« {label} » : joignez le fichier avec le bouton trombone{skip_hint}."),
            "ar": "«{label}»: أرفق الملف بزر المشبك{skip_hint}.",
            "en": '"{label}": attach the file with the paper-clip button{skip_hint}.',
        },
        "procedure_file_skip_hint": {
            "fr": ", ou dites « passer »",
            "ar": "، أو قل «تخطي»",
            "en": ', or say "skip"',
        },
        "procedure_file_not_found": {
            "fr": "Ce fichier est introuvable dans cette conversation : joignez-le à nouveau.",
            "ar": "هذا الملف غير موجود في هذه المحادثة: أرفقه من جديد.",
            "en": "This file was not found in this conversation: attach it again.",
        },
        "procedure_file_type": {
            "fr": "« {filename} » : types acceptés : {accept}.",
            "ar": "«{filename}»: الأنواع المقبولة: {accept}.",
            "en": '"{filename}": accepted types: {accept}.',
        },
        "procedure_file_too_large": {
            "fr": "« {filename} » : {limit_mb} Mo au plus par fichier.",
            "ar": "«{filename}»: {limit_mb} ميغابايت على الأكثر لكل ملف.",
            "en": '"{filename}": at most {limit_mb} MB per file.',
        },
        "procedure_too_many_files": {
            "fr": "« {label} » : {limit} fichier(s) au plus.",
            "ar": "«{label}»: {limit} ملف(ات) على الأكثر.",
            "en": '"{label}": at most {limit} file(s).',
        },
        "procedure_form_stale": {
            "fr": "Ce formulaire n'est plus celui de l'étape en cours : utilisez le dernier.",
            "ar": "هذه الاستمارة لم تعد استمارة الخطوة الحالية: استعمل آخر استمارة.",
            "en": "This form is no longer the current step's: use the latest one.",
        },
        # What the engine says.
        "procedure_started": {
            "fr": "D'accord, commençons : {title}. Vous pouvez dire « retour », « résumé » ou « annuler » à tout moment.",
            "ar": "حسنًا، لنبدأ: {title}. يمكنك قول «رجوع» أو «ملخص» أو «إلغاء» في أي وقت.",
            "en": 'All right, let\'s start: {title}. You can say "back", "summary" or "cancel" at any time.',
        },
        "procedure_resumed": {
            "fr": "Je reprends votre démarche en cours : {title}.",
            "ar": "أستأنف إجراءك الجاري: {title}.",
            "en": "Resuming your procedure in progress: {title}.",
        },
        "procedure_step": {
            "fr": "Étape {number}/{total} : {title}.",
            "ar": "الخطوة {number}/{total}: {title}.",
            "en": "Step {number}/{total}: {title}.",
        },
        "procedure_summary": {
            "fr": "Voici le résumé de votre demande ({title}) :",
            "ar": "هذا ملخص طلبك ({title}):",
            "en": "Here is the summary of your request ({title}):",
        },
        "procedure_summary_question": {
            "fr": "Confirmez-vous l'envoi ?",
            "ar": "هل تؤكد الإرسال؟",
            "en": "Do you confirm sending it?",
        },
        "procedure_none_value": {"fr": "—", "ar": "—", "en": "—"},
        "procedure_files_value": {
            "fr": "{count} fichier(s) : {names}",
            "ar": "{count} ملف(ات): {names}",
            "en": "{count} file(s): {names}",
        },
        "procedure_yes": {"fr": "Oui", "ar": "نعم", "en": "Yes"},
        "procedure_no": {"fr": "Non", "ar": "لا", "en": "No"},
        "procedure_button_confirm": {"fr": "Confirmer", "ar": "تأكيد", "en": "Confirm"},
        "procedure_button_modify": {"fr": "Modifier", "ar": "تعديل", "en": "Edit"},
        "procedure_button_cancel": {"fr": "Annuler", "ar": "إلغاء", "en": "Cancel"},
        "procedure_button_skip": {"fr": "Passer", "ar": "تخطي", "en": "Skip"},
        "procedure_button_done": {"fr": "Terminé", "ar": "انتهيت", "en": "Done"},
        "procedure_button_submit": {"fr": "Envoyer", "ar": "إرسال", "en": "Send"},
        "procedure_modify_which": {
            "fr": "Quelle étape voulez-vous modifier ?",
            "ar": "أي خطوة تريد تعديلها؟",
            "en": "Which step do you want to change?",
        },
        "procedure_file_received": {
            "fr": "Fichier(s) reçu(s) : {count}/{limit}. Joignez-en un autre, ou dites « terminé ».",
            "ar": "الملفات المستلمة: {count}/{limit}. أرفق ملفًا آخر أو قل «انتهيت».",
            "en": 'File(s) received: {count}/{limit}. Attach another one, or say "done".',
        },
        "procedure_file_rules": {
            "fr": "({accept} ; {limit_mb} Mo au plus ; {limit} fichier(s) au plus)",
            "ar": "({accept}؛ {limit_mb} ميغابايت على الأكثر؛ {limit} ملف(ات) على الأكثر)",
            "en": "({accept}; at most {limit_mb} MB; at most {limit} file(s))",
        },
        "procedure_cancelled": {
            "fr": "C'est annulé : votre démarche n'a pas été envoyée.",
            "ar": "تم الإلغاء: لم يُرسل إجراؤك.",
            "en": "Cancelled: your procedure was not sent.",
        },
        "procedure_human": {
            "fr": "Votre démarche est gardée : dites « reprendre » pour la continuer plus tard.",
            "ar": "إجراؤك محفوظ: قل «استئناف» لمتابعته لاحقًا.",
            "en": 'Your procedure is kept: say "resume" to continue it later.',
        },
        "procedure_offer_agent": {
            "fr": (
                "Cette étape ne passe pas ? Un agent PORTNET peut vous aider : votre démarche "
                "est gardée."
            ),
            "ar": "هذه الخطوة لا تمر؟ يمكن لعون من PORTNET مساعدتك، وإجراؤك محفوظ.",
            "en": "Stuck on this step? A PORTNET agent can help you: your procedure is kept.",
        },
        "procedure_button_agent": {
            "fr": "Parler à un agent",
            "ar": "التحدث إلى عون",
            "en": "Talk to an agent",
        },
        "procedure_nothing_to_resume": {
            "fr": "Vous n'avez aucune démarche en cours à reprendre.",
            "ar": "ليس لديك أي إجراء جارٍ لاستئنافه.",
            "en": "You have no procedure in progress to resume.",
        },
        "procedure_already_done": {
            "fr": "Cette démarche est déjà envoyée (référence {reference}).",
            "ar": "هذا الإجراء أُرسل بالفعل (المرجع {reference}).",
            "en": "This procedure was already sent (reference {reference}).",
        },
        "procedure_login_required": {
            "fr": "Pour cette démarche, connectez-vous d'abord ; ensuite nous continuons ici même.",
            "ar": "لهذا الإجراء، سجّل الدخول أولًا، ثم نتابع هنا مباشرة.",
            "en": "For this procedure, please sign in first; then we continue right here.",
        },
        "procedure_button_login": {
            "fr": "Se connecter",
            "ar": "تسجيل الدخول",
            "en": "Sign in",
        },
    }
)

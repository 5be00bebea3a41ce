"""A cross-lingual lexicon: the same notion in French, English, Arabic and Darija becomes one term.

Two uses:

- `terms()` is the analyser behind BM25. Every surface form of a concept ("mot de passe",
  "mdp", "password", "كلمة المرور", "lmdp") is replaced by one concept term, in the
  articles and in the questions alike, so an English, Arabic or Darija question matches
  the French wording of an article exactly, not only through embeddings.
- `gloss_darija()` rewrites a Darija question (Moroccan Arabic in Latin letters, which
  neither embedding model reads well) word by word into French, to be embedded next to
  the raw question.

The table is about how users name the PORTNET notions, not about any one question:
one line per notion, `French | English | Arabic | Darija`, comma-separated synonyms; the
first French form names the concept and is what Darija glosses to.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from knowledge.text import STOPWORDS, fold, is_acronym, stem

_LEXICON = """
mot de passe, mots de passe, mdp, code secret | password, passwords, passwd, pass word | كلمة المرور, كلمات المرور, كلمة السر, كلمة سر, الرقم السري, رمز المرور | lmdp, lpassword, lmot de passe, lcode secret
oublié, oublier, oubli, perdu | forgot, forgotten, forget, lost | نسيت, نسيان, أنسى, فقدت, ضاع, ضاعت | nsit, nsiti, nsina, tnsa, nsito, nsitha, nsitou, tnsat
modifier, changer, changement, modification, éditer | change, changing, modify, edit, amend | تغيير, تعديل, أغير, غير, يغير, أعدل, عدل, يعدل, نغير | nbddel, nbdel, nbdl, bddel, bdel, tbddel, tbdel, nbedel, nbeddel, nbadal, nbdlo, bddelt, bdelt, nghyer, nghayer, nghyr, nmodifi, nmodifie, nmodifier, nchangi, nchanger
actualiser, actualisation, mettre à jour, mise à jour | update, updating, bring up to date | تحيين, أحين, يحين, تحديث, أحدث | n7iyen, n7yen, nactualisi, nactualiser, nupdati, nmiseajour
se connecter, connexion, connecter, connecté, authentification, s'authentifier | log in, login, connection, log on, logon, logging in, sign in, signin, signing in, sign-in, log into, authenticate, authentication | تسجيل الدخول, سجل الدخول, أسجل الدخول, يسجل الدخول, الدخول, دخول, الولوج, ولوج, أدخل إلى, الاتصال بالبوابة | nconnecta, nconnecti, nconnecte, nconnectiw, nconnectaw, tconnecta, nconnecter, ndkhol, ndkhl, ndkhel, nd5ol, dkhlt, dkhel, ndekhel, nlogi, nlogin
se déconnecter, déconnexion, déconnecter, fermer la session, quitter | log out, logout, logging out, sign out, signout, signing out, log off | تسجيل الخروج, الخروج, خروج, أخرج, إغلاق الجلسة | ndeconnecta, ndeconnecti, ndeconnecter, nkhrej, nkhroj, nkhrj, nkhrjo, nsed session
compte, comptes | account, accounts | حساب, حسابات, الحساب, حسابي, حسابك | lcompte, lcompt, compt, lcompti
créer, création, ouvrir un compte | create, creating, creation, open an account, set up | إنشاء, أنشئ, ينشئ, انشاء, فتح حساب | ncree, ncreer, ncreyi, ncrea, ncreya, n7ell compte, n7el compte
inscription, s'inscrire, inscrire, inscrit, enregistrement | register, registration, registering, sign up, signup, signing up, enrol, enroll, enrolment | تسجيل, التسجيل, أسجل, سجل, يسجل, التقييد | nsjjl, nsjel, nsajal, nsejel, tsjil, tsjjl, ninscrit, ninscrire, ninscriva, tsejelt, tsjlt
souscription, souscrire, abonnement, s'abonner, adhésion | subscription, subscribe, subscribing, subscriber | اشتراك, الاشتراك, اكتتاب, الاكتتاب, اشترك, أشترك, مشترك | nsouscrire, nsouscri, nabonni, nabona, n9ayed, nachtarek
réclamation, plainte, doléance, faire une réclamation | complaint, complaints, claim, claims, grievance, make a complaint, raise a complaint | شكاية, شكايات, شكوى, شكاوى, تظلم, تظلمات, شكايتي, تقديم شكاية, أقدم شكاية | chikaya, chikayat, chkaya, chkayti, lreclamation, reclamasion, chakwa, ndir réclamation, ndir chikaya
demande d'information | information request, enquiry, inquiry, request for information | طلب معلومات, استفسار | nsowel, nsewel, su2al, so2al
facture, factures, facturation | invoice, invoices, bill, bills, billing | فاتورة, فواتير, الفاتورة, الفواتير, فاتورتي | lfacture, lfactura, factura, lfatora, fatora, fatoura
paiement, payer | payment, pay, paying, paid | أداء, الأداء, دفع, الدفع, أدفع, أؤدي, تسديد, سداد | nkhelles, nkhlles, nkhlss, nkhles, khlas, tkhlas, nkhalas, khllst, nkhlsso, nkhlassi
payée, payé | paid, settled | مؤداة, مدفوعة, مسددة, تم الأداء | mkhlsa, mkhelsa, tkhlsat, khlsat
en attente, en cours, en instance | pending, waiting, in progress, awaiting | قيد الانتظار, في الانتظار, قيد المعالجة, قيد الدراسة | mazal, mazala, mazal ma, kaytsena
forfait, forfaits, offre | package, packages, plan, bundle | باقة, باقات, الباقة, باقتي, الفورفي | lforfait, forfe, lforfe
réinitialiser, réinitialisation, remettre à zéro | reset, resetting, reinitialise, reinitialize | إعادة تعيين, إعادة التعيين, إعادة ضبط, إعادة تهيئة | nreinitialisi, nreseti, nresetti, nreset
code de vérification, code de confirmation, code reçu, code à usage unique, otp | verification code, confirmation code, one-time code, one time password, otp, sms code | رمز التحقق, رمز التأكيد, الرمز, رمز, كود | lcode, lcod, code dyal sms
mfa, authentification multifacteur, authentification multi-facteur, authentification à deux facteurs, double authentification, double facteur, 2fa | two-factor, two factor, multi-factor, multifactor, 2-step verification, two-step | المصادقة متعددة العوامل, المصادقة الثنائية, التحقق بخطوتين, المصادقة المزدوجة | lmfa
captcha, recaptcha, je ne suis pas un robot, robot | i am not a robot, i'm not a robot, not a robot, robot check | لست روبوتا, روبوت, كابتشا | machi robot, ana machi robot
image, images, photo, photos | picture, pictures, image, images | صور, صورة, الصور | tswira, tsawer, tsawr
navigateur, navigateurs | browser, browsers, web browser | متصفح, المتصفح, متصفحات, المتصفحات | navigateur, lnavigateur, lbrowser
logiciel, installer | software, install, installation, plugin | برنامج, برنامجا, تطبيق, تثبيت, تنصيب | logiciel, ninstalli, ninstaller, ntelechargi
centre d'aide, aide, besoin d'aide | help centre, help center, help, helpdesk | مركز المساعدة, المساعدة, مساعدة | l3awn, l3awen, mosa3ada, aide
contacter, contact, appeler, écrire à | contact, call, phone, reach, get in touch | اتصل, الاتصال, أتصل, تواصل, التواصل, أتواصل, راسل | n3ayt, n3ayet, n3yt, nt3ayt, nt3ayat, ntasel, ntassel, ncontacti, ncontacter, n3yetlkom
assistance, support, service client, hotline | support, customer service, customer support, helpline | الدعم, دعم, خدمة العملاء, الدعم التقني, المساندة | service client, sapport, lsupport
téléphone, numéro de téléphone | phone, phone number, telephone, telephone number | هاتف, الهاتف, رقم الهاتف, رقم هاتف | tilifon, telifon, nemra dyal tel, nmra, nemra, ra9m, raqm
agent humain, conseiller, humain, opérateur humain, personne réelle | human agent, human, advisor, adviser, real person, live agent | مستشار, موظف, شخص حقيقي, عون, إنسان | chi wa7ed, chi had, bnadem, conseiller
assistant, chatbot, bot, tijaria, assistant virtuel | assistant, chatbot, bot, virtual assistant, ai assistant | المساعد, مساعد, المساعد الذكي, روبوت المحادثة, المساعد الافتراضي | lbot, tijaria
historique, anciennes conversations, discussions précédentes | history, chat history, past conversations, previous conversations, old conversations | سجل المحادثات, سجل, المحادثات السابقة, محادثاتي, محادثات | lhistorique, lmo7adatat, lhadra li fatt
notification, notifications, alerte, alertes | notification, notifications, alert, alerts | إشعار, إشعارات, الإشعارات, تنبيه, تنبيهات | notif, notifs, lnotification, tanbih
cloche | bell, bell icon | جرس, الجرس | naqos, nakous
tableau de bord, dashboard | dashboard, home screen | لوحة القيادة, لوحة التحكم, لوحة المعلومات, اللوحة | dashbord, tablo de bord
indicateur, indicateurs, kpi, statistiques | indicator, indicators, kpi, kpis, statistics | مؤشر, مؤشرات, المؤشرات, إحصائيات | lindicateur
menu latéral, menu de gauche, barre latérale | side menu, sidebar, side bar, left menu, navigation menu | القائمة الجانبية, القائمة اليسرى, الشريط الجانبي | lmenu jenbi, lmenu li 3la liser
menu, menus | menu, menus | قائمة, القائمة, القوائم | lmenu, lmeno
profil, icône utilisateur, menu utilisateur | profile, user icon, user menu, avatar | الملف الشخصي, أيقونة المستخدم, حسابي الشخصي | lprofil, profile dyali
mon espace | my space, my area, my account page | فضائي, فضائي الخاص | mon espace, lespace dyali
espace privé, espace personnel, mon espace privé | private space, private area, personal space, personal area | الفضاء الخاص, فضاء خاص, فضائي الخاص, الفضاء الشخصي | lespace prive, espace prive
raison sociale, dénomination, nom de la société, nom de l'entreprise | company name, business name, corporate name, trade name, legal name | الاسم التجاري, التسمية الاجتماعية, اسم الشركة, الاسم الاجتماعي, اسم المقاولة | smiya dyal charika, smiyt charika, smya dyal charika, smiya dyal chrika
société, entreprise | company, firm, business, enterprise | شركة, الشركة, مقاولة, المقاولة, مؤسسة | charika, chrika, sharika, lcharika, chariika, lmo9awala
douane, douanes, douanier, douanière, adii | customs, customs administration | الجمارك, جمارك, الديوانة, جمركي, جمركية | diwana, dwana, douana, ladouane, ldouane, diouana
banque, banques, bancaire, établissement bancaire | bank, banks, banking | بنك, البنك, بنوك, الأبناك, أبناك, بنكي, بنكية, المصارف | lbanka, banka, lbanque, bnk, lbank
portail, portails, site | portal, portals, website, site | بوابة, البوابة, بوابات, موقع | lportail, lpotay, lsite, site
plateforme | platform | منصة, المنصة | lplateforme, plateforme
commerce extérieur, pmpce | foreign trade, external trade, international trade | التجارة الخارجية, تجارة خارجية | tijara l kharijiya, tijara kharijia, commerce exterieur
importation, importer, importateur, import | import, importing, importer, imports | استيراد, الاستيراد, مستورد, المستورد | nimporti, limport, stirad
exportation, exporter, exportateur, export | export, exporting, exporter, exports | تصدير, التصدير, مصدر, المصدر | nexporti, lexport, tasdir
dum, déclaration douanière, déclarations douanières, déclaration en douane | customs declaration, customs declarations, goods declaration | التصريح الجمركي, التصريحات الجمركية, تصريح جمركي, تصريحات جمركية | dum, ddum
franchise douanière, franchise, dfd, exonération, demande de franchise | customs exemption, duty exemption, exemption, exemptions, duty-free, tax exemption | إعفاء جمركي, الإعفاء الجمركي, إعفاء, الإعفاء, إعفاءات | lfranchise, franchise, i3fa2, i3fa
titre, titres, titre d'importation | title, titles, import title, import licence | سند, سندات, السندات, السند | ltitre, titre
domiciliation, domicilier, domicilié | domiciliation, domiciled, bank domiciliation | توطين, التوطين, توطين بنكي | domiciliation, ldomiciliation
caution bancaire, caution, garantie bancaire | bank guarantee, guarantee, surety, bond | الكفالة البنكية, كفالة بنكية, الكفالة, كفالة, ضمان بنكي | lcaution, caution
manifeste, manifestes | manifest, manifests, cargo manifest | مانيفست, المانيفست, بيان الحمولة, بيانات الحمولة | lmanifeste, manifest
procuration, procurations, mandat | power of attorney, proxy, proxies, mandate | توكيل, التوكيل, وكالة, تفويض, التفويض | lprocuration, procuration, tawkil
mandataire, représentant légal, représentant | legal representative, representative, authorised representative | الوكيل, وكيل, الممثل القانوني, ممثل قانوني, الممثل | lmandataire, mandataire
gérant, gérants, dirigeant, dirigeants | manager, managers, director, directors, managing director | المسير, مسير, المسيرين, مسيرو, المدير, مدير, مسيري | lgerant, gerant, lmodir, lmoudir, lmosayir
utilisateur, utilisateurs | user, users | مستخدم, مستخدمين, المستخدم, المستخدمين, مستعمل, مستعملين | lutilisateur, utilisateurs, users
guichet unique, gu | single window, one-stop shop | الشباك الوحيد, الشباك الموحد, شباك وحيد | lguichet, guichet
document, documents, pièce, pièces, pièce justificative, pièces justificatives, justificatif, justificatifs | document, documents, supporting document, supporting documents, paperwork, papers | وثيقة, وثائق, الوثائق, الوثيقة, مستند, مستندات, المستندات, أوراق | lwata2i9, lwatai9, wra9, lwra9, lwraq, wraq, lwra9i, lpapiers, papiers, documents
fichier, fichiers | file, files, attachment, attachments | ملف, ملفات, الملف, الملفات, المرفق | lfichier, fichier, lfichie
dossier, dossiers | application file, case file, dossier | ملف, ملفي, الملف, ملفك | ldossier, dossier, dossi
taille, poids, volume | size, file size, weight, big, too big, too large, heavy | حجم, الحجم, كبير, ثقيل | kbir, kbira, tqil, t9il, lhajm, l7ajm, ktar mn
mo, méga, mégaoctet, mégaoctets | mb, megabyte, megabytes, mega | ميغابايت, ميغا, ميجابايت | mega, miga
joindre, pièce jointe, attacher, téléverser, télécharger, charger, déposer un fichier | attach, attaching, upload, uploading, load | إرفاق, أرفق, ارفاق, رفع, أرفع, تحميل, أحمل | n7et, n7t, n7tt, nhet, nhtt, nuploadi, nattachi, nchargi, ntelechargi, n7ot, n7to
ajouter, ajout | add, adding, append | إضافة, أضيف, أضف, يضيف | nzid, nzyd, nzido, zid, nzidou
supprimer, suppression, retirer, effacer | delete, remove, erase, clear | حذف, أحذف, مسح, إزالة | nms7, nmse7, nmsa7, n7ayed, nhayed, n7yd, nsupprimi
rechercher, chercher, recherche | search, searching, look up, look for, lookup | بحث, البحث, أبحث, ابحث, يبحث | nqllb, nqleb, nqaleb, nqlb, n9lleb, n9leb, n9lb, qleb, 9leb, nqlbo, tqleb, nrecherchi, nchercher
trouver, retrouver, localiser | find, finding, locate | أجد, يجد, العثور, إيجاد, أعثر | nlqa, nl9a, nelqa, nlka, nlqaha, nlqah, tlqa, l9it, lqit, nl9aha, nlqahom
consulter, consultation, voir, visualiser, afficher, regarder | view, see, consult, display, look at, check | اطلاع, الاطلاع, أطلع, أرى, عرض, أشاهد, معاينة | nchof, nchouf, nchuf, nshof, nchoof, ntchof, nchofha, chof, chouf, ytla3
suivre, suivi, suivre l'état | track, tracking, follow, follow up, follow-up, monitor | تتبع, التتبع, أتتبع, متابعة, أتابع, تابع | ntb3, ntba3, ntab3, ntabe3, tba3, nsuivi, nsuivre
statut, état | status, state, progress | حالة, الحالة, وضعية, الوضعية | l7ala, lhala, l7ala dyal, lstatut, statut, fin wsl, fin wslat
annuler, annulation, annulé, annulée, clôturer, fermer mon compte, résilier, résiliation | cancel, cancellation, cancelled, canceled, close my account | إلغاء, ألغي, ألغى, يلغي, الملغى, ملغى, ملغي, الإلغاء, إغلاق الحساب | nannuli, nanuli, nannula, tannula, tannulla, tannulat, mannuli, mnnuli, nlghi, nelghi, nsed compte, nsedd compte, nfermi
restaurer, restauration, réactiver, réactivation, récupérer, rétablir | restore, restoration, restoring, reactivate, reactivation, recover, reinstate, reopen | استرجاع, أسترجع, استعادة, أستعيد, إعادة تفعيل, إعادة فتح, استرداد | nrj3, nrjja3, nrjje3, nreja3, nrja3, nrjj3, nrecuperi, nrestauri, nrestorer, nrj3o, nraj3
radiation, radié, cessation d'activité, cessation, fermeture de l'entreprise | striking off, struck off, strike off, deregistration, cease trading, closure | شطب, التشطيب, الشطب, توقف النشاط, التوقف عن النشاط | trayyat, tchetbat, sedit charika, charika tsddat
rejeté, rejet, refusé, refus, rejetée, refusée | rejected, rejection, refused, refusal, denied, declined | رفض, مرفوض, رفضت, مرفوضة, الرفض | trfd, trfdat, trfed, rfdouh, rfdo, trefdat, mrfoud, mrfouda
rectifier, corriger, correction, compléter, rectification | fix, correct, correcting, rectify, complete, amend | تصحيح, أصحح, تدارك, تكميل, أكمل الملف | nsl7, nsl7o, nsle7, nsla7, nsalah, nsal7, ncorrigi, ncorriger, nsl7ha, nkmml dossier
incomplet, manquant, manque, non conforme | incomplete, missing, lacking, not complete | ناقص, ناقصة, غير مكتمل, غير كامل, نقص | na9es, naqes, na9s, naqs, khass fih, mn9os, ma kamlch
reprendre, reprise, continuer, poursuivre | resume, resuming, continue, carry on, pick up | استئناف, أستأنف, أكمل, إكمال, مواصلة, أواصل | nkmml, nkml, nkmel, nkemmel, ntkmml, nkmlo, nkamel, nkmmel
interrompu, interruption, coupé, coupure | interrupted, interruption, cut off, disconnected, lost connection, connection lost, crashed | انقطع, انقطاع, توقف, قطع, انقطاع الاتصال, انقطع الاتصال | t9at3, t9te3, tqta3, t9ta3at, t9at3at, tqat3at, tqte3, t9te3at, tsd, tbloka
recommencer, depuis le début, à zéro | start over, from scratch, start again, restart, from the beginning | من جديد, من البداية, أبدأ من جديد, أعيد | n3awd, n3awed, n3awd mn lowl, mn lowl, mn jdid, mn ljdid, n3awdo
e-mail, email, mail, courriel, adresse électronique, adresse e-mail, messagerie | email, e-mail, mail, email address, mailbox, inbox | البريد الإلكتروني, بريد إلكتروني, البريد, بريد, إيميل, الإيميل | imayl, imail, lemail, lmail, limayl, lmayl, lmeil, email
recevoir, reçu, reçois | receive, received, receiving, get, got | توصلت, أتوصل, وصلني, استلمت, أستلم, تلقيت, أتلقى | wslni, wsslni, wsalni, wsselni, jani, jatni, twslt, twsselt, wslatni
lien | link, url | رابط, الرابط, الرابط الإلكتروني | lien, llien, lyen, lien dyal
adresse, url, site web | address, web address, url, website address | عنوان, العنوان, عنوان الموقع | ladresse, adresse dyal site
confirmer, confirmation, valider, validation | confirm, confirmation, validate, validation | تأكيد, أكد, أؤكد, المصادقة على | nconfirmi, nvalidi, nvalider, tvalida, tvalidat, tvalidaw, validaw, mvalidi
signer, signature, signé | signature, signed, e-signature, electronic signature | توقيع, التوقيع, أوقع, يوقع, موقع إلكترونيا | nsigni, nsini, nsign, nsigner, nwe99a3, nwq3, nwaqqa3, nwe9e3, tsignat
contrat, contrats, convention, abonnement portnet | contract, contracts | عقد, العقد, عقود, اتفاقية | lkontra, contra, lcontrat, kontra
envoyer, soumettre, soumission, envoi, soumis, soumise, envoyé, envoyée | send, sending, sent, submit, submitting, submitted, submission | إرسال, أرسل, يرسل, تقديم, قدم, أقدم, بعث, إيداع | nsift, nsifet, sifet, siftt, nb3t, nseft, nsifto, sifto, nsoumetti, nenvoyi
déposer, dépôt, faire une réclamation, faire une demande | file, lodge, lodging, filing, make a complaint, raise a complaint | إيداع, أودع, أضع, وضع, تقديم شكاية, أقدم شكاية | ndepozi, ndeposi, ndepose, ndiposi, ndir réclamation, ndir chikaya, ndir demande
nouveau, nouvelle, nouveaux | new | جديد, جديدة, الجديد, الجديدة | jdid, jdida, ljdid, ljdida
ancien, ancienne, précédent, anciennes | old, previous, past, earlier | قديم, القديم, سابق, السابقة, السابق | qdim, qdima, lqdim, 9dim
vérifier, vérification, contrôler | verify, verification, check, checking | تحقق, التحقق, أتحقق, التأكد | ntcheki, nverifi, nverifier, nchecki
badr, système badr | badr, badr system | بدر, نظام بدر | badr
ice, identifiant commun de l'entreprise | ice, common company identifier | المعرف الموحد للمقاولة, المعرف الموحد | ice, lice
registre de commerce, registre du commerce, rc, modèle j | trade register, commercial register, company register, model j | السجل التجاري, سجل تجاري, النموذج ج | rc, registre
identifiant fiscal | tax identifier, tax id, tax identification | المعرف الضريبي, التعريف الضريبي | if, identifiant fiscal
cin, carte d'identité, carte nationale, carte nationale d'identité, passeport | id card, identity card, national id, passport | البطاقة الوطنية, بطاقة التعريف, البطاقة الوطنية للتعريف, جواز السفر, الجواز | la carte, lakart, lcarte, cin, lbita9a, lbitaqa, passport
rib, relevé d'identité bancaire, attestation de rib, compte bancaire, coordonnées bancaires | bank details, bank account, bank account details, bank statement, iban | الحساب البنكي, رقم الحساب البنكي, حساب بنكي, شهادة الحساب البنكي | rib, compte bancaire, l7sab dyal banka, lhsab bnki
taxe professionnelle, patente | business tax, professional tax, trade tax | الضريبة المهنية, الباتانتا, الرسم المهني | patenta, lpatenta, taxe professionnelle
statuts de la société, statuts de l'entreprise, statut de la société | articles of association, company statutes, bylaws, memorandum of association | النظام الأساسي, القانون الأساسي | statuts
transitaire, transitaires, commissionnaire en douane | freight forwarder, forwarder, forwarders, customs broker, forwarding agent | معشر, المعشر, وكيل العبور, الوكيل بالعمولة | transitaire, transiteur, lmo3ashir
opérateur, opérateurs, opérateur économique, opérateurs économiques | operator, operators, economic operator | متعامل, المتعامل, متعاملين, المتعاملين, المتعامل الاقتصادي, الفاعل الاقتصادي | operateur, lmota3amil
catégorie, type, types, catégories, profil d'opérateur | category, type, kind, categories, types | فئة, صنف, نوع, أنواع, الفئة, الصنف | naw3, nou3, no3, type, categorie
conditions d'utilisation, conditions générales, cgu, conditions générales d'utilisation | terms of use, terms and conditions, terms, conditions of use | شروط الاستعمال, الشروط العامة, شروط الاستخدام | chorout, les conditions
données personnelles, protection des données, cndp, vie privée, données à caractère personnel | personal data, data protection, privacy, gdpr | حماية المعطيات, المعطيات الشخصية, البيانات الشخصية, حماية البيانات | donnees personnelles, lma3loumat chakhsiya
confidentialité, confidentiel, secret, engagement de confidentialité | confidentiality, confidential, secrecy, non-disclosure | سرية, السرية, سري, الكتمان | sirriya, sir
faq, foire aux questions, questions fréquentes, questions courantes | faq, faqs, frequently asked questions, common questions | الأسئلة الشائعة, الأسئلة المتكررة, أسئلة شائعة | lfaq, faq
guide, guides, guide utilisateur, guides utilisateurs, mode d'emploi | guide, guides, user guide, user guides, manual, handbook, tutorial | دليل, الدليل, دليل المستخدم, أدلة, دلائل, الأدلة, دليل الاستعمال | lguide, guide, lguid
accès rapide, accès rapides, raccourci, raccourcis | quick access, shortcut, shortcuts, quick links | الولوج السريع, الوصول السريع, اختصارات, روابط سريعة, اختصار | raccourci, racourci
réseaux sociaux, facebook, linkedin, twitter, youtube | social media, social networks, social network | مواقع التواصل الاجتماعي, شبكات التواصل, التواصل الاجتماعي | facebook, fb, lfacebook, reseaux sociaux
partenaires, partenaire | partners, partner | الشركاء, شركاء, شريك | partenaires
rendez-vous, rdv, prise de rendez-vous | appointment, appointments, booking, book, schedule | موعد, مواعيد, حجز, أحجز | mou3id, maw3id, rendez vous, rdv, nakhod rdv, n7jz, n7jez, nreservi
conteneur, conteneurs | container, containers | حاوية, حاويات, الحاويات, الحاوية | konteneur, conteneur, lconteneur
vrac, marchandises en vrac | bulk, bulk goods, bulk cargo | البضائع السائبة, سائبة, بضائع سائبة | vrac
bad, bon à délivrer, bons à délivrer | delivery order, delivery orders, release order | إذن التسليم, أذون التسليم, إذن بالتسليم | bad, lbad
aérien, aérienne, avion, fret aérien | air, air cargo, air freight, airport, aircraft | جوي, الجوي, جوية, الطائرة, الشحن الجوي | tiyara, tayara, ja3i
maritime, port, navire, bateau | maritime, sea, ocean, port, vessel, ship, boat | بحري, البحري, بحرية, ميناء, الميناء, سفينة, باخرة | babor, lbabor, lbateau, lmarsa, marsa
contrôle physique, visite, contrôle, inspection | inspection, physical inspection, control, physical check, visit | المراقبة, مراقبة, تفتيش, المعاينة, فحص, المراقبة المادية | ltaftich, controle
dédouanement | customs clearance, clearance | التخليص الجمركي, الجمركة, التعشير | dedouanement, ldedouanement
délai, délais, durée, temps | lead time, time, duration, delay, how long, processing time | مدة, المدة, أجل, آجال, الوقت, وقت | lwqt, lw9t, lwa9t, mouda, modda, chhal mn wqt
mad, dirham, dirhams, dh | dirham, dirhams, mad, dh | درهم, دراهم, الدرهم | drham, dirham, drahem
ttc, toutes taxes comprises | including tax, tax included, incl tax, all taxes included | شامل للضرائب, شامل لجميع الضرائب | ttc
carte bancaire, cmi, carte de crédit | bank card, credit card, debit card, card payment | بطاقة بنكية, البطاقة البنكية, بطاقة الأداء, بطاقة ائتمان | lcarte guichet, carte banka, lcarte bancaire
virement, virement bancaire | bank transfer, wire transfer, transfer | تحويل بنكي, تحويل, التحويل البنكي | virement, lvirement
filtre, filtres, filtrer, critère, critères | filter, filters, filtering, criteria, criterion | مرشح, مرشحات, المرشحات, تصفية, معايير | lfiltre, filtre, filtrat
colonne, colonnes | column, columns | عمود, أعمدة, الأعمدة, خانات الجدول | lcolonne, colonne
bouton | button | زر, الزر, أزرار | lbouton, bouton, boton
page de service, page du service | service page, service screen | صفحة الخدمة, صفحة خدمة | page dyal service
fil d'ariane | breadcrumb, breadcrumbs | مسار التنقل, شريط التنقل | fil dariane
micro, microphone, vocal, voix, parler | microphone, voice, speak, speaking, talk | الميكروفون, صوت, صوتي, التحدث, أتكلم | nhdr, nhder, ntkllm, nhdar, sout, lmicro, bsout
session | session | جلسة, الجلسة | session, sesyon
sécurité, sécurisé, fort, robuste | secure, security, safe, strong, robust | أمان, آمن, قوية, قوي, الأمان, حماية | mzyan, s7i7, 9wi, qwi
caractère, caractères, lettre, lettres, symbole | character, characters, letter, letters, symbol | حرف, أحرف, حروف, رمز خاص, رموز خاصة | 7orof, horof, 7rf, caractere, 7arf, 7ourouf, 7rouf
majuscule, majuscules, minuscule, minuscules | uppercase, upper-case, lowercase, lower-case, capital letter, capital letters | حروف كبيرة, أحرف كبيرة, حروف صغيرة, أحرف صغيرة | majuscule, minuscule
chiffre, chiffres | digit, digits, numeral | أرقام, رقم, الأرقام | ar9am, arqam, r9m, r9am, r9em
minimum, au moins, minimal, minimale | minimum, at least, min, minimal | الأدنى, على الأقل, الحد الأدنى, أقل | 3la l9al, 3la lqal, minimum
maximum, au plus, maximale, maximal, limite, plafond | maximum, at most, max, limit, upper limit | الأقصى, الحد الأقصى, أقصى, أكثر من, حد | maximum, max, lmax
nombre, combien de, nombre de | number of, how many, count | عدد, كم عدد | chhal mn, ch7al mn, 3adad
numéro, référence, n° | number, reference, ref, reference number | رقم, مرجع, المرجع, الرقم | nemra, nmra, ra9m, référence
imo, numéro imo, numéro d'escale, escale | imo, imo number, port call, call number, stopover | رقم المنظمة البحرية, التوقف | imo
arrivée, date d'arrivée | arrival, arrival date | تاريخ الوصول, الوصول | wsoul, twssl
organisme, organismes, administration, administrations, institution, ministère | agency, agencies, authority, body, administration, ministry, institution | جهة, جهات, هيئة, هيئات, مؤسسة, إدارة, إدارات, الإدارات, وزارة, الجهات | lidara, idara, lmo2assasa, l2idara
onssa | onssa, food safety office | المكتب الوطني للسلامة الصحية, أونسا | onssa
portnet id, identifiant unique | portnet id, single sign-on, sso, unique login | معرف بورتنت, المعرف الموحد بورتنت | portnet id
portnet | portnet | بورتنت, بورتنيت | portnet, portnit
rnoce, souscription.portnet.ma, inscription des opérateurs | rnoce, operator registration platform | منصة تسجيل المتعاملين, منصة الاشتراك | rnoce, souscription.portnet.ma
identifiant, nom d'utilisateur | username, user name, login name, user id | اسم المستخدم, المعرف, معرف المستخدم | lidentifiant, identifiant, username
espace | space, area | فضاء, الفضاء | lespace, espace
formulaire, formulaires | form, forms, online form | استمارة, الاستمارة, استمارات | lformulaire, formulaire, lform
signifier, signification, veut dire, sens | mean, meaning, means, stand for, stands for | يعني, تعني, معنى, مدلول | kat3ni, kay3ni, ya3ni, ma3na
accéder, accès, accède | access, accessing, get to, reach the | الوصول إلى, الولوج إلى, أصل إلى | nwsl l, nwssl l, nwsel l
gérer, gestion | manage, managing, management, administer | تدبير, إدارة, تسيير, أدبر, أسير | ngerer, ngeri, ndbbr, nsiyer, ntgerer
étape, étapes, procédure, démarche, marche à suivre | step, steps, procedure, walkthrough | مرحلة, مراحل, خطوة, خطوات, إجراء, إجراءات, مسطرة | lmarahil, lkhatawat, lmarahel, etapes, les etapes, procedure
problème, erreur, bug, ne marche pas, ne fonctionne pas | problem, issue, error, bug, stuck, not working, doesn't work | مشكل, مشكلة, خطأ, عطل, لا يعمل, مشاكل | mochkil, mochkila, mouchkil, mouchkila, mochkil, machi khddam, ma khdamch, ma khddamach, ma kaykhdemch, tbloka, mblok
déjà utilisé, déjà utilisée, existe déjà, déjà enregistré, déjà inscrit, déjà pris | already used, already in use, already exists, already registered, already taken | مستعمل من قبل, مستخدم مسبقا, موجود مسبقا, مسجل مسبقا, مستعمل سابقا | deja utilise, mst3ml, msta3ml, mosta3mal, deja msjjl, msjjl deja
obligatoire, requis, nécessaire, exigé | mandatory, required, compulsory, necessary, must | إجباري, إلزامي, ضروري, مطلوب, إلزامية | daroori, darouri, lazem, khass ykon, wajib
information, informations, infos, info, données, coordonnées | information, info, details, data | معلومات, المعلومات, معطيات, المعطيات, بيانات, البيانات | lma3loumat, ma3loumat, lm3lomat, les infos, infos, donnees, lma3lomat
utiliser, servir, fonction | use, used for, purpose | استعمال, استخدام, فائدة, الغرض, وظيفة | nkhdem, kaykhdem, nst3ml, nsta3mel, khdma, fayda, ykhdem, tkhdem
présentation, en bref, vue d'ensemble | overview, summary, introduction | نظرة عامة, نظرة موجزة, تقديم, لمحة | 
"""

# Darija function words: no concept for BM25 (they are stop words there), but the
# French gloss needs them to make a sentence the embedder can read.
_DARIJA_FUNCTION_WORDS = {
    "kifach": "comment",
    "kifash": "comment",
    "kifech": "comment",
    "kif": "comment",
    "kifax": "comment",
    "fin": "où",
    "fen": "où",
    "fine": "où",
    "finahoma": "où sont",
    "fayn": "où",
    "wach": "est-ce que",
    "wash": "est-ce que",
    "was": "est-ce que",
    "chno": "quoi",
    "chnou": "quoi",
    "chnu": "quoi",
    "achno": "quoi",
    "ach": "quoi",
    "chnahowa": "qu'est-ce que",
    "3lach": "pourquoi",
    "3lash": "pourquoi",
    "lach": "pourquoi",
    "3lax": "pourquoi",
    "chhal": "combien",
    "ch7al": "combien",
    "chhal mn": "combien de",
    "ch7al mn": "combien de",
    "imta": "quand",
    "emta": "quand",
    "fo9ach": "quand",
    "foqach": "quand",
    "chkoun": "qui",
    "chkon": "qui",
    "chkun": "qui",
    "achkoun": "qui",
    "bghit": "je veux",
    "bghina": "nous voulons",
    "bgheet": "je veux",
    "baghi": "je veux",
    "bagha": "je veux",
    "khass": "il faut",
    "khas": "il faut",
    "khassni": "je dois",
    "khasni": "je dois",
    "khesni": "je dois",
    "khassna": "nous devons",
    "khassek": "tu dois",
    "nqder": "je peux",
    "nqdr": "je peux",
    "n9der": "je peux",
    "n9dr": "je peux",
    "yqdr": "peut",
    "tqdr": "tu peux",
    "ymken": "possible",
    "ymkn": "possible",
    "dyal": "de",
    "dial": "de",
    "d": "de",
    "dyali": "mon",
    "diali": "mon",
    "dyalk": "ton",
    "dyalek": "ton",
    "dyalna": "notre",
    "dyalo": "son",
    "dyalha": "sa",
    "f": "dans",
    "fi": "dans",
    "l": "le",
    "b": "avec",
    "w": "et",
    "mn": "de",
    "men": "de",
    "3la": "sur",
    "3el": "sur",
    "m3a": "avec",
    "bla": "sans",
    "had": "ce",
    "hadi": "cette",
    "hada": "ce",
    "hadchi": "cela",
    "hadak": "ce",
    "hadik": "cette",
    "chi": "un",
    "bach": "pour",
    "ila": "si",
    "ilakan": "si",
    "ila kan": "si",
    "ana": "je",
    "nta": "tu",
    "nti": "tu",
    "howa": "c'est",
    "hiya": "c'est",
    "homa": "ils",
    "kayn": "il y a",
    "kayna": "il y a",
    "kaynin": "il y a",
    "makaynch": "il n'y a pas",
    "mazal": "encore",
    "mazel": "encore",
    "daba": "maintenant",
    "mor": "après",
    "mora": "après",
    "qbel": "avant",
    "9bel": "avant",
    "ghadi": "va",
    "gha": "va",
    "kolchi": "tout",
    "bzaf": "beaucoup",
    "chwiya": "un peu",
    "walo": "rien",
    "hta": "même",
    "ta": "même",
    "ma": "ne",
    "machi": "pas",
    "mktob": "écrit",
    "mktoub": "écrit",
    "kaytlb": "demande",
    "kaytleb": "demande",
    "kaytlbo": "demandent",
    "kaytalbo": "demandent",
    "kaybano": "s'affichent",
    "kayban": "s'affiche",
    "kaybanli": "je vois",
    "drt": "j'ai fait",
    "dert": "j'ai fait",
    "ndir": "faire",
    "kandir": "je fais",
    "dir": "fais",
    "bqa": "reste",
    "b9a": "reste",
    "bqali": "il me reste",
    "b9ali": "il me reste",
    "l3am": "l'année",
    "l3aam": "l'année",
    "3am": "année",
    "nfs": "même",
    "nafs": "même",
    "lwqt": "temps",
    "lowl": "début",
    "lwl": "début",
    "lawel": "premier",
    "wa7ed": "un",
    "jouj": "deux",
    "tlata": "trois",
    "ydwwzni": "me transférer",
    "ydwzni": "me transférer",
    "nhdr": "parler",
    "m3ah": "avec lui",
    "tjawbat": "a reçu une réponse",
    "jawbo": "ont répondu",
    "jawb": "répondre",
    "hna": "ici",
    "temma": "là",
    "tma": "là",
    "n3ref": "savoir",
    "n3rf": "savoir",
    "3reft": "je sais",
    "3rft": "je sais",
    "3ndi": "j'ai",
    "3andi": "j'ai",
    "3ndek": "tu as",
    "3ndna": "nous avons",
    "smhli": "excusez-moi",
    "salam": "bonjour",
    "3afak": "s'il vous plaît",
    "afak": "s'il vous plaît",
    "3la wach": "à propos de quoi",
    "ach kayn": "qu'y a-t-il",
    "wakha": "d'accord",
    "li": "qui",
    "lli": "qui",
    "mni": "de moi",
    "fiha": "dedans",
    "fih": "dedans",
    "lih": "à lui",
    "liya": "à moi",
    "lia": "à moi",
    "wost": "milieu",
    "west": "milieu",
    "nakhod": "prendre",
    "nakhd": "prendre",
    "na5od": "prendre",
    "nkhdem": "utiliser",
    "khdam": "marche",
    "khddam": "marche",
}

# Short or shared words that must not, alone, make a question Darija.
_NOT_DARIJA = frozenset(
    {
        "fin",
        "l",
        "f",
        "b",
        "w",
        "d",
        "a",
        "ma",
        "ta",
        "had",
        "fine",
        "men",
        "site",
        "if",
        "mega",
        "max",
        "minimum",
        "bad",
        "dum",
        "ice",
        "rc",
        "rib",
        "cin",
        "imo",
        "was",
        "gha",
        "ach",
    }
)
_MAX_PHRASE = 6
_ARABIC_CLITICS = ("ب", "ل", "ك", "ف")
_REPEATED_LETTER = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class _Notion:
    french: tuple[str, ...]
    english: tuple[str, ...]
    arabic: tuple[str, ...]
    darija: tuple[str, ...]

    @property
    def name(self) -> str:
        return "§" + "_".join(fold(self.french[0]).split())

    @property
    def forms(self) -> tuple[str, ...]:
        return self.french + self.english + self.arabic + self.darija


def _parse(table: str) -> list[_Notion]:
    notions = []
    for line in table.strip().splitlines():
        columns = [column.strip() for column in line.split("|")]
        if len(columns) != 4:
            raise ValueError(f"lexicon line needs 4 columns (fr | en | ar | darija): {line!r}")
        forms = [
            tuple(form.strip() for form in column.split(",") if form.strip()) for column in columns
        ]
        notions.append(_Notion(*forms))
    return notions


def _stems(text: str) -> list[str]:
    """Every folded word stemmed, function words included (they are part of phrases: "log in")."""
    return [stem(word) for word in re.findall(r"\w+", fold(text))]


class Lexicon:
    def __init__(self, table: str = _LEXICON) -> None:
        self._phrases: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._gloss: dict[tuple[str, ...], str] = {}
        notions = _parse(table)
        for notion in notions:
            for form in notion.forms:
                for key in self._keys(form):
                    if notion.name not in self._phrases[key]:
                        self._phrases[key].append(notion.name)
        # Darija borrows French words ("franchise", "dossier" are in the Darija column):
        # those stay as written in the gloss and do not mark a question as Darija.
        latin_words = {
            word
            for notion in notions
            for form in notion.french + notion.english
            for word in self._darija_key(form)
        }
        for notion in notions:
            for form in notion.darija:
                key = self._darija_key(form)
                if not set(key) <= latin_words:
                    self._gloss.setdefault(key, notion.french[0])
        for word, french in _DARIJA_FUNCTION_WORDS.items():
            self._gloss.setdefault(self._darija_key(word), french)
        self._darija_markers = frozenset(
            key[0]
            for key in self._gloss
            if len(key) == 1
            and len(key[0]) > 2
            and key[0] not in latin_words
            and key[0] not in _NOT_DARIJA
            and (key[0] not in STOPWORDS or key[0] in _DARIJA_FUNCTION_WORDS)
        )

    @staticmethod
    def _keys(form: str) -> list[tuple[str, ...]]:
        """The stem sequences a surface form is recognised by."""
        full = tuple(_stems(form))
        if not full:
            return []
        keys = [full]
        # Without its function words, if at least two words remain ("mot passe"); never
        # one ("sign in" must not turn every "sign" into a log-in).
        content = tuple(stem(w) for w in re.findall(r"\w+", fold(form)) if w not in STOPWORDS)
        if len(content) >= 2 and content != full:
            keys.append(content)
        # Arabic attaches prepositions to the word: "بكلمة المرور", "للجمارك".
        if not full[0].isascii():
            keys += [(clitic + full[0], *full[1:]) for clitic in _ARABIC_CLITICS]
        return keys

    @staticmethod
    def _darija_key(form: str) -> tuple[str, ...]:
        return tuple(
            _REPEATED_LETTER.sub(r"\1", word) for word in re.findall(r"[\w']+", fold(form))
        )

    def terms(self, text: str) -> list[str]:
        """BM25 terms: concept names where the lexicon knows the phrase, else content-word stems."""
        raw_words = re.findall(r"\w+", text)
        folded = [fold(word) for word in raw_words]
        stems = [stem(word) for word in folded]
        result: list[str] = []
        i = 0
        while i < len(stems):
            for n in range(min(_MAX_PHRASE, len(stems) - i), 0, -1):
                concepts = self._phrases.get(tuple(stems[i : i + n]))
                if concepts:
                    result.extend(concepts)
                    i += n
                    break
            else:
                is_function_word = folded[i] in STOPWORDS or folded[i] in _DARIJA_FUNCTION_WORDS
                if not is_function_word or is_acronym(raw_words[i]):
                    result.append(stems[i])
                i += 1
        return result

    def is_darija(self, text: str) -> bool:
        """Whether the text uses Darija words (Latin letters) the lexicon knows."""
        return any(key in self._darija_markers for key in self._darija_key(text))

    def gloss_darija(self, text: str) -> str | None:
        """A word-by-word French rendering of a Darija question, or None if it has no Darija."""
        if not self.is_darija(text):
            return None
        words = re.findall(r"[\w']+", fold(text))
        keys = [_REPEATED_LETTER.sub(r"\1", word) for word in words]
        out: list[str] = []
        i = 0
        while i < len(keys):
            for n in range(min(_MAX_PHRASE, len(keys) - i), 0, -1):
                french = self._gloss.get(tuple(keys[i : i + n]))
                if french is not None:
                    out.append(french)
                    i += n
                    break
            else:
                out.append(words[i])  # French words pass through as written
                i += 1
        return " ".join(out)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()

"""What kind of message this is: an automatic reply, a notification, a breach report, other.

Automatic replies are recognised by RFC 3834 signals (Auto-Submitted, Precedence), X-Autoreply
and its kin, an empty Return-Path, delivery and read reports (multipart/report), mailer-daemon
senders, the subjects such messages carry and, in a short message of its own, the words of an
out-of-office reply; subjects and words in the common European languages (`_AUTO_SUBJECTS`,
`_OUT_OF_OFFICE_WORDS`: the one vocabulary of automatic replies).

Two Microsoft headers are not signals by themselves: X-Auto-Response-Suppress asks others not
to answer automatically and is set on ordinary mail too (helpdesks, CRMs, our own replies), and
X-MS-Exchange-Inbox-Rules-Loop is on anything an inbox rule forwarded or redirected. Exchange's
own automatic replies carry Auto-Submitted, which is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from parsers.extract.corpus import unwrap_paragraphs
from parsers.extract.lookup import tick_answer
from parsers.facts import CaseFacts
from parsers.model import Attachment, ParsedMessage
from triage.breach import breach_concerns, from_public_body, report_text, voice
from triage.states import Kind

_LETTERS = str.maketrans(
    {"ß": "ss", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "’": "'", "‘": "'"}
)
"""Letters with no accent to drop that are written without it too (Straße, Strasse; yanıt, yanit)."""


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Text as the auto-reply vocabulary reads it: accents dropped, lower case, one space between
    words. 'Réponse automatique :' and 'REPONSE  AUTOMATIQUE :' fold alike; so do Greek and Cyrillic."""
    return " ".join(_unaccented(text).lower().translate(_LETTERS).split())


def _vocabulary(start: str, phrases: Sequence[str]) -> re.Pattern[str]:
    """One pattern of phrases written as people write them (accents kept), folded like the text."""
    folded = (_unaccented(p).translate(_LETTERS) for p in phrases)
    return re.compile(start + "(?:" + "|".join(folded) + ")", re.IGNORECASE)


_AUTO_SUBJECTS = (
    # English: Outlook and Exchange ("Automatic reply:", older "Out of Office AutoReply:"), subjects set by hand
    r"automatic reply",
    r"auto(?:matic)?[- ]?(?:reply|response)",
    r"out of (?:the )?office(?! hours)",
    r"ooo\b",
    r"away from (?:the )?office",
    r"vacation (?:reply|response|responder|notice)",
    # English: delivery reports and read receipts
    r"undeliverable",
    r"undelivered mail",
    r"delivery (?:status )?notification",
    r"mail delivery (?:failed|failure|system)",
    r"returned mail",
    r"failure notice",
    r"read:",
    r"read receipt",
    r"not read:",
    r"delivered:",
    # German
    r"automatische antwort",
    r"abwesenheitsnotiz",
    r"abwesenheitsmeldung",
    r"abwesend ?:",
    r"nicht im b(?:ü|ue)ro",
    r"außer haus ?:",
    # French (Outlook puts a no-break space before the colon)
    r"réponse automatique",
    r"absente? du bureau",
    r"absence du bureau",
    r"message d'absence",
    # Spanish
    r"respuesta automática",
    r"fuera de (?:la )?oficina",
    # Italian
    r"risposta automatica",
    r"fuori (?:sede|ufficio)",
    # Portuguese
    r"resposta automática",
    r"fora do escritório",
    r"ausência temporária",
    r"mensagem de ausência",
    # Dutch
    r"automatisch antwoord",
    r"afwezigheidsbericht",
    r"afwezigheidsmelding",
    r"afwezig ?:",
    r"niet aanwezig ?:",
    r"niet op kantoor",
    # Polish
    r"automatyczna odpowiedź",
    r"odpowiedź automatyczna",
    r"poza biurem",
    # Swedish, Danish, Norwegian
    r"autosvar",
    r"automatiskt svar",
    r"automatisk svar",
    r"frånvaromeddelande",
    r"frånvarande ?:",
    r"(?:inte|ej) på kontoret",
    r"ikke på kontoret",
    r"ikke til stede ?:",
    r"fraværende ?:",
    r"fraværsmeddelelse",
    r"fraværsmelding",
    # Finnish
    r"automaattinen vastaus",
    r"poissa toimistolta",
    r"poissaoloviesti",
    r"poissaoloilmoitus",
    # Czech, Slovak
    r"automatická odpověď",
    r"automatická odpoveď",
    r"mimo kancelář",
    r"mimo kancelári(?:e|u)",
    # Romanian
    r"răspuns automat",
    r"în afara biroului",
    # Hungarian
    r"automatikus válasz",
    r"házon kívül",
    r"irodán kívül",
    # Turkish
    r"otomatik (?:yanıt|cevap)",
    r"ofis dışında",
    # Greek
    r"αυτόματη απάντηση",
    r"εκτός γραφείου",
    # Catalan, Slovenian, Croatian/Serbian/Bosnian, Lithuanian, Latvian, Estonian, Bulgarian, Russian, Ukrainian
    r"resposta automàtica",
    r"samodejni odgovor",
    r"automatski odgovor",
    r"automatinis atsakymas",
    r"automātiskā atbilde",
    r"automaatvastus",
    r"автоматичен отговор",
    r"автоматический ответ",
    r"автоматична відповідь",
)
_AUTO_SUBJECT = _vocabulary(r"^(?:\[[^\]]{1,40}\] ?)*", _AUTO_SUBJECTS)
"""At the start of the folded subject, after tags a gateway adds ('[EXTERNAL] Automatic reply: ...')."""

_GAP = r"(?:[^,;.!?]|(?<=\d)\.){0,40}?"
"""A few words of the same clause: a date ('bis 10.03.2026'), never a comma or a full stop."""

_OUT_OF_OFFICE_WORDS = (
    # English
    r"i(?: am|'m) (?:currently |now |presently )?(?:out of (?:the )?office|away from (?:the |my )?(?:office|desk|school|work))",
    r"i(?: am|'m) (?:currently |now |presently )?(?:on (?:annual |parental |maternity |paternity |sick |study )?leave|on holiday|on vacation)",
    rf"i(?: am|'m| will be|'ll be) (?:currently |now )?(?:away|absent|off work|out of (?:the )?office|on (?:annual )?leave|on holiday|not in (?:the )?(?:office|school)){_GAP}\b(?:until|till|from|between|returning|and will|with (?:limited|no) access)",
    r"this is an? (?:automatic|automated|auto-generated) (?:reply|response|message|e-?mail|notification)",
    r"this is an auto-?(?:reply|response)",
    r"(?:limited|no|intermittent) access to (?:my )?e-?mails?",
    rf"i will (?:respond|reply|get back to you|answer){_GAP}\b(?:(?:on|upon|after) my return|when i (?:am back|return|get back))",
    # French
    r"je suis (?:actuellement |présentement |en ce moment )?(?:absente?|en (?:congés?|vacances|déplacement|formation|arrêt maladie|congé maladie|congé maternité)|hors du bureau|en dehors du bureau)",
    rf"je serai (?:absente?|en (?:congés?|vacances|déplacement|formation)|hors du bureau){_GAP}\b(?:jusqu|du|à partir|au|entre|et)",
    r"réponse automatique",
    r"message (?:d'absence|automatique)",
    r"accès (?:limité|restreint) (?:à|a|aux) (?:mes |ma |mon )?(?:e-?mails?|courriels?|messagerie)",
    rf"je (?:vous )?répondrai{_GAP}\b(?:dès|à|a|après) mon retour",
    # German
    rf"ich bin (?:(?:derzeit|zurzeit|momentan|aktuell|leider|heute|vom|von|bis|ab)\b{_GAP} )?(?:nicht im (?:b(?:ü|ue)ro|hause?|dienst|office)|außer haus|abwesend|im urlaub|in urlaub|auf dienstreise|nicht erreichbar|nicht am arbeitsplatz)",
    r"automatische (?:antwort|abwesenheitsnotiz|benachrichtigung|nachricht)",
    r"abwesenheitsnotiz",
    r"(?:ihre|deine) (?:e-?mail|nachricht|mail) wird nicht (?:automatisch )?weitergeleitet",
    r"eingeschränkte?n? zugriff auf (?:meine )?e-?mails?",
    rf"bin ich{_GAP}\bwieder\b{_GAP}\b(?:im b(?:ü|ue)ro|erreichbar|da|zur(?:ü|ue)ck)\b",
    # Spanish
    r"(?:estoy|me encuentro|estaré|permaneceré) (?:actualmente |en este momento |temporalmente )?(?:fuera de (?:la )?oficina|fuera del despacho|ausente|de vacaciones|de viaje|de baja|de permiso|fuera del centro)",
    r"respuesta automática",
    r"mensaje (?:de respuesta )?automático",
    r"acceso limitado (?:a|al) (?:mi )?(?:correo|e-?mail)",
    rf"(?:responderé|contestaré){_GAP}\b(?:a mi (?:regreso|vuelta)|cuando (?:regrese|vuelva))",
    # Italian
    r"(?:sono|sarò|mi trovo) (?:attualmente |al momento |temporaneamente )?(?:fuori (?:ufficio|sede)|assente|in (?:ferie|vacanza|malattia|trasferta|congedo)|lontan[oa] dall'ufficio)",
    r"risposta automatica",
    r"messaggio (?:generato )?automatico",
    rf"(?:risponderò|ricontatterò){_GAP}\bal (?:mio )?rientro",
    r"accesso limitato (?:alla|alle) (?:mia |mie )?(?:posta|e-?mail)",
    # Portuguese
    r"(?:estou|encontro-me|me encontro|estarei) (?:atualmente |actualmente |neste momento |de momento )?(?:fora do escritório|ausente|de férias|em férias|de licença|em licença|fora da escola)",
    r"resposta automática",
    r"mensagem automática",
    rf"(?:responderei|respondo){_GAP}\b(?:no meu regresso|no meu retorno|após o meu regresso|quando (?:regressar|retornar|voltar))",
    r"acesso limitado ao (?:meu )?(?:e-?mail|correio)",
    # Dutch
    rf"ik ben (?:(?:momenteel|op dit moment|vandaag|helaas|tot|vanaf|van|t/m)\b{_GAP} )?(?:afwezig|niet (?:op kantoor|aanwezig|op school|op het werk|bereikbaar)|met vakantie|op vakantie|met verlof|buiten kantoor)",
    r"automatisch (?:antwoord|bericht)",
    r"afwezigheidsbericht",
    r"afwezigheidsmelding",
    r"(?:uw|je|jouw) (?:e-?mail|bericht|mail) wordt niet doorgestuurd",
    r"beperkte? toegang tot (?:mijn )?e-?mail",
    # Polish
    r"(?:jestem|będę|przebywam) (?:obecnie |aktualnie |teraz |chwilowo |czasowo )?(?:poza biurem|nieobecn[ya]|na urlopie|na zwolnieniu|w delegacji|w podróży służbowej|poza szkołą)",
    r"nie (?:ma|będzie) mnie w (?:biurze|pracy|szkole)",
    r"automatyczna odpowiedź",
    r"odpowiedź automatyczna",
    r"wiadomość (?:została )?(?:wygenerowana|wysłana) automatycznie",
    rf"odpowiem{_GAP}\bpo (?:moim )?powrocie",
    r"ograniczony dostęp do (?:poczty|e-?maila|skrzynki)",
    # Swedish
    rf"jag är (?:(?:för närvarande|just nu|tyvärr|idag|i dag|till och med|till|från|mellan)\b{_GAP} )?(?:inte på kontoret|ej på kontoret|ledig|frånvarande|på semester|tjänstledig|föräldraledig|sjukskriven|bortrest|på tjänsteresa|borta från kontoret)",
    r"automatiskt svar",
    r"autosvar",
    r"frånvaromeddelande",
    r"begränsad tillgång till (?:min )?e-?post",
    # Danish, Norwegian
    rf"jeg er (?:(?:for tiden|for øjeblikket|for øyeblikket|i dag|desværre|dessverre|til og med|til|fra|frem til)\b{_GAP} )?(?:ikke på kontoret|ikke til stede|fraværende|på ferie|på orlov|i permisjon|på barsel|sygemeldt|sykmeldt|ude af huset|borte fra kontoret|væk fra kontoret|bortrejst|bortreist|på tjenestereise|på kursus|på kurs)",
    r"automatisk svar",
    r"fraværsmeddelelse",
    r"fraværsmelding",
    r"begrænset adgang til (?:min )?e-?mail",
    r"begrenset tilgang til (?:min )?(?:e-?post|e-?mail)",
    # Finnish (a date may stand between: 'Olen 1.–5.3. lomalla')
    r"olen (?:tällä hetkellä |nyt |valitettavasti )?(?:[\d./–-]+ ){0,3}(?:poissa|lomalla|vuosilomalla|kesälomalla|talvilomalla|sairaslomalla|äitiyslomalla|isyyslomalla|vanhempainvapaalla|työmatkalla|koulutuksessa|tavoittamattomissa)",
    r"automaattinen (?:vastaus|viesti|poissaoloviesti)",
    r"poissaoloviesti",
    r"poissaoloilmoitus",
    r"luen sähköpostia(?:ni)? (?:vain )?rajoitetusti",
    r"palattuani",
    # Czech
    rf"(?:jsem|budu) (?:(?:momentálně|nyní|v současné době|aktuálně|do|od)\b{_GAP} )?(?:mimo (?:kancelář|úřad|školu|pracoviště)|nepřítomn[ýáa]|na dovolené|na služební cestě|v pracovní neschopnosti|na nemocenské|na mateřské)",
    r"automatick[áa] odpověď",
    r"automaticky (?:generovaná|odeslaná|vygenerovaná) zpráva",
    rf"odpovím{_GAP}\bpo (?:svém |mém )?návratu",
    r"omezený přístup k (?:e-?mailu|poště)",
    # Romanian
    rf"(?:sunt|voi fi|mă aflu) (?:(?:momentan|în prezent|actualmente|până)\b{_GAP} )?(?:în afara biroului|plecat[ăa]?|absent[ăa]?|în concediu|în vacanță|în deplasare|indisponibil[ăa]?)",
    r"răspuns automat",
    r"mesaj (?:generat )?automat",
    rf"(?:voi răspunde|vă voi răspunde|vă voi contacta){_GAP}\b(?:la|după) (?:întoarcere|revenire)",
    r"acces limitat la (?:e-?mail|căsuța de e-?mail)",
    # Hungarian
    r"(?:házon|irodán) kívül (?:vagyok|leszek|tartózkodom)",
    r"szabadságon (?:vagyok|leszek|tartózkodom)",
    r"nem (?:vagyok|leszek|tartózkodom) (?:az )?irodában",
    r"távol (?:vagyok|leszek)",
    r"automatikus (?:válasz|üzenet)",
    r"automatikusan (?:generált|küldött) (?:válasz|üzenet)",
    r"visszatérésem(?:et)? után",
    # Turkish
    r"ofis dışındayım",
    r"ofis dışında (?:olacağım|bulunuyorum|bulunmaktayım)",
    r"ofiste (?:değilim|olmayacağım|bulunmuyorum|bulunmayacağım)",
    r"(?:yıllık )?izindeyim",
    r"izinde (?:olacağım|bulunuyorum|bulunmaktayım)",
    r"tatildeyim",
    r"otomatik (?:yanıt|cevap|mesaj)",
    r"döndüğümde",
    # Greek
    rf"(?:βρίσκομαι|είμαι|θα είμαι|θα βρίσκομαι) (?:(?:προσωρινά|αυτή τη στιγμή|σήμερα|έως|μέχρι)\b{_GAP} )?(?:εκτός (?:γραφείου|έδρας|υπηρεσίας)|σε (?:άδεια|διακοπές)|απών|απούσα)",
    r"αυτόματη απάντηση",
    r"(?:αυτόματο|αυτοματοποιημένο) μήνυμα",
    rf"θα (?:σας )?απαντήσω{_GAP}\b(?:μόλις επιστρέψω|με την επιστροφή μου|κατά την επιστροφή μου)",
    r"περιορισμένη πρόσβαση στο (?:email|e-mail|ηλεκτρονικό ταχυδρομείο)",
)
_OUT_OF_OFFICE = _vocabulary(r"\b", _OUT_OF_OFFICE_WORDS)
_OUT_OF_OFFICE_OPENING = 800
"""The words must be in the opening of the folded body (an out-of-office reply starts with them)..."""
_OUT_OF_OFFICE_LONGEST = 2_000
"""...of a short body (disclaimer included): a school's long email that mentions an absence is not one."""
_SIGNATURE_IMAGE_BYTES = 100_000
"""An image this small (a logo in a signature) is not a plan; any other attachment may be one."""
_QUOTED_LINE = re.compile(r"^[ \t]*>", re.M)
_REPORT_TYPES = ("multipart/report", "message/delivery-status", "message/disposition-notification")
_CONCERN = re.compile(
    r"\bconcern(?:ed|s)?\b|\bbreach|not (?:been )?(?:set up |put in place )?in line with|not following|not (?:been )?followed|"
    r"\bwithout (?:a |any )?(?:meeting|agreement|plan|consent)|\bnever been asked\b|\bnot (?:been )?invited\b|\bno meeting\b|"
    r"\bno (?:date|plan|review|risk assessment)\b|\bnobody\b|\bhas not\b|\bhave not been\b|\billegal|\bunlawful|\binform you\b|"
    r"\blet you know\b|\bfollow (?:this )?up\b",
    re.I,
)
_REDUCED_DAY = re.compile(
    r"timetable|part[- ]time|reduced (?:hours|days?|timetable)|(?:shorter|shortened) (?:school )?days?|phased return|"
    r"\b(?:mornings?|afternoons?) only\b|\bonly (?:[\w'-]+ ){0,6}(?:the )?(?:mornings?|afternoons?|half[- ]days?)\b|"
    r"half[- ]days?|hours|sent home|not in school|lunchtime|midday|"
    r"\b(?:going|goes|go|gone|went|sent|leaving|leaves|leave|left|finishing|finishes|finished|finish|ends|ended|ending|"
    r"collected|picked up)\b (?:home )?(?:from school )?"
    r"(?:at|by|before) (?:\d{1,2}(?:[.:]\d{2})?|noon|half past)|"
    r"\b(?:attend|attends|attending|in school|at school|in|on)\b (?:only )?(?:from )?\d{1,2}(?:[.:]\d{2})? ?(?:am)? ?(?:until|till) ?\d{1,2}|"
    r"\b(?:attend|attends|attending|in school|at school|in)\b (?:only )?(?:from )?\d{1,2}(?:[.:]\d{2})? ?(?:am)? ?(?:to|-|–) ?\d{1,2}|"
    r"\b(?:only|just) (?:\w+ ){0,3}?(?:\d|one|two|three|four) (?:days?|mornings?|afternoons?|lessons?|sessions?) (?:a|per|each) (?:week|day)\b|"
    r"\bafternoons? (?:off|at home)\b|\b(?:out|at home|off)(?: of school)? (?:in|every|each) (?:the )?afternoons?|(?:back|return|returning) to full[- ](?:days|time)|"
    r"\b(?:one|two|three|an?|\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?)\s*(?:a|per|each|/)\s*day\b|"
    r"\b(?:finishing|finishes|finish|leaving|leaves|going home|goes home|sent home) at lunch\b|"
    r"\bsend(?:s|ing)? (?:him|her|them|the (?:boy|girl|child|pupil)) home\b|"
    r"\bhome (?:at|after|before) (?:lunch|lunchtime|midday|noon|dinner)\b|"
    r"\b(?:changed|cut|shortened|reduced) (?:his|her|their|the child's|the pupil's) (?:school )?day\b|"
    r"\b(?:afternoons?|mornings?|school days?|his days?|her days?) (?:were|was|have been|had been|being|are) (?:cut|shortened)\b",
    re.I,
)
"""A school day cut short, in the words people use: a part-time timetable, mornings only, going
home at 12.30, hours cut, attending from 9 until 12, 'school sends him home after lunch'."""
_RTT_TOPIC = re.compile(
    r"reintegration|reduced\s+timetable|part[- ]time\s+timetable|\bRTT\b|phased\s+return|reduced\s+hours|"
    r"(?:modified|temporary|adjusted)\s+(?:part[- ]time\s+)?timetable",
    re.I,
)
_QUESTION = re.compile(
    r"\?\s*$|\b(?:would|could|can|do|does|is|are|should) (?:you|this|we|there|i)\b[^.?]*\?", re.I | re.M
)


def auto_reply_reason(m: ParsedMessage) -> str | None:
    """Why this message is automatic, or None."""
    auto = (m.header("auto-submitted") or "").strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = (m.header("precedence") or "").strip().lower()
    if precedence == "auto_reply":
        return "Precedence: auto_reply"
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply-from", "x-autogenerated"):
        if m.header(name) is not None:
            return name
    return_path = m.header("return-path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "empty Return-Path"
    if m.content_type in _REPORT_TYPES:
        return m.content_type
    sender = m.from_.email if m.from_ else ""
    if re.match(r"^(?:mailer-daemon|postmaster)@", sender, re.I):
        return "mailer-daemon sender"
    if _AUTO_SUBJECT.match(fold(m.subject)):
        return "automatic subject"
    if _out_of_office_text(m):
        return "out-of-office text"
    return None


def _out_of_office_text(m: ParsedMessage) -> bool:
    """The words of an out-of-office reply, in a short message of its own: nothing attached but
    small images, nothing forwarded or quoted, the words in its opening. A school's email that
    says its writer will be away, beside a plan or in a long message, is not an automatic reply."""
    body = m.body
    if m.forwarded or len(body) > 10 * _OUT_OF_OFFICE_LONGEST or _QUOTED_LINE.search(body):
        return False
    if not all(_signature_image(a) for a in m.all_attachments()):
        return False
    text = fold(body)
    return len(text) <= _OUT_OF_OFFICE_LONGEST and bool(_OUT_OF_OFFICE.search(text[:_OUT_OF_OFFICE_OPENING]))


def _signature_image(a: Attachment) -> bool:
    return a.content_type.startswith("image/") and a.size <= _SIGNATURE_IMAGE_BYTES


def is_bulk(m: ParsedMessage) -> bool:
    precedence = (m.header("precedence") or "").strip().lower()
    return precedence in ("bulk", "list", "junk") or any(
        m.header(h) is not None for h in ("list-id", "list-unsubscribe", "list-post")
    )


def _concern_count(text: str) -> int:
    return len(_CONCERN.findall(text))


_CUE_NEGATORS = frozenset({"no", "not", "never", "neither", "nor", "none", "without", "cannot"})
_CUE_NEGATING_PAIRS = frozenset({("rather", "than"), ("instead", "of"), ("opposed", "to")})
_CUE_LIGHT_WORDS = (
    "a an the any such this his her their its on in onto into under to or either currently presently "
    "now yet ever longer still be been being is are was were has have had do does did will would should "
    "placed put using receiving following attending formal official agreed current part-time part time "
    "or nor / reduced reintegration phased partial modified flexible shortened"
)
_CUE_LIGHT = frozenset(_CUE_LIGHT_WORDS.split())
"""Words a negation reaches the cue through ('is not currently on a ...'); any other word
('no end date for his part-time timetable') ends its reach."""
_CUE_REACH = 8
_CLAUSE_BREAK = re.compile(
    r"[.;:!?()\n]|\b(?:but|however|although|though|whereas|so|therefore|because|since|and|which|that|while)\b",
    re.I,
)
_EMPTY_BOX = r"(?:[☐□○◯❍]|\[ ?\]|\( ?\))"
_TICKED_BOX = r"(?:[☒☑■✓✔✗✘●◉xX]|\[[xX✓✔]\]|\([xX✓✔]\))"
_ANSWERED_NO = re.compile(
    r"\s*(?:in place|agreed|applies)?\s*(?:[?:\-–]\s*(?:no|none|n/a|not applicable)\b|"
    rf"[?:]?\s*{_EMPTY_BOX}\s*yes\s*{_TICKED_BOX}\s*no\b|[?:]?\s*yes\s*{_EMPTY_BOX}\s*no\s*{_TICKED_BOX})",
    re.I,
)
"""A form's answer after the cue: 'Reduced timetable in place? No', '? ☐ Yes ☒ No'."""


def cue_negated(text: str, start: int, end: int) -> bool:
    """The cue at text[start:end] is denied: a negation in its clause reaches it through function
    words only ('is not on a reduced timetable', 'no part-time timetable', 'this is not a
    reintegration timetable', 'rather than a reduced timetable'), or a form answers 'No' after it."""
    before = text[max(0, start - 160) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = [w.strip(",'\"’“”").lower() for w in clause.split()]
    sentence = re.split(r"[.!?\n]", before)[-1]
    if _HYPOTHETICAL.search(sentence) or _GUIDANCE_AFTER.match(text, end):
        return True  # 'if a phased return is needed we will follow the reintegration timetable guidance'
    return _negation_reaches(words[-_CUE_REACH:]) or bool(_ANSWERED_NO.match(text, end)) or _asked_not_yes(text, start, end)


_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|in case|should (?:it|he|she|they|that|this))\b[^.;]{0,60}\b(?:changes?|needed|necessary|required|needs? to)\b",
    re.I,
)
"""A sentence that supposes ('If that changes and a phased return is needed'): it tells of no timetable."""
_GUIDANCE_AFTER = re.compile(
    r"(?:\s+timetable)?\s+(?:guidance|guidelines|policy|procedures?|protocol)\b", re.I
)
"""The cue as the name of the guidance ('we will follow the reintegration timetable guidance'),
not of a pupil's form ('the reintegration timetable form for one of our pupils')."""


_QUESTION_LINE = re.compile(r"^\W*(?:is|are|was|were|does|do|has|have|will)\b", re.I)


def _asked_not_yes(text: str, start: int, end: int) -> bool:
    """The cue in a form's question whose answer is not a plain Yes ('Is the pupil on a reduced /
    part-time timetable? YES / NO' with the Yes struck through, read by OCR as '¥eS / NO'):
    the question asks; it affirms nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    asked = line.find("?", end - line_start)
    if asked < 0 or not _QUESTION_LINE.match(line):
        return False
    answer = line[asked + 1 :].strip()
    return _BOTH_OPTIONS.match(answer) is not None or tick_answer(answer) is not True


_BOTH_OPTIONS = re.compile(r"^\W*y\W*e\W*s\W*/\W*no\W*$", re.I)
"""'YES / NO' with both options standing: which one was struck through, the text does not say."""


def _negation_reaches(words: list[str]) -> bool:
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in _CUE_NEGATORS or word.endswith(("n't", "n’t")):
            return True
        if i and (words[i - 1], word) in _CUE_NEGATING_PAIRS:
            return True
        if word not in _CUE_LIGHT:
            return False
    return False


def cue_affirmed(pattern: re.Pattern[str], text: str) -> bool:
    """Some mention of the cue that is not denied."""
    return any(not cue_negated(text, m.start(), m.end()) for m in pattern.finditer(text))


def timetable_denied(text: str) -> bool:
    """The mail speaks of a reduced timetable only to say there is none: every mention denied,
    or one denied and the others only in sentences that deny something ('Natalia is not on a
    part-time or reduced timetable ... There is no plan, meeting or agreement relating to
    reduced hours')."""
    mentions = list(_RTT_TOPIC.finditer(text))
    standing = [m for m in mentions if not cue_negated(text, m.start(), m.end())]
    if not mentions or not standing:
        return bool(mentions)
    return len(standing) < len(mentions) and all(_in_a_denial(text, m) for m in standing)


_DENIAL = re.compile(r"\b(?:no|not|never|none|nothing|neither|nor)\b|n[’']t\b", re.I)


def _in_a_denial(text: str, mention: re.Match[str]) -> bool:
    start = max(text.rfind(mark, 0, mention.start()) for mark in ".;!?\n") + 1
    return bool(_DENIAL.search(text, start, mention.start()))


def classify(messages: Sequence[ParsedMessage], facts: CaseFacts) -> Kind:
    newest = messages[-1]
    if auto_reply_reason(newest):
        return Kind.AUTO_REPLY
    if is_bulk(newest) and not newest.attachments:
        return Kind.OTHER  # a bulletin to a list speaks of timetables, never of one pupil's
    text = newest.body + "\n" + "\n".join(f.body for f in newest.forwarded)
    cue_text = newest.subject + "\n" + "\n".join(unwrap_paragraphs(text))
    has_plan = _has_plan(messages, facts, cue_text)
    if reads_as_breach_report(messages, facts, has_plan):
        return Kind.BREACH_REPORT
    if not has_plan and _WITHDRAWN.search(cue_text):
        return Kind.OTHER
    if has_plan or _locked_plan(messages, cue_text) or _notifies_in_words(cue_text, text, facts):
        return Kind.RTT_NOTIFICATION
    return Kind.OTHER


_WITHDRAWN = re.compile(
    r"\b(?:reduced|part[- ]time|reintegration|phased) (?:timetable|return|plan)\b[^.;]{0,30}\b(?:will not|won't|is not going to|"
    r"will no longer|is no longer going to|did not|didn't|has not) (?:go ahead|start|happen|begin|be going ahead|gone ahead)\b|"
    r"\b(?:cancel(?:l?ed|l?ing)?|withdraw(?:n|ing)?|called off) (?:the |his |her |their )?(?:reduced|part[- ]time|reintegration|phased) "
    r"(?:timetable|return|plan)\b",
    re.I,
)
"""A school withdrawing a plan it sent ('the reduced timetable will not go ahead'): nothing to judge."""


def _has_plan(messages: Sequence[ParsedMessage], facts: CaseFacts, cue_text: str) -> bool:
    """A plan is attached, or reduced weeks are given. A document that reads like a plan is not
    one when the mail or the document itself says there is no reduced timetable (a
    child-missing-education referral), unless it has reduced weeks."""
    if len(facts.timetable) >= 2:
        return True
    if facts.plan_document is None or _blank_form_asked_about(messages, facts):
        return False
    denied = timetable_denied(cue_text) or timetable_denied(_plan_text(messages, facts))
    return not denied or bool(facts.timetable)


def _blank_form_asked_about(messages: Sequence[ParsedMessage], facts: CaseFacts) -> bool:
    """A school asking about a form it attaches unfilled ('Is the attached the right form to
    use?'): nothing in it names a pupil, a start date or a week's hours, and the mail is
    questions. There is no plan yet to judge."""
    empty = not (facts.pupil.name or facts.start_date or facts.timetable)
    return empty and _mostly_questions(messages[-1].body)


def _locked_plan(messages: Sequence[ParsedMessage], cue_text: str) -> bool:
    """The plan is password protected: the reply asks for the password."""
    return any(_has_locked_file(m) for m in messages) and cue_affirmed(_RTT_TOPIC, cue_text)


def _notifies_in_words(cue_text: str, text: str, facts: CaseFacts) -> bool:
    """The mail itself gives the timetable: a letter or a plan typed into the body (plain text,
    or an HTML-only mail's tables), about a named pupil, not a list of questions."""
    if not facts.pupil.name or _mostly_questions(text) or timetable_denied(cue_text):
        return False
    told = cue_affirmed(_RTT_TOPIC, cue_text) and bool(facts.start_date or facts.timetable)
    return told or body_reads_as_plan(cue_text)


_PLAN_PARTS = (
    re.compile(
        r"\bstart(?:ing)? date|\bfirst day\b|\bstart(?:s|ing)? (?:on )?(?:mon|tues|wednes|thurs|fri)day", re.I
    ),
    re.compile(
        r"\bfull[- ]time (?:from|on|date|return)|\b(?:back|return(?:ing|s)?) to full[- ](?:time|days?)", re.I
    ),
    re.compile(r"\breview", re.I),
    re.compile(r"\brisk assessment", re.I),
    re.compile(
        r"named person|co-?ordinator|lead (?:professional|person|adult)|key (?:adult|worker)|responsible for (?:the|this) plan",
        re.I,
    ),
    re.compile(
        r"\bweek (?:1|one)\b|\bhours (?:per|a|each) week\b|\b\d{1,2}[.:]\d{2}\s*(?:am|pm)?\s*(?:-|–|to|until)\s*\d{1,2}[.:]\d{2}",
        re.I,
    ),
    re.compile(r"\b(?:parent|carer|mum|mother|father|dad)\b[^.\n]{0,40}\bsign", re.I),
    re.compile(r"\bmeeting\b", re.I),
    re.compile(
        r"\binterventions?\b|\bstrateg(?:y|ies)\b|\btargets?\b|\bsuccess criteria\b|\bnew skills\b", re.I
    ),
)
"""The parts of a plan; a mail that has most of them is a plan typed into the body."""
_PLAN_PARTS_NEEDED = 5


def body_reads_as_plan(text: str) -> bool:
    return sum(1 for part in _PLAN_PARTS if part.search(text)) >= _PLAN_PARTS_NEEDED


def reads_as_breach_report(messages: Sequence[ParsedMessage], facts: CaseFacts, has_plan: bool) -> bool:
    """A professional outside the school tells us of a cut school day and of something the
    guidance asks for that was not done. A school's own mail is never a report, whatever words
    of concern it uses; a sender who is neither must name two concerns and the school."""
    newest = messages[-1]
    who = voice(newest)
    if who.school:
        return False
    own = report_text(messages)
    if not cue_affirmed(_REDUCED_DAY, newest.subject + "\n" + own):
        return False
    concerns = len(breach_concerns(messages, facts)[0])
    if who.professional or (not has_plan and from_public_body(newest)):
        return concerns >= 2 if has_plan else concerns >= 1 or _concern_count(own) >= 2
    return (
        not has_plan
        and concerns >= 2
        and (bool(facts.pupil.name) or bool(_A_CHILD.search(own)))
        and bool(_THE_SCHOOL.search(own) or _A_NAMED_SCHOOL.search(own))
        and not _WE_THE_SCHOOL.search(own)
    )


_A_CHILD = re.compile(
    r"\b(?:her|his|their|my) (?:son|daughter|child|grandson|granddaughter|foster (?:son|daughter|child))\b|"
    r"\b(?:a|one of our) (?:boy|girl|child|young person)\b(?: in year \d{1,2})?",
    re.I,
)
"""A child the report is about, where it gives no full name ('her son Tadeáš (Year 7 at ...)')."""


_THE_SCHOOL = re.compile(r"\b(?:the|his|her|their) (?:school|academy)\b", re.I)
"""A report speaks of the school in the third person."""
_A_NAMED_SCHOOL = re.compile(r"\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3} (?:School|Academy|College)\b")
"""Or names it ('One of our juniors, Malia (Year 9, Fair Mile School)')."""
_WE_THE_SCHOOL = re.compile(
    r"\bwe (?:have |had )?(?:agreed|decided|put|placed|started|met|arranged|held|will)\b|\bour (?:pupil|school|academy|student)s?\b",
    re.I,
)
"""A school speaks of itself as 'we' ('we have agreed a reduced timetable', 'one of our pupils')."""


def _plan_text(messages: Sequence[ParsedMessage], facts: CaseFacts) -> str:
    """The text of the document taken for the plan."""
    for m in messages:
        for a in m.all_attachments():
            if a.filename == facts.plan_document and a.document is not None:
                return a.document.text
    return ""


def _has_locked_file(m: ParsedMessage) -> bool:
    return any(a.document is not None and a.document.encrypted for a in m.all_attachments())


def _mostly_questions(text: str) -> bool:
    return len(_QUESTION.findall(text)) >= 2

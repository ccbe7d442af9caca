"""Out-of-office and other automatic replies in the common European languages are `auto_reply`
(never answered), by their subject or, in a short message of its own, by their words; a school's
or a parent's ordinary email that mentions an absence is not."""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage

import pytest

from checking.options import CheckOptions
from checking.pipeline import check_message
from parsers.facts import CaseFacts
from parsers.limits import Limits
from parsers.mail import parse_message
from parsers.model import ParsedMessage
from tests.filemakers import docx_bytes
from triage.catalogue import load_guidance
from triage.classify import auto_reply_reason, classify

LIMITS = Limits(sandbox=False)
OPTIONS = CheckOptions(
    limits=LIMITS,
    trusted_domains=("*.oxon.sch.uk",),
    from_address="attendance@oxfordshire.gov.uk",
    guidance=load_guidance(),
)
THREAD_SUBJECT = "Re: Reduced timetable - Amelia Hughes Y5 [RTT-0042]"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A 1x1 PNG: a signature's logo.
LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5b3b1e60000000049454e44ae426082"
)


def build(
    subject: str,
    body: str,
    *,
    sender: str = "Sarah Jones <s.jones@millbrookfields.oxon.sch.uk>",
    headers: Sequence[tuple[str, str]] = (),
    attachments: Sequence[tuple[str, str, bytes]] = (),
    html: bool = False,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "County Attendance Team <attendance@oxfordshire.gov.uk>"
    msg["Subject"] = subject
    msg["Date"] = "Fri, 27 Feb 2026 08:01:03 +0000"
    msg["Message-ID"] = "<test-ooo@millbrookfields.oxon.sch.uk>"
    for name, value in headers:
        msg[name] = value
    if html:
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        msg.set_content(f"<html><body>{paragraphs}</body></html>", subtype="html")
    else:
        msg.set_content(body)
    for filename, ctype, data in attachments:
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    return msg.as_bytes()


def parsed(
    subject: str,
    body: str,
    *,
    headers: Sequence[tuple[str, str]] = (),
    attachments: Sequence[tuple[str, str, bytes]] = (),
    html: bool = False,
) -> ParsedMessage:
    return parse_message(build(subject, body, headers=headers, attachments=attachments, html=html), LIMITS)


# -- subjects ------------------------------------------------------------------------------------

SUBJECTS = [
    ("en", "Automatic reply: Reduced timetable - Amelia Hughes Y5"),
    ("en-exchange-2003", "Out of Office AutoReply: Reduced timetable - Amelia Hughes Y5"),
    ("en-gmail-by-hand", "Out of Office"),
    ("en-gateway-tag", "[EXTERNAL] Automatic reply: Reduced timetable"),
    ("de", "Automatische Antwort: Reduzierter Stundenplan"),
    ("de-older", "Abwesenheitsnotiz: Reduced timetable - Amelia Hughes Y5"),
    ("de-upper-case", "AUTOMATISCHE ANTWORT: Reduced timetable"),
    ("fr", "Réponse automatique\u00a0: Reduced timetable - Amelia Hughes Y5"),
    ("fr-no-accents", "Reponse automatique : Reduced timetable"),
    ("es", "Respuesta automática: Reduced timetable - Amelia Hughes Y5"),
    ("es-older", "Fuera de la oficina: Reduced timetable"),
    ("it", "Risposta automatica: Reduced timetable - Amelia Hughes Y5"),
    ("pt", "Resposta automática: Reduced timetable - Amelia Hughes Y5"),
    ("nl", "Automatisch antwoord: Reduced timetable - Amelia Hughes Y5"),
    ("pl", "Automatyczna odpowiedź: Reduced timetable - Amelia Hughes Y5"),
    ("sv", "Autosvar: Reduced timetable - Amelia Hughes Y5"),
    ("da", "Automatisk svar: Reduced timetable - Amelia Hughes Y5"),
    ("nb", "Ikke på kontoret: Reduced timetable - Amelia Hughes Y5"),
    ("fi", "Automaattinen vastaus: Reduced timetable - Amelia Hughes Y5"),
    ("cs", "Automatická odpověď: Reduced timetable - Amelia Hughes Y5"),
    ("ro", "Răspuns automat: Reduced timetable - Amelia Hughes Y5"),
    ("ro-no-diacritics", "Raspuns automat: Reduced timetable"),
    ("hu", "Automatikus válasz: Reduced timetable - Amelia Hughes Y5"),
    ("tr", "Otomatik yanıt: Reduced timetable - Amelia Hughes Y5"),
    ("tr-ascii", "Otomatik yanit: Reduced timetable"),
    ("el", "Αυτόματη απάντηση: Reduced timetable - Amelia Hughes Y5"),
]


@pytest.mark.parametrize(("language", "subject"), SUBJECTS, ids=[s[0] for s in SUBJECTS])
def test_an_automatic_reply_subject_is_auto_reply(language: str, subject: str) -> None:
    message = parsed(subject, "Thank you for your email.")
    assert auto_reply_reason(message) == "automatic subject"
    assert classify([message], CaseFacts()) == "auto_reply"


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Automatic reply: Reduced timetable - Amelia Hughes Y5",  # a person answering an auto-reply
        "Out of office hours support for Amelia Hughes",
        "Absence of Jakub Nowak (Y5)",
        "Nieobecność syna – Jakub Nowak, klasa 5",
        "Reduzierter Stundenplan - Max Weber",
    ],
)
def test_an_ordinary_subject_is_not(subject: str) -> None:
    assert auto_reply_reason(parsed(subject, "Please see below.")) is None


# -- words of the body ---------------------------------------------------------------------------

BODIES = [
    (
        "en",
        "Thank you for your email.\n\nI am currently out of the office with limited access to email. "
        "I will be back on Monday 9 March 2026.\n\nFor anything urgent please contact the school office "
        "on 01632 960118.\n\nKind regards\nSarah Jones\nSENCo",
    ),
    ("en-gmail", "Hi,\n\nI'm on annual leave until 9 March and will reply when I return.\n\nThanks,\nSarah"),
    (
        "en-away-until",
        "Thank you for your email. I am away on a residential trip with Year 6 until Monday "
        "2 March 2026 and will reply when I am back.",
    ),
    (
        "fr",
        "Bonjour,\n\nJe suis absente du bureau jusqu'au lundi 9 mars inclus, avec un accès limité à mes "
        "e-mails. Pour toute urgence, merci de contacter le secrétariat.\n\nCordialement,\nClaire Martin",
    ),
    (
        "de",
        "Vielen Dank für Ihre Nachricht.\n\nIch bin bis einschließlich 09.03.2026 nicht im Büro. Ihre "
        "E-Mail wird nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte an das Sekretariat."
        "\n\nMit freundlichen Grüßen\nAnna Schmidt",
    ),
    ("de-dates", "Guten Tag,\n\nich bin vom 2. bis 6. März abwesend und danach wieder erreichbar."),
    (
        "es",
        "Gracias por su mensaje.\n\nEstoy fuera de la oficina hasta el 9 de marzo con acceso limitado al "
        "correo. Responderé a su mensaje a mi regreso.\n\nUn saludo,\nLucía García",
    ),
    (
        "it",
        "Grazie per il messaggio.\n\nSono fuori ufficio fino al 9 marzo. Risponderò alla sua e-mail al "
        "mio rientro.\n\nCordiali saluti,\nGiulia Rossi",
    ),
    (
        "pt",
        "Obrigado pelo seu e-mail.\n\nEstou fora do escritório até 9 de março, com acesso limitado ao "
        "e-mail. Responderei no meu regresso.\n\nCumprimentos,\nAna Sousa",
    ),
    (
        "nl",
        "Bedankt voor uw bericht.\n\nIk ben tot en met 9 maart afwezig. Uw e-mail wordt niet "
        "doorgestuurd. Voor dringende zaken kunt u contact opnemen met de administratie.\n\n"
        "Met vriendelijke groet,\nSanne de Vries",
    ),
    (
        "pl",
        "Dziękuję za wiadomość.\n\nJestem poza biurem do 9 marca. Odpowiem na Państwa wiadomość po moim "
        "powrocie.\n\nZ poważaniem,\nAnna Kowalska",
    ),
    (
        "sv",
        "Tack för ditt mejl.\n\nJag är ledig till och med den 9 mars och har begränsad tillgång till "
        "e-post.\n\nMed vänliga hälsningar,\nKarin Andersson",
    ),
    (
        "da",
        "Tak for din mail.\n\nJeg er på ferie til og med den 9. marts og har begrænset adgang til min "
        "e-mail.\n\nMed venlig hilsen\nMette Hansen",
    ),
    (
        "nb",
        "Takk for e-posten.\n\nJeg er for tiden ikke på kontoret og er tilbake 9. mars.\n\n"
        "Med vennlig hilsen\nIngrid Olsen",
    ),
    (
        "fi",
        "Kiitos viestistäsi.\n\nOlen lomalla 9.3. asti ja luen sähköpostia rajoitetusti. Vastaan "
        "viestiisi palattuani.\n\nYstävällisin terveisin\nAino Virtanen",
    ),
    (
        "cs",
        "Děkuji za Váš e-mail.\n\nDo 9. 3. jsem mimo kancelář. Odpovím Vám po svém návratu.\n\n"
        "S pozdravem\nJana Nováková",
    ),
    (
        "ro",
        "Vă mulțumesc pentru mesaj.\n\nSunt în concediu până pe 9 martie. Vă voi răspunde la "
        "întoarcere.\n\nCu stimă,\nIoana Popescu",
    ),
    (
        "hu",
        "Köszönöm a levelét.\n\nMárcius 9-ig szabadságon vagyok, visszatérésem után válaszolok.\n\n"
        "Üdvözlettel:\nKovács Anna",
    ),
    (
        "tr",
        "Mesajınız için teşekkür ederim.\n\n9 Mart tarihine kadar yıllık izindeyim. Döndüğümde size "
        "dönüş yapacağım.\n\nSaygılarımla,\nAyşe Yılmaz",
    ),
    (
        "el",
        "Ευχαριστώ για το μήνυμά σας.\n\nΒρίσκομαι εκτός γραφείου έως τις 9 Μαρτίου. Θα σας απαντήσω "
        "μόλις επιστρέψω.\n\nΜε εκτίμηση,\nΜαρία Παπαδοπούλου",
    ),
]


@pytest.mark.parametrize(("language", "body"), BODIES, ids=[b[0] for b in BODIES])
def test_out_of_office_words_under_an_ordinary_subject_are_auto_reply(language: str, body: str) -> None:
    message = parsed(THREAD_SUBJECT, body)
    assert auto_reply_reason(message) == "out-of-office text"
    assert classify([message], CaseFacts()) == "auto_reply"


def test_an_html_only_reply_with_a_signature_logo_is_auto_reply() -> None:
    body = BODIES[0][1]
    message = parsed(THREAD_SUBJECT, body, html=True, attachments=[("logo.png", "image/png", LOGO)])
    assert message.attachments and not message.text_body
    assert auto_reply_reason(message) == "out-of-office text"


def test_an_out_of_office_reply_in_a_case_with_a_plan_is_still_auto_reply() -> None:
    """The case's facts hold the plan of an earlier message; the newest message's own content decides."""
    earlier = parsed(
        "Reduced timetable - Amelia Hughes Y5",
        "Please find the plan attached.",
        attachments=[("plan.docx", DOCX, docx_bytes(["Reduced timetable plan"]))],
    )
    newest = parsed(THREAD_SUBJECT, dict(BODIES)["de"])
    facts = CaseFacts(plan_document="plan.docx")
    assert classify([earlier, newest], facts) == "auto_reply"


def test_the_full_pipeline_sends_no_reply_to_an_out_of_office_reply() -> None:
    outcome = check_message(build(THREAD_SUBJECT, dict(BODIES)["pl"]), OPTIONS)
    assert outcome.triage.kind == "auto_reply"
    assert outcome.reply is None


# -- what is not an automatic reply --------------------------------------------------------------

NOTIFICATION_OPENING = (
    "Dear Attendance Team,\n\nI am out of the office from Monday 9 March until Friday 13 March, and I will "
    "be out of the office next week for the Year 6 residential as well, so I am sending Amelia's reduced "
    "timetable plan now.\n\n"
)
NOTIFICATION_DETAIL = (
    "Amelia Hughes (Year 5) will attend mornings only from 2 March 2026, rising by a session each week, "
    "with a full-time return planned for 13 April 2026. Her parents attended the meeting on 26 February "
    "and signed the plan, which is attached with the risk assessment. Reviews are on 16 and 30 March. "
) * 8


def plan_docx() -> bytes:
    return docx_bytes(
        [
            "Reduced Timetable Plan",
            "Pupil: Amelia Hughes, Year 5",
            "Start date: 2 March 2026",
            "Full-time return: 13 April 2026",
            "Review dates: 16 March 2026, 30 March 2026",
        ],
        [
            ["Week", "Hours"],
            ["Week 1 (2 March)", "12.5"],
            ["Week 2 (9 March)", "15"],
            ["Week 3 (16 March)", "20"],
        ],
    )


def test_a_notification_that_says_its_writer_is_away_is_a_notification_and_is_answered() -> None:
    raw = build(
        "Reduced timetable - Amelia Hughes Y5",
        NOTIFICATION_OPENING + NOTIFICATION_DETAIL,
        sender="Tom Fletcher <head@millbrookfields.oxon.sch.uk>",
        attachments=[("RTT plan - Amelia Hughes.docx", DOCX, plan_docx())],
    )
    outcome = check_message(raw, OPTIONS)
    assert auto_reply_reason(outcome.message) is None
    assert outcome.triage.kind == "rtt_notification"
    assert outcome.reply is not None


def test_the_same_words_in_a_short_message_with_a_plan_attached_are_not_an_auto_reply() -> None:
    message = parsed(
        "Reduced timetable - Amelia Hughes Y5",
        NOTIFICATION_OPENING,
        attachments=[("RTT plan - Amelia Hughes.docx", DOCX, plan_docx())],
    )
    assert auto_reply_reason(message) is None
    assert auto_reply_reason(parsed("Reduced timetable - Amelia Hughes Y5", NOTIFICATION_OPENING)) is not None


def test_the_same_words_in_a_long_message_are_not_an_auto_reply() -> None:
    message = parsed("Reduced timetable - Amelia Hughes Y5", NOTIFICATION_OPENING + NOTIFICATION_DETAIL)
    assert auto_reply_reason(message) is None


def test_a_reply_that_quotes_our_message_is_not_an_auto_reply() -> None:
    body = (
        "I'm out of the office until Monday, but yes: Amelia's timetable starts on 2 March.\n\n"
        "On Thu, 26 Feb 2026 at 09:58, County Attendance Team wrote:\n"
        "> Thank you for your reintegration timetable notification for Amelia Hughes.\n"
    )
    assert auto_reply_reason(parsed(THREAD_SUBJECT, body)) is None


def test_a_short_note_about_next_weeks_absence_is_not_an_auto_reply() -> None:
    body = "Hello,\n\nI will be out of the office next week. Could you send me the RTT form before then?"
    assert auto_reply_reason(parsed("RTT form", body)) is None


@pytest.mark.parametrize(
    ("language", "body"),
    [
        (
            "pl",
            "Dzień dobry,\n\nJestem mamą Jakuba Nowaka z klasy 5. Szkoła chce, żeby Jakub chodził "
            "do szkoły tylko do 11:30, bo ostatnio był nieobecny przez dwa tygodnie. Nikt nie zaprosił "
            "mnie na spotkanie i nie podpisałam żadnego planu. Nie ma go w szkole po południu. Czy szkoła "
            "może tak zrobić?\n\nPozdrawiam,\nMagdalena Nowak",
        ),
        (
            "de",
            "Guten Tag,\n\nich bin die Mutter von Max Weber, der seit zwei Wochen abwesend ist. Die "
            "Schule möchte, dass er nur vormittags kommt. Ist das erlaubt?\n\nViele Grüße\nSabine Weber",
        ),
        (
            "en",
            "Hello,\n\nI am Amelia's mum. The school say she can only come in the mornings because she "
            "has been absent a lot. Nobody asked me to a meeting. Is this allowed?\n\nKate Hughes",
        ),
    ],
    ids=["pl", "de", "en"],
)
def test_a_parents_ordinary_email_is_not_an_auto_reply(language: str, body: str) -> None:
    raw = build("Reduced timetable", body, sender="Parent <parent.family@gmail.com>")
    assert auto_reply_reason(parse_message(raw, LIMITS)) is None
    assert check_message(raw, OPTIONS).triage.kind != "auto_reply"


# -- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        [("X-Auto-Response-Suppress", "All"), ("In-Reply-To", "<rtt-reply-0042@oxfordshire.gov.uk>")],
        [("X-MS-Exchange-Inbox-Rules-Loop", "head@millbrookfields.oxon.sch.uk")],
    ],
    ids=["x-auto-response-suppress", "x-ms-exchange-inbox-rules-loop"],
)
def test_microsofts_suppress_and_rules_loop_headers_alone_are_not_an_auto_reply(
    headers: list[tuple[str, str]],
) -> None:
    body = "Thanks - yes, Amelia's plan was agreed at the meeting and the signed copy will follow today."
    assert auto_reply_reason(parsed(THREAD_SUBJECT, body, headers=headers)) is None


@pytest.mark.parametrize(
    "headers",
    [
        [("Auto-Submitted", "auto-generated")],
        [("Auto-Submitted", "auto-replied")],
        [("Precedence", "auto_reply")],
        [("X-Autoreply", "yes")],
        [("X-Auto-Response-Suppress", "All"), ("X-Autoresponder", "yes")],
    ],
    ids=["auto-generated", "auto-replied", "precedence", "x-autoreply", "x-autoresponder"],
)
def test_rfc_3834_and_responder_headers_are_an_auto_reply(headers: list[tuple[str, str]]) -> None:
    assert auto_reply_reason(parsed(THREAD_SUBJECT, "Thank you for your email.", headers=headers))

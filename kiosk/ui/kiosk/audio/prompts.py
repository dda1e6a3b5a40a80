"""Which sentence the kiosk speaks for the visit's current state, and its words.

:func:`prompt_id` is pure: the stage, the screen's hint key, the notice and whether the
on-screen ticket stands in for a printed one choose a prompt id (or None: the attract
screen stays silent; a kiosk that talks to an empty hall helps nobody). The words are
looked up with ``qtTrId`` in the installed Qt translator, the one the screens use, so
a citizen hears the visit's language. The ids live in ``kiosk/assets/i18n/guidance_*.ts``.
"""

from __future__ import annotations

from PySide6.QtCore import qtTrId

# stage → prompt id when nothing more specific applies
STAGE_PROMPTS: dict[str, str] = {
    "language": "guide.language",
    "choose_procedure": "guide.choose_procedure",
    "identify": "guide.identify",
    "reading_card": "guide.reading_card",
    "card_pulled": "guide.card_pulled",
    "form": "guide.form",
    "review": "guide.review",
    "submitting": "guide.submitting",
    "ticket": "guide.ticket",
    "rating": "guide.rating",
    "done": "guide.done",
    "counter": "guide.counter",
    "elsewhere": "guide.elsewhere",
    "documents": "guide.documents",
}

# (stage, notice) → prompt id: a problem the citizen must act on is said out loud
NOTICE_PROMPTS: dict[tuple[str, str], str] = {
    ("form", "form_invalid"): "guide.form_invalid",
    ("review", "consent_needed"): "guide.consent_needed",
    ("documents", "documents_missing"): "guide.documents_missing",
    ("identify", "id_invalid"): "guide.id_invalid",
    ("identify", "read_failed:can_refused"): "guide.can_refused",  # the typed ID is wrong
    ("identify", "read_failed:needs_qr"): "guide.needs_qr",  # the card needs its QR
}

# Said after the screen's prompt while the card is still on the reader at the end of a
# visit (the view's ``take_card_back``: ticket and thank-you screens).
TAKE_CARD_PROMPT = "guide.take_card"


def prompt_id(stage: str, hint_key: str = "", notice: str = "",
              print_fallback: bool = False, countdown: int = 0) -> str | None:
    """The prompt for this state of the visit, or None when the kiosk stays silent."""
    if stage == "attract":
        return None
    if countdown > 0:
        return "guide.countdown"
    if (stage, notice) in NOTICE_PROMPTS:
        return NOTICE_PROMPTS[(stage, notice)]
    if stage == "identify" and notice.startswith("read_failed"):
        return "guide.read_failed"
    if stage == "identify" and hint_key == "stage.identify.need_qr":
        return "guide.identify_need_qr"
    if stage == "ticket" and print_fallback:
        return "guide.ticket_fallback"
    return STAGE_PROMPTS.get(stage)


def prompt_text(prompt: str) -> str:
    """The words of ``prompt`` in the installed translator's language ("" if unknown)."""
    texts = {
        "guide.language": qtTrId("guide.language"),
        "guide.choose_procedure": qtTrId("guide.choose_procedure"),
        "guide.identify": qtTrId("guide.identify"),
        "guide.identify_need_qr": qtTrId("guide.identify_need_qr"),
        "guide.id_invalid": qtTrId("guide.id_invalid"),
        "guide.read_failed": qtTrId("guide.read_failed"),
        "guide.can_refused": qtTrId("guide.can_refused"),
        "guide.needs_qr": qtTrId("guide.needs_qr"),
        "guide.take_card": qtTrId("guide.take_card"),
        "guide.reading_card": qtTrId("guide.reading_card"),
        "guide.card_pulled": qtTrId("guide.card_pulled"),
        "guide.form": qtTrId("guide.form"),
        "guide.form_invalid": qtTrId("guide.form_invalid"),
        "guide.review": qtTrId("guide.review"),
        "guide.consent_needed": qtTrId("guide.consent_needed"),
        "guide.submitting": qtTrId("guide.submitting"),
        "guide.ticket": qtTrId("guide.ticket"),
        "guide.ticket_fallback": qtTrId("guide.ticket_fallback"),
        "guide.rating": qtTrId("guide.rating"),
        "guide.done": qtTrId("guide.done"),
        "guide.counter": qtTrId("guide.counter"),
        "guide.elsewhere": qtTrId("guide.elsewhere"),
        "guide.documents": qtTrId("guide.documents"),
        "guide.documents_missing": qtTrId("guide.documents_missing"),
        "guide.countdown": qtTrId("guide.countdown"),
    }
    text = texts.get(prompt, "")
    return "" if text == prompt else text  # an id without a translation is not spoken

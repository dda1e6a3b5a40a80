"""The real-window smoke: a card visit on the kiosk's own X window, driven by ``xdotool``.

Not Qt's test hooks but the X server's keyboard and pointer (``tests/app/real_window.py``
says how): Xvfb without a window manager, ``kiosk run --windowed`` on its real devices
stack (pcscd + the virtual reader, the simulated camera, the virtual printer, the
embedded central). It needs Xvfb, xdotool and ImageMagick (``packaging/dev.sh test``
installs them) and fails, rather than skips, where they are missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.procedures import load_catalog
from kiosk.simulated.samples import list_samples, load_sample

from .real_window import PROCEDURE, missing_tools, outbox_records, run

pytestmark = [pytest.mark.integration, pytest.mark.pcsc, pytest.mark.timeout(180)]


def test_a_card_visit_on_the_real_window_ends_with_a_ticket_and_its_submission(
        pcscd_readers: list[str], tmp_path: Path) -> None:
    assert not missing_tools(), f"not installed: {missing_tools()} (packaging/dev.sh test)"
    screenshot = tmp_path / "ticket.png"
    kiosk, code = run(tmp_path, screenshot)
    assert code == 0, kiosk.log()
    assert "Traceback" not in kiosk.stderr.read_text(), kiosk.log()
    # The virtual printer printed one slip.
    assert len(kiosk.slips()) == 1
    assert screenshot.stat().st_size > 10_000  # the ticket screen, as the X server had it
    records = outbox_records(kiosk.data)
    submissions = [r for r in records if r["kind"] == "submission"]
    tickets = [r for r in records if r["kind"] == "ticket"]
    assert len(submissions) == 1 and len(tickets) == 1, [r["kind"] for r in records]
    submission, ticket = submissions[0]["payload"], tickets[0]["payload"]
    assert submission["procedure"] == PROCEDURE
    # The chip was read (PACE with the QR's card access number), not just the QR.
    assert submission["citizen"]["identified_by"] == "chip"
    assert submission["citizen"]["id_number"] == load_sample(list_samples()[0]).id_number
    # everything from the chip, but the residence: its old ward was split, the citizen chose
    sources = dict(submission["sources"])
    assert sources.pop("residence") == "typed"
    assert set(sources.values()) <= {"chip", "default", ""}
    assert ticket["service"] == load_catalog().get(PROCEDURE).queue_service
    assert ticket["number"] == 1 and tickets[0]["visit"] == submissions[0]["visit"]


def test_a_paper_laid_with_f9_is_taken_and_attached_on_the_real_window(
        pcscd_readers: list[str], tmp_path: Path) -> None:
    """The demo's document camera: F9 (an X key press, as the demo's user presses it)
    lays a paper on the simulated desk; the real scanner takes it; the submission
    carries it as an A4 PDF and says the ID card was read from the chip."""
    assert not missing_tools(), f"not installed: {missing_tools()} (packaging/dev.sh test)"
    kiosk, code = run(tmp_path, tmp_path / "ticket.png", documents=True)
    assert code == 0, kiosk.log()
    records = outbox_records(kiosk.data)
    [submission] = [r["payload"] for r in records if r["kind"] == "submission"]
    assert [d["status"] for d in submission["documents"]] == ["attached", "chip"]
    files = {r["payload"]["file"] for r in records if r["kind"] == "attachment"}
    assert files == {"card-sheet", "doc-1"}

"""Shared helpers for the printer tests: build a job, run it through the virtual printer."""

from __future__ import annotations

import pytest

from kiosk.core.config import CenterConfig
from kiosk.devices.printer.document import Document
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_paper import Paper
from kiosk.devices.printer.job_builder import PrintJob, build_job
from kiosk.devices.printer.profiles import PrinterProfile, TextMode, load_profile

# One model per Vietnamese text mode: an Epson with TCVN-3, a 58 mm printer whose only
# Vietnamese page is CP1258, and a 58 mm printer with no Vietnamese page at all.
MODELS = {TextMode.TCVN3: "TM-T20II", TextMode.CP1258: "NT-5890K", TextMode.RASTER: "ZJ-5870"}

CENTER = CenterConfig(
    name_vi="Trung tâm Phục vụ hành chính công thành phố Huế",
    name_en="Hue City Public Administration Service Center",
    code="HUE",
)


def print_on_paper(
    document: Document, model: str, mode: TextMode | None = None
) -> tuple[PrintJob, Paper]:
    profile = load_profile(model)
    job = build_job(document, profile, mode or profile.default_mode())
    return job, interpret(job.data, profile)


@pytest.fixture(params=list(MODELS.items()), ids=[m.value for m in MODELS])
def model_and_mode(request: pytest.FixtureRequest) -> tuple[PrinterProfile, TextMode]:
    mode, model = request.param
    return load_profile(model), mode

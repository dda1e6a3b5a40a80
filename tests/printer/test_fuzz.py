"""Fuzzing: the interpreter, encoders, URL parser and status decoder on hostile input.

Only the project's typed errors may escape; text that goes in comes out (or as "?").
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.devices.printer.connections import SCHEMES, parse_printer_url
from kiosk.devices.printer.document import Document, Text
from kiosk.devices.printer.errors import PrinterConfigError, TemplateError
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_render import render
from kiosk.devices.printer.health import decode_status
from kiosk.devices.printer.profiles import TextMode, load_profile
from kiosk.devices.printer.vietnamese import LETTERS, printable_check, sanitize
from kiosk.simulated.virtual_printer import SimulatedConditions
from kiosk.slips.layouts import fill

from .conftest import MODELS, print_on_paper

pytestmark = [pytest.mark.slow]  # property-based fuzzing

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMMANDS = [
    b"\x1b@",
    b"\x1bt",
    b"\x1b!",
    b"\x1d!",
    b"\x1dv0\x00",
    b"\x1d(k",
    b"\x1d(L",
    b"\x1dk",
    b"\x1b*",
    b"\x1dV",
    b"\x10\x04",
    b"\x1ba",
    b"\x1bE",
    b"\n",
    b"\x1bd",
    b"\x1bJ",
    b"\x1bD",
]
escpos_like = st.lists(
    st.one_of(st.sampled_from(COMMANDS), st.binary(min_size=1, max_size=6)), max_size=40
).map(b"".join)
text_alphabet = st.sampled_from(
    list(LETTERS)
    + list("abcxyz ABC 0123,.:/-\t\n")
    + ["😀", "李", "\x1b", "\x00", "€", "—", "\u0301"]
)


@FUZZ
@given(data=st.one_of(st.binary(max_size=600), escpos_like))
def test_interpreter_prints_anything_without_crashing(data: bytes) -> None:
    profile = load_profile("TM-T20II")
    paper = interpret(data, profile)
    image = render(paper)
    assert image.width == profile.width_px + 48


@FUZZ
@given(text=st.text(alphabet=text_alphabet, max_size=120), mode=st.sampled_from(list(TextMode)))
def test_text_goes_in_and_comes_out(text: str, mode: TextMode) -> None:
    model = MODELS[mode]
    job, paper = print_on_paper(Document("f", (Text(text),)), model, mode)
    expected = sanitize(text, printable_check(load_profile(model), mode))
    if mode is not TextMode.RASTER:
        printed = "".join("".join(paper.text_lines()).split())
        assert printed == "".join(expected.split())
    assert job.replaced == expected.count("?") - text.count("?")


@FUZZ
@given(url=st.text(max_size=60))
def test_printer_urls_fail_only_with_config_errors(url: str) -> None:
    try:
        spec = parse_printer_url(url)
    except PrinterConfigError as exc:
        assert str(exc).startswith("printer URL")
    else:
        assert spec.scheme in SCHEMES


@FUZZ
@given(url=st.from_regex(r"(usb|tcp|serial|file|cups|sim)://[\w:./?=&%-]{0,30}", fullmatch=True))
def test_plausible_urls_fail_only_with_config_errors(url: str) -> None:
    try:
        spec = parse_printer_url(url)
    except PrinterConfigError as exc:
        assert str(exc).startswith("printer URL")
    else:
        assert url.startswith(spec.scheme)


@FUZZ
@given(replies=st.dictionaries(st.integers(1, 4), st.one_of(st.none(), st.integers(0, 255))))
def test_any_status_bytes_decode_to_a_state(replies: dict[int, int | None]) -> None:
    health = decode_status(replies)
    assert health.state in health.conditions or health.conditions == frozenset()
    assert health.describe()


@FUZZ
@given(
    values=st.dictionaries(
        st.sampled_from(["paper", "cover", "power", "paper_after", "x"]), st.text(max_size=8)
    )
)
def test_sim_options_fail_only_with_config_errors(values: dict[str, str]) -> None:
    try:
        conditions = SimulatedConditions.from_mapping(values)
    except PrinterConfigError as exc:
        assert str(exc).startswith("sim printer")
    else:
        assert conditions.paper in ("ok", "near-end", "out")


@FUZZ
@given(pattern=st.text(alphabet=st.sampled_from(list("{}ab.!:0[] ")), max_size=20))
def test_template_patterns_fail_only_with_template_errors(pattern: str) -> None:
    try:
        filled = fill(pattern, {"a": "1", "b": "2"}, "fuzz")
    except TemplateError as exc:
        assert str(exc).startswith("fuzz")
    else:
        assert "{" not in filled.replace("{{", "") or "{" in pattern


def test_fuzz_alphabet_really_holds_hostile_characters() -> None:
    assert sanitize("😀李\x1b", printable_check(load_profile("TM-T20II"), TextMode.TCVN3)) == "???"
    with pytest.raises(PrinterConfigError):
        parse_printer_url("http://x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    service=st.text(alphabet=text_alphabet, min_size=1, max_size=300),
    counter=st.text(alphabet=text_alphabet, max_size=80),
    mode=st.sampled_from(list(TextMode)),
)
def test_any_ticket_field_prints_inside_the_paper(
    service: str, counter: str, mode: TextMode
) -> None:
    from kiosk.slips.jobs import demo_ticket
    from kiosk.slips.layouts import ticket_document

    from .conftest import CENTER

    ticket = replace(demo_ticket(), service_vi=service, counter=counter)
    profile = load_profile(MODELS[mode])
    job, paper = print_on_paper(ticket_document(ticket, CENTER), profile.key, mode)
    assert job.data.startswith(b"\x1b@") and paper.initialisations == 1  # no smuggled reset
    assert all(band.ink.shape[1] <= profile.width_px for band in paper.images())
    assert paper.faults == []
    native_qr = [ticket.track_url] if profile.native_qr else []
    assert paper.qr_payloads() == native_qr

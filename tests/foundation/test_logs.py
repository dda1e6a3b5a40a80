from __future__ import annotations

import io
import json
import logging

from kiosk.core.logs import fields, mask_personal, setup_logging


def test_json_lines_mask_personal_data() -> None:
    stream = io.StringIO()
    setup_logging("INFO", "json", stream)
    log = logging.getLogger("kiosk.test")
    log.info("read card 001090123456 ok", extra=fields(step="DG13", old="012345678",
                                                      mrz="IDVNM0900123450001090012345<<1"))
    record = json.loads(stream.getvalue().strip())
    assert record["level"] == "INFO" and record["step"] == "DG13"
    text = stream.getvalue()
    for secret in ("001090123456", "012345678", "IDVNM0900123450001090012345"):
        assert secret not in text
    assert record["msg"] == "read card ‹masked› ok"


def test_text_format_and_plain_numbers_survive() -> None:
    stream = io.StringIO()
    setup_logging("INFO", "text", stream)
    logging.getLogger("kiosk.test").info("read %d APDUs", 11, extra=fields(bytes=4242))
    assert "read 11 APDUs bytes=4242" in stream.getvalue()
    assert mask_personal("ticket A012, 223 bytes") == "ticket A012, 223 bytes"

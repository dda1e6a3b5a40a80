"""What the sound tests need of the machine: espeak-ng, aplay, and a device that is not there."""

from __future__ import annotations

import shutil

import pytest

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (apt-get install espeak-ng)")
needs_aplay = pytest.mark.skipif(shutil.which("aplay") is None,
                                 reason="aplay is not installed (apt-get install alsa-utils)")

NO_DEVICE = "kiosk_test_no_such_device"  # an ALSA PCM name no machine has

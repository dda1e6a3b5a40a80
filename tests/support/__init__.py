"""Helpers the tests share; no test module imports another (tests/foundation/test_code_shape.py).

- ``fingers``: a finger on the real Qt window (taps, swipes, the on-screen keyboard).
- ``rig``: a kiosk window with its real parts (card emulator, outbox, printer).
- ``form_typing``: typing into the form and submitting it, with fingers.
- ``touch``: tapping the kiosk window by item name and reading what it shows.
- ``shown``: what a screen shows, no-break spaces read as spaces.
- ``sound``: skip marks for espeak-ng and aplay, a sound device that is not there.
- ``sample_identities``: a kiosk's device identity and a sample submission.
- ``central_servers``: a real central service process, TLS material, enrolled kiosks.
- ``enrolled_devices``: kiosks and counters talking to a central service.
- ``waiting``: :func:`~tests.support.waiting.wait_until`, the one deadline-wait loop.

Helpers only one folder uses stay in that folder (tests/qr/codes.py,
tests/simulated/card_sessions.py, tests/counter/harness.py, …).
"""

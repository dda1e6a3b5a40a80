"""Spoken guidance on the kiosk: each screen of a visit says what to do, in plain words.

:mod:`.prompts` maps the visit's state to a prompt id (texts in the Qt catalogs
``kiosk/assets/i18n/guidance_<lang>.ts``), :mod:`.cache` synthesises them with espeak-ng
(:mod:`kiosk.speech`) into WAV files in the data folder, :mod:`.player` plays them
(a sound program or Qt Multimedia) and :mod:`.guide` ties these to the presenter, off
the UI thread.
"""

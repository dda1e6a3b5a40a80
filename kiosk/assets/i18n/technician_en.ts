<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message id="tech.cancel">
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message id="tech.diag.apdu">
        <source>Reader APDU log (personal data masked)</source>
        <translation>Reader APDU log (personal data masked)</translation>
    </message>
    <message id="tech.diag.back">
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message id="tech.diag.camera">
        <source>Camera (decode overlay)</source>
        <translation>Camera (decode overlay)</translation>
    </message>
    <message id="tech.diag.no_apdu">
        <source>No exchanges yet: run the reader check or lay a test card on the reader.</source>
        <translation>No exchanges yet: run the reader check or lay a test card on the reader.</translation>
    </message>
    <message id="tech.diag.no_preview">
        <source>No picture from the camera right now: run the camera check or show a QR code.</source>
        <translation>No picture from the camera right now: run the camera check or show a QR code.</translation>
    </message>
    <message id="tech.diag.rerun">
        <source>Re-run</source>
        <translation>Re-run</translation>
    </message>
    <message id="tech.diag.run_all">
        <source>Run all</source>
        <translation>Run all</translation>
    </message>
    <message id="tech.diag.test_page">
        <source>Test page</source>
        <translation>Test page</translation>
    </message>
    <message id="tech.diag.title">
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message id="tech.menu.citizen">
        <source>Back to the citizen screen</source>
        <translation>Back to the citizen screen</translation>
    </message>
    <message id="tech.menu.diagnostics">
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message id="tech.menu.exit">
        <source>Exit the kiosk app</source>
        <translation>Exit the kiosk app</translation>
    </message>
    <message id="tech.menu.title">
        <source>Technician menu</source>
        <translation>Technician menu</translation>
    </message>
    <message id="tech.menu.wiped">
        <source>The citizen's visit was cleared: no personal data is shown here.</source>
        <translation>The citizen's visit was cleared: no personal data is shown here.</translation>
    </message>
    <message id="tech.pin.checking">
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message id="tech.pin.dev">
        <source>Development window without a PIN setting: the development PIN is 2468.</source>
        <translation>Development window without a PIN setting: the development PIN is 2468.</translation>
    </message>
    <message id="tech.pin.invalid">
        <source>The technician PIN setting is invalid: make it again with 'kiosk diag pin-hash'.</source>
        <translation>The technician PIN setting is invalid: make it again with 'kiosk diag pin-hash'.</translation>
    </message>
    <message id="tech.pin.locked">
        <source>Too many wrong PINs: locked. Try again in %1.</source>
        <translation>Too many wrong PINs: locked. Try again in %1.</translation>
    </message>
    <message id="tech.pin.not_set">
        <source>No technician PIN is set on this kiosk, so the technician menu cannot open. Set [technician] pin_hash (made by 'kiosk diag pin-hash') in the configuration.</source>
        <translation>No technician PIN is set on this kiosk, so the technician menu cannot open. Set [technician] pin_hash (made by 'kiosk diag pin-hash') in the configuration.</translation>
    </message>
    <message id="tech.pin.prompt">
        <source>Enter the technician PIN, then ✓</source>
        <translation>Enter the technician PIN, then ✓</translation>
    </message>
    <message id="tech.pin.title">
        <source>Technician PIN</source>
        <translation>Technician PIN</translation>
    </message>
    <message id="tech.pin.wrong">
        <source>Wrong PIN. %1 tries left before a 5-minute lock.</source>
        <translation>Wrong PIN. %1 tries left before a 5-minute lock.</translation>
    </message>
    <message id="tech.status.failed">
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message id="tech.status.ok">
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message id="tech.status.pending">
        <source>Not run</source>
        <translation>Not run</translation>
    </message>
    <message id="tech.status.running">
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message id="tech.status.warning">
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
</context>
</TS>

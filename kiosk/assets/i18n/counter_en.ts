<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message id="counter.action.calling">
        <source>Calling…</source>
        <translation>Calling…</translation>
    </message>
    <message id="counter.action.complete">
        <source>Complete</source>
        <translation>Complete</translation>
    </message>
    <message id="counter.action.next">
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message id="counter.action.no_show">
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message id="counter.action.recall">
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message id="counter.action.skip">
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message id="counter.action.transfer">
        <source>Transfer to another service</source>
        <translation>Transfer to another service</translation>
    </message>
    <message id="counter.auth.chain_unverified">
        <source>Genuine chip, CSCA chain not verified</source>
        <translation>Genuine chip, CSCA chain not verified</translation>
    </message>
    <message id="counter.auth.failed">
        <source>Card FAILED authenticity checks</source>
        <translation>Card FAILED authenticity checks</translation>
    </message>
    <message id="counter.auth.ok">
        <source>Card authenticated</source>
        <translation>Card authenticated</translation>
    </message>
    <message id="counter.auth.unknown">
        <source>No authenticity result recorded</source>
        <translation>No authenticity result recorded</translation>
    </message>
    <message id="counter.bar.counter">
        <source>Counter %1</source>
        <translation>Counter %1</translation>
    </message>
    <message id="counter.bar.sign_out">
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message id="counter.bar.staff">
        <source>Staff: %1</source>
        <translation>Staff: %1</translation>
    </message>
    <message id="counter.bar.title">
        <source>Reception counter</source>
        <translation>Reception counter</translation>
    </message>
    <message id="counter.citizen.clear">
        <source>Clear citizen</source>
        <translation>Clear citizen</translation>
    </message>
    <message id="counter.citizen.days">
        <source>Processing: %1 working days</source>
        <translation>Processing: %1 working days</translation>
    </message>
    <message id="counter.citizen.days_unknown">
        <source>Processing time unknown</source>
        <translation>Processing time unknown</translation>
    </message>
    <message id="counter.citizen.form">
        <source>Form pre-filled at the kiosk</source>
        <translation>Form pre-filled at the kiosk</translation>
    </message>
    <message id="counter.citizen.id">
        <source>ID number: %1</source>
        <translation>ID number: %1</translation>
    </message>
    <message id="counter.citizen.no_ticket">
        <source>No queue ticket</source>
        <translation>No queue ticket</translation>
    </message>
    <message id="counter.citizen.hand_over">
        <source>Result handed over</source>
        <translation>Result handed over</translation>
    </message>
    <message id="counter.msg.file_returned">
        <source>The result is recorded as handed over to the citizen.</source>
        <translation>The result is recorded as handed over to the citizen.</translation>
    </message>
    <message id="counter.msg.file_not_ready">
        <source>This file has no result to hand over yet.</source>
        <translation>This file has no result to hand over yet.</translation>
    </message>
    <message id="counter.msg.file_offline">
        <source>The central service cannot be reached; the file's step is not recorded, try again.</source>
        <translation>The central service cannot be reached; the file's step is not recorded, try again.</translation>
    </message>
    <message id="counter.msg.file_failed">
        <source>The central service refused to record this step of the file.</source>
        <translation>The central service refused to record this step of the file.</translation>
    </message>
    <message id="counter.citizen.print">
        <source>Print receipt and appointment</source>
        <translation>Print receipt and appointment</translation>
    </message>
    <message id="counter.citizen.printing">
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
    <message id="counter.citizen.procedure">
        <source>Procedure: %1</source>
        <translation>Procedure: %1</translation>
    </message>
    <message id="counter.citizen.received">
        <source>Submitted %1</source>
        <translation>Submitted %1</translation>
    </message>
    <message id="counter.citizen.ticket">
        <source>Ticket %1</source>
        <translation>Ticket %1</translation>
    </message>
    <message id="counter.citizen.file_code">
        <source>File code %1</source>
        <translation>File code %1</translation>
    </message>
    <message id="counter.link.offline">
        <source>Central unreachable</source>
        <translation>Central unreachable</translation>
    </message>
    <message id="counter.link.online">
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message id="counter.link.pending">
        <source>%1 records waiting</source>
        <translation>%1 records waiting</translation>
    </message>
    <message id="counter.lookup.button">
        <source>Look up</source>
        <translation>Look up</translation>
    </message>
    <message id="counter.lookup.empty">
        <source>No citizen yet. Type the ID number, or lay the card on the reader and type its CAN, or scan the QR on the card.</source>
        <translation>No citizen yet. Type the ID number, or lay the card on the reader and type its CAN, or scan the QR on the card.</translation>
    </message>
    <message id="counter.lookup.failed">
        <source>The look-up failed; see the message below.</source>
        <translation>The look-up failed; see the message below.</translation>
    </message>
    <message id="counter.lookup.need_can">
        <source>The card is on the reader: type its CAN (the 6 digits printed on it) and press Enter.</source>
        <translation>The card is on the reader: type its CAN (the 6 digits printed on it) and press Enter.</translation>
    </message>
    <message id="counter.lookup.need_card">
        <source>Lay the citizen's card on the reader to read its chip.</source>
        <translation>Lay the citizen's card on the reader to read its chip.</translation>
    </message>
    <message id="counter.lookup.none">
        <source>No kiosk submission for this ID number in the last 30 days.</source>
        <translation>No kiosk submission for this ID number in the last 30 days.</translation>
    </message>
    <message id="counter.lookup.placeholder">
        <source>ID number (12 digits) or CAN (6 digits)</source>
        <translation>ID number (12 digits) or CAN (6 digits)</translation>
    </message>
    <message id="counter.lookup.reading">
        <source>Reading the ID card's chip…</source>
        <translation>Reading the ID card's chip…</translation>
    </message>
    <message id="counter.lookup.searching">
        <source>Looking up the submissions…</source>
        <translation>Looking up the submissions…</translation>
    </message>
    <message id="counter.lookup.title">
        <source>Citizen look-up</source>
        <translation>Citizen look-up</translation>
    </message>
    <message id="counter.msg.action_complete">
        <source>Recorded: served.</source>
        <translation>Recorded: served.</translation>
    </message>
    <message id="counter.msg.action_failed">
        <source>The action could not be saved to the outbox; call a technician.</source>
        <translation>The action could not be saved to the outbox; call a technician.</translation>
    </message>
    <message id="counter.msg.action_no_show">
        <source>Recorded: the citizen did not come.</source>
        <translation>Recorded: the citizen did not come.</translation>
    </message>
    <message id="counter.msg.action_not_called">
        <source>This ticket is skipped; recall it first.</source>
        <translation>This ticket is skipped; recall it first.</translation>
    </message>
    <message id="counter.msg.action_recall">
        <source>Ticket called again.</source>
        <translation>Ticket called again.</translation>
    </message>
    <message id="counter.msg.action_refused">
        <source>That action is not valid; nothing was recorded.</source>
        <translation>That action is not valid; nothing was recorded.</translation>
    </message>
    <message id="counter.msg.action_skip">
        <source>Ticket skipped; it can be recalled later.</source>
        <translation>Ticket skipped; it can be recalled later.</translation>
    </message>
    <message id="counter.msg.action_transfer">
        <source>Citizen transferred to another service, keeping the number.</source>
        <translation>Citizen transferred to another service, keeping the number.</translation>
    </message>
    <message id="counter.msg.call_called">
        <source>New ticket called.</source>
        <translation>New ticket called.</translation>
    </message>
    <message id="counter.msg.call_failed">
        <source>The central service refused the call.</source>
        <translation>The central service refused the call.</translation>
    </message>
    <message id="counter.msg.call_finish_first">
        <source>Complete, skip, transfer or mark the current ticket as a no-show first.</source>
        <translation>Complete, skip, transfer or mark the current ticket as a no-show first.</translation>
    </message>
    <message id="counter.msg.call_no_services">
        <source>Choose at least one service for this counter.</source>
        <translation>Choose at least one service for this counter.</translation>
    </message>
    <message id="counter.msg.call_nobody">
        <source>Nobody is waiting for this counter's services.</source>
        <translation>Nobody is waiting for this counter's services.</translation>
    </message>
    <message id="counter.msg.call_offline">
        <source>Central unreachable: cannot call a new ticket. Other actions are saved and sent later.</source>
        <translation>Central unreachable: cannot call a new ticket. Other actions are saved and sent later.</translation>
    </message>
    <message id="counter.msg.call_resumed">
        <source>Resuming the ticket being served at this counter.</source>
        <translation>Resuming the ticket being served at this counter.</translation>
    </message>
    <message id="counter.msg.lookup_bad_input">
        <source>Type a 12-digit ID number or a 6-digit CAN.</source>
        <translation>Type a 12-digit ID number or a 6-digit CAN.</translation>
    </message>
    <message id="counter.msg.lookup_card_failed">
        <source>The chip could not be read; lay the card on the reader again.</source>
        <translation>The chip could not be read; lay the card on the reader again.</translation>
    </message>
    <message id="counter.msg.lookup_failed">
        <source>The central service could not answer the look-up.</source>
        <translation>The central service could not answer the look-up.</translation>
    </message>
    <message id="counter.msg.lookup_not_cccd">
        <source>The QR code scanned is not an ID card's.</source>
        <translation>The QR code scanned is not an ID card's.</translation>
    </message>
    <message id="counter.msg.lookup_not_genuine">
        <source>The card FAILED the chip's authenticity checks; inspect the card itself. Nothing was looked up.</source>
        <translation>The card FAILED the chip's authenticity checks; inspect the card itself. Nothing was looked up.</translation>
    </message>
    <message id="counter.msg.lookup_offline">
        <source>Central unreachable: cannot look up now.</source>
        <translation>Central unreachable: cannot look up now.</translation>
    </message>
    <message id="counter.msg.lookup_wiped">
        <source>The citizen's data was cleared from the screen.</source>
        <translation>The citizen's data was cleared from the screen.</translation>
    </message>
    <message id="counter.msg.lookup_wrong_can">
        <source>The CAN does not match the card; check the 6 digits printed on it.</source>
        <translation>The CAN does not match the card; check the 6 digits printed on it.</translation>
    </message>
    <message id="counter.msg.print_done">
        <source>Receipt and appointment slip printed.</source>
        <translation>Receipt and appointment slip printed.</translation>
    </message>
    <message id="counter.msg.print_no_citizen">
        <source>No submission to print a receipt for.</source>
        <translation>No submission to print a receipt for.</translation>
    </message>
    <message id="counter.msg.print_not_ready">
        <source>The printer is not ready; check its paper and cover.</source>
        <translation>The printer is not ready; check its paper and cover.</translation>
    </message>
    <message id="counter.msg.signin_bad_counter">
        <source>A counter number is 1 to 8 letters or digits, e.g. 3.</source>
        <translation>A counter number is 1 to 8 letters or digits, e.g. 3.</translation>
    </message>
    <message id="counter.msg.signin_device">
        <source>The central service does not accept this counter PC's signature; ask a technician to check its enrollment.</source>
        <translation>The central service does not accept this counter PC's signature; ask a technician to check its enrollment.</translation>
    </message>
    <message id="counter.msg.signin_failed">
        <source>The central service refused the sign-in.</source>
        <translation>The central service refused the sign-in.</translation>
    </message>
    <message id="counter.msg.signin_locked">
        <source>Too many wrong attempts; wait 5 minutes and try again.</source>
        <translation>Too many wrong attempts; wait 5 minutes and try again.</translation>
    </message>
    <message id="counter.msg.signin_missing">
        <source>Enter your user name and PIN.</source>
        <translation>Enter your user name and PIN.</translation>
    </message>
    <message id="counter.msg.signin_not_allowed">
        <source>This account may not sign in at a counter.</source>
        <translation>This account may not sign in at a counter.</translation>
    </message>
    <message id="counter.msg.signin_offline">
        <source>Central unreachable: cannot sign in. Signing in needs the central service to check the PIN.</source>
        <translation>Central unreachable: cannot sign in. Signing in needs the central service to check the PIN.</translation>
    </message>
    <message id="counter.msg.signin_welcome">
        <source>Welcome, %1.</source>
        <translation>Welcome, %1.</translation>
    </message>
    <message id="counter.msg.signin_wrong_pin">
        <source>The user name or PIN is wrong.</source>
        <translation>The user name or PIN is wrong.</translation>
    </message>
    <message id="counter.msg.signout_done">
        <source>Signed out.</source>
        <translation>Signed out.</translation>
    </message>
    <message id="counter.msg.signout_finish_first">
        <source>Finish the ticket being served before signing out.</source>
        <translation>Finish the ticket being served before signing out.</translation>
    </message>
    <message id="counter.msg.transfer_same">
        <source>Choose a service other than the current one.</source>
        <translation>Choose a service other than the current one.</translation>
    </message>
    <message id="counter.queue.title">
        <source>Services and people waiting</source>
        <translation>Services and people waiting</translation>
    </message>
    <message id="counter.queue.total">
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message id="counter.reader.card_present">
        <source>A card is on the reader</source>
        <translation>A card is on the reader</translation>
    </message>
    <message id="counter.reader.hint">
        <source>Card reader: no card</source>
        <translation>Card reader: no card</translation>
    </message>
    <message id="counter.signin.button">
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message id="counter.signin.checking">
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message id="counter.signin.counter">
        <source>Counter number</source>
        <translation>Counter number</translation>
    </message>
    <message id="counter.signin.hint">
        <source>Sign in with the staff account your administrator gave you. Choose the services after signing in.</source>
        <translation>Sign in with the staff account your administrator gave you. Choose the services after signing in.</translation>
    </message>
    <message id="counter.signin.pin">
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message id="counter.signin.title">
        <source>Counter sign-in</source>
        <translation>Counter sign-in</translation>
    </message>
    <message id="counter.signin.user">
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message id="counter.source.chip">
        <source>Read from the chip</source>
        <translation>Read from the chip</translation>
    </message>
    <message id="counter.source.default">
        <source>Default value</source>
        <translation>Default value</translation>
    </message>
    <message id="counter.source.qr">
        <source>From the QR code</source>
        <translation>From the QR code</translation>
    </message>
    <message id="counter.source.typed">
        <source>Typed by the citizen</source>
        <translation>Typed by the citizen</translation>
    </message>
    <message id="counter.source.unknown">
        <source>Source unknown</source>
        <translation>Source unknown</translation>
    </message>
    <message id="counter.status.keys">
        <source>F2 next · F3 recall · F4 done · F6 skip · F7 no-show · F8 transfer · F9 print · F10 handed over · Ctrl+F look up</source>
        <translation>F2 next · F3 recall · F4 done · F6 skip · F7 no-show · F8 transfer · F9 print · F10 handed over · Ctrl+F look up</translation>
    </message>
    <message id="counter.ticket.calls">
        <source>called %1×</source>
        <translation>called %1×</translation>
    </message>
    <message id="counter.ticket.none">
        <source>No ticket called</source>
        <translation>No ticket called</translation>
    </message>
    <message id="counter.ticket.state_called">
        <source>Serving</source>
        <translation>Serving</translation>
    </message>
    <message id="counter.ticket.state_skipped">
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message id="counter.ticket.title">
        <source>Now serving</source>
        <translation>Now serving</translation>
    </message>
    <message id="counter.transfer.title">
        <source>Transfer to service (keys 1–9)</source>
        <translation>Transfer to service (keys 1–9)</translation>
    </message>
    <message id="counter.citizen.competent">
        <source>Decides: %1</source>
        <translation>Decides: %1</translation>
    </message>
    <message id="counter.citizen.units">
        <source>Today's units: %1</source>
        <translation>Today's units: %1</translation>
    </message>
    <message id="counter.citizen.on_card">
        <source>On the card: %1</source>
        <translation>On the card: %1</translation>
    </message>
    <message id="counter.files.open">
        <source>%1 · %2 · open</source>
        <translation>%1 · %2 · open</translation>
    </message>
    <message id="counter.files.incomplete">
        <source>still arriving</source>
        <translation>still arriving</translation>
    </message>
    <message id="counter.files.opening">
        <source>Opening the file…</source>
        <translation>Opening the file…</translation>
    </message>
    <message id="counter.files.verified">
        <source>Kiosk signature verified: this replaces a photocopy of the card</source>
        <translation>Kiosk signature verified: this replaces a photocopy of the card</translation>
    </message>
    <message id="counter.files.not_verified">
        <source>Signature NOT valid: do not use; ask for the card</source>
        <translation>Signature NOT valid: do not use; ask for the card</translation>
    </message>
    <message id="counter.files.unsigned">
        <source>Taken at the kiosk</source>
        <translation>Taken at the kiosk</translation>
    </message>
    <message id="counter.files.close">
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message id="counter.msg.attachment_failed">
        <source>The attached file could not be opened.</source>
        <translation>The attached file could not be opened.</translation>
    </message>
    <message id="counter.citizen.file_steps">
        <source>File step…</source>
        <translation>File step…</translation>
    </message>
    <message id="counter.file.title">
        <source>Record a step of the file</source>
        <translation>Record a step of the file</translation>
    </message>
    <message id="counter.file.more_documents">
        <source>More documents requested (pauses the clock)</source>
        <translation>More documents requested (pauses the clock)</translation>
    </message>
    <message id="counter.file.documents_supplied">
        <source>Documents supplied</source>
        <translation>Documents supplied</translation>
    </message>
    <message id="counter.file.result_ready">
        <source>Result ready</source>
        <translation>Result ready</translation>
    </message>
    <message id="counter.file.refused">
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message id="counter.file.withdrawn">
        <source>Withdrawn by the citizen</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message id="counter.file.reason">
        <source>reason</source>
        <translation>reason</translation>
    </message>
    <message id="counter.file.note">
        <source>Other reason or details (optional)</source>
        <translation>Other reason or details (optional)</translation>
    </message>
    <message id="counter.file.record">
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message id="counter.msg.file_needs_reason">
        <source>Choose a reason or type one.</source>
        <translation>Choose a reason or type one.</translation>
    </message>
    <message id="counter.msg.file_step_refused">
        <source>This step cannot follow the file's current step.</source>
        <translation>This step cannot follow the file's current step.</translation>
    </message>
    <message id="counter.msg.file_recorded_more_documents">
        <source>Recorded: more documents requested; the clock is paused.</source>
        <translation>Recorded: more documents requested; the clock is paused.</translation>
    </message>
    <message id="counter.msg.file_recorded_documents_supplied">
        <source>Recorded: documents supplied; the clock runs again.</source>
        <translation>Recorded: documents supplied; the clock runs again.</translation>
    </message>
    <message id="counter.msg.file_recorded_result_ready">
        <source>Recorded: the result is ready.</source>
        <translation>Recorded: the result is ready.</translation>
    </message>
    <message id="counter.msg.file_recorded_refused">
        <source>Recorded: the file is refused.</source>
        <translation>Recorded: the file is refused.</translation>
    </message>
    <message id="counter.msg.file_recorded_withdrawn">
        <source>Recorded: the citizen withdrew the file.</source>
        <translation>Recorded: the citizen withdrew the file.</translation>
    </message>
</context>
</TS>

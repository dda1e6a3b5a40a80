<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message id="form.invalid">
        <source>Some details are not right. Please correct the lines in red below.</source>
        <translation>Some details are not right. Please correct the lines in red below.</translation>
    </message>
    <message id="form.problem.choice">
        <source>Please choose “%1” from the list.</source>
        <translation>Please choose “%1” from the list.</translation>
    </message>
    <message id="form.problem.date_format">
        <source>“%1” is not a valid date: use day/month/year, e.g. 05/09/1990.</source>
        <translation>“%1” is not a valid date: use day/month/year, e.g. 05/09/1990.</translation>
    </message>
    <message id="form.problem.date_future">
        <source>“%1” cannot be in the future.</source>
        <translation>“%1” cannot be in the future.</translation>
    </message>
    <message id="form.problem.date_too_early">
        <source>“%1” must be in 1900 or later.</source>
        <translation>“%1” must be in 1900 or later.</translation>
    </message>
    <message id="form.problem.id_number">
        <source>“%1” must be exactly 12 digits, as printed on the ID card.</source>
        <translation>“%1” must be exactly 12 digits, as printed on the ID card.</translation>
    </message>
    <message id="form.problem.number">
        <source>“%1” must be a number above 0, digits only.</source>
        <translation>“%1” must be a number above 0, digits only.</translation>
    </message>
    <message id="form.problem.phone">
        <source>“%1” is not valid: a mobile number has 10 digits and starts with 0.</source>
        <translation>“%1” is not valid: a mobile number has 10 digits and starts with 0.</translation>
    </message>
    <message id="form.problem.required">
        <source>Please fill in “%1”.</source>
        <translation>Please fill in “%1”.</translation>
    </message>
    <message id="form.problem.too_long">
        <source>“%1” is longer than %2 characters; please shorten it.</source>
        <translation>“%1” is longer than %2 characters; please shorten it.</translation>
    </message>
    <message id="guide.card_pulled">
        <source>The card left the reader. Please lay it down again to continue.</source>
        <translation>The card left the reader. Please lay it down again to continue.</translation>
    </message>
    <message id="guide.choose_procedure">
        <source>Please choose the procedure you need. To only take a queue number, choose “Just take a queue number”.</source>
        <translation>Please choose the procedure you need. To only take a queue number, choose “Just take a queue number”.</translation>
    </message>
    <message id="guide.consent_needed">
        <source>Please tick the consent box before submitting.</source>
        <translation>Please tick the consent box before submitting.</translation>
    </message>
    <message id="guide.countdown">
        <source>Are you still there? Touch the screen to continue.</source>
        <translation>Are you still there? Touch the screen to continue.</translation>
    </message>
    <message id="guide.counter">
        <source>Please go to a counter; staff will help you.</source>
        <translation>Please go to a counter; staff will help you.</translation>
    </message>
    <message id="guide.done">
        <source>Thank you. Your information has been cleared from this kiosk.</source>
        <translation>Thank you. Your information has been cleared from this kiosk.</translation>
    </message>
    <message id="guide.form">
        <source>Please check your details. The filled-in boxes were read from your card.</source>
        <translation>Please check your details. The filled-in boxes were read from your card.</translation>
    </message>
    <message id="guide.form_invalid">
        <source>Some details are not right. Please read the red text and correct them.</source>
        <translation>Some details are not right. Please read the red text and correct them.</translation>
    </message>
    <message id="guide.id_invalid">
        <source>The ID number must have exactly twelve digits. Please type it again.</source>
        <translation>The ID number must have exactly twelve digits. Please type it again.</translation>
    </message>
    <message id="guide.identify">
        <source>Please tap your ID card on the reader, or show the QR code on the card to the camera.</source>
        <translation>Please tap your ID card on the reader, or show the QR code on the card to the camera.</translation>
    </message>
    <message id="guide.identify_need_qr">
        <source>Card detected. Please show the front of the card, with the QR code, to the camera, or type your ID number.</source>
        <translation>Card detected. Please show the front of the card, with the QR code, to the camera, or type your ID number.</translation>
    </message>
    <message id="guide.can_refused">
        <source>The ID number you typed does not match the card on the reader. Please check it.</source>
        <translation>The ID number you typed does not match the card on the reader. Please check it.</translation>
    </message>
    <message id="guide.needs_qr">
        <source>This card needs its QR code to open. Please show the front of the card to the camera.</source>
        <translation>This card needs its QR code to open. Please show the front of the card to the camera.</translation>
    </message>
    <message id="guide.language">
        <source>Please choose your language.</source>
        <translation>Please choose your language.</translation>
    </message>
    <message id="guide.rating">
        <source>Please touch the stars to rate our service.</source>
        <translation>Please touch the stars to rate our service.</translation>
    </message>
    <message id="guide.read_failed">
        <source>The card could not be read. Please lay it on the reader again.</source>
        <translation>The card could not be read. Please lay it on the reader again.</translation>
    </message>
    <message id="guide.reading_card">
        <source>Please keep the card on the reader.</source>
        <translation>Please keep the card on the reader.</translation>
    </message>
    <message id="guide.review">
        <source>Please review, tick the consent box, then touch Submit.</source>
        <translation>Please review, tick the consent box, then touch Submit.</translation>
    </message>
    <message id="guide.submitting">
        <source>Sending your file, please wait a moment.</source>
        <translation>Sending your file, please wait a moment.</translation>
    </message>
    <message id="guide.ticket">
        <source>Please take your queue ticket.</source>
        <translation>Please take your queue ticket.</translation>
    </message>
    <message id="guide.take_card">
        <source>Please take your ID card back from the reader.</source>
        <translation>Please take your ID card back from the reader.</translation>
    </message>
    <message id="guide.ticket_fallback">
        <source>The printer is not ready. Please note the queue number on the screen.</source>
        <translation>The printer is not ready. Please note the queue number on the screen.</translation>
    </message>
    <message id="ticket.none_ahead">
        <source>Nobody is waiting ahead of you.</source>
        <translation>Nobody is waiting ahead of you.</translation>
    </message>
    <message id="ticket.position_on_display">
        <source>The number of people ahead of you is shown on the display in the hall.</source>
        <translation>The number of people ahead of you is shown on the display in the hall.</translation>
    </message>
    <message id="ticket.slip_preview">
        <source>What the printer printed</source>
        <translation>What the printer printed</translation>
    </message>
    <message id="form.problem.address_pick">
        <source>Please choose today's commune or ward for “%1”.</source>
        <translation>Please choose today's commune or ward for “%1”.</translation>
    </message>
    <message id="guide.elsewhere">
        <source>This center cannot take this file for you. The screen shows where to go, or take a number to ask at a counter.</source>
        <translation>This center cannot take this file for you. The screen shows where to go, or take a number to ask at a counter.</translation>
    </message>
    <message id="guide.documents">
        <source>Lay each paper flat under the camera; it is taken by itself when it lies still. Or touch Bring the original.</source>
        <translation>Lay each paper flat under the camera; it is taken by itself when it lies still. Or touch Bring the original.</translation>
    </message>
    <message id="guide.documents_missing">
        <source>A paper is still missing: lay it under the camera, or touch Bring the original.</source>
        <translation>A paper is still missing: lay it under the camera, or touch Bring the original.</translation>
    </message>
</context>
</TS>

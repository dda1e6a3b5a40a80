<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message id="attract.camera">
        <source>QR camera</source>
        <translation>QR camera</translation>
    </message>
    <message id="attract.camera_hint">
        <source>Hold the front of your card (with the QR code) to the camera</source>
        <translation>Hold the front of your card (with the QR code) to the camera</translation>
    </message>
    <message id="attract.prompt">
        <source>Tap your ID card or show its QR code to the camera to begin</source>
        <translation>Tap your ID card or show its QR code to the camera to begin</translation>
    </message>
    <message id="attract.reader">
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message id="attract.reader_hint">
        <source>Lay your card on the reader below the screen</source>
        <translation>Lay your card on the reader below the screen</translation>
    </message>
    <message id="attract.touch">
        <source>Or touch here to begin</source>
        <translation>Or touch here to begin</translation>
    </message>
    <message id="attract.welcome">
        <source>Welcome!</source>
        <translation>Welcome!</translation>
    </message>
    <message id="common.back">
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message id="common.restart">
        <source>Start over</source>
        <translation>Start over</translation>
    </message>
    <message id="qr.not_cccd">
        <source>This code is not the QR of a citizen ID card. Please show the QR code on the front of your card.</source>
        <translation>This code is not the QR of a citizen ID card. Please show the QR code on the front of your card.</translation>
    </message>
    <message id="countdown.stay">
        <source>I am still here</source>
        <translation>I am still here</translation>
    </message>
    <message id="countdown.text">
        <source>Are you still there? The screen will clear in %1 seconds.</source>
        <translation>Are you still there? The screen will clear in %1 seconds.</translation>
    </message>
    <message id="language.en">
        <source>English</source>
        <translation>English</translation>
    </message>
    <message id="language.title">
        <source>Choose your language</source>
        <translation>Choose your language</translation>
    </message>
    <message id="language.vi">
        <source>Tiếng Việt</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message id="procedures.days">
        <source>%1 working days</source>
        <translation>%1 working days</translation>
    </message>
    <message id="procedures.fee">
        <source>Fee: %1 VND</source>
        <translation>Fee: %1 VND</translation>
    </message>
    <message id="procedures.free">
        <source>No fee</source>
        <translation>No fee</translation>
    </message>
    <message id="procedures.none">
        <source>No procedure fits. Take a queue number and ask at the counter, or try other words.</source>
        <translation>No procedure fits. Take a queue number and ask at the counter, or try other words.</translation>
    </message>
    <message id="procedures.queue_hint">
        <source>Counter staff will guide you</source>
        <translation>Counter staff will guide you</translation>
    </message>
    <message id="procedures.queue_only">
        <source>Just take a queue number</source>
        <translation>Just take a queue number</translation>
    </message>
    <message id="procedures.same_day">
        <source>Ready the same day</source>
        <translation>Ready the same day</translation>
    </message>
    <message id="procedures.search">
        <source>Search, e.g. marriage registration</source>
        <translation>Search, e.g. marriage registration</translation>
    </message>
    <message id="procedures.title">
        <source>Which procedure do you need?</source>
        <translation>Which procedure do you need?</translation>
    </message>
    <message id="stage.card_pulled.hint">
        <source>The chip was not finished.</source>
        <translation>The chip was not finished.</translation>
    </message>
    <message id="stage.card_pulled.title">
        <source>The card was removed</source>
        <translation>The card was removed</translation>
    </message>
    <message id="stage.counter.hint">
        <source>Staff at the counter will help you finish. Please bring your ID card.</source>
        <translation>Staff at the counter will help you finish. Please bring your ID card.</translation>
    </message>
    <message id="stage.counter.title">
        <source>Please go to a counter</source>
        <translation>Please go to a counter</translation>
    </message>
    <message id="stage.done.hint">
        <source>Please take a seat until your number is called. Goodbye!</source>
        <translation>Please take a seat until your number is called. Goodbye!</translation>
    </message>
    <message id="stage.done.title">
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message id="stage.form.hint">
        <source>Details marked “chip” were read from your card.</source>
        <translation>Details marked “chip” were read from your card.</translation>
    </message>
    <message id="stage.form.title">
        <source>Check your details</source>
        <translation>Check your details</translation>
    </message>
    <message id="stage.identify.hint">
        <source>Choose any one of these three ways.</source>
        <translation>Choose any one of these three ways.</translation>
    </message>
    <message id="stage.identify.need_qr">
        <source>Card detected. Show the front of the card (with the QR code) to the camera, or type your ID number, to open the chip.</source>
        <translation>Card detected. Show the front of the card (with the QR code) to the camera, or type your ID number, to open the chip.</translation>
    </message>
    <message id="stage.identify.title">
        <source>Identify yourself</source>
        <translation>Identify yourself</translation>
    </message>
    <message id="stage.rating.hint">
        <source>Touch the stars to rate us.</source>
        <translation>Touch the stars to rate us.</translation>
    </message>
    <message id="stage.rating.title">
        <source>How would you rate today&apos;s service?</source>
        <translation>How would you rate today&apos;s service?</translation>
    </message>
    <message id="stage.reading_card.hint">
        <source>Please keep the card on the reader until it is done.</source>
        <translation>Please keep the card on the reader until it is done.</translation>
    </message>
    <message id="stage.reading_card.title">
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message id="stage.review.hint">
        <source>Check what will be sent, to whom and why.</source>
        <translation>Check what will be sent, to whom and why.</translation>
    </message>
    <message id="stage.review.title">
        <source>Review and consent</source>
        <translation>Review and consent</translation>
    </message>
    <message id="stage.submitting.hint">
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message id="stage.submitting.title">
        <source>Sending your file…</source>
        <translation>Sending your file…</translation>
    </message>
    <message id="stage.ticket.hint">
        <source>Please take your ticket and wait for your number.</source>
        <translation>Please take your ticket and wait for your number.</translation>
    </message>
    <message id="stage.ticket.title">
        <source>Your queue number</source>
        <translation>Your queue number</translation>
    </message>
    <message id="take_card.title">
        <source>Please take your ID card back</source>
        <translation>Please take your ID card back</translation>
    </message>
    <message id="take_card.detail">
        <source>Your card is still on the reader.</source>
        <translation>Your card is still on the reader.</translation>
    </message>
    <message id="common.next">
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message id="form.source.chip">
        <source>From the chip</source>
        <translation>From the chip</translation>
    </message>
    <message id="form.source.default">
        <source>Preset</source>
        <translation>Preset</translation>
    </message>
    <message id="form.source.qr">
        <source>From the QR code</source>
        <translation>From the QR code</translation>
    </message>
    <message id="form.source.typed">
        <source>Typed by you</source>
        <translation>Typed by you</translation>
    </message>
    <message id="rating.skip">
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message id="review.consent">
        <source>I agree that the center may process the personal data above only to handle this procedure, as the personal data protection law requires.</source>
        <translation>I agree that the center may process the personal data above only to handle this procedure, as the personal data protection law requires.</translation>
    </message>
    <message id="review.documents">
        <source>Documents to bring to the counter</source>
        <translation>Documents to bring to the counter</translation>
    </message>
    <message id="review.submit">
        <source>Submit</source>
        <translation>Submit</translation>
    </message>
    <message id="review.to_whom">
        <source>Sent to: %1.</source>
        <translation>Sent to: %1.</translation>
    </message>
    <message id="review.why">
        <source>Purpose: to handle your procedure “%1”.</source>
        <translation>Purpose: to handle your procedure “%1”.</translation>
    </message>
    <message id="ticket.ahead">
        <source>People ahead of you: %1</source>
        <translation>People ahead of you: %1</translation>
    </message>
    <message id="ticket.code">
        <source>File code: %1 — scan the QR code to follow the queue on your phone</source>
        <translation>File code: %1 — scan the QR code to follow the queue on your phone</translation>
    </message>
    <message id="ticket.counter">
        <source>Please go to counter %1</source>
        <translation>Please go to counter %1</translation>
    </message>
    <message id="ticket.counter_on_display">
        <source>Please watch the hall display: it calls your number and the counter</source>
        <translation>Please watch the hall display: it calls your number and the counter</translation>
    </message>
    <message id="ticket.issued">
        <source>Number taken at %1</source>
        <translation>Number taken at %1</translation>
    </message>
    <message id="ticket.fallback">
        <source>The printer is not ready. Please photograph this screen or note your number; a technician has been told.</source>
        <translation>The printer is not ready. Please photograph this screen or note your number; a technician has been told.</translation>
    </message>
    <message id="ticket.too_large">
        <source>The photos of these papers were too large to send with your file: %1. Your file was submitted without them: please bring the originals to the counter (another time, take fewer pages).</source>
        <translation>The photos of these papers were too large to send with your file: %1. Your file was submitted without them: please bring the originals to the counter (another time, take fewer pages).</translation>
    </message>
    <message id="ticket.printed">
        <source>Please take your ticket from the slot below.</source>
        <translation>Please take your ticket from the slot below.</translation>
    </message>
    <message id="ticket.wait">
        <source>Estimated wait: about %1 minutes</source>
        <translation>Estimated wait: about %1 minutes</translation>
    </message>
    <message id="review.consent_needed">
        <source>Please tick the consent box before submitting.</source>
        <translation>Please tick the consent box before submitting.</translation>
    </message>
    <message id="identify.card.title">
        <source>Tap your card</source>
        <translation>Tap your card</translation>
    </message>
    <message id="identify.card.hint">
        <source>Lay your ID card on the reader below the screen.</source>
        <translation>Lay your ID card on the reader below the screen.</translation>
    </message>
    <message id="identify.card.received">
        <source>Card received.</source>
        <translation>Card received.</translation>
    </message>
    <message id="identify.qr.title">
        <source>Show the QR code</source>
        <translation>Show the QR code</translation>
    </message>
    <message id="identify.qr.hint">
        <source>Hold the front of your card, with the QR code, in front of the camera.</source>
        <translation>Hold the front of your card, with the QR code, in front of the camera.</translation>
    </message>
    <message id="identify.qr.frame">
        <source>Hold the QR code inside the frame</source>
        <translation>Hold the QR code inside the frame</translation>
    </message>
    <message id="identify.qr.waiting">
        <source>The camera is ready: hold up your card</source>
        <translation>The camera is ready: hold up your card</translation>
    </message>
    <message id="identify.qr.seen">
        <source>QR code read</source>
        <translation>QR code read</translation>
    </message>
    <message id="identify.type.title">
        <source>Type your ID number</source>
        <translation>Type your ID number</translation>
    </message>
    <message id="identify.type.hint">
        <source>The 12 digits printed on your card.</source>
        <translation>The 12 digits printed on your card.</translation>
    </message>
    <message id="identify.type.invalid">
        <source>An ID number has exactly 12 digits. Please check it.</source>
        <translation>An ID number has exactly 12 digits. Please check it.</translation>
    </message>
    <message id="identify.type.other_ways">
        <source>Other ways</source>
        <translation>Other ways</translation>
    </message>
    <message id="identify.read_failed">
        <source>The card could not be read. Lay it on the reader again, or show its QR code, or type your ID number.</source>
        <translation>The card could not be read. Lay it on the reader again, or show its QR code, or type your ID number.</translation>
    </message>
    <message id="identify.read_failed.can_refused">
        <source>The ID number you typed does not open the card on the reader. Please check each digit, or show the card&apos;s QR code to the camera.</source>
        <translation>The ID number you typed does not open the card on the reader. Please check each digit, or show the card&apos;s QR code to the camera.</translation>
    </message>
    <message id="identify.read_failed.needs_qr">
        <source>This card cannot be opened with the ID number alone. Please show the front of the card (with the QR code) to the camera, or lift the card off the reader to fill in the form yourself.</source>
        <translation>This card cannot be opened with the ID number alone. Please show the front of the card (with the QR code) to the camera, or lift the card off the reader to fill in the form yourself.</translation>
    </message>
    <message id="reading.step.unlock">
        <source>Opening the chip</source>
        <translation>Opening the chip</translation>
    </message>
    <message id="reading.step.identity">
        <source>Reading your details</source>
        <translation>Reading your details</translation>
    </message>
    <message id="reading.step.photo">
        <source>Checking the card and reading the photo</source>
        <translation>Checking the card and reading the photo</translation>
    </message>
    <message id="reading.keep">
        <source>Do not remove the card</source>
        <translation>Do not remove the card</translation>
    </message>
    <message id="card_pulled.put_back">
        <source>Lay the card on the reader again to finish reading</source>
        <translation>Lay the card on the reader again to finish reading</translation>
    </message>
    <message id="card_pulled.or">
        <source>or</source>
        <translation>or</translation>
    </message>
    <message id="card_pulled.continue">
        <source>Continue with the QR code's details</source>
        <translation>Continue with the QR code's details</translation>
    </message>
    <message id="card_pulled.continue_hint">
        <source>The form is filled from the QR code, without a photo.</source>
        <translation>The form is filled from the QR code, without a photo.</translation>
    </message>
    <message id="done.number">
        <source>Your number: %1</source>
        <translation>Your number: %1</translation>
    </message>
    <message id="done.wipe">
        <source>Your details leave this screen in %1 seconds.</source>
        <translation>Your details leave this screen in %1 seconds.</translation>
    </message>
    <message id="done.finish">
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message id="counter.reason.authenticity_failed">
        <source>The kiosk could not confirm your card's chip. This can happen with a worn or damaged card; staff will look at the card itself.</source>
        <translation>The kiosk could not confirm your card's chip. This can happen with a worn or damaged card; staff will look at the card itself.</translation>
    </message>
    <message id="counter.reason.submit_failed">
        <source>The kiosk could not save your file, so nothing was sent. Staff will take it in person.</source>
        <translation>The kiosk could not save your file, so nothing was sent. Staff will take it in person.</translation>
    </message>
    <message id="counter.queue">
        <source>Get a number for the counter</source>
        <translation>Get a number for the counter</translation>
    </message>
    <message id="sound.unavailable">
        <source>No sound</source>
        <translation>No sound</translation>
    </message>
    <message id="form.address.on_card">
        <source>On the card</source>
        <translation>On the card</translation>
    </message>
    <message id="form.address.now">
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message id="form.address.changed">
        <source>Administrative units changed on 1 July 2025: please check today's address.</source>
        <translation>Administrative units changed on 1 July 2025: please check today's address.</translation>
    </message>
    <message id="form.address.split">
        <source>Your old ward has been divided. Choose where you live now:</source>
        <translation>Your old ward has been divided. Choose where you live now:</translation>
    </message>
    <message id="form.address.unknown">
        <source>This address could not be matched with today's units. Please choose it.</source>
        <translation>This address could not be matched with today's units. Please choose it.</translation>
    </message>
    <message id="form.address.other">
        <source>Another place</source>
        <translation>Another place</translation>
    </message>
    <message id="form.address.change">
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message id="form.address.choose">
        <source>Choose the address</source>
        <translation>Choose the address</translation>
    </message>
    <message id="picker.province.title">
        <source>Choose the province or city</source>
        <translation>Choose the province or city</translation>
    </message>
    <message id="picker.ward.title">
        <source>Choose the commune, ward or special zone</source>
        <translation>Choose the commune, ward or special zone</translation>
    </message>
    <message id="picker.ward.search">
        <source>Type a few letters, with or without accents</source>
        <translation>Type a few letters, with or without accents</translation>
    </message>
    <message id="picker.ward.none">
        <source>Nothing matches. Check the letters typed.</source>
        <translation>Nothing matches. Check the letters typed.</translation>
    </message>
    <message id="picker.street.title">
        <source>House number, street, hamlet or group</source>
        <translation>House number, street, hamlet or group</translation>
    </message>
    <message id="picker.street.hint">
        <source>Type the rest of the address, then touch Done.</source>
        <translation>Type the rest of the address, then touch Done.</translation>
    </message>
    <message id="picker.done">
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message id="picker.cancel">
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message id="stage.elsewhere.title">
        <source>This center cannot take this file for you</source>
        <translation>This center cannot take this file for you</translation>
    </message>
    <message id="stage.elsewhere.commune">
        <source>“%1” is received by the commune or ward where you live.</source>
        <translation>“%1” is received by the commune or ward where you live.</translation>
    </message>
    <message id="stage.elsewhere.province">
        <source>“%1” is received in the province or city where you live.</source>
        <translation>“%1” is received in the province or city where you live.</translation>
    </message>
    <message id="stage.elsewhere.go">
        <source>Please go to:</source>
        <translation>Please go to:</translation>
    </message>
    <message id="stage.elsewhere.other">
        <source>Choose another procedure</source>
        <translation>Choose another procedure</translation>
    </message>
    <message id="stage.elsewhere.fix">
        <source>Change the address</source>
        <translation>Change the address</translation>
    </message>
    <message id="stage.elsewhere.queue">
        <source>Take a number to ask at a counter</source>
        <translation>Take a number to ask at a counter</translation>
    </message>
    <message id="stage.elsewhere.hint">
        <source>The screen says where this file is received.</source>
        <translation>The screen says where this file is received.</translation>
    </message>
    <message id="documents.title">
        <source>Your documents</source>
        <translation>Your documents</translation>
    </message>
    <message id="documents.hint">
        <source>Lay each paper flat under the camera: it is taken by itself when it lies still. Or bring the original to the counter.</source>
        <translation>Lay each paper flat under the camera: it is taken by itself when it lies still. Or bring the original to the counter.</translation>
    </message>
    <message id="documents.missing">
        <source>A paper is still missing: lay it under the camera, or choose to bring the original.</source>
        <translation>A paper is still missing: lay it under the camera, or choose to bring the original.</translation>
    </message>
    <message id="documents.status.attached">
        <source>%1 page(s) taken</source>
        <translation>%1 page(s) taken</translation>
    </message>
    <message id="documents.status.original">
        <source>Original brought to the counter</source>
        <translation>Original brought to the counter</translation>
    </message>
    <message id="documents.status.chip">
        <source>Read from the card's chip: no copy needed</source>
        <translation>Read from the card's chip: no copy needed</translation>
    </message>
    <message id="documents.status.none">
        <source>Only if you have it</source>
        <translation>Only if you have it</translation>
    </message>
    <message id="documents.status.missing">
        <source>Not taken yet</source>
        <translation>Not taken yet</translation>
    </message>
    <message id="documents.camera">
        <source>Now: %1</source>
        <translation>Now: %1</translation>
    </message>
    <message id="documents.camera_waiting">
        <source>Lay the paper under the camera</source>
        <translation>Lay the paper under the camera</translation>
    </message>
    <message id="documents.camera_seen">
        <source>Paper found: hold still</source>
        <translation>Paper found: hold still</translation>
    </message>
    <message id="documents.take">
        <source>Take now</source>
        <translation>Take now</translation>
    </message>
    <message id="documents.original">
        <source>Bring the original</source>
        <translation>Bring the original</translation>
    </message>
    <message id="documents.delete">
        <source>Delete page %1</source>
        <translation>Delete page %1</translation>
    </message>
    <message id="stage.documents.title">
        <source>Your documents</source>
        <translation>Your documents</translation>
    </message>
    <message id="stage.documents.hint">
        <source>Lay each paper under the camera, or bring the original to the counter.</source>
        <translation>Lay each paper under the camera, or bring the original to the counter.</translation>
    </message>
    <message id="documents.black_white_off">
        <source>Colour (seals, photos)</source>
        <translation>Colour (seals, photos)</translation>
    </message>
    <message id="documents.black_white_on">
        <source>Black and white (text) ✓</source>
        <translation>Black and white (text) ✓</translation>
    </message>
    <message id="holder.title">
        <source>Your files</source>
        <translation>Your files</translation>
    </message>
    <message id="holder.loading">
        <source>Looking up your files…</source>
        <translation>Looking up your files…</translation>
    </message>
    <message id="holder.unavailable">
        <source>The status of your files cannot be fetched right now. You can go on with your visit.</source>
        <translation>The status of your files cannot be fetched right now. You can go on with your visit.</translation>
    </message>
    <message id="holder.none">
        <source>No file of yours is being followed here.</source>
        <translation>No file of yours is being followed here.</translation>
    </message>
    <message id="holder.new">
        <source>To start a new procedure, choose it below.</source>
        <translation>To start a new procedure, choose it below.</translation>
    </message>
    <message id="holder.due">
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message id="holder.received">
        <source>Received %1</source>
        <translation>Received %1</translation>
    </message>
    <message id="holder.code">
        <source>File code %1</source>
        <translation>File code %1</translation>
    </message>
    <message id="holder.step.accepted">
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message id="holder.step.forwarded">
        <source>Sent to the deciding unit</source>
        <translation>Sent to the deciding unit</translation>
    </message>
    <message id="holder.step.in_processing">
        <source>Being processed</source>
        <translation>Being processed</translation>
    </message>
    <message id="holder.step.additional_documents_requested">
        <source>More documents needed</source>
        <translation>More documents needed</translation>
    </message>
    <message id="holder.step.documents_supplied">
        <source>Documents supplied</source>
        <translation>Documents supplied</translation>
    </message>
    <message id="holder.step.result_ready">
        <source>Result ready for collection</source>
        <translation>Result ready for collection</translation>
    </message>
    <message id="holder.step.refused">
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message id="holder.step.returned">
        <source>Result handed over</source>
        <translation>Result handed over</translation>
    </message>
    <message id="holder.step.withdrawn">
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message id="holder.standing.on_time">
        <source>On time</source>
        <translation>On time</translation>
    </message>
    <message id="holder.standing.late">
        <source>Late</source>
        <translation>Late</translation>
    </message>
    <message id="holder.standing.paused">
        <source>Clock paused (awaiting documents)</source>
        <translation>Clock paused (awaiting documents)</translation>
    </message>
    <message id="holder.standing.withdrawn">
        <source>Not counted</source>
        <translation>Not counted</translation>
    </message>
</context>
</TS>

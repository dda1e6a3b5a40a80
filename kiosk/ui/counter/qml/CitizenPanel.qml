import QtQuick
import QtQuick.Controls.Basic
import "."

// The citizen at the desk: look-up (ID typed, CAN + card on the reader, or the card's
// QR), then what the kiosk collected: submission, pre-filled form, authenticity, ticket.
Rectangle {
    id: root
    objectName: "citizen_panel"
    radius: Desk.radius; color: Desk.card
    border.width: 1; border.color: Desk.line

    readonly property var citizen: desk.citizen
    readonly property bool found: citizen.record_id !== undefined

    Shortcut { id: findKey; sequence: "Ctrl+F"; onActivated: lookup.input.forceActiveFocus() }
    Shortcut { id: printKey; sequence: "F9"; onActivated: desk.print_receipt() }
    Shortcut { id: handKey; sequence: "F10"; onActivated: desk.hand_over_result() }
    Shortcut { id: stepKey; sequence: "F11"
               onActivated: if (root.found && desk.busy === "") stepPopup.start() }
    Shortcut { id: clearKey; sequence: "Esc"; onActivated: desk.clear_citizen() }
    FileStepPopup { id: stepPopup }

    function authText(value) {
        switch (value) {
        case "ok": return qsTrId("counter.auth.ok")
        case "failed": return qsTrId("counter.auth.failed")
        case "chain_unverified": return qsTrId("counter.auth.chain_unverified")
        default: return qsTrId("counter.auth.unknown")
        }
    }
    function authColor(value) {
        return value === "ok" ? Desk.green : value === "failed" ? Desk.red
             : value === "chain_unverified" ? Desk.amber : Desk.muted
    }
    function sourceText(value) {
        switch (value) {
        case "chip": return qsTrId("counter.source.chip")
        case "qr": return qsTrId("counter.source.qr")
        case "typed": return qsTrId("counter.source.typed")
        case "default": return qsTrId("counter.source.default")
        default: return qsTrId("counter.source.unknown")
        }
    }
    function stateText(value) {
        switch (value) {
        case "reading": return qsTrId("counter.lookup.reading")
        case "searching": return qsTrId("counter.lookup.searching")
        case "none": return qsTrId("counter.lookup.none")
        case "need_card": return qsTrId("counter.lookup.need_card")
        case "need_can": return qsTrId("counter.lookup.need_can")
        case "failed": return qsTrId("counter.lookup.failed")
        default: return qsTrId("counter.lookup.empty")
        }
    }

    // -- look-up bar ------------------------------------------------------------------
    Column {
        id: top
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
        spacing: 8
        Text {
            text: qsTrId("counter.lookup.title")
            font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
            font.capitalization: Font.AllUppercase; color: Desk.muted
        }
        Row {
            width: parent.width
            spacing: 8
            Field {
                id: lookup
                objectName: "lookup"
                width: parent.width - findButton.width - parent.spacing
                input.objectName: "lookup_input"
                placeholder: qsTrId("counter.lookup.placeholder")
                input.maximumLength: 600   // a keyboard-wedge scanner types a whole card QR
                input.onAccepted: { desk.look_up(input.text); input.text = "" }
            }
            ActionButton {
                id: findButton
                objectName: "lookup_button"
                y: lookup.height - height
                width: 170; height: 40
                keys: findKey.nativeText
                text: qsTrId("counter.lookup.button")
                onClicked: { desk.look_up(lookup.value); lookup.value = "" }
            }
        }
        Row {
            spacing: 8
            Rectangle {
                width: 10; height: 10; radius: 5
                anchors.verticalCenter: parent.verticalCenter
                color: desk.card_present ? Desk.green : "#94a3b8"
            }
            Text {
                objectName: "reader_hint"
                text: desk.card_present ? qsTrId("counter.reader.card_present")
                                        : qsTrId("counter.reader.hint")
                font.family: Desk.family; font.pixelSize: Desk.small; color: Desk.muted
            }
        }
    }
    Rectangle {
        id: divider
        anchors { left: parent.left; right: parent.right; top: top.bottom; topMargin: 12 }
        height: 1; color: Desk.line
    }

    // -- nobody yet / working / nothing found ---------------------------------------------
    Column {
        visible: !root.found
        anchors.centerIn: body
        width: body.width - 80
        spacing: 10
        Rectangle {   // an ID card, drawn: chip and two lines of text
            anchors.horizontalCenter: parent.horizontalCenter
            width: 84; height: 54; radius: 7
            color: "#f3f6fb"; border.width: 2; border.color: "#b8c4d4"
            Rectangle { x: 10; y: 16; width: 18; height: 14; radius: 3; color: Desk.gold
                        opacity: 0.7 }
            Rectangle { x: 36; y: 17; width: 36; height: 4; radius: 2; color: "#b8c4d4" }
            Rectangle { x: 36; y: 27; width: 26; height: 4; radius: 2; color: "#b8c4d4" }
            Rectangle { x: 10; y: 40; width: 62; height: 4; radius: 2; color: "#d3dbe6" }
        }
        Text {
            objectName: "lookup_state"
            width: parent.width; horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: root.stateText(desk.lookup_state)
            font.family: Desk.family; font.pixelSize: Desk.heading
            color: desk.lookup_state === "failed" ? Desk.red : Desk.muted
        }
    }

    // -- what the kiosk collected --------------------------------------------------------
    Item {
        id: body
        anchors { left: parent.left; right: parent.right; top: divider.bottom
                  bottom: footer.top; margins: 16 }
        visible: root.found

        Column {
            id: head
            width: parent.width
            spacing: 6
            Text {
                objectName: "citizen_name"
                width: parent.width; elide: Text.ElideRight
                text: root.found ? root.citizen.full_name : ""
                font.family: Desk.family; font.pixelSize: Desk.big; font.bold: true
                color: Desk.ink
            }
            Text {
                objectName: "citizen_id"
                text: root.found ? qsTrId("counter.citizen.id").arg(root.citizen.id_number) : ""
                font.family: Desk.family; font.pixelSize: Desk.body; color: Desk.muted
            }
            Flow {
                width: parent.width
                spacing: 6
                Repeater {
                    model: root.found ? [
                        [qsTrId("counter.citizen.procedure").arg(root.citizen.procedure), Desk.blue],
                        [qsTrId("counter.citizen.received").arg(root.citizen.received), Desk.muted],
                        [root.citizen.ticket ? qsTrId("counter.citizen.ticket").arg(root.citizen.ticket)
                                             : qsTrId("counter.citizen.no_ticket"), Desk.muted],
                        [root.authText(root.citizen.authenticity),
                         root.authColor(root.citizen.authenticity)],
                        [root.sourceText(root.citizen.identity_source), Desk.muted],
                        [root.citizen.processing_days >= 0
                         ? qsTrId("counter.citizen.days").arg(root.citizen.processing_days)
                         : qsTrId("counter.citizen.days_unknown"), Desk.muted]
                    ].concat(root.citizen.file_code   // the code the citizen reads out
                             ? [[qsTrId("counter.citizen.file_code").arg(root.citizen.file_code),
                                 Desk.blue]] : [])
                      .concat(root.citizen.competent   // who decides, from today's address
                             ? [[qsTrId("counter.citizen.competent").arg(root.citizen.competent),
                                 Desk.ink]] : []) : []
                    delegate: Rectangle {
                        required property var modelData
                        required property int index
                        objectName: "citizen_chip_" + index
                        property string chipText: modelData[0]
                        height: 26; radius: 13
                        width: chip.implicitWidth + 20
                        color: Qt.rgba(modelData[1].r, modelData[1].g, modelData[1].b, 0.10)
                        Text {
                            id: chip
                            anchors.centerIn: parent
                            text: parent.chipText
                            font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
                            color: modelData[1]
                        }
                    }
                }
            }
            Row {   // other submissions of the same citizen
                visible: desk.history.length > 1
                spacing: 6
                Repeater {
                    model: desk.history
                    delegate: ActionButton {
                        required property var modelData
                        required property int index
                        objectName: "history_" + index
                        height: 32; width: 200
                        primary: index === desk.selected
                        text: modelData.received + " · " + modelData.procedure
                        onClicked: desk.select_submission(index)
                    }
                }
            }
            Flow {   // files the visit attached: the chip's card data sheet, documents
                objectName: "citizen_files"
                visible: root.found && root.citizen.files.length > 0
                width: parent.width
                spacing: 6
                Repeater {
                    model: root.found ? root.citizen.files : []
                    delegate: ActionButton {
                        required property var modelData
                        objectName: "file_" + modelData.file
                        height: 32; width: implicitWidth
                        enabled: modelData.complete
                        text: qsTrId("counter.files.open").arg(modelData.name)
                              .arg(modelData.complete ? modelData.size
                                                      : qsTrId("counter.files.incomplete"))
                        onClicked: desk.open_file(modelData.file)
                    }
                }
            }
        }
        Text {
            id: formTitle
            anchors { top: head.bottom; topMargin: 14 }
            text: qsTrId("counter.citizen.form")
            font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
            font.capitalization: Font.AllUppercase; color: Desk.muted
        }
        ListView {
            id: fields
            objectName: "form_fields"
            anchors { left: parent.left; right: parent.right; top: formTitle.bottom
                      topMargin: 6; bottom: parent.bottom }
            clip: true
            model: root.found ? root.citizen.fields : []
            ScrollBar.vertical: ScrollBar { }
            delegate: Rectangle {
                required property var modelData
                required property int index
                objectName: "field_" + modelData.name
                property string valueText: modelData.value
                // an address in today's units: the codes, and the card's old text below
                property string noteText: [modelData.units ? qsTrId("counter.citizen.units")
                                               .arg(modelData.units) : "",
                                           modelData.on_card ? qsTrId("counter.citizen.on_card")
                                               .arg(modelData.on_card) : ""]
                                          .filter(function (t) { return t !== "" }).join("\n")
                width: fields.width
                height: Math.max(32, value.implicitHeight + (note.visible ? note.implicitHeight : 0)
                                     + 12)
                color: index % 2 === 0 ? "#f7f9fc" : Desk.card
                Text {
                    id: name
                    anchors { left: parent.left; leftMargin: 10; verticalCenter: parent.verticalCenter }
                    width: parent.width * 0.36
                    elide: Text.ElideRight
                    text: modelData.label
                    font.family: Desk.family; font.pixelSize: Desk.small; color: Desk.muted
                }
                Text {
                    id: value
                    anchors { left: name.right; leftMargin: 8; right: tag.left; rightMargin: 8 }
                    y: note.visible ? 6 : (parent.height - height) / 2
                    wrapMode: Text.WordWrap
                    text: parent.valueText !== "" ? parent.valueText : "—"
                    font.family: Desk.family; font.pixelSize: Desk.body
                    color: parent.valueText !== "" ? Desk.ink : "#94a3b8"
                }
                Text {
                    id: note
                    objectName: "note_" + modelData.name
                    visible: parent.noteText !== ""
                    anchors { left: value.left; right: value.right; top: value.bottom }
                    wrapMode: Text.WordWrap
                    text: parent.noteText
                    font.family: Desk.family; font.pixelSize: Desk.small; color: Desk.muted
                }
                Rectangle {   // where the kiosk got the value: chip, QR, typed, default
                    id: tag
                    objectName: "source_" + modelData.name
                    property string tagText: modelData.source ? root.sourceText(modelData.source)
                                                              : ""
                    anchors { right: parent.right; rightMargin: 10
                              verticalCenter: parent.verticalCenter }
                    visible: tagText !== ""
                    width: visible ? tagLabel.implicitWidth + 12 : 0; height: 20; radius: 4
                    color: modelData.source === "typed" ? Desk.amberSoft : "#eef2f7"
                    Text {
                        id: tagLabel
                        anchors.centerIn: parent
                        text: parent.tagText
                        font.family: Desk.family; font.pixelSize: 11
                        color: modelData.source === "typed" ? Desk.amber : Desk.muted
                    }
                }
            }
        }
    }

    FileViewer {   // an attached file, over the form (Close puts it away)
        anchors { left: parent.left; right: parent.right; top: divider.bottom
                  bottom: footer.top; margins: 8 }
        z: 2
    }

    Row {
        id: footer
        anchors { right: parent.right; bottom: parent.bottom; margins: 16 }
        spacing: 8
        height: 46
        ActionButton {
            objectName: "clear_citizen"
            width: implicitWidth
            enabled: root.found || desk.lookup_state !== ""
            keys: clearKey.nativeText
            text: qsTrId("counter.citizen.clear")
            onClicked: desk.clear_citizen()
        }
        ActionButton {
            objectName: "file_steps"
            width: implicitWidth
            enabled: root.found && desk.busy === ""
            keys: stepKey.nativeText
            text: qsTrId("counter.citizen.file_steps")
            onClicked: stepPopup.start()
        }
        ActionButton {
            objectName: "hand_over_result"
            width: implicitWidth
            enabled: root.found && desk.busy === ""
            keys: handKey.nativeText
            text: qsTrId("counter.citizen.hand_over")
            onClicked: desk.hand_over_result()
        }
        ActionButton {
            objectName: "print_receipt"
            width: implicitWidth
            primary: true
            enabled: root.found && desk.busy === ""
            keys: printKey.nativeText
            text: desk.busy === "print" ? qsTrId("counter.citizen.printing")
                                        : qsTrId("counter.citizen.print")
            onClicked: desk.print_receipt()
        }
    }
}

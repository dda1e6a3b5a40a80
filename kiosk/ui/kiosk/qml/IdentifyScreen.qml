import QtQuick
import QtQuick.Controls
import "."

// Identify: three ways, side by side (landscape) or stacked (portrait):
//   1. tap the card on the reader (where the reader is, animated);
//   2. show the card's QR to the camera (live preview with a framing guide);
//   3. type the 12-digit ID number on the on-screen keyboard.
// While typing, the other two ways step aside so the keyboard covers nothing needed.
Item {
    id: root
    objectName: "identify"
    readonly property bool landscape: width > height
    readonly property bool needQr: kiosk.hint_key === "stage.identify.need_qr"
    readonly property bool readFailed: kiosk.notice.indexOf("read_failed") === 0
    // a typed ID the card refused, a card that needs its QR, or any other failure
    readonly property string failedWords: kiosk.notice === "read_failed:can_refused"
        ? qsTrId("identify.read_failed.can_refused")
        : kiosk.notice === "read_failed:needs_qr" ? qsTrId("identify.read_failed.needs_qr")
        : qsTrId("identify.read_failed")
    readonly property bool typing: idField.activeFocus
    readonly property int margin: landscape ? 40 : 48

    component PanelHeading: Row {
        id: heading
        property int number: 1
        property alias title: titleText.text
        property alias hint: hintText.text
        property bool done: false
        property color hintColor: Theme.muted
        spacing: 20
        Rectangle {
            width: 72; height: 72; radius: 36
            color: heading.done ? "#16a34a" : Theme.navy
            Text { anchors.centerIn: parent; text: heading.done ? "✓" : heading.number
                   color: heading.done ? "white" : Theme.onAccent; font.bold: true
                   font.family: Theme.family; font.pixelSize: 38 }
        }
        Column {
            width: heading.width - 92
            spacing: 6
            Text { id: titleText; width: parent.width; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                   color: Theme.navy }
            Text { id: hintText; width: parent.width; wrapMode: Text.WordWrap
                   visible: text !== ""
                   font.family: Theme.family; font.pixelSize: Theme.small; color: heading.hintColor
                   font.bold: heading.hintColor !== Theme.muted }
        }
    }

    component Panel: Rectangle {
        property bool lit: false
        radius: Theme.radius; color: Theme.card
        border.width: lit ? 6 : 2
        border.color: lit ? "#16a34a" : Theme.line
    }

    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right
                  margins: root.margin; topMargin: root.landscape ? 28 : 40
                  // Landscape: Back and Start over sit either side of the title.
                  leftMargin: root.landscape ? root.margin + nav.buttonWidth + 32 : root.margin
                  rightMargin: root.landscape ? root.margin + nav.buttonWidth + 32 : root.margin }
        visible: !root.typing
        spacing: 14
        Text {
            width: parent.width
            text: qsTrId("stage.identify.title")
            Accessible.role: Accessible.Heading; Accessible.name: text
            wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
            font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
            color: Theme.navy
        }
        Rectangle {   // the guidance; green once the card is there and its QR is needed
            objectName: "identify_hint"
            visible: !root.readFailed   // the failure below says what to do (and it fits)
            width: parent.width; height: hintLine.implicitHeight + (root.needQr ? 36 : 0)
            radius: 18
            color: root.needQr ? (Theme.contrast ? "#000000" : "#e7f6ec") : "transparent"
            border.width: root.needQr ? 3 : 0; border.color: "#16a34a"
            Text {
                id: hintLine
                objectName: "stage_hint"
                anchors.centerIn: parent
                width: parent.width - (root.needQr ? 48 : 0)
                text: qsTrId(kiosk.hint_key)
                wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
                font.family: Theme.family; font.pixelSize: root.needQr ? Theme.body : Theme.large
                font.bold: root.needQr
                color: root.needQr ? (Theme.contrast ? "#ffffff" : "#0f5132") : Theme.ink
            }
        }
        Rectangle {   // the last chip read failed: say so, and what else to do
            objectName: "read_failed"
            visible: root.readFailed
            width: parent.width; height: failedText.implicitHeight + 36; radius: 18
            color: Theme.contrast ? "#000000" : "#fdecec"
            border.width: 3; border.color: Theme.red
            Text { id: failedText; anchors.centerIn: parent; width: parent.width - 48
                   text: root.failedWords; wrapMode: Text.WordWrap
                   horizontalAlignment: Text.AlignHCenter
                   font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.red }
        }
    }

    Grid {
        id: ways
        anchors { top: root.typing ? parent.top : heading.bottom
                  bottom: root.landscape ? parent.bottom : nav.top
                  left: parent.left; right: parent.right
                  margins: root.margin; topMargin: root.typing ? 24 : 28
                  bottomMargin: root.landscape ? 32 : 28 }
        columns: root.landscape ? 3 : 1
        spacing: 28
        readonly property int shown: root.typing ? 1 : 3
        readonly property int paneWidth: root.landscape
            ? (width - (shown - 1) * spacing) / shown : width
        // Portrait: the card and the typing panes keep their size, the camera takes the rest.
        readonly property int cardHeight: root.landscape ? height : 300
        readonly property int typeHeight: root.landscape && !root.typing ? height
            : typeColumn.implicitHeight + (root.typing ? 40 : 56)
        readonly property int cameraHeight: root.landscape ? height
            : height - cardHeight - typeHeight - 2 * spacing

        // 1. The card on the reader.
        Panel {
            id: cardPane
            objectName: "way_card"
            visible: !root.typing
            width: ways.paneWidth; height: ways.cardHeight
            ReaderArt {
                id: readerArt
                mode: root.needQr ? "on" : "tap"
                x: root.landscape ? (parent.width - width) / 2 : 24
                y: root.landscape ? parent.height - height - 24 : (parent.height - height) / 2
                width: root.landscape ? Math.min(parent.width - 48, parent.height - cardHeading.height - 72)
                                      : parent.height - 40
                height: width
            }
            PanelHeading {
                id: cardHeading
                x: root.landscape ? 28 : readerArt.x + readerArt.width + 24
                y: root.landscape ? 28 : (parent.height - height) / 2
                width: parent.width - x - 28
                number: 1
                done: root.needQr
                title: qsTrId("identify.card.title")
                hint: root.needQr ? qsTrId("identify.card.received") : qsTrId("identify.card.hint")
            }
        }

        // 2. The QR in front of the camera.
        Panel {
            id: cameraPane
            objectName: "way_qr"
            visible: !root.typing
            lit: root.needQr
            width: ways.paneWidth; height: ways.cameraHeight
            PanelHeading {
                id: qrHeading
                x: 28; y: 28; width: parent.width - 56
                number: 2
                title: qsTrId("identify.qr.title")
                hint: qsTrId("identify.qr.hint")
            }
            CameraView {
                id: camera
                anchors { top: qrHeading.bottom; topMargin: 24; horizontalCenter: parent.horizontalCenter }
                readonly property int room: parent.height - qrHeading.height - 28 - 24 - 28
                width: Math.min(parent.width - 56, room * 16 / 9)
                height: Math.min(room, width * 3 / 4)
                hint: qsTrId("identify.qr.frame")
                waitingText: qsTrId("identify.qr.waiting")
                seenText: qsTrId("identify.qr.seen")
            }
        }

        // 3. The ID number, typed.
        Panel {
            id: typePane
            objectName: "way_type"
            width: ways.paneWidth; height: ways.typeHeight
            Column {
                id: typeColumn
                x: 28; y: root.typing ? 20 : 28; width: parent.width - 56
                spacing: root.typing ? 16 : 24
                PanelHeading {
                    width: parent.width
                    number: 3
                    title: qsTrId("identify.type.title")
                    hint: kiosk.notice === "id_invalid" ? qsTrId("identify.type.invalid")
                                                        : (root.typing ? "" : qsTrId("identify.type.hint"))
                    hintColor: kiosk.notice === "id_invalid" ? Theme.red : Theme.muted
                }
                // Landscape while typing: one row (the keyboard takes the lower half).
                Grid {
                    id: entry
                    width: parent.width
                    columns: root.landscape ? (root.typing ? 3 : 1) : 2
                    spacing: 24
                    // Portrait: "Other ways" goes under the field, as wide as it.
                    readonly property int buttonWidth: Math.max(300, cont.implicitWidth,
                        columns === 3 ? otherWays.implicitWidth : 0)
                    TextField {
                        id: idField
                        objectName: "id_field"
                        width: entry.columns === 1 ? entry.width
                             : entry.width - (entry.columns - 1) * (entry.buttonWidth + entry.spacing)
                        height: Theme.touch
                        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
                        Accessible.name: qsTrId("identify.type.title")
                        Accessible.description: kiosk.notice === "id_invalid"
                                                ? qsTrId("identify.type.invalid") : ""
                        maximumLength: 12
                        validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ }
                        horizontalAlignment: TextInput.AlignHCenter
                        // All 12 digits stay in sight (a mono digit is ~0.6 em, plus the
                        // 4 px spacing): as large as the field's width allows.
                        rightPadding: count.implicitWidth + 36; leftPadding: 24
                        font.family: "DejaVu Sans Mono"
                        font.pixelSize: Math.min(Theme.large, Math.floor(
                            ((width - leftPadding - rightPadding) / 12 - 4) / 0.61))
                        font.bold: true; font.letterSpacing: 4
                        color: Theme.ink
                        background: Rectangle {
                            radius: 18; color: Theme.card; border.width: 4
                            border.color: kiosk.notice === "id_invalid" ? Theme.red
                                        : (idField.activeFocus ? Theme.blue : Theme.line)
                        }
                        onAccepted: kiosk.enter_id(text)
                        // back after the card refused it: the number is there to correct
                        Component.onCompleted: text = kiosk.view.typed_id || ""
                        // Digits go on at the end wherever the finger lands (like a PIN pad).
                        onCursorPositionChanged: if (cursorPosition !== length) cursorPosition = length
                        Text {   // how many of the 12 digits are there
                            id: count
                            objectName: "id_count"
                            anchors { right: parent.right; rightMargin: 22
                                      verticalCenter: parent.verticalCenter }
                            text: idField.length + "/12"
                            font.family: Theme.family; font.pixelSize: Theme.small
                            color: idField.length === 12 ? "#16a34a" : Theme.muted
                        }
                        Connections { target: kiosk
                                      // (not on a hint change: a card laid while typing
                                      // keeps the digits)
                                      function onStage_changed() {
                                          if (kiosk.stage !== "identify") idField.clear() } }
                    }
                    BigButton {
                        id: cont
                        objectName: "id_continue"
                        width: entry.columns === 1 ? entry.width : entry.buttonWidth
                        primary: true
                        opacity: idField.length === 12 ? 1.0 : 0.55
                        text: qsTrId("common.next") + "  ›"
                        onClicked: kiosk.enter_id(idField.text)
                    }
                    BigButton {   // while typing: put the keyboard away, show every way again
                        id: otherWays
                        objectName: "id_other_ways"
                        visible: root.typing
                        width: entry.columns === 2 ? idField.width : entry.buttonWidth
                        text: "‹  " + qsTrId("identify.type.other_ways")
                        onClicked: { idField.focus = false; Qt.inputMethod.hide() }
                    }
                }
            }
        }
    }

    Item {
        id: nav
        readonly property int buttonWidth: root.landscape ? 360 : (width - 40) / 2
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  margins: root.margin; bottomMargin: 48 }
        height: Math.max(back.implicitHeight, restart.implicitHeight)
        visible: !root.typing
        BigButton { id: back; objectName: "back"; width: nav.buttonWidth; height: nav.height
                    fontSize: root.landscape ? Theme.body : Theme.large
                    x: 0
                    y: root.landscape ? heading.y - nav.y : 0
                    text: "‹  " + qsTrId("common.back"); onClicked: kiosk.back() }
        BigButton { id: restart; objectName: "restart"; width: nav.buttonWidth; height: nav.height
                    fontSize: root.landscape ? Theme.body : Theme.large
                    accent: Theme.red
                    x: nav.width - width
                    y: root.landscape ? heading.y - nav.y : 0
                    text: qsTrId("common.restart"); onClicked: kiosk.restart() }
    }
}

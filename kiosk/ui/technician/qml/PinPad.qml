import QtQuick
import "../../kiosk/qml"

// The technician PIN: large keys, the digits shown only as dots.
Item {
    id: pad
    objectName: "pin_pad"
    // Landscape (1080 px high): smaller keys (96 px, still about 24 mm) so it all fits.
    readonly property bool compact: height < 1300
    readonly property bool closed: ["locked", "not_set", "invalid"].indexOf(
                                       technician.pin_message) >= 0

    function clock(seconds) {
        var s = seconds % 60
        return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s
    }
    function keyLabel(key) {
        return key === "erase" ? "⌫" : key === "ok" ? "✓" : key
    }
    function message() {
        switch (technician.pin_message) {
        case "wrong": return qsTrId("tech.pin.wrong").arg(technician.attempts_left)
        case "locked": return qsTrId("tech.pin.locked").arg(clock(technician.locked_seconds))
        case "not_set": return qsTrId("tech.pin.not_set")
        case "invalid": return qsTrId("tech.pin.invalid")
        }
        if (technician.checking) return qsTrId("tech.pin.checking")
        if (technician.dev_pin) return qsTrId("tech.pin.dev")
        return qsTrId("tech.pin.prompt")
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 860)
        height: box.implicitHeight + (pad.compact ? 56 : 96)
        radius: Theme.radius; color: "white"
        Column {
            id: box
            anchors.centerIn: parent
            width: parent.width - 96
            spacing: pad.compact ? 18 : 28
            Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
                   text: qsTrId("tech.pin.title")
                   Accessible.role: Accessible.Heading; Accessible.name: text
                   font.family: Theme.family; font.pixelSize: 52; font.bold: true
                   color: "#0a2f6b" }
            Rectangle {   // the typed digits, masked
                objectName: "pin_display"
                width: parent.width; height: pad.compact ? 84 : 120; radius: 20
                color: "#f1f5f9"; border.width: 3; border.color: "#94a3b8"
                Row {
                    anchors.centerIn: parent
                    spacing: 24
                    Repeater {
                        model: technician.pin_length
                        delegate: Rectangle { width: 36; height: 36; radius: 18; color: "#0f172a" }
                    }
                }
            }
            Text { objectName: "pin_message"; width: parent.width
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   text: pad.message()
                   font.family: Theme.family; font.pixelSize: 34
                   color: ["wrong", "locked", "not_set", "invalid"].indexOf(
                              technician.pin_message) >= 0 ? "#b91c1c" : "#334155" }
            Grid {
                anchors.horizontalCenter: parent.horizontalCenter
                columns: 3; spacing: 20
                opacity: pad.closed ? 0.35 : 1.0
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "ok"]
                    delegate: Rectangle {
                        required property string modelData
                        objectName: "pin_key_" + modelData
                        // by keypad and screen reader too; a digit is never said out loud
                        // on the loudspeaker (FocusSpeech reads `secret`)
                        readonly property bool secret: modelData !== "erase" && modelData !== "ok"
                        activeFocusOnTab: !pad.closed && !technician.checking
                        Accessible.role: Accessible.Button
                        Accessible.name: modelData === "erase" ? qsTrId("access.key.backspace")
                                         : modelData === "ok" ? qsTrId("access.key.enter")
                                         : modelData
                        Accessible.onPressAction: {
                            if (!key.enabled) return
                            if (modelData === "erase") technician.erase()
                            else if (modelData === "ok") technician.submit_pin()
                            else technician.digit(modelData)
                        }
                        width: Math.min(220, (box.width - 40) / 3)
                        height: pad.compact ? 96 : 140
                        radius: 24
                        color: key.pressed ? "#cbd5e1"
                                           : (modelData === "ok" ? "#1456b8" : "#e2e8f0")
                        Text {
                            anchors.centerIn: parent
                            text: pad.keyLabel(modelData)
                            font.family: Theme.family; font.pixelSize: pad.compact ? 52 : 64
                            font.bold: true
                            color: modelData === "ok" ? "white" : "#0f172a"
                        }
                        MouseArea {
                            id: key
                            anchors.fill: parent
                            enabled: !pad.closed && !technician.checking
                            onClicked: modelData === "erase" ? technician.erase()
                                       : modelData === "ok" ? technician.submit_pin()
                                       : technician.digit(modelData)
                        }
                    }
                }
            }
            BigButton { objectName: "pin_cancel"; width: parent.width
                        text: qsTrId("tech.cancel"); onClicked: technician.cancel() }
        }
    }
}

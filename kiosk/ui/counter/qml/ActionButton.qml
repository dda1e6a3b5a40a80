import QtQuick
import "."

// A desk button: its label, and the keyboard shortcut that does the same in a key cap.
Rectangle {
    id: root
    property alias text: label.text
    property string keys: ""
    property bool primary: false
    property color accent: Desk.blue
    signal clicked()

    implicitHeight: 46
    implicitWidth: label.implicitWidth + cap.width + 48
    radius: Desk.radius
    opacity: enabled ? 1.0 : 0.45
    color: primary ? (tap.pressed ? Qt.darker(accent, 1.25) : accent)
                   : (tap.pressed ? Desk.blueSoft : (tap.containsMouse ? "#f3f6fb" : Desk.card))
    border.width: primary ? 0 : 1
    border.color: primary ? accent : Desk.line
    // The keypad focuses it, a screen reader names it (and hears its key) and presses it.
    activeFocusOnTab: enabled
    Accessible.role: Accessible.Button
    Accessible.name: label.text
    Accessible.description: root.keys
    Accessible.onPressAction: if (root.enabled) root.clicked()

    Text {
        id: label
        anchors { left: parent.left; leftMargin: 14; right: cap.left; rightMargin: 8
                  verticalCenter: parent.verticalCenter }
        elide: Text.ElideRight
        font.family: Desk.family; font.pixelSize: Desk.body; font.bold: true
        color: root.primary ? "#ffffff" : root.accent
    }
    Rectangle {
        id: cap
        visible: root.keys !== ""
        anchors { right: parent.right; rightMargin: 10; verticalCenter: parent.verticalCenter }
        width: keyText.implicitWidth + 12; height: 22; radius: 4
        color: root.primary ? Qt.rgba(1, 1, 1, 0.18) : "#eef2f7"
        border.width: 1
        border.color: root.primary ? Qt.rgba(1, 1, 1, 0.4) : Desk.line
        Text {
            id: keyText
            anchors.centerIn: parent
            text: root.keys
            font.family: Desk.family; font.pixelSize: 12; font.bold: true
            color: root.primary ? "#ffffff" : Desk.muted
        }
    }
    MouseArea {
        id: tap
        anchors.fill: parent
        hoverEnabled: true
        enabled: root.enabled
        cursorShape: Qt.PointingHandCursor
        onClicked: root.clicked()
    }
}

import QtQuick
import QtQuick.Controls.Basic
import "."

// A labelled text box of the desk screens.
Column {
    id: root
    property alias label: caption.text
    property alias value: input.text
    property alias input: input
    property alias placeholder: input.placeholderText
    property bool secret: false
    spacing: 4

    Text {
        id: caption
        font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
        color: Desk.muted
    }
    TextField {
        id: input
        width: root.width
        height: 40
        echoMode: root.secret ? TextInput.Password : TextInput.Normal
        Accessible.name: caption.text
        font.family: Desk.family; font.pixelSize: Desk.body
        color: Desk.ink
        placeholderTextColor: "#94a3b8"
        leftPadding: 10
        background: Rectangle {
            radius: 6
            color: Desk.card
            border.width: input.activeFocus ? 2 : 1
            border.color: input.activeFocus ? Desk.blue : Desk.line
        }
    }
}

import QtQuick
import "."

// A large, high-contrast touch button; `primary` fills it with the accent colour.
Rectangle {
    id: root
    property alias text: label.text
    property bool primary: false
    property color accent: Theme.blue
    property int fontSize: Theme.large
    signal clicked()

    implicitHeight: Math.max(Theme.touch, label.implicitHeight + 48)
    implicitWidth: label.implicitWidth + 96
    radius: Theme.radius
    color: primary ? (tap.pressed ? Qt.darker(accent, 1.3) : accent)
                   : (tap.pressed ? Theme.sky : Theme.card)
    border.width: primary ? 0 : 4
    border.color: accent
    // The keypad focuses it, a screen reader names it (without the arrows) and presses it.
    activeFocusOnTab: true
    Accessible.role: Accessible.Button
    Accessible.name: label.text.replace(/[‹›]/g, "").replace(/\n/g, ". ").trim()
    Accessible.onPressAction: root.clicked()

    Text {
        id: label
        anchors.fill: parent
        anchors.margins: 24
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        font.family: Theme.family
        font.pixelSize: root.fontSize
        font.bold: true
        color: root.primary ? Theme.onAccent : root.accent
    }
    MouseArea { id: tap; anchors.fill: parent; onClicked: root.clicked() }
}

import QtQuick
import "."

// Back on the left, the main action on the right.
Item {
    id: root
    property alias actionText: action.text
    // Dimmed but still pressable: the screen explains what is missing instead of
    // leaving the citizen with a button that does nothing.
    property bool actionDimmed: false
    property bool showBack: true
    signal action()
    implicitHeight: Theme.touch
    BigButton { id: back; objectName: "back"; visible: root.showBack
                width: Math.max(340, implicitWidth)
                anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                text: "‹  " + qsTrId("common.back"); onClicked: kiosk.back() }
    BigButton { id: action; objectName: "action"; primary: true
                opacity: root.actionDimmed ? 0.55 : 1.0
                anchors { right: parent.right; top: parent.top; bottom: parent.bottom }
                // the rest of the row beside Back (which grows with large text), or all
                // of it (no left anchor: a width set by anchors would stay after Back returns)
                width: root.showBack ? Math.max(420, root.width - back.width - 40) : root.width
                onClicked: root.action() }
}

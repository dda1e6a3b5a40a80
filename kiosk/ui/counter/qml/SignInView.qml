import QtQuick
import "."

// Sign-in: user name, PIN and the counter number; Enter signs in.
Item {
    id: root
    objectName: "signin_view"

    function submit() { desk.sign_in(user.value, pin.value, counterField.value); pin.value = "" }
    Component.onCompleted: user.input.forceActiveFocus()   // type at once, no mouse needed

    Rectangle {
        anchors.centerIn: parent
        width: 440; height: box.implicitHeight + 56
        radius: Desk.radius; color: Desk.card
        border.width: 1; border.color: Desk.line

        Column {
            id: box
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 28 }
            spacing: 16
            Text {
                text: qsTrId("counter.signin.title")
                font.family: Desk.family; font.pixelSize: Desk.big; font.bold: true
                color: Desk.ink
            }
            Text {
                width: parent.width; wrapMode: Text.WordWrap
                text: qsTrId("counter.signin.hint")
                font.family: Desk.family; font.pixelSize: Desk.small; color: Desk.muted
            }
            Field {
                id: user
                objectName: "signin_user"
                width: parent.width
                label: qsTrId("counter.signin.user")
                input.objectName: "signin_user_input"
                input.onAccepted: pin.input.forceActiveFocus()
            }
            Field {
                id: pin
                objectName: "signin_pin"
                width: parent.width
                secret: true
                label: qsTrId("counter.signin.pin")
                input.objectName: "signin_pin_input"
                input.inputMethodHints: Qt.ImhDigitsOnly
                input.onAccepted: counterField.value !== "" ? root.submit()
                                                            : counterField.input.forceActiveFocus()
            }
            Field {
                id: counterField
                objectName: "signin_counter"
                width: parent.width
                label: qsTrId("counter.signin.counter")
                value: desk.counter
                input.objectName: "signin_counter_input"
                input.onAccepted: root.submit()
            }
            ActionButton {
                objectName: "signin_button"
                width: parent.width
                primary: true
                keys: "Enter"
                enabled: desk.busy === ""
                text: desk.busy === "sign_in" ? qsTrId("counter.signin.checking")
                                              : qsTrId("counter.signin.button")
                onClicked: root.submit()
            }
        }
    }
}

import QtQuick
import "."

// Thank you and goodbye; the screen clears itself after a few seconds (the visit's
// own clock wipes it; a touch gives more time), and a bar shows how long is left.
Item {
    id: root
    objectName: "done"
    readonly property var ticket: kiosk.view.ticket
    readonly property bool landscape: width > height
    readonly property int secondsLeft: kiosk.wipe_in  // follows the visit's own clock

    // Portrait: one column; landscape: the tick on the left of the words.
    Grid {
        anchors.centerIn: parent
        columns: root.landscape ? 2 : 1
        spacing: root.landscape ? 80 : 40
        verticalItemAlignment: Grid.AlignVCenter
        horizontalItemAlignment: Grid.AlignHCenter
        Rectangle {
            width: 220; height: 220; radius: 110; color: "#16a34a"
            border.width: Theme.contrast ? 6 : 0; border.color: "white"
            Text { anchors.centerIn: parent; text: "✓"; font.bold: true
                   color: "white"
                   font.pixelSize: 140 }
        }
        Column {
            width: root.landscape ? Math.min(root.width - 128 - 220 - 80, 1200)
                                  : Math.min(root.width - 128, 1200)
            spacing: root.landscape ? 32 : 40
            Text { width: parent.width; text: qsTrId("stage.done.title")
                   Accessible.role: Accessible.Heading; Accessible.name: text
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.title * 1.2; font.bold: true
                   color: Theme.navy }
            Text { objectName: "done_number"; width: parent.width
                   visible: root.ticket !== null
                   text: root.ticket ? qsTrId("done.number").arg(root.ticket.number) : ""
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                   color: Theme.red }
            Text { width: parent.width; text: qsTrId("stage.done.hint")
                   visible: !kiosk.view.take_card_back   // the card first (it fits on screen)
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
            TakeCardReminder { width: parent.width }   // while the card is still on the reader
            Column {
                width: parent.width
                spacing: 16
                Rectangle {
                    width: parent.width; height: 20; radius: 10; color: Theme.sky
                    Rectangle {
                        objectName: "wipe_bar"
                        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                        radius: 10; color: Theme.muted
                        width: parent.width * root.secondsLeft / Math.max(1, kiosk.done_wipe_s)
                        Behavior on width { NumberAnimation { duration: 1000 } }
                    }
                }
                Text { objectName: "wipe_hint"; width: parent.width
                       text: qsTrId("done.wipe").arg(root.secondsLeft)
                       horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                       font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.muted }
            }
            BigButton { objectName: "finish"; anchors.horizontalCenter: parent.horizontalCenter
                        width: 520; primary: true; text: qsTrId("done.finish")
                        onClicked: kiosk.restart() }
        }
    }
}

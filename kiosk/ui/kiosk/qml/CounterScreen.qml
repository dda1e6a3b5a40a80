import QtQuick
import "."

// Please go to the counter: said calmly, with the honest reason (the card's chip could
// not be verified, or the kiosk could not save the file), and a plain queue number.
Item {
    id: root
    objectName: "stage_counter"
    readonly property bool landscape: width > height

    // Portrait: one column; landscape: the picture on the left of the words.
    Grid {
        anchors.centerIn: parent
        columns: root.landscape ? 2 : 1
        spacing: root.landscape ? 72 : 48
        verticalItemAlignment: Grid.AlignVCenter
        horizontalItemAlignment: Grid.AlignHCenter
        Item {   // a member of staff behind a counter
            width: 260; height: 240
            Rectangle { anchors.horizontalCenter: parent.horizontalCenter; y: 0
                        width: 90; height: 90; radius: 45; color: Theme.blue }
            Rectangle { anchors.horizontalCenter: parent.horizontalCenter; y: 98
                        width: 160; height: 110; radius: 50; color: Theme.blue }
            Rectangle { anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter }
                        width: 260; height: 56; radius: 12; color: Theme.navy
                        border.width: Theme.contrast ? 3 : 0; border.color: "white" }
        }
        Column {
            width: root.landscape ? Math.min(root.width - 128 - 260 - 72, 1300)
                                  : Math.min(root.width - 128, 1300)
            spacing: root.landscape ? 28 : 48
            Text { width: parent.width; text: qsTrId("stage.counter.title")
                   Accessible.role: Accessible.Heading; Accessible.name: text
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
                   color: Theme.navy }
            Rectangle {
                objectName: "counter_reason"
                visible: kiosk.counter_reason !== ""
                width: parent.width; height: reason.implicitHeight + 56; radius: Theme.radius
                color: Theme.sky; border.width: Theme.contrast ? 3 : 0; border.color: "white"
                Text { id: reason; objectName: "reason_text"
                       anchors.centerIn: parent; width: parent.width - 64
                       readonly property var reasons: ({
                           "authenticity_failed": qsTrId("counter.reason.authenticity_failed"),
                           "submit_failed": qsTrId("counter.reason.submit_failed") })
                       text: reasons[kiosk.counter_reason] || ""
                       wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
                       font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink }
            }
            Text { width: parent.width; text: qsTrId("stage.counter.hint")
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
            Grid {
                anchors.horizontalCenter: parent.horizontalCenter
                columns: root.landscape ? 2 : 1
                spacing: 32
                readonly property int buttonWidth: root.landscape ? (parent.width - 32) / 2
                                                                  : parent.width
                BigButton { objectName: "counter_queue"; width: parent.buttonWidth; primary: true
                            text: qsTrId("counter.queue") + "  ›"; onClicked: kiosk.next() }
                BigButton { objectName: "restart"; width: parent.buttonWidth
                            text: qsTrId("done.finish"); onClicked: kiosk.restart() }
            }
        }
    }
}

import QtQuick
import "."

// A stage shown by its title and plain-words guidance, with Back and Start over.
Item {
    id: root
    objectName: "stage_" + kiosk.stage
    Column {
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                  margins: 64 }
        spacing: 40
        Text {
            width: parent.width
            text: qsTrId("stage." + kiosk.stage + ".title")
            Accessible.role: Accessible.Heading; Accessible.name: text
            wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
            font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
            color: kiosk.stage === "counter" ? Theme.red : Theme.navy
        }
        Text {
            objectName: "stage_hint"
            width: parent.width
            text: qsTrId(kiosk.hint_key)
            wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
            font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink
        }
    }
    Row {
        anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter
                  bottomMargin: 64 }
        spacing: 40
        BigButton { objectName: "back"; width: 420; text: "‹  " + qsTrId("common.back")
                    onClicked: kiosk.back() }
        BigButton { objectName: "restart"; width: 420; accent: Theme.red
                    text: qsTrId("common.restart"); onClicked: kiosk.restart() }
    }
}

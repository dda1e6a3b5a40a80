import QtQuick
import "."

// The queue services: which this counter handles (click to change) and how many wait.
Rectangle {
    id: root
    objectName: "queue_panel"
    radius: Desk.radius; color: Desk.card
    border.width: 1; border.color: Desk.line

    Text {
        id: title
        anchors { left: parent.left; top: parent.top; margins: 16 }
        text: qsTrId("counter.queue.title")
        font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
        font.capitalization: Font.AllUppercase; color: Desk.muted
    }
    Text {
        objectName: "waiting_total"
        anchors { right: parent.right; top: parent.top; margins: 16 }
        text: qsTrId("counter.queue.total").arg(desk.waiting_total)
        font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
        color: Desk.blue
    }
    ListView {
        id: list
        anchors { left: parent.left; right: parent.right; top: title.bottom; bottom: parent.bottom
                  leftMargin: 8; rightMargin: 8; topMargin: 8; bottomMargin: 8 }
        clip: true
        spacing: 2
        model: desk.services
        delegate: Rectangle {
            required property var modelData
            objectName: "service_" + modelData.code
            width: list.width; height: 34; radius: 6
            color: hover.containsMouse ? "#f3f6fb" : "transparent"
            Rectangle {
                id: box
                anchors { left: parent.left; leftMargin: 8; verticalCenter: parent.verticalCenter }
                width: 18; height: 18; radius: 4
                color: modelData.selected ? Desk.blue : Desk.card
                border.width: 1; border.color: modelData.selected ? Desk.blue : "#94a3b8"
                Text { anchors.centerIn: parent; visible: modelData.selected; text: "✓"
                       color: "#ffffff"; font.pixelSize: 13; font.bold: true }
            }
            Text {
                anchors { left: box.right; leftMargin: 10; right: count.left; rightMargin: 8
                          verticalCenter: parent.verticalCenter }
                elide: Text.ElideRight
                text: modelData.code + " · " + modelData.name
                font.family: Desk.family; font.pixelSize: Desk.body
                font.bold: modelData.selected
                color: modelData.selected ? Desk.ink : Desk.muted
            }
            Rectangle {
                id: count
                anchors { right: parent.right; rightMargin: 8; verticalCenter: parent.verticalCenter }
                width: Math.max(34, countText.implicitWidth + 14); height: 22; radius: 11
                color: modelData.waiting > 0 ? (modelData.selected ? Desk.blue : "#cbd5e1")
                                             : "#eef2f7"
                Text {
                    id: countText
                    anchors.centerIn: parent
                    text: modelData.waiting
                    font.family: Desk.family; font.pixelSize: 12; font.bold: true
                    color: modelData.waiting > 0 && modelData.selected ? "#ffffff" : Desk.ink
                }
            }
            MouseArea {
                id: hover
                anchors.fill: parent
                hoverEnabled: true
                cursorShape: Qt.PointingHandCursor
                onClicked: desk.toggle_service(modelData.code)
            }
        }
    }
}

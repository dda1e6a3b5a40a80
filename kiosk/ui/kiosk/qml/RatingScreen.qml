import QtQuick
import "."

// One to five stars; one touch and it is stored.
Item {
    objectName: "rating"
    Column {
        anchors.centerIn: parent
        width: parent.width - 96
        spacing: 56
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap; text: qsTrId("stage.rating.title")
               Accessible.role: Accessible.Heading; Accessible.name: text
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap; text: qsTrId("stage.rating.hint")
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 12
            Repeater {
                model: 5
                delegate: Rectangle {
                    required property int index
                    objectName: "star_" + (index + 1)
                    width: 170; height: 170; radius: 24; color: Theme.card
                    border.color: Theme.gold; border.width: 4
                    activeFocusOnTab: true
                    Accessible.role: Accessible.Button
                    Accessible.name: qsTrId("access.stars").arg(index + 1)
                    Accessible.onPressAction: kiosk.rate(index + 1)
                    Text { anchors.centerIn: parent; text: "★"; font.pixelSize: 120
                           color: Theme.gold }
                    Text { anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter }
                           text: index + 1; font.pixelSize: 28; font.bold: true
                           color: Theme.ink }
                    MouseArea { anchors.fill: parent; onClicked: kiosk.rate(index + 1) }
                }
            }
        }
        BigButton { objectName: "skip"; anchors.horizontalCenter: parent.horizontalCenter
                    width: 420; text: qsTrId("rating.skip"); onClicked: kiosk.skip_rating() }
    }
}

import QtQuick
import "."

Item {
    objectName: "language"
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 128, 900)
        spacing: 48
        Text {
            width: parent.width
            text: qsTrId("language.title")
            Accessible.role: Accessible.Heading; Accessible.name: text
            font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
            color: Theme.navy; horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            objectName: "choose_vi"
            width: parent.width; height: 180; primary: true
            fontSize: Theme.title
            text: qsTrId("language.vi")
            onClicked: kiosk.choose_language("vi")
        }
        BigButton {
            objectName: "choose_en"
            width: parent.width; height: 180
            fontSize: Theme.title
            text: qsTrId("language.en")
            onClicked: kiosk.choose_language("en")
        }
    }
    BigButton {
        objectName: "back"
        anchors { bottom: parent.bottom; left: parent.left; margins: 48 }
        width: Math.max(360, implicitWidth)
        text: "‹  " + qsTrId("common.back")
        onClicked: kiosk.back()
    }
}

import QtQuick
import "../../kiosk/qml"

// The technician menu: diagnostics, exit the app, back to the citizen screen.
Item {
    id: menu
    objectName: "technician_menu"
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 120, 900)
        spacing: 36
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap
               text: qsTrId("tech.menu.title")
               font.family: Theme.family; font.pixelSize: 60; font.bold: true; color: "white" }
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap
               text: qsTrId("tech.menu.wiped")
               font.family: Theme.family; font.pixelSize: 30; color: "#cbd5e1" }
        LanguageSwitch { anchors.horizontalCenter: parent.horizontalCenter }
        BigButton { objectName: "tech_diagnostics"; width: parent.width; primary: true
                    text: qsTrId("tech.menu.diagnostics"); onClicked: technician.open_diagnostics() }
        BigButton { objectName: "tech_citizen"; width: parent.width
                    text: qsTrId("tech.menu.citizen"); onClicked: technician.back_to_citizen() }
        BigButton { objectName: "tech_exit"; width: parent.width; primary: true
                    accent: "#b91c1c"
                    text: qsTrId("tech.menu.exit"); onClicked: technician.exit_app() }
    }
}

import QtQuick
import "."

// Tiếng Việt / English, on every screen.
Row {
    spacing: 12
    Repeater {
        model: ["vi", "en"]
        delegate: Rectangle {
            required property string modelData
            objectName: "switch_" + modelData
            width: 120; height: 96; radius: 48
            color: kiosk.language === modelData ? "white" : "transparent"
            border.width: 3; border.color: "white"
            activeFocusOnTab: true
            Accessible.role: Accessible.Button
            Accessible.name: modelData === "vi" ? qsTrId("language.vi") : qsTrId("language.en")
            Accessible.checkable: true; Accessible.checked: kiosk.language === modelData
            Accessible.onPressAction: kiosk.switch_language(modelData)
            Text {
                anchors.centerIn: parent
                text: modelData.toUpperCase()  // the language code, the same in every language
                font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                color: kiosk.language === modelData ? "#000000" : "white"
            }
            MouseArea { anchors.fill: parent; onClicked: kiosk.switch_language(modelData) }
        }
    }
}

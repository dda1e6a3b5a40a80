import QtQuick
import "."

// Idle screen: where the reader and the camera are, and a big way in.
Item {
    id: root
    objectName: "attract"
    readonly property bool landscape: width > height

    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 64 }
        spacing: 24
        Text {
            width: parent.width
            text: qsTrId("attract.welcome")
            Accessible.role: Accessible.Heading; Accessible.name: text
            font.family: Theme.family; font.pixelSize: Theme.title * 1.3; font.bold: true
            color: Theme.navy; horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "attract_prompt"
            width: parent.width
            text: qsTrId("attract.prompt")
            wrapMode: Text.WordWrap
            font.family: Theme.family; font.pixelSize: Theme.large
            color: Theme.ink; horizontalAlignment: Text.AlignHCenter
        }
    }

    Grid {
        id: guides
        anchors { top: heading.bottom; topMargin: 56; horizontalCenter: parent.horizontalCenter }
        columns: root.landscape ? 2 : 1
        spacing: 40
        readonly property int cardWidth: root.landscape ? (root.width - 3 * 64) / 2
                                                        : root.width - 2 * 64
        // Landscape: as tall as fits between the heading and the start button.
        readonly property int cardHeight: root.landscape
            ? Math.min(480, root.height - heading.height - 64 - 56 - Theme.touch - 64 - 40)
            : 520

        // The card reader: an ID card that keeps settling onto the reader.
        Rectangle {
            width: guides.cardWidth; height: guides.cardHeight
            radius: Theme.radius; color: Theme.card
            border.color: Theme.line; border.width: 2
            Item {
                id: readerArt
                anchors { left: parent.left; top: parent.top; bottom: parent.bottom
                          leftMargin: 40 }
                width: 320
                Rectangle {   // the reader pad
                    anchors { bottom: parent.bottom; bottomMargin: 60
                              horizontalCenter: parent.horizontalCenter }
                    width: 300; height: 60; radius: 14; color: Theme.navy
                    Rectangle { anchors.centerIn: parent; width: 120; height: 10; radius: 5
                                color: Theme.gold }
                }
                CardIcon {
                    id: card
                    anchors.horizontalCenter: parent.horizontalCenter
                    y: 40
                    SequentialAnimation on y {
                        loops: Animation.Infinite
                        NumberAnimation { from: 30; to: readerArt.height - 290; duration: 1400
                                          easing.type: Easing.InOutQuad }
                        PauseAnimation { duration: 900 }
                        NumberAnimation { to: 30; duration: 600; easing.type: Easing.OutQuad }
                    }
                }
            }
            Column {
                anchors { left: readerArt.right; right: parent.right; margins: 32
                          verticalCenter: parent.verticalCenter }
                spacing: 16
                Text { width: parent.width; text: qsTrId("attract.reader"); wrapMode: Text.WordWrap
                       font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                       color: Theme.navy }
                Text { width: parent.width; text: qsTrId("attract.reader_hint")
                       wrapMode: Text.WordWrap; font.family: Theme.family
                       font.pixelSize: Theme.body; color: Theme.muted }
                Text { text: "↓"; font.pixelSize: 96; color: Theme.red; font.bold: true }
            }
        }

        // The camera: the card's QR code inside a pulsing framing guide.
        Rectangle {
            width: guides.cardWidth; height: guides.cardHeight
            radius: Theme.radius; color: Theme.card
            border.color: Theme.line; border.width: 2
            Item {
                id: cameraArt
                anchors { left: parent.left; top: parent.top; bottom: parent.bottom
                          leftMargin: 40 }
                width: 320
                Rectangle {
                    id: frame
                    anchors.centerIn: parent
                    width: 270; height: 270; radius: 20
                    color: "transparent"; border.color: Theme.red; border.width: 6
                    SequentialAnimation on scale {
                        loops: Animation.Infinite
                        NumberAnimation { from: 1.0; to: 1.08; duration: 900
                                          easing.type: Easing.InOutSine }
                        NumberAnimation { from: 1.08; to: 1.0; duration: 900
                                          easing.type: Easing.InOutSine }
                    }
                }
                QrIcon { anchors.centerIn: parent }
            }
            Column {
                anchors { left: cameraArt.right; right: parent.right; margins: 32
                          verticalCenter: parent.verticalCenter }
                spacing: 16
                Text { width: parent.width; text: qsTrId("attract.camera"); wrapMode: Text.WordWrap
                       font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                       color: Theme.navy }
                Text { width: parent.width; text: qsTrId("attract.camera_hint")
                       wrapMode: Text.WordWrap; font.family: Theme.family
                       font.pixelSize: Theme.body; color: Theme.muted }
            }
        }
    }

    BigButton {
        objectName: "start"
        anchors { bottom: parent.bottom; bottomMargin: 64; left: parent.left
                  right: parent.right; leftMargin: 64; rightMargin: 64 }
        primary: true; accent: Theme.red
        text: qsTrId("attract.touch")
        onClicked: kiosk.start()
    }
}

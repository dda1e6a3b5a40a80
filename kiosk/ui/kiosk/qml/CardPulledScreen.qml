import QtQuick
import "."

// The card left the reader before the chip was read: put it back (the read goes on),
// continue with what the QR already gave, or start over.
Item {
    id: root
    objectName: "card_pulled"
    readonly property bool landscape: width > height

    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 64
                  topMargin: root.landscape ? 40 : 64 }
        spacing: 20
        Text { width: parent.width; text: qsTrId("stage.card_pulled.title")
               Accessible.role: Accessible.Heading; Accessible.name: text
               wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { width: parent.width; text: qsTrId("stage.card_pulled.hint")
               wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
    }

    Grid {
        anchors { top: heading.bottom; topMargin: root.landscape ? 36 : 64
                  horizontalCenter: parent.horizontalCenter }
        columns: root.landscape ? 2 : 1
        spacing: root.landscape ? 64 : 48
        readonly property int paneWidth: root.landscape ? (root.width - 128 - 64) / 2
                                                        : root.width - 128

        // Put it back: the card hovers over the reader, an arrow points down.
        Rectangle {
            objectName: "put_back"
            width: parent.paneWidth; height: root.landscape ? 560 : 620
            radius: Theme.radius; color: Theme.card; border.width: 2; border.color: Theme.line
            ReaderArt {
                id: art
                anchors { top: parent.top; topMargin: 32; horizontalCenter: parent.horizontalCenter }
                mode: "lifted"
                width: root.landscape ? 340 : 400; height: width
            }
            Text { anchors { top: art.bottom; topMargin: 24; left: parent.left; right: parent.right
                             margins: 40 }
                   text: qsTrId("card_pulled.put_back"); wrapMode: Text.WordWrap
                   horizontalAlignment: Text.AlignHCenter
                   font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                   color: Theme.navy }
        }

        // Or: continue without the chip, or start over.
        Column {
            width: parent.paneWidth
            spacing: 28
            Text { width: parent.width; text: qsTrId("card_pulled.or")
                   horizontalAlignment: Text.AlignHCenter
                   font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                   color: Theme.muted; visible: !root.landscape }
            BigButton {
                objectName: "continue_qr"
                width: parent.width; primary: true
                text: qsTrId("card_pulled.continue") + "  ›"
                onClicked: kiosk.next()
            }
            Text { width: parent.width; text: qsTrId("card_pulled.continue_hint")
                   wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
                   font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
            Item { width: 1; height: 12 }
            BigButton {
                objectName: "restart"
                width: parent.width; accent: Theme.red
                text: qsTrId("common.restart")
                onClicked: kiosk.restart()
            }
        }
    }
}

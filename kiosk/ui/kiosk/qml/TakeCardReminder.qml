import QtQuick
import "."

// "Take your ID card back": shown at the end of a visit (ticket and thank-you screens)
// while the card is still on the reader (kiosk.view.take_card_back); it goes away as
// soon as the card is lifted. The screen that includes it places and sizes it.
Rectangle {
    id: root
    objectName: "take_card_reminder"
    visible: !!kiosk.view.take_card_back
    height: Math.max(icon.height, words.implicitHeight) + 48
    radius: Theme.radius
    color: Theme.contrast ? "#000000" : "#fff4d6"
    border.width: 5; border.color: Theme.gold

    Item {   // the drawn card, half size, lifting off the reader
        id: icon
        x: 32; anchors.verticalCenter: parent.verticalCenter
        width: 150; height: 95
        CardIcon {
            transformOrigin: Item.TopLeft; scale: 0.5
            SequentialAnimation on y {
                running: root.visible; loops: Animation.Infinite
                NumberAnimation { from: 0; to: -14; duration: 600; easing.type: Easing.OutQuad }
                NumberAnimation { from: -14; to: 0; duration: 600; easing.type: Easing.InQuad }
                PauseAnimation { duration: 500 }
            }
        }
    }
    Column {
        id: words
        anchors { left: icon.right; leftMargin: 32; right: parent.right; rightMargin: 32
                  verticalCenter: parent.verticalCenter }
        spacing: 6
        Text { objectName: "take_card_text"; width: parent.width
               text: qsTrId("take_card.title"); wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
               color: Theme.contrast ? Theme.navy : "#7a4a00" }
        Text { width: parent.width
               text: qsTrId("take_card.detail"); wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.body
               color: Theme.ink }
    }
}

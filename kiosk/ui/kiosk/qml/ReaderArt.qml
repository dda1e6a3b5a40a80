import QtQuick
import "."

// The card reader drawn below the screen, with an ID card:
//   "tap"     the card keeps settling onto the reader (where to put it);
//   "on"      the card lies on the reader (it was sensed);
//   "reading" the card lies on the reader while waves pulse (do not remove it);
//   "lifted"  the card hovers above the reader and an arrow asks to put it back.
Item {
    id: root
    property string mode: "tap"
    implicitWidth: 320; implicitHeight: 320
    readonly property real k: Math.min(width / 320, height / 320)
    readonly property real restY: pad.y - card.height * card.scale + 26 * k

    Rectangle {   // the reader pad
        id: pad
        anchors { bottom: parent.bottom; bottomMargin: 20 * root.k
                  horizontalCenter: parent.horizontalCenter }
        width: 300 * root.k; height: 56 * root.k; radius: 14 * root.k; color: Theme.navy
        border.width: Theme.contrast ? 3 : 0; border.color: "white"
        Rectangle { anchors.centerIn: parent; width: 120 * root.k; height: 10 * root.k
                    radius: 5 * root.k; color: root.mode === "reading" ? "#22c55e" : Theme.gold }
    }

    Repeater {   // radio waves while the chip is read
        model: root.mode === "reading" ? 3 : 0
        delegate: Rectangle {
            required property int index
            anchors.centerIn: card
            width: card.width * card.scale; height: width * 0.64
            radius: 30 * root.k; color: "transparent"
            border.width: 5 * root.k; border.color: Theme.blue
            opacity: 0
            SequentialAnimation on scale {
                loops: Animation.Infinite
                PauseAnimation { duration: index * 450 }
                NumberAnimation { from: 1.0; to: 1.45; duration: 1350 }
            }
            SequentialAnimation on opacity {
                loops: Animation.Infinite
                PauseAnimation { duration: index * 450 }
                NumberAnimation { from: 0.8; to: 0.0; duration: 1350 }
            }
        }
    }

    CardIcon {
        id: card
        anchors.horizontalCenter: parent.horizontalCenter
        scale: 0.8 * root.k
        transformOrigin: Item.Top
        y: root.mode === "lifted" ? 0 : root.restY
        SequentialAnimation on y {
            running: root.mode === "tap"
            loops: Animation.Infinite
            NumberAnimation { from: 0; to: root.restY; duration: 1400
                              easing.type: Easing.InOutQuad }
            PauseAnimation { duration: 900 }
            NumberAnimation { to: 0; duration: 600; easing.type: Easing.OutQuad }
        }
        SequentialAnimation on y {
            running: root.mode === "lifted"
            loops: Animation.Infinite
            NumberAnimation { from: 0; to: 16 * root.k; duration: 800; easing.type: Easing.InOutSine }
            NumberAnimation { from: 16 * root.k; to: 0; duration: 800; easing.type: Easing.InOutSine }
        }
    }

    Text {   // put it back
        visible: root.mode === "lifted"
        anchors { horizontalCenter: parent.horizontalCenter; bottom: pad.top
                  bottomMargin: 2 * root.k }
        text: "↓"; color: Theme.red; font.bold: true; font.pixelSize: 84 * root.k
    }
}

import QtQuick
import "."

// The chip is being read: three steps (unlock, identity, photo), a progress bar fed by
// the read's own progress, and a clear "do not remove the card".
Item {
    id: root
    objectName: "reading"
    readonly property bool landscape: width > height
    readonly property var phases: ["unlock", "identity", "photo"]
    readonly property var labels: [qsTrId("reading.step.unlock"), qsTrId("reading.step.identity"),
                                   qsTrId("reading.step.photo")]
    readonly property int current: Math.max(0, phases.indexOf(kiosk.read_phase))

    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 64
                  topMargin: root.landscape ? 40 : 64 }
        spacing: 20
        Text { width: parent.width; text: qsTrId("stage.reading_card.title")
               Accessible.role: Accessible.Heading; Accessible.name: text
               wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { width: parent.width; text: qsTrId("stage.reading_card.hint")
               wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
    }

    Item {
        id: area
        anchors { top: heading.bottom; bottom: parent.bottom; left: parent.left
                  right: parent.right }
    }
    Grid {
        anchors.centerIn: area
        columns: root.landscape ? 2 : 1
        spacing: root.landscape ? 80 : 56
        readonly property int paneWidth: root.landscape ? (root.width - 128 - 80) / 2
                                                        : root.width - 128

        // The card on the reader, and the warning not to lift it.
        Column {
            width: parent.paneWidth
            spacing: 32
            ReaderArt {
                anchors.horizontalCenter: parent.horizontalCenter
                mode: "reading"
                width: root.landscape ? 360 : 420; height: width
            }
            Rectangle {
                objectName: "keep_card"
                width: parent.width; height: keep.implicitHeight + 48; radius: Theme.radius
                color: Theme.contrast ? "#000000" : "#fff4d6"
                border.width: 4; border.color: Theme.gold
                Text { id: keep; anchors.centerIn: parent; width: parent.width - 56
                       text: "⚠  " + qsTrId("reading.keep"); wrapMode: Text.WordWrap
                       horizontalAlignment: Text.AlignHCenter
                       font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                       color: Theme.contrast ? Theme.gold : "#7a4b00" }
            }
        }

        // The steps and the bar.
        Column {
            width: parent.paneWidth
            spacing: 28
            Repeater {
                model: root.phases
                delegate: Row {
                    id: step
                    required property string modelData
                    required property int index
                    readonly property bool done: index < root.current
                    readonly property bool active: index === root.current
                    objectName: "step_" + modelData
                    spacing: 28
                    Rectangle {
                        width: 84; height: 84; radius: 42
                        color: step.done ? "#16a34a" : (step.active ? Theme.blue : Theme.sky)
                        border.width: step.active || step.done ? 0 : 3; border.color: Theme.line
                        Text { anchors.centerIn: parent; font.family: Theme.family
                               font.pixelSize: 40; font.bold: true
                               text: step.done ? "✓" : step.index + 1
                               color: step.done || step.active ? Theme.onAccent : Theme.muted }
                        Rectangle {   // the active step breathes
                            anchors.centerIn: parent; width: parent.width + 20; height: width
                            radius: width / 2; color: "transparent"; visible: step.active
                            border.width: 4; border.color: Theme.blue
                            SequentialAnimation on opacity {
                                running: step.active; loops: Animation.Infinite
                                NumberAnimation { from: 1; to: 0.1; duration: 700 }
                                NumberAnimation { from: 0.1; to: 1; duration: 700 }
                            }
                        }
                    }
                    Text { anchors.verticalCenter: parent.verticalCenter
                           width: step.parent.width - 112; wrapMode: Text.WordWrap
                           text: root.labels[step.index]
                           font.family: Theme.family; font.pixelSize: Theme.large
                           font.bold: step.active
                           color: step.done || step.active ? Theme.ink : Theme.muted }
                }
            }
            Item { width: 1; height: 12 }
            Rectangle {
                objectName: "read_bar"
                width: parent.width; height: 48; radius: 24
                color: Theme.sky; border.width: Theme.contrast ? 3 : 0; border.color: "white"
                Rectangle {
                    objectName: "read_bar_fill"
                    anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                    width: Math.max(parent.height, parent.width * kiosk.read_fraction)
                    radius: parent.radius; color: Theme.blue
                }
            }
            Text { objectName: "read_percent"; width: parent.width
                   horizontalAlignment: Text.AlignHCenter
                   text: Math.round(kiosk.read_fraction * 100) + " %"
                   font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                   color: Theme.muted }
        }
    }
}

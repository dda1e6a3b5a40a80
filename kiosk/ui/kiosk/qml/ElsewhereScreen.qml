import QtQuick
import "."

// This center cannot take the file for this citizen (the procedure is received only
// where they live, and they live elsewhere): said before anything is filled, with
// where to go instead, and a plain queue number to ask at a counter.
Item {
    id: root
    objectName: "stage_elsewhere"
    readonly property var info: kiosk.view.elsewhere || ({ level: "", go_to: [], from_form: false })

    Flickable {
        anchors { top: parent.top; bottom: buttons.top; left: parent.left; right: parent.right
                  margins: root.width > root.height ? 40 : 64 }
        contentHeight: body.height; clip: true
        onMovementStarted: kiosk.activity()
        Column {
            id: body
            width: parent.width
            spacing: 36
            Text { width: parent.width; text: qsTrId("stage.elsewhere.title")
                   wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
                   color: Theme.navy
                   Accessible.role: Accessible.Heading; Accessible.name: text }
            Text { objectName: "elsewhere_why"; width: parent.width; wrapMode: Text.WordWrap
                   text: (root.info.level === "province" ? qsTrId("stage.elsewhere.province")
                          : qsTrId("stage.elsewhere.commune")).arg(kiosk.view.procedure)
                   font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
            Rectangle {
                width: parent.width; height: places.height + 56; radius: Theme.radius
                color: Theme.sky; border.width: Theme.contrast ? 3 : 0; border.color: "white"
                Column {
                    id: places
                    x: 32; y: 28; width: parent.width - 64; spacing: 14
                    Text { text: qsTrId("stage.elsewhere.go"); width: parent.width
                           font.family: Theme.family; font.pixelSize: Theme.body
                           color: Theme.ink }
                    Repeater {
                        model: root.info.go_to
                        delegate: Text { required property string modelData
                                         required property int index
                                         objectName: "elsewhere_place_" + index
                                         width: places.width; wrapMode: Text.WordWrap
                                         text: modelData
                                         font.family: Theme.family; font.pixelSize: Theme.large
                                         font.bold: true; color: Theme.navy }
                    }
                }
            }
        }
    }
    Grid {   // landscape: side by side, so the places keep the height
        id: buttons
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: 64 }
        columns: root.width > root.height ? 2 : 1
        layoutDirection: columns === 2 ? Qt.RightToLeft : Qt.LeftToRight  // Back on the left
        spacing: 24
        readonly property real cell: columns === 2 ? (width - spacing) / 2 : width
        BigButton { objectName: "elsewhere_queue"; width: parent.cell; primary: true
                    text: qsTrId("stage.elsewhere.queue") + "  ›"; onClicked: kiosk.next() }
        BigButton { objectName: "back"; width: parent.cell
                    text: "‹  " + (root.info.from_form ? qsTrId("stage.elsewhere.fix")
                                                       : qsTrId("stage.elsewhere.other"))
                    onClicked: kiosk.back() }
    }
}

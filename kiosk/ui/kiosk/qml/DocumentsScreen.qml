import QtQuick
import "."

// The documents step: each paper the procedure asks for, laid under the document camera
// (taken by itself once it lies still, or with "Chụp ngay"), or brought as the original
// to the counter. The pages taken show under the camera; a tap on ✕ deletes one (to take
// it again). The ID card itself needs no copy when the chip was read.
Item {
    id: root
    objectName: "stage_documents"
    readonly property bool landscape: width > height
    readonly property var paperList: kiosk.view.papers || []
    readonly property int current: kiosk.view.paper_index || 0
    readonly property var paper: paperList.length > current ? paperList[current] : null
    readonly property int margin: landscape ? 40 : 56

    function statusText(status, pages) {
        switch (status) {
        case "attached": return qsTrId("documents.status.attached").arg(pages)
        case "original": return qsTrId("documents.status.original")
        case "chip": return qsTrId("documents.status.chip")
        case "none": return qsTrId("documents.status.none")
        default: return qsTrId("documents.status.missing")
        }
    }
    function statusColor(status) {
        return status === "missing" ? Theme.red : status === "none" ? Theme.muted : Theme.navy
    }

    // Landscape: the heading and hint head the left column only, so the camera on the
    // right takes the screen's whole height down to the buttons.
    readonly property real leftWidth: (width - 2 * margin) * (landscape ? 0.42 : 1)
    Text {
        id: heading
        objectName: "documents_title"
        anchors { top: parent.top; left: parent.left; margins: root.margin }
        width: root.leftWidth
        text: qsTrId("documents.title")
        wrapMode: Text.WordWrap
        font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
        color: Theme.navy
        Accessible.role: Accessible.Heading; Accessible.name: text
    }
    Text {
        id: hint
        objectName: "documents_hint"
        anchors { top: heading.bottom; topMargin: 12; left: heading.left }
        width: root.leftWidth
        wrapMode: Text.WordWrap
        text: kiosk.notice === "documents_missing" ? qsTrId("documents.missing")
                                                   : qsTrId("documents.hint")
        font.family: Theme.family; font.pixelSize: Theme.body
        color: kiosk.notice === "documents_missing" ? Theme.red : Theme.muted
    }

    // Portrait: the papers, the camera, the pages, the buttons, one under another.
    // Landscape: the papers and buttons on the left under the hint; the camera and the
    // pages taken fill the right from the heading down.
    Item {
        id: body
        anchors { top: root.landscape ? heading.top : hint.bottom
                  topMargin: root.landscape ? 0 : 24; left: parent.left; right: parent.right
                  bottom: nav.top; bottomMargin: 24; leftMargin: root.margin
                  rightMargin: root.margin }
        readonly property int gap: 20
        readonly property real side: root.leftWidth
        readonly property real pagesRoom: pages.height + (pages.visible ? gap : 0)
        // where the left column starts: under the hint in landscape
        readonly property real leftTop: root.landscape ? hint.y + hint.height + 24 - y : 0

        Flickable {   // the papers: tap one to take it now
            id: listBox
            x: 0; y: body.leftTop; width: body.side
            height: root.landscape ? body.height - body.leftTop - actions.height - body.gap
                                   : Math.min(list.implicitHeight, body.height * 0.3)
            contentHeight: list.implicitHeight; clip: true
            onMovementStarted: kiosk.activity()
            Column {
                id: list
                width: parent.width
                spacing: 12
                Repeater {
                    model: root.paperList
                    delegate: Rectangle {
                        required property var modelData
                        required property int index
                        objectName: "paper_" + index
                        activeFocusOnTab: true   // the keypad reaches it (select: choose)
                        width: list.width
                        height: Math.max(Theme.touch, row.implicitHeight + 28)
                        radius: 18
                        color: index === root.current ? Theme.sky : Theme.card
                        border.width: index === root.current ? 4 : 2
                        border.color: index === root.current ? Theme.blue : Theme.line
                        Accessible.role: Accessible.Button
                        Accessible.name: modelData.name + ". " + root.statusText(
                                             modelData.status, modelData.pages.length)
                        Accessible.onPressAction: papers.choose(index)
                        Column {
                            id: row
                            x: 24; y: 14; width: parent.width - 48; spacing: 6
                            Text { width: parent.width; wrapMode: Text.WordWrap
                                   text: modelData.name
                                   font.family: Theme.family; font.pixelSize: Theme.body
                                   font.bold: index === root.current; color: Theme.ink }
                            Text { objectName: "paper_status_" + index
                                   text: root.statusText(modelData.status, modelData.pages.length)
                                   font.family: Theme.family; font.pixelSize: Theme.small
                                   font.bold: true; color: root.statusColor(modelData.status) }
                        }
                        TapHandler { onTapped: papers.choose(index) }
                    }
                }
            }
        }
        CameraView {
            id: camera
            objectName: "documents_camera"
            x: root.landscape ? body.side + body.gap : 0
            y: root.landscape ? 0 : listBox.height + body.gap
            width: root.landscape ? body.width - body.side - body.gap : body.width
            height: root.landscape ? body.height - body.pagesRoom
                                   : body.height - listBox.height - body.pagesRoom
                                     - actions.height - 2 * body.gap
            hint: root.paper ? qsTrId("documents.camera").arg(root.paper.name) : ""
            waitingText: qsTrId("documents.camera_waiting")
            seenText: qsTrId("documents.camera_seen")
        }
        Row {   // the pages of the paper taken now: ✕ deletes one (to take it again)
            id: pages
            objectName: "paper_pages"
            x: camera.x
            y: camera.y + camera.height + body.gap
            spacing: 16
            height: root.paper && root.paper.pages.length > 0 ? 200 : 0
            visible: height > 0
            Repeater {
                model: root.paper ? root.paper.pages : []
                delegate: Item {
                    required property string modelData
                    required property int index
                    width: 141; height: 200
                    Image { anchors.fill: parent; source: "image://pages/" + parent.modelData
                            fillMode: Image.PreserveAspectFit; cache: false
                            objectName: "page_" + parent.index }
                    Rectangle {
                        objectName: "page_delete_" + parent.index
                        activeFocusOnTab: true
                        anchors { right: parent.right; top: parent.top; margins: -12 }
                        width: 64; height: 64; radius: 32; color: Theme.red
                        Accessible.role: Accessible.Button
                        Accessible.name: qsTrId("documents.delete").arg(parent.index + 1)
                        Accessible.onPressAction: papers.delete_page(parent.modelData)
                        Text { anchors.centerIn: parent; text: "✕"
                               color: Theme.contrast ? "#000000" : "#ffffff"
                               font.pixelSize: 32; font.bold: true }
                        TapHandler { onTapped: papers.delete_page(parent.parent.modelData) }
                    }
                }
            }
        }
        Grid {   // take now, colour or black and white, bring the original
            id: actions
            x: 0; y: body.height - height
            width: body.side
            columns: 3
            spacing: 20
            readonly property real cell: (width - (columns - 1) * spacing) / columns
            BigButton { objectName: "paper_take"; width: actions.cell; fontSize: Theme.body
                        text: qsTrId("documents.take"); onClicked: papers.take_now() }
            BigButton { objectName: "paper_black_white"; width: actions.cell
                        fontSize: Theme.body
                        primary: root.paper !== null && root.paper.black_white
                        text: root.paper !== null && root.paper.black_white
                              ? qsTrId("documents.black_white_on")
                              : qsTrId("documents.black_white_off")
                        onClicked: papers.toggle_black_white() }
            BigButton { objectName: "paper_original"; width: actions.cell
                        fontSize: Theme.body
                        text: qsTrId("documents.original")
                        onClicked: papers.bring_original() }
        }
    }

    Row {
        id: nav
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right
                  margins: root.margin; bottomMargin: 48 }
        spacing: 24
        readonly property real cell: (width - spacing) / 2
        BigButton { objectName: "back"; width: nav.cell
                    text: "‹  " + qsTrId("common.back"); onClicked: kiosk.back() }
        BigButton { objectName: "paper_continue"; width: nav.cell; primary: true
                    text: qsTrId("common.next") + "  ›"; onClicked: kiosk.next() }
    }
}

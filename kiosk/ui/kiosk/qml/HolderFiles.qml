import QtQuick
import "."

// The card holder's files (issue 18), the procedure list's header: asked of the central service
// when the card was read before a procedure was chosen (holderFiles, off the UI thread).
// Nothing shows when no card was read; offline it says so, and the visit goes on below.
Column {
    id: root
    objectName: "holder_files"
    visible: holderFiles.state !== ""
    height: visible ? implicitHeight : 0  // a list's header: no room while hidden
    bottomPadding: visible ? 12 : 0
    spacing: 12

    Text {
        width: parent.width
        text: qsTrId("holder.title")
        Accessible.role: Accessible.Heading; Accessible.name: text
        font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
        color: Theme.navy
    }
    Text {
        objectName: "holder_note"
        width: parent.width; wrapMode: Text.WordWrap
        visible: holderFiles.state !== "shown"
        text: holderFiles.state === "loading" ? qsTrId("holder.loading")
              : holderFiles.state === "unavailable" ? qsTrId("holder.unavailable")
              : holderFiles.state === "none" ? qsTrId("holder.none") : ""
        Accessible.role: Accessible.StaticText; Accessible.name: text
        font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted
    }
    Repeater {
        model: holderFiles.files
        delegate: Rectangle {
            id: row
            required property var modelData
            required property int index
            objectName: "holder_file_" + index
            width: root.width
            height: lines.implicitHeight + 32
            radius: Theme.radius / 2
            color: Theme.card
            border.width: 3
            border.color: row.modelData.standing === "late" ? Theme.red : Theme.line
            Accessible.role: Accessible.StaticText
            Accessible.name: name.text + ". " + step.text + ". " + dates.text
                             + (row.modelData.code !== ""
                                ? ". " + qsTrId("holder.code").arg(row.modelData.code) : "")
            Column {
                id: lines
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
                spacing: 6
                Text { id: name; width: parent.width; wrapMode: Text.WordWrap
                       text: row.modelData.procedure
                       font.family: Theme.family; font.pixelSize: Theme.small; font.bold: true
                       color: Theme.ink }
                Text { id: step; objectName: "holder_step_" + row.index
                       width: parent.width; wrapMode: Text.WordWrap
                       text: qsTrId("holder.step." + row.modelData.step) + "  ·  "
                             + qsTrId("holder.standing." + row.modelData.standing)
                       font.family: Theme.family; font.pixelSize: Theme.small
                       color: row.modelData.standing === "late" ? Theme.red : Theme.blue }
                Text { id: dates; width: parent.width; wrapMode: Text.WordWrap
                       text: qsTrId("holder.due").arg(row.modelData.due) + "  ·  "
                             + qsTrId("holder.received").arg(row.modelData.received)
                       font.family: Theme.family; font.pixelSize: Theme.small
                       color: Theme.muted }
                Text { width: parent.width; wrapMode: Text.WordWrap
                       visible: row.modelData.code !== ""
                       text: qsTrId("holder.code").arg(row.modelData.code)
                       font.family: Theme.family; font.pixelSize: Theme.small
                       color: Theme.muted }
            }
        }
    }
    Text {
        width: parent.width; wrapMode: Text.WordWrap
        visible: holderFiles.state !== "loading"
        text: qsTrId("holder.new")
        font.family: Theme.family; font.pixelSize: Theme.small; font.italic: true
        color: Theme.ink
    }
}

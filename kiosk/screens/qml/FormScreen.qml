import QtQuick
import QtQuick.Controls
import "."

// The autofilled form: each value marked with where it came from.
Item {
    id: root
    objectName: "form"
    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 48 }
        spacing: 12
        Text { width: parent.width; text: qsTrId("stage.form.title"); wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { width: parent.width; text: kiosk.view.procedure; wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
        Text { width: parent.width; text: qsTrId("stage.form.hint"); wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
    }
    ListView {
        id: fields
        objectName: "fields"
        anchors { top: heading.bottom; bottom: nav.top; left: parent.left; right: parent.right
                  margins: 48 }
        clip: true; spacing: 22
        model: kiosk.view.fields
        onMovementStarted: kiosk.activity()
        // After "Continue", bring the first field with a problem into view.
        function showFirstProblem() {
            var rows = kiosk.view.fields;
            for (var i = 0; i < rows.length; i++)
                if (rows[i].problem !== "") { positionViewAtIndex(i, ListView.Contain); return; }
        }
        Connections { target: kiosk; function onView_changed() { fields.showFirstProblem() } }
        delegate: Column {
            id: row
            required property var modelData
            width: fields.width
            spacing: 8
            Row {
                spacing: 16
                Text { text: row.modelData.label + (row.modelData.required ? " *" : "")
                       font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                       color: Theme.ink }
                Rectangle {
                    visible: row.modelData.source !== ""
                    height: 44; width: badge.implicitWidth + 28; radius: 22
                    color: row.modelData.source === "chip" ? "#0f7b3f"
                         : row.modelData.source === "qr" ? "#9a6700" : Theme.muted
                    Text { id: badge; anchors.centerIn: parent; color: "white"
                           font.family: Theme.family; font.pixelSize: 24; font.bold: true
                           text: row.modelData.source === "" ? ""
                                 : qsTrId("form.source." + row.modelData.source) }
                }
            }
            TextField {
                objectName: "field_" + row.modelData.name
                width: parent.width; height: Theme.touch
                text: row.modelData.value
                font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
                leftPadding: 28
                background: Rectangle { radius: 18; color: Theme.card; border.width: 3
                    border.color: row.modelData.problem !== "" ? Theme.red
                                : (parent.activeFocus ? Theme.blue : Theme.line) }
                onEditingFinished: kiosk.edit_field(row.modelData.name, text)
            }
            Text { visible: row.modelData.problem !== ""; width: parent.width
                   text: row.modelData.problem; wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.red }
        }
    }
    NavBar {
        id: nav
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: 48 }
        actionText: qsTrId("common.next") + "  ›"
        onAction: kiosk.confirm_form()
    }
}

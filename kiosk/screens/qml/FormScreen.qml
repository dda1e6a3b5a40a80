import QtQuick
import QtQuick.Controls
import "."

// The autofilled form: each value marked with where it came from. A field's problem
// arrives as a code (kiosk.forms.PROBLEM_CODES) and is worded here, through the Qt
// catalogs ("form.problem.<code>": %1 the field's label, %2 the length limit).
Item {
    id: root
    objectName: "form"
    function problemWords(field) {
        if (field.problem === "")
            return "";
        var words = qsTrId("form.problem." + field.problem).arg(field.label);
        return field.problem === "too_long" ? words.arg(field.problem_limit) : words;
    }
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
        Rectangle {   // after "Continue" with problems: say so above the list
            objectName: "form_invalid"
            visible: kiosk.notice === "form_invalid"
            width: parent.width; height: visible ? invalid.implicitHeight + 36 : 0
            radius: 18; color: Theme.contrast ? "#000000" : "#fdecec"
            border.width: 3; border.color: Theme.red
            Text { id: invalid; objectName: "form_invalid_text"
                   x: 18; y: 18; width: parent.width - 36
                   text: qsTrId("form.invalid"); wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                   color: Theme.red }
        }
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
        onHeightChanged: showFirstProblem()   // the problem banner above took some room
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
            Flow {   // a choice is touched, not typed
                visible: row.modelData.kind === "choice"
                width: parent.width; spacing: 16
                Repeater {
                    model: row.modelData.kind === "choice" ? row.modelData.choices : []
                    delegate: BigButton {
                        required property var modelData
                        objectName: "choice_" + row.modelData.name + "_" + index
                        required property int index
                        text: row.modelData.choice_words[index]  // the value sent stays Vietnamese
                        fontSize: Theme.body
                        primary: row.modelData.value === modelData
                        onClicked: kiosk.edit_field(row.modelData.name, modelData)
                    }
                }
            }
            TextField {
                objectName: "field_" + row.modelData.name
                visible: row.modelData.kind !== "choice"
                width: parent.width; height: visible ? Theme.touch : 0
                text: row.modelData.value
                font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
                leftPadding: 28
                background: Rectangle { radius: 18; color: Theme.card; border.width: 3
                    border.color: row.modelData.problem !== "" ? Theme.red
                                : (parent.activeFocus ? Theme.blue : Theme.line) }
                onEditingFinished: kiosk.edit_field(row.modelData.name, text)
            }
            Text { objectName: "problem_" + row.modelData.name
                   visible: row.modelData.problem !== ""; width: parent.width
                   text: root.problemWords(row.modelData); wrapMode: Text.WordWrap
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

import QtQuick
import QtQuick.Controls.Basic
import "."

// F11: record a step of the shown citizen's file. First the step (keys 1-5), then, for
// a step that needs one, the reason (keys 1-9 from the data file) and/or the officer's
// own words (a picked reason puts the focus in the note box); Enter there records
// (desk.record_file_event), as does "Record". Esc closes without recording.
Popup {
    id: root
    objectName: "file_step_popup"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 560
    modal: true; focus: true
    padding: 20
    property string kind: ""      // "" while the step is being chosen
    property int chosen: -1       // the reason picked from the list
    readonly property var step: fileSteps.steps.filter(function(s) {
        return s.kind === root.kind })[0]

    function start() { kind = ""; chosen = -1; note.value = ""; open(); steps.forceActiveFocus() }
    function pick(row) {
        if (row.needs_reason) { kind = row.kind; chosen = -1; reasons.forceActiveFocus() }
        else { close(); desk.record_file_event(row.kind, -1, "") }
    }
    function record() {
        if (chosen < 0 && note.value.trim() === "") return
        close(); desk.record_file_event(kind, chosen, note.value)
    }
    function stepText(kind) {
        switch (kind) {
        case "additional_documents_requested": return qsTrId("counter.file.more_documents")
        case "documents_supplied": return qsTrId("counter.file.documents_supplied")
        case "result_ready": return qsTrId("counter.file.result_ready")
        case "refused": return qsTrId("counter.file.refused")
        case "withdrawn": return qsTrId("counter.file.withdrawn")
        default: return kind
        }
    }

    background: Rectangle { radius: Desk.radius; color: Desk.card
                            border.width: 1; border.color: Desk.line }
    contentItem: Item {
        implicitHeight: root.kind === "" ? steps.implicitHeight : reasons.implicitHeight
        Column {
            id: steps
            objectName: "file_step_list"
            visible: root.kind === ""
            width: parent.width
            spacing: 8
            focus: visible
            Keys.onPressed: function(event) {
                var index = event.key - Qt.Key_1
                if (index >= 0 && index < fileSteps.steps.length) {
                    root.pick(fileSteps.steps[index]); event.accepted = true
                }
            }
            Text {
                text: qsTrId("counter.file.title")
                font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
                color: Desk.ink
            }
            Repeater {
                model: fileSteps.steps
                delegate: ActionButton {
                    required property var modelData
                    required property int index
                    objectName: "file_step_" + modelData.kind
                    width: steps.width
                    keys: String(index + 1)
                    accent: modelData.kind === "refused" ? Desk.red : Desk.blue
                    text: root.stepText(modelData.kind)
                    onClicked: root.pick(modelData)
                }
            }
        }
        Column {
            id: reasons
            objectName: "file_reason_list"
            visible: root.kind !== ""
            width: parent.width
            spacing: 8
            Keys.onPressed: function(event) {
                var index = event.key - Qt.Key_1
                // a reason picked: the focus goes to the note box, where Enter records
                // (Enter elsewhere is the desk keypad's "select")
                if (root.step && index >= 0 && index < root.step.reasons.length) {
                    root.chosen = index; note.input.forceActiveFocus(); event.accepted = true
                }
            }
            Text {
                width: parent.width; wrapMode: Text.WordWrap
                text: root.stepText(root.kind) + " — " + qsTrId("counter.file.reason")
                font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
                color: Desk.ink
            }
            Repeater {
                model: root.step ? root.step.reasons : []
                delegate: ActionButton {
                    required property var modelData
                    required property int index
                    objectName: "file_reason_" + index
                    width: reasons.width
                    keys: String(index + 1)
                    primary: root.chosen === index
                    text: modelData
                    onClicked: root.chosen = index
                }
            }
            Field {
                id: note
                input.objectName: "file_reason_note"
                width: parent.width
                label: qsTrId("counter.file.note")
                input.onAccepted: root.record()
            }
            ActionButton {
                objectName: "file_step_record"
                width: parent.width
                primary: true
                enabled: root.chosen >= 0 || note.value.trim() !== ""
                keys: "Enter"
                text: qsTrId("counter.file.record")
                onClicked: root.record()
            }
        }
    }
}

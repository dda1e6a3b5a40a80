import QtQuick
import QtQuick.Controls
import "."

// One row of the form: the label (and where the value came from), the input, the problem.
// A choice is touched (buttons); free text goes in a box that wraps, so a long address
// shows whole, from its start; numbers, dates and phone numbers in a one-line box with
// the matching keyboard. Every keystroke goes to the visit (kiosk.edit_field): nothing
// typed is lost when "Continue" is touched while the box still has focus, or when the
// list makes the row again. While the citizen types, the box keeps its own text (the
// visit tidies spaces: "Lê " must not lose its space under the finger); when the box
// lets go of the focus it shows the visit's value again, from its start.
Column {
    id: row
    property var field: ({})
    property string problemText: ""
    readonly property bool editing: input.item !== null && input.item.activeFocus
    readonly property bool typed: field.kind !== "choice" && field.kind !== "address"
    // What a screen reader and the keypad's voice say of the box: its label, then
    // "required" and the problem, if any.
    readonly property string accessibleName: field.label || ""
    readonly property string accessibleDescription: [field.required ? qsTrId("access.required") : "",
                                                     problemText].filter(Boolean).join(". ")
    signal next()      // ⏎ on the keyboard
    signal pickAddress()  // "Chọn lại" / "Chọn địa chỉ": the picker opens for this field
    signal focused()   // the box got the focus, or grew while typing: keep it in view
    spacing: 8
    onHeightChanged: if (editing) focused()   // the box grew a line: keep it in view

    function focusInput() { if (input.item !== null) input.item.forceActiveFocus() }
    function normal(text) {
        return text.split(/\s+/).filter(function (word) { return word !== "" }).join(" ")
    }

    Row {
        spacing: 16
        Text { text: (row.field.label || "") + (row.field.required ? " *" : "")
               font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
               color: Theme.ink }
        Rectangle {
            objectName: "badge_" + row.field.name
            visible: (row.field.source || "") !== ""
            height: 44; width: badge.implicitWidth + 28; radius: 22
            color: Theme.badge(row.field.source || "")
            Text { id: badge; objectName: "badge_text_" + row.field.name
                   anchors.centerIn: parent; color: Theme.onBadge
                   font.family: Theme.family; font.pixelSize: 24; font.bold: true
                   text: (row.field.source || "") === "" ? ""
                         : qsTrId("form.source." + row.field.source) }
        }
    }
    Flow {   // a choice is touched, not typed
        visible: !row.typed
        width: parent.width; spacing: 16
        Repeater {
            model: row.typed ? [] : row.field.choices
            delegate: BigButton {
                required property var modelData
                required property int index
                objectName: "choice_" + row.field.name + "_" + index
                text: row.field.choice_words[index]  // the value sent stays Vietnamese
                fontSize: Theme.body
                primary: row.field.value === modelData
                Accessible.checkable: true; Accessible.checked: primary
                Accessible.description: row.accessibleName
                onClicked: kiosk.edit_field(row.field.name, modelData)
            }
        }
    }
    AddressBlock {   // an address: the card's text, today's units, a split ward's choice
        visible: row.field.kind === "address"
        width: parent.width
        field: row.field
        onPick: row.pickAddress()
    }
    Loader {
        id: input
        width: parent.width
        active: row.typed
        sourceComponent: row.field.kind === "text" ? wrapping : oneLine
    }
    Text { objectName: "problem_" + (row.field.name || "")
           visible: (row.field.problem || "") !== ""; width: parent.width
           text: row.problemText; wrapMode: Text.WordWrap
           font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.red }

    // The visit's value, and what both boxes share.
    readonly property string value: field.value || ""
    readonly property bool flagged: (field.problem || "") !== ""
    // A value from outside (the card, a language switch) replaces what the box shows,
    // unless it is what the citizen is typing, spaces tidied.
    function refresh(box) { if (!box.activeFocus || normal(box.text) !== value) box.text = value }
    // Every keystroke out: what the box holds is what the visit holds.
    function commit(box) { if (normal(box.text) !== value) kiosk.edit_field(field.name, box.text) }
    function focusChanged(box) {
        if (box.activeFocus) { focused(); return }
        box.text = value
        box.cursorPosition = 0   // a long value shows from its start
    }

    Component {
        id: wrapping
        TextArea {
            id: area
            objectName: "field_" + row.field.name
            width: input.width
            height: Math.max(Theme.touch, implicitHeight)
            wrapMode: TextEdit.Wrap
            Accessible.name: row.accessibleName
            Accessible.description: row.accessibleDescription
            selectByMouse: false   // a drag on the box scrolls the form
            inputMethodHints: Qt.ImhNoPredictiveText
            font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
            leftPadding: 28; rightPadding: 28
            topPadding: Math.max(16, (Theme.touch - font.pixelSize * 1.2) / 2)
            bottomPadding: topPadding
            background: Rectangle {
                radius: 18; color: Theme.card; border.width: area.activeFocus ? 4 : 3
                border.color: row.flagged ? Theme.red : (area.activeFocus ? Theme.blue : Theme.line)
            }
            Component.onCompleted: text = row.value
            Connections { target: row; function onValueChanged() { row.refresh(area) } }
            onTextChanged: if (activeFocus) row.commit(area)
            onActiveFocusChanged: row.focusChanged(area)
            // ⏎ ends this field (free text is one line of words, wrapped on the screen).
            Keys.onReturnPressed: (event) => { event.accepted = true; row.next() }
            Keys.onEnterPressed: (event) => { event.accepted = true; row.next() }
        }
    }
    Component {
        id: oneLine
        TextField {
            id: line
            objectName: "field_" + row.field.name
            width: input.width
            height: Theme.touch
            clip: true
            Accessible.name: row.accessibleName
            Accessible.description: row.accessibleDescription
            selectByMouse: false
            inputMethodHints: row.field.kind === "phone"
                ? Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
                : row.field.kind === "date" ? Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
                : Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
            font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
            leftPadding: 28; rightPadding: 28
            background: Rectangle {
                radius: 18; color: Theme.card; border.width: line.activeFocus ? 4 : 3
                border.color: row.flagged ? Theme.red : (line.activeFocus ? Theme.blue : Theme.line)
            }
            Component.onCompleted: text = row.value
            Connections { target: row; function onValueChanged() { row.refresh(line) } }
            onTextEdited: row.commit(line)
            onActiveFocusChanged: row.focusChanged(line)
            onAccepted: row.next()
        }
    }
}

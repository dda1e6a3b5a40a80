import QtQuick
import QtQuick.Controls
import "."

// The autofilled form: each value marked with where it came from. A field's problem
// arrives as a code (kiosk.core.forms.PROBLEM_CODES) and is worded here, through the Qt
// catalogs ("form.problem.<code>": %1 the field's label, %2 the length limit).
Item {
    id: root
    objectName: "form"
    function problemWords(field) {
        if (!field.problem)
            return "";
        var words = qsTrId("form.problem." + field.problem).arg(field.label);
        return field.problem === "too_long" ? words.arg(field.problem_limit) : words;
    }
    // The on-screen keyboard is up: the form gives it the room below and keeps the
    // field being typed into, and "Continue", in view above it. In landscape the
    // heading steps aside and "Continue" moves beside the fields.
    readonly property bool landscape: width > height
    readonly property bool typing: Qt.inputMethod.visible
    readonly property int keyboardRoom: typing
        ? Math.max(0, Math.min(height, Qt.inputMethod.keyboardRectangle.height)) : 0
    readonly property bool compact: typing && landscape
    readonly property int margin: typing ? 24 : 48

    Column {
        id: heading
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 48 }
        visible: !root.compact
        spacing: 12
        Text { width: parent.width; text: qsTrId("stage.form.title"); wrapMode: Text.WordWrap
               Accessible.role: Accessible.Heading; Accessible.name: text
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
        anchors { top: root.compact ? parent.top : heading.bottom
                  bottom: root.compact ? parent.bottom : nav.top
                  left: parent.left; right: root.compact ? nav.left : parent.right
                  margins: root.margin; leftMargin: 48; rightMargin: root.compact ? 32 : 48
                  bottomMargin: root.compact ? root.keyboardRoom + root.margin : root.margin }
        clip: true; spacing: 22
        // The rows stay while the citizen types: the model is the number of fields (it
        // changes only with the procedure), each row reads its field from the view.
        model: kiosk.view.fields.length
        onMovementStarted: { kiosk.activity(); showProblem = false }
        property int editing: -1         // the row whose box has the focus
        property bool showProblem: false // after "Continue": the first problem in view
        // Bring row ``i`` whole into view; a row taller than the list shows its end
        // while it is typed into (the box and its cursor), else its start.
        function reveal(i, mode) {
            if (i < 0 || i >= count)
                return;
            var row = itemAtIndex(i);
            if (row !== null && row.height > height)
                mode = row.editing ? ListView.End : ListView.Beginning;
            positionViewAtIndex(i, mode);
        }
        function showFirstProblem() {
            var rows = kiosk.view.fields;
            for (var i = 0; i < rows.length; i++)
                if (rows[i].problem !== "") { reveal(i, ListView.Beginning); return; }
        }
        // The list changed size (the keyboard came or went, the banner appeared):
        // keep the citizen's place, the field being typed into or the first problem.
        onHeightChanged: Qt.callLater(keepPlace)
        Connections { target: kiosk
                      function onView_changed() { if (fields.showProblem) fields.showFirstProblem() } }
        function keepPlace() {
            if (editing >= 0 && root.typing) reveal(editing, ListView.Contain);
            else if (showProblem) showFirstProblem();
        }
        // ⏎ in row ``i``: on to the next box, or put the keyboard away after the last.
        function advance(i) {
            var rows = kiosk.view.fields;
            for (var j = i + 1; j < rows.length; j++) {
                if (rows[j].kind !== "choice" && rows[j].kind !== "address") {
                    reveal(j, ListView.Contain);
                    var next = itemAtIndex(j);
                    if (next !== null) { next.focusInput(); return; }
                }
            }
            Qt.inputMethod.hide();
        }
        delegate: FormField {
            required property int index
            width: fields.width
            field: kiosk.view.fields[index] || ({})
            problemText: root.problemWords(field)
            onFocused: { fields.editing = index; fields.showProblem = false
                         Qt.callLater(fields.reveal, index, ListView.Contain) }
            onEditingChanged: if (!editing && fields.editing === index) fields.editing = -1
            onNext: fields.advance(index)
            onPickAddress: picker.open(field.name, (field.address || {}).street || "")
        }
    }
    NavBar {
        id: nav
        objectName: "form_nav"
        anchors { bottom: parent.bottom; right: parent.right; margins: root.margin
                  rightMargin: 48; bottomMargin: root.keyboardRoom + root.margin }
        width: root.compact ? Math.max(420, parent.width * 0.26) : parent.width - 96
        showBack: !root.compact
        actionText: qsTrId("common.next") + "  ›"
        onAction: {
            Qt.inputMethod.commit()   // a word still being composed goes in first
            fields.showProblem = true
            fields.showFirstProblem()
            kiosk.confirm_form()      // may leave this screen: nothing after it
        }
    }
    AddressPicker { id: picker; anchors.fill: parent; z: 10 }
}

import QtQuick
import QtQuick.Controls
import "."

// Choose an address in today's units: the province, then the commune, ward or special
// zone (searched as typed, with or without accents, on the on-screen keyboard), then
// the street part as free text. It covers the form while open; "Xong" sends the choice
// to the visit (places.pick), "Hủy" leaves the form as it was.
Rectangle {
    id: picker
    objectName: "address_picker"
    property string field: ""        // the form field being chosen
    property string step: "province" // province → ward → street
    property var province: ({ code: "", name: "" })
    property var ward: ({ code: "", name: "" })
    property var wards: []
    readonly property bool atProvince: step === "province"
    readonly property bool atWard: step === "ward"
    readonly property bool atStreet: step === "street"
    color: Theme.paper
    visible: field !== ""

    function open(name, street) {
        field = name; step = "province"; search.text = ""; streetBox.text = street || ""
        wards = []
    }
    function close() { Qt.inputMethod.hide(); field = "" }
    function refresh() { wards = places.wards(province.code, search.text) }
    // A province (then its wards are listed) or a ward (then the street is asked).
    function choose(unit) {
        kiosk.activity()
        if (atProvince) {
            province = unit; step = "ward"; search.text = ""; refresh()
        } else {
            ward = unit; step = "street"; Qt.inputMethod.hide()
        }
    }
    MouseArea { anchors.fill: parent }   // nothing under the picker takes a touch

    Column {
        id: head
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 48 }
        spacing: 16
        Text { width: parent.width; wrapMode: Text.WordWrap
               text: picker.atProvince ? qsTrId("picker.province.title")
                     : picker.atWard ? qsTrId("picker.ward.title")
                     : qsTrId("picker.street.title")
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy
               Accessible.role: Accessible.Heading; Accessible.name: text }
        Text { width: parent.width; wrapMode: Text.WordWrap
               visible: picker.step !== "province"
               text: picker.atStreet ? [picker.ward.name, picker.province.name].join(", ")
                                     : picker.province.name
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
        TextField {
            id: search
            objectName: "ward_search"
            visible: picker.step === "ward"
            width: parent.width; height: Theme.touch
            placeholderText: qsTrId("picker.ward.search")
            Accessible.name: qsTrId("picker.ward.title")
            Accessible.description: placeholderText
            inputMethodHints: Qt.ImhNoPredictiveText
            font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
            leftPadding: 28; rightPadding: 28
            background: Rectangle { radius: 18; color: Theme.card; border.width: 3
                                    border.color: search.activeFocus ? Theme.blue : Theme.line }
            onTextEdited: picker.refresh()
        }
        TextField {
            id: streetBox
            objectName: "street"
            visible: picker.step === "street"
            Accessible.name: qsTrId("picker.street.title")
            Accessible.description: qsTrId("picker.street.hint")
            width: parent.width; height: Theme.touch
            inputMethodHints: Qt.ImhNoPredictiveText
            font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink
            leftPadding: 28; rightPadding: 28
            background: Rectangle { radius: 18; color: Theme.card; border.width: 3
                                    border.color: streetBox.activeFocus ? Theme.blue : Theme.line }
            onTextEdited: kiosk.activity()
            onAccepted: done.clicked()
        }
        Text { width: parent.width; wrapMode: Text.WordWrap
               visible: picker.step === "street" || (picker.step === "ward"
                                                      && picker.wards.length === 0)
               text: picker.atStreet ? qsTrId("picker.street.hint")
                                     : qsTrId("picker.ward.none")
               font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
    }
    GridView {
        id: list
        objectName: "picker_list"
        visible: picker.step !== "street"
        anchors { top: head.bottom; bottom: nav.top; left: parent.left; right: parent.right
                  margins: 48
                  bottomMargin: 24 + (Qt.inputMethod.visible
                      ? Math.max(0, Qt.inputMethod.keyboardRectangle.height - nav.height - 48) : 0) }
        clip: true
        cellWidth: width / Math.max(1, Math.floor(width / 420))
        cellHeight: Theme.touch + 24
        model: picker.step === "province" ? places.provinces() : picker.wards
        onMovementStarted: kiosk.activity()
        delegate: Item {
            required property var modelData
            width: list.cellWidth; height: list.cellHeight
            BigButton {
                objectName: (picker.step === "province" ? "province_" : "ward_") + parent.modelData.code
                anchors { fill: parent; margins: 10 }
                fontSize: Theme.body
                text: parent.modelData.name
                // later: the list is rebuilt under the finger, not inside its own click
                onClicked: Qt.callLater(picker.choose, parent.modelData)
            }
        }
    }
    Row {
        id: nav
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: 48
                  bottomMargin: 48 + (Qt.inputMethod.visible && picker.step === "street"
                      ? Qt.inputMethod.keyboardRectangle.height : 0) }
        spacing: 40
        height: Theme.touch
        BigButton { objectName: "picker_cancel"; width: (parent.width - 40) / 2
                    height: parent.height
                    text: picker.atProvince ? qsTrId("picker.cancel")
                                            : "‹  " + qsTrId("common.back")
                    onClicked: {
                        kiosk.activity()
                        if (picker.step === "street") picker.step = "ward"
                        else if (picker.step === "ward") picker.step = "province"
                        else picker.close()
                    } }
        BigButton { id: done; objectName: "picker_done"; width: (parent.width - 40) / 2
                    height: parent.height; primary: true
                    visible: picker.step === "street"
                    text: qsTrId("picker.done")
                    onClicked: {
                        Qt.inputMethod.commit()
                        places.pick(picker.field, picker.ward.code, streetBox.text)
                        picker.close()
                    } }
    }
}

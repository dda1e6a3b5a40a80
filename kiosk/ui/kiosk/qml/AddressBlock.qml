import QtQuick
import "."

// An address on the form. A card issued before 1 July 2025 names units that no longer
// exist: the card's text stays ("Trên thẻ"), today's address stands beside it ("Hiện
// nay"). A ward split among several new ones shows them as buttons (never a guess);
// "Chọn lại" opens the picker for any other place. An address with no card text is
// chosen through the picker.
Column {
    id: block
    property var field: ({})
    readonly property var address: field.address || ({ on_card: "", now: "", status: "",
                                                       street: "", candidates: [] })
    readonly property bool fromCard: address.on_card !== ""
    readonly property bool split: address.status === "ambiguous"
    signal pick()
    spacing: 12

    Text { visible: block.fromCard && block.address.status !== "unchanged"
           width: parent.width; wrapMode: Text.WordWrap
           text: qsTrId("form.address.on_card") + ": " + block.address.on_card
           objectName: "address_card_" + (block.field.name || "")
           font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
    Rectangle {
        width: parent.width; height: now.implicitHeight + 36; radius: 18
        color: Theme.card; border.width: 3
        border.color: (block.field.problem || "") !== "" ? Theme.red : Theme.line
        Text { id: now; objectName: "address_now_" + (block.field.name || "")
               x: 24; y: 18; width: parent.width - 48; wrapMode: Text.WordWrap
               text: block.address.now !== ""
                     ? (block.fromCard && block.address.status !== "unchanged"
                        ? qsTrId("form.address.now") + ": " : "") + block.address.now
                     : block.split ? qsTrId("form.address.split")
                     : block.fromCard ? qsTrId("form.address.unknown") : "—"
               font.family: Theme.family; font.pixelSize: Theme.body
               font.bold: block.address.now !== ""; color: Theme.ink }
    }
    Text { visible: block.address.status === "converted"
           width: parent.width; wrapMode: Text.WordWrap
           text: qsTrId("form.address.changed")
           font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
    Flow {
        width: parent.width; spacing: 16
        Repeater {
            model: block.split ? block.address.candidates : []
            delegate: BigButton {
                required property var modelData
                objectName: "address_" + block.field.name + "_" + modelData.code
                text: modelData.name
                fontSize: Theme.body
                onClicked: places.pick(block.field.name, modelData.code, block.address.street)
            }
        }
        BigButton {
            objectName: "address_change_" + (block.field.name || "")
            fontSize: Theme.body
            text: block.split ? qsTrId("form.address.other")
                  : block.address.now !== "" ? qsTrId("form.address.change")
                  : qsTrId("form.address.choose")
            onClicked: block.pick()
        }
    }
}

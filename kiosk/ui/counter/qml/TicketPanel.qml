import QtQuick
import QtQuick.Controls.Basic
import "."

// The ticket at the desk, big, and what staff can do with it (buttons and F keys).
Rectangle {
    id: root
    objectName: "ticket_panel"
    radius: Desk.radius; color: Desk.card
    border.width: 1; border.color: Desk.line
    implicitHeight: column.implicitHeight + 32

    readonly property var ticket: desk.ticket_view
    readonly property bool hasTicket: ticket.label !== undefined
    readonly property bool called: hasTicket && ticket.state === "called"
    readonly property bool idle: desk.busy === ""

    Shortcut { id: nextKey; sequence: "F2"; onActivated: desk.call_next() }
    Shortcut { id: recallKey; sequence: "F3"; onActivated: desk.recall() }
    Shortcut { id: completeKey; sequence: "F4"; onActivated: desk.complete() }
    Shortcut { id: skipKey; sequence: "F6"; onActivated: desk.skip() }
    Shortcut { id: noShowKey; sequence: "F7"; onActivated: desk.no_show() }
    Shortcut { id: transferKey; sequence: "F8"; onActivated: root.openTransfer() }

    function openTransfer() { if (root.called && root.idle) transfer.open() }

    Column {
        id: column
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
        spacing: 12

        Row {
            width: parent.width
            Text {
                width: parent.width - badge.width
                text: qsTrId("counter.ticket.title")
                font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
                font.capitalization: Font.AllUppercase; color: Desk.muted
            }
            Rectangle {
                id: badge
                visible: root.hasTicket
                width: badgeText.implicitWidth + 16; height: 22; radius: 11
                color: root.called ? Desk.greenSoft : Desk.amberSoft
                Text {
                    id: badgeText
                    anchors.centerIn: parent
                    text: root.called ? qsTrId("counter.ticket.state_called")
                                      : qsTrId("counter.ticket.state_skipped")
                    font.family: Desk.family; font.pixelSize: 12; font.bold: true
                    color: root.called ? Desk.green : Desk.amber
                }
            }
        }
        Item {
            width: parent.width; height: 120
            Text {
                objectName: "ticket_label"
                anchors.centerIn: parent
                text: root.hasTicket ? root.ticket.label : "– – –"
                font.family: Desk.family; font.bold: true
                font.pixelSize: root.hasTicket ? Desk.ticket : 56
                color: root.hasTicket ? (root.called ? Desk.blue : Desk.amber) : Desk.line
            }
        }
        Text {
            objectName: "ticket_service"
            width: parent.width; horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
            text: root.hasTicket ? root.ticket.service_name + " · "
                                   + qsTrId("counter.ticket.calls").arg(root.ticket.calls)
                                 : qsTrId("counter.ticket.none")
            font.family: Desk.family; font.pixelSize: Desk.body; color: Desk.muted
        }
        ActionButton {
            objectName: "action_next"
            width: parent.width; height: 52
            primary: true
            enabled: root.idle && !root.called
            keys: nextKey.nativeText
            text: desk.busy === "call" ? qsTrId("counter.action.calling")
                                       : qsTrId("counter.action.next")
            onClicked: desk.call_next()
        }
        Grid {
            width: parent.width
            columns: 2; columnSpacing: 8; rowSpacing: 8
            readonly property real cell: (width - columnSpacing) / 2
            ActionButton {
                objectName: "action_recall"; width: parent.cell
                enabled: root.idle && root.hasTicket
                keys: recallKey.nativeText
                text: qsTrId("counter.action.recall")
                onClicked: desk.recall()
            }
            ActionButton {
                objectName: "action_complete"; width: parent.cell
                enabled: root.idle && root.called
                accent: Desk.green
                keys: completeKey.nativeText
                text: qsTrId("counter.action.complete")
                onClicked: desk.complete()
            }
            ActionButton {
                objectName: "action_skip"; width: parent.cell
                enabled: root.idle && root.called
                accent: Desk.amber
                keys: skipKey.nativeText
                text: qsTrId("counter.action.skip")
                onClicked: desk.skip()
            }
            ActionButton {
                objectName: "action_no_show"; width: parent.cell
                enabled: root.idle && root.called
                accent: Desk.red
                keys: noShowKey.nativeText
                text: qsTrId("counter.action.no_show")
                onClicked: desk.no_show()
            }
        }
        ActionButton {
            objectName: "action_transfer"; width: parent.width
            enabled: root.idle && root.called
            keys: transferKey.nativeText
            text: qsTrId("counter.action.transfer")
            onClicked: root.openTransfer()
        }
    }

    Popup {
        id: transfer
        objectName: "transfer_popup"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 420
        modal: true; focus: true
        padding: 20
        background: Rectangle { radius: Desk.radius; color: Desk.card
                                border.width: 1; border.color: Desk.line }
        contentItem: Column {
            objectName: "transfer_list"
            spacing: 8
            focus: true
            Keys.onPressed: function(event) {
                var index = event.key - Qt.Key_1
                var options = targets.model
                if (index >= 0 && index < options.length) {
                    transfer.close()
                    desk.transfer(options[index].code)
                    event.accepted = true
                }
            }
            Text {
                text: qsTrId("counter.transfer.title")
                font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
                color: Desk.ink
            }
            Repeater {
                id: targets
                model: desk.services.filter(function(s) {
                    return !root.hasTicket || s.code !== root.ticket.service })
                delegate: ActionButton {
                    required property var modelData
                    required property int index
                    objectName: "transfer_" + modelData.code
                    width: 380
                    keys: String(index + 1)
                    text: modelData.code + " · " + modelData.name
                    onClicked: { transfer.close(); desk.transfer(modelData.code) }
                }
            }
        }
    }
}

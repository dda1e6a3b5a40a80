import QtQuick
import QtQuick.VirtualKeyboard
import "."
import "../../qt/qml"

// The staff counter window: top bar (counter, staff, link, clock, language, sign-out),
// the sign-in form or the desk (ticket + queue on the left, citizen on the right),
// and a status line. Screens only display and call `desk` slots (intentions).
Rectangle {
    id: root
    objectName: "counter_main"
    width: 1366; height: 768
    color: Desk.page

    function messageText(key) {
        switch (key) {
        case "signin.missing": return qsTrId("counter.msg.signin_missing")
        case "signin.bad_counter": return qsTrId("counter.msg.signin_bad_counter")
        case "signin.wrong_pin": return qsTrId("counter.msg.signin_wrong_pin")
        case "signin.not_allowed": return qsTrId("counter.msg.signin_not_allowed")
        case "signin.locked": return qsTrId("counter.msg.signin_locked")
        case "signin.offline": return qsTrId("counter.msg.signin_offline")
        case "signin.failed": return qsTrId("counter.msg.signin_failed")
        case "signin.device": return qsTrId("counter.msg.signin_device")
        case "signin.welcome": return qsTrId("counter.msg.signin_welcome").arg(desk.staff_name)
        case "signout.done": return qsTrId("counter.msg.signout_done")
        case "signout.finish_first": return qsTrId("counter.msg.signout_finish_first")
        case "call.finish_first": return qsTrId("counter.msg.call_finish_first")
        case "call.no_services": return qsTrId("counter.msg.call_no_services")
        case "call.nobody": return qsTrId("counter.msg.call_nobody")
        case "call.offline": return qsTrId("counter.msg.call_offline")
        case "call.failed": return qsTrId("counter.msg.call_failed")
        case "call.called": return qsTrId("counter.msg.call_called")
        case "call.resumed": return qsTrId("counter.msg.call_resumed")
        case "action.refused": return qsTrId("counter.msg.action_refused")
        case "action.not_called": return qsTrId("counter.msg.action_not_called")
        case "action.failed": return qsTrId("counter.msg.action_failed")
        case "action.recall": return qsTrId("counter.msg.action_recall")
        case "action.skip": return qsTrId("counter.msg.action_skip")
        case "action.complete": return qsTrId("counter.msg.action_complete")
        case "action.no_show": return qsTrId("counter.msg.action_no_show")
        case "action.transfer": return qsTrId("counter.msg.action_transfer")
        case "transfer.same": return qsTrId("counter.msg.transfer_same")
        case "lookup.bad_input": return qsTrId("counter.msg.lookup_bad_input")
        case "lookup.offline": return qsTrId("counter.msg.lookup_offline")
        case "lookup.wrong_can": return qsTrId("counter.msg.lookup_wrong_can")
        case "lookup.card_failed": return qsTrId("counter.msg.lookup_card_failed")
        case "lookup.not_genuine": return qsTrId("counter.msg.lookup_not_genuine")
        case "lookup.failed": return qsTrId("counter.msg.lookup_failed")
        case "lookup.wiped": return qsTrId("counter.msg.lookup_wiped")
        case "lookup.not_cccd": return qsTrId("counter.msg.lookup_not_cccd")
        case "file.failed": return qsTrId("counter.msg.file_failed")
        case "print.no_citizen": return qsTrId("counter.msg.print_no_citizen")
        case "print.done": return qsTrId("counter.msg.print_done")
        case "print.not_ready": return qsTrId("counter.msg.print_not_ready")
        case "file.returned": return qsTrId("counter.msg.file_returned")
        case "file.not_ready": return qsTrId("counter.msg.file_not_ready")
        case "file.offline": return qsTrId("counter.msg.file_offline")
        case "file.needs_reason": return qsTrId("counter.msg.file_needs_reason")
        case "file.step_refused": return qsTrId("counter.msg.file_step_refused")
        case "file.recorded.additional_documents_requested":
            return qsTrId("counter.msg.file_recorded_more_documents")
        case "file.recorded.documents_supplied":
            return qsTrId("counter.msg.file_recorded_documents_supplied")
        case "file.recorded.result_ready": return qsTrId("counter.msg.file_recorded_result_ready")
        case "file.recorded.refused": return qsTrId("counter.msg.file_recorded_refused")
        case "file.recorded.withdrawn": return qsTrId("counter.msg.file_recorded_withdrawn")
        case "attachment.failed": return qsTrId("counter.msg.attachment_failed")
        default: return ""
        }
    }

    // -- top bar --------------------------------------------------------------------------
    Rectangle {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 52
        color: Desk.bar
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 3; color: Desk.red }
        Row {
            anchors { left: parent.left; leftMargin: 16; verticalCenter: parent.verticalCenter }
            spacing: 14
            Rectangle {
                width: 30; height: 30; radius: 15; color: Desk.red
                anchors.verticalCenter: parent.verticalCenter
                Text { anchors.centerIn: parent; text: "★"; color: Desk.gold; font.pixelSize: 18 }
            }
            Text {
                objectName: "bar_title"
                anchors.verticalCenter: parent.verticalCenter
                text: desk.signed_in ? qsTrId("counter.bar.counter").arg(desk.counter)
                                     : qsTrId("counter.bar.title")
                font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
                color: Desk.barText
            }
            Text {
                objectName: "bar_staff"
                visible: desk.signed_in
                anchors.verticalCenter: parent.verticalCenter
                text: qsTrId("counter.bar.staff").arg(desk.staff_name)
                font.family: Desk.family; font.pixelSize: Desk.body; color: "#c7d4ea"
            }
        }
        Row {
            anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
            spacing: 12
            Rectangle {   // the link to the central service and records waiting to go
                objectName: "link_status"
                visible: desk.signed_in
                anchors.verticalCenter: parent.verticalCenter
                height: 26; radius: 13
                width: linkText.implicitWidth + 28
                color: desk.online ? "#1f7a4d" : "#9a2a1f"
                Rectangle { x: 10; anchors.verticalCenter: parent.verticalCenter
                            width: 8; height: 8; radius: 4; color: "#ffffff" }
                Text {
                    id: linkText
                    x: 22; anchors.verticalCenter: parent.verticalCenter
                    text: (desk.online ? qsTrId("counter.link.online")
                                       : qsTrId("counter.link.offline"))
                          + (desk.outbox_depth > 0
                             ? " · " + qsTrId("counter.link.pending").arg(desk.outbox_depth) : "")
                    font.family: Desk.family; font.pixelSize: 12; font.bold: true
                    color: "#ffffff"
                }
            }
            Text {   // Vietnam time from Python (kiosk.core.vn_time), never the machine's zone
                id: clock
                objectName: "header_clock"
                anchors.verticalCenter: parent.verticalCenter
                text: desk.clock_text
                font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
                color: Desk.barText
            }
            Row {
                anchors.verticalCenter: parent.verticalCenter
                Repeater {
                    model: ["vi", "en"]
                    delegate: Rectangle {
                        required property string modelData
                        objectName: "language_" + modelData
                        width: 40; height: 28
                        radius: 4
                        color: desk.language === modelData ? "#ffffff" : "transparent"
                        border.width: 1; border.color: "#ffffff"
                        Text { anchors.centerIn: parent; text: modelData.toUpperCase()
                               font.family: Desk.family; font.pixelSize: 12; font.bold: true
                               color: desk.language === modelData ? Desk.bar : "#ffffff" }
                        MouseArea { anchors.fill: parent; onClicked: desk.switch_language(modelData) }
                    }
                }
            }
            ActionButton {
                objectName: "sign_out"
                visible: desk.signed_in
                anchors.verticalCenter: parent.verticalCenter
                height: 32; width: implicitWidth
                keys: signOutKey.nativeText
                text: qsTrId("counter.bar.sign_out")
                onClicked: desk.sign_out()
            }
        }
    }
    Shortcut { id: signOutKey; sequence: "Ctrl+Q"; enabled: desk.signed_in
               onActivated: desk.sign_out() }

    // -- sign-in or desk --------------------------------------------------------------------
    Loader {
        id: view
        objectName: "view"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: status.top
                  margins: Desk.gap }
        sourceComponent: desk.signed_in ? deskView : signInView
    }
    Component { id: signInView; SignInView { } }
    Component {
        id: deskView
        Item {
            objectName: "desk_view"
            Column {
                id: left
                width: Math.max(400, parent.width * 0.34)
                height: parent.height
                spacing: Desk.gap
                TicketPanel { id: ticketPanel; width: parent.width }
                QueuePanel { width: parent.width
                             height: parent.height - ticketPanel.height - parent.spacing }
            }
            CitizenPanel {
                anchors { left: left.right; leftMargin: Desk.gap; right: parent.right
                          top: parent.top; bottom: parent.bottom }
            }
        }
    }

    // A desk types on its own keyboard. Where Qt's virtual keyboard is the input method
    // (as on the kiosks), it gets this panel, never shown, instead of opening a window
    // of its own over the desk (which would also outlive the app at exit).
    InputPanel { objectName: "keyboard"; visible: false; width: parent.width; y: parent.height }

    // -- status line ----------------------------------------------------------------------
    Rectangle {
        id: status
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 34
        color: desk.message === "" ? "#dfe6ef"
               : desk.message_level === "error" ? Desk.redSoft
               : desk.message_level === "warn" ? Desk.amberSoft : Desk.greenSoft
        Rectangle { width: parent.width; height: 1; color: Desk.line }
        Text {
            objectName: "status_message"
            anchors { left: parent.left; leftMargin: 16; right: keysHint.left; rightMargin: 16
                      verticalCenter: parent.verticalCenter }
            elide: Text.ElideRight
            text: root.messageText(desk.message)
            font.family: Desk.family; font.pixelSize: Desk.body; font.bold: true
            color: desk.message_level === "error" ? Desk.red
                   : desk.message_level === "warn" ? Desk.amber : Desk.green
        }
        Text {
            id: keysHint
            anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
            text: desk.signed_in ? qsTrId("counter.status.keys") : ""
            font.family: Desk.family; font.pixelSize: 12; color: Desk.muted
        }
    }

    // The keypad's focus outline (docs/accessibility.md), above everything.
    FocusRing { z: 1000 }
}

import QtQuick
import QtQuick.Controls
import "."

// What will be sent, to whom, why; the consent the law requires; what to bring.
Item {
    id: root
    objectName: "review"
    Flickable {
        id: flick
        anchors { top: parent.top; bottom: consentArea.top; left: parent.left
                  right: parent.right; margins: 48 }
        contentHeight: body.height; clip: true
        onMovementStarted: kiosk.activity()
        Column {
            id: body
            width: parent.width
            spacing: 24
            Text { width: parent.width; text: qsTrId("stage.review.title"); wrapMode: Text.WordWrap
                   Accessible.role: Accessible.Heading; Accessible.name: text
                   font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
                   color: Theme.navy }
            Text { width: parent.width; wrapMode: Text.WordWrap
                   text: qsTrId("review.why").arg(kiosk.view.procedure)
                   font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink }
            Text { width: parent.width; wrapMode: Text.WordWrap
                   text: qsTrId("review.to_whom").arg(kiosk.view.agency)
                   font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink }
            Rectangle {
                width: parent.width; height: sent.height + 48; radius: Theme.radius
                color: Theme.card; border.color: Theme.line; border.width: 2
                Column {
                    id: sent
                    anchors { left: parent.left; right: parent.right; top: parent.top
                              margins: 24 }
                    spacing: 10
                    Repeater {
                        model: kiosk.view.fields
                        delegate: Column {
                            required property var modelData
                            width: sent.width
                            visible: modelData.value !== ""
                            Text { width: parent.width; wrapMode: Text.WordWrap
                                   text: parent.modelData.label + ": " + parent.modelData.shown
                                   font.family: Theme.family; font.pixelSize: Theme.small
                                   color: Theme.ink }
                            // an address in today's units: what the card said, below it
                            Text { width: parent.width; wrapMode: Text.WordWrap
                                   readonly property var address: parent.modelData.address
                                   visible: address !== null && address !== undefined
                                            && address.on_card !== ""
                                            && address.on_card !== parent.modelData.value
                                   text: visible ? "    " + qsTrId("form.address.on_card") + ": "
                                                   + address.on_card : ""
                                   font.family: Theme.family; font.pixelSize: Theme.small
                                   color: Theme.muted }
                        }
                    }
                }
            }
            Text { width: parent.width; text: qsTrId("review.documents"); wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
                   color: Theme.navy }
            Repeater {
                model: kiosk.view.documents
                delegate: Text { required property string modelData
                                 width: body.width; wrapMode: Text.WordWrap
                                 text: "•  " + modelData
                                 font.family: Theme.family; font.pixelSize: Theme.body
                                 color: Theme.ink }
            }
        }
    }
    // The consent the law requires stays on screen above Submit, however long the
    // list of what is sent: nobody has to scroll to find it.
    Column {
        id: consentArea
        anchors { bottom: nav.top; left: parent.left; right: parent.right
                  leftMargin: 48; rightMargin: 48; bottomMargin: 24 }
        spacing: 12
        Rectangle {
            objectName: "consent"
            width: parent.width; height: consentText.implicitHeight + 64
            radius: Theme.radius; color: kiosk.view.consent ? Theme.ticked : Theme.card
            border.width: 4
            activeFocusOnTab: true
            Accessible.role: Accessible.CheckBox; Accessible.checkable: true
            Accessible.checked: kiosk.view.consent; Accessible.name: qsTrId("review.consent")
            Accessible.description: kiosk.notice === "consent_needed"
                                    ? qsTrId("review.consent_needed") : ""
            Accessible.onPressAction: kiosk.give_consent(!kiosk.view.consent)
            Accessible.onToggleAction: kiosk.give_consent(!kiosk.view.consent)
            border.color: kiosk.view.consent ? Theme.tickBox
                        : (kiosk.notice === "consent_needed" ? Theme.red : Theme.blue)
            Rectangle { id: box; objectName: "consent_box"; width: 72; height: 72; radius: 12
                        anchors { left: parent.left; leftMargin: 28
                                  verticalCenter: parent.verticalCenter }
                        color: kiosk.view.consent ? Theme.tickBox : "white"
                        border.width: 4; border.color: kiosk.view.consent ? Theme.tickBox
                                                                           : Theme.blue
                        Text { objectName: "consent_tick"; anchors.centerIn: parent
                               text: kiosk.view.consent ? "✓" : ""
                               color: Theme.onTick; font.pixelSize: 56; font.bold: true } }
            Text { id: consentText; objectName: "consent_text"; anchors { left: box.right; right: parent.right
                                              margins: 28; verticalCenter: parent.verticalCenter }
                   text: qsTrId("review.consent"); wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink }
            MouseArea { anchors.fill: parent
                        onClicked: kiosk.give_consent(!kiosk.view.consent) }
        }
        Text { objectName: "consent_needed"; width: parent.width; wrapMode: Text.WordWrap
               visible: kiosk.notice === "consent_needed"
               text: qsTrId("review.consent_needed")
               font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
               color: Theme.red }
    }
    NavBar {
        id: nav
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: 48 }
        actionText: qsTrId("review.submit")
        actionDimmed: !kiosk.view.consent
        onAction: kiosk.submit()
    }
}

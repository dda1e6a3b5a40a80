import QtQuick
import QtQuick.Controls

// A file the citizen's visit attached, opened over the citizen panel: its name, whether
// the kiosk's signature holds (the card data sheet replaces a photocopy only when it
// does), and its pages. Personal: gone with the citizen (desk.clear_citizen).
Rectangle {
    id: viewer
    objectName: "file_viewer"
    property var view: desk.file_view
    visible: view.name !== undefined || view.opening !== undefined
    color: Desk.card
    radius: Desk.radius

    function signatureText(state) {
        switch (state) {
        case "verified": return qsTrId("counter.files.verified")
        case "not_verified": return qsTrId("counter.files.not_verified")
        default: return qsTrId("counter.files.unsigned")
        }
    }
    function signatureColor(state) {
        return state === "verified" ? Desk.green : state === "not_verified" ? Desk.red : Desk.muted
    }

    Row {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
        height: 40
        spacing: 12
        Text {
            objectName: "file_name"
            anchors.verticalCenter: parent.verticalCenter
            width: parent.width - seal.width - close.width - 2 * parent.spacing
            elide: Text.ElideRight
            text: viewer.view.name !== undefined ? viewer.view.name : qsTrId("counter.files.opening")
            font.family: Desk.family; font.pixelSize: Desk.heading; font.bold: true
            color: Desk.ink
        }
        Rectangle {
            id: seal
            objectName: "file_signature"
            property string stateName: viewer.view.signature !== undefined ? viewer.view.signature : ""
            property string sealText: stateName !== "" ? viewer.signatureText(stateName) : ""
            visible: stateName !== ""
            anchors.verticalCenter: parent.verticalCenter
            width: visible ? sealLabel.implicitWidth + 24 : 0; height: 30; radius: 15
            color: stateName === "verified" ? Desk.greenSoft
                 : stateName === "not_verified" ? Desk.redSoft : "#eef2f7"
            Text {
                id: sealLabel
                anchors.centerIn: parent
                text: seal.sealText
                font.family: Desk.family; font.pixelSize: Desk.small; font.bold: true
                color: viewer.signatureColor(seal.stateName)
            }
        }
        ActionButton {
            id: close
            objectName: "file_close"
            width: implicitWidth; height: 40
            text: qsTrId("counter.files.close")
            onClicked: desk.close_file()
        }
    }
    ListView {
        id: pages
        objectName: "file_pages"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: parent.bottom
                  margins: 16 }
        clip: true
        spacing: 12
        model: viewer.view.pages !== undefined ? viewer.view.pages : []
        ScrollBar.vertical: ScrollBar { }
        delegate: Image {
            required property var modelData
            required property int index
            objectName: "file_page_" + index
            width: pages.width - 16
            fillMode: Image.PreserveAspectFit
            source: modelData
            asynchronous: false
        }
    }
}

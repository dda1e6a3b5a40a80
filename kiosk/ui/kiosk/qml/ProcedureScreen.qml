import QtQuick
import QtQuick.Controls
import "."

// The catalog: search, "just a queue number", then procedures grouped by field.
Item {
    id: root
    objectName: "choose_procedure"
    readonly property bool landscape: width > height

    // Portrait: search and the queue button above the list; landscape: beside it.
    Column {
        id: top
        anchors { top: parent.top; left: parent.left; margins: 48 }
        width: root.landscape ? root.width * 0.4 : root.width - 96
        spacing: 28
        Text {
            width: parent.width
            text: qsTrId("procedures.title")
            Accessible.role: Accessible.Heading; Accessible.name: text
            wrapMode: Text.WordWrap
            font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
            color: Theme.navy
        }
        TextField {
            id: search
            objectName: "search"
            width: parent.width; height: Theme.touch
            placeholderText: qsTrId("procedures.search")
            Accessible.name: qsTrId("procedures.search")
            font.family: Theme.family; font.pixelSize: Theme.body
            leftPadding: 36; color: Theme.ink
            placeholderTextColor: Theme.muted
            background: Rectangle { radius: Theme.radius; color: Theme.card
                                    border.width: 3
                                    border.color: search.activeFocus ? Theme.blue : Theme.line }
            onTextChanged: { procedureModel.set_query(text); kiosk.activity() }
        }
        BigButton {
            objectName: "queue_only"
            width: parent.width
            primary: true; accent: Theme.red
            text: qsTrId("procedures.queue_only") + "\n"
                  + qsTrId("procedures.queue_hint")
            fontSize: Theme.body
            onClicked: kiosk.choose_procedure("QUEUE")
        }
    }

    ListView {
        id: list
        objectName: "procedure_list"
        anchors { top: root.landscape ? parent.top : top.bottom
                  topMargin: root.landscape ? 48 : 20
                  bottom: root.landscape ? parent.bottom : nav.top
                  bottomMargin: root.landscape ? 48 : 20
                  left: root.landscape ? top.right : parent.left; right: parent.right
                  leftMargin: 48; rightMargin: 48 }
        clip: true
        spacing: 18
        model: procedureModel
        // the card holder's files (a card read before choosing), above the procedures
        // (the list shows its start again as they arrive: a header that grows goes above)
        header: HolderFiles { width: list.width; onHeightChanged: list.positionViewAtBeginning() }
        boundsBehavior: Flickable.StopAtBounds
        onMovementStarted: kiosk.activity()
        // Browsing: "most used", then groups by field; search results: best first, no groups.
        section.property: procedureModel.searching ? "" : "section"
        section.delegate: Text {
            required property string section
            width: list.width
            topPadding: 24; bottomPadding: 8
            text: section
            font.family: Theme.family; font.pixelSize: Theme.body; font.bold: true
            color: Theme.blue
        }
        delegate: Rectangle {
            id: item
            required property string code
            required property string name
            required property int days
            required property string fee
            required property bool fee_known
            required property string why
            objectName: "procedure_" + code
            width: list.width
            height: Math.max(Theme.touch + 30, body.implicitHeight + 48)
            radius: Theme.radius
            color: press.pressed ? Theme.sky : Theme.card
            border.color: Theme.line; border.width: 2
            activeFocusOnTab: true
            Accessible.role: Accessible.Button
            Accessible.name: item.name + ". " + detail.text
            Accessible.onPressAction: kiosk.choose_procedure(item.code)
            Column {
                id: body
                anchors { left: parent.left; right: arrow.left; margins: 32
                          verticalCenter: parent.verticalCenter }
                spacing: 10
                Text { width: parent.width; text: item.name; wrapMode: Text.WordWrap
                       font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                       color: Theme.ink }
                Text {
                    id: detail
                    width: parent.width; wrapMode: Text.WordWrap
                    font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted
                    text: (item.days > 0 ? qsTrId("procedures.days").arg(item.days)
                                         : qsTrId("procedures.same_day"))
                          + "   ·   "
                          + (!item.fee_known ? item.fee
                             : item.fee !== "" ? qsTrId("procedures.fee").arg(item.fee)
                                               : qsTrId("procedures.free"))
                }
                Text {
                    // Why a search result matched ("“sổ đỏ” nghĩa là …").
                    objectName: "why_" + item.code
                    width: parent.width; wrapMode: Text.WordWrap
                    visible: item.why !== ""
                    text: item.why
                    font.family: Theme.family; font.pixelSize: Theme.small; font.italic: true
                    color: Theme.blue
                }
            }
            Text { id: arrow; text: "›"; anchors { right: parent.right; rightMargin: 36
                   verticalCenter: parent.verticalCenter }
                   font.pixelSize: 80; color: Theme.blue }
            MouseArea { id: press; anchors.fill: parent; onClicked: kiosk.choose_procedure(item.code) }
        }
        Text {
            anchors.centerIn: parent
            width: parent.width
            visible: list.count === 0
            text: (procedureModel.note !== "" ? procedureModel.note + "\n" : "")
                  + qsTrId("procedures.none")
            wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
            font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.muted
        }
    }

    BigButton {
        id: nav
        objectName: "back"
        anchors { bottom: parent.bottom; left: parent.left; margins: 48 }
        width: Math.max(360, implicitWidth)
        text: "‹  " + qsTrId("common.back")
        onClicked: kiosk.back()
    }
}

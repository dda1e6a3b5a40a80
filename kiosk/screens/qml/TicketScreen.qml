import QtQuick
import "."

// The queue ticket on screen (the fallback when the printer is not ready).
Item {
    id: root
    objectName: "ticket"
    readonly property var ticket: kiosk.view.ticket
    readonly property bool landscape: width > height
    // Portrait: one column; landscape: the number on the left, the QR on the right.
    Grid {
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 48 }
        columns: root.landscape ? 2 : 1
        columnSpacing: 48; rowSpacing: 24
    Column {
        width: root.landscape ? (root.width - 144) / 2 : root.width - 96
        spacing: 24
        Text { width: parent.width; text: qsTrId("stage.ticket.title")
               horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { objectName: "ticket_number"; width: parent.width
               horizontalAlignment: Text.AlignHCenter
               text: root.ticket ? root.ticket.number : ""
               font.family: Theme.family; font.pixelSize: 220; font.bold: true
               color: Theme.red }
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap
               text: root.ticket ? qsTrId("ticket.counter").arg(root.ticket.counter) : ""
               font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
               color: Theme.ink }
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap
               visible: root.ticket !== null && root.ticket.ahead !== null
               text: visible ? qsTrId("ticket.ahead").arg(root.ticket.ahead) + "\n"
                               + qsTrId("ticket.wait").arg(root.ticket.wait) : ""
               font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.ink }
    }
    Column {
        width: root.landscape ? (root.width - 144) / 2 : root.width - 96
        spacing: 24
        Canvas {
            id: qr
            objectName: "ticket_qr"
            anchors.horizontalCenter: parent.horizontalCenter
            width: 330; height: 330
            property var rows: root.ticket ? root.ticket.qr : []
            onRowsChanged: requestPaint()
            onPaint: {
                var ctx = getContext("2d");
                ctx.fillStyle = "white"; ctx.fillRect(0, 0, width, height);
                if (rows.length === 0) return;
                var cell = Math.floor(width / rows.length);
                ctx.fillStyle = "#000000";
                for (var y = 0; y < rows.length; y++)
                    for (var x = 0; x < rows[y].length; x++)
                        if (rows[y][x] === "1") ctx.fillRect(x * cell, y * cell, cell, cell);
            }
        }
        Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
               wrapMode: Text.WordWrap
               text: kiosk.view.submission_code !== ""
                     ? qsTrId("ticket.code").arg(kiosk.view.submission_code) : ""
               font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
        Rectangle {
            objectName: "print_notice"
            width: parent.width; height: notice.implicitHeight + 48; radius: Theme.radius
            color: kiosk.view.print_fallback ? "#fdecec" : "#e7f6ec"
            visible: kiosk.view.print_fallback || kiosk.view.ticket_printed
            Text { id: notice; anchors { fill: parent; margins: 24 }
                   wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
                   text: kiosk.view.print_fallback ? qsTrId("ticket.fallback")
                                                   : qsTrId("ticket.printed")
                   font.family: Theme.family; font.pixelSize: Theme.body
                   color: kiosk.view.print_fallback ? Theme.red : "#0f7b3f" }
        }
    }
    }
    NavBar {
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: 48 }
        showBack: false
        actionText: qsTrId("common.next") + "  ›"
        onAction: kiosk.next()
    }
}

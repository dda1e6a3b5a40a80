import QtQuick
import "."

// The queue ticket on screen (the fallback when the printer is not ready): number,
// counter area, people ahead and the estimated wait (asked of the central service;
// offline the hall's display shows the position), the QR to follow the queue, and in
// the demo the virtual printer's picture of the slip it printed.
Item {
    id: root
    objectName: "ticket"
    readonly property var ticket: kiosk.view.ticket
    readonly property bool known: !!ticket && typeof ticket.ahead === "number"
    function position() {
        if (!ticket)
            return "";
        if (!known)
            return qsTrId("ticket.position_on_display");
        if (ticket.ahead === 0)
            return qsTrId("ticket.none_ahead");
        return qsTrId("ticket.ahead").arg(ticket.ahead) + "\n" + qsTrId("ticket.wait").arg(ticket.wait);
    }
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
               Accessible.role: Accessible.Heading; Accessible.name: text
               horizontalAlignment: Text.AlignHCenter
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { objectName: "ticket_number"; width: parent.width
               horizontalAlignment: Text.AlignHCenter
               text: root.ticket ? root.ticket.number : ""
               font.family: Theme.family; font.pixelSize: 220; font.bold: true
               color: Theme.red }
        // the counters serving this queue, as the central service knows them; unknown
        // (offline, nobody signed in for it yet): the hall's display calls the counter
        Text { objectName: "ticket_counter"; width: parent.width
               horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               text: !root.ticket ? ""
                     : root.ticket.counter !== "" ? qsTrId("ticket.counter").arg(root.ticket.counter)
                     : qsTrId("ticket.counter_on_display")
               font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
               color: Theme.ink }
        // Vietnam time, formatted by Python (visit_view): never QML's local clock
        Text { objectName: "ticket_issued"; width: parent.width
               horizontalAlignment: Text.AlignHCenter
               visible: !!root.ticket && root.ticket.issued !== ""
               text: root.ticket ? qsTrId("ticket.issued").arg(root.ticket.issued) : ""
               font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.muted }
        Text { objectName: "ticket_position"; width: parent.width
               horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               visible: !!root.ticket
               text: root.position()
               font.family: Theme.family; font.pixelSize: Theme.body
               font.bold: root.known; color: root.known ? Theme.ink : Theme.muted }
    }
    Column {
        width: root.landscape ? (root.width - 144) / 2 : root.width - 96
        spacing: 24
        // While the card is still on the reader: "take it back" in the QR's place.
        TakeCardReminder { width: parent.width }
        Row {
            visible: !kiosk.view.take_card_back
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 40
        Canvas {
            id: qr
            objectName: "ticket_qr"
            anchors.verticalCenter: parent.verticalCenter
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
        Column {   // the demo's virtual printer: "this is what the printer printed"
            objectName: "slip_preview"
            visible: kiosk.slip_preview !== ""
            spacing: 8
            Text { anchors.horizontalCenter: parent.horizontalCenter
                   text: qsTrId("ticket.slip_preview")
                   font.family: Theme.family; font.pixelSize: Theme.small; color: Theme.muted }
            Rectangle {
                anchors.horizontalCenter: parent.horizontalCenter
                width: slip.width + 8; height: slip.height + 8
                color: "white"; border.width: 1; border.color: Theme.line
                Image {
                    id: slip
                    anchors.centerIn: parent
                    source: kiosk.slip_preview
                    height: root.landscape ? 400 : 560; width: Math.max(1, implicitWidth * height / Math.max(1, implicitHeight))
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true; cache: false; smooth: true; mipmap: true
                }
            }
        }
        }
        Text { objectName: "ticket_code"; width: parent.width
               horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
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
        // papers over the size cap: the file went without them; bring the originals
        Rectangle {
            objectName: "too_large_notice"
            width: parent.width; height: tooLarge.implicitHeight + 48; radius: Theme.radius
            color: "#fdecec"
            visible: kiosk.view.too_large.length > 0
            Text { id: tooLarge; anchors { fill: parent; margins: 24 }
                   wrapMode: Text.WordWrap; horizontalAlignment: Text.AlignHCenter
                   text: qsTrId("ticket.too_large").arg(kiosk.view.too_large.join(", "))
                   Accessible.role: Accessible.StaticText; Accessible.name: text
                   font.family: Theme.family; font.pixelSize: Theme.body; color: Theme.red }
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

import QtQuick
import "../../kiosk/qml"

// Live diagnostics: every check with its advice and a re-run button, the camera
// preview with the decode overlay, and the reader's APDU log (personal data masked).
Item {
    id: screen
    objectName: "diagnostics"
    readonly property bool landscape: width > height

    function statusText(status) {
        switch (status) {
        case "ok": return qsTrId("tech.status.ok")
        case "warning": return qsTrId("tech.status.warning")
        case "failed": return qsTrId("tech.status.failed")
        case "running": return qsTrId("tech.status.running")
        }
        return qsTrId("tech.status.pending")
    }
    function advice(row) {   // the one sentence on what to do, in the screen's language
        return kiosk.language === "en" ? row.action_en : row.action_vi
    }
    function statusColor(status) {
        return ({ "ok": "#15803d", "warning": "#b45309", "failed": "#b91c1c" })[status]
               || "#64748b"
    }

    Item {   // title and the actions for all checks (one line in landscape, two in portrait)
        id: bar
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: 32 }
        height: screen.landscape ? 110 : 190
        Text { id: title
               anchors { left: parent.left; top: parent.top
                         topMargin: screen.landscape ? 28 : 0 }
               text: qsTrId("tech.diag.title")
               font.family: Theme.family; font.pixelSize: 48; font.bold: true; color: "white" }
        Row {
            anchors { right: parent.right; bottom: parent.bottom }
            spacing: 16
            BigButton { objectName: "diag_run_all"; primary: true; fontSize: 30; height: 100
                        text: qsTrId("tech.diag.run_all"); onClicked: technician.run_all() }
            BigButton { objectName: "diag_test_page"; fontSize: 30; height: 100
                        text: qsTrId("tech.diag.test_page")
                        onClicked: technician.print_test_page() }
            BigButton { objectName: "diag_back"; fontSize: 30; height: 100
                        text: "‹  " + qsTrId("tech.diag.back")
                        onClicked: technician.back_to_menu() }
        }
    }

    Flickable {   // the checks
        id: list
        objectName: "diag_checks"
        anchors { top: bar.bottom; topMargin: 16; left: parent.left; leftMargin: 32 }
        width: screen.landscape ? (screen.width - 96) * 0.6 : screen.width - 64
        height: screen.landscape ? screen.height - bar.height - 80
                                 : (screen.height - bar.height - 96) * 0.62
        clip: true
        contentHeight: rows.implicitHeight
        Column {
            id: rows
            width: list.width
            spacing: 12
            Repeater {
                model: technician.checks
                delegate: Rectangle {
                    required property var modelData
                    objectName: "check_" + modelData.name
                    width: rows.width
                    height: Math.max(112, info.implicitHeight + 28)
                    radius: 16; color: "white"
                    opacity: modelData.running ? 0.6 : 1.0
                    Rectangle {
                        id: badge
                        objectName: "status_" + modelData.name
                        property string status: modelData.running ? "running" : modelData.status
                        anchors { left: parent.left; leftMargin: 16; top: parent.top; topMargin: 16 }
                        width: 170; height: 56; radius: 28
                        color: screen.statusColor(status)
                        Text { anchors.centerIn: parent; text: screen.statusText(badge.status)
                               font.family: Theme.family; font.pixelSize: 24; font.bold: true
                               color: "white" }
                    }
                    Column {
                        id: info
                        anchors { left: badge.right; leftMargin: 20; right: rerun.left
                                  rightMargin: 16; top: parent.top; topMargin: 14 }
                        spacing: 4
                        Text { width: parent.width; text: modelData.name; elide: Text.ElideRight
                               font.family: "DejaVu Sans Mono"; font.pixelSize: 26
                               font.bold: true; color: "#0f172a" }
                        Text { width: parent.width; text: modelData.summary
                               visible: text !== ""; wrapMode: Text.Wrap
                               font.family: Theme.family; font.pixelSize: 24; color: "#334155" }
                        Text { objectName: "advice_" + modelData.name
                               width: parent.width; wrapMode: Text.WordWrap
                               visible: text !== "" && modelData.status !== "ok"
                               text: screen.advice(modelData)
                               font.family: Theme.family; font.pixelSize: 26; font.bold: true
                               color: screen.statusColor(modelData.status) }
                    }
                    BigButton {
                        id: rerun
                        objectName: "rerun_" + modelData.name
                        anchors { right: parent.right; rightMargin: 16; top: parent.top
                                  topMargin: 8 }
                        width: 190; height: 96; fontSize: 26
                        text: qsTrId("tech.diag.rerun")
                        onClicked: technician.rerun(modelData.family)
                    }
                }
            }
        }
    }

    Grid {   // camera and APDU log: beside the checks (landscape) or below (portrait)
        anchors { top: screen.landscape ? bar.bottom : list.bottom; topMargin: 16
                  left: screen.landscape ? list.right : parent.left; leftMargin: 32
                  right: parent.right; rightMargin: 32; bottom: parent.bottom
                  bottomMargin: 32 }
        columns: screen.landscape ? 1 : 2
        spacing: 16
        readonly property real cellWidth: screen.landscape ? width : (width - 16) / 2
        readonly property real cellHeight: screen.landscape ? (height - 16) / 2 : height

        Rectangle {
            objectName: "camera_preview"
            width: parent.cellWidth; height: parent.cellHeight
            radius: 16; color: "#020617"; border.width: 2; border.color: "#334155"
            clip: true
            Text { id: cameraTitle
                   anchors { top: parent.top; left: parent.left; margins: 14 }
                   text: qsTrId("tech.diag.camera")
                   font.family: Theme.family; font.pixelSize: 26; font.bold: true
                   color: "white" }
            Image {
                id: frame
                objectName: "camera_frame"
                anchors { top: cameraTitle.bottom; left: parent.left; right: parent.right
                          bottom: parent.bottom; margins: 12 }
                fillMode: Image.PreserveAspectFit
                cache: false
                source: technician.preview ? "image://camera/diag-" + cameraPreview.frame_number
                                           : ""
            }
            Canvas {   // the decode overlay: the last decoded QR's corners, for a moment
                id: overlay
                objectName: "camera_overlay"
                x: frame.x + (frame.width - frame.paintedWidth) / 2
                y: frame.y + (frame.height - frame.paintedHeight) / 2
                width: frame.paintedWidth; height: frame.paintedHeight
                visible: technician.preview
                property var corners: technician.preview && cameraPreview.decoded
                                      ? cameraPreview.decode_corners : []
                onCornersChanged: requestPaint()
                onPaint: {
                    var ctx = getContext("2d")
                    ctx.clearRect(0, 0, width, height)
                    if (corners.length < 8) return
                    ctx.strokeStyle = "#22c55e"; ctx.lineWidth = 6
                    ctx.beginPath()
                    ctx.moveTo(corners[0] * width, corners[1] * height)
                    for (var i = 2; i < corners.length; i += 2)
                        ctx.lineTo(corners[i] * width, corners[i + 1] * height)
                    ctx.closePath(); ctx.stroke()
                }
            }
            Text { anchors.centerIn: frame; width: frame.width - 40
                   visible: !technician.preview || !cameraPreview.live
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   text: qsTrId("tech.diag.no_preview")
                   font.family: Theme.family; font.pixelSize: 24; color: "#94a3b8" }
        }
        Rectangle {
            objectName: "apdu_log"
            width: parent.cellWidth; height: parent.cellHeight
            radius: 16; color: "#020617"; border.width: 2; border.color: "#334155"
            clip: true
            Text { id: apduTitle
                   anchors { top: parent.top; left: parent.left; right: parent.right
                             margins: 14 }
                   text: qsTrId("tech.diag.apdu"); wrapMode: Text.WordWrap
                   font.family: Theme.family; font.pixelSize: 26; font.bold: true
                   color: "white" }
            ListView {
                id: apdu
                objectName: "apdu_lines"
                anchors { top: apduTitle.bottom; left: parent.left; right: parent.right
                          bottom: parent.bottom; margins: 12 }
                clip: true
                model: technician.apdu_lines
                onCountChanged: positionViewAtEnd()
                delegate: Text {
                    required property string modelData
                    width: apdu.width; text: modelData; wrapMode: Text.WrapAnywhere
                    font.family: "DejaVu Sans Mono"; font.pixelSize: 18; color: "#86efac"
                }
            }
            Text { anchors.centerIn: apdu; width: apdu.width - 40
                   visible: apdu.count === 0
                   horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
                   text: qsTrId("tech.diag.no_apdu")
                   font.family: Theme.family; font.pixelSize: 24; color: "#94a3b8" }
        }
    }
}

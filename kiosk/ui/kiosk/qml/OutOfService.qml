import QtQuick

// "Out of service": what the screen shows when the kiosk app kept stopping and systemd
// gave up restarting it. Vietnamese first, then English; what the citizen should do;
// the device id for the staff. Nothing on it can be touched: no button leads anywhere.
// Its words are written here, both languages at once, not in the catalogs: this page
// must show even when the app and its catalogs are what fails.
// Sizes follow the window (any output size and orientation), not a fixed design.
Rectangle {
    id: page
    objectName: "out_of_service"
    color: "#0a2f6b"
    property string deviceId: ""
    property string centerName: ""
    property string since: ""
    property string reportLine: ""
    readonly property real unit: Math.min(width, height) / 24

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.86
        spacing: page.unit * 0.8

        Rectangle {  // a plain "stop" sign: a white bar in a red disc
            anchors.horizontalCenter: parent.horizontalCenter
            width: page.unit * 4; height: width; radius: width / 2
            color: "#c8102e"
            Rectangle {
                anchors.centerIn: parent
                width: parent.width * 0.62; height: parent.height * 0.16; radius: height / 3
                color: "#ffffff"
            }
        }
        Text {
            objectName: "title_vi"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#ffffff"; font.family: "DejaVu Sans"; font.bold: true
            font.pixelSize: page.unit * 2.1
            text: "Tạm ngưng phục vụ"
        }
        Text {
            objectName: "advice_vi"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#ffffff"; font.family: "DejaVu Sans"
            font.pixelSize: page.unit * 1.05
            text: "Máy này đang tạm ngưng. Xin mời ông bà đến quầy tiếp nhận, cán bộ sẽ "
                  + "hướng dẫn ông bà làm thủ tục."
        }
        Rectangle { width: parent.width; height: Math.max(2, page.unit / 12); color: "#5b7bb5" }
        Text {
            objectName: "title_en"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#e8f0fc"; font.family: "DejaVu Sans"; font.bold: true
            font.pixelSize: page.unit * 1.6
            text: "Out of service"
        }
        Text {
            objectName: "advice_en"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#e8f0fc"; font.family: "DejaVu Sans"
            font.pixelSize: page.unit * 0.9
            text: "This kiosk is out of service. Please go to a reception counter: the staff "
                  + "will help you with your procedure."
        }
        Text {
            objectName: "device_line"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#cbd5e1"; font.family: "DejaVu Sans"
            font.pixelSize: page.unit * 0.6
            text: "Mã thiết bị / Device: " + (page.deviceId || "không rõ / unknown")
                  + (page.centerName ? " · " + page.centerName : "")
                  + (page.since ? " · từ / since " + page.since : "")
        }
        Text {
            objectName: "report_line"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#cbd5e1"; font.family: "DejaVu Sans"
            font.pixelSize: page.unit * 0.5
            text: page.reportLine
        }
    }
}

import QtQuick
import "."

// The file is going into the outbox and a number is being issued: a spinner.
Item {
    id: root
    objectName: "submitting"
    Column {
        anchors.centerIn: parent
        width: parent.width - 128
        spacing: 56
        Item {
            anchors.horizontalCenter: parent.horizontalCenter
            width: 220; height: 220
            Rectangle { anchors.fill: parent; radius: width / 2; color: "transparent"
                        border.width: 22; border.color: Theme.sky }
            Canvas {
                id: arc
                objectName: "spinner"
                anchors.fill: parent
                property color tint: Theme.blue
                onTintChanged: requestPaint()
                onPaint: {
                    var ctx = getContext("2d");
                    ctx.reset();
                    ctx.lineWidth = 22; ctx.lineCap = "round"; ctx.strokeStyle = tint;
                    ctx.beginPath();
                    ctx.arc(width / 2, height / 2, width / 2 - 11, -Math.PI / 2, Math.PI * 0.25);
                    ctx.stroke();
                }
                RotationAnimator on rotation { from: 0; to: 360; duration: 1100
                                               loops: Animation.Infinite }
            }
        }
        Text { width: parent.width; text: qsTrId("stage.submitting.title")
               Accessible.role: Accessible.Heading; Accessible.name: text
               horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.title; font.bold: true
               color: Theme.navy }
        Text { width: parent.width; text: qsTrId("stage.submitting.hint")
               horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
    }
}

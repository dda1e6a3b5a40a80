import QtQuick
import "."

// The live QR camera preview (image://camera/ from `cameraPreview`) with a framing
// guide: four corner brackets around where the QR should be held, a hint under them,
// and the guide turning green with the decoded code outlined when a QR is read.
// Without frames it shows a calm placeholder (a drawn QR card in the guide).
Rectangle {
    id: root
    objectName: "camera_view"
    property string hint: ""
    property string waitingText: ""
    property string seenText: ""
    readonly property bool live: cameraPreview.live
    readonly property bool decoded: cameraPreview.decoded
    readonly property color guideColor: decoded ? "#22c55e" : (Theme.contrast ? "#ffd400" : "white")
    color: "#1e293b"
    radius: 22
    clip: true

    Image {
        id: frame
        objectName: "camera_image"
        anchors.fill: parent
        visible: root.live
        source: root.live ? "image://camera/" + cameraPreview.frame_number : ""
        cache: false
        asynchronous: false
        smooth: true
        fillMode: Image.PreserveAspectCrop
    }

    // Where the decoded QR is (corners as fractions of the camera frame).
    Canvas {
        id: outline
        objectName: "decode_outline"
        anchors.fill: parent
        visible: root.live && root.decoded
        property var corners: cameraPreview.decode_corners
        onCornersChanged: requestPaint()
        onVisibleChanged: requestPaint()
        onPaint: {
            var ctx = getContext("2d");
            ctx.reset();
            if (corners.length !== 8 || frame.sourceSize.width <= 0) return;
            // PreserveAspectCrop: the frame is scaled to cover and centred.
            var s = Math.max(width / frame.sourceSize.width, height / frame.sourceSize.height);
            var w = frame.sourceSize.width * s, h = frame.sourceSize.height * s;
            var ox = (width - w) / 2, oy = (height - h) / 2;
            ctx.lineWidth = 8; ctx.strokeStyle = "#22c55e";
            ctx.fillStyle = "rgba(34, 197, 94, 0.25)";
            ctx.beginPath();
            for (var i = 0; i < 4; i++) {
                var x = ox + corners[2 * i] * w, y = oy + corners[2 * i + 1] * h;
                if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
            }
            ctx.closePath(); ctx.fill(); ctx.stroke();
        }
    }

    // The placeholder: the card's QR drawn where it should be held.
    Item {
        anchors.fill: guide
        visible: !root.live
        Rectangle { anchors.fill: parent; anchors.margins: 24; radius: 12
                    color: Theme.contrast ? "#000000" : "white"; opacity: 0.92 }
        QrIcon { anchors.centerIn: parent; scale: Math.min(parent.width, parent.height) * 0.7 / 210 }
    }

    // The framing guide: corner brackets around a centred square.
    Item {
        id: guide
        objectName: "camera_guide"
        readonly property int side: Math.min(root.width, root.height) * 0.72
        width: side; height: side
        anchors.centerIn: parent
        anchors.verticalCenterOffset: -label.height / 2
        SequentialAnimation on scale {
            running: !root.decoded
            loops: Animation.Infinite
            NumberAnimation { from: 1.0; to: 1.05; duration: 900; easing.type: Easing.InOutSine }
            NumberAnimation { from: 1.05; to: 1.0; duration: 900; easing.type: Easing.InOutSine }
        }
        Repeater {
            model: 4
            delegate: Item {
                required property int index
                readonly property bool east: index === 1 || index === 3
                readonly property bool south: index >= 2
                readonly property int arm: guide.side * 0.24
                x: east ? guide.width - arm : 0
                y: south ? guide.height - arm : 0
                width: arm; height: arm
                Rectangle { width: parent.width; height: 12; radius: 6; color: root.guideColor
                            y: parent.south ? parent.height - height : 0 }
                Rectangle { width: 12; height: parent.height; radius: 6; color: root.guideColor
                            x: parent.east ? parent.width - width : 0 }
            }
        }
    }

    // What to do (or that the QR was read), on a dark band at the bottom.
    Rectangle {
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: label.height + 24
        color: root.decoded ? "#cc166534" : "#b30f172a"
        Text {
            id: label
            objectName: "camera_hint"
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                      margins: 20 }
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap; maximumLineCount: 2; elide: Text.ElideRight
            text: root.decoded ? root.seenText : (root.live ? root.hint : root.waitingText)
            font.family: Theme.family; font.pixelSize: Theme.small; font.bold: true
            color: "white"
        }
    }
}

import QtQuick
import "."

// The speaker toggle in the header: silences the spoken guidance for this visit
// (kiosk.muted; the next citizen hears it again). Drawn, so no font lacks the glyph.
Rectangle {
    id: root
    readonly property bool on: kiosk.muted
    width: 96; height: 96; radius: 48
    color: on ? "white" : "transparent"
    border.width: 3; border.color: "white"
    Canvas {
        id: icon
        anchors.centerIn: parent
        width: 56; height: 56
        property bool muted: root.on
        onMutedChanged: requestPaint()
        onPaint: {
            var ctx = getContext("2d");
            ctx.reset();
            var ink = muted ? "#000000" : "white";
            ctx.fillStyle = ink; ctx.strokeStyle = ink;
            ctx.lineWidth = 5; ctx.lineCap = "round";
            ctx.beginPath();   // the speaker
            ctx.moveTo(4, 20); ctx.lineTo(16, 20); ctx.lineTo(30, 6); ctx.lineTo(30, 50);
            ctx.lineTo(16, 36); ctx.lineTo(4, 36); ctx.closePath(); ctx.fill();
            if (muted) {       // a cross: no sound
                ctx.beginPath(); ctx.moveTo(38, 18); ctx.lineTo(54, 38);
                ctx.moveTo(54, 18); ctx.lineTo(38, 38); ctx.stroke();
            } else {           // sound waves
                ctx.beginPath(); ctx.arc(32, 28, 10, -Math.PI / 4, Math.PI / 4); ctx.stroke();
                ctx.beginPath(); ctx.arc(32, 28, 20, -Math.PI / 4, Math.PI / 4); ctx.stroke();
            }
        }
    }
    MouseArea { anchors.fill: parent; onClicked: kiosk.toggle_sound() }
}

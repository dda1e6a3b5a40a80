import QtQuick
import "."

// The speaker toggle in the header: silences the spoken guidance for this visit
// (kiosk.muted; the next citizen hears it again). Drawn, so no font lacks the glyph.
// With no sound device or voice (kiosk.sound_available false) it is no toggle: a dimmed
// speaker struck through, with "no sound" written under it, and a touch does nothing.
Rectangle {
    id: root
    readonly property bool available: kiosk.sound_available
    readonly property bool on: available && kiosk.muted
    width: 96; height: 96; radius: 48
    color: on ? "white" : "transparent"
    border.width: 3; border.color: available ? "white" : "#8fa3c4"
    Accessible.role: Accessible.Button
    Accessible.name: available ? qsTrId("access.sound") : qsTrId("sound.unavailable")
    activeFocusOnTab: available
    Accessible.checkable: available; Accessible.checked: on
    Accessible.onPressAction: if (available) kiosk.toggle_sound()
    Canvas {
        id: icon
        anchors.centerIn: parent
        width: 56; height: 56
        property bool muted: root.on
        property bool available: root.available
        onMutedChanged: requestPaint()
        onAvailableChanged: requestPaint()
        onPaint: {
            var ctx = getContext("2d");
            ctx.reset();
            var ink = muted ? "#000000" : (available ? "white" : "#8fa3c4");
            ctx.fillStyle = ink; ctx.strokeStyle = ink;
            ctx.lineWidth = 5; ctx.lineCap = "round";
            ctx.beginPath();   // the speaker
            ctx.moveTo(4, 20); ctx.lineTo(16, 20); ctx.lineTo(30, 6); ctx.lineTo(30, 50);
            ctx.lineTo(16, 36); ctx.lineTo(4, 36); ctx.closePath(); ctx.fill();
            if (!available) {  // struck through: there is no sound to switch
                ctx.strokeStyle = "#ff8a8a"; ctx.lineWidth = 6;
                ctx.beginPath(); ctx.moveTo(2, 54); ctx.lineTo(54, 2); ctx.stroke();
            } else if (muted) {  // a cross: muted
                ctx.beginPath(); ctx.moveTo(38, 18); ctx.lineTo(54, 38);
                ctx.moveTo(54, 18); ctx.lineTo(38, 38); ctx.stroke();
            } else {           // sound waves
                ctx.beginPath(); ctx.arc(32, 28, 10, -Math.PI / 4, Math.PI / 4); ctx.stroke();
                ctx.beginPath(); ctx.arc(32, 28, 20, -Math.PI / 4, Math.PI / 4); ctx.stroke();
            }
        }
    }
    Text {
        objectName: "sound_unavailable"
        visible: !root.available
        anchors { top: parent.bottom; topMargin: 2; horizontalCenter: parent.horizontalCenter }
        text: qsTrId("sound.unavailable")
        font.family: Theme.family; font.pixelSize: 18; font.bold: true
        color: "white"
    }
    MouseArea { anchors.fill: parent; enabled: root.available; onClicked: kiosk.toggle_sound() }
}

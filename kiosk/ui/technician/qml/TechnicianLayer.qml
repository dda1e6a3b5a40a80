import QtQuick
import "../../kiosk/qml"

// The technician's way in and screens, above everything on the kiosk window.
// Gesture (docs/technician.md): hold the emblem (top left) for 3 s, let go, then tap
// the top-right corner within 3 s. Nothing shows until the PIN pad opens.
Item {
    id: layer
    objectName: "technician_layer"
    anchors.fill: parent

    MouseArea {   // over the emblem: only a long press counts
        objectName: "technician_hold"
        x: 0; y: 0; width: 160; height: 150
        enabled: technician.mode === ""
        pressAndHoldInterval: 3000
        onPressAndHold: technician.hold_done()
    }
    MouseArea {   // the top-right corner, live only for 3 s after the hold
        objectName: "technician_corner"
        anchors { top: parent.top; right: parent.right }
        width: 160; height: 150
        enabled: technician.armed
        visible: technician.armed
        onClicked: technician.corner_tapped()
    }

    Rectangle {
        objectName: "technician_panel"
        anchors.fill: parent
        visible: technician.mode !== ""
        color: "#0f172a"
        MouseArea { anchors.fill: parent; onPressed: technician.touched() }  // nothing beneath
        Loader {
            anchors.fill: parent
            source: ({ "pin": "PinPad.qml", "menu": "TechnicianMenu.qml",
                       "diagnostics": "DiagnosticsScreen.qml" })[technician.mode] || ""
        }
    }
}

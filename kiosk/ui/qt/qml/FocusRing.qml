import QtQuick

// The keypad's focus (docs/accessibility.md): a thick two-tone outline around the
// focused control, drawn above everything, shown only while the keypad is in use
// (keypadFocus.active). Two tones so it shows on any background: a dark outer and a
// bright inner line; in high contrast (`contrast`) white and cyan, which no control
// there uses (they are yellow, white and black). It follows the control as lists scroll.
Item {
    id: ring
    objectName: "focus_ring"
    property bool contrast: false
    readonly property Item target: typeof keypadFocus !== "undefined" && keypadFocus !== null
                                   ? keypadFocus.item : null
    readonly property bool shown: target !== null && keypadFocus.active && target.visible
    readonly property int pad: 10   // the outline sits just outside the control
    anchors.fill: parent
    enabled: false                  // never takes a touch
    visible: shown
    function place() {
        if (target === null)
            return;
        var p = target.mapToItem(ring, 0, 0);
        frame.x = p.x - pad; frame.y = p.y - pad;
        frame.width = target.width + 2 * pad; frame.height = target.height + 2 * pad;
    }
    onTargetChanged: place()
    FrameAnimation { running: ring.shown; onTriggered: ring.place() }
    Rectangle {
        id: frame
        objectName: "focus_ring_frame"
        color: "transparent"
        radius: 30
        border.width: 7
        border.color: ring.contrast ? "#ffffff" : "#000000"
        Rectangle {
            anchors.fill: parent; anchors.margins: 7
            color: "transparent"; radius: 24
            border.width: 7
            border.color: ring.contrast ? "#00e5ff" : "#ffb000"
        }
    }
}

pragma Singleton
import QtQuick

// Colours, sizes and type for every screen. Touch targets: a 1080 x 1920 panel of
// 21.5-27 inches has 0.25-0.31 mm pixels, so 120 px is 30-37 mm, twice the 15 mm minimum.
// High contrast (yellow and white on black) and large text (x1.25) follow the citizen's
// choice for the current visit (VisitPresenter.high_contrast / large_text).
QtObject {
    readonly property bool contrast: typeof kiosk !== "undefined" && kiosk !== null
                                     && kiosk.high_contrast
    readonly property real scale: typeof kiosk !== "undefined" && kiosk !== null
                                  && kiosk.large_text ? 1.25 : 1.0
    readonly property color header: contrast ? "#000000" : "#0a2f6b"
    readonly property color navy: contrast ? "#ffd400" : "#0a2f6b"
    readonly property color blue: contrast ? "#ffd400" : "#1456b8"
    readonly property color onAccent: contrast ? "#000000" : "#ffffff"
    readonly property color sky: contrast ? "#333333" : "#e8f0fc"
    readonly property color red: contrast ? "#ff5c5c" : "#c8102e"
    readonly property color gold: "#f5b301"
    readonly property color paper: contrast ? "#000000" : "#f4f6fa"
    readonly property color card: contrast ? "#000000" : "#ffffff"
    readonly property color ink: contrast ? "#ffffff" : "#0f172a"
    readonly property color muted: contrast ? "#ffffff" : "#475569"
    readonly property color line: contrast ? "#ffffff" : "#cbd5e1"
    // A ticked box (the consent): its card, the box and the tick. High contrast keeps
    // the card black (white words) and ticks in yellow: not the light green of normal
    // mode, on which the white words of high contrast were unreadable (1.1:1).
    readonly property color ticked: contrast ? "#000000" : "#e7f6ec"
    readonly property color tickBox: contrast ? "#ffd400" : "#0f7b3f"
    readonly property color onTick: contrast ? "#000000" : "#ffffff"
    // The badge beside a field that says where its value came from ("chip", "qr",
    // "typed", "default"): white words on deep colours; in high contrast black words on
    // light ones (the "typed" badge was white on white). At least 4.5:1 either way
    // (tests/app/test_contrast.py).
    function badge(source) {
        if (source === "chip") return contrast ? "#7ee2a8" : "#0f7b3f"
        if (source === "qr") return contrast ? "#ffd400" : "#9a6700"
        return contrast ? "#ffffff" : "#475569"
    }
    readonly property color onBadge: contrast ? "#000000" : "#ffffff"
    readonly property int touch: 120
    readonly property int gap: 28
    readonly property int radius: 28
    readonly property int small: Math.round(28 * scale)
    readonly property int body: Math.round(36 * scale)
    readonly property int large: Math.round(46 * scale)
    readonly property int title: Math.round(62 * scale)
    readonly property string family: "DejaVu Sans"
}

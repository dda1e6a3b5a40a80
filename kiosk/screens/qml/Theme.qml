pragma Singleton
import QtQuick

// Colours, sizes and type for every screen. Touch targets: a 1080 x 1920 panel of
// 21.5-27 inches has 0.25-0.31 mm pixels, so 120 px is 30-37 mm, twice the 15 mm minimum.
QtObject {
    readonly property color navy: "#0a2f6b"
    readonly property color blue: "#1456b8"
    readonly property color sky: "#e8f0fc"
    readonly property color red: "#c8102e"
    readonly property color gold: "#f5b301"
    readonly property color paper: "#f4f6fa"
    readonly property color card: "#ffffff"
    readonly property color ink: "#0f172a"
    readonly property color muted: "#475569"
    readonly property color line: "#cbd5e1"
    readonly property int touch: 120
    readonly property int gap: 28
    readonly property int radius: 28
    readonly property int small: 28
    readonly property int body: 36
    readonly property int large: 46
    readonly property int title: 62
    readonly property string family: "DejaVu Sans"
}

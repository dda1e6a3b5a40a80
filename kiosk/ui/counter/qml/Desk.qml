pragma Singleton
import QtQuick

// Colours, sizes and type of the staff counter: a desk screen of 1366 x 768 or
// 1920 x 1080 read from half a metre, used with mouse and keyboard all day.
QtObject {
    readonly property color bar: "#0a2f6b"
    readonly property color barText: "#ffffff"
    readonly property color page: "#e9eef5"
    readonly property color card: "#ffffff"
    readonly property color line: "#d3dbe6"
    readonly property color ink: "#0f172a"
    readonly property color muted: "#5b6b80"
    readonly property color blue: "#1456b8"
    readonly property color blueSoft: "#e6effb"
    readonly property color green: "#157347"
    readonly property color greenSoft: "#e3f4ea"
    readonly property color amber: "#a15c00"
    readonly property color amberSoft: "#fff3dc"
    readonly property color red: "#b42318"
    readonly property color redSoft: "#fde8e6"
    readonly property color gold: "#f5b301"
    readonly property int radius: 8
    readonly property int gap: 12
    readonly property int small: 13
    readonly property int body: 15
    readonly property int heading: 17
    readonly property int big: 22
    readonly property int ticket: 104
    readonly property string family: "DejaVu Sans"
}

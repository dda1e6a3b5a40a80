import QtQuick
import "."

// A drawn ID card: blue band, gold chip, text lines, photo box.
Rectangle {
    width: 300; height: 190; radius: 18
    color: "white"; border.color: Theme.line; border.width: 3
    Rectangle { x: 0; y: 0; width: parent.width; height: 44; radius: 18; color: Theme.blue }
    Rectangle { x: 0; y: 26; width: parent.width; height: 18; color: Theme.blue }
    Rectangle { x: 26; y: 70; width: 64; height: 50; radius: 8; color: Theme.gold
                border.color: "#b98500"; border.width: 2 }
    Rectangle { x: 210; y: 62; width: 66; height: 86; radius: 6; color: Theme.sky }
    Repeater {
        model: 3
        Rectangle { required property int index
                    x: 26; y: 134 + index * 14; width: 160 - index * 30; height: 6
                    radius: 3; color: Theme.line }
    }
}

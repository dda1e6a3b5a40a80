import QtQuick
import "."

// A drawn QR code: three finder squares and a fixed scatter of modules.
Item {
    id: root
    width: 210; height: 210
    readonly property int cell: width / 21
    readonly property var modules: [
        [9,1],[11,2],[9,3],[12,4],[10,5],[9,7],[13,7],[1,9],[3,9],[5,10],[8,9],[10,10],
        [12,9],[14,11],[16,9],[18,10],[20,12],[2,12],[6,13],[9,12],[11,13],[13,14],[15,13],
        [17,15],[19,14],[9,15],[12,16],[10,18],[14,17],[16,19],[18,17],[20,20],[11,20],
        [13,19],[15,16],[17,18],[19,20],[9,19],[12,11],[15,9]]
    Repeater {
        model: [[0, 0], [14, 0], [0, 14]]
        delegate: Item {
            required property var modelData
            x: modelData[0] * root.cell; y: modelData[1] * root.cell
            Rectangle { width: 7 * root.cell; height: width; color: Theme.ink }
            Rectangle { x: root.cell; y: root.cell; width: 5 * root.cell; height: width
                        color: "white" }
            Rectangle { x: 2 * root.cell; y: 2 * root.cell; width: 3 * root.cell
                        height: width; color: Theme.ink }
        }
    }
    Repeater {
        model: root.modules
        delegate: Rectangle { required property var modelData
            x: modelData[0] * root.cell; y: modelData[1] * root.cell
            width: root.cell; height: root.cell; color: Theme.ink }
    }
}

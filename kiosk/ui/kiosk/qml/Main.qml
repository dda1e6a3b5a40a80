import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "."
import "../../qt/qml"

// The kiosk window: header (center, language switch), the current stage's screen and
// the idle countdown. Screens only display and call `kiosk` slots (intentions).
Rectangle {
    id: root
    objectName: "main"
    width: 1080; height: 1920
    color: Theme.paper

    PointHandler { onActiveChanged: if (active) kiosk.activity() }

    Rectangle {
        id: header
        objectName: "header"
        anchors { top: parent.top; left: parent.left; right: parent.right }
        height: 150
        color: Theme.header
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 3
                    color: Theme.contrast ? "white" : "transparent" }
        Rectangle {   // the emblem's place: a red disc with a gold star
            id: emblem
            anchors { left: parent.left; leftMargin: 40; verticalCenter: parent.verticalCenter }
            width: 96; height: 96; radius: 48; color: Theme.red
            Text { anchors.centerIn: parent; text: "★"; color: Theme.gold; font.pixelSize: 60 }
            Accessible.ignored: true
        }
        Text {
            objectName: "center_name"
            anchors { left: emblem.right; leftMargin: 28; right: access.left; rightMargin: 24
                      verticalCenter: parent.verticalCenter }
            text: kiosk.center_name
            Accessible.role: Accessible.Heading; Accessible.name: text
            // three lines: the speaker toggle took some of the header's width
            wrapMode: Text.WordWrap; maximumLineCount: 3; elide: Text.ElideRight
            font.family: Theme.family; font.pixelSize: 30; font.bold: true
            color: "white"
        }
        Row {   // large text and high contrast, for the current visit
            id: access
            anchors { right: switcher.left; rightMargin: 24; verticalCenter: parent.verticalCenter }
            spacing: 12
            Repeater {
                model: [["large_text", "A+"], ["contrast", "◐"]]
                delegate: Rectangle {
                    required property var modelData
                    objectName: "toggle_" + modelData[0]
                    readonly property bool on: modelData[0] === "large_text" ? kiosk.large_text
                                                                            : kiosk.high_contrast
                    width: 96; height: 96; radius: 48
                    activeFocusOnTab: true
                    Accessible.role: Accessible.CheckBox; Accessible.checkable: true
                    Accessible.checked: on
                    Accessible.name: modelData[0] === "large_text" ? qsTrId("access.large_text")
                                                                   : qsTrId("access.contrast")
                    Accessible.onPressAction: modelData[0] === "large_text"
                                              ? kiosk.toggle_large_text() : kiosk.toggle_contrast()
                    Accessible.onToggleAction: Accessible.pressAction()
                    color: on ? "white" : "transparent"
                    border.width: 3; border.color: "white"
                    Text { anchors.centerIn: parent; text: modelData[1]; font.bold: true
                           font.family: Theme.family; font.pixelSize: 36
                           color: parent.on ? "#000000" : "white" }
                    MouseArea { anchors.fill: parent
                                onClicked: modelData[0] === "large_text"
                                           ? kiosk.toggle_large_text() : kiosk.toggle_contrast() }
                }
            }
            SoundToggle { objectName: "toggle_sound" }   // spoken guidance on/off
        }
        LanguageSwitch {
            id: switcher
            anchors { right: parent.right; rightMargin: 40; verticalCenter: parent.verticalCenter }
        }
    }
    Rectangle { anchors.top: header.bottom; width: parent.width; height: 8; color: Theme.red }

    Loader {
        id: screen
        objectName: "screen"
        anchors { top: header.bottom; topMargin: 8; left: parent.left; right: parent.right
                  bottom: parent.bottom }
        source: ({
            "attract": "AttractScreen.qml",
            "language": "LanguageScreen.qml",
            "choose_procedure": "ProcedureScreen.qml",
            "form": "FormScreen.qml",
            "review": "ReviewScreen.qml",
            "ticket": "TicketScreen.qml",
            "rating": "RatingScreen.qml",
            "identify": "IdentifyScreen.qml",
            "reading_card": "ReadingScreen.qml",
            "card_pulled": "CardPulledScreen.qml",
            "submitting": "SubmittingScreen.qml",
            "done": "DoneScreen.qml",
            "counter": "CounterScreen.qml",
            "elsewhere": "ElsewhereScreen.qml",
            "documents": "DocumentsScreen.qml"
        })[kiosk.stage] || "StageScreen.qml"
    }

    // The on-screen keyboard (Qt Virtual Keyboard), Vietnamese layout unless English.
    // Its height follows its width: across a landscape screen it would take more than
    // half of it, so there it is 1400 px wide (keys ~140 px, still far above 15 mm)
    // and the screen above keeps room for the field being typed into.
    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 50
        width: root.width > root.height ? Math.min(root.width, 1400) : root.width
        x: (root.width - width) / 2
        y: active ? parent.height - height : parent.height
    }
    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: kiosk.language === "en" ? "en_GB" : "vi_VN"
    }
    Component.onCompleted: VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_GB"]
    // The keypad types on it too: its own arrow-key navigation (docs/accessibility.md),
    // only while the keypad is in use (on, it takes the ⏎ key's Return from the box).
    Binding { target: VirtualKeyboardSettings; property: "arrowKeyNavigationEnabled"
              value: typeof keypadFocus !== "undefined" && keypadFocus.active }
    // A new screen starts without the keyboard covering its buttons.
    Connections { target: kiosk; function onStage_changed() { Qt.inputMethod.hide() } }

    // A scan that is not a citizen ID card's QR: said on whatever screen is showing.
    Rectangle {
        objectName: "qr_not_cccd"
        z: 90
        visible: kiosk.notice === "qr_not_cccd"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  margins: 32 }
        height: qrNotCccd.implicitHeight + 48
        radius: Theme.radius; color: Theme.card
        border.width: 4; border.color: Theme.red
        Text { id: qrNotCccd; objectName: "qr_not_cccd_text"
               anchors { fill: parent; margins: 24 }
               text: qsTrId("qr.not_cccd"); wrapMode: Text.WordWrap
               horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter
               font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
               color: Theme.red }
    }

    Rectangle {
        objectName: "countdown"
        z: 100
        anchors.fill: parent
        visible: kiosk.countdown > 0
        color: "#cc0f172a"
        MouseArea { anchors.fill: parent; onClicked: kiosk.activity() }  // blocks what is beneath
        Rectangle {
            anchors.centerIn: parent
            width: Math.min(parent.width - 120, 960); height: box.implicitHeight + 120
            radius: Theme.radius; color: Theme.card
            Column {
                id: box
                anchors.centerIn: parent
                width: parent.width - 120
                spacing: 40
                Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
                       text: kiosk.countdown; font.pixelSize: 160; font.bold: true
                       color: Theme.red; font.family: Theme.family }
                Text { width: parent.width; horizontalAlignment: Text.AlignHCenter
                       wrapMode: Text.WordWrap
                       text: qsTrId("countdown.text").arg(kiosk.countdown)
                       font.family: Theme.family; font.pixelSize: Theme.large; color: Theme.ink }
                Text { objectName: "countdown_any_key"   // the keypad is in use
                       visible: typeof keypadFocus !== "undefined" && keypadFocus.active
                       width: parent.width; horizontalAlignment: Text.AlignHCenter
                       wrapMode: Text.WordWrap; text: qsTrId("access.any_key")
                       font.family: Theme.family; font.pixelSize: Theme.large; font.bold: true
                       color: Theme.ink }
                BigButton { objectName: "stay"; width: parent.width; primary: true
                            text: qsTrId("countdown.stay"); onClicked: kiosk.activity() }
            }
        }
    }

    // The keypad's focus outline, above everything (the PIN pad too).
    FocusRing { z: 250; contrast: Theme.contrast }

    // Technician access (docs/technician.md): hold the emblem 3 s, then tap the top-right
    // corner → PIN → menu. Loaded only when the app provides a `technician` presenter.
    Loader {
        objectName: "technician"
        z: 200
        anchors.fill: parent
        active: typeof technician !== "undefined" && technician !== null
        source: active ? "../../technician/qml/TechnicianLayer.qml" : ""
    }
}

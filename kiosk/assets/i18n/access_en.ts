<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message id="access.alternatives">
        <source>Letters with accents: %1. Left and right choose one, select types it, back leaves them.</source>
        <translation>Letters with accents: %1. Left and right choose one, select types it, back leaves them.</translation>
    </message>
    <message id="access.any_key">
        <source>Press any key to continue.</source>
        <translation>Press any key to continue.</translation>
    </message>
    <message id="access.contrast">
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message id="access.key.accents">
        <source>hold select for accents</source>
        <translation>hold select for accents</translation>
    </message>
    <message id="access.key.backspace">
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message id="access.key.enter">
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message id="access.key.hide">
        <source>Hide the keyboard</source>
        <translation>Hide the keyboard</translation>
    </message>
    <message id="access.key.language">
        <source>Keyboard language</source>
        <translation>Keyboard language</translation>
    </message>
    <message id="access.key.shift">
        <source>Capital letters</source>
        <translation>Capital letters</translation>
    </message>
    <message id="access.key.space">
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message id="access.key.symbol">
        <source>Numbers and symbols</source>
        <translation>Numbers and symbols</translation>
    </message>
    <message id="access.keyboard">
        <source>On-screen keyboard. Arrows choose a key, select types it, hold select for a letter's accents, back closes the keyboard.</source>
        <translation>On-screen keyboard. Arrows choose a key, select types it, hold select for a letter's accents, back closes the keyboard.</translation>
    </message>
    <message id="access.large_text">
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message id="access.mark.acute">
        <source>acute accent</source>
        <translation>acute accent</translation>
    </message>
    <message id="access.mark.breve">
        <source>breve</source>
        <translation>breve</translation>
    </message>
    <message id="access.mark.circumflex">
        <source>circumflex</source>
        <translation>circumflex</translation>
    </message>
    <message id="access.mark.dot">
        <source>dot below</source>
        <translation>dot below</translation>
    </message>
    <message id="access.mark.grave">
        <source>grave accent</source>
        <translation>grave accent</translation>
    </message>
    <message id="access.mark.hook">
        <source>hook above</source>
        <translation>hook above</translation>
    </message>
    <message id="access.mark.horn">
        <source>horn</source>
        <translation>horn</translation>
    </message>
    <message id="access.mark.stroke">
        <source>d with a stroke</source>
        <translation>d with a stroke</translation>
    </message>
    <message id="access.mark.tilde">
        <source>tilde</source>
        <translation>tilde</translation>
    </message>
    <message id="access.required">
        <source>required</source>
        <translation>required</translation>
    </message>
    <message id="access.role.button">
        <source>button</source>
        <translation>button</translation>
    </message>
    <message id="access.role.checkbox">
        <source>check box</source>
        <translation>check box</translation>
    </message>
    <message id="access.role.field">
        <source>text field</source>
        <translation>text field</translation>
    </message>
    <message id="access.role.key">
        <source>key</source>
        <translation>key</translation>
    </message>
    <message id="access.sound">
        <source>Mute the spoken guidance</source>
        <translation>Mute the spoken guidance</translation>
    </message>
    <message id="access.stars">
        <source>%1 stars</source>
        <translation>%1 stars</translation>
    </message>
    <message id="access.state.checked">
        <source>chosen</source>
        <translation>chosen</translation>
    </message>
    <message id="access.state.unchecked">
        <source>not chosen</source>
        <translation>not chosen</translation>
    </message>
    <message id="access.value.empty">
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message id="access.value.hidden">
        <source>filled in; plug in headphones to hear it</source>
        <translation>filled in; plug in headphones to hear it</translation>
    </message>
    <message id="access.volume">
        <source>Volume %1 percent</source>
        <translation>Volume %1 percent</translation>
    </message>
</context>
</TS>

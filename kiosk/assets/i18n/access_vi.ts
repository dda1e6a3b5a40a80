<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message id="access.alternatives">
        <source>Letters with accents: %1. Left and right choose one, select types it, back leaves them.</source>
        <translation>Chữ có dấu: %1. Mũi tên trái, phải để chọn, phím chọn để gõ, phím quay lại để bỏ qua.</translation>
    </message>
    <message id="access.any_key">
        <source>Press any key to continue.</source>
        <translation>Nhấn phím bất kỳ để tiếp tục.</translation>
    </message>
    <message id="access.contrast">
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message id="access.key.accents">
        <source>hold select for accents</source>
        <translation>giữ phím chọn để có dấu</translation>
    </message>
    <message id="access.key.backspace">
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message id="access.key.enter">
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message id="access.key.hide">
        <source>Hide the keyboard</source>
        <translation>Ẩn bàn phím</translation>
    </message>
    <message id="access.key.language">
        <source>Keyboard language</source>
        <translation>Ngôn ngữ bàn phím</translation>
    </message>
    <message id="access.key.shift">
        <source>Capital letters</source>
        <translation>Chữ hoa</translation>
    </message>
    <message id="access.key.space">
        <source>Space</source>
        <translation>Dấu cách</translation>
    </message>
    <message id="access.key.symbol">
        <source>Numbers and symbols</source>
        <translation>Số và ký hiệu</translation>
    </message>
    <message id="access.keyboard">
        <source>On-screen keyboard. Arrows choose a key, select types it, hold select for a letter's accents, back closes the keyboard.</source>
        <translation>Bàn phím trên màn hình. Dùng phím mũi tên để chọn phím, phím chọn để gõ, giữ phím chọn để có chữ có dấu, phím quay lại để đóng bàn phím.</translation>
    </message>
    <message id="access.large_text">
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message id="access.mark.acute">
        <source>acute accent</source>
        <translation>dấu sắc</translation>
    </message>
    <message id="access.mark.breve">
        <source>breve</source>
        <translation>trăng</translation>
    </message>
    <message id="access.mark.circumflex">
        <source>circumflex</source>
        <translation>mũ</translation>
    </message>
    <message id="access.mark.dot">
        <source>dot below</source>
        <translation>dấu nặng</translation>
    </message>
    <message id="access.mark.grave">
        <source>grave accent</source>
        <translation>dấu huyền</translation>
    </message>
    <message id="access.mark.hook">
        <source>hook above</source>
        <translation>dấu hỏi</translation>
    </message>
    <message id="access.mark.horn">
        <source>horn</source>
        <translation>móc</translation>
    </message>
    <message id="access.mark.stroke">
        <source>d with a stroke</source>
        <translation>đê, d gạch ngang</translation>
    </message>
    <message id="access.mark.tilde">
        <source>tilde</source>
        <translation>dấu ngã</translation>
    </message>
    <message id="access.required">
        <source>required</source>
        <translation>bắt buộc</translation>
    </message>
    <message id="access.role.button">
        <source>button</source>
        <translation>nút</translation>
    </message>
    <message id="access.role.checkbox">
        <source>check box</source>
        <translation>ô đánh dấu</translation>
    </message>
    <message id="access.role.field">
        <source>text field</source>
        <translation>ô nhập</translation>
    </message>
    <message id="access.role.key">
        <source>key</source>
        <translation>phím</translation>
    </message>
    <message id="access.sound">
        <source>Mute the spoken guidance</source>
        <translation>Tắt tiếng hướng dẫn</translation>
    </message>
    <message id="access.stars">
        <source>%1 stars</source>
        <translation>%1 sao</translation>
    </message>
    <message id="access.state.checked">
        <source>chosen</source>
        <translation>đã chọn</translation>
    </message>
    <message id="access.state.unchecked">
        <source>not chosen</source>
        <translation>chưa chọn</translation>
    </message>
    <message id="access.value.empty">
        <source>empty</source>
        <translation>trống</translation>
    </message>
    <message id="access.value.hidden">
        <source>filled in; plug in headphones to hear it</source>
        <translation>đã điền; cắm tai nghe để nghe nội dung</translation>
    </message>
    <message id="access.volume">
        <source>Volume %1 percent</source>
        <translation>Âm lượng %1 phần trăm</translation>
    </message>
</context>
</TS>

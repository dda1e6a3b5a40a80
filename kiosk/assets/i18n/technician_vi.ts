<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message id="tech.cancel">
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message id="tech.diag.apdu">
        <source>Reader APDU log (personal data masked)</source>
        <translation>Nhật ký APDU đầu đọc (đã che dữ liệu cá nhân)</translation>
    </message>
    <message id="tech.diag.back">
        <source>Menu</source>
        <translation>Menu kỹ thuật</translation>
    </message>
    <message id="tech.diag.camera">
        <source>Camera (decode overlay)</source>
        <translation>Máy ảnh (khung giải mã)</translation>
    </message>
    <message id="tech.diag.no_apdu">
        <source>No exchanges yet: run the reader check or lay a test card on the reader.</source>
        <translation>Chưa có trao đổi nào: chạy kiểm tra đầu đọc hoặc đặt thẻ thử lên đầu đọc.</translation>
    </message>
    <message id="tech.diag.no_preview">
        <source>No picture from the camera right now: run the camera check or show a QR code.</source>
        <translation>Máy ảnh chưa gửi hình: chạy kiểm tra máy ảnh hoặc đưa một mã QR vào.</translation>
    </message>
    <message id="tech.diag.rerun">
        <source>Re-run</source>
        <translation>Chạy lại</translation>
    </message>
    <message id="tech.diag.run_all">
        <source>Run all</source>
        <translation>Chạy tất cả</translation>
    </message>
    <message id="tech.diag.test_page">
        <source>Test page</source>
        <translation>In trang thử</translation>
    </message>
    <message id="tech.diag.title">
        <source>Diagnostics</source>
        <translation>Chẩn đoán</translation>
    </message>
    <message id="tech.menu.citizen">
        <source>Back to the citizen screen</source>
        <translation>Quay lại màn hình công dân</translation>
    </message>
    <message id="tech.menu.diagnostics">
        <source>Diagnostics</source>
        <translation>Chẩn đoán thiết bị</translation>
    </message>
    <message id="tech.menu.exit">
        <source>Exit the kiosk app</source>
        <translation>Thoát ứng dụng ki-ốt</translation>
    </message>
    <message id="tech.menu.title">
        <source>Technician menu</source>
        <translation>Menu kỹ thuật viên</translation>
    </message>
    <message id="tech.menu.wiped">
        <source>The citizen's visit was cleared: no personal data is shown here.</source>
        <translation>Lượt phục vụ của công dân đã được xóa: không hiển thị dữ liệu cá nhân nào ở đây.</translation>
    </message>
    <message id="tech.pin.checking">
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message id="tech.pin.dev">
        <source>Development window without a PIN setting: the development PIN is 2468.</source>
        <translation>Cửa sổ phát triển chưa đặt mã PIN: mã PIN phát triển là 2468.</translation>
    </message>
    <message id="tech.pin.invalid">
        <source>The technician PIN setting is invalid: make it again with 'kiosk diag pin-hash'.</source>
        <translation>Cấu hình mã PIN kỹ thuật viên không hợp lệ: tạo lại bằng 'kiosk diag pin-hash'.</translation>
    </message>
    <message id="tech.pin.locked">
        <source>Too many wrong PINs: locked. Try again in %1.</source>
        <translation>Nhập sai quá nhiều lần: đã khóa. Thử lại sau %1.</translation>
    </message>
    <message id="tech.pin.not_set">
        <source>No technician PIN is set on this kiosk, so the technician menu cannot open. Set [technician] pin_hash (made by 'kiosk diag pin-hash') in the configuration.</source>
        <translation>Ki-ốt này chưa đặt mã PIN kỹ thuật viên nên không mở được menu kỹ thuật. Hãy đặt [technician] pin_hash (tạo bằng 'kiosk diag pin-hash') trong tệp cấu hình.</translation>
    </message>
    <message id="tech.pin.prompt">
        <source>Enter the technician PIN, then ✓</source>
        <translation>Nhập mã PIN kỹ thuật viên rồi bấm ✓</translation>
    </message>
    <message id="tech.pin.title">
        <source>Technician PIN</source>
        <translation>Mã PIN kỹ thuật viên</translation>
    </message>
    <message id="tech.pin.wrong">
        <source>Wrong PIN. %1 tries left before a 5-minute lock.</source>
        <translation>Sai mã PIN. Còn %1 lần thử trước khi khóa 5 phút.</translation>
    </message>
    <message id="tech.status.failed">
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message id="tech.status.ok">
        <source>OK</source>
        <translation>Tốt</translation>
    </message>
    <message id="tech.status.pending">
        <source>Not run</source>
        <translation>Chưa chạy</translation>
    </message>
    <message id="tech.status.running">
        <source>Running…</source>
        <translation>Đang chạy…</translation>
    </message>
    <message id="tech.status.warning">
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
</context>
</TS>

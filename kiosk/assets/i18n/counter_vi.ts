<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message id="counter.action.calling">
        <source>Calling…</source>
        <translation>Đang gọi…</translation>
    </message>
    <message id="counter.action.complete">
        <source>Complete</source>
        <translation>Hoàn thành</translation>
    </message>
    <message id="counter.action.next">
        <source>Call next</source>
        <translation>Gọi số tiếp theo</translation>
    </message>
    <message id="counter.action.no_show">
        <source>No-show</source>
        <translation>Vắng mặt</translation>
    </message>
    <message id="counter.action.recall">
        <source>Recall</source>
        <translation>Gọi lại</translation>
    </message>
    <message id="counter.action.skip">
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
    <message id="counter.action.transfer">
        <source>Transfer to another service</source>
        <translation>Chuyển sang dịch vụ khác</translation>
    </message>
    <message id="counter.auth.chain_unverified">
        <source>Genuine chip, CSCA chain not verified</source>
        <translation>Chip thật, chưa kiểm chứng chuỗi CSCA</translation>
    </message>
    <message id="counter.auth.failed">
        <source>Card FAILED authenticity checks</source>
        <translation>Thẻ KHÔNG qua kiểm tra xác thực</translation>
    </message>
    <message id="counter.auth.ok">
        <source>Card authenticated</source>
        <translation>Thẻ xác thực hợp lệ</translation>
    </message>
    <message id="counter.auth.unknown">
        <source>No authenticity result recorded</source>
        <translation>Ki-ốt không ghi kết quả xác thực</translation>
    </message>
    <message id="counter.bar.counter">
        <source>Counter %1</source>
        <translation>Quầy số %1</translation>
    </message>
    <message id="counter.bar.sign_out">
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message id="counter.bar.staff">
        <source>Staff: %1</source>
        <translation>Cán bộ: %1</translation>
    </message>
    <message id="counter.bar.title">
        <source>Reception counter</source>
        <translation>Quầy tiếp nhận hồ sơ</translation>
    </message>
    <message id="counter.citizen.clear">
        <source>Clear citizen</source>
        <translation>Xóa thông tin</translation>
    </message>
    <message id="counter.citizen.days">
        <source>Processing: %1 working days</source>
        <translation>Thời hạn: %1 ngày làm việc</translation>
    </message>
    <message id="counter.citizen.days_unknown">
        <source>Processing time unknown</source>
        <translation>Thời hạn: chưa rõ</translation>
    </message>
    <message id="counter.citizen.form">
        <source>Form pre-filled at the kiosk</source>
        <translation>Tờ khai đã điền sẵn tại ki-ốt</translation>
    </message>
    <message id="counter.citizen.id">
        <source>ID number: %1</source>
        <translation>Số định danh: %1</translation>
    </message>
    <message id="counter.citizen.no_ticket">
        <source>No queue ticket</source>
        <translation>Không có số thứ tự</translation>
    </message>
    <message id="counter.citizen.hand_over">
        <source>Result handed over</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message id="counter.msg.file_returned">
        <source>The result is recorded as handed over to the citizen.</source>
        <translation>Đã ghi nhận trả kết quả cho công dân.</translation>
    </message>
    <message id="counter.msg.file_not_ready">
        <source>This file has no result to hand over yet.</source>
        <translation>Hồ sơ này chưa có kết quả để trả.</translation>
    </message>
    <message id="counter.msg.file_offline">
        <source>The central service cannot be reached; the file's step is not recorded, try again.</source>
        <translation>Không kết nối được máy chủ trung tâm; chưa ghi nhận bước của hồ sơ, hãy thử lại.</translation>
    </message>
    <message id="counter.msg.file_failed">
        <source>The central service refused to record this step of the file.</source>
        <translation>Máy chủ trung tâm không ghi nhận bước này của hồ sơ.</translation>
    </message>
    <message id="counter.citizen.print">
        <source>Print receipt and appointment</source>
        <translation>In phiếu hẹn trả kết quả</translation>
    </message>
    <message id="counter.citizen.printing">
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message id="counter.citizen.procedure">
        <source>Procedure: %1</source>
        <translation>Thủ tục: %1</translation>
    </message>
    <message id="counter.citizen.received">
        <source>Submitted %1</source>
        <translation>Nộp lúc %1</translation>
    </message>
    <message id="counter.citizen.ticket">
        <source>Ticket %1</source>
        <translation>Số thứ tự %1</translation>
    </message>
    <message id="counter.citizen.file_code">
        <source>File code %1</source>
        <translation>Mã hồ sơ %1</translation>
    </message>
    <message id="counter.link.offline">
        <source>Central unreachable</source>
        <translation>Mất kết nối máy chủ</translation>
    </message>
    <message id="counter.link.online">
        <source>Connected</source>
        <translation>Đã kết nối</translation>
    </message>
    <message id="counter.link.pending">
        <source>%1 records waiting</source>
        <translation>%1 bản ghi chờ gửi</translation>
    </message>
    <message id="counter.lookup.button">
        <source>Look up</source>
        <translation>Tra cứu</translation>
    </message>
    <message id="counter.lookup.empty">
        <source>No citizen yet. Type the ID number, or lay the card on the reader and type its CAN, or scan the QR on the card.</source>
        <translation>Chưa có công dân. Gõ số định danh, hoặc đặt thẻ lên đầu đọc và gõ số CAN, hoặc quét mã QR trên thẻ.</translation>
    </message>
    <message id="counter.lookup.failed">
        <source>The look-up failed; see the message below.</source>
        <translation>Không tra cứu được; xem thông báo bên dưới.</translation>
    </message>
    <message id="counter.lookup.need_can">
        <source>The card is on the reader: type its CAN (the 6 digits printed on it) and press Enter.</source>
        <translation>Thẻ đã đặt lên đầu đọc: gõ số CAN (6 chữ số in trên thẻ) rồi nhấn Enter.</translation>
    </message>
    <message id="counter.lookup.need_card">
        <source>Lay the citizen's card on the reader to read its chip.</source>
        <translation>Đặt thẻ của công dân lên đầu đọc để đọc chip.</translation>
    </message>
    <message id="counter.lookup.none">
        <source>No kiosk submission for this ID number in the last 30 days.</source>
        <translation>Không tìm thấy hồ sơ nào nộp tại ki-ốt cho số định danh này trong 30 ngày qua.</translation>
    </message>
    <message id="counter.lookup.placeholder">
        <source>ID number (12 digits) or CAN (6 digits)</source>
        <translation>Số định danh (12 số) hoặc CAN (6 số)</translation>
    </message>
    <message id="counter.lookup.reading">
        <source>Reading the ID card's chip…</source>
        <translation>Đang đọc chip thẻ căn cước…</translation>
    </message>
    <message id="counter.lookup.searching">
        <source>Looking up the submissions…</source>
        <translation>Đang tra cứu hồ sơ…</translation>
    </message>
    <message id="counter.lookup.title">
        <source>Citizen look-up</source>
        <translation>Tra cứu công dân</translation>
    </message>
    <message id="counter.msg.action_complete">
        <source>Recorded: served.</source>
        <translation>Đã ghi nhận: hoàn thành.</translation>
    </message>
    <message id="counter.msg.action_failed">
        <source>The action could not be saved to the outbox; call a technician.</source>
        <translation>Không lưu được thao tác vào hàng đợi gửi; báo kỹ thuật viên.</translation>
    </message>
    <message id="counter.msg.action_no_show">
        <source>Recorded: the citizen did not come.</source>
        <translation>Đã ghi nhận: công dân vắng mặt.</translation>
    </message>
    <message id="counter.msg.action_not_called">
        <source>This ticket is skipped; recall it first.</source>
        <translation>Số này đang bị bỏ qua; gọi lại trước.</translation>
    </message>
    <message id="counter.msg.action_recall">
        <source>Ticket called again.</source>
        <translation>Đã gọi lại số.</translation>
    </message>
    <message id="counter.msg.action_refused">
        <source>That action is not valid; nothing was recorded.</source>
        <translation>Thao tác không hợp lệ; không có gì được ghi.</translation>
    </message>
    <message id="counter.msg.action_skip">
        <source>Ticket skipped; it can be recalled later.</source>
        <translation>Đã bỏ qua số; có thể gọi lại sau.</translation>
    </message>
    <message id="counter.msg.action_transfer">
        <source>Citizen transferred to another service, keeping the number.</source>
        <translation>Đã chuyển công dân sang dịch vụ khác, giữ nguyên số.</translation>
    </message>
    <message id="counter.msg.call_called">
        <source>New ticket called.</source>
        <translation>Đã gọi số mới.</translation>
    </message>
    <message id="counter.msg.call_failed">
        <source>The central service refused the call.</source>
        <translation>Máy chủ từ chối yêu cầu gọi số.</translation>
    </message>
    <message id="counter.msg.call_finish_first">
        <source>Complete, skip, transfer or mark the current ticket as a no-show first.</source>
        <translation>Hãy hoàn thành, bỏ qua, chuyển hoặc đánh dấu vắng mặt số hiện tại trước.</translation>
    </message>
    <message id="counter.msg.call_no_services">
        <source>Choose at least one service for this counter.</source>
        <translation>Chọn ít nhất một dịch vụ quầy phục vụ.</translation>
    </message>
    <message id="counter.msg.call_nobody">
        <source>Nobody is waiting for this counter's services.</source>
        <translation>Không còn ai chờ ở các dịch vụ của quầy.</translation>
    </message>
    <message id="counter.msg.call_offline">
        <source>Central unreachable: cannot call a new ticket. Other actions are saved and sent later.</source>
        <translation>Mất kết nối máy chủ: chưa gọi được số mới. Các thao tác khác vẫn được lưu và gửi sau.</translation>
    </message>
    <message id="counter.msg.call_resumed">
        <source>Resuming the ticket being served at this counter.</source>
        <translation>Tiếp tục phục vụ số đang gọi tại quầy này.</translation>
    </message>
    <message id="counter.msg.lookup_bad_input">
        <source>Type a 12-digit ID number or a 6-digit CAN.</source>
        <translation>Gõ số định danh 12 chữ số, hoặc số CAN 6 chữ số.</translation>
    </message>
    <message id="counter.msg.lookup_card_failed">
        <source>The chip could not be read; lay the card on the reader again.</source>
        <translation>Không đọc được chip; đặt lại thẻ lên đầu đọc.</translation>
    </message>
    <message id="counter.msg.lookup_failed">
        <source>The central service could not answer the look-up.</source>
        <translation>Máy chủ không trả lời được yêu cầu tra cứu.</translation>
    </message>
    <message id="counter.msg.lookup_not_cccd">
        <source>The QR code scanned is not an ID card's.</source>
        <translation>Mã QR vừa quét không phải mã trên thẻ căn cước.</translation>
    </message>
    <message id="counter.msg.lookup_not_genuine">
        <source>The card FAILED the chip's authenticity checks; inspect the card itself. Nothing was looked up.</source>
        <translation>Thẻ KHÔNG qua kiểm tra xác thực chip; kiểm tra trực tiếp thẻ. Không tra cứu.</translation>
    </message>
    <message id="counter.msg.lookup_offline">
        <source>Central unreachable: cannot look up now.</source>
        <translation>Mất kết nối máy chủ: chưa tra cứu được.</translation>
    </message>
    <message id="counter.msg.lookup_wiped">
        <source>The citizen's data was cleared from the screen.</source>
        <translation>Thông tin công dân đã được xóa khỏi màn hình.</translation>
    </message>
    <message id="counter.msg.lookup_wrong_can">
        <source>The CAN does not match the card; check the 6 digits printed on it.</source>
        <translation>Số CAN không đúng với thẻ; kiểm tra 6 chữ số in trên thẻ.</translation>
    </message>
    <message id="counter.msg.print_done">
        <source>Receipt and appointment slip printed.</source>
        <translation>Đã in phiếu hẹn trả kết quả.</translation>
    </message>
    <message id="counter.msg.print_no_citizen">
        <source>No submission to print a receipt for.</source>
        <translation>Chưa có hồ sơ để in phiếu hẹn.</translation>
    </message>
    <message id="counter.msg.print_not_ready">
        <source>The printer is not ready; check its paper and cover.</source>
        <translation>Máy in chưa sẵn sàng; kiểm tra giấy và nắp máy.</translation>
    </message>
    <message id="counter.msg.signin_bad_counter">
        <source>A counter number is 1 to 8 letters or digits, e.g. 3.</source>
        <translation>Số quầy gồm 1 đến 8 chữ hoặc số, ví dụ 3.</translation>
    </message>
    <message id="counter.msg.signin_device">
        <source>The central service does not accept this counter PC's signature; ask a technician to check its enrollment.</source>
        <translation>Máy chủ không chấp nhận chữ ký của máy quầy này; báo kỹ thuật viên kiểm tra việc đăng ký thiết bị.</translation>
    </message>
    <message id="counter.msg.signin_failed">
        <source>The central service refused the sign-in.</source>
        <translation>Máy chủ từ chối đăng nhập.</translation>
    </message>
    <message id="counter.msg.signin_locked">
        <source>Too many wrong attempts; wait 5 minutes and try again.</source>
        <translation>Nhập sai quá nhiều lần; đợi 5 phút rồi thử lại.</translation>
    </message>
    <message id="counter.msg.signin_missing">
        <source>Enter your user name and PIN.</source>
        <translation>Nhập tên đăng nhập và mã PIN.</translation>
    </message>
    <message id="counter.msg.signin_not_allowed">
        <source>This account may not sign in at a counter.</source>
        <translation>Tài khoản này không được đăng nhập tại quầy.</translation>
    </message>
    <message id="counter.msg.signin_offline">
        <source>Central unreachable: cannot sign in. Signing in needs the central service to check the PIN.</source>
        <translation>Mất kết nối máy chủ: chưa đăng nhập được. Đăng nhập cần máy chủ kiểm tra mã PIN.</translation>
    </message>
    <message id="counter.msg.signin_welcome">
        <source>Welcome, %1.</source>
        <translation>Xin chào %1.</translation>
    </message>
    <message id="counter.msg.signin_wrong_pin">
        <source>The user name or PIN is wrong.</source>
        <translation>Tên đăng nhập hoặc mã PIN không đúng.</translation>
    </message>
    <message id="counter.msg.signout_done">
        <source>Signed out.</source>
        <translation>Đã đăng xuất.</translation>
    </message>
    <message id="counter.msg.signout_finish_first">
        <source>Finish the ticket being served before signing out.</source>
        <translation>Hãy kết thúc số đang phục vụ trước khi đăng xuất.</translation>
    </message>
    <message id="counter.msg.transfer_same">
        <source>Choose a service other than the current one.</source>
        <translation>Chọn một dịch vụ khác dịch vụ hiện tại.</translation>
    </message>
    <message id="counter.queue.title">
        <source>Services and people waiting</source>
        <translation>Dịch vụ của quầy và số người chờ</translation>
    </message>
    <message id="counter.queue.total">
        <source>%1 waiting</source>
        <translation>%1 người đang chờ</translation>
    </message>
    <message id="counter.reader.card_present">
        <source>A card is on the reader</source>
        <translation>Thẻ đang ở trên đầu đọc</translation>
    </message>
    <message id="counter.reader.hint">
        <source>Card reader: no card</source>
        <translation>Đầu đọc thẻ: chưa có thẻ</translation>
    </message>
    <message id="counter.signin.button">
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message id="counter.signin.checking">
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message id="counter.signin.counter">
        <source>Counter number</source>
        <translation>Số quầy</translation>
    </message>
    <message id="counter.signin.hint">
        <source>Sign in with the staff account your administrator gave you. Choose the services after signing in.</source>
        <translation>Đăng nhập bằng tài khoản cán bộ do quản trị viên cấp. Chọn dịch vụ sau khi đăng nhập.</translation>
    </message>
    <message id="counter.signin.pin">
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message id="counter.signin.title">
        <source>Counter sign-in</source>
        <translation>Đăng nhập quầy</translation>
    </message>
    <message id="counter.signin.user">
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message id="counter.source.chip">
        <source>Read from the chip</source>
        <translation>Đọc từ chip</translation>
    </message>
    <message id="counter.source.default">
        <source>Default value</source>
        <translation>Giá trị mặc định</translation>
    </message>
    <message id="counter.source.qr">
        <source>From the QR code</source>
        <translation>Từ mã QR</translation>
    </message>
    <message id="counter.source.typed">
        <source>Typed by the citizen</source>
        <translation>Công dân tự nhập</translation>
    </message>
    <message id="counter.source.unknown">
        <source>Source unknown</source>
        <translation>Không rõ nguồn</translation>
    </message>
    <message id="counter.status.keys">
        <source>F2 next · F3 recall · F4 done · F6 skip · F7 no-show · F8 transfer · F9 print · F10 handed over · Ctrl+F look up</source>
        <translation>F2 gọi · F3 gọi lại · F4 xong · F6 bỏ qua · F7 vắng · F8 chuyển · F9 in · F10 trả kết quả · Ctrl+F tra cứu</translation>
    </message>
    <message id="counter.ticket.calls">
        <source>called %1×</source>
        <translation>gọi %1 lần</translation>
    </message>
    <message id="counter.ticket.none">
        <source>No ticket called</source>
        <translation>Chưa gọi số nào</translation>
    </message>
    <message id="counter.ticket.state_called">
        <source>Serving</source>
        <translation>Đang phục vụ</translation>
    </message>
    <message id="counter.ticket.state_skipped">
        <source>Skipped</source>
        <translation>Đã bỏ qua</translation>
    </message>
    <message id="counter.ticket.title">
        <source>Now serving</source>
        <translation>Số đang phục vụ</translation>
    </message>
    <message id="counter.transfer.title">
        <source>Transfer to service (keys 1–9)</source>
        <translation>Chuyển sang dịch vụ (phím 1–9)</translation>
    </message>
    <message id="counter.citizen.competent">
        <source>Decides: %1</source>
        <translation>Cơ quan giải quyết: %1</translation>
    </message>
    <message id="counter.citizen.units">
        <source>Today's units: %1</source>
        <translation>Đơn vị hiện nay: %1</translation>
    </message>
    <message id="counter.citizen.on_card">
        <source>On the card: %1</source>
        <translation>Trên thẻ: %1</translation>
    </message>
    <message id="counter.files.open">
        <source>%1 · %2 · open</source>
        <translation>%1 · %2 · mở</translation>
    </message>
    <message id="counter.files.incomplete">
        <source>still arriving</source>
        <translation>đang gửi đến</translation>
    </message>
    <message id="counter.files.opening">
        <source>Opening the file…</source>
        <translation>Đang mở tệp…</translation>
    </message>
    <message id="counter.files.verified">
        <source>Kiosk signature verified: this replaces a photocopy of the card</source>
        <translation>Chữ ký ki-ốt hợp lệ: dùng thay bản sao thẻ</translation>
    </message>
    <message id="counter.files.not_verified">
        <source>Signature NOT valid: do not use; ask for the card</source>
        <translation>Chữ ký KHÔNG hợp lệ: không dùng, yêu cầu xuất trình thẻ</translation>
    </message>
    <message id="counter.files.unsigned">
        <source>Taken at the kiosk</source>
        <translation>Chụp tại ki-ốt</translation>
    </message>
    <message id="counter.files.close">
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message id="counter.msg.attachment_failed">
        <source>The attached file could not be opened.</source>
        <translation>Không mở được tệp đính kèm.</translation>
    </message>
    <message id="counter.citizen.file_steps">
        <source>File step…</source>
        <translation>Bước hồ sơ…</translation>
    </message>
    <message id="counter.file.title">
        <source>Record a step of the file</source>
        <translation>Ghi nhận bước của hồ sơ</translation>
    </message>
    <message id="counter.file.more_documents">
        <source>More documents requested (pauses the clock)</source>
        <translation>Yêu cầu bổ sung giấy tờ (tạm dừng tính thời gian)</translation>
    </message>
    <message id="counter.file.documents_supplied">
        <source>Documents supplied</source>
        <translation>Công dân đã bổ sung giấy tờ</translation>
    </message>
    <message id="counter.file.result_ready">
        <source>Result ready</source>
        <translation>Đã có kết quả</translation>
    </message>
    <message id="counter.file.refused">
        <source>Refused</source>
        <translation>Từ chối giải quyết</translation>
    </message>
    <message id="counter.file.withdrawn">
        <source>Withdrawn by the citizen</source>
        <translation>Công dân rút hồ sơ</translation>
    </message>
    <message id="counter.file.reason">
        <source>reason</source>
        <translation>lý do</translation>
    </message>
    <message id="counter.file.note">
        <source>Other reason or details (optional)</source>
        <translation>Lý do khác hoặc ghi chú (không bắt buộc)</translation>
    </message>
    <message id="counter.file.record">
        <source>Record</source>
        <translation>Ghi nhận</translation>
    </message>
    <message id="counter.msg.file_needs_reason">
        <source>Choose a reason or type one.</source>
        <translation>Hãy chọn hoặc nhập lý do.</translation>
    </message>
    <message id="counter.msg.file_step_refused">
        <source>This step cannot follow the file's current step.</source>
        <translation>Bước này không thể tiếp theo bước hiện tại của hồ sơ.</translation>
    </message>
    <message id="counter.msg.file_recorded_more_documents">
        <source>Recorded: more documents requested; the clock is paused.</source>
        <translation>Đã ghi nhận yêu cầu bổ sung giấy tờ; tạm dừng tính thời gian.</translation>
    </message>
    <message id="counter.msg.file_recorded_documents_supplied">
        <source>Recorded: documents supplied; the clock runs again.</source>
        <translation>Đã ghi nhận bổ sung giấy tờ; tiếp tục tính thời gian.</translation>
    </message>
    <message id="counter.msg.file_recorded_result_ready">
        <source>Recorded: the result is ready.</source>
        <translation>Đã ghi nhận hồ sơ có kết quả.</translation>
    </message>
    <message id="counter.msg.file_recorded_refused">
        <source>Recorded: the file is refused.</source>
        <translation>Đã ghi nhận từ chối giải quyết hồ sơ.</translation>
    </message>
    <message id="counter.msg.file_recorded_withdrawn">
        <source>Recorded: the citizen withdrew the file.</source>
        <translation>Đã ghi nhận công dân rút hồ sơ.</translation>
    </message>
</context>
</TS>

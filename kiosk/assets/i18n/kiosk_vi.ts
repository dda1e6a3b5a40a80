<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message id="attract.camera">
        <source>QR camera</source>
        <translation>Camera mã QR</translation>
    </message>
    <message id="attract.camera_hint">
        <source>Hold the front of your card (with the QR code) to the camera</source>
        <translation>Đưa mặt trước của thẻ (có mã QR) vào camera</translation>
    </message>
    <message id="attract.prompt">
        <source>Tap your ID card or show its QR code to the camera to begin</source>
        <translation>Chạm thẻ căn cước hoặc đưa mã QR vào camera để bắt đầu</translation>
    </message>
    <message id="attract.reader">
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message id="attract.reader_hint">
        <source>Lay your card on the reader below the screen</source>
        <translation>Đặt thẻ lên đầu đọc phía dưới màn hình</translation>
    </message>
    <message id="attract.touch">
        <source>Or touch here to begin</source>
        <translation>Hoặc chạm vào đây để bắt đầu</translation>
    </message>
    <message id="attract.welcome">
        <source>Welcome!</source>
        <translation>Xin chào!</translation>
    </message>
    <message id="common.back">
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message id="common.restart">
        <source>Start over</source>
        <translation>Làm lại từ đầu</translation>
    </message>
    <message id="qr.not_cccd">
        <source>This code is not the QR of a citizen ID card. Please show the QR code on the front of your card.</source>
        <translation>Mã này không phải mã QR của thẻ căn cước. Xin đưa mã QR ở mặt trước thẻ của bạn.</translation>
    </message>
    <message id="countdown.stay">
        <source>I am still here</source>
        <translation>Tôi vẫn ở đây</translation>
    </message>
    <message id="countdown.text">
        <source>Are you still there? The screen will clear in %1 seconds.</source>
        <translation>Bạn còn ở đây không? Màn hình sẽ được xóa sau %1 giây.</translation>
    </message>
    <message id="language.en">
        <source>English</source>
        <translation>English</translation>
    </message>
    <message id="language.title">
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ</translation>
    </message>
    <message id="language.vi">
        <source>Tiếng Việt</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message id="procedures.days">
        <source>%1 working days</source>
        <translation>%1 ngày làm việc</translation>
    </message>
    <message id="procedures.fee">
        <source>Fee: %1 VND</source>
        <translation>Lệ phí: %1 đồng</translation>
    </message>
    <message id="procedures.free">
        <source>No fee</source>
        <translation>Miễn lệ phí</translation>
    </message>
    <message id="procedures.none">
        <source>No procedure fits. Take a queue number and ask at the counter, or try other words.</source>
        <translation>Không tìm thấy thủ tục phù hợp. Hãy lấy số thứ tự và hỏi tại quầy, hoặc thử từ khác.</translation>
    </message>
    <message id="procedures.queue_hint">
        <source>Counter staff will guide you</source>
        <translation>Cán bộ tại quầy sẽ hướng dẫn bạn</translation>
    </message>
    <message id="procedures.queue_only">
        <source>Just take a queue number</source>
        <translation>Chỉ lấy số thứ tự</translation>
    </message>
    <message id="procedures.same_day">
        <source>Ready the same day</source>
        <translation>Trả kết quả trong ngày</translation>
    </message>
    <message id="procedures.search">
        <source>Search, e.g. marriage registration</source>
        <translation>Tìm thủ tục, ví dụ: đăng ký kết hôn</translation>
    </message>
    <message id="procedures.title">
        <source>Which procedure do you need?</source>
        <translation>Bạn cần làm thủ tục gì?</translation>
    </message>
    <message id="stage.card_pulled.hint">
        <source>The chip was not finished.</source>
        <translation>Chip chưa được đọc xong.</translation>
    </message>
    <message id="stage.card_pulled.title">
        <source>The card was removed</source>
        <translation>Thẻ đã bị nhấc ra</translation>
    </message>
    <message id="stage.counter.hint">
        <source>Staff at the counter will help you finish. Please bring your ID card.</source>
        <translation>Cán bộ tại quầy sẽ giúp bạn hoàn tất thủ tục. Xin mang theo thẻ căn cước.</translation>
    </message>
    <message id="stage.counter.title">
        <source>Please go to a counter</source>
        <translation>Xin mời đến quầy</translation>
    </message>
    <message id="stage.done.hint">
        <source>Please take a seat until your number is called. Goodbye!</source>
        <translation>Xin mời ngồi chờ đến lượt. Chào tạm biệt!</translation>
    </message>
    <message id="stage.done.title">
        <source>Thank you!</source>
        <translation>Cảm ơn bạn!</translation>
    </message>
    <message id="stage.form.hint">
        <source>Details marked “chip” were read from your card.</source>
        <translation>Thông tin đánh dấu “chip” được đọc từ thẻ.</translation>
    </message>
    <message id="stage.form.title">
        <source>Check your details</source>
        <translation>Kiểm tra thông tin</translation>
    </message>
    <message id="stage.identify.hint">
        <source>Choose any one of these three ways.</source>
        <translation>Chọn một trong ba cách dưới đây.</translation>
    </message>
    <message id="stage.identify.need_qr">
        <source>Card detected. Show the front of the card (with the QR code) to the camera, or type your ID number, to open the chip.</source>
        <translation>Đã nhận thẻ. Hãy đưa mặt trước của thẻ (có mã QR) vào camera, hoặc nhập số căn cước, để mở chip.</translation>
    </message>
    <message id="stage.identify.title">
        <source>Identify yourself</source>
        <translation>Xác nhận danh tính</translation>
    </message>
    <message id="stage.rating.hint">
        <source>Touch the stars to rate us.</source>
        <translation>Chạm vào số sao để đánh giá.</translation>
    </message>
    <message id="stage.rating.title">
        <source>How would you rate today&apos;s service?</source>
        <translation>Bạn đánh giá thế nào về dịch vụ hôm nay?</translation>
    </message>
    <message id="stage.reading_card.hint">
        <source>Please keep the card on the reader until it is done.</source>
        <translation>Xin giữ thẻ trên đầu đọc cho đến khi xong.</translation>
    </message>
    <message id="stage.reading_card.title">
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message id="stage.review.hint">
        <source>Check what will be sent, to whom and why.</source>
        <translation>Kiểm tra những gì sẽ được gửi, cho ai và vì sao.</translation>
    </message>
    <message id="stage.review.title">
        <source>Review and consent</source>
        <translation>Xem lại và đồng ý</translation>
    </message>
    <message id="stage.submitting.hint">
        <source>Please wait a moment.</source>
        <translation>Xin chờ trong giây lát.</translation>
    </message>
    <message id="stage.submitting.title">
        <source>Sending your file…</source>
        <translation>Đang gửi hồ sơ…</translation>
    </message>
    <message id="stage.ticket.hint">
        <source>Please take your ticket and wait for your number.</source>
        <translation>Xin mời nhận phiếu và chờ gọi số.</translation>
    </message>
    <message id="stage.ticket.title">
        <source>Your queue number</source>
        <translation>Số thứ tự của bạn</translation>
    </message>
    <message id="take_card.title">
        <source>Please take your ID card back</source>
        <translation>Vui lòng nhận lại thẻ căn cước của bạn</translation>
    </message>
    <message id="take_card.detail">
        <source>Your card is still on the reader.</source>
        <translation>Thẻ vẫn còn trên đầu đọc.</translation>
    </message>
    <message id="common.next">
        <source>Next</source>
        <translation>Tiếp tục</translation>
    </message>
    <message id="form.source.chip">
        <source>From the chip</source>
        <translation>Đọc từ chip</translation>
    </message>
    <message id="form.source.default">
        <source>Preset</source>
        <translation>Mặc định</translation>
    </message>
    <message id="form.source.qr">
        <source>From the QR code</source>
        <translation>Từ mã QR</translation>
    </message>
    <message id="form.source.typed">
        <source>Typed by you</source>
        <translation>Bạn đã nhập</translation>
    </message>
    <message id="rating.skip">
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
    <message id="review.consent">
        <source>I agree that the center may process the personal data above only to handle this procedure, as the personal data protection law requires.</source>
        <translation>Tôi đồng ý để Trung tâm xử lý dữ liệu cá nhân nêu trên chỉ nhằm giải quyết thủ tục này, theo quy định về bảo vệ dữ liệu cá nhân.</translation>
    </message>
    <message id="review.documents">
        <source>Documents to bring to the counter</source>
        <translation>Giấy tờ cần mang đến quầy</translation>
    </message>
    <message id="review.submit">
        <source>Submit</source>
        <translation>Gửi hồ sơ</translation>
    </message>
    <message id="review.to_whom">
        <source>Sent to: %1.</source>
        <translation>Gửi đến: %1.</translation>
    </message>
    <message id="review.why">
        <source>Purpose: to handle your procedure “%1”.</source>
        <translation>Mục đích: giải quyết thủ tục «%1».</translation>
    </message>
    <message id="ticket.ahead">
        <source>People ahead of you: %1</source>
        <translation>Số người chờ trước bạn: %1</translation>
    </message>
    <message id="ticket.code">
        <source>File code: %1 — scan the QR code to follow the queue on your phone</source>
        <translation>Mã hồ sơ: %1 — quét mã QR để theo dõi số thứ tự trên điện thoại</translation>
    </message>
    <message id="ticket.counter">
        <source>Please go to counter %1</source>
        <translation>Mời đến quầy số %1</translation>
    </message>
    <message id="ticket.counter_on_display">
        <source>Please watch the hall display: it calls your number and the counter</source>
        <translation>Mời theo dõi màn hình tại sảnh: số của bạn được gọi kèm số quầy</translation>
    </message>
    <message id="ticket.issued">
        <source>Number taken at %1</source>
        <translation>Giờ lấy số: %1</translation>
    </message>
    <message id="ticket.fallback">
        <source>The printer is not ready. Please photograph this screen or note your number; a technician has been told.</source>
        <translation>Máy in chưa sẵn sàng. Vui lòng chụp ảnh màn hình này hoặc ghi lại số thứ tự; kỹ thuật viên đã được báo.</translation>
    </message>
    <message id="ticket.too_large">
        <source>The photos of these papers were too large to send with your file: %1. Your file was submitted without them: please bring the originals to the counter (another time, take fewer pages).</source>
        <translation>Ảnh các giấy tờ này quá lớn để gửi kèm hồ sơ: %1. Hồ sơ đã được nộp mà không có chúng: vui lòng mang bản gốc đến quầy (lần sau, hãy chụp ít trang hơn).</translation>
    </message>
    <message id="ticket.printed">
        <source>Please take your ticket from the slot below.</source>
        <translation>Xin mời nhận phiếu ở khe bên dưới.</translation>
    </message>
    <message id="ticket.wait">
        <source>Estimated wait: about %1 minutes</source>
        <translation>Thời gian chờ dự kiến: khoảng %1 phút</translation>
    </message>
    <message id="review.consent_needed">
        <source>Please tick the consent box before submitting.</source>
        <translation>Vui lòng đánh dấu vào ô đồng ý trước khi gửi hồ sơ.</translation>
    </message>
    <message id="identify.card.title">
        <source>Tap your card</source>
        <translation>Chạm thẻ căn cước</translation>
    </message>
    <message id="identify.card.hint">
        <source>Lay your ID card on the reader below the screen.</source>
        <translation>Đặt thẻ căn cước lên đầu đọc phía dưới màn hình.</translation>
    </message>
    <message id="identify.card.received">
        <source>Card received.</source>
        <translation>Đã nhận thẻ.</translation>
    </message>
    <message id="identify.qr.title">
        <source>Show the QR code</source>
        <translation>Đưa mã QR vào camera</translation>
    </message>
    <message id="identify.qr.hint">
        <source>Hold the front of your card, with the QR code, in front of the camera.</source>
        <translation>Đưa mặt trước của thẻ (có mã QR) vào trước camera.</translation>
    </message>
    <message id="identify.qr.frame">
        <source>Hold the QR code inside the frame</source>
        <translation>Giữ mã QR nằm trong khung</translation>
    </message>
    <message id="identify.qr.waiting">
        <source>The camera is ready: hold up your card</source>
        <translation>Camera đã sẵn sàng: hãy đưa thẻ vào</translation>
    </message>
    <message id="identify.qr.seen">
        <source>QR code read</source>
        <translation>Đã đọc được mã QR</translation>
    </message>
    <message id="identify.type.title">
        <source>Type your ID number</source>
        <translation>Nhập số căn cước</translation>
    </message>
    <message id="identify.type.hint">
        <source>The 12 digits printed on your card.</source>
        <translation>12 chữ số in trên thẻ của bạn.</translation>
    </message>
    <message id="identify.type.invalid">
        <source>An ID number has exactly 12 digits. Please check it.</source>
        <translation>Số căn cước gồm đúng 12 chữ số. Xin kiểm tra lại.</translation>
    </message>
    <message id="identify.type.other_ways">
        <source>Other ways</source>
        <translation>Cách khác</translation>
    </message>
    <message id="identify.read_failed">
        <source>The card could not be read. Lay it on the reader again, or show its QR code, or type your ID number.</source>
        <translation>Chưa đọc được thẻ. Xin đặt lại thẻ lên đầu đọc, hoặc đưa mã QR, hoặc nhập số căn cước.</translation>
    </message>
    <message id="identify.read_failed.can_refused">
        <source>The ID number you typed does not open the card on the reader. Please check each digit, or show the card&apos;s QR code to the camera.</source>
        <translation>Số căn cước vừa nhập không mở được thẻ đang đặt trên đầu đọc. Xin kiểm tra lại từng chữ số, hoặc đưa mã QR của thẻ vào camera.</translation>
    </message>
    <message id="identify.read_failed.needs_qr">
        <source>This card cannot be opened with the ID number alone. Please show the front of the card (with the QR code) to the camera, or lift the card off the reader to fill in the form yourself.</source>
        <translation>Thẻ này không mở được chỉ bằng số căn cước. Xin đưa mặt trước của thẻ (có mã QR) vào camera, hoặc nhấc thẻ khỏi đầu đọc để tự điền thông tin.</translation>
    </message>
    <message id="reading.step.unlock">
        <source>Opening the chip</source>
        <translation>Mở khóa chip</translation>
    </message>
    <message id="reading.step.identity">
        <source>Reading your details</source>
        <translation>Đọc thông tin cá nhân</translation>
    </message>
    <message id="reading.step.photo">
        <source>Checking the card and reading the photo</source>
        <translation>Kiểm tra thẻ và đọc ảnh</translation>
    </message>
    <message id="reading.keep">
        <source>Do not remove the card</source>
        <translation>Xin đừng nhấc thẻ ra</translation>
    </message>
    <message id="card_pulled.put_back">
        <source>Lay the card on the reader again to finish reading</source>
        <translation>Đặt lại thẻ lên đầu đọc để đọc tiếp</translation>
    </message>
    <message id="card_pulled.or">
        <source>or</source>
        <translation>hoặc</translation>
    </message>
    <message id="card_pulled.continue">
        <source>Continue with the QR code's details</source>
        <translation>Tiếp tục với thông tin từ mã QR</translation>
    </message>
    <message id="card_pulled.continue_hint">
        <source>The form is filled from the QR code, without a photo.</source>
        <translation>Tờ khai sẽ được điền từ mã QR, không có ảnh chân dung.</translation>
    </message>
    <message id="done.number">
        <source>Your number: %1</source>
        <translation>Số thứ tự của bạn: %1</translation>
    </message>
    <message id="done.wipe">
        <source>Your details leave this screen in %1 seconds.</source>
        <translation>Thông tin của bạn sẽ được xóa khỏi màn hình sau %1 giây.</translation>
    </message>
    <message id="done.finish">
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message id="counter.reason.authenticity_failed">
        <source>The kiosk could not confirm your card's chip. This can happen with a worn or damaged card; staff will look at the card itself.</source>
        <translation>Máy chưa xác thực được chip trên thẻ. Điều này có thể xảy ra khi thẻ bị mòn hoặc hỏng; cán bộ sẽ kiểm tra trực tiếp thẻ của bạn.</translation>
    </message>
    <message id="counter.reason.submit_failed">
        <source>The kiosk could not save your file, so nothing was sent. Staff will take it in person.</source>
        <translation>Máy chưa lưu được hồ sơ nên chưa gửi đi. Cán bộ sẽ tiếp nhận hồ sơ trực tiếp.</translation>
    </message>
    <message id="counter.queue">
        <source>Get a number for the counter</source>
        <translation>Lấy số thứ tự đến quầy</translation>
    </message>
    <message id="sound.unavailable">
        <source>No sound</source>
        <translation>Không có âm thanh</translation>
    </message>
    <message id="form.address.on_card">
        <source>On the card</source>
        <translation>Trên thẻ</translation>
    </message>
    <message id="form.address.now">
        <source>Now</source>
        <translation>Hiện nay</translation>
    </message>
    <message id="form.address.changed">
        <source>Administrative units changed on 1 July 2025: please check today's address.</source>
        <translation>Đơn vị hành chính đã thay đổi từ ngày 01/7/2025: vui lòng kiểm tra địa chỉ hiện nay.</translation>
    </message>
    <message id="form.address.split">
        <source>Your old ward has been divided. Choose where you live now:</source>
        <translation>Phường, xã cũ của bạn đã được chia. Hãy chọn nơi bạn đang ở hiện nay:</translation>
    </message>
    <message id="form.address.unknown">
        <source>This address could not be matched with today's units. Please choose it.</source>
        <translation>Chưa đối chiếu được địa chỉ này với đơn vị hành chính hiện nay. Vui lòng chọn lại.</translation>
    </message>
    <message id="form.address.other">
        <source>Another place</source>
        <translation>Nơi khác</translation>
    </message>
    <message id="form.address.change">
        <source>Change</source>
        <translation>Chọn lại</translation>
    </message>
    <message id="form.address.choose">
        <source>Choose the address</source>
        <translation>Chọn địa chỉ</translation>
    </message>
    <message id="picker.province.title">
        <source>Choose the province or city</source>
        <translation>Chọn tỉnh, thành phố</translation>
    </message>
    <message id="picker.ward.title">
        <source>Choose the commune, ward or special zone</source>
        <translation>Chọn xã, phường, đặc khu</translation>
    </message>
    <message id="picker.ward.search">
        <source>Type a few letters, with or without accents</source>
        <translation>Gõ vài chữ, có dấu hay không dấu đều được</translation>
    </message>
    <message id="picker.ward.none">
        <source>Nothing matches. Check the letters typed.</source>
        <translation>Không tìm thấy. Hãy kiểm tra lại chữ đã gõ.</translation>
    </message>
    <message id="picker.street.title">
        <source>House number, street, hamlet or group</source>
        <translation>Số nhà, đường, thôn, tổ</translation>
    </message>
    <message id="picker.street.hint">
        <source>Type the rest of the address, then touch Done.</source>
        <translation>Nhập phần còn lại của địa chỉ, rồi chạm Xong.</translation>
    </message>
    <message id="picker.done">
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message id="picker.cancel">
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message id="stage.elsewhere.title">
        <source>This center cannot take this file for you</source>
        <translation>Trung tâm này chưa tiếp nhận được hồ sơ này của bạn</translation>
    </message>
    <message id="stage.elsewhere.commune">
        <source>“%1” is received by the commune or ward where you live.</source>
        <translation>Thủ tục «%1» được tiếp nhận tại xã, phường nơi bạn cư trú.</translation>
    </message>
    <message id="stage.elsewhere.province">
        <source>“%1” is received in the province or city where you live.</source>
        <translation>Thủ tục «%1» được tiếp nhận tại tỉnh, thành phố nơi bạn cư trú.</translation>
    </message>
    <message id="stage.elsewhere.go">
        <source>Please go to:</source>
        <translation>Vui lòng đến:</translation>
    </message>
    <message id="stage.elsewhere.other">
        <source>Choose another procedure</source>
        <translation>Chọn thủ tục khác</translation>
    </message>
    <message id="stage.elsewhere.fix">
        <source>Change the address</source>
        <translation>Sửa địa chỉ</translation>
    </message>
    <message id="stage.elsewhere.queue">
        <source>Take a number to ask at a counter</source>
        <translation>Lấy số để hỏi tại quầy</translation>
    </message>
    <message id="stage.elsewhere.hint">
        <source>The screen says where this file is received.</source>
        <translation>Màn hình ghi nơi tiếp nhận hồ sơ này.</translation>
    </message>
    <message id="documents.title">
        <source>Your documents</source>
        <translation>Giấy tờ cần mang</translation>
    </message>
    <message id="documents.hint">
        <source>Lay each paper flat under the camera: it is taken by itself when it lies still. Or bring the original to the counter.</source>
        <translation>Đặt từng giấy tờ nằm phẳng dưới camera: ảnh tự chụp khi giấy nằm yên. Hoặc mang bản gốc đến quầy.</translation>
    </message>
    <message id="documents.missing">
        <source>A paper is still missing: lay it under the camera, or choose to bring the original.</source>
        <translation>Còn thiếu giấy tờ: đặt giấy dưới camera, hoặc chọn mang bản gốc đến quầy.</translation>
    </message>
    <message id="documents.status.attached">
        <source>%1 page(s) taken</source>
        <translation>Đã chụp %1 trang</translation>
    </message>
    <message id="documents.status.original">
        <source>Original brought to the counter</source>
        <translation>Mang bản gốc đến quầy</translation>
    </message>
    <message id="documents.status.chip">
        <source>Read from the card's chip: no copy needed</source>
        <translation>Đã đọc từ chip của thẻ: không cần bản sao</translation>
    </message>
    <message id="documents.status.none">
        <source>Only if you have it</source>
        <translation>Chỉ khi có</translation>
    </message>
    <message id="documents.status.missing">
        <source>Not taken yet</source>
        <translation>Chưa chụp</translation>
    </message>
    <message id="documents.camera">
        <source>Now: %1</source>
        <translation>Đang chụp: %1</translation>
    </message>
    <message id="documents.camera_waiting">
        <source>Lay the paper under the camera</source>
        <translation>Đặt giấy tờ dưới camera</translation>
    </message>
    <message id="documents.camera_seen">
        <source>Paper found: hold still</source>
        <translation>Đã thấy giấy: giữ yên</translation>
    </message>
    <message id="documents.take">
        <source>Take now</source>
        <translation>Chụp ngay</translation>
    </message>
    <message id="documents.original">
        <source>Bring the original</source>
        <translation>Mang bản gốc</translation>
    </message>
    <message id="documents.delete">
        <source>Delete page %1</source>
        <translation>Xóa trang %1</translation>
    </message>
    <message id="stage.documents.title">
        <source>Your documents</source>
        <translation>Giấy tờ cần mang</translation>
    </message>
    <message id="stage.documents.hint">
        <source>Lay each paper under the camera, or bring the original to the counter.</source>
        <translation>Đặt từng giấy tờ dưới camera, hoặc mang bản gốc đến quầy.</translation>
    </message>
    <message id="documents.black_white_off">
        <source>Colour (seals, photos)</source>
        <translation>Ảnh màu (có dấu, ảnh)</translation>
    </message>
    <message id="documents.black_white_on">
        <source>Black and white (text) ✓</source>
        <translation>Đen trắng (chữ) ✓</translation>
    </message>
    <message id="holder.title">
        <source>Your files</source>
        <translation>Hồ sơ của bạn</translation>
    </message>
    <message id="holder.loading">
        <source>Looking up your files…</source>
        <translation>Đang tìm hồ sơ của bạn…</translation>
    </message>
    <message id="holder.unavailable">
        <source>The status of your files cannot be fetched right now. You can go on with your visit.</source>
        <translation>Hiện chưa xem được tình trạng hồ sơ của bạn. Bạn vẫn có thể tiếp tục.</translation>
    </message>
    <message id="holder.none">
        <source>No file of yours is being followed here.</source>
        <translation>Bạn chưa có hồ sơ nào được theo dõi tại đây.</translation>
    </message>
    <message id="holder.new">
        <source>To start a new procedure, choose it below.</source>
        <translation>Để làm thủ tục mới, mời chọn bên dưới.</translation>
    </message>
    <message id="holder.due">
        <source>Due %1</source>
        <translation>Hẹn trả %1</translation>
    </message>
    <message id="holder.received">
        <source>Received %1</source>
        <translation>Tiếp nhận %1</translation>
    </message>
    <message id="holder.code">
        <source>File code %1</source>
        <translation>Mã hồ sơ %1</translation>
    </message>
    <message id="holder.step.accepted">
        <source>Received</source>
        <translation>Đã tiếp nhận</translation>
    </message>
    <message id="holder.step.forwarded">
        <source>Sent to the deciding unit</source>
        <translation>Đã chuyển cơ quan giải quyết</translation>
    </message>
    <message id="holder.step.in_processing">
        <source>Being processed</source>
        <translation>Đang giải quyết</translation>
    </message>
    <message id="holder.step.additional_documents_requested">
        <source>More documents needed</source>
        <translation>Cần bổ sung giấy tờ</translation>
    </message>
    <message id="holder.step.documents_supplied">
        <source>Documents supplied</source>
        <translation>Đã bổ sung giấy tờ</translation>
    </message>
    <message id="holder.step.result_ready">
        <source>Result ready for collection</source>
        <translation>Đã có kết quả, mời nhận</translation>
    </message>
    <message id="holder.step.refused">
        <source>Refused</source>
        <translation>Từ chối giải quyết</translation>
    </message>
    <message id="holder.step.returned">
        <source>Result handed over</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message id="holder.step.withdrawn">
        <source>Withdrawn</source>
        <translation>Đã rút hồ sơ</translation>
    </message>
    <message id="holder.standing.on_time">
        <source>On time</source>
        <translation>Đúng hạn</translation>
    </message>
    <message id="holder.standing.late">
        <source>Late</source>
        <translation>Quá hạn</translation>
    </message>
    <message id="holder.standing.paused">
        <source>Clock paused (awaiting documents)</source>
        <translation>Tạm dừng tính thời gian (chờ bổ sung)</translation>
    </message>
    <message id="holder.standing.withdrawn">
        <source>Not counted</source>
        <translation>Không tính hạn</translation>
    </message>
</context>
</TS>

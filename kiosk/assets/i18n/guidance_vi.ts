<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message id="form.invalid">
        <source>Some details are not right. Please correct the lines in red below.</source>
        <translation>Một số thông tin chưa đúng. Vui lòng sửa những dòng chữ đỏ bên dưới.</translation>
    </message>
    <message id="form.problem.choice">
        <source>Please choose “%1” from the list.</source>
        <translation>Vui lòng chọn «%1» trong danh sách.</translation>
    </message>
    <message id="form.problem.date_format">
        <source>“%1” is not a valid date: use day/month/year, e.g. 05/09/1990.</source>
        <translation>«%1» chưa đúng: nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1990.</translation>
    </message>
    <message id="form.problem.date_future">
        <source>“%1” cannot be in the future.</source>
        <translation>«%1» không thể là một ngày trong tương lai.</translation>
    </message>
    <message id="form.problem.date_too_early">
        <source>“%1” must be in 1900 or later.</source>
        <translation>«%1» phải từ năm 1900 trở đi.</translation>
    </message>
    <message id="form.problem.id_number">
        <source>“%1” must be exactly 12 digits, as printed on the ID card.</source>
        <translation>«%1» phải gồm đúng 12 chữ số, như in trên thẻ căn cước.</translation>
    </message>
    <message id="form.problem.number">
        <source>“%1” must be a number above 0, digits only.</source>
        <translation>«%1» phải là một số lớn hơn 0, chỉ gồm chữ số.</translation>
    </message>
    <message id="form.problem.phone">
        <source>“%1” is not valid: a mobile number has 10 digits and starts with 0.</source>
        <translation>«%1» chưa đúng: số di động gồm 10 chữ số, bắt đầu bằng 0.</translation>
    </message>
    <message id="form.problem.required">
        <source>Please fill in “%1”.</source>
        <translation>Vui lòng nhập «%1».</translation>
    </message>
    <message id="form.problem.too_long">
        <source>“%1” is longer than %2 characters; please shorten it.</source>
        <translation>«%1» dài quá %2 ký tự, vui lòng viết ngắn lại.</translation>
    </message>
    <message id="guide.card_pulled">
        <source>The card left the reader. Please lay it down again to continue.</source>
        <translation>Thẻ đã rời đầu đọc. Mời ông bà đặt lại thẻ để đọc tiếp.</translation>
    </message>
    <message id="guide.choose_procedure">
        <source>Please choose the procedure you need. To only take a queue number, choose “Just take a queue number”.</source>
        <translation>Mời ông bà chọn thủ tục cần làm. Nếu chỉ cần lấy số thứ tự, mời chọn “Chỉ lấy số thứ tự”.</translation>
    </message>
    <message id="guide.consent_needed">
        <source>Please tick the consent box before submitting.</source>
        <translation>Vui lòng đánh dấu vào ô đồng ý trước khi gửi hồ sơ.</translation>
    </message>
    <message id="guide.countdown">
        <source>Are you still there? Touch the screen to continue.</source>
        <translation>Ông bà còn ở đây không? Mời chạm vào màn hình để tiếp tục.</translation>
    </message>
    <message id="guide.counter">
        <source>Please go to a counter; staff will help you.</source>
        <translation>Mời ông bà đến quầy để cán bộ hỗ trợ.</translation>
    </message>
    <message id="guide.done">
        <source>Thank you. Your information has been cleared from this kiosk.</source>
        <translation>Cảm ơn ông bà. Thông tin của ông bà đã được xóa khỏi máy.</translation>
    </message>
    <message id="guide.form">
        <source>Please check your details. The filled-in boxes were read from your card.</source>
        <translation>Mời ông bà kiểm tra thông tin. Những ô đã điền sẵn được đọc từ thẻ.</translation>
    </message>
    <message id="guide.form_invalid">
        <source>Some details are not right. Please read the red text and correct them.</source>
        <translation>Có thông tin chưa đúng. Mời ông bà đọc dòng chữ đỏ và sửa lại.</translation>
    </message>
    <message id="guide.id_invalid">
        <source>The ID number must have exactly twelve digits. Please type it again.</source>
        <translation>Số căn cước phải gồm đúng mười hai chữ số. Mời ông bà nhập lại.</translation>
    </message>
    <message id="guide.identify">
        <source>Please tap your ID card on the reader, or show the QR code on the card to the camera.</source>
        <translation>Mời ông bà chạm thẻ căn cước vào đầu đọc, hoặc đưa mã QR trên thẻ vào camera.</translation>
    </message>
    <message id="guide.identify_need_qr">
        <source>Card detected. Please show the front of the card, with the QR code, to the camera, or type your ID number.</source>
        <translation>Đã nhận thẻ. Mời ông bà đưa mặt trước của thẻ, có mã QR, vào camera, hoặc nhập số căn cước.</translation>
    </message>
    <message id="guide.can_refused">
        <source>The ID number you typed does not match the card on the reader. Please check it.</source>
        <translation>Số căn cước vừa nhập không khớp với thẻ trên đầu đọc. Mời ông bà kiểm tra lại.</translation>
    </message>
    <message id="guide.needs_qr">
        <source>This card needs its QR code to open. Please show the front of the card to the camera.</source>
        <translation>Thẻ này cần mã QR để mở. Mời ông bà đưa mặt trước của thẻ vào camera.</translation>
    </message>
    <message id="guide.language">
        <source>Please choose your language.</source>
        <translation>Mời ông bà chọn ngôn ngữ.</translation>
    </message>
    <message id="guide.rating">
        <source>Please touch the stars to rate our service.</source>
        <translation>Mời ông bà chạm vào số sao để đánh giá chất lượng phục vụ.</translation>
    </message>
    <message id="guide.read_failed">
        <source>The card could not be read. Please lay it on the reader again.</source>
        <translation>Chưa đọc được thẻ. Mời ông bà đặt lại thẻ lên đầu đọc.</translation>
    </message>
    <message id="guide.reading_card">
        <source>Please keep the card on the reader.</source>
        <translation>Vui lòng giữ thẻ trên đầu đọc.</translation>
    </message>
    <message id="guide.review">
        <source>Please review, tick the consent box, then touch Submit.</source>
        <translation>Mời ông bà xem lại, đánh dấu vào ô đồng ý, rồi chạm nút Gửi hồ sơ.</translation>
    </message>
    <message id="guide.submitting">
        <source>Sending your file, please wait a moment.</source>
        <translation>Đang gửi hồ sơ, xin chờ trong giây lát.</translation>
    </message>
    <message id="guide.ticket">
        <source>Please take your queue ticket.</source>
        <translation>Mời ông bà nhận phiếu số thứ tự.</translation>
    </message>
    <message id="guide.take_card">
        <source>Please take your ID card back from the reader.</source>
        <translation>Mời ông bà nhận lại thẻ căn cước trên đầu đọc.</translation>
    </message>
    <message id="guide.ticket_fallback">
        <source>The printer is not ready. Please note the queue number on the screen.</source>
        <translation>Máy in chưa sẵn sàng. Mời ông bà ghi lại số thứ tự trên màn hình.</translation>
    </message>
    <message id="ticket.none_ahead">
        <source>Nobody is waiting ahead of you.</source>
        <translation>Không có ai chờ trước bạn.</translation>
    </message>
    <message id="ticket.position_on_display">
        <source>The number of people ahead of you is shown on the display in the hall.</source>
        <translation>Số người chờ trước bạn được hiển thị trên màn hình tại sảnh.</translation>
    </message>
    <message id="ticket.slip_preview">
        <source>What the printer printed</source>
        <translation>Phiếu máy in vừa in</translation>
    </message>
    <message id="form.problem.address_pick">
        <source>Please choose today's commune or ward for “%1”.</source>
        <translation>Vui lòng chọn xã, phường hiện nay cho «%1».</translation>
    </message>
    <message id="guide.elsewhere">
        <source>This center cannot take this file for you. The screen shows where to go, or take a number to ask at a counter.</source>
        <translation>Trung tâm này chưa tiếp nhận được hồ sơ này của bạn. Màn hình ghi nơi bạn cần đến, hoặc bạn có thể lấy số để hỏi tại quầy.</translation>
    </message>
    <message id="guide.documents">
        <source>Lay each paper flat under the camera; it is taken by itself when it lies still. Or touch Bring the original.</source>
        <translation>Mời ông bà đặt từng giấy tờ nằm phẳng dưới camera, ảnh sẽ tự chụp khi giấy nằm yên. Hoặc chạm nút Mang bản gốc.</translation>
    </message>
    <message id="guide.documents_missing">
        <source>A paper is still missing: lay it under the camera, or touch Bring the original.</source>
        <translation>Còn thiếu giấy tờ: mời ông bà đặt giấy dưới camera, hoặc chạm nút Mang bản gốc.</translation>
    </message>
</context>
</TS>

"""Synthetic sample citizen data (made-up people) shared by the chip parser tests."""

from __future__ import annotations

VALUES: dict[str, str | None] = {
    "id_number": "001090012345",
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "15/01/1990",
    "sex": "Nam",
    "nationality": "Việt Nam",
    "ethnicity": "Kinh",
    "religion": "Không",
    "place_of_origin": "Xã Tân Hội, Đan Phượng, Hà Nội",
    "place_of_residence": "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội",
    "identifying_marks": "Nốt ruồi C:2cm trên sau đuôi mắt trái",
    "issue_date": "15/04/2021",
    "expiry": "15/01/2030",
    "father_name": "Nguyễn Văn Bình",
    "mother_name": "Trần Thị Cúc",
    "spouse_name": None,
    "old_id_number": "012345678",
}

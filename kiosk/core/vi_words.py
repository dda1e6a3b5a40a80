"""Vietnamese words of several syllables, kept on one line when text wraps.

Vietnamese writes each syllable as its own space-separated token, so a line breaker
that breaks at any space splits words: "căn / cước", "hôn / nhân". This module knows
the compound words that appear on the kiosk's slips and screens and groups them:

- :func:`units` turns a paragraph into the pieces a line must not break inside;
- :func:`wrap` fills lines with those pieces (used by the slip printer, whose lines
  are measured in characters or in pixels);
- :func:`keep_together` joins each known compound with no-break spaces (U+00A0), which
  Qt's line breaking (UAX #14) never breaks at: the Vietnamese screen catalogs are
  compiled through it (kiosk/ui/qt/i18n.py).

Where the list comes from: the two- and three-syllable words of the kiosk's own texts
(kiosk/assets/i18n/*_vi.ts, kiosk/assets/procedures, kiosk/assets/templates), picked from their most
frequent syllable pairs by hand; ``tests/foundation/test_vi_words.py`` checks that
every entry occurs in those texts. A word-segmentation library was considered and
left out: pyvi needs scikit-learn and sklearn-crfsuite (and was last released in
2021), underthesea downloads its models from a hub at run time; both are far heavier
than a line breaker for a few hundred known phrases needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"

COMPOUNDS: frozenset[str] = frozenset("""
ai chờ|bản chính|bản sao|bắt đầu|bỏ qua|cá nhân|cán bộ|căn cước|cảm ơn|cảnh báo|cấu hình
chẩn đoán|chỗ ở|chủ hộ|chứng minh|chứng thực|chữ số|công an|công dân|cư trú|cửa sổ|dân tộc
dịch vụ|dữ liệu|đánh giá|đăng ký|đăng nhập|đăng xuất|đầu đọc|địa chỉ|địa điểm|điện thoại
định danh|đồng ý|giải mã|giải quyết|giấy tờ|giới tính|giây lát|hai bên|hiển thị|hiện tại
hoàn thành|họ và tên|hôn nhân|hồ sơ|hộ kinh doanh|hộ tịch|hợp lệ|hợp pháp|hướng dẫn|kết hôn
kết nối|kết quả|kết thúc|khai sinh|khai tử|kiểm tra|kinh doanh|kỹ thuật|kỹ thuật viên|lệ phí
lý lịch|màn hình|máy ảnh|máy chủ|máy in|mặc định|mặt trước|miễn lệ phí|mục đích|ngày sinh
ngày làm việc|ngôn ngữ|nhân dân|nhật ký|nơi cư trú|phát triển|phục vụ|quan hệ|quay lại
quốc tịch|quy định|sẵn sàng|sở hữu|số thứ tự|số định danh|sử dụng|tài khoản|tạm trú
thao tác|thành lập|thành viên|thay đổi|theo dõi|thiết bị|thông tin|thời hạn|thủ tục
thường trú|tiếng Việt|tiếp nhận|tiếp theo|tiếp tục|tình trạng|tờ khai|tra cứu|trang thử
trao đổi|trung tâm|trực tiếp|trực tuyến|tư pháp|thứ tự|từ chối|ủy ban|ứng dụng|văn bản
vắng mặt|vui lòng|xác minh|xác nhận|xác thực|xin chào|xuất trình|yêu cầu|giấy báo tử
""".replace("\n", "|").strip("|").split("|"))
"""Known words of several syllables (lower case; matching ignores case)."""

_LONGEST = max(len(c.split()) for c in COMPOUNDS)
_KEYS = frozenset(c.lower() for c in COMPOUNDS)
_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…"


def _key(words: list[str]) -> str:
    return " ".join(w.strip(_PUNCTUATION).lower() for w in words)


def _joinable(words: list[str]) -> bool:
    """False when punctuation stands between the words (``số, định`` is no compound)."""
    return (all(w[-1:] not in _PUNCTUATION for w in words[:-1])
            and all(w[:1] not in _PUNCTUATION for w in words[1:]))


def units(paragraph: str) -> list[list[str]]:
    """The paragraph's words (split at spaces) grouped into unbreakable units."""
    words = [w for w in paragraph.split(" ") if w]
    found: list[list[str]] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 1, -1):
            group = words[i:i + size]
            if _key(group) in _KEYS and _joinable(group):
                found.append(group)
                i += size
                break
        else:
            found.append([words[i]])
            i += 1
    return found


def wrap(paragraph: str, fits: Callable[[str], bool]) -> list[str]:
    """Lines of ``paragraph`` that each ``fits``, breaking only between units if it can.

    A unit too long for a line on its own is broken between its words, and a word too
    long on its own between its characters. The lines joined with single spaces give
    back the paragraph's words, in order, with nothing lost (spaces between words are
    collapsed to one; a paragraph of spaces gives no line).
    """
    lines: list[str] = []
    current = ""
    pieces: list[list[str]] = units(paragraph)
    while pieces:
        unit = pieces.pop(0)
        text = " ".join(unit)
        trial = f"{current} {text}" if current else text
        if fits(trial):
            current = trial
            continue
        if current:
            lines.append(current)
            current = ""
            if fits(text):
                current = text
                continue
        if len(unit) > 1:  # too long alone: its words become pieces of their own
            pieces[:0] = [[w] for w in unit]
            continue
        word = text
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def keep_together(text: str) -> str:
    """``text`` with the spaces inside known compounds made no-break spaces."""
    if " " not in text:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        parts = re.split(r"( +)", line)  # words and the runs of spaces between them
        words, gaps = parts[0::2], parts[1::2]
        glued: set[int] = set()
        i = 0
        while i < len(words):
            for size in range(min(_LONGEST, len(words) - i), 1, -1):
                group = words[i:i + size]
                if (all(gaps[i + k] == " " for k in range(size - 1))
                        and _key(group) in _KEYS and _joinable(group)):
                    glued.update(range(i, i + size - 1))
                    i += size
                    break
            else:
                i += 1
        pieces = []
        for index, word in enumerate(words):
            pieces.append(word)
            if index < len(gaps):
                pieces.append(NBSP if index in glued else gaps[index])
        out.append("".join(pieces))
    return "\n".join(out)

#include "cc/runtime/internal/detail_writer.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

DetailWriter::DetailWriter(Diagnostic *diag, Status status)
    : buffer_(diag != nullptr ? diag->detail : nullptr), length_(0), status_(status)
{
    if (diag != nullptr) {
        diag->status = status;
        diag->detail[0] = '\0';
    }
}

void DetailWriter::put(char c)
{
    if (buffer_ == nullptr || length_ + 1 >= PTE_DETAIL_CAPACITY) {
        return;
    }
    buffer_[length_++] = c;
    buffer_[length_] = '\0';
}

DetailWriter &DetailWriter::str(const char *text)
{
    if (text == nullptr) {
        text = "(null)";
    }
    while (*text != '\0') {
        put(*text++);
    }
    return *this;
}

#if PTE_TERSE_DIAGNOSTICS
DetailWriter &DetailWriter::str(TextId text)
{
    if (text.hash == text_hash("")) {
        return *this; // the empty fragment of a conditional
    }
    put('@');
    put('{');
    for (int shift = 28; shift >= 0; shift -= 4) {
        put(hex_digit(text.hash >> shift));
    }
    put('}');
    return *this;
}
#endif

DetailWriter &DetailWriter::quoted(const char *text, size_t max_chars)
{
    static const char kHex[] = "0123456789abcdef";
    put('\'');
    for (size_t i = 0; text != nullptr && i < max_chars && text[i] != '\0'; ++i) {
        const uint8_t c = static_cast<uint8_t>(text[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
            put(static_cast<char>(c));
        } else {
            put('\\');
            put('x');
            put(kHex[c >> 4]);
            put(kHex[c & 0xf]);
        }
    }
    put('\'');
    return *this;
}

DetailWriter &DetailWriter::u64(uint64_t value)
{
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        put(digits[--count]);
    }
    return *this;
}

DetailWriter &DetailWriter::i64(int64_t value)
{
    if (value < 0) {
        put('-');
        // Negate in unsigned arithmetic: -INT64_MIN does not fit in int64_t.
        return u64(0u - static_cast<uint64_t>(value));
    }
    return u64(static_cast<uint64_t>(value));
}

void clear_diagnostic(Diagnostic *diag)
{
    if (diag != nullptr) {
        diag->status = Status::kOk;
        diag->detail[0] = '\0';
    }
}

} // namespace internal
} // namespace pte
} // namespace m55ml

#include "cc/runtime/internal/file_layout.h"

#include "cc/runtime/internal/detail_writer.h"

namespace m55ml
{
namespace pte
{
namespace internal
{
namespace
{

constexpr size_t kIdentifierOffset = 4;
constexpr size_t kIdentifierLength = 4;
constexpr char kProgramIdentifier[] = "ET12";
constexpr char kExtendedHeaderMagic[] = "eh00";

// FlatBuffers offsets are 32-bit signed: a flatbuffer is at most 2 GiB - 1 bytes.
constexpr uint64_t kMaxFlatbufferSize = 0x7fffffffu;

bool bytes_equal(const uint8_t *bytes, const char *text, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        if (bytes[i] != static_cast<uint8_t>(text[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

uint32_t read_u32_le(const uint8_t *bytes)
{
    return static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
           (static_cast<uint32_t>(bytes[2]) << 16) | (static_cast<uint32_t>(bytes[3]) << 24);
}

uint64_t read_u64_le(const uint8_t *bytes)
{
    return static_cast<uint64_t>(read_u32_le(bytes)) |
           (static_cast<uint64_t>(read_u32_le(bytes + 4)) << 32);
}

Status parse_file_layout(const uint8_t *data, size_t size, FileLayout *layout, Diagnostic *diag)
{
    if (data == nullptr || layout == nullptr) {
        return DetailWriter(diag, Status::kInvalidArgument)
            .str(PTE_TEXT("program data pointer is null"));
    }
    if (size < kIdentifierOffset + kIdentifierLength) {
        return DetailWriter(diag, Status::kTruncated)
            .str(PTE_TEXT("file is "))
            .u64(size)
            .str(
                PTE_TEXT(" bytes; a .pte starts with an 8-byte root offset and 'ET12' identifier"));
    }
    if (!bytes_equal(data + kIdentifierOffset, kProgramIdentifier, kIdentifierLength)) {
        char found[kIdentifierLength + 1];
        for (size_t i = 0; i < kIdentifierLength; ++i) {
            found[i] = static_cast<char>(data[kIdentifierOffset + i]);
        }
        found[kIdentifierLength] = '\0';
        return DetailWriter(diag, Status::kBadIdentifier)
            .str(PTE_TEXT("file identifier (bytes 4..8) is "))
            .quoted(found, kIdentifierLength)
            .str(PTE_TEXT(", expected 'ET12': not an ExecuTorch program of this schema version"));
    }

    layout->has_extended_header = false;
    layout->program_size = size;
    layout->segment_base_offset = 0;
    layout->segment_data_size = 0;

    const bool has_magic = size >= kExtendedHeaderOffset + 4 &&
                           bytes_equal(data + kExtendedHeaderOffset, kExtendedHeaderMagic, 4);
    if (has_magic) {
        if (size < kExtendedHeaderOffset + kExtendedHeaderMinimumLength) {
            return DetailWriter(diag, Status::kTruncated)
                .str(PTE_TEXT("extended header at byte 8 needs "))
                .u64(kExtendedHeaderMinimumLength)
                .str(PTE_TEXT(" bytes; the file has "))
                .u64(size);
        }
        const uint8_t *header = data + kExtendedHeaderOffset;
        const uint32_t length = read_u32_le(header + 4);
        if (length < kExtendedHeaderMinimumLength) {
            return DetailWriter(diag, Status::kBadHeader)
                .str(PTE_TEXT("extended header length "))
                .u64(length)
                .str(" < ")
                .u64(kExtendedHeaderMinimumLength);
        }
        if (length > size - kExtendedHeaderOffset) {
            return DetailWriter(diag, Status::kTruncated)
                .str(PTE_TEXT("extended header length "))
                .u64(length)
                .str(PTE_TEXT(" runs past the end of the "))
                .u64(size)
                .str(PTE_TEXT("-byte file"));
        }
        const uint64_t program_size = read_u64_le(header + 8);
        const uint64_t segment_base_offset = read_u64_le(header + 16);
        if (program_size < kExtendedHeaderOffset + length) {
            return DetailWriter(diag, Status::kBadHeader)
                .str(PTE_TEXT("extended header program_size "))
                .u64(program_size)
                .str(PTE_TEXT(" is smaller than the header itself ("))
                .u64(kExtendedHeaderOffset + length)
                .str(PTE_TEXT(" bytes)"));
        }
        if (program_size > size) {
            return DetailWriter(diag, Status::kTruncated)
                .str(PTE_TEXT("extended header program_size "))
                .u64(program_size)
                .str(PTE_TEXT(" > file size "))
                .u64(size);
        }
        uint64_t segment_data_size = 0;
        if (segment_base_offset != 0) {
            if (segment_base_offset < program_size) {
                return DetailWriter(diag, Status::kBadHeader)
                    .str(PTE_TEXT("extended header segment_base_offset "))
                    .u64(segment_base_offset)
                    .str(PTE_TEXT(" lies inside the flatbuffer (program_size "))
                    .u64(program_size)
                    .str(")");
            }
            if (segment_base_offset > size) {
                return DetailWriter(diag, Status::kTruncated)
                    .str(PTE_TEXT("extended header segment_base_offset "))
                    .u64(segment_base_offset)
                    .str(PTE_TEXT(" > file size "))
                    .u64(size);
            }
            // Writers that predate segment_data_size leave the segments to the end of the file.
            segment_data_size = size - segment_base_offset;
            if (length >= kExtendedHeaderLength) {
                const uint64_t declared = read_u64_le(header + 24);
                if (declared > size - segment_base_offset) {
                    return DetailWriter(diag, Status::kTruncated)
                        .str(PTE_TEXT("segments end at byte "))
                        .u64(segment_base_offset)
                        .str(PTE_TEXT(" + segment_data_size "))
                        .u64(declared)
                        .str(PTE_TEXT(" but the file has "))
                        .u64(size)
                        .str(PTE_TEXT(" bytes"));
                }
                segment_data_size = declared;
            }
        }
        layout->has_extended_header = true;
        layout->program_size = program_size;
        layout->segment_base_offset = segment_base_offset;
        layout->segment_data_size = segment_data_size;
    }

    if (layout->program_size > kMaxFlatbufferSize) {
        return DetailWriter(diag, Status::kBadHeader)
            .str(PTE_TEXT("flatbuffer of "))
            .u64(layout->program_size)
            .str(PTE_TEXT(" bytes exceeds the FlatBuffers limit of 2 GiB"));
    }
    return Status::kOk;
}

} // namespace internal
} // namespace pte
} // namespace m55ml

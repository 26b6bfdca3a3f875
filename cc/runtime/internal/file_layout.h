/*
 * file_layout.h: where the flatbuffer and the segments lie in a .pte file.
 *
 * A .pte begins like any FlatBuffer: a little-endian u32 root offset, then the file identifier
 * "ET12". When the program has segments (constant data), the exporter inserts an extended header
 * right after the identifier, at bytes 8..40:
 *   "eh00" magic, u32 header length (32), u64 program_size (flatbuffer bytes including this
 *   header), u64 segment_base_offset (file offset of segment 0), u64 segment_data_size.
 * A file without segments has no extended header and the whole file is the flatbuffer.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_FILE_LAYOUT_H_
#define M55ML_CC_RUNTIME_INTERNAL_FILE_LAYOUT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

struct FileLayout {
    bool has_extended_header;
    uint64_t program_size;        /* bytes [0, program_size) are the flatbuffer */
    uint64_t segment_base_offset; /* file offset of the segment data; 0 when there is none */
    uint64_t segment_data_size;   /* bytes of segment data from segment_base_offset */
};

/* Bytes of the extended header the exporter writes, and the least a reader can use (without
 * segment_data_size, which older writers omitted). */
constexpr uint32_t kExtendedHeaderLength = 32;
constexpr uint32_t kExtendedHeaderMinimumLength = 24;
constexpr size_t kExtendedHeaderOffset = 8;

/* Reads the identifier and the optional extended header of `size` bytes at `data` and checks
 * that every region they describe lies inside the file. */
Status parse_file_layout(const uint8_t *data, size_t size, FileLayout *layout, Diagnostic *diag);

uint32_t read_u32_le(const uint8_t *bytes);
uint64_t read_u64_le(const uint8_t *bytes);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_FILE_LAYOUT_H_

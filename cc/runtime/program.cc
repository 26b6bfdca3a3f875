/*
 * program.cc: Program, the verified read-only view of a .pte. What load checks, and in which
 * order, is internal/verifier.cc; this file keeps what a loaded Program answers.
 */
#include <string.h>

#include "cc/runtime/internal/detail_writer.h"
#include "cc/runtime/internal/plan_access.h"
#include "cc/runtime/internal/schema.h"
#include "cc/runtime/internal/tensor_layout.h"
#include "cc/runtime/internal/verifier.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{

using internal::DetailWriter;

Program::Program()
    : data_(nullptr), size_(0), plan_(nullptr), constant_offsets_(nullptr),
      constant_buffers_(nullptr), constant_segment_(nullptr), planned_sizes_{}, constant_bytes_(0),
      num_planned_buffers_(0), num_inputs_(0), num_outputs_(0), num_operators_(0), num_values_(0),
      num_instructions_(0), plan_index_(0), loaded_(false)
{
}

Status Program::load(const void *data, size_t size, const char *method_name, Diagnostic *diag)
{
    *this = Program();
    internal::clear_diagnostic(diag);
    const uint8_t *bytes = static_cast<const uint8_t *>(data);
    if (bytes == nullptr) {
        return DetailWriter(diag, Status::kInvalidArgument)
            .str(PTE_TEXT("program data pointer is null"));
    }
    if (reinterpret_cast<uintptr_t>(bytes) % PTE_REQUIRED_ALIGNMENT != 0) {
        return DetailWriter(diag, Status::kBadAlignment)
            .str(PTE_TEXT("program data at address offset "))
            .u64(reinterpret_cast<uintptr_t>(bytes) % PTE_REQUIRED_ALIGNMENT)
            .str(PTE_TEXT(" mod 16: place the .pte bytes on a 16-byte boundary (alignas(16))"));
    }

    internal::Loader loader;
    const Status status = internal::verify_program(bytes, size, method_name, diag, &loader);
    if (status != Status::kOk) {
        return status;
    }
    data_ = bytes;
    size_ = size;
    plan_ = loader.plan;
    plan_index_ = loader.plan_index;
    constant_offsets_ = loader.constant_offsets;
    constant_buffers_ = loader.constant_buffers;
    constant_segment_ = loader.constant_segment;
    for (uint32_t i = 0; i < loader.num_planned; ++i) {
        planned_sizes_[i] = loader.planned_sizes[i];
    }
    constant_bytes_ = loader.constant_bytes;
    num_planned_buffers_ = loader.num_planned;
    num_operators_ = loader.num_operators;
    num_values_ = loader.num_values;
    num_instructions_ = loader.num_instructions;
    num_inputs_ = loader.num_inputs;
    num_outputs_ = loader.num_outputs;
    loaded_ = true;
    return Status::kOk;
}

const char *Program::method_name() const
{
    if (!loaded_) {
        return "";
    }
    const auto *name = internal::plan_of(*this)->name();
    return name != nullptr ? name->c_str() : "";
}

uint64_t Program::planned_buffer_size(size_t index) const
{
    return index < num_planned_buffers_ ? planned_sizes_[index] : 0;
}

uint64_t Program::single_arena_size() const
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < num_planned_buffers_; ++i) {
        total += (planned_sizes_[i] + PTE_REQUIRED_ALIGNMENT - 1) &
                 ~static_cast<uint64_t>(PTE_REQUIRED_ALIGNMENT - 1);
    }
    return total;
}

namespace
{

Status io_info(const Program &program, const flatbuffers::Vector<int32_t> *indices, size_t count,
               size_t index, const char *field, TensorInfo *info, Diagnostic *diag)
{
    if (!program.is_loaded()) {
        return DetailWriter(diag, Status::kInvalidState).str(PTE_TEXT("program is not loaded"));
    }
    if (info == nullptr) {
        return DetailWriter(diag, Status::kInvalidArgument)
            .str(PTE_TEXT("TensorInfo pointer is null"));
    }
    if (index >= count) {
        return DetailWriter(diag, Status::kIndexOutOfRange)
            .str(field)
            .str(PTE_TEXT(" index "))
            .u64(index)
            .str(PTE_TEXT(" >= number of "))
            .str(field)
            .str("s ")
            .u64(count);
    }
    const uint32_t value_index = static_cast<uint32_t>(indices->Get(static_cast<uint32_t>(index)));
    internal::fill_tensor_info(internal::tensor_at(internal::plan_of(program), value_index),
                               value_index, info);
    internal::clear_diagnostic(diag);
    return Status::kOk;
}

} // namespace

Status Program::input_info(size_t index, TensorInfo *info, Diagnostic *diag) const
{
    return io_info(*this, loaded_ ? internal::plan_of(*this)->inputs() : nullptr, num_inputs_,
                   index, "input", info, diag);
}

Status Program::output_info(size_t index, TensorInfo *info, Diagnostic *diag) const
{
    return io_info(*this, loaded_ ? internal::plan_of(*this)->outputs() : nullptr, num_outputs_,
                   index, "output", info, diag);
}

const char *Program::operator_name(size_t index) const
{
    if (index >= num_operators_) {
        return nullptr;
    }
    return internal::plan_of(*this)
        ->operators()
        ->Get(static_cast<uint32_t>(index))
        ->name()
        ->c_str();
}

const char *Program::operator_overload(size_t index) const
{
    if (index >= num_operators_) {
        return nullptr;
    }
    return internal::plan_of(*this)
        ->operators()
        ->Get(static_cast<uint32_t>(index))
        ->overload()
        ->c_str();
}

const uint8_t *Program::constant_data(uint32_t data_buffer_idx) const
{
    if (constant_offsets_ != nullptr) {
        const auto *offsets = static_cast<const flatbuffers::Vector<uint64_t> *>(constant_offsets_);
        return constant_segment_ + offsets->Get(data_buffer_idx);
    }
    const auto *buffers = static_cast<const flatbuffers::Vector<flatbuffers::Offset<fb::Buffer>> *>(
        constant_buffers_);
    const auto *storage = buffers->Get(data_buffer_idx)->storage();
    return storage != nullptr ? storage->data() : nullptr;
}

Status split_arena(const Program &program, void *arena, size_t arena_size, MemorySpan *buffers,
                   size_t buffer_capacity, Diagnostic *diag)
{
    internal::clear_diagnostic(diag);
    if (!program.is_loaded()) {
        return DetailWriter(diag, Status::kInvalidState).str(PTE_TEXT("program is not loaded"));
    }
    const size_t count = program.num_planned_buffers();
    if (buffers == nullptr || buffer_capacity < count) {
        return DetailWriter(diag, Status::kInvalidArgument)
            .str(PTE_TEXT("split_arena needs room for "))
            .u64(count)
            .str(PTE_TEXT(" spans, got "))
            .u64(buffers == nullptr ? 0 : buffer_capacity);
    }
    if (count > 0 && arena == nullptr) {
        return DetailWriter(diag, Status::kArenaMissing).str(PTE_TEXT("arena pointer is null"));
    }
    if (reinterpret_cast<uintptr_t>(arena) % PTE_REQUIRED_ALIGNMENT != 0) {
        return DetailWriter(diag, Status::kBadAlignment)
            .str(PTE_TEXT("arena is not 16-byte aligned (address mod 16 = "))
            .u64(reinterpret_cast<uintptr_t>(arena) % PTE_REQUIRED_ALIGNMENT)
            .str(")");
    }
    const uint64_t needed = program.single_arena_size();
    if (arena_size < needed) {
        return DetailWriter(diag, Status::kArenaTooSmall)
            .str(PTE_TEXT("arena is "))
            .u64(arena_size)
            .str(PTE_TEXT(" bytes; the program's "))
            .u64(count)
            .str(PTE_TEXT(" planned buffer(s) need "))
            .u64(needed)
            .str(" (")
            .u64(needed - arena_size)
            .str(PTE_TEXT(" short)"));
    }
    uint8_t *cursor = static_cast<uint8_t *>(arena);
    for (size_t i = 0; i < count; ++i) {
        const size_t size = static_cast<size_t>(program.planned_buffer_size(i));
        buffers[i].data = cursor;
        buffers[i].size = size;
        cursor +=
            (size + PTE_REQUIRED_ALIGNMENT - 1) & ~static_cast<size_t>(PTE_REQUIRED_ALIGNMENT - 1);
    }
    return Status::kOk;
}

} // namespace pte
} // namespace m55ml

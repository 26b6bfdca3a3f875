/*
 * verifier.cc: the checks Program::load makes, in order, of everything the runtime will later
 * read.
 *
 * Order matters: the file layout first (so the flatbuffer region is known), then the FlatBuffers
 * verifier (so every table, vector and string lies inside that region), then the runtime's own
 * checks of what the verifier cannot know: indices into other vectors, tensor bytes inside
 * segments and planned buffers, value kinds each instruction may pass. After load, Method reads
 * the plan without further checks.
 */
#include "cc/runtime/internal/verifier.h"

#include <string.h>

#include "cc/runtime/internal/detail_writer.h"
#include "cc/runtime/internal/plan_access.h"
#include "cc/runtime/internal/tensor_layout.h"
#include "cc/runtime/internal/verifier_locator.h"

namespace m55ml
{
namespace pte
{
namespace internal
{
namespace
{

// Starts a detail string with the path of a plan value, e.g. "execution_plan[0].values[12]".
DetailWriter value_error(const Loader &loader, Status status, uint32_t value_index)
{
    DetailWriter writer(loader.diag, status);
    writer.str(PTE_TEXT("execution_plan["))
        .u64(loader.plan_index)
        .str(PTE_TEXT("].values["))
        .u64(value_index)
        .str("]");
    return writer;
}

DetailWriter plan_error(const Loader &loader, Status status)
{
    DetailWriter writer(loader.diag, status);
    writer.str(PTE_TEXT("execution_plan[")).u64(loader.plan_index).str("]");
    return writer;
}

// "<writer>: program too large for this build: <count><what> > capacity <capacity><define>".
Status over_capacity(DetailWriter writer, uint64_t count, Text what, uint64_t capacity, Text define)
{
    return writer.str(PTE_TEXT(": program too large for this build: "))
        .u64(count)
        .str(what)
        .str(PTE_TEXT(" > capacity "))
        .u64(capacity)
        .str(define);
}

// "<writer>[<i>] = <item> is not a value index (0..<num_values>)".
Status bad_value_index(DetailWriter writer, uint32_t i, int64_t item, uint32_t num_values)
{
    return writer.str("[")
        .u64(i)
        .str(PTE_TEXT("] = "))
        .i64(item)
        .str(PTE_TEXT(" is not a value index (0.."))
        .u64(num_values)
        .str(")");
}

// The FlatBuffers verifier aligns a vector's 4-byte length but not its 8-byte elements; a
// corrupt file could misplace them, and reading them would be undefined behaviour.
template <typename T> bool elements_aligned(const flatbuffers::Vector<T> *vector)
{
    return vector == nullptr || reinterpret_cast<uintptr_t>(vector->data()) % alignof(T) == 0;
}

const char *kernel_type_name(fb::KernelTypes type)
{
    const char *name = fb::EnumNameKernelTypes(type);
    return (name != nullptr && name[0] != '\0') ? name : "unknown";
}

// "<writer>[<i>]<relation><item>, a <kind><tail>", e.g. ".args[3] is value 7, a String, ...".
Status wrong_value_kind(DetailWriter writer, uint32_t i, Text relation, int64_t item,
                        fb::KernelTypes kind, Text tail)
{
    return writer.str("[")
        .u64(i)
        .str(relation)
        .i64(item)
        .str(PTE_TEXT(", a "))
        .str(kernel_type_name(kind))
        .str(tail);
}

Status check_segments(Loader &loader)
{
    const auto *segments = loader.program->segments();
    const uint32_t count = segments != nullptr ? segments->size() : 0;
    // Without an extended header there are no segment bytes, but the exporter still lists an
    // empty constant segment when a program has no constants: empty segments are fine.
    for (uint32_t i = 0; i < count; ++i) {
        const fb::DataSegment *segment = segments->Get(i);
        const uint64_t available = loader.layout.segment_data_size;
        if (segment->offset() > available || segment->size() > available - segment->offset()) {
            return DetailWriter(loader.diag, Status::kTruncated)
                .str(PTE_TEXT("Program.segments["))
                .u64(i)
                .str(PTE_TEXT("] offset "))
                .u64(segment->offset())
                .str(PTE_TEXT(" + size "))
                .u64(segment->size())
                .str(PTE_TEXT(" > segment data size "))
                .u64(available)
                .str(loader.layout.has_extended_header
                         ? PTE_TEXT("")
                         : PTE_TEXT(" (the file has no extended header)"));
        }
    }
    return Status::kOk;
}

Status select_constants(Loader &loader)
{
    const fb::SubsegmentOffsets *constant_segment = loader.program->constant_segment();
    const auto *buffers = loader.program->constant_buffer();
    const bool has_segment_constants = constant_segment != nullptr &&
                                       constant_segment->offsets() != nullptr &&
                                       constant_segment->offsets()->size() > 0;
    const bool has_inline_constants = buffers != nullptr && buffers->size() > 0;
    if (has_segment_constants && has_inline_constants) {
        return DetailWriter(loader.diag, Status::kMalformed)
            .str(PTE_TEXT("Program.constant_buffer and Program.constant_segment.offsets are both "
                          "non-empty; the schema allows one"));
    }
    if (has_segment_constants && !elements_aligned(constant_segment->offsets())) {
        return DetailWriter(loader.diag, Status::kMalformed)
            .str(PTE_TEXT("Program.constant_segment.offsets elements are not 8-byte aligned"));
    }
    if (has_segment_constants) {
        const auto *segments = loader.program->segments();
        const uint32_t segment_index = constant_segment->segment_index();
        const uint32_t count = segments != nullptr ? segments->size() : 0;
        if (segment_index >= count) {
            return DetailWriter(loader.diag, Status::kMalformed)
                .str(PTE_TEXT("Program.constant_segment.segment_index "))
                .u64(segment_index)
                .str(PTE_TEXT(" >= number of segments "))
                .u64(count);
        }
        const fb::DataSegment *segment = segments->Get(segment_index);
        loader.constant_offsets = constant_segment->offsets();
        loader.constant_segment =
            loader.data + loader.layout.segment_base_offset + segment->offset();
        loader.constant_segment_size = segment->size();
        loader.constant_bytes = segment->size();
    } else if (has_inline_constants) {
        loader.constant_buffers = buffers;
        for (uint32_t i = 0; i < buffers->size(); ++i) {
            const auto *storage = buffers->Get(i)->storage();
            loader.constant_bytes += storage != nullptr ? storage->size() : 0;
        }
    }
    return Status::kOk;
}

Status select_plan(Loader &loader, const char *method_name)
{
    const auto *plans = loader.program->execution_plan();
    const uint32_t count = plans != nullptr ? plans->size() : 0;
    if (count == 0) {
        return DetailWriter(loader.diag, Status::kMalformed)
            .str(PTE_TEXT("Program.execution_plan is empty: the program has no method to run"));
    }
    for (uint32_t i = 0; i < count; ++i) {
        const fb::ExecutionPlan *plan = plans->Get(i);
        const flatbuffers::String *name = plan->name();
        const bool match =
            method_name == nullptr || (name != nullptr && name->size() == strlen(method_name) &&
                                       memcmp(name->data(), method_name, name->size()) == 0);
        if (match) {
            loader.plan = plan;
            loader.plan_index = i;
            loader.values = plan->values();
            loader.num_values = loader.values != nullptr ? loader.values->size() : 0;
            return Status::kOk;
        }
    }
    DetailWriter writer(loader.diag, Status::kMethodNotFound);
    writer.str(PTE_TEXT("no execution plan named "))
        .quoted(method_name, 64)
        .str(PTE_TEXT("; the program has"));
    for (uint32_t i = 0; i < count; ++i) {
        const auto *name = plans->Get(i)->name();
        writer.str(i == 0 ? " " : ", ").quoted(name != nullptr ? name->c_str() : "", 64);
    }
    return writer;
}

Status check_planned_buffers(Loader &loader)
{
    const auto *sizes = loader.plan->non_const_buffer_sizes();
    const uint32_t count = sizes != nullptr ? sizes->size() : 0;
    if (!elements_aligned(sizes)) {
        return plan_error(loader, Status::kMalformed)
            .str(PTE_TEXT(".non_const_buffer_sizes elements are not 8-byte aligned"));
    }
    // Entry 0 is reserved by ExecuTorch (it stood for the constant buffer); ids 1.. are arenas.
    loader.num_planned = count > 0 ? count - 1 : 0;
    if (loader.num_planned > PTE_MAX_PLANNED_BUFFERS) {
        return over_capacity(plan_error(loader, Status::kCapacityExceeded), loader.num_planned,
                             PTE_TEXT(" planned memory ids"), PTE_MAX_PLANNED_BUFFERS,
                             PTE_TEXT(" (PTE_MAX_PLANNED_BUFFERS)"));
    }
    uint64_t single_arena_bytes = 0;
    for (uint32_t id = 1; id < count; ++id) {
        const int64_t size = sizes->Get(id);
        if (size < 0) {
            return plan_error(loader, Status::kMalformed)
                .str(PTE_TEXT(".non_const_buffer_sizes["))
                .u64(id)
                .str(PTE_TEXT("] is negative ("))
                .i64(size)
                .str(")");
        }
        if (static_cast<uint64_t>(size) > static_cast<uint64_t>(SIZE_MAX)) {
            return plan_error(loader, Status::kCapacityExceeded)
                .str(PTE_TEXT(".non_const_buffer_sizes["))
                .u64(id)
                .str(PTE_TEXT("] = "))
                .i64(size)
                .str(PTE_TEXT(" bytes does not fit this target's address space"));
        }
        loader.planned_sizes[id - 1] = static_cast<uint64_t>(size);
        // single_arena_size() adds the aligned sizes: keep that sum addressable too.
        const uint64_t aligned = (static_cast<uint64_t>(size) + PTE_REQUIRED_ALIGNMENT - 1) &
                                 ~static_cast<uint64_t>(PTE_REQUIRED_ALIGNMENT - 1);
        single_arena_bytes += aligned;
        if (aligned < static_cast<uint64_t>(size) ||
            single_arena_bytes > static_cast<uint64_t>(SIZE_MAX) - PTE_REQUIRED_ALIGNMENT) {
            return plan_error(loader, Status::kCapacityExceeded)
                .str(PTE_TEXT(".non_const_buffer_sizes: planned buffers total more bytes than this "
                              "target can address"));
        }
    }
    return Status::kOk;
}

Status check_operators(Loader &loader)
{
    const auto *operators = loader.plan->operators();
    const uint32_t count = operators != nullptr ? operators->size() : 0;
    if (count > PTE_MAX_OPERATORS) {
        return over_capacity(plan_error(loader, Status::kCapacityExceeded), count,
                             PTE_TEXT(" operators"), PTE_MAX_OPERATORS,
                             PTE_TEXT(" (PTE_MAX_OPERATORS)"));
    }
    for (uint32_t i = 0; i < count; ++i) {
        const fb::Operator *op = operators->Get(i);
        if (op->name() == nullptr || op->name()->size() == 0) {
            return plan_error(loader, Status::kMalformed)
                .str(PTE_TEXT(".operators["))
                .u64(i)
                .str(PTE_TEXT("].name is missing or empty"));
        }
        if (op->overload() == nullptr) {
            return plan_error(loader, Status::kMalformed)
                .str(PTE_TEXT(".operators["))
                .u64(i)
                .str(PTE_TEXT("].overload is missing ("))
                .quoted(op->name()->c_str(), 64)
                .str(")");
        }
    }
    loader.num_operators = count;
    return Status::kOk;
}

// Element type, rank, dim order and byte count (into *nbytes).
Status check_tensor_shape(Loader &loader, uint32_t index, const fb::Tensor *tensor,
                          uint64_t *nbytes_out)
{
    const int32_t scalar_type = static_cast<int32_t>(tensor->scalar_type());
    const size_t element_bytes = internal::element_size(scalar_type);
    if (element_bytes == 0) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor.scalar_type "))
            .i64(scalar_type)
            .str(PTE_TEXT(" is not a byte-sized element type this runtime supports"));
    }
    const flatbuffers::Vector<int32_t> *sizes = tensor->sizes();
    const uint32_t dim = sizes != nullptr ? sizes->size() : 0;
    if (dim > CMOPS_MAX_DIM) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor.sizes has "))
            .u64(dim)
            .str(PTE_TEXT(" dimensions > CMOPS_MAX_DIM "))
            .u64(CMOPS_MAX_DIM);
    }
    int32_t shape[CMOPS_MAX_DIM] = {0, 0, 0, 0, 0, 0};
    uint8_t order[CMOPS_MAX_DIM] = {0, 0, 0, 0, 0, 0};
    for (uint32_t i = 0; i < dim; ++i) {
        shape[i] = sizes->Get(i);
    }
    const flatbuffers::Vector<uint8_t> *dim_order = tensor->dim_order();
    const uint32_t order_length = dim_order != nullptr ? dim_order->size() : 0;
    if (order_length != dim) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor.dim_order has "))
            .u64(order_length)
            .str(PTE_TEXT(" entries for "))
            .u64(dim)
            .str(PTE_TEXT(" sizes"));
    }
    for (uint32_t i = 0; i < dim; ++i) {
        order[i] = dim_order->Get(i);
    }
    if (!internal::is_permutation(order, dim)) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor.dim_order is not a permutation of 0.."))
            .u64(dim > 0 ? dim - 1 : 0);
    }
    uint64_t nbytes = 0;
    if (!internal::tensor_nbytes(shape, dim, element_bytes, &nbytes) ||
        nbytes > static_cast<uint64_t>(SIZE_MAX)) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor.sizes are negative or their byte count overflows"));
    }
    *nbytes_out = nbytes;
    return Status::kOk;
}

// ExecuTorch features this runtime does not implement: views, dynamic shapes, external data.
Status check_tensor_features(Loader &loader, uint32_t index, const fb::Tensor *tensor)
{
    if (tensor->storage_offset() != 0) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor.storage_offset is "))
            .i64(tensor->storage_offset())
            .str(PTE_TEXT("; only 0 is supported"));
    }
    if (tensor->shape_dynamism() != fb::TensorShapeDynamism_STATIC) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor.shape_dynamism is "))
            .i64(tensor->shape_dynamism())
            .str(PTE_TEXT(": dynamic shapes are not supported, export with static shapes"));
    }
    const fb::ExtraTensorInfo *extra = tensor->extra_tensor_info();
    if (extra != nullptr && extra->location() == fb::TensorDataLocation_EXTERNAL) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(
                ".tensor.extra_tensor_info.location is EXTERNAL: data outside the .pte is not "
                "supported"));
    }
    return Status::kOk;
}

// Constant data: `nbytes` at data_buffer_idx lie inside the constant segment (or the legacy
// inline buffers).
Status check_constant_placement(Loader &loader, uint32_t index, uint32_t buffer_index,
                                uint64_t nbytes)
{
    if (loader.constant_offsets != nullptr) {
        const uint32_t count = loader.constant_offsets->size();
        if (buffer_index >= count) {
            return value_error(loader, Status::kMalformed, index)
                .str(PTE_TEXT(".tensor.data_buffer_idx "))
                .u64(buffer_index)
                .str(PTE_TEXT(" >= constant_segment.offsets length "))
                .u64(count);
        }
        const uint64_t offset = loader.constant_offsets->Get(buffer_index);
        if (offset > loader.constant_segment_size ||
            nbytes > loader.constant_segment_size - offset) {
            return value_error(loader, Status::kMalformed, index)
                .str(PTE_TEXT(".tensor: constant_segment.offsets["))
                .u64(buffer_index)
                .str("] ")
                .u64(offset)
                .str(" + ")
                .u64(nbytes)
                .str(PTE_TEXT(" bytes > constant segment size "))
                .u64(loader.constant_segment_size);
        }
    } else if (loader.constant_buffers != nullptr) {
        const uint32_t count = loader.constant_buffers->size();
        if (buffer_index >= count) {
            return value_error(loader, Status::kMalformed, index)
                .str(PTE_TEXT(".tensor.data_buffer_idx "))
                .u64(buffer_index)
                .str(PTE_TEXT(" >= constant_buffer length "))
                .u64(count);
        }
        const auto *storage = loader.constant_buffers->Get(buffer_index)->storage();
        const uint64_t available = storage != nullptr ? storage->size() : 0;
        if (nbytes > available) {
            return value_error(loader, Status::kMalformed, index)
                .str(PTE_TEXT(".tensor needs "))
                .u64(nbytes)
                .str(PTE_TEXT(" bytes but constant_buffer["))
                .u64(buffer_index)
                .str(PTE_TEXT("] holds "))
                .u64(available);
        }
    } else {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor.data_buffer_idx is "))
            .u64(buffer_index)
            .str(PTE_TEXT(" but the program has no constant data"));
    }
    return Status::kOk;
}

// Planned memory: `nbytes` at the allocation's offset lie inside its memory id's buffer.
Status check_planned_placement(Loader &loader, uint32_t index,
                               const fb::AllocationDetails *allocation, uint64_t nbytes)
{
    const uint32_t memory_id = allocation->memory_id();
    if (memory_id == 0 || memory_id > loader.num_planned) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor.allocation_info.memory_id "))
            .u64(memory_id)
            .str(PTE_TEXT(" is not a planned buffer (ids 1.."))
            .u64(loader.num_planned)
            .str(")");
    }
    const uint64_t offset = internal::planned_offset(allocation);
    const uint64_t available = loader.planned_sizes[memory_id - 1];
    if (offset > available || nbytes > available - offset) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".tensor: memory_offset "))
            .u64(offset)
            .str(" + ")
            .u64(nbytes)
            .str(PTE_TEXT(" bytes > non_const_buffer_sizes["))
            .u64(memory_id)
            .str("] ")
            .u64(available);
    }
    return Status::kOk;
}

// A tensor is valid where it says it lives: constant data, planned memory, or nowhere (empty).
Status check_tensor(Loader &loader, uint32_t index, const fb::Tensor *tensor, Placement *placement)
{
    uint64_t nbytes = 0;
    Status status = check_tensor_shape(loader, index, tensor, &nbytes);
    if (status == Status::kOk) {
        status = check_tensor_features(loader, index, tensor);
    }
    if (status != Status::kOk) {
        return status;
    }
    const uint32_t buffer_index = tensor->data_buffer_idx();
    const fb::AllocationDetails *allocation = tensor->allocation_info();
    if (buffer_index > 0 && allocation != nullptr) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor is mutable with initial data (data_buffer_idx "))
            .u64(buffer_index)
            .str(PTE_TEXT(" and allocation_info): mutable state is not supported"));
    }
    if (buffer_index > 0) {
        *placement = Placement::kConstant;
        return check_constant_placement(loader, index, buffer_index, nbytes);
    }
    if (allocation != nullptr) {
        *placement = Placement::kPlanned;
        return check_planned_placement(loader, index, allocation, nbytes);
    }
    if (nbytes != 0) {
        return value_error(loader, Status::kUnsupported, index)
            .str(PTE_TEXT(".tensor ("))
            .u64(nbytes)
            .str(PTE_TEXT(
                " bytes) has neither constant data nor a memory plan: dynamically allocated "
                "tensors are not supported, export with memory planning"));
    }
    *placement = Placement::kEmpty;
    return Status::kOk;
}

Status check_int_list(Loader &loader, uint32_t index, const fb::IntList *list)
{
    const flatbuffers::Vector<int64_t> *items = list->items();
    const uint32_t count = items != nullptr ? items->size() : 0;
    if (!elements_aligned(items)) {
        return value_error(loader, Status::kMalformed, index)
            .str(PTE_TEXT(".int_list.items elements are not 8-byte aligned"));
    }
    if (count > PTE_MAX_LIST_ITEMS) {
        return over_capacity(value_error(loader, Status::kCapacityExceeded, index), count,
                             PTE_TEXT(" int list items"), PTE_MAX_LIST_ITEMS,
                             PTE_TEXT(" (PTE_MAX_LIST_ITEMS)"));
    }
    for (uint32_t i = 0; i < count; ++i) {
        // ExecuTorch lists hold value indices, not the integers themselves.
        const int64_t item = items->Get(i);
        if (item < 0 || item >= static_cast<int64_t>(loader.num_values)) {
            return bad_value_index(
                value_error(loader, Status::kMalformed, index).str(PTE_TEXT(".int_list.items")), i,
                item, loader.num_values);
        }
        const fb::EValue *element = loader.values->Get(static_cast<uint32_t>(item));
        if (element->val_type() != fb::KernelTypes_Int || element->val_as_Int() == nullptr) {
            return wrong_value_kind(
                value_error(loader, Status::kMalformed, index).str(PTE_TEXT(".int_list.items")), i,
                PTE_TEXT("] refers to value "), item, element->val_type(),
                PTE_TEXT(", not an Int"));
        }
    }
    return Status::kOk;
}

// Tensor[] and Tensor?[]: value indices of tensors (or, for Tensor?[], -1 or a Null for None).
Status check_tensor_list(Loader &loader, uint32_t index, const flatbuffers::Vector<int32_t> *items,
                         bool optional)
{
    const uint32_t count = items != nullptr ? items->size() : 0;
    if (count > PTE_MAX_LIST_TENSORS) {
        return over_capacity(value_error(loader, Status::kCapacityExceeded, index), count,
                             PTE_TEXT(" tensor list items"), PTE_MAX_LIST_TENSORS,
                             PTE_TEXT(" (PTE_MAX_LIST_TENSORS)"));
    }
    for (uint32_t i = 0; i < count; ++i) {
        const int32_t item = items->Get(i);
        if (optional && item == -1) {
            continue;
        }
        if (item < 0 || static_cast<uint32_t>(item) >= loader.num_values) {
            return bad_value_index(
                value_error(loader, Status::kMalformed, index).str(PTE_TEXT(".tensor_list.items")),
                i, item, loader.num_values);
        }
        const fb::KernelTypes type = loader.values->Get(static_cast<uint32_t>(item))->val_type();
        if (type != fb::KernelTypes_Tensor && !(optional && type == fb::KernelTypes_Null)) {
            return wrong_value_kind(
                value_error(loader, Status::kMalformed, index).str(PTE_TEXT(".tensor_list.items")),
                i, PTE_TEXT("] refers to value "), item, type,
                optional ? PTE_TEXT(", not a Tensor or Null") : PTE_TEXT(", not a Tensor"));
        }
    }
    return Status::kOk;
}

Status check_values(Loader &loader)
{
    for (uint32_t i = 0; i < loader.num_values; ++i) {
        const fb::EValue *value = loader.values->Get(i);
        const fb::KernelTypes type = value->val_type();
        if (type == fb::KernelTypes_Null) {
            continue;
        }
        if (type == fb::KernelTypes_NONE || type > fb::KernelTypes_MAX) {
            return value_error(loader, Status::kMalformed, i)
                .str(PTE_TEXT(".val_type "))
                .u64(type)
                .str(PTE_TEXT(" is not a known value kind"));
        }
        if (value->val() == nullptr) {
            return value_error(loader, Status::kMalformed, i)
                .str(PTE_TEXT(" is a "))
                .str(kernel_type_name(type))
                .str(PTE_TEXT(" without its table"));
        }
        Status status = Status::kOk;
        if (type == fb::KernelTypes_Tensor) {
            Placement placement;
            status = check_tensor(loader, i, value->val_as_Tensor(), &placement);
        } else if (type == fb::KernelTypes_IntList) {
            status = check_int_list(loader, i, value->val_as_IntList());
        } else if (type == fb::KernelTypes_DoubleList &&
                   !elements_aligned(value->val_as_DoubleList()->items())) {
            status = value_error(loader, Status::kMalformed, i)
                         .str(PTE_TEXT(".double_list.items elements are not 8-byte aligned"));
        } else if (type == fb::KernelTypes_TensorList) {
            status = check_tensor_list(loader, i, value->val_as_TensorList()->items(), false);
        } else if (type == fb::KernelTypes_OptionalTensorList) {
            status =
                check_tensor_list(loader, i, value->val_as_OptionalTensorList()->items(), true);
        }
        // A String may sit in the table; an instruction that passes one is refused in
        // check_instructions.
        if (status != Status::kOk) {
            return status;
        }
    }
    return Status::kOk;
}

// Plan inputs and outputs: tensors the caller reads or writes through Method. `field` is
// "inputs" or "outputs", `count_noun` the same with a leading space as a PTE_TEXT.
Status check_io(Loader &loader, const flatbuffers::Vector<int32_t> *indices, const char *field,
                Text count_noun, bool writable, uint32_t *count_out)
{
    const uint32_t count = indices != nullptr ? indices->size() : 0;
    if (count > PTE_MAX_IO) {
        return over_capacity(plan_error(loader, Status::kCapacityExceeded), count, count_noun,
                             PTE_MAX_IO, PTE_TEXT(" (PTE_MAX_IO)"));
    }
    for (uint32_t i = 0; i < count; ++i) {
        const int32_t index = indices->Get(i);
        if (index < 0 || static_cast<uint32_t>(index) >= loader.num_values) {
            return bad_value_index(plan_error(loader, Status::kMalformed).str(".").str(field), i,
                                   index, loader.num_values);
        }
        const fb::EValue *value = loader.values->Get(static_cast<uint32_t>(index));
        if (value->val_type() != fb::KernelTypes_Tensor) {
            return wrong_value_kind(plan_error(loader, Status::kUnsupported).str(".").str(field), i,
                                    PTE_TEXT("] is value "), index, value->val_type(),
                                    PTE_TEXT("; only tensor inputs and outputs are supported"));
        }
        const fb::Tensor *tensor = value->val_as_Tensor();
        if (writable && tensor->allocation_info() == nullptr &&
            internal::validated_nbytes(tensor) != 0) {
            return plan_error(loader, Status::kUnsupported)
                .str(".")
                .str(field)
                .str("[")
                .u64(i)
                .str(PTE_TEXT("] (value "))
                .i64(index)
                .str(PTE_TEXT(") is not memory-planned: export with planned inputs"));
        }
    }
    *count_out = count;
    return Status::kOk;
}

bool is_kernel_argument_kind(fb::KernelTypes type)
{
    return type == fb::KernelTypes_Null || type == fb::KernelTypes_Int ||
           type == fb::KernelTypes_Bool || type == fb::KernelTypes_Double ||
           type == fb::KernelTypes_Tensor || type == fb::KernelTypes_IntList ||
           type == fb::KernelTypes_DoubleList || type == fb::KernelTypes_BoolList ||
           type == fb::KernelTypes_TensorList || type == fb::KernelTypes_OptionalTensorList;
}

DetailWriter instruction_error(const Loader &loader, Status status, uint32_t chain,
                               uint32_t instruction)
{
    DetailWriter writer(loader.diag, status);
    writer.str(PTE_TEXT("execution_plan["))
        .u64(loader.plan_index)
        .str(PTE_TEXT("].chains["))
        .u64(chain)
        .str(PTE_TEXT("].instructions["))
        .u64(instruction)
        .str("]");
    return writer;
}

Status check_kernel_call(Loader &loader, uint32_t chain, uint32_t instruction,
                         const fb::KernelCall *call)
{
    if (call->op_index() < 0 || static_cast<uint32_t>(call->op_index()) >= loader.num_operators) {
        return instruction_error(loader, Status::kMalformed, chain, instruction)
            .str(PTE_TEXT(".op_index "))
            .i64(call->op_index())
            .str(PTE_TEXT(" is not an operator index (0.."))
            .u64(loader.num_operators)
            .str(")");
    }
    const flatbuffers::Vector<int32_t> *args = call->args();
    const uint32_t count = args != nullptr ? args->size() : 0;
    if (count > PTE_MAX_KERNEL_ARGS) {
        return over_capacity(
            instruction_error(loader, Status::kCapacityExceeded, chain, instruction), count,
            PTE_TEXT(" kernel arguments"), PTE_MAX_KERNEL_ARGS, PTE_TEXT(" (PTE_MAX_KERNEL_ARGS)"));
    }
    uint32_t list_items = 0;
    uint32_t list_tensors = 0;
    for (uint32_t k = 0; k < count; ++k) {
        const int32_t index = args->Get(k);
        if (index < 0 || static_cast<uint32_t>(index) >= loader.num_values) {
            return bad_value_index(instruction_error(loader, Status::kMalformed, chain, instruction)
                                       .str(PTE_TEXT(".args")),
                                   k, index, loader.num_values);
        }
        const fb::EValue *value = loader.values->Get(static_cast<uint32_t>(index));
        if (!is_kernel_argument_kind(value->val_type())) {
            return wrong_value_kind(
                instruction_error(loader, Status::kUnsupported, chain, instruction)
                    .str(PTE_TEXT(".args")),
                k, PTE_TEXT("] is value "), index, value->val_type(),
                PTE_TEXT(", which cmops kernels cannot take"));
        }
        if (value->val_type() == fb::KernelTypes_IntList) {
            const auto *items = value->val_as_IntList()->items();
            list_items += items != nullptr ? items->size() : 0;
        } else if (value->val_type() == fb::KernelTypes_TensorList) {
            const auto *items = value->val_as_TensorList()->items();
            list_tensors += items != nullptr ? items->size() : 0;
        } else if (value->val_type() == fb::KernelTypes_OptionalTensorList) {
            const auto *items = value->val_as_OptionalTensorList()->items();
            list_tensors += items != nullptr ? items->size() : 0;
        }
    }
    if (list_tensors > PTE_MAX_LIST_TENSORS) {
        return over_capacity(
            instruction_error(loader, Status::kCapacityExceeded, chain, instruction), list_tensors,
            PTE_TEXT(" tensor list items in one call"), PTE_MAX_LIST_TENSORS,
            PTE_TEXT(" (PTE_MAX_LIST_TENSORS)"));
    }
    if (list_items > PTE_MAX_LIST_ITEMS) {
        return over_capacity(
            instruction_error(loader, Status::kCapacityExceeded, chain, instruction), list_items,
            PTE_TEXT(" int list items in one call"), PTE_MAX_LIST_ITEMS,
            PTE_TEXT(" (PTE_MAX_LIST_ITEMS)"));
    }
    return Status::kOk;
}

Status check_instructions(Loader &loader)
{
    const auto *chains = loader.plan->chains();
    const uint32_t num_chains = chains != nullptr ? chains->size() : 0;
    uint64_t total = 0;
    for (uint32_t c = 0; c < num_chains; ++c) {
        const auto *instructions = chains->Get(c)->instructions();
        const uint32_t count = instructions != nullptr ? instructions->size() : 0;
        for (uint32_t i = 0; i < count; ++i) {
            const fb::Instruction *instruction = instructions->Get(i);
            Status status = Status::kOk;
            switch (instruction->instr_args_type()) {
            case fb::InstructionArguments_KernelCall: {
                const fb::KernelCall *call = instruction->instr_args_as_KernelCall();
                if (call == nullptr) {
                    return instruction_error(loader, Status::kMalformed, c, i)
                        .str(PTE_TEXT(" is a KernelCall without its table"));
                }
                status = check_kernel_call(loader, c, i, call);
                break;
            }
            case fb::InstructionArguments_FreeCall: {
                // Memory planning already placed every tensor; a free is a no-op here, but
                // it must still name a tensor.
                const fb::FreeCall *free_call = instruction->instr_args_as_FreeCall();
                const int32_t index = free_call != nullptr ? free_call->value_index() : -1;
                if (index < 0 || static_cast<uint32_t>(index) >= loader.num_values ||
                    loader.values->Get(static_cast<uint32_t>(index))->val_type() !=
                        fb::KernelTypes_Tensor) {
                    return instruction_error(loader, Status::kMalformed, c, i)
                        .str(PTE_TEXT(".value_index "))
                        .i64(index)
                        .str(PTE_TEXT(" of a FreeCall is not a tensor value"));
                }
                break;
            }
            case fb::InstructionArguments_DelegateCall:
                return instruction_error(loader, Status::kUnsupported, c, i)
                    .str(PTE_TEXT(" is a DelegateCall: backend delegates are not supported, lower "
                                  "to cortex_m:: operators instead"));
            case fb::InstructionArguments_MoveCall:
            case fb::InstructionArguments_JumpFalseCall:
                return instruction_error(loader, Status::kUnsupported, c, i)
                    .str(PTE_TEXT(" is a "))
                    .str(fb::EnumNameInstructionArguments(instruction->instr_args_type()))
                    .str(PTE_TEXT(": control flow (cond/while/map) is not supported"));
            default:
                return instruction_error(loader, Status::kMalformed, c, i)
                    .str(PTE_TEXT(".instr_args_type "))
                    .u64(instruction->instr_args_type())
                    .str(PTE_TEXT(" is not a known instruction"));
            }
            if (status != Status::kOk) {
                return status;
            }
        }
        total += count;
    }
    if (total > UINT32_MAX) {
        return plan_error(loader, Status::kCapacityExceeded)
            .str(PTE_TEXT(": more than 2^32 instructions"));
    }
    loader.num_instructions = static_cast<uint32_t>(total);
    return Status::kOk;
}

} // namespace

Status verify_program(const uint8_t *bytes, size_t size, const char *method_name, Diagnostic *diag,
                      Loader *out)
{
    Loader &loader = *out;
    loader = Loader();
    loader.data = bytes;
    loader.size = size;
    loader.diag = diag;
    Status status = internal::parse_file_layout(bytes, size, &loader.layout, diag);
    if (status != Status::kOk) {
        return status;
    }

    const size_t flatbuffer_size = static_cast<size_t>(loader.layout.program_size);
    flatbuffers::Verifier verifier(bytes, flatbuffer_size);
    if (!fb::VerifyProgramBuffer(verifier)) {
        DetailWriter writer(diag, Status::kVerifierFailed);
        writer.str(PTE_TEXT("FlatBuffers verifier rejected the program (bytes 0.."))
            .u64(flatbuffer_size)
            .str(")");
        internal::locate_verifier_failure(bytes, flatbuffer_size, &writer);
        return writer;
    }
    loader.program = fb::GetProgram(bytes);

    if ((status = check_segments(loader)) != Status::kOk ||
        (status = select_constants(loader)) != Status::kOk ||
        (status = select_plan(loader, method_name)) != Status::kOk ||
        (status = check_planned_buffers(loader)) != Status::kOk ||
        (status = check_operators(loader)) != Status::kOk ||
        (status = check_values(loader)) != Status::kOk ||
        (status = check_io(loader, loader.plan->inputs(), "inputs", PTE_TEXT(" inputs"), true,
                           &loader.num_inputs)) != Status::kOk ||
        (status = check_io(loader, loader.plan->outputs(), "outputs", PTE_TEXT(" outputs"), false,
                           &loader.num_outputs)) != Status::kOk ||
        (status = check_instructions(loader)) != Status::kOk) {
        return status;
    }
    return Status::kOk;
}

} // namespace internal
} // namespace pte
} // namespace m55ml

/*
 * method.cc: binds a loaded Program to arenas and kernels, and runs it.
 *
 * Everything that can be refused is refused in prepare(): arenas, operators, argument counts,
 * writes into constants or over other arguments. execute() then only builds each call's argument
 * views from the verified program and calls the kernel; the only failures left are the kernels'
 * own.
 */
#include <string.h>

#include "cc/runtime/internal/detail_writer.h"
#include "cc/runtime/internal/plan_access.h"
#include "cc/runtime/internal/prepared_call.h"
#include "cc/runtime/internal/schema.h"
#include "cc/runtime/pte_runtime.h"

static_assert(PTE_MAX_IO <= 32, "Method tracks set inputs in a 32-bit mask");

namespace m55ml
{
namespace pte
{

using internal::DetailWriter;

namespace
{

DetailWriter instruction_error(Diagnostic *diag, Status status, uint32_t chain,
                               uint32_t instruction)
{
    DetailWriter writer(diag, status);
    writer.str(PTE_TEXT("chains["))
        .u64(chain)
        .str(PTE_TEXT("].instructions["))
        .u64(instruction)
        .str("]");
    return writer;
}

DetailWriter &operator_label(DetailWriter &writer, const fb::Operator *op)
{
    writer.str(op->name()->c_str());
    if (op->overload()->size() > 0) {
        writer.str(".").str(op->overload()->c_str());
    }
    return writer;
}

// Describes a tensor's shape for size-mismatch messages: "float32[1, 3, 8, 8]".
DetailWriter &shape_label(DetailWriter &writer, const TensorInfo &info)
{
    writer.str(scalar_type_name(info.scalar_type)).str("[");
    for (int32_t i = 0; i < info.dim; ++i) {
        writer.str(i == 0 ? "" : ", ").i64(info.sizes[i]);
    }
    return writer.str("]");
}

// The bytes a planned, non-empty tensor argument occupies: [begin, end) in one memory id.
struct PlannedBytes {
    uint32_t memory_id;
    uint64_t begin;
    uint64_t end;
};

bool planned_bytes(const fb::EValue *value, PlannedBytes *bytes)
{
    if (value->val_type() != fb::KernelTypes_Tensor) {
        return false;
    }
    const fb::Tensor *tensor = value->val_as_Tensor();
    const fb::AllocationDetails *allocation = tensor->allocation_info();
    const size_t nbytes = internal::validated_nbytes(tensor);
    if (allocation == nullptr || nbytes == 0) {
        return false;
    }
    bytes->memory_id = allocation->memory_id();
    bytes->begin = internal::planned_offset(allocation);
    bytes->end = bytes->begin + nbytes;
    return true;
}

DetailWriter &bytes_label(DetailWriter &writer, int32_t value_index, const PlannedBytes &bytes)
{
    return writer.str(PTE_TEXT("(value "))
        .i64(value_index)
        .str(PTE_TEXT(", memory id "))
        .u64(bytes.memory_id)
        .str(PTE_TEXT(" bytes "))
        .u64(bytes.begin)
        .str("..")
        .u64(bytes.end)
        .str(")");
}

static_assert(PTE_MAX_KERNEL_ARGS <= 32, "written_args and in_place_args are 32-bit masks");

using ValueTable = flatbuffers::Vector<flatbuffers::Offset<fb::EValue>>;
using ArgumentList = flatbuffers::Vector<int32_t>;

// A return is its out argument: the same value, or (a `Tensor(a!)[]` out, which ExecuTorch's
// emitter lists again as a second TensorList value) a tensor list of the very same entries.
bool same_value(const ValueTable *values, int32_t a, int32_t b)
{
    if (a == b) {
        return true;
    }
    if (a < 0 || b < 0 || static_cast<uint32_t>(a) >= values->size() ||
        static_cast<uint32_t>(b) >= values->size()) {
        return false;
    }
    const fb::TensorList *x = values->Get(static_cast<uint32_t>(a))->val_as_TensorList();
    const fb::TensorList *y = values->Get(static_cast<uint32_t>(b))->val_as_TensorList();
    if (x == nullptr || y == nullptr || x->items() == nullptr || y->items() == nullptr ||
        x->items()->size() != y->items()->size()) {
        return false;
    }
    for (uint32_t j = 0; j < x->items()->size(); ++j) {
        if (x->items()->Get(j) != y->items()->Get(j)) {
            return false;
        }
    }
    return true;
}

// Calls fn(item, value_index) for each tensor an argument is: the argument itself (item -1), or
// each tensor entry of a Tensor[] / Tensor?[] list (item = its position; None entries skipped).
template <typename Fn> void for_each_tensor(const ValueTable *values, int32_t index, Fn &&fn)
{
    const fb::EValue *value = values->Get(static_cast<uint32_t>(index));
    if (value->val_type() == fb::KernelTypes_Tensor) {
        fn(-1, index);
        return;
    }
    const flatbuffers::Vector<int32_t> *items = nullptr;
    if (value->val_type() == fb::KernelTypes_TensorList) {
        items = value->val_as_TensorList()->items();
    } else if (value->val_type() == fb::KernelTypes_OptionalTensorList) {
        items = value->val_as_OptionalTensorList()->items();
    }
    const uint32_t count = items != nullptr ? items->size() : 0;
    for (uint32_t j = 0; j < count; ++j) {
        const int32_t item = items->Get(j);
        if (item >= 0 && static_cast<uint32_t>(item) < values->size() &&
            values->Get(static_cast<uint32_t>(item))->val_type() == fb::KernelTypes_Tensor) {
            fn(static_cast<int32_t>(j), item);
        }
    }
}

// "argument k" or "argument k item j" (an entry of a tensor list).
DetailWriter &argument_label(DetailWriter &writer, size_t arg, int32_t item)
{
    writer.str(PTE_TEXT("argument ")).u64(arg);
    if (item >= 0) {
        writer.str(PTE_TEXT(" item ")).i64(item);
    }
    return writer;
}

struct WriteCheck {
    const ValueTable *values;
    const ArgumentList *args;
    size_t num_args;
    uint32_t written;
    const cmops_kernel &kernel;
    const fb::Operator *op;
    uint32_t chain;
    uint32_t instruction;
    Diagnostic *diag;
};

// One written tensor (argument k, or entry `item` of the written list argument k).
Status check_written_tensor(const WriteCheck &c, size_t k, int32_t item, int32_t index)
{
    const size_t out_arg = c.num_args - 1;
    const fb::EValue *value = c.values->Get(static_cast<uint32_t>(index));
    if (value->val_as_Tensor()->data_buffer_idx() > 0) {
        DetailWriter writer = instruction_error(c.diag, Status::kMalformed, c.chain, c.instruction);
        writer.str(": ");
        operator_label(writer, c.op).str(PTE_TEXT(" would write its "));
        if (k == out_arg) {
            writer.str(PTE_TEXT("out argument"));
        } else {
            // Scratch, or the mutable input of an in-place operator (no cortex_m:: one is).
            writer.str(PTE_TEXT("argument ")).u64(k).str(PTE_TEXT(" (scratch)"));
        }
        if (item >= 0) {
            writer.str(PTE_TEXT(" item ")).i64(item);
        }
        return writer.str(PTE_TEXT(" into constant tensor value ")).i64(index);
    }
    PlannedBytes target;
    if (!planned_bytes(value, &target)) {
        return Status::kOk;
    }
    Status status = Status::kOk;
    for (size_t j = 0; j < c.num_args && status == Status::kOk; ++j) {
        const bool j_written = (c.written & (1u << j)) != 0;
        const int32_t argument = c.args->Get(static_cast<uint32_t>(j));
        for_each_tensor(c.values, argument, [&](int32_t other_item, int32_t other_index) {
            if (status != Status::kOk) {
                return;
            }
            // Itself, or a pair of written tensors already compared from the other side.
            if (j == k && other_item == item) {
                return;
            }
            if (j_written && (j < k || (j == k && other_item < item))) {
                return;
            }
            PlannedBytes other;
            if (!planned_bytes(c.values->Get(static_cast<uint32_t>(other_index)), &other) ||
                other.memory_id != target.memory_id || other.end <= target.begin ||
                target.end <= other.begin) {
                return;
            }
            // The mutable input is itself a written argument, so the pair may come either way.
            // List entries are never in place.
            const size_t input = k == out_arg ? j : k;
            const bool in_place = item < 0 && other_item < 0 && (k == out_arg || j == out_arg) &&
                                  (c.kernel.in_place_args & (1u << input)) != 0 &&
                                  other.begin == target.begin && other.end == target.end;
            if (in_place) {
                return;
            }
            DetailWriter writer =
                instruction_error(c.diag, Status::kMalformed, c.chain, c.instruction);
            writer.str(": ");
            operator_label(writer, c.op).str(PTE_TEXT(" writes "));
            argument_label(writer, k, item).str(" ");
            bytes_label(writer, index, target).str(PTE_TEXT(" over "));
            argument_label(writer, j, other_item).str(" ");
            bytes_label(writer, other_index, other)
                .str(PTE_TEXT(
                    ": only an operator declared in-place may share an input's bytes with out"));
            status = writer;
        });
    }
    return status;
}

// Every argument a kernel writes (its schema's out and scratch tensors, and each entry of a
// written tensor list such as split_with_sizes_copy's `Tensor(a!)[] out`) must be planned memory
// of its own: not a constant (flash, or bytes the program shares), and not overlapping any other
// argument of the call (nor another entry of the same list), which the kernel would read after
// writing over it. The one exception is an operator whose schema declares an input mutable
// (in-place): out may be that input's very bytes. Programs never rely on partial overlap, so any
// is refused.
Status check_writes(const ValueTable *values, const ArgumentList *args, size_t num_args,
                    const cmops_kernel &kernel, const fb::Operator *op, uint32_t chain,
                    uint32_t instruction, Diagnostic *diag)
{
    const size_t out_arg = num_args - 1;
    const WriteCheck check{values, args, num_args, kernel.written_args | (1u << out_arg),
                           kernel, op,   chain,    instruction,
                           diag};
    Status status = Status::kOk;
    for (size_t k = 0; k < num_args && status == Status::kOk; ++k) {
        if ((check.written & (1u << k)) == 0) {
            continue;
        }
        for_each_tensor(values, args->Get(static_cast<uint32_t>(k)),
                        [&](int32_t item, int32_t index) {
                            if (status == Status::kOk) {
                                status = check_written_tensor(check, k, item, index);
                            }
                        });
    }
    return status;
}

} // namespace

Method::Method()
    : program_(nullptr), buffers_{}, kernels_{}, call_values_{}, call_args_{}, call_list_items_{},
      call_list_tensors_{}, call_list_tensor_refs_{}, prepared_calls_(nullptr),
      num_prepared_calls_(0), inputs_set_(0), calls_executed_(0), prepared_(false)
{
}

uint64_t Method::call_state_size(const Program &program)
{
    if (!program.is_loaded()) {
        return 0;
    }
    const fb::ExecutionPlan *plan = internal::plan_of(program);
    internal::CallStateCarver sizer(nullptr);
    sizer.take<internal::PreparedCall>(internal::count_kernel_calls(plan));
    internal::for_each_kernel_call(plan, [&](uint32_t, uint32_t, const fb::KernelCall *call) {
        // An upper bound: the kernel's argument count is not known before resolution, the
        // program's (its arguments and returns) is.
        const size_t passed = call->args() != nullptr ? call->args()->size() : 0;
        const internal::ListCounts counts = internal::count_list_items(plan, call, passed);
        sizer.take<cmops_value>(passed);
        sizer.take<cmops_value *>(passed);
        sizer.take<int64_t>(counts.int_items);
        sizer.take<cmops_tensor>(counts.tensor_items);
        sizer.take<cmops_tensor *>(counts.tensor_items);
        return Status::kOk;
    });
    return sizer.used();
}

const cmops_kernel *Method::kernel(size_t index) const
{
    return (prepared_ && index < program_->num_operators()) ? kernels_[index] : nullptr;
}

void *Method::tensor_data(const void *tensor_table) const
{
    const fb::Tensor *tensor = static_cast<const fb::Tensor *>(tensor_table);
    const fb::AllocationDetails *allocation = tensor->allocation_info();
    if (allocation != nullptr) {
        // memory_id is 1..num_planned_buffers after load; the check keeps the index provably
        // inside buffers_ for the compiler and for any future caller.
        const uint32_t buffer_index = allocation->memory_id() - 1;
        if (buffer_index >= PTE_MAX_PLANNED_BUFFERS) {
            return nullptr;
        }
        return static_cast<uint8_t *>(buffers_[buffer_index].data) +
               internal::planned_offset(allocation);
    }
    if (tensor->data_buffer_idx() > 0) {
        // Kernels take inputs through non-const cmops views but never write them; prepare()
        // refused every call whose out argument is a constant.
        return const_cast<uint8_t *>(program_->constant_data(tensor->data_buffer_idx()));
    }
    return nullptr;
}

// ---- prepare, in named steps -----------------------------------------------------------------

// One arena per memory id: present, aligned, large enough.
Status Method::bind_arenas(const Program &program, const MemorySpan *buffers, size_t num_buffers,
                           Diagnostic *diag)
{
    const size_t needed = program.num_planned_buffers();
    if (num_buffers < needed || (needed > 0 && buffers == nullptr)) {
        return DetailWriter(diag, Status::kArenaMissing)
            .str(PTE_TEXT("the program needs "))
            .u64(needed)
            .str(PTE_TEXT(" planned buffer(s) (memory ids 1.."))
            .u64(needed)
            .str(PTE_TEXT("), got "))
            .u64(buffers == nullptr ? 0 : num_buffers);
    }
    for (size_t i = 0; i < needed; ++i) {
        const uint64_t required = program.planned_buffer_size(i);
        if (required > 0 && buffers[i].data == nullptr) {
            return DetailWriter(diag, Status::kArenaMissing)
                .str(PTE_TEXT("planned buffer for memory id "))
                .u64(i + 1)
                .str(PTE_TEXT(" is null; the program needs "))
                .u64(required)
                .str(PTE_TEXT(" bytes there"));
        }
        if (reinterpret_cast<uintptr_t>(buffers[i].data) % PTE_REQUIRED_ALIGNMENT != 0) {
            return DetailWriter(diag, Status::kBadAlignment)
                .str(PTE_TEXT("planned buffer for memory id "))
                .u64(i + 1)
                .str(PTE_TEXT(" is not 16-byte aligned (address mod 16 = "))
                .u64(reinterpret_cast<uintptr_t>(buffers[i].data) % PTE_REQUIRED_ALIGNMENT)
                .str(")");
        }
        if (buffers[i].size < required) {
            return DetailWriter(diag, Status::kArenaTooSmall)
                .str(PTE_TEXT("planned buffer for memory id "))
                .u64(i + 1)
                .str(PTE_TEXT(" is "))
                .u64(buffers[i].size)
                .str(PTE_TEXT(" bytes; the program needs "))
                .u64(required)
                .str(" (")
                .u64(required - buffers[i].size)
                .str(PTE_TEXT(" short)"));
        }
        buffers_[i] = buffers[i];
    }
    return Status::kOk;
}

// Every operator gets its kernel before anything runs, so a missing one is a load-time error.
Status Method::resolve_kernels(const Program &program, KernelResolver resolver,
                               void *resolver_context, Diagnostic *diag)
{
    const fb::ExecutionPlan *plan = internal::plan_of(program);
    for (uint32_t i = 0; i < program.num_operators(); ++i) {
        const fb::Operator *op = plan->operators()->Get(i);
        const char *name = op->name()->c_str();
        const char *overload = op->overload()->c_str();
        const cmops_kernel *found = resolver != nullptr ? resolver(resolver_context, name, overload)
                                                        : cmops_find_kernel(name, overload);
        if (found == nullptr || found->fn == nullptr) {
            DetailWriter writer(diag, Status::kOperatorNotAvailable);
            writer.str(PTE_TEXT("operator "));
            operator_label(writer, op)
                .str(PTE_TEXT(" is not available in this build (execution_plan.operators["))
                .u64(i)
                .str("])");
            return writer;
        }
        kernels_[i] = found;
    }
    return Status::kOk;
}

// Each call passes the kernel's schema arguments, then its returns, which ExecuTorch emits as the
// same values as the trailing out arguments (`f.out(..., *, out) -> out` lists `out` twice).
// Requiring at least one return is what tells a kernel that takes one argument more or fewer
// than the program apart from one that matches. Then no written argument may be a constant or
// overlap another argument (check_writes).
Status Method::check_call_signatures(const Program &program, Diagnostic *diag)
{
    const fb::ExecutionPlan *plan = internal::plan_of(program);
    const auto *values = plan->values();
    return internal::for_each_kernel_call(
        plan, [&](uint32_t c, uint32_t i, const fb::KernelCall *call) -> Status {
            const uint32_t op_index = static_cast<uint32_t>(call->op_index());
            const fb::Operator *op = plan->operators()->Get(op_index);
            const size_t expected = kernels_[op_index]->num_args;
            const auto *args = call->args();
            const size_t passed = args != nullptr ? args->size() : 0;
            const size_t returns = passed >= expected ? passed - expected : 0;
            bool aliases_ok = passed > expected && returns <= expected;
            for (size_t r = 0; aliases_ok && r < returns; ++r) {
                aliases_ok = same_value(values, args->Get(static_cast<uint32_t>(expected + r)),
                                        args->Get(static_cast<uint32_t>(expected - returns + r)));
            }
            if (!aliases_ok) {
                DetailWriter writer = instruction_error(diag, Status::kOperatorSignature, c, i);
                writer.str(": ");
                operator_label(writer, op)
                    .str(PTE_TEXT(" takes "))
                    .u64(expected)
                    .str(PTE_TEXT(" arguments, then its returns (the same values as its outs); the "
                                  "program passes "))
                    .u64(passed);
                if (passed > expected && returns <= expected) {
                    writer.str(PTE_TEXT(", and its returns are not its out arguments"));
                }
                return writer;
            }
            if (expected == 0) {
                return Status::kOk;
            }
            return check_writes(values, args, expected, *kernels_[op_index], op, c, i, diag);
        });
}

// With call state: every call's argument views are built once, and every kernel checks its
// arguments once (CMOPS_PHASE_CHECK); execute() then only calls kernels.
Status Method::prepare_calls(const Program &program, MemorySpan call_state, Diagnostic *diag)
{
    const uint64_t needed = call_state_size(program);
    if (call_state.size < needed) {
        return DetailWriter(diag, Status::kArenaTooSmall)
            .str(PTE_TEXT("call state is "))
            .u64(call_state.size)
            .str(PTE_TEXT(" bytes; the program's prepared calls need "))
            .u64(needed)
            .str(PTE_TEXT(" (Method::call_state_size)"));
    }
    if (reinterpret_cast<uintptr_t>(call_state.data) % PTE_REQUIRED_ALIGNMENT != 0) {
        return DetailWriter(diag, Status::kBadAlignment)
            .str(PTE_TEXT("call state is not 16-byte aligned (address mod 16 = "))
            .u64(reinterpret_cast<uintptr_t>(call_state.data) % PTE_REQUIRED_ALIGNMENT)
            .str(")");
    }
    const fb::ExecutionPlan *plan = internal::plan_of(program);
    internal::CallStateCarver carver(call_state.data);
    internal::PreparedCall *calls =
        carver.take<internal::PreparedCall>(internal::count_kernel_calls(plan));
    uint32_t prepared = 0;
    const Status status = internal::for_each_kernel_call(
        plan, [&](uint32_t c, uint32_t i, const fb::KernelCall *call) -> Status {
            internal::PreparedCall &record = calls[prepared];
            record.op_index = static_cast<uint32_t>(call->op_index());
            record.chain = c;
            record.instruction = i;
            record.kernel = kernels_[record.op_index];
            const size_t num_args = record.kernel->num_args;
            CallViews views = carve_views(&carver, call, num_args);
            const Status bound = bind_views(c, i, call, num_args, views, diag);
            if (bound != Status::kOk) {
                return bound;
            }
            record.args = views.args;
            cmops_context context = {CMOPS_NO_ARG, CMOPS_PHASE_CHECK};
            const cmops_status result = record.kernel->fn(&context, record.args, num_args);
            if (result != CMOPS_OK) {
                return kernel_error(diag, Status::kArgumentsRejected, record, context, result);
            }
            ++prepared;
            return Status::kOk;
        });
    if (status != Status::kOk) {
        return status;
    }
    prepared_calls_ = calls;
    num_prepared_calls_ = prepared;
    return Status::kOk;
}

Status Method::prepare(const Program &program, const MemorySpan *buffers, size_t num_buffers,
                       Diagnostic *diag, KernelResolver resolver, void *resolver_context,
                       MemorySpan call_state)
{
    // Reset field by field: a temporary Method would put its kilobytes on the caller's stack.
    prepared_ = false;
    program_ = nullptr;
    prepared_calls_ = nullptr;
    num_prepared_calls_ = 0;
    inputs_set_ = 0;
    calls_executed_ = 0;
    internal::clear_diagnostic(diag);
    if (!program.is_loaded()) {
        return DetailWriter(diag, Status::kInvalidState)
            .str(PTE_TEXT("prepare() needs a loaded Program"));
    }
    Status status = bind_arenas(program, buffers, num_buffers, diag);
    if (status == Status::kOk) {
        status = resolve_kernels(program, resolver, resolver_context, diag);
    }
    if (status == Status::kOk) {
        status = check_call_signatures(program, diag);
    }
    if (status != Status::kOk) {
        return status;
    }
    program_ = &program;
    if (call_state.data != nullptr) {
        status = prepare_calls(program, call_state, diag);
        if (status != Status::kOk) {
            program_ = nullptr;
            return status;
        }
    }
    prepared_ = true;
    return Status::kOk;
}

Status Method::set_input(size_t index, const void *bytes, size_t size, Diagnostic *diag)
{
    internal::clear_diagnostic(diag);
    if (!prepared_) {
        return DetailWriter(diag, Status::kInvalidState)
            .str(PTE_TEXT("set_input() before prepare()"));
    }
    TensorInfo info;
    const Status status = program_->input_info(index, &info, diag);
    if (status != Status::kOk) {
        return status;
    }
    if (size != info.nbytes) {
        DetailWriter writer(diag, Status::kSizeMismatch);
        writer.str(PTE_TEXT("input ")).u64(index).str(PTE_TEXT(" is "));
        shape_label(writer, info)
            .str(" = ")
            .u64(info.nbytes)
            .str(PTE_TEXT(" bytes; got "))
            .u64(size);
        return writer;
    }
    if (size > 0) {
        if (bytes == nullptr) {
            return DetailWriter(diag, Status::kInvalidArgument)
                .str(PTE_TEXT("input "))
                .u64(index)
                .str(PTE_TEXT(" bytes pointer is null"));
        }
        const fb::Tensor *tensor =
            internal::tensor_at(internal::plan_of(*program_), info.value_index);
        memcpy(tensor_data(tensor), bytes, size);
    }
    inputs_set_ |= 1u << index;
    return Status::kOk;
}

// ---- argument views ------------------------------------------------------------------------

Method::CallViews Method::carve_views(internal::CallStateCarver *carver, const void *kernel_call,
                                      size_t num_args)
{
    const fb::KernelCall *call = static_cast<const fb::KernelCall *>(kernel_call);
    const internal::ListCounts counts =
        internal::count_list_items(internal::plan_of(*program_), call, num_args);
    CallViews views;
    views.values = carver->take<cmops_value>(num_args);
    views.args = carver->take<cmops_value *>(num_args);
    views.list_items = carver->take<int64_t>(counts.int_items);
    views.list_tensors = carver->take<cmops_tensor>(counts.tensor_items);
    views.list_refs = carver->take<cmops_tensor *>(counts.tensor_items);
    return views;
}

Status Method::bind_views(uint32_t chain, uint32_t instruction, const void *kernel_call,
                          size_t num_args, const CallViews &views, Diagnostic *diag) const
{
    const fb::KernelCall *call = static_cast<const fb::KernelCall *>(kernel_call);
    const auto *values = internal::plan_of(*program_)->values();
    const auto *args = call->args();
    size_t list_items_used = 0;
    size_t list_tensors_used = 0;
    for (size_t k = 0; k < num_args; ++k) {
        const fb::EValue *value =
            values->Get(static_cast<uint32_t>(args->Get(static_cast<uint32_t>(k))));
        cmops_value *view = &views.values[k];
        switch (value->val_type()) {
        case fb::KernelTypes_Null:
            view->kind = CMOPS_VALUE_NONE;
            break;
        case fb::KernelTypes_Int:
            view->kind = CMOPS_VALUE_INT;
            view->as.int_value = value->val_as_Int()->int_val();
            break;
        case fb::KernelTypes_Bool:
            view->kind = CMOPS_VALUE_BOOL;
            view->as.bool_value = value->val_as_Bool()->bool_val();
            break;
        case fb::KernelTypes_Double:
            view->kind = CMOPS_VALUE_DOUBLE;
            view->as.double_value = value->val_as_Double()->double_val();
            break;
        case fb::KernelTypes_Tensor: {
            const fb::Tensor *tensor = value->val_as_Tensor();
            view->kind = CMOPS_VALUE_TENSOR;
            internal::fill_tensor_shape(tensor, &view->as.tensor);
            view->as.tensor.data = tensor_data(tensor);
            break;
        }
        case fb::KernelTypes_IntList: {
            // Lists hold value indices; kernels want the integers, materialized here.
            const auto *items = value->val_as_IntList()->items();
            const uint32_t count = items != nullptr ? items->size() : 0;
            int64_t *first = &views.list_items[list_items_used];
            for (uint32_t j = 0; j < count; ++j) {
                first[j] =
                    values->Get(static_cast<uint32_t>(items->Get(j)))->val_as_Int()->int_val();
            }
            list_items_used += count;
            view->kind = CMOPS_VALUE_INT_LIST;
            view->as.int_list.items = first;
            view->as.int_list.length = count;
            break;
        }
        case fb::KernelTypes_DoubleList: {
            // Verified 8-byte aligned at load: the kernel reads the program's own doubles.
            const auto *items = value->val_as_DoubleList()->items();
            view->kind = CMOPS_VALUE_DOUBLE_LIST;
            view->as.double_list.items = items != nullptr ? items->data() : nullptr;
            view->as.double_list.length = items != nullptr ? items->size() : 0;
            break;
        }
        case fb::KernelTypes_BoolList: {
            const auto *items = value->val_as_BoolList()->items();
            view->kind = CMOPS_VALUE_BOOL_LIST;
            view->as.bool_list.items =
                items != nullptr ? reinterpret_cast<const bool *>(items->data()) : nullptr;
            view->as.bool_list.length = items != nullptr ? items->size() : 0;
            break;
        }
        case fb::KernelTypes_TensorList:
        case fb::KernelTypes_OptionalTensorList: {
            // Lists hold value indices (-1 or a Null for None in Tensor?[]); kernels want views.
            const bool optional = value->val_type() == fb::KernelTypes_OptionalTensorList;
            const auto *items = optional ? value->val_as_OptionalTensorList()->items()
                                         : value->val_as_TensorList()->items();
            const uint32_t count = items != nullptr ? items->size() : 0;
            cmops_tensor **refs = &views.list_refs[list_tensors_used];
            for (uint32_t j = 0; j < count; ++j) {
                const int32_t item = items->Get(j);
                const fb::EValue *element =
                    item >= 0 ? values->Get(static_cast<uint32_t>(item)) : nullptr;
                if (element == nullptr || element->val_type() != fb::KernelTypes_Tensor) {
                    refs[j] = nullptr;
                    continue;
                }
                cmops_tensor *tensor = &views.list_tensors[list_tensors_used + j];
                internal::fill_tensor_shape(element->val_as_Tensor(), tensor);
                tensor->data = tensor_data(element->val_as_Tensor());
                refs[j] = tensor;
            }
            list_tensors_used += count;
            view->kind = optional ? CMOPS_VALUE_OPTIONAL_TENSOR_LIST : CMOPS_VALUE_TENSOR_LIST;
            view->as.tensor_list.items = refs;
            view->as.tensor_list.length = count;
            break;
        }
        default:
            // Unreachable after Program::load; kept so a future value kind fails loudly.
            return instruction_error(diag, Status::kUnsupported, chain, instruction)
                .str(PTE_TEXT(": argument "))
                .u64(k)
                .str(PTE_TEXT(" has a value kind this runtime cannot pass"));
        }
        views.args[k] = view;
    }
    return Status::kOk;
}

Status Method::kernel_error(Diagnostic *diag, Status status, const internal::PreparedCall &call,
                            const cmops_context &context, cmops_status result) const
{
    const fb::Operator *op = internal::plan_of(*program_)->operators()->Get(call.op_index);
    DetailWriter writer = instruction_error(diag, status, call.chain, call.instruction);
    writer.str(": ");
    operator_label(writer, op)
        .str(status == Status::kArgumentsRejected ? PTE_TEXT(" refused") : PTE_TEXT(" failed"));
    if (context.error_arg != CMOPS_NO_ARG) {
        writer.str(PTE_TEXT(" on argument "))
            .str(cmops_argument_name(call.kernel, context.error_arg))
            .str(" (")
            .i64(context.error_arg)
            .str(")");
    }
    return writer.str(": ")
        .str(cmops_status_message(result))
        .str(PTE_TEXT(" (cmops status "))
        .i64(result)
        .str(")");
}

// ---- execute ------------------------------------------------------------------------------

// Runs one call: hooks around the kernel, the failure worded once.
Status Method::run_call(const internal::PreparedCall &call, cmops_value *const *args, int32_t phase,
                        const ProfileHooks *hooks, Diagnostic *diag)
{
    const OpEvent event = {call.chain,      call.instruction,  call.op_index,
                           calls_executed_, call.kernel->name, call.kernel->overload};
    if (hooks != nullptr && hooks->before_op != nullptr) {
        hooks->before_op(hooks->context, &event);
    }
    cmops_context context = {CMOPS_NO_ARG, phase};
    const cmops_status result = call.kernel->fn(&context, args, call.kernel->num_args);
    const Status status = result == CMOPS_OK ? Status::kOk : Status::kKernelFailed;
    if (hooks != nullptr && hooks->after_op != nullptr) {
        hooks->after_op(hooks->context, &event, status);
    }
    ++calls_executed_;
    return status == Status::kOk ? status
                                 : kernel_error(diag, Status::kKernelFailed, call, context, result);
}

Status Method::execute(Diagnostic *diag, const ProfileHooks *hooks)
{
    internal::clear_diagnostic(diag);
    calls_executed_ = 0;
    if (!prepared_) {
        return DetailWriter(diag, Status::kInvalidState)
            .str(PTE_TEXT("execute() before prepare()"));
    }
    const fb::ExecutionPlan *plan = internal::plan_of(*program_);
    for (size_t i = 0; i < program_->num_inputs(); ++i) {
        if ((inputs_set_ & (1u << i)) == 0) {
            return DetailWriter(diag, Status::kInputNotSet)
                .str(PTE_TEXT("input "))
                .u64(i)
                .str(PTE_TEXT(" (value "))
                .i64(plan->inputs()->Get(static_cast<uint32_t>(i)))
                .str(PTE_TEXT(
                    ") was not set since the last execute(); planned memory reuses input bytes"));
        }
    }
    // Whatever happens next, the inputs' bytes may be overwritten: require them again.
    inputs_set_ = 0;

    if (prepared_calls_ != nullptr) {
        // Prepared: views built and arguments checked once; only kernels run.
        for (uint32_t n = 0; n < num_prepared_calls_; ++n) {
            const internal::PreparedCall &call = prepared_calls_[n];
            const Status status = run_call(call, call.args, CMOPS_PHASE_RUN_CHECKED, hooks, diag);
            if (status != Status::kOk) {
                return status;
            }
        }
        return Status::kOk;
    }

    // Without call state: views built per call in Method's staging, kernels check and run.
    const CallViews staging = {call_values_, call_args_, call_list_items_, call_list_tensors_,
                               call_list_tensor_refs_};
    // FreeCalls are skipped: memory is planned, nothing to release.
    return internal::for_each_kernel_call(
        plan, [&](uint32_t c, uint32_t i, const fb::KernelCall *call) {
            internal::PreparedCall record;
            record.op_index = static_cast<uint32_t>(call->op_index());
            record.chain = c;
            record.instruction = i;
            record.kernel = kernels_[record.op_index];
            record.args = nullptr;
            const Status bound = bind_views(c, i, call, record.kernel->num_args, staging, diag);
            return bound == Status::kOk ? run_call(record, call_args_, CMOPS_PHASE_RUN, hooks, diag)
                                        : bound;
        });
}

Status Method::output(size_t index, const void **data, size_t *nbytes, Diagnostic *diag) const
{
    internal::clear_diagnostic(diag);
    if (!prepared_) {
        return DetailWriter(diag, Status::kInvalidState).str(PTE_TEXT("output() before prepare()"));
    }
    if (data == nullptr || nbytes == nullptr) {
        return DetailWriter(diag, Status::kInvalidArgument)
            .str(PTE_TEXT("output pointers are null"));
    }
    TensorInfo info;
    const Status status = program_->output_info(index, &info, diag);
    if (status != Status::kOk) {
        return status;
    }
    *data = tensor_data(internal::tensor_at(internal::plan_of(*program_), info.value_index));
    *nbytes = info.nbytes;
    return Status::kOk;
}

} // namespace pte
} // namespace m55ml

/*
 * pte_runtime.h: load, verify and run an ExecuTorch `.pte` program without heap, exceptions or
 * RTTI.
 *
 * The one public header of cc/runtime. Two objects, both plain storage the caller places where it
 * likes (static RAM on a device, the stack or a global on the host):
 *
 *   Program  the verified, read-only view of the `.pte` bytes. Load checks the file header, runs
 * the FlatBuffers verifier and bounds-checks every offset, size and index the runtime will ever
 * follow, so nothing after a successful load can read outside the file. The bytes stay where the
 * caller put them (flash/ROM is fine) and must not change while a Program or Method uses them;
 * constant tensors point into them, nothing is copied. Method   one execution plan bound to
 * caller-provided arenas (one per planned memory id) and to kernels resolved by operator name.
 * Prepare refuses a too-small arena or a missing operator before anything runs; execute runs the
 * instruction chain.
 *
 *   Program program;
 *   Diagnostic diag;
 *   if (program.load(pte_bytes, pte_size, "forward", &diag) != Status::kOk) report(diag);
 *   alignas(16) static uint8_t arena[N];             // N >= program.planned_buffer_size(0)
 *   MemorySpan buffers[1] = {{arena, sizeof(arena)}};
 *   Method method;
 *   method.prepare(program, buffers, 1, &diag);      // resolves every operator up front
 *   method.set_input(0, input_bytes, input_size, &diag);
 *   method.execute(&diag, &hooks);                    // hooks may be null
 *   method.output(0, &data, &nbytes, &diag);
 *
 * Errors are a Status code (stable numbers, see status_message) plus a Diagnostic whose detail
 * string names the field, index and offset at fault, e.g.
 *   "execution_plan[0].values[29].tensor: memory_offset 4976 + 512 bytes > ..."
 * On bare-metal Arm (PTE_TERSE_DIAGNOSTICS) the fixed words of a detail and status_message()
 * are tokens "@{xxxxxxxx}" the host expands (docs/runtime.md, "Terse device diagnostics").
 *
 * Argument views: after verification the program's own EValue table is safe to read. Given call
 * state (Method::call_state_size bytes of caller memory), prepare() builds every kernel call's
 * `cmops_value` views there once and has each kernel check them once, so execute() only calls
 * kernels; without it, each call builds its views into a small per-call buffer inside Method and
 * the kernel checks them on every call (docs/runtime.md, "Prepare once, execute fast").
 */
#ifndef M55ML_CC_RUNTIME_PTE_RUNTIME_H_
#define M55ML_CC_RUNTIME_PTE_RUNTIME_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"

/* Capacities of this build. Each is a fixed array inside Program or Method; a program that needs
 * more is refused at load/prepare with Status::kCapacityExceeded naming the define. Override
 * them with the cc_library's `defines` (they change the size of Program/Method, so every
 * translation unit must see the same values). */
#ifndef PTE_MAX_OPERATORS
#define PTE_MAX_OPERATORS 32 /* distinct operators of one execution plan */
#endif
#ifndef PTE_MAX_PLANNED_BUFFERS
#define PTE_MAX_PLANNED_BUFFERS 4 /* planned memory ids (non_const_buffer_sizes[1..]) */
#endif
#ifndef PTE_MAX_KERNEL_ARGS
#define PTE_MAX_KERNEL_ARGS 24 /* values one kernel call passes, including the returns */
#endif
#ifndef PTE_MAX_LIST_ITEMS
#define PTE_MAX_LIST_ITEMS 48 /* int64 items of all int[] arguments of one kernel call */
#endif
#ifndef PTE_MAX_LIST_TENSORS
#define PTE_MAX_LIST_TENSORS                                                                       \
    8 /* tensors of all Tensor[]/Tensor?[] arguments of one kernel call                            \
       */
#endif
#ifndef PTE_MAX_IO
#define PTE_MAX_IO 16 /* inputs and outputs of one execution plan (each) */
#endif
#ifndef PTE_DETAIL_CAPACITY
#define PTE_DETAIL_CAPACITY 256 /* bytes of Diagnostic::detail, including the terminator */
#endif
/* Terse device diagnostics: the fixed English of every detail is a compact token ("@{xxxxxxxx}",
 * a hash of the text) that the host tools expand back into the text (docs/runtime.md,
 * "Terse device diagnostics"); numbers and names stay in the line. On by default for bare-metal
 * Arm (arm-none-eabi), where it saves the messages' flash; off on the host. */
#ifndef PTE_TERSE_DIAGNOSTICS
#if defined(__arm__) && !defined(__linux__)
#define PTE_TERSE_DIAGNOSTICS 1
#else
#define PTE_TERSE_DIAGNOSTICS 0
#endif
#endif
#ifndef PTE_LOCATE_VERIFIER_FAILURES
/* 0 drops the field naming of verifier errors (~4 KB); a device build leaves it to the host:
 * pte_run on the same file names the field. */
#define PTE_LOCATE_VERIFIER_FAILURES (!PTE_TERSE_DIAGNOSTICS)
#endif

/* Alignment the program bytes and every arena must have. FlatBuffers verifies alignment relative
 * to the buffer start and Cortex-M faults on unaligned 64-bit loads, so the start itself must be
 * aligned; 16 is the schema's force_align for tensor data and the export's tensor alignment. */
#define PTE_REQUIRED_ALIGNMENT 16

namespace m55ml
{
namespace pte
{

namespace internal
{
struct PreparedCall;
class CallStateCarver;
} // namespace internal

/* Result of every fallible call. The numbers are stable (they appear in logs and exit reports). */
enum class Status : uint32_t {
    kOk = 0,
    kInvalidArgument = 1,   /* a null pointer or impossible argument from the caller */
    kInvalidState = 2,      /* call out of order (e.g. execute before prepare) */
    kTruncated = 3,         /* the file ends before a header, the flatbuffer or a segment ends */
    kBadIdentifier = 4,     /* bytes 4..8 are not "ET12": not an ExecuTorch program */
    kBadHeader = 5,         /* the extended header ("eh00") has impossible sizes or offsets */
    kBadAlignment = 6,      /* program bytes or an arena not PTE_REQUIRED_ALIGNMENT-aligned */
    kVerifierFailed = 7,    /* the FlatBuffers verifier rejected the program table */
    kMalformed = 8,         /* a field is out of bounds or inconsistent (detail names it) */
    kUnsupported = 9,       /* valid ExecuTorch feature this runtime does not implement */
    kCapacityExceeded = 10, /* program too large for this build's PTE_MAX_* capacities */
    kMethodNotFound = 11,   /* no execution plan of the requested name */
    kOperatorNotAvailable = 12, /* an operator has no kernel in this build */
    kOperatorSignature = 13,    /* a kernel call passes a different number of arguments */
    kArenaMissing = 14,         /* fewer arenas than the program's planned memory ids */
    kArenaTooSmall = 15,        /* an arena is smaller than the plan needs */
    kInputNotSet = 16,          /* execute with an input that was not set since the last run */
    kSizeMismatch = 17,         /* input/output byte count differs from the tensor's */
    kIndexOutOfRange = 18,      /* input/output index beyond the plan's count */
    kKernelFailed = 19,         /* a kernel returned an error status */
    kArgumentsRejected = 20,    /* a kernel refused its call's arguments at prepare */
};

/* A short, static description of `status` ("arena smaller than the plan needs"). */
const char *status_message(Status status);

/* The enumerator's name without the k ("ArenaTooSmall"), for logs and tests. */
const char *status_name(Status status);

/* A short name for an ExecuTorch ScalarType code ("float32", "int8"), or "unknown". */
const char *scalar_type_name(int32_t scalar_type);

/* Where an error is explained. `detail` is always NUL-terminated; it is empty on success. */
struct Diagnostic {
    Status status;
    char detail[PTE_DETAIL_CAPACITY];
};

/* A caller-owned block of memory. */
struct MemorySpan {
    void *data;
    size_t size; /* bytes */
};

/* Shape and placement of an input or output tensor, as the program declares it. */
struct TensorInfo {
    uint32_t value_index;         /* index into the plan's values table */
    int32_t scalar_type;          /* ExecuTorch ScalarType code (cmops_dtype for the common ones) */
    int32_t dim;                  /* 0..CMOPS_MAX_DIM */
    int32_t sizes[CMOPS_MAX_DIM]; /* logical sizes (NCHW order for 4-D) */
    uint8_t dim_order[CMOPS_MAX_DIM]; /* memory order; {0,2,3,1} is channels-last */
    size_t nbytes;                    /* bytes of the data, laid out in dim_order */
};

/* Argument of the profiling hooks: which kernel call is about to run or has run. */
struct OpEvent {
    uint32_t chain_index;
    uint32_t instruction_index; /* index within the chain */
    uint32_t operator_index;    /* index into the plan's operators table */
    uint32_t call_index;        /* 0, 1, 2, ... kernel calls in this execute() */
    const char *name;           /* e.g. "cortex_m::quantized_conv2d" (points into the program) */
    const char *overload;       /* e.g. "out" */
};

/* Optional callbacks around every kernel call, e.g. to read a cycle or instruction counter.
 * Either pointer may be null. They run on the caller's thread; keep them short. */
struct ProfileHooks {
    void *context;
    void (*before_op)(void *context, const OpEvent *event);
    void (*after_op)(void *context, const OpEvent *event, Status status);
};

/* Finds the kernel for `name`.`overload`, or returns null (not available). Lets tests or a product
 * supply their own registry; one that only overrides some operators delegates the rest to
 * cmops_find_kernel. */
typedef const cmops_kernel *(*KernelResolver)(void *context, const char *name,
                                              const char *overload);

/* The verified, read-only program. Trivially destructible; holds no resource. */
class Program
{
  public:
    Program();

    /* Verifies `size` bytes at `data` and selects the execution plan `method_name` (null selects
     * the first plan). `data` must be PTE_REQUIRED_ALIGNMENT-aligned and outlive this object.
     * On error the Program stays unloaded and `diag` (may be null) says why. */
    Status load(const void *data, size_t size, const char *method_name, Diagnostic *diag);

    bool is_loaded() const
    {
        return loaded_;
    }

    /* Name of the selected execution plan ("forward"). */
    const char *method_name() const;

    /* Planned memory: buffer `index` holds memory id index+1 (id 0 is reserved by ExecuTorch). */
    size_t num_planned_buffers() const
    {
        return num_planned_buffers_;
    }
    uint64_t planned_buffer_size(size_t index) const;
    /* Bytes one arena needs when split_arena() carves all planned buffers out of it. */
    uint64_t single_arena_size() const;

    size_t num_inputs() const
    {
        return num_inputs_;
    }
    size_t num_outputs() const
    {
        return num_outputs_;
    }
    Status input_info(size_t index, TensorInfo *info, Diagnostic *diag) const;
    Status output_info(size_t index, TensorInfo *info, Diagnostic *diag) const;

    size_t num_operators() const
    {
        return num_operators_;
    }
    const char *operator_name(size_t index) const;     /* null if index is out of range */
    const char *operator_overload(size_t index) const; /* null if index is out of range */
    size_t num_values() const
    {
        return num_values_;
    }
    size_t num_instructions() const
    {
        return num_instructions_;
    } /* over all chains */
    uint64_t constant_bytes() const
    {
        return constant_bytes_;
    } /* constant data the plan uses */

    /* Internal view for Method; not part of the stable API. */
    const void *plan_table() const
    {
        return plan_;
    }
    const uint8_t *constant_data(uint32_t data_buffer_idx) const;

  private:
    const uint8_t *data_;
    size_t size_;
    const void *plan_;                /* executorch_flatbuffer::ExecutionPlan, verified */
    const void *constant_offsets_;    /* Vector<uint64_t> of constant_segment, or null */
    const void *constant_buffers_;    /* legacy inline Vector<Offset<Buffer>>, or null */
    const uint8_t *constant_segment_; /* start of the constant segment's bytes */
    uint64_t planned_sizes_[PTE_MAX_PLANNED_BUFFERS];
    uint64_t constant_bytes_;
    uint32_t num_planned_buffers_;
    uint32_t num_inputs_;
    uint32_t num_outputs_;
    uint32_t num_operators_;
    uint32_t num_values_;
    uint32_t num_instructions_;
    uint32_t plan_index_;
    bool loaded_;
};

/* Carves `arena` into the program's planned buffers (each start PTE_REQUIRED_ALIGNMENT-aligned)
 * and writes num_planned_buffers() spans to `buffers`. Fails with kArenaTooSmall if `arena_size`
 * < program.single_arena_size(). */
Status split_arena(const Program &program, void *arena, size_t arena_size, MemorySpan *buffers,
                   size_t buffer_capacity, Diagnostic *diag);

/* One execution plan bound to arenas and kernels. Holds ~(PTE_MAX_KERNEL_ARGS * 60 + 8 *
 * PTE_MAX_LIST_ITEMS + 52 * PTE_MAX_LIST_TENSORS + 8 * PTE_MAX_OPERATORS) bytes of per-call
 * staging; place it in static RAM. */
class Method
{
  public:
    Method();

    /* Binds `program` (must stay alive and loaded) to `buffers`[i] for memory id i+1 and resolves
     * every operator through `resolver` (null: cmops_find_kernel from cc/ops). Refuses, before
     * anything runs: a missing, misaligned or too-small arena; an operator without a kernel
     * ("operator X.Y is not available in this build"); a call whose argument count differs from the
     * kernel's. */
    Status prepare(const Program &program, const MemorySpan *buffers, size_t num_buffers,
                   Diagnostic *diag, KernelResolver resolver = nullptr,
                   void *resolver_context = nullptr, MemorySpan call_state = {nullptr, 0});

    /* Bytes of call state (PTE_REQUIRED_ALIGNMENT-aligned, owned by the caller, alive as long as
     * the Method) that lets prepare() build every call's argument views once and have every
     * kernel check its arguments once, TFLM's Prepare/Eval split: execute() then only calls
     * kernels. A kernel refusing its arguments fails prepare() with kArgumentsRejected naming
     * the operator and argument. Without call state (the default), views are built and
     * arguments checked on every call. */
    static uint64_t call_state_size(const Program &program);

    bool is_prepared() const
    {
        return prepared_;
    }

    /* Copies `size` bytes (must equal the input tensor's nbytes, laid out in its dim_order) into
     * the input's planned memory. Every input must be set again before each execute(): memory
     * planning lets later operators reuse an input's bytes. */
    Status set_input(size_t index, const void *bytes, size_t size, Diagnostic *diag);

    /* Runs every instruction of every chain. `hooks` may be null. Stops at the first failing
     * kernel with kKernelFailed naming the instruction, operator and the kernel's own detail. */
    Status execute(Diagnostic *diag, const ProfileHooks *hooks = nullptr);

    /* Points `*data` at output `index` (inside an arena or the program; valid until the next
     * execute) and sets `*nbytes`. */
    Status output(size_t index, const void **data, size_t *nbytes, Diagnostic *diag) const;

    /* Kernel calls made by the last execute(). */
    uint32_t calls_executed() const
    {
        return calls_executed_;
    }

    /* The kernel resolved for operator `index`, or null. */
    const cmops_kernel *kernel(size_t index) const;

  private:
    /* Where one call's argument views go: Method's staging, or call state. */
    struct CallViews {
        cmops_value *values;
        cmops_value **args;
        int64_t *list_items;
        cmops_tensor *list_tensors;
        cmops_tensor **list_refs;
    };

    /* prepare(), step by step. */
    Status bind_arenas(const Program &program, const MemorySpan *buffers, size_t num_buffers,
                       Diagnostic *diag);
    Status resolve_kernels(const Program &program, KernelResolver resolver, void *resolver_context,
                           Diagnostic *diag);
    Status check_call_signatures(const Program &program, Diagnostic *diag);
    Status prepare_calls(const Program &program, MemorySpan call_state, Diagnostic *diag);

    CallViews carve_views(internal::CallStateCarver *carver, const void *kernel_call,
                          size_t num_args);
    Status bind_views(uint32_t chain, uint32_t instruction, const void *kernel_call,
                      size_t num_args, const CallViews &views, Diagnostic *diag) const;
    Status run_call(const internal::PreparedCall &call, cmops_value *const *args, int32_t phase,
                    const ProfileHooks *hooks, Diagnostic *diag);
    Status kernel_error(Diagnostic *diag, Status status, const internal::PreparedCall &call,
                        const cmops_context &context, cmops_status result) const;
    void *tensor_data(const void *tensor) const;

    const Program *program_;
    MemorySpan buffers_[PTE_MAX_PLANNED_BUFFERS];
    const cmops_kernel *kernels_[PTE_MAX_OPERATORS];
    cmops_value call_values_[PTE_MAX_KERNEL_ARGS];
    cmops_value *call_args_[PTE_MAX_KERNEL_ARGS];
    int64_t call_list_items_[PTE_MAX_LIST_ITEMS];
    cmops_tensor call_list_tensors_[PTE_MAX_LIST_TENSORS];
    cmops_tensor *call_list_tensor_refs_[PTE_MAX_LIST_TENSORS];
    const internal::PreparedCall *prepared_calls_; /* in call state, or null */
    uint32_t num_prepared_calls_;
    uint32_t inputs_set_; /* bit i: input i set since the last execute */
    uint32_t calls_executed_;
    bool prepared_;
};

} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_PTE_RUNTIME_H_

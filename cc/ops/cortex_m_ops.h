/*
 * cortex_m_ops.h: the `cortex_m::` operator kernels, as the runtime calls them.
 *
 * The contract between cc/runtime (which owns the program's values) and cc/ops (which computes).
 * It is plain C so the host test harness can drive it through ctypes, and so a user's own
 * runtime can call the kernels without our C++ types.
 *
 * A kernel receives the arguments of its `.out` overload in schema order, exactly as
 * `executorch/backends/cortex_m/ops/operators.yaml` (or, for ATen operators, ExecuTorch's
 * portable functions.yaml) lists them, the `out` tensor last. Example:
 *   cortex_m::quantized_add.out(Tensor self, int self_zero_point, ..., *, Tensor(a!) out)
 * arrives as args[0] = self (tensor), args[1] = self_zero_point (int), ..., args[n-1] = out.
 * The table's `fn` is generated glue (op_glue.cc) that unpacks these into the typed arguments of
 * the operator's hand-written function (kernel_args.h).
 *
 * Ownership: the runtime owns every value and every buffer a value points to; a kernel reads its
 * inputs, writes only the `out` tensor and tensors the schema marks as scratch (its
 * `written_args`), keeps no pointer after it returns, and never allocates.
 */
#ifndef M55ML_CC_OPS_CORTEX_M_OPS_H_
#define M55ML_CC_OPS_CORTEX_M_OPS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ExecuTorch ScalarType codes (scalar_type.fbs); only those the kernels accept are named. */
typedef enum {
    CMOPS_DTYPE_UINT8 = 0,
    CMOPS_DTYPE_INT8 = 1,
    CMOPS_DTYPE_INT16 = 2,
    CMOPS_DTYPE_INT32 = 3,
    CMOPS_DTYPE_INT64 = 4,
    CMOPS_DTYPE_FLOAT16 = 5,
    CMOPS_DTYPE_FLOAT32 = 6,
    CMOPS_DTYPE_FLOAT64 = 7,
    CMOPS_DTYPE_BOOL = 11,
    CMOPS_DTYPE_BFLOAT16 = 15,
} cmops_dtype;

/* Largest rank any cortex_m:: op takes. */
#define CMOPS_MAX_DIM 6

/* A dense tensor. `sizes` are in the logical (NCHW for 4-D) order of the schema; `dim_order`
 * says how memory is laid out (ExecuTorch dim order: {0,2,3,1} is channels-last, i.e. NHWC).
 * Elements are contiguous in that order with no padding. */
typedef struct {
    void *data;
    int32_t dtype; /* a cmops_dtype */
    int32_t dim;   /* 0..CMOPS_MAX_DIM */
    int32_t sizes[CMOPS_MAX_DIM];
    uint8_t dim_order[CMOPS_MAX_DIM];
    size_t nbytes; /* bytes available at data; >= numel * element size */
} cmops_tensor;

typedef enum {
    CMOPS_VALUE_NONE = 0, /* an absent optional (Tensor? bias = None) */
    CMOPS_VALUE_TENSOR = 1,
    CMOPS_VALUE_INT = 2,    /* int, SymInt, ScalarType, MemoryFormat and Layout arguments */
    CMOPS_VALUE_DOUBLE = 3, /* float arguments (double precision, as in the .pte) */
    CMOPS_VALUE_BOOL = 4,
    CMOPS_VALUE_INT_LIST = 5,             /* int[] arguments */
    CMOPS_VALUE_DOUBLE_LIST = 6,          /* float[] */
    CMOPS_VALUE_BOOL_LIST = 7,            /* bool[] */
    CMOPS_VALUE_TENSOR_LIST = 8,          /* Tensor[] */
    CMOPS_VALUE_OPTIONAL_TENSOR_LIST = 9, /* Tensor?[]: entries may be null */
} cmops_value_kind;

/* Views of list arguments (kernel_args.h lists which schema type becomes which). */
typedef struct {
    const int64_t *items;
    size_t length;
} cmops_int_list;

typedef struct {
    const double *items;
    size_t length;
} cmops_double_list;

typedef struct {
    const bool *items;
    size_t length;
} cmops_bool_list;

/* Tensor[], Tensor(a!)[] and Tensor?[] (where an entry is null for None). */
typedef struct {
    cmops_tensor *const *items;
    size_t length;
} cmops_tensor_list;

typedef struct {
    int32_t kind; /* a cmops_value_kind */
    union {
        cmops_tensor tensor;
        int64_t int_value;
        double double_value;
        bool bool_value;
        cmops_int_list int_list;
        cmops_double_list double_list;
        cmops_bool_list bool_list;
        cmops_tensor_list tensor_list; /* TENSOR_LIST and OPTIONAL_TENSOR_LIST */
    } as;
} cmops_value;

typedef enum {
    CMOPS_OK = 0,
    CMOPS_ERR_ARG_COUNT = 1, /* wrong number of arguments for the schema */
    CMOPS_ERR_ARG_KIND = 2,  /* an argument is not of the schema's kind */
    CMOPS_ERR_DTYPE = 3,     /* a tensor has a dtype the kernel does not take */
    CMOPS_ERR_RANK = 4,      /* a tensor has the wrong number of dimensions */
    CMOPS_ERR_SHAPE = 5,     /* sizes disagree between arguments */
    CMOPS_ERR_LAYOUT = 6,    /* a dim order the kernel does not take */
    CMOPS_ERR_ALIGNMENT = 7, /* a buffer is not aligned as the kernel needs */
    CMOPS_ERR_SCRATCH = 8,   /* the scratch tensor is smaller than the kernel needs */
    CMOPS_ERR_PARAM = 9,     /* a scalar parameter is out of range (e.g. a shift that overflows) */
    CMOPS_ERR_BUFFER = 10,   /* a tensor's nbytes is smaller than its shape needs */
    CMOPS_ERR_UNSUPPORTED = 11, /* a valid combination this implementation does not provide */
} cmops_status;

/* Argument index of a failure that concerns no single argument (a kernel's own limit). */
#define CMOPS_NO_ARG (-1)

/* What a kernel call is for. A runtime that prepares its calls once (TFLM's Prepare/Eval split)
 * calls each kernel with CMOPS_PHASE_CHECK at prepare: every argument check runs, nothing is
 * computed or written. It then calls it with CMOPS_PHASE_RUN_CHECKED on every execution: the
 * generated glue skips the per-tensor consistency checks the prepare call already made (the
 * views are the same). CMOPS_PHASE_RUN (0) checks and computes: a caller that never prepared. */
typedef enum {
    CMOPS_PHASE_RUN = 0,
    CMOPS_PHASE_CHECK = 1,
    CMOPS_PHASE_RUN_CHECKED = 2,
} cmops_phase;

/* Per-call context. A kernel that fails stores the schema index of the argument at fault in
 * `error_arg` (CMOPS_NO_ARG when none is); the runtime reports operator, argument name (from
 * the kernel table) and status, so kernels carry no message strings. */
typedef struct {
    int32_t error_arg;
    int32_t phase; /* a cmops_phase */
} cmops_context;

typedef cmops_status (*cmops_kernel_fn)(cmops_context *ctx, cmops_value *const *args,
                                        size_t num_args);

/* Which arguments a kernel writes, from its schema in operators.yaml: bit k stands for args[k].
 * `written_args`: the `Tensor(a!)` arguments (out) and the scratch tensors (`scratch`,
 * `*_scratch`); the runtime refuses a program that puts one of them in a constant or lets it
 * overlap another argument. `in_place_args`: inputs the schema marks mutable (`Tensor(a!) self`),
 * which may occupy exactly the bytes of out. */
typedef struct {
    const char *name;     /* operator name as in the .pte, e.g. "cortex_m::quantized_add" */
    const char *overload; /* "out" */
    size_t num_args;      /* schema arguments including out */
    cmops_kernel_fn fn;
    uint32_t written_args;  /* bit k: the kernel writes args[k] (out, scratch) */
    uint32_t in_place_args; /* bit k: args[k] may be the very bytes of out (an in-place op) */
    /* The schema's argument names, NUL-separated ("self\0other\0out"): what error reports
     * call args[k] (cmops_argument_name). */
    const char *arg_names;
} cmops_kernel;

/* The kernel table, ended by an entry whose name is NULL. It is generated from the operator
 * schemas (tools/opgen/gen_op_glue.py): kernel_table.cc defines it weakly with every operator; a
 * selective build defines it with only the operators its program calls. */
extern const cmops_kernel cmops_kernel_table[];

/* The kernel for `name`.`overload`, or NULL when this build has none. */
const cmops_kernel *cmops_find_kernel(const char *name, const char *overload);

/* Every kernel this build provides, for listing; *count receives the number of entries. */
const cmops_kernel *cmops_all_kernels(size_t *count);

/* The schema name of argument `index` of `kernel` ("other"), or "?" when there is none. */
const char *cmops_argument_name(const cmops_kernel *kernel, int32_t index);

/* A short, static, human-readable description of a status code. */
const char *cmops_status_message(cmops_status status);

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_OPS_CORTEX_M_OPS_H_ */

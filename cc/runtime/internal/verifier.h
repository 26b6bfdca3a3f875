/*
 * verifier.h: Program::load's checks (verifier.cc), apart from the Program they fill.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_VERIFIER_H_
#define M55ML_CC_RUNTIME_INTERNAL_VERIFIER_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/runtime/internal/file_layout.h"
#include "cc/runtime/internal/schema.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

// Storage of one validated tensor.
enum class Placement : uint8_t { kConstant, kPlanned, kEmpty };

// State shared by the load checks; it becomes the Program's fields once all of them pass.
struct Loader {
    const uint8_t *data;
    size_t size;
    internal::FileLayout layout;
    const fb::Program *program;
    const fb::ExecutionPlan *plan;
    uint32_t plan_index;
    const flatbuffers::Vector<flatbuffers::Offset<fb::EValue>> *values;
    uint32_t num_values;
    const flatbuffers::Vector<uint64_t> *constant_offsets;
    const uint8_t *constant_segment;
    uint64_t constant_segment_size;
    const flatbuffers::Vector<flatbuffers::Offset<fb::Buffer>> *constant_buffers;
    uint64_t constant_bytes;
    uint64_t planned_sizes[PTE_MAX_PLANNED_BUFFERS];
    uint32_t num_planned;
    uint32_t num_operators;
    uint32_t num_instructions;
    uint32_t num_inputs;
    uint32_t num_outputs;
    Diagnostic *diag;
};

/* Verifies `size` bytes at `bytes` (non-null, PTE_REQUIRED_ALIGNMENT-aligned) and selects the
 * execution plan `method_name` (null: the first). On kOk, `out` holds what Program keeps; on an
 * error, `diag` names the field at fault. */
Status verify_program(const uint8_t *bytes, size_t size, const char *method_name, Diagnostic *diag,
                      Loader *out);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_VERIFIER_H_

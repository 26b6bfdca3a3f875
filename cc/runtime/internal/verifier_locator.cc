#include "cc/runtime/internal/verifier_locator.h"

#include "cc/runtime/internal/schema.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

#if PTE_LOCATE_VERIFIER_FAILURES

namespace
{

constexpr int64_t kAllValid = -1;
constexpr int64_t kContainerInvalid = -2;

// Generated tables inherit flatbuffers::Table privately; its verification helpers are what we
// need to check one field at a time. The layout is identical (no virtuals, single base).
template <typename T> const flatbuffers::Table *as_table(const T *table)
{
    return reinterpret_cast<const flatbuffers::Table *>(table);
}

template <typename T> bool table_header_valid(const uint8_t *data, size_t size, const T *table)
{
    flatbuffers::Verifier verifier(data, size);
    return as_table(table)->VerifyTableStart(verifier);
}

// For a field holding a vector of tables: kAllValid, kContainerInvalid (the field or the vector
// itself is bad), or the index of the first element whose table fails verification.
template <typename Parent, typename Child>
int64_t
first_invalid_element(const uint8_t *data, size_t size, const Parent *parent,
                      flatbuffers::voffset_t field,
                      const flatbuffers::Vector<flatbuffers::Offset<Child>> *(Parent::*get)() const)
{
    flatbuffers::Verifier verifier(data, size);
    // The parent's vtable must be inside the buffer before any of its fields is looked up.
    if (!as_table(parent)->VerifyTableStart(verifier) ||
        !as_table(parent)->VerifyOffset(verifier, field)) {
        return kContainerInvalid;
    }
    const flatbuffers::Vector<flatbuffers::Offset<Child>> *elements = (parent->*get)();
    if (elements == nullptr) {
        return kAllValid;
    }
    if (!verifier.VerifyVector(elements)) {
        return kContainerInvalid;
    }
    for (flatbuffers::uoffset_t i = 0; i < elements->size(); ++i) {
        flatbuffers::Verifier element_verifier(data, size);
        if (!elements->Get(i)->Verify(element_verifier)) {
            return i;
        }
    }
    return kAllValid;
}

// For a field holding a vector of scalars.
template <typename Parent, typename Element>
bool scalar_vector_valid(const uint8_t *data, size_t size, const Parent *parent,
                         flatbuffers::voffset_t field,
                         const flatbuffers::Vector<Element> *(Parent::*get)() const)
{
    flatbuffers::Verifier verifier(data, size);
    return as_table(parent)->VerifyTableStart(verifier) &&
           as_table(parent)->VerifyOffset(verifier, field) &&
           verifier.VerifyVector((parent->*get)());
}

// For a field holding one table.
template <typename Parent, typename Child>
bool child_table_valid(const uint8_t *data, size_t size, const Parent *parent,
                       flatbuffers::voffset_t field, const Child *(Parent::*get)() const)
{
    flatbuffers::Verifier verifier(data, size);
    if (!as_table(parent)->VerifyTableStart(verifier) ||
        !as_table(parent)->VerifyOffset(verifier, field)) {
        return false;
    }
    const Child *child = (parent->*get)();
    flatbuffers::Verifier child_verifier(data, size);
    return child == nullptr || child->Verify(child_verifier);
}

void report_element(DetailWriter *writer, const char *path, int64_t result)
{
    writer->str(PTE_TEXT(": first invalid field ")).str(path);
    if (result != kContainerInvalid) {
        writer->str("[").i64(result).str("]");
    } else {
        writer->str(PTE_TEXT(" (the vector or its offset)"));
    }
}

bool locate_in_chain(const uint8_t *data, size_t size, const fb::Chain *chain, DetailWriter *writer)
{
    const int64_t bad = first_invalid_element(data, size, chain, fb::Chain::VT_INSTRUCTIONS,
                                              &fb::Chain::instructions);
    if (bad == kAllValid) {
        return false;
    }
    writer->str(PTE_TEXT(".instructions"));
    if (bad != kContainerInvalid) {
        writer->str("[").i64(bad).str("]");
    }
    return true;
}

void locate_in_plan(const uint8_t *data, size_t size, const fb::ExecutionPlan *plan,
                    DetailWriter *writer)
{
    using Plan = fb::ExecutionPlan;
    if (!table_header_valid(data, size, plan)) {
        writer->str(PTE_TEXT(" (its table header)"));
        return;
    }
    {
        flatbuffers::Verifier verifier(data, size);
        if (!as_table(plan)->VerifyTableStart(verifier) ||
            !as_table(plan)->VerifyOffset(verifier, Plan::VT_NAME) ||
            !verifier.VerifyString(plan->name())) {
            writer->str(PTE_TEXT(".name"));
            return;
        }
    }
    int64_t bad = first_invalid_element(data, size, plan, Plan::VT_VALUES, &Plan::values);
    if (bad != kAllValid) {
        writer->str(PTE_TEXT(".values"));
        if (bad != kContainerInvalid) {
            writer->str("[").i64(bad).str("]");
        }
        return;
    }
    bad = first_invalid_element(data, size, plan, Plan::VT_CHAINS, &Plan::chains);
    if (bad != kAllValid) {
        writer->str(PTE_TEXT(".chains"));
        if (bad != kContainerInvalid) {
            writer->str("[").i64(bad).str("]");
            locate_in_chain(data, size, plan->chains()->Get(static_cast<uint32_t>(bad)), writer);
        }
        return;
    }
    bad = first_invalid_element(data, size, plan, Plan::VT_OPERATORS, &Plan::operators);
    if (bad != kAllValid) {
        writer->str(PTE_TEXT(".operators"));
        if (bad != kContainerInvalid) {
            writer->str("[").i64(bad).str("]");
        }
        return;
    }
    bad = first_invalid_element(data, size, plan, Plan::VT_DELEGATES, &Plan::delegates);
    if (bad != kAllValid) {
        writer->str(PTE_TEXT(".delegates"));
        return;
    }
    if (!scalar_vector_valid(data, size, plan, Plan::VT_INPUTS, &Plan::inputs)) {
        writer->str(PTE_TEXT(".inputs"));
        return;
    }
    if (!scalar_vector_valid(data, size, plan, Plan::VT_OUTPUTS, &Plan::outputs)) {
        writer->str(PTE_TEXT(".outputs"));
        return;
    }
    if (!scalar_vector_valid(data, size, plan, Plan::VT_NON_CONST_BUFFER_SIZES,
                             &Plan::non_const_buffer_sizes)) {
        writer->str(PTE_TEXT(".non_const_buffer_sizes"));
        return;
    }
    if (!child_table_valid(data, size, plan, Plan::VT_CONTAINER_META_TYPE,
                           &Plan::container_meta_type)) {
        writer->str(PTE_TEXT(".container_meta_type"));
        return;
    }
    writer->str(PTE_TEXT(" (a scalar field or non_const_buffer_device)"));
}

} // namespace

void locate_verifier_failure(const uint8_t *data, size_t size, DetailWriter *writer)
{
    using flatbuffers::uoffset_t;
    if (size < 2 * sizeof(uoffset_t)) {
        writer->str(PTE_TEXT(": shorter than a flatbuffer header"));
        return;
    }
    {
        flatbuffers::Verifier verifier(data, size);
        if (verifier.VerifyOffset(0) == 0) {
            writer->str(PTE_TEXT(": root offset at byte 0 points outside the flatbuffer"));
            return;
        }
    }
    const fb::Program *program = fb::GetProgram(data);
    if (!table_header_valid(data, size, program)) {
        writer->str(PTE_TEXT(": first invalid field Program (root table header or vtable)"));
        return;
    }
    using P = fb::Program;
    int64_t bad =
        first_invalid_element(data, size, program, P::VT_EXECUTION_PLAN, &P::execution_plan);
    if (bad != kAllValid) {
        writer->str(PTE_TEXT(": first invalid field execution_plan"));
        if (bad == kContainerInvalid) {
            writer->str(PTE_TEXT(" (the vector or its offset)"));
            return;
        }
        writer->str("[").i64(bad).str("]");
        locate_in_plan(data, size, program->execution_plan()->Get(static_cast<uint32_t>(bad)),
                       writer);
        return;
    }
    struct NamedCheck {
        const char *path;
        int64_t result;
    };
    const NamedCheck checks[] = {
        {"constant_buffer",
         first_invalid_element(data, size, program, P::VT_CONSTANT_BUFFER, &P::constant_buffer)},
        {"backend_delegate_data",
         first_invalid_element(data, size, program, P::VT_BACKEND_DELEGATE_DATA,
                               &P::backend_delegate_data)},
        {"segments", first_invalid_element(data, size, program, P::VT_SEGMENTS, &P::segments)},
        {"mutable_data_segments",
         first_invalid_element(data, size, program, P::VT_MUTABLE_DATA_SEGMENTS,
                               &P::mutable_data_segments)},
        {"named_data",
         first_invalid_element(data, size, program, P::VT_NAMED_DATA, &P::named_data)},
    };
    for (const NamedCheck &check : checks) {
        if (check.result != kAllValid) {
            report_element(writer, check.path, check.result);
            return;
        }
    }
    if (!child_table_valid(data, size, program, P::VT_CONSTANT_SEGMENT, &P::constant_segment)) {
        writer->str(PTE_TEXT(": first invalid field constant_segment"));
        return;
    }
    writer->str(
        PTE_TEXT(": could not narrow it to one field (a misaligned scalar or nesting too deep)"));
}

#else // PTE_LOCATE_VERIFIER_FAILURES

void locate_verifier_failure(const uint8_t *, size_t, DetailWriter *writer)
{
    writer->str(PTE_TEXT(": field not named in this build (PTE_LOCATE_VERIFIER_FAILURES=0, the "
                         "device default); run pte_run --program on the same .pte on the host to "
                         "name it"));
}

#endif // PTE_LOCATE_VERIFIER_FAILURES

} // namespace internal
} // namespace pte
} // namespace m55ml

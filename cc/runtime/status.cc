/*
 * status.cc: the message table of Status and the names of scalar types. The messages are
 * PTE_TEXT_STRING tokens on devices with terse diagnostics (internal/text.h).
 */
#include "cc/runtime/internal/text.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace
{

struct StatusText {
    const char *name;
    const char *message;
};

// Indexed by the Status value; the static_assert below keeps it in step with the enum.
const StatusText kStatusTexts[] = {
    {"Ok", PTE_TEXT_STRING("success")},
    {"InvalidArgument", PTE_TEXT_STRING("invalid argument from the caller")},
    {"InvalidState", PTE_TEXT_STRING("call made in the wrong state")},
    {"Truncated", PTE_TEXT_STRING("file is truncated: a region ends past the end of the data")},
    {"BadIdentifier", PTE_TEXT_STRING("not an ExecuTorch program (file identifier is not ET12)")},
    {"BadHeader", PTE_TEXT_STRING("extended header is inconsistent")},
    {"BadAlignment", PTE_TEXT_STRING("buffer is not 16-byte aligned")},
    {"VerifierFailed",
     PTE_TEXT_STRING("FlatBuffers verification failed: the program table is corrupt")},
    {"Malformed", PTE_TEXT_STRING("program field out of bounds or inconsistent")},
    {"Unsupported", PTE_TEXT_STRING("program uses a feature this runtime does not support")},
    {"CapacityExceeded", PTE_TEXT_STRING("program too large for this build")},
    {"MethodNotFound", PTE_TEXT_STRING("no execution plan of that name")},
    {"OperatorNotAvailable", PTE_TEXT_STRING("operator is not available in this build")},
    {"OperatorSignature", PTE_TEXT_STRING("kernel call passes the wrong number of arguments")},
    {"ArenaMissing", PTE_TEXT_STRING("planned buffer missing")},
    {"ArenaTooSmall", PTE_TEXT_STRING("arena smaller than the plan needs")},
    {"InputNotSet", PTE_TEXT_STRING("input not set before execute")},
    {"SizeMismatch", PTE_TEXT_STRING("byte count differs from the tensor's")},
    {"IndexOutOfRange", PTE_TEXT_STRING("input or output index out of range")},
    {"KernelFailed", PTE_TEXT_STRING("a kernel reported an error")},
    {"ArgumentsRejected", PTE_TEXT_STRING("a kernel refused its arguments at prepare")},
};

constexpr size_t kNumStatusTexts = sizeof(kStatusTexts) / sizeof(kStatusTexts[0]);
static_assert(kNumStatusTexts == static_cast<size_t>(Status::kArgumentsRejected) + 1,
              "every Status needs a row in kStatusTexts");

} // namespace

const char *status_message(Status status)
{
    const size_t index = static_cast<size_t>(status);
    return index < kNumStatusTexts ? kStatusTexts[index].message
                                   : PTE_TEXT_STRING("unknown status");
}

const char *status_name(Status status)
{
    const size_t index = static_cast<size_t>(status);
    return index < kNumStatusTexts ? kStatusTexts[index].name : "Unknown";
}

const char *scalar_type_name(int32_t scalar_type)
{
    switch (scalar_type) {
    case 0:
        return "uint8";
    case 1:
        return "int8";
    case 2:
        return "int16";
    case 3:
        return "int32";
    case 4:
        return "int64";
    case 5:
        return "float16";
    case 6:
        return "float32";
    case 7:
        return "float64";
    case 11:
        return "bool";
    case 12:
        return "qint8";
    case 13:
        return "quint8";
    case 14:
        return "qint32";
    case 15:
        return "bfloat16";
    case 27:
        return "uint16";
    case 28:
        return "uint32";
    case 29:
        return "uint64";
    default:
        return "unknown";
    }
}

} // namespace pte
} // namespace m55ml

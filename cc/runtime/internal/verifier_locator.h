/*
 * verifier_locator.h: names the part of a flatbuffer the FlatBuffers verifier rejected.
 *
 * The verifier answers only yes or no. When it says no, the runtime verifies the program again
 * piece by piece, top-level fields first, then each execution plan's fields and the elements of
 * its values, chains, instructions and operators, each with a fresh verifier, and reports the
 * first piece that fails, e.g. "execution_plan[0].values[17]". Only runs on the error path.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_VERIFIER_LOCATOR_H_
#define M55ML_CC_RUNTIME_INTERNAL_VERIFIER_LOCATOR_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/runtime/internal/detail_writer.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

/* Appends ": first invalid field <path>" (or why it could not be narrowed) to `writer`. */
void locate_verifier_failure(const uint8_t *data, size_t size, DetailWriter *writer);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_VERIFIER_LOCATOR_H_

/*
 * schema.h: the only way runtime code includes the FlatBuffers-generated .pte schema.
 *
 * FlatBuffers' accessors assert on misuse (index past a vector's end, oversized buffers). The
 * runtime checks every such bound itself before the access, and an assert would pull
 * newlib's stdio and malloc into firmware, so the assert is compiled out here, before any
 * FlatBuffers header is seen. Including the generated header anywhere else would bypass this.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_SCHEMA_H_
#define M55ML_CC_RUNTIME_INTERNAL_SCHEMA_H_

#ifdef FLATBUFFERS_ASSERT
#error "cc/runtime/internal/schema.h must be included before any FlatBuffers header"
#endif
#define FLATBUFFERS_ASSERT(condition) ((void)0)

#include "cc/runtime/internal/program_generated.h"

namespace m55ml
{
namespace pte
{
namespace fb = ::executorch_flatbuffer;
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_SCHEMA_H_

/*
 * elementwise.h: walks one or two inputs and an output of the same logical shape (inputs may
 * broadcast, torch-style, right-aligned) in any mix of dim orders.
 *
 * The walk visits the output in memory order and hands out "runs": stretches where the output
 * is contiguous and each input either advances by one element or stays put (broadcast). A run
 * is what a CMSIS-NN vector kernel can take in one call, so the common case (same shape, same
 * layout) is a single call over the whole tensor.
 */
#ifndef M55ML_CC_OPS_INTERNAL_ELEMENTWISE_H_
#define M55ML_CC_OPS_INTERNAL_ELEMENTWISE_H_

#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

struct ElementwiseLoop {
    int32_t outer_rank; /* loops outside the run, outermost first */
    int64_t outer_sizes[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM]; /* element strides of each outer loop */
    int64_t a_strides[CMOPS_MAX_DIM];
    int64_t b_strides[CMOPS_MAX_DIM];
    int64_t run_length; /* elements per run (>= 1; 0 for an empty output) */
    int64_t a_run_step; /* 1: input a advances within a run; 0: it repeats */
    int64_t b_run_step;
};

/**
 * Plans the walk. `b` may be null for unary operators. Returns false when an input does not
 * broadcast to `out` (a dimension differs and is not 1, or an input has more dimensions).
 */
bool plan_elementwise(const cmops_tensor &a, const cmops_tensor *b, const cmops_tensor &out,
                      ElementwiseLoop *loop);

/**
 * True when `out` has exactly the broadcast shape of `a` and `b`: each output dimension is the
 * size of at least one input along it (so the output is not larger than the inputs justify).
 */
bool is_broadcast_result(const cmops_tensor &a, const cmops_tensor &b, const cmops_tensor &out);

/** Calls fn(a_offset, b_offset, out_offset, run_length) for every run, offsets in elements. */
template <typename Fn> void for_each_run(const ElementwiseLoop &loop, Fn &&fn)
{
    if (loop.run_length == 0) {
        return;
    }
    int64_t index[CMOPS_MAX_DIM] = {};
    int64_t a_offset = 0;
    int64_t b_offset = 0;
    int64_t out_offset = 0;
    for (;;) {
        fn(a_offset, b_offset, out_offset, loop.run_length);
        // Odometer over the outer loops, innermost first.
        int32_t d = loop.outer_rank - 1;
        for (; d >= 0; --d) {
            ++index[d];
            a_offset += loop.a_strides[d];
            b_offset += loop.b_strides[d];
            out_offset += loop.out_strides[d];
            if (index[d] < loop.outer_sizes[d]) {
                break;
            }
            a_offset -= loop.a_strides[d] * index[d];
            b_offset -= loop.b_strides[d] * index[d];
            out_offset -= loop.out_strides[d] * index[d];
            index[d] = 0;
        }
        if (d < 0) {
            return;
        }
    }
}

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_ELEMENTWISE_H_ */

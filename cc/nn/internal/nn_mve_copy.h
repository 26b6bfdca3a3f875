/*
 * nn_mve_copy.h: byte runs on Helium (MVE) as tail-predicated low-overhead loops (not public
 * API).
 *
 * WLSTP.8 starts a loop over `count` bytes, 16 per iteration, and LETP ends it; on the last
 * iteration the core predicates every vector instruction to the bytes that remain, so a run
 * costs two or three instructions per 16 bytes and needs no separate tail. GCC 12 does not
 * emit these loops from intrinsics (its predicated loops spend about ten instructions per
 * vector on moving the predicate), hence the few lines of inline assembly. A count of 0 skips
 * the loop (WLSTP branches past it).
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_MVE_COPY_H_
#define M55ML_CC_NN_INTERNAL_NN_MVE_COPY_H_

#include <arm_mve.h>
#include <stdint.h>

/** out[i] = value for i < count. */
static inline void nn_mve_fill_run(int8_t *out, int8_t value, uint32_t count)
{
    const int8x16_t v = vdupq_n_s8(value);
    __asm volatile("   wlstp.8 lr, %[count], 1f\n"
                   "2: vstrb.8 %q[v], [%[out]], #16\n"
                   "   letp lr, 2b\n"
                   "1:\n"
                   : [out] "+r"(out)
                   : [count] "r"(count), [v] "w"(v)
                   : "lr", "memory");
}

/** out[i] = in[i] for i < count (the runs do not overlap). */
static inline void nn_mve_copy_run(int8_t *out, const int8_t *in, uint32_t count)
{
    int8x16_t scratch;
    __asm volatile("   wlstp.8 lr, %[count], 1f\n"
                   "2: vldrb.8 %q[t], [%[in]], #16\n"
                   "   vstrb.8 %q[t], [%[out]], #16\n"
                   "   letp lr, 2b\n"
                   "1:\n"
                   : [out] "+r"(out), [in] "+r"(in), [t] "=&w"(scratch)
                   : [count] "r"(count)
                   : "lr", "memory");
}

#endif /* M55ML_CC_NN_INTERNAL_NN_MVE_COPY_H_ */

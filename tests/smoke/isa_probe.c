/* Proves which instruction-set class the core of the board really executes: DSP (SIMD32)
 * instructions on Armv7E-M and Armv8-M Mainline cores, plain Thumb-2 on the Cortex-M3; with
 * -DPROBE_MVE, one Helium (MVE) instruction, which a core without Helium must refuse with a
 * UsageFault the board reports (UNDEFINSTR). */
#include <stdint.h>

#include "cc/boards/common/board.h"

int main(void)
{
#if defined(PROBE_MVE)
    board_puts("isa probe: executing vadd.i32 q0, q1, q2\n");
    /* The MVE encoding, written out: the compiler for a core without Helium has no mnemonic. */
    __asm volatile(".inst.w 0xef220844" ::: "memory");
    board_puts("isa probe: the MVE instruction executed\n");
    return 1;
#elif defined(__ARM_FEATURE_DSP)
    /* smlad: 2*4 + 3*5 + 10 = 33; sadd8: bytewise (1,-2,3,-4) + (5,6,-7,8) = (6,4,-4,4). */
    const uint32_t a = 0x00030002u, b = 0x00050004u, accumulator = 10u;
    uint32_t dot, sum;
    __asm volatile("smlad %0, %1, %2, %3" : "=r"(dot) : "r"(a), "r"(b), "r"(accumulator));
    __asm volatile("sadd8 %0, %1, %2" : "=r"(sum) : "r"(0xFC03FE01u), "r"(0x08F90605u));
    board_printf("isa probe on %s: dsp smlad=%lu sadd8=0x%08lx\n", board_name, (unsigned long)dot,
                 (unsigned long)sum);
    return (dot == 33u && sum == 0x04FC0406u) ? 0 : 1;
#else
    /* No DSP extension (Armv7-M): the scalar kernels' instructions only. */
    volatile int32_t x = -7, y = 3;
    const int32_t product = x * y, quotient = x / y;
    board_printf("isa probe on %s: scalar mul=%ld sdiv=%ld\n", board_name, (long)product,
                 (long)quotient);
    return (product == -21 && quotient == -2) ? 0 : 1;
#endif
}

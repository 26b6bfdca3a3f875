/* Smoke firmware: proves the toolchain, the board support and the simulator end to end, and
 * that Helium (MVE) instructions really execute: a predicated vector add and a multiply-
 * accumulate reduction over an odd-sized array (tail handled by predication) are checked
 * against scalar C. Built with DISABLE_HELIUM, it turns the FPU/MVE enable off first, so the
 * first vector instruction must fault: that variant proves the vector path is not compiled away. */
#include <arm_mve.h>
#include <stdint.h>

#include "cc/boards/common/board.h"

#define LENGTH 37 /* not a multiple of 16: exercises the predicated tail */

static void add_s8_helium(const int8_t *a, const int8_t *b, int8_t *sum, int32_t count)
{
    while (count > 0) {
        const mve_pred16_t active = vctp8q((uint32_t)count);
        const int8x16_t va = vld1q_z_s8(a, active);
        const int8x16_t vb = vld1q_z_s8(b, active);
        vst1q_p_s8(sum, vaddq_s8(va, vb), active);
        a += 16;
        b += 16;
        sum += 16;
        count -= 16;
    }
}

static int32_t dot_s8_helium(const int8_t *a, const int8_t *b, int32_t count)
{
    int32_t acc = 0;
    while (count > 0) {
        const mve_pred16_t active = vctp8q((uint32_t)count);
        acc = vmladavaq_p_s8(acc, vld1q_z_s8(a, active), vld1q_z_s8(b, active), active);
        a += 16;
        b += 16;
        count -= 16;
    }
    return acc;
}

int main(void)
{
#ifdef DISABLE_HELIUM
    *(volatile uint32_t *)0xE000ED88u &= ~(0xFu << 20); /* CPACR: CP10/CP11 no access */
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    static int8_t a[LENGTH], b[LENGTH], sum[LENGTH + 16];
    for (int i = 0; i < LENGTH; ++i) {
        a[i] = (int8_t)(i - 18);
        b[i] = (int8_t)(3 * i - 50);
    }
    for (int i = 0; i < LENGTH + 16; ++i) {
        sum[i] = 0x5A; /* canary: the tail must not write past LENGTH */
    }
    add_s8_helium(a, b, sum, LENGTH);
    const int32_t dot = dot_s8_helium(a, b, LENGTH);

    int errors = 0;
    int32_t expected_dot = 0;
    for (int i = 0; i < LENGTH; ++i) {
        expected_dot += a[i] * b[i];
        if (sum[i] != (int8_t)(a[i] + b[i])) {
            board_printf("mismatch at %d: %d\n", i, sum[i]);
            ++errors;
        }
    }
    for (int i = LENGTH; i < LENGTH + 16; ++i) {
        if (sum[i] != 0x5A) {
            board_printf("tail overrun at %d\n", i);
            ++errors;
        }
    }
    if (dot != expected_dot) {
        ++errors;
    }
    board_printf("hello from Cortex-M55: helium add errors=%d dot=%ld expected=%ld\n", errors,
                 (long)dot, (long)expected_dot);
    return errors == 0 ? 0 : 1;
}

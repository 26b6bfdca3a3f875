/*
 * nn_requantize_fast (the DSP kernels' output stage) against nn_requantize, the portable
 * kernels' requantization: same value and same overflow report for int32 edges, random values
 * and multipliers, and exact .5 ties of both signs, at every shift in [-31, 31]. Prints
 * "N cases, M mismatches" and fails on any mismatch.
 */
#include <stdio.h>

#include "internal/nn_support.h"

static uint64_t g_state = 88172645463325252ull;

/* xorshift64: a fixed sequence, the same on every machine. */
static uint32_t next_random(void)
{
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return (uint32_t)(g_state >> 16);
}

static long g_cases;
static long g_mismatches;

static void check(int32_t value, int32_t multiplier, int32_t shift)
{
    bool expected_overflow = false;
    bool overflow = false;
    const int32_t expected = nn_requantize(value, multiplier, shift, &expected_overflow);
    const int32_t got = nn_requantize_fast(value, multiplier, shift, &overflow);
    ++g_cases;
    if (overflow != expected_overflow || (!overflow && got != expected)) {
        if (++g_mismatches <= 10) {
            printf("mismatch: value %ld multiplier %ld shift %ld: %ld (overflow %d), expected %ld "
                   "(overflow %d)\n",
                   (long)value, (long)multiplier, (long)shift, (long)got, overflow, (long)expected,
                   expected_overflow);
        }
    }
}

int main(void)
{
    static const int32_t values[] = {0,
                                     1,
                                     -1,
                                     2,
                                     -2,
                                     3,
                                     -3,
                                     INT32_MAX,
                                     INT32_MIN,
                                     INT32_MAX - 1,
                                     INT32_MIN + 1,
                                     1 << 30,
                                     -(1 << 30),
                                     (1 << 30) - 1,
                                     -(1 << 30) + 1,
                                     65535,
                                     -65536,
                                     12345,
                                     -12345,
                                     -48256};
    static const int32_t multipliers[] = {
        1,       -1,         INT32_MAX,     INT32_MAX - 1, INT32_MIN + 1,
        1 << 30, -(1 << 30), (1 << 30) + 1, 1518500250,    0,
        2,       -2};
    for (int32_t shift = NN_SHIFT_MIN; shift <= NN_SHIFT_MAX; ++shift) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; ++v) {
            for (size_t m = 0; m < sizeof multipliers / sizeof multipliers[0]; ++m) {
                check(values[v], multipliers[m], shift);
            }
        }
        for (int i = 0; i < 40000; ++i) {
            int32_t value = (int32_t)next_random();
            if (i & 1) {
                value >>= next_random() % 31;
            }
            int32_t multiplier = (int32_t)next_random();
            if (i & 2) {
                multiplier = (int32_t)(0x40000000u | (next_random() >> 2)); /* normalized */
            }
            if (multiplier != INT32_MIN) {
                check(value, multiplier, shift);
            }
        }
        /* Exact ties: multiplier 2^30 halves 2h exactly to h, so the right shift sees h with
         * its low bits exactly half of 2^(-shift). */
        for (int i = 0; shift < 0 && i < 4000; ++i) {
            const int32_t right = -shift;
            int32_t h = (int32_t)(next_random() >> (next_random() % 31 + 2));
            h = (int32_t)(((uint32_t)h & ~((1u << right) - 1u)) | (1u << (right - 1)));
            if (h > (INT32_MAX >> 1)) {
                continue;
            }
            check(2 * h, 1 << 30, shift);
            check(-2 * h, 1 << 30, shift);
        }
    }
    printf("%ld cases, %ld mismatches\n", g_cases, g_mismatches);
    return g_mismatches == 0 ? 0 : 1;
}

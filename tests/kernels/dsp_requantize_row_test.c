/*
 * dsp_requantize_row_test: the DSP kernels' output stage (nn_dsp_requantize_row, and
 * nn_dsp_requantize_row_pair for two rows of the same channels, cc/nn/internal/nn_dsp.h)
 * against nn_requantize + clamp (the portable kernels' arithmetic) on the simulated Cortex-M55,
 * whose core executes the DSP extension.
 *
 * Rows of 1..32 channels with random multipliers (edges, normalized and arbitrary, never
 * INT32_MIN), shifts (right shifts only, which takes the SMMULR loop; or any shift in
 * [-31, 31], the general loop with its overflow refusal), output offsets and activation ranges.
 * Accumulators are small, near 2^30 (where SMMULR(2x, m) stops being exact and the row must be
 * redone with the 64-bit product) or int32 edges, in every position of a row. Each output byte
 * and each row's overflow report must equal the portable arithmetic's. Prints a summary; exits
 * 1 on any mismatch.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cc/boards/common/board.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

#define MAX_ROW 32

static uint32_t random_state = 0x9E3779B9u;

static uint32_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static int32_t random_in(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(next_random() % (uint32_t)(hi - lo + 1));
}

static int32_t random_accumulator(void)
{
    static const int32_t edges[] = {0,
                                    1,
                                    -1,
                                    INT32_MAX,
                                    INT32_MIN,
                                    1 << 30,
                                    -(1 << 30),
                                    (1 << 30) - 1,
                                    -(1 << 30) - 1,
                                    INT32_MAX - 1,
                                    INT32_MIN + 1,
                                    1 << 29};
    switch (next_random() % 4) {
    case 0:
        return (int32_t)(next_random() >> 8) - (1 << 23); /* what layers produce */
    case 1:
        return (int32_t)next_random(); /* anywhere, often beyond 2^30 */
    case 2:
        return (1 << 30) - 8 + (int32_t)(next_random() % 16) * ((next_random() & 1) ? 1 : -1);
    default:
        return edges[next_random() % (sizeof edges / sizeof edges[0])];
    }
}

static int32_t random_multiplier(void)
{
    static const int32_t edges[] = {1, -1, INT32_MAX, INT32_MIN + 1, 1 << 30, -(1 << 30), 0};
    switch (next_random() % 3) {
    case 0:
        return (int32_t)(0x40000000u | (next_random() >> 2));
    case 1: {
        const int32_t m = (int32_t)next_random();
        return m == INT32_MIN ? INT32_MAX : m;
    }
    default:
        return edges[next_random() % (sizeof edges / sizeof edges[0])];
    }
}

static uint32_t rows_checked;
static uint32_t redone_rows;
static uint32_t mismatches;

static void check_row(int32_t count, bool all_right)
{
    int32_t acc[MAX_ROW];
    int32_t multiplier[MAX_ROW];
    int32_t shift[MAX_ROW];
    int8_t got[MAX_ROW];
    int8_t want[MAX_ROW];
    const int32_t output_offset = random_in(-128, 127);
    int32_t act_min = random_in(-128, 127);
    int32_t act_max = random_in(-128, 127);
    if (act_min > act_max) {
        const int32_t t = act_min;
        act_min = act_max;
        act_max = t;
    }
    bool want_overflow = false;
    bool large = false;
    for (int32_t i = 0; i < count; ++i) {
        acc[i] = random_accumulator();
        multiplier[i] = random_multiplier();
        shift[i] = all_right ? random_in(-31, 0) : random_in(-31, 31);
        want[i] = nn_clamp_to_s8(nn_requantize(acc[i], multiplier[i], shift[i], &want_overflow) +
                                     output_offset,
                                 act_min, act_max);
        large |= acc[i] >= (1 << 30) || acc[i] < -(1 << 30);
    }
    const nn_dsp_output_stage stage = {multiplier, shift,   output_offset,
                                       act_min,    act_max, all_right};
    bool overflow = false;
    nn_dsp_requantize_row(acc, count, multiplier, shift, &stage, got, &overflow);
    ++rows_checked;
    redone_rows += all_right && large;
    bool same = overflow == want_overflow;
    for (int32_t i = 0; same && !want_overflow && i < count; ++i) {
        same = got[i] == want[i];
    }

    /* The same row as the first of a pair whose second row has other accumulators. */
    int32_t acc_b[MAX_ROW];
    int8_t want_b[MAX_ROW];
    int8_t got_a[MAX_ROW];
    int8_t got_b[MAX_ROW];
    bool want_overflow_b = false;
    for (int32_t i = 0; i < count; ++i) {
        acc_b[i] = random_accumulator();
        want_b[i] = nn_clamp_to_s8(
            nn_requantize(acc_b[i], multiplier[i], shift[i], &want_overflow_b) + output_offset,
            act_min, act_max);
    }
    bool overflow_pair = false;
    nn_dsp_requantize_row_pair(acc, acc_b, count, multiplier, shift, &stage, got_a, got_b,
                               &overflow_pair);
    same = same && overflow_pair == (want_overflow || want_overflow_b);
    for (int32_t i = 0; same && !overflow_pair && i < count; ++i) {
        same = got_a[i] == want[i] && got_b[i] == want_b[i];
    }
    if (!same) {
        if (mismatches < 10) {
            board_printf("MISMATCH row of %ld (all right %d): overflow %d, want %d\n", (long)count,
                         all_right, overflow, want_overflow);
            for (int32_t i = 0; i < count; ++i) {
                board_printf("  acc %ld m %ld s %ld: got %d want %d\n", (long)acc[i],
                             (long)multiplier[i], (long)shift[i], got[i], want[i]);
            }
        }
        ++mismatches;
    }
}

int main(void)
{
    for (int32_t round = 0; round < 3000; ++round) {
        const int32_t count = 1 + round % MAX_ROW;
        check_row(count, true);
        check_row(count, false);
    }
    board_printf("dsp requantize rows: %lu rows checked (%lu redone after a saturated doubling), "
                 "%lu mismatches\n",
                 (unsigned long)rows_checked, (unsigned long)redone_rows,
                 (unsigned long)mismatches);
    return mismatches == 0 ? 0 : 1;
}

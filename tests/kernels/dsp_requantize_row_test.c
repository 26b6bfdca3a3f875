/*
 * dsp_requantize_row_test: the DSP kernels' output stage (nn_dsp_requantize_row, and
 * nn_dsp_requantize_row_pair for two rows of the same channels, cc/nn/internal/nn_dsp.h)
 * against nn_requantize + clamp (the portable kernels' arithmetic) on the simulated Cortex-M55,
 * whose core executes the DSP extension.
 *
 * Rows of 1..32 channels with random multipliers (edges, normalized and arbitrary, never
 * INT32_MIN), shifts of each shift class (right shifts only: the QDADD/SMMULR loop; up to +2
 * and up to +30: the loops that fold the left shift into the doubling; any shift in [-31, 31]:
 * the exact loop with its overflow refusal), classified by nn_dsp_stage as the kernels do, output
 * offsets and activation ranges. Accumulators are small, near 2^30 (where SMMULR(2x, m) stops being
 * exact and the row must be redone with the 64-bit product), near 2^(30 - s) for a left shift s
 * (where x << (s + 1) wraps while x << s may still fit), near 2^28 (where the small-shift loop's
 * saturation starts), or int32 edges, in every position of a row.
 * Each output byte and each row's overflow report must equal the portable arithmetic's. Prints a
 * summary; exits 1 on any mismatch.
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

/* An accumulator on either side of where x << (shift + 1) stops fitting int32 (shift > 0). */
static int32_t accumulator_near_left_limit(int32_t shift)
{
    const int32_t limit = (int32_t)(1u << (30 - shift));
    const int32_t delta = (int32_t)(next_random() % 5) - 2;
    return (next_random() & 1) ? limit + delta : -limit + delta;
}

/* An accumulator x with x << (shift + 1) in int32 (shift > 0). */
static int32_t accumulator_within_left_limit(int32_t shift)
{
    const uint32_t span = 1u << (31 - shift);
    return (int32_t)(next_random() % span) - (int32_t)(span / 2);
}

static uint32_t rows_checked;
static uint32_t redone_rows;
static uint32_t classes_seen[4];
static uint32_t compared_rows;
static uint32_t mismatches;

/* Shifts of a row: 0 right shifts only, 1 up to +2, 2 up to +30, 3 anything in [-31, 31]. */
static void check_row(int32_t count, int32_t shifts)
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
        multiplier[i] = random_multiplier();
        static const int32_t most[] = {0, 2, 30, 31};
        shift[i] = random_in((shifts == 1 || shifts == 2) && (next_random() & 1) ? -12 : -31,
                             most[shifts]);
        acc[i] = random_accumulator();
        if ((shifts == 1 || shifts == 2) && shift[i] > 0) {
            /* Mostly values the left shift keeps (a row with one genuine overflow only checks
             * the report), else on either side of the doubling's limit, or of 2^28, where the
             * small-shift loop's 29-bit saturation starts. */
            const uint32_t pick = next_random() % 8;
            acc[i] = pick == 0   ? accumulator_near_left_limit(shift[i])
                     : pick == 1 ? (1 << 28) - 2 + (int32_t)(next_random() % 4)
                     : pick == 2 ? -(1 << 28) - 2 + (int32_t)(next_random() % 4)
                                 : accumulator_within_left_limit(shift[i]);
        }
        want[i] = nn_clamp_to_s8(nn_requantize(acc[i], multiplier[i], shift[i], &want_overflow) +
                                     output_offset,
                                 act_min, act_max);
        large |= acc[i] >= (1 << 30) || acc[i] < -(1 << 30);
    }
    const cmsis_nn_per_channel_quant_params quant = {multiplier, shift};
    const cmsis_nn_activation activation = {act_min, act_max};
    const nn_dsp_output_stage stage = nn_dsp_stage(&quant, count, output_offset, &activation);
    const bool all_right = stage.shift_class == NN_DSP_SHIFTS_RIGHT;
    classes_seen[stage.shift_class] += 1;
    bool overflow = false;
    nn_dsp_requantize_row(acc, count, multiplier, shift, &stage, got, &overflow);
    ++rows_checked;
    redone_rows += all_right && large;
    compared_rows += !want_overflow;
    bool same = overflow == want_overflow;
    for (int32_t i = 0; same && !want_overflow && i < count; ++i) {
        same = got[i] == want[i];
    }

    /* The same row as the first of a pair whose second row has other accumulators. */
    int32_t acc_pair[2][NN_DSP_CHANNEL_CHUNK];
    int32_t *acc_b = acc_pair[1];
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
    for (int32_t i = 0; i < count; ++i) {
        acc_pair[0][i] = acc[i];
    }
    nn_dsp_requantize_row_pair(acc_pair, count, multiplier, shift, &stage, got_a, got_b,
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
        check_row(count, 0);
        check_row(count, 1);
        check_row(count, 2);
        check_row(count, 3);
    }
    board_printf(
        "dsp requantize rows: %lu rows checked (%lu right-only, %lu up to +2, %lu up to +30, "
        "%lu exact; "
        "%lu redone after a saturated doubling, %lu without an overflow), %lu mismatches\n",
        (unsigned long)rows_checked, (unsigned long)classes_seen[0], (unsigned long)classes_seen[1],
        (unsigned long)classes_seen[2], (unsigned long)classes_seen[3], (unsigned long)redone_rows,
        (unsigned long)compared_rows, (unsigned long)mismatches);
    /* Each loop must have been exercised, or the test proves nothing about it. */
    const bool every_class =
        classes_seen[0] > 0 && classes_seen[1] > 0 && classes_seen[2] > 0 && classes_seen[3] > 0;
    if (!every_class) {
        board_printf("a shift class was never exercised\n");
    }
    return mismatches == 0 && every_class ? 0 : 1;
}

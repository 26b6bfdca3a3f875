/*
 * mve_requantize_test: the Helium requantization (cc/nn/internal/nn_mve.h) against the scalar
 * one (nn_requantize, internal/nn_support.h) on the simulated Cortex-M55, lane by lane.
 *
 * Values: int32 edges (0, +-1, INT32_MIN, INT32_MAX, +-2^k and +-2^k +- 1, exact .5 ties of
 * every right shift, positive and negative) and a fixed pseudo-random stream; multipliers: every
 * valid edge (INT32_MIN + 1, -2^30, -1, 1, 2^30, INT32_MAX, ...) and random ones; shifts: every
 * value in [-31, 31]. Each result and each overflow flag must equal the scalar path's, for the
 * uniform form (one multiplier/shift for four lanes) and the per-lane form (with and without
 * the left-shift stage, and the all-right-shift shortcut the kernels take). INT32_MIN as a
 * multiplier, whose doubling high multiply saturates in VQRDMULH but not in the scalar helper,
 * must be refused by nn_quant_pair_is_valid. Prints a summary; exits 1 on any mismatch.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cc/boards/common/board.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

static uint32_t random_state = 0x2545F491u;

static uint32_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static uint32_t checked;
static uint32_t mismatches;

static void report_mismatch(const char *form, int32_t value, int32_t multiplier, int32_t shift,
                            int32_t got, int32_t want, bool got_overflow, bool want_overflow)
{
    if (mismatches < 10) {
        board_printf("MISMATCH %s value=%ld multiplier=%ld shift=%ld: got %ld%s, want %ld%s\n",
                     form, (long)value, (long)multiplier, (long)shift, (long)got,
                     got_overflow ? " (overflow)" : "", (long)want,
                     want_overflow ? " (overflow)" : "");
    }
    ++mismatches;
}

static void check_requant4(const int32_t values[4], const int32_t multipliers[4],
                           const int32_t shifts[4]);

/* Four values through every vector form, compared with the scalar path lane by lane. */
static void check_lanes(const int32_t values[4], int32_t multiplier, int32_t shift)
{
    int32_t want[4];
    bool want_overflow[4];
    for (int i = 0; i < 4; ++i) {
        want_overflow[i] = false;
        want[i] = nn_requantize(values[i], multiplier, shift, &want_overflow[i]);
    }
    const int32x4_t v = vldrwq_s32(values);
    int32_t got[4];

    mve_pred16_t overflow = 0;
    vstrwq_s32(got, nn_mve_requantize_uniform(v, multiplier, shift, &overflow));
    for (int i = 0; i < 4; ++i) {
        const bool lane_overflow = ((overflow >> (4 * i)) & 0xF) != 0;
        if (lane_overflow != want_overflow[i] || (!want_overflow[i] && got[i] != want[i])) {
            report_mismatch("uniform", values[i], multiplier, shift, got[i], want[i], lane_overflow,
                            want_overflow[i]);
        }
        ++checked;
    }

    int32x4_t left;
    int32x4_t right;
    nn_mve_split_shifts(vdupq_n_s32(shift), &left, &right);
    overflow = 0;
    vstrwq_s32(got, nn_mve_requantize_lanes(v, vdupq_n_s32(multiplier), left, right, shift > 0,
                                            &overflow));
    for (int i = 0; i < 4; ++i) {
        const bool lane_overflow = ((overflow >> (4 * i)) & 0xF) != 0;
        if (lane_overflow != want_overflow[i] || (!want_overflow[i] && got[i] != want[i])) {
            report_mismatch("lanes", values[i], multiplier, shift, got[i], want[i], lane_overflow,
                            want_overflow[i]);
        }
        ++checked;
    }

    const int32_t multipliers[4] = {multiplier, multiplier, multiplier, multiplier};
    const int32_t shifts[4] = {shift, shift, shift, shift};
    check_requant4(values, multipliers, shifts);
}

/* nn_mve_requant4_apply, each lane with its own multiplier and shift, in every shift class the
 * four shifts allow (the class of the largest, and every more general one). */
static void check_requant4(const int32_t values[4], const int32_t multipliers[4],
                           const int32_t shifts[4])
{
    static const char *const class_names[] = {"requant4/all-right", "requant4/no-left",
                                              "requant4/safe-left", "requant4/any-shift"};
    int32_t want[4];
    bool want_overflow[4];
    for (int i = 0; i < 4; ++i) {
        want_overflow[i] = false;
        want[i] = nn_requantize(values[i], multipliers[i], shifts[i], &want_overflow[i]);
    }
    const int32x4_t v = vldrwq_s32(values);
    const bool any_overflow =
        want_overflow[0] || want_overflow[1] || want_overflow[2] || want_overflow[3];
    for (int c = (int)nn_mve_classify_shifts(shifts, 4); c <= (int)NN_MVE_ANY_SHIFT; ++c) {
        if (c == (int)NN_MVE_SAFE_LEFT && any_overflow) {
            continue; /* only taken when the weights prove no lane can overflow */
        }
        int32x4_t overflow_lanes = vdupq_n_s32(0);
        int32_t got[4];
        switch ((nn_mve_shift_class)c) {
        case NN_MVE_ALL_RIGHT: {
            const nn_mve_requant4 q =
                nn_mve_requant4_load(multipliers, shifts, vctp32q(4), NN_MVE_ALL_RIGHT);
            vstrwq_s32(got, nn_mve_requant4_apply(v, &q, NN_MVE_ALL_RIGHT, &overflow_lanes));
            break;
        }
        case NN_MVE_NO_LEFT: {
            const nn_mve_requant4 q =
                nn_mve_requant4_load(multipliers, shifts, vctp32q(4), NN_MVE_NO_LEFT);
            vstrwq_s32(got, nn_mve_requant4_apply(v, &q, NN_MVE_NO_LEFT, &overflow_lanes));
            break;
        }
        case NN_MVE_SAFE_LEFT: {
            const nn_mve_requant4 q =
                nn_mve_requant4_load(multipliers, shifts, vctp32q(4), NN_MVE_SAFE_LEFT);
            vstrwq_s32(got, nn_mve_requant4_apply(v, &q, NN_MVE_SAFE_LEFT, &overflow_lanes));
            break;
        }
        default: {
            const nn_mve_requant4 q =
                nn_mve_requant4_load(multipliers, shifts, vctp32q(4), NN_MVE_ANY_SHIFT);
            vstrwq_s32(got, nn_mve_requant4_apply(v, &q, NN_MVE_ANY_SHIFT, &overflow_lanes));
            break;
        }
        }
        const mve_pred16_t overflow = nn_mve_overflowed(overflow_lanes);
        for (int i = 0; i < 4; ++i) {
            const bool lane_overflow = ((overflow >> (4 * i)) & 0xF) != 0;
            /* Only the class that shifts left can detect (and so must detect) an overflow. */
            const bool overflow_expected = c == (int)NN_MVE_ANY_SHIFT && want_overflow[i];
            if (lane_overflow != overflow_expected || (!want_overflow[i] && got[i] != want[i])) {
                report_mismatch(class_names[c], values[i], multipliers[i], shifts[i], got[i],
                                want[i], lane_overflow, want_overflow[i]);
            }
            ++checked;
        }
    }
}

int main(void)
{
    static const int32_t edge_values[] = {
        0,
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
        1 << 16,
        -(1 << 16),
        255,
        -255,
        32767,
        -32768,
        12345678,
        -12345678,
        0x55555555,
        -0x55555555,
    };
    static const int32_t edge_multipliers[] = {
        INT32_MAX, INT32_MIN + 1, 1 << 30,    -(1 << 30),  (1 << 30) + 1, 1, -1,
        2,         1518500250,    1073741823, -1073741823, 12345,         0,
    };
    const int edge_count = (int)(sizeof(edge_values) / sizeof(edge_values[0]));
    const int multiplier_count = (int)(sizeof(edge_multipliers) / sizeof(edge_multipliers[0]));

    if (nn_quant_pair_is_valid(INT32_MIN, 0) || nn_quant_pair_is_valid(INT32_MAX, 32) ||
        nn_quant_pair_is_valid(INT32_MAX, -32)) {
        board_printf("MISMATCH: an unrepresentable (multiplier, shift) pair was accepted\n");
        ++mismatches;
    }

    for (int32_t shift = NN_SHIFT_MIN; shift <= NN_SHIFT_MAX; ++shift) {
        for (int m = 0; m < multiplier_count + 8; ++m) {
            const int32_t multiplier =
                m < multiplier_count ? edge_multipliers[m] : (int32_t)(next_random() | 1u);
            if (!nn_quant_pair_is_valid(multiplier, shift)) {
                continue;
            }
            for (int i = 0; i < edge_count; i += 4) {
                int32_t values[4];
                for (int k = 0; k < 4; ++k) {
                    values[k] = edge_values[(i + k) % edge_count];
                }
                check_lanes(values, multiplier, shift);
            }
            /* Values whose doubling high product lands exactly on a .5 tie of the right shift,
             * both signs, and random values. */
            const int32_t tie = shift < 0 ? (int32_t)(1u << (-shift - 1)) : 0;
            const int32_t ties[4] = {tie, -tie, 3 * tie, -3 * tie};
            check_lanes(ties, INT32_MAX, shift);
            for (int r = 0; r < 6; ++r) {
                int32_t values[4];
                for (int k = 0; k < 4; ++k) {
                    /* Mostly accumulator-sized values, sometimes full-range ones. */
                    const uint32_t bits = next_random();
                    values[k] = (r & 1) ? (int32_t)bits : (int32_t)bits >> (bits & 15u);
                }
                check_lanes(values, multiplier, shift);
            }
        }
    }
    /* Lanes with different shifts (left, none and right mixed), as per-channel layers have. */
    for (int r = 0; r < 4000; ++r) {
        int32_t values[4];
        int32_t multipliers[4];
        int32_t shifts[4];
        for (int k = 0; k < 4; ++k) {
            const uint32_t bits = next_random();
            values[k] =
                (r & 1) ? edge_values[bits % (uint32_t)edge_count] : (int32_t)bits >> (bits & 31u);
            multipliers[k] = edge_multipliers[next_random() % (uint32_t)multiplier_count];
            /* Shifts in [-31, 31], most of them in the [-12, +2] an exporter produces. */
            const uint32_t pick = next_random();
            shifts[k] = (pick & 3u) == 0 ? (int32_t)((pick >> 2) % 63u) - 31
                                         : (int32_t)((pick >> 2) % 15u) - 12;
        }
        check_requant4(values, multipliers, shifts);
    }
    board_printf("mve requantize: %lu lanes checked, %lu mismatches\n", (unsigned long)checked,
                 (unsigned long)mismatches);
    return mismatches == 0 ? 0 : 1;
}

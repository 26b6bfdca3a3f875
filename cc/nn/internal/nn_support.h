/*
 * nn_support.h: helpers shared by this library's kernel implementations (not public API).
 *
 * Every implementation of a kernel (scalar C here; Helium or DSP variants beside it later)
 * must requantize through nn_requantize so that the overflow contract is the same on all
 * of them.
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_SUPPORT_H_
#define M55ML_CC_NN_INTERNAL_NN_SUPPORT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm_nn_types.h"
#include "arm_nnsupportfunctions.h"

/* The rounding helpers rely on >> of a negative value being an arithmetic shift. */
_Static_assert((-5 >> 1) == -3, "arithmetic right shift of negative values is required");

/* The shift range every kernel accepts: right shifts of up to 31 bits, left shifts of up to 31
 * (a left shift of 31 only fits 0 and -1, which the overflow check handles). */
#define NN_SHIFT_MIN (-31)
#define NN_SHIFT_MAX 31

/** True when (multiplier, shift) is a pair this library can apply exactly: the multiplier is
 * not INT32_MIN (whose square overflows the high multiply) and the shift is in range. */
static inline bool nn_quant_pair_is_valid(int32_t multiplier, int32_t shift)
{
    return multiplier != INT32_MIN && shift >= NN_SHIFT_MIN && shift <= NN_SHIFT_MAX;
}

/** nn_quant_pair_is_valid for every channel of a per-channel parameter set. */
static inline bool nn_per_channel_quant_is_valid(const cmsis_nn_per_channel_quant_params *params,
                                                 int32_t channels)
{
    if (params == NULL || params->multiplier == NULL || params->shift == NULL) {
        return false;
    }
    for (int32_t i = 0; i < channels; ++i) {
        if (!nn_quant_pair_is_valid(params->multiplier[i], params->shift[i])) {
            return false;
        }
    }
    return true;
}

/** value << shift (shift in [0, 31]); sets *overflowed when the result does not fit int32. */
static inline int32_t nn_shift_left_checked(int32_t value, int32_t shift, bool *overflowed)
{
    const int64_t wide = (int64_t)value * ((int64_t)1 << shift);
    if (wide > INT32_MAX || wide < INT32_MIN) {
        *overflowed = true;
    }
    return (int32_t)(uint32_t)(uint64_t)wide;
}

/**
 * arm_nn_requantize, except that a value that would overflow int32 when shifted left sets
 * *overflowed instead of wrapping silently. The caller finishes its loop and returns
 * ARM_CMSIS_NN_ARG_ERROR; the result for that element is meaningless.
 */
static inline int32_t nn_requantize(int32_t val, int32_t multiplier, int32_t shift,
                                    bool *overflowed)
{
    const int32_t scaled = nn_shift_left_checked(val, LEFT_SHIFT(shift), overflowed);
    return arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult_no_sat(scaled, multiplier),
                                         RIGHT_SHIFT(shift));
}

/**
 * The rounding right shift of CMSIS's requantization, high / 2^right rounded to nearest with
 * ties away from zero, for right in [1, 31] and high > INT32_MIN (which the doubling high
 * multiply of a valid pair never reaches). With h' = high - 1 for negative high ("ties up"
 * becomes "ties down" there), the result is floor((h' + 2^(right-1)) / 2^right); with
 * t = h' >> (right - 1) that is floor((t + 1) / 2) = (t >> 1) + (t & 1), which cannot
 * overflow. Callers pass right - 1, which for a CMSIS shift s < 0 is ~s.
 */
static inline int32_t nn_round_shift_right(int32_t high, int32_t right_minus_one)
{
    high += high >> 31;
    const int32_t t = high >> right_minus_one;
    return (t >> 1) + (t & 1);
}

/** (val * multiplier + 2^30) >> 31 with a 64-bit product (CMSIS's doubling high multiply). */
static inline int32_t nn_high_multiply(int32_t val, int32_t multiplier)
{
    return (int32_t)(((int64_t)val * multiplier + ((int64_t)1 << 30)) >> 31);
}

/**
 * nn_requantize with fewer instructions on 32-bit cores (the DSP kernels' output stage); the
 * same result and the same overflow report for every value and every valid (multiplier, shift)
 * (tests/kernels:dsp_requantize_test).
 */
static inline int32_t nn_requantize_fast(int32_t val, int32_t multiplier, int32_t shift,
                                         bool *overflowed)
{
    if (__builtin_expect(shift > 0, 0)) {
        val = nn_shift_left_checked(val, shift, overflowed);
    }
    const int32_t high = nn_high_multiply(val, multiplier);
    return shift < 0 ? nn_round_shift_right(high, ~shift) : high;
}

/** Clamp to [lo, hi] and narrow to int8 (lo/hi are themselves within int8 range). */
static inline int8_t nn_clamp_to_s8(int32_t value, int32_t lo, int32_t hi)
{
    if (value < lo) {
        value = lo;
    }
    if (value > hi) {
        value = hi;
    }
    return (int8_t)value;
}

/** True when [act_min, act_max] is a non-empty sub-range of int8. */
static inline bool nn_activation_is_valid(const cmsis_nn_activation *activation)
{
    return activation->min >= INT8_MIN && activation->max <= INT8_MAX &&
           activation->min <= activation->max;
}

/** True when stride and dilation are positive and padding is not negative. */
static inline bool nn_window_is_valid(const cmsis_nn_tile *stride, const cmsis_nn_tile *padding,
                                      const cmsis_nn_tile *dilation)
{
    return stride->h >= 1 && stride->w >= 1 && padding->h >= 0 && padding->w >= 0 &&
           dilation->h >= 1 && dilation->w >= 1;
}

/** True when every dimension is at least 1. */
static inline bool nn_dims_are_positive(const cmsis_nn_dims *dims)
{
    return dims->n >= 1 && dims->h >= 1 && dims->w >= 1 && dims->c >= 1;
}

/** The argument checks of arm_convolve_1x1_s8 (arm_convolve_1x1_s8_fast adds unit stride). */
static inline bool
nn_pointwise_arguments_are_valid(const cmsis_nn_conv_params *conv_params,
                                 const cmsis_nn_per_channel_quant_params *quant_params,
                                 const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,
                                 const cmsis_nn_dims *output_dims)
{
    if (!nn_dims_are_positive(input_dims) || !nn_dims_are_positive(filter_dims) ||
        !nn_dims_are_positive(output_dims)) {
        return false;
    }
    if (filter_dims->h != 1 || filter_dims->w != 1 || filter_dims->c != input_dims->c ||
        filter_dims->n != output_dims->c || output_dims->n != input_dims->n) {
        return false;
    }
    if (conv_params->padding.h != 0 || conv_params->padding.w != 0 ||
        !nn_window_is_valid(&conv_params->stride, &conv_params->padding, &conv_params->dilation)) {
        return false;
    }
    /* Output positions must map onto input pixels. */
    if ((output_dims->h - 1) * conv_params->stride.h >= input_dims->h ||
        (output_dims->w - 1) * conv_params->stride.w >= input_dims->w) {
        return false;
    }
    return nn_activation_is_valid(&conv_params->activation) &&
           nn_per_channel_quant_is_valid(quant_params, output_dims->c);
}

/** The input pixel a 1x1 convolution reads for output pixel `pixel` (counted batch-major over
 * the dense output), with the convolution's stride. */
static inline const int8_t *nn_pointwise_input_pixel(const int8_t *input,
                                                     const cmsis_nn_dims *input_dims,
                                                     const cmsis_nn_dims *output_dims,
                                                     const cmsis_nn_tile *stride, int32_t pixel)
{
    const int32_t ox = pixel % output_dims->w;
    const int32_t rest = pixel / output_dims->w;
    const int32_t oy = rest % output_dims->h;
    const int32_t b = rest / output_dims->h;
    return input + (((size_t)b * input_dims->h + (size_t)oy * stride->h) * input_dims->w +
                    (size_t)ox * stride->w) *
                       input_dims->c;
}

/** The argument checks arm_convolve_s8 shares across its implementations; on success `*groups`
 * receives the number of groups (input channels / filter channels). */
static inline bool
nn_convolve_arguments_are_valid(const cmsis_nn_conv_params *conv_params,
                                const cmsis_nn_per_channel_quant_params *quant_params,
                                const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,
                                const cmsis_nn_dims *output_dims, int32_t *groups)
{
    if (!nn_dims_are_positive(input_dims) || !nn_dims_are_positive(filter_dims) ||
        !nn_dims_are_positive(output_dims) || input_dims->c % filter_dims->c != 0 ||
        output_dims->n != input_dims->n || filter_dims->n != output_dims->c) {
        return false;
    }
    *groups = input_dims->c / filter_dims->c;
    return output_dims->c % *groups == 0 &&
           nn_window_is_valid(&conv_params->stride, &conv_params->padding,
                              &conv_params->dilation) &&
           nn_activation_is_valid(&conv_params->activation) &&
           nn_per_channel_quant_is_valid(quant_params, output_dims->c);
}

/** The argument checks arm_depthwise_conv_s8 shares across its implementations. */
static inline bool
nn_depthwise_arguments_are_valid(const cmsis_nn_dw_conv_params *dw_conv_params,
                                 const cmsis_nn_per_channel_quant_params *quant_params,
                                 const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,
                                 const cmsis_nn_dims *output_dims)
{
    const int32_t out_c = output_dims->c;
    return nn_dims_are_positive(input_dims) && nn_dims_are_positive(filter_dims) &&
           nn_dims_are_positive(output_dims) && dw_conv_params->ch_mult >= 1 &&
           out_c == input_dims->c * dw_conv_params->ch_mult && filter_dims->c == out_c &&
           output_dims->n == input_dims->n &&
           nn_window_is_valid(&dw_conv_params->stride, &dw_conv_params->padding,
                              &dw_conv_params->dilation) &&
           nn_activation_is_valid(&dw_conv_params->activation) &&
           nn_per_channel_quant_is_valid(quant_params, out_c);
}

/** The argument checks arm_fully_connected_s8 and arm_fully_connected_per_channel_s8 share:
 * multipliers[o * quant_stride] and shifts[o * quant_stride] for every output channel o. */
static inline bool nn_fully_connected_arguments_are_valid(
    const cmsis_nn_fc_params *fc_params, const int32_t *multipliers, const int32_t *shifts,
    int32_t quant_stride, const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,
    const cmsis_nn_dims *output_dims)
{
    const int32_t depth = filter_dims->n;
    const int32_t out_c = output_dims->c;
    if (!nn_dims_are_positive(input_dims) || depth < 1 || out_c < 1 ||
        input_dims->h * input_dims->w * input_dims->c != depth ||
        !nn_activation_is_valid(&fc_params->activation)) {
        return false;
    }
    for (int32_t o = 0; o < (quant_stride != 0 ? out_c : 1); ++o) {
        if (!nn_quant_pair_is_valid(multipliers[o], shifts[o])) {
            return false;
        }
    }
    return true;
}

/** An input of arm_minimum_s8/arm_maximum_s8 fits the output: each dimension matches the
 * output's or is 1 (broadcast). */
static inline bool nn_broadcasts_to(const cmsis_nn_dims *input, const cmsis_nn_dims *output)
{
    return nn_dims_are_positive(input) && (input->n == output->n || input->n == 1) &&
           (input->h == output->h || input->h == 1) && (input->w == output->w || input->w == 1) &&
           (input->c == output->c || input->c == 1);
}

/** Offset of output element (n, h, w, c) in an input of shape `d` that broadcasts (a dimension
 * of size 1 repeats). */
static inline size_t nn_broadcast_offset(const cmsis_nn_dims *d, int32_t n, int32_t h, int32_t w,
                                         int32_t c)
{
    const size_t in_n = d->n == 1 ? 0 : (size_t)n;
    const size_t in_h = d->h == 1 ? 0 : (size_t)h;
    const size_t in_w = d->w == 1 ? 0 : (size_t)w;
    const size_t in_c = d->c == 1 ? 0 : (size_t)c;
    return ((in_n * d->h + in_h) * d->w + in_w) * d->c + in_c;
}

/** The argument checks arm_elementwise_add_s8 shares across its implementations. */
static inline bool nn_elementwise_add_arguments_are_valid(
    int32_t input_1_mult, int32_t input_1_shift, int32_t input_2_mult, int32_t input_2_shift,
    int32_t left_shift, int32_t out_mult, int32_t out_shift, int32_t activation_min,
    int32_t activation_max, int32_t block_size)
{
    const cmsis_nn_activation activation = {activation_min, activation_max};
    return block_size >= 0 && left_shift >= 0 && left_shift <= 31 &&
           nn_activation_is_valid(&activation) &&
           nn_quant_pair_is_valid(input_1_mult, input_1_shift) &&
           nn_quant_pair_is_valid(input_2_mult, input_2_shift) &&
           nn_quant_pair_is_valid(out_mult, out_shift);
}

/** The part of a pooling window starting at `start` (may be negative) inside [0, size). */
typedef struct {
    int32_t begin;
    int32_t end;
} nn_clipped_range;

static inline nn_clipped_range nn_clip_window(int32_t start, int32_t window, int32_t size)
{
    nn_clipped_range range;
    range.begin = start < 0 ? 0 : start;
    range.end = start + window > size ? size : start + window;
    return range;
}

/** Largest of a rows x cols window of int8 values from `first` (rows `row_stride` values apart,
 * pixels `pixel_stride` apart): one channel of a max-pool window, the portable core's loop and
 * the DSP core's tail. */
static inline int32_t nn_window_max_s8(const int8_t *first, int32_t rows, int32_t cols,
                                       int32_t row_stride, int32_t pixel_stride)
{
    int32_t largest = INT8_MIN;
    for (int32_t y = 0; y < rows; ++y) {
        const int8_t *row = first + (size_t)y * row_stride;
        for (int32_t x = 0; x < cols; ++x) {
            const int32_t v = row[(size_t)x * pixel_stride];
            largest = v > largest ? v : largest;
        }
    }
    return largest;
}

/** Integer mean rounded half away from zero, as CMSIS-NN's average pool rounds. */
static inline int32_t nn_rounded_mean(int32_t sum, int32_t count)
{
    return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

/** The argument checks arm_avgpool_s8 and arm_max_pool_s8 share across implementations. */
static inline bool nn_pool_arguments_are_valid(const cmsis_nn_pool_params *pool_params,
                                               const cmsis_nn_dims *input_dims,
                                               const cmsis_nn_dims *filter_dims,
                                               const cmsis_nn_dims *output_dims)
{
    const cmsis_nn_tile unit_dilation = {1, 1};
    return nn_dims_are_positive(input_dims) && nn_dims_are_positive(output_dims) &&
           filter_dims->h >= 1 && filter_dims->w >= 1 && output_dims->n == input_dims->n &&
           output_dims->c == input_dims->c &&
           nn_window_is_valid(&pool_params->stride, &pool_params->padding, &unit_dilation) &&
           nn_activation_is_valid(&pool_params->activation);
}

/** sum_i (a[i] + a_offset) * b[i], the inner product every convolution reduces to. */
static inline int32_t nn_dot_s8_offset(const int8_t *a, const int8_t *b, int32_t length,
                                       int32_t a_offset)
{
    int32_t sum = 0;
    int32_t b_sum = 0;
    for (int32_t i = 0; i < length; ++i) {
        sum += (int32_t)a[i] * (int32_t)b[i];
        b_sum += b[i];
    }
    /* The offset term factors out of the loop: sum (a+o)*b = sum a*b + o*sum b. */
    return sum + a_offset * b_sum;
}

#endif /* M55ML_CC_NN_INTERNAL_NN_SUPPORT_H_ */

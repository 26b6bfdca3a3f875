/*
 * arm_nn_types.h: argument structs and return codes of the int8 kernel API.
 *
 * Field names, meanings and order follow Arm's public CMSIS-NN API documentation, so callers
 * (cc/ops) compile unchanged against either this library or Arm's. Written for this project;
 * no CMSIS-NN source was used.
 *
 * Conventions shared by every kernel:
 *  - Activations are NHWC, int8, densely packed; `cmsis_nn_dims` gives n, h, w, c.
 *  - An "offset" is the negative of a zero point: a kernel adds it to the raw int8 value.
 *  - A requantization (multiplier, shift) pair scales by multiplier / 2^31 * 2^shift, with the
 *    rounding of arm_nnsupportfunctions.h (double rounding: high multiply, then shift).
 */
#ifndef M55ML_CC_NN_ARM_NN_TYPES_H_
#define M55ML_CC_NN_ARM_NN_TYPES_H_

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Return codes of every kernel. */
typedef enum {
    ARM_CMSIS_NN_SUCCESS = 0,        /**< No error */
    ARM_CMSIS_NN_ARG_ERROR = -1,     /**< An argument is outside what the kernel supports */
    ARM_CMSIS_NN_NO_IMPL_ERROR = -2, /**< No implementation for this combination */
    ARM_CMSIS_NN_FAILURE = -3,       /**< Other failure */
} arm_cmsis_nn_status;

/** A 2-D extent or offset (stride, padding, dilation). */
typedef struct {
    int32_t w; /**< Width */
    int32_t h; /**< Height */
} cmsis_nn_tile;

/** An inclusive output clamp range, in the output's int8 domain. */
typedef struct {
    int32_t min; /**< Lower bound, inclusive */
    int32_t max; /**< Upper bound, inclusive */
} cmsis_nn_activation;

/** Tensor dimensions, NHWC. Functions document how they use each field. */
typedef struct {
    int32_t n; /**< Batches (or outer count) */
    int32_t h; /**< Height */
    int32_t w; /**< Width */
    int32_t c; /**< Channels (innermost) */
} cmsis_nn_dims;

/** Scratch memory handed to a kernel. The caller owns it; `size` is in bytes. */
typedef struct {
    void *buf;    /**< Scratch buffer, or NULL when the kernel needs none */
    int32_t size; /**< Size of buf in bytes */
} cmsis_nn_context;

/** Convolution parameters. */
typedef struct {
    int32_t input_offset;  /**< Negative of the input zero point */
    int32_t output_offset; /**< Output zero point (added after requantization) */
    cmsis_nn_tile stride;
    cmsis_nn_tile padding; /**< Implicit zero-valued (after offset: -input_offset) border */
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_conv_params;

/** Transposed convolution parameters. */
typedef struct {
    int32_t input_offset;  /**< Negative of the input zero point */
    int32_t output_offset; /**< Output zero point */
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;         /**< Rows/columns cropped from the top/left of the output */
    cmsis_nn_tile padding_offsets; /**< Extra rows/columns at the bottom/right (output_padding) */
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_transpose_conv_params;

/** Depthwise convolution parameters. */
typedef struct {
    int32_t input_offset;  /**< Negative of the input zero point */
    int32_t output_offset; /**< Output zero point */
    int32_t ch_mult;       /**< Channel multiplier: output channels = ch_mult * input channels */
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_dw_conv_params;

/** Fully connected (and batch matmul) parameters. */
typedef struct {
    int32_t input_offset;  /**< Negative of the input zero point */
    int32_t filter_offset; /**< Negative of the weight zero point */
    int32_t output_offset; /**< Output zero point */
    cmsis_nn_activation activation;
} cmsis_nn_fc_params;

/** Batch matmul parameters. fc_params.input_offset applies to lhs, filter_offset to rhs. */
typedef struct {
    bool adj_x; /**< lhs is transposed (not supported by this library: must be false) */
    bool adj_y; /**< rhs is transposed (not supported by this library: must be false) */
    cmsis_nn_fc_params fc_params;
} cmsis_nn_bmm_params;

/** Pooling parameters. */
typedef struct {
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_activation activation;
} cmsis_nn_pool_params;

/** Per-tensor requantization. */
typedef struct {
    int32_t multiplier;
    int32_t shift;
} cmsis_nn_per_tensor_quant_params;

/** Per-channel requantization: one multiplier and one shift per output channel. */
typedef struct {
    int32_t *multiplier;
    int32_t *shift;
} cmsis_nn_per_channel_quant_params;

/** Transpose parameters: output dimension i is input dimension permutations[i]. */
typedef struct {
    int32_t num_dims;
    uint32_t *permutations;
} cmsis_nn_transpose_params;

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_NN_ARM_NN_TYPES_H_ */

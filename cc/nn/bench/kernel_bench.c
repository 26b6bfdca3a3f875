/*
 * kernel_bench: runs a corpus of CMSIS-NN calls through //cc/nn on a simulated board, each call
 * between two profile markers, so the host can read the guest instructions it took
 * (tools/qemu_plugin). The same program is built for every ISA class (Helium on the M55, DSP
 * on the M4, plain C on the M3); cc/nn/bench/run_kernel_bench.py writes the corpus, runs the
 * boards and tabulates. A benchmark, not a test: it checks that every call returns success and
 * prints an output checksum per case, which the host compares across ISA classes (every class
 * must produce the same bytes from the same operands).
 *
 * Corpus file (bench_cases.bin, read through semihosting), little-endian int32 words:
 *   "KBC1" count, then per case BENCH_WORDS words (see `bench_case`) and a 32-byte name.
 * Operands are generated here from the case's seed (a 32-bit LCG): int8 tensors uniform,
 * biases in [-2^15, 2^15), multipliers in [2^30, 2^31), per-channel shifts uniform in the
 * case's regime [shift_min, shift_max].
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "cc/boards/common/board.h"

#define BENCH_WORDS 24
#define NAME_BYTES 32
#define CORPUS_CAPACITY (64u * 1024u)

/* The functions a case can call (the ids run_kernel_bench.py writes). */
enum {
    FN_CONVOLVE = 0,
    FN_CONVOLVE_1X1_FAST = 1,
    FN_CONVOLVE_1X1 = 2,
    FN_DEPTHWISE = 3,
    FN_FULLY_CONNECTED = 4,
    FN_FULLY_CONNECTED_PER_CHANNEL = 5,
    FN_ADD = 6,
    FN_MUL = 7,
    FN_AVGPOOL = 8,
    FN_MAX_POOL = 9,
    FN_MINIMUM = 10,
    FN_MAXIMUM = 11,
    FN_PAD = 12,
    FN_TRANSPOSE = 13,
    FN_BATCH_MATMUL = 14,
    FN_TRANSPOSE_CONV = 15,
};

/* One case: the words of its record, by meaning. Shapes are NHWC; for the convolutions `c_out`
 * is the output channels (depthwise: the channel multiplier), `group_c` the filter's input
 * channels (convolve: c / groups). */
typedef struct {
    int32_t function;
    int32_t seed;
    int32_t shift_min;
    int32_t shift_max;
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t c_out;
    int32_t group_c;
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_h;
    int32_t pad_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t out_h;
    int32_t out_w;
    int32_t reserved[4];
} bench_case;

_Static_assert(sizeof(bench_case) == BENCH_WORDS * 4, "a case record is BENCH_WORDS words");

static uint32_t random_state;

static uint32_t next_random(void)
{
    random_state = random_state * 1664525u + 1013904223u;
    return random_state >> 8;
}

/* Bump allocation from the activation region, reset for every case. */
static uint8_t *arena_next;

static void *take(size_t bytes)
{
    uint8_t *p = arena_next;
    arena_next += (bytes + 15u) & ~(size_t)15u;
    if (arena_next > __arena_end) {
        board_printf("kernel_bench: arena exhausted (%lu bytes more)\n",
                     (unsigned long)(arena_next - __arena_end));
        board_exit(2);
    }
    return p;
}

static int8_t *random_s8(size_t count)
{
    int8_t *data = take(count);
    for (size_t i = 0; i < count; ++i) {
        data[i] = (int8_t)(next_random() & 0xFF);
    }
    return data;
}

static int32_t *random_bias(size_t count)
{
    int32_t *data = take(count * sizeof(int32_t));
    for (size_t i = 0; i < count; ++i) {
        data[i] = (int32_t)(next_random() & 0xFFFF) - 0x8000;
    }
    return data;
}

static int32_t random_multiplier(void)
{
    return 0x40000000 + (int32_t)(next_random() & 0x3FFFFF) * 0x100;
}

static int32_t random_shift(const bench_case *k)
{
    return k->shift_min + (int32_t)(next_random() % (uint32_t)(k->shift_max - k->shift_min + 1));
}

static cmsis_nn_per_channel_quant_params random_quant(const bench_case *k, int32_t channels)
{
    int32_t *multipliers = take((size_t)channels * sizeof(int32_t));
    int32_t *shifts = take((size_t)channels * sizeof(int32_t));
    for (int32_t i = 0; i < channels; ++i) {
        multipliers[i] = random_multiplier();
        shifts[i] = random_shift(k);
    }
    return (cmsis_nn_per_channel_quant_params){multipliers, shifts};
}

static size_t count_of(const cmsis_nn_dims *d)
{
    return (size_t)d->n * d->h * d->w * d->c;
}

/* The call under measurement sits between the two markers; operands are made before. */
#define MEASURE(status, call)                                                                      \
    do {                                                                                           \
        board_profile_marker(1);                                                                   \
        (status) = (call);                                                                         \
        board_profile_marker(2);                                                                   \
    } while (0)

static const cmsis_nn_activation full_range = {-128, 127};

static arm_cmsis_nn_status run_convolution(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims input_dims = {k->n, k->h, k->w, k->c};
    const cmsis_nn_dims filter_dims = {k->c_out, k->kernel_h, k->kernel_w, k->group_c};
    const cmsis_nn_dims output_dims = {k->n, k->out_h, k->out_w, k->c_out};
    const cmsis_nn_dims bias_dims = {1, 1, 1, k->c_out};
    const int8_t *input = random_s8(count_of(&input_dims));
    const int8_t *filter = random_s8(count_of(&filter_dims));
    const int32_t *bias = random_bias((size_t)k->c_out);
    const cmsis_nn_per_channel_quant_params quant = random_quant(k, k->c_out);
    const cmsis_nn_conv_params params = {
        .input_offset = 3,
        .output_offset = -5,
        .stride = {k->stride_w, k->stride_h},
        .padding = {k->pad_w, k->pad_h},
        .dilation = {k->dilation_w, k->dilation_h},
        .activation = full_range,
    };
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    int32_t scratch = 0;
    if (k->function == FN_CONVOLVE) {
        scratch = arm_convolve_s8_get_buffer_size(&input_dims, &filter_dims);
    } else if (k->function == FN_CONVOLVE_1X1_FAST) {
        scratch = arm_convolve_1x1_s8_fast_get_buffer_size(&input_dims);
    }
    const cmsis_nn_context ctx = {scratch > 0 ? take((size_t)scratch) : NULL, scratch};
    arm_cmsis_nn_status status;
    if (k->function == FN_CONVOLVE) {
        MEASURE(status, arm_convolve_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                        filter, &bias_dims, bias, &output_dims, *out));
    } else if (k->function == FN_CONVOLVE_1X1_FAST) {
        MEASURE(status,
                arm_convolve_1x1_s8_fast(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                         filter, &bias_dims, bias, &output_dims, *out));
    } else {
        MEASURE(status, arm_convolve_1x1_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                            filter, &bias_dims, bias, &output_dims, *out));
    }
    return status;
}

static arm_cmsis_nn_status run_depthwise(const bench_case *k, int8_t **out, size_t *out_count)
{
    const int32_t channels = k->c * k->c_out;
    const cmsis_nn_dims input_dims = {k->n, k->h, k->w, k->c};
    const cmsis_nn_dims filter_dims = {1, k->kernel_h, k->kernel_w, channels};
    const cmsis_nn_dims output_dims = {k->n, k->out_h, k->out_w, channels};
    const cmsis_nn_dims bias_dims = {1, 1, 1, channels};
    const int8_t *input = random_s8(count_of(&input_dims));
    const int8_t *filter = random_s8(count_of(&filter_dims));
    const int32_t *bias = random_bias((size_t)channels);
    const cmsis_nn_per_channel_quant_params quant = random_quant(k, channels);
    const cmsis_nn_dw_conv_params params = {
        .input_offset = 3,
        .output_offset = -5,
        .ch_mult = k->c_out,
        .stride = {k->stride_w, k->stride_h},
        .padding = {k->pad_w, k->pad_h},
        .dilation = {k->dilation_w, k->dilation_h},
        .activation = full_range,
    };
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    const int32_t scratch = arm_depthwise_conv_wrapper_s8_get_buffer_size(
        &params, &input_dims, &filter_dims, &output_dims);
    const cmsis_nn_context ctx = {scratch > 0 ? take((size_t)scratch) : NULL, scratch};
    arm_cmsis_nn_status status;
    MEASURE(status, arm_depthwise_conv_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                          filter, &bias_dims, bias, &output_dims, *out));
    return status;
}

static arm_cmsis_nn_status run_fully_connected(const bench_case *k, int8_t **out, size_t *out_count)
{
    /* Batch n, depth c, c_out outputs. */
    const cmsis_nn_dims input_dims = {k->n, 1, 1, k->c};
    const cmsis_nn_dims filter_dims = {k->c, 1, 1, k->c_out};
    const cmsis_nn_dims output_dims = {k->n, 1, 1, k->c_out};
    const cmsis_nn_dims bias_dims = {1, 1, 1, k->c_out};
    const int8_t *input = random_s8(count_of(&input_dims));
    const int8_t *filter = random_s8((size_t)k->c * k->c_out);
    const int32_t *bias = random_bias((size_t)k->c_out);
    const cmsis_nn_fc_params params = {
        .input_offset = 3, .filter_offset = 0, .output_offset = -5, .activation = full_range};
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    const int32_t scratch = arm_fully_connected_s8_get_buffer_size(&filter_dims);
    const cmsis_nn_context ctx = {scratch > 0 ? take((size_t)scratch) : NULL, scratch};
    arm_cmsis_nn_status status;
    if (k->function == FN_FULLY_CONNECTED) {
        const cmsis_nn_per_tensor_quant_params quant = {random_multiplier(), random_shift(k)};
        MEASURE(status,
                arm_fully_connected_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                       filter, &bias_dims, bias, &output_dims, *out));
    } else {
        const cmsis_nn_per_channel_quant_params quant = random_quant(k, k->c_out);
        MEASURE(status, arm_fully_connected_per_channel_s8(&ctx, &params, &quant, &input_dims,
                                                           input, &filter_dims, filter, &bias_dims,
                                                           bias, &output_dims, *out));
    }
    return status;
}

static arm_cmsis_nn_status run_elementwise(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims dims = {k->n, k->h, k->w, k->c};
    const int32_t size = (int32_t)count_of(&dims);
    const int8_t *a = random_s8((size_t)size);
    const int8_t *b = random_s8((size_t)size);
    *out_count = (size_t)size;
    *out = take(*out_count);
    arm_cmsis_nn_status status;
    if (k->function == FN_ADD) {
        /* An add's usual form: 20 bits of headroom, operand scales just under 1, the sum scaled
         * back by 2^-20 and the regime's shift. */
        const int32_t out_shift = random_shift(k) - 19;
        MEASURE(status, arm_elementwise_add_s8(a, b, 7, random_multiplier(), -1, -3,
                                               random_multiplier(), -2, 20, *out, -4,
                                               random_multiplier(), out_shift, -128, 127, size));
    } else {
        MEASURE(status, arm_elementwise_mul_s8(a, b, 7, -3, *out, -4, random_multiplier(),
                                               random_shift(k) - 6, -128, 127, size));
    }
    return status;
}

static arm_cmsis_nn_status run_pool(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims input_dims = {k->n, k->h, k->w, k->c};
    const cmsis_nn_dims filter_dims = {1, k->kernel_h, k->kernel_w, 1};
    const cmsis_nn_dims output_dims = {k->n, k->out_h, k->out_w, k->c};
    const int8_t *input = random_s8(count_of(&input_dims));
    const cmsis_nn_pool_params params = {
        .stride = {k->stride_w, k->stride_h},
        .padding = {k->pad_w, k->pad_h},
        .activation = full_range,
    };
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    arm_cmsis_nn_status status;
    if (k->function == FN_AVGPOOL) {
        const int32_t scratch = arm_avgpool_s8_get_buffer_size(k->out_w, k->c);
        const cmsis_nn_context ctx = {scratch > 0 ? take((size_t)scratch) : NULL, scratch};
        MEASURE(status, arm_avgpool_s8(&ctx, &params, &input_dims, input, &filter_dims,
                                       &output_dims, *out));
    } else {
        const cmsis_nn_context ctx = {NULL, 0};
        MEASURE(status, arm_max_pool_s8(&ctx, &params, &input_dims, input, &filter_dims,
                                        &output_dims, *out));
    }
    return status;
}

/* Minimum/maximum: input 1 of the case's shape, input 2 broadcast over h and w when
 * kernel_h is 1 (a per-channel tensor), else the same shape. */
static arm_cmsis_nn_status run_min_max(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims dims = {k->n, k->h, k->w, k->c};
    const cmsis_nn_dims other = k->kernel_h == 1 ? (cmsis_nn_dims){k->n, 1, 1, k->c} : dims;
    const int8_t *a = random_s8(count_of(&dims));
    const int8_t *b = random_s8(count_of(&other));
    const cmsis_nn_context ctx = {NULL, 0};
    *out_count = count_of(&dims);
    *out = take(*out_count);
    arm_cmsis_nn_status status;
    if (k->function == FN_MINIMUM) {
        MEASURE(status, arm_minimum_s8(&ctx, a, &dims, b, &other, *out, &dims));
    } else {
        MEASURE(status, arm_maximum_s8(&ctx, a, &dims, b, &other, *out, &dims));
    }
    return status;
}

/* Pad: pad_h/pad_w rows and columns on each side. Transpose: NHWC -> NCHW-like (0, 3, 1, 2). */
static arm_cmsis_nn_status run_layout(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims dims = {k->n, k->h, k->w, k->c};
    const int8_t *input = random_s8(count_of(&dims));
    arm_cmsis_nn_status status;
    if (k->function == FN_PAD) {
        const cmsis_nn_dims pre = {0, k->pad_h, k->pad_w, 0};
        const cmsis_nn_dims post = {0, k->pad_h, k->pad_w, 0};
        *out_count = (size_t)k->n * (k->h + 2 * k->pad_h) * (k->w + 2 * k->pad_w) * k->c;
        *out = take(*out_count);
        MEASURE(status, arm_pad_s8(input, *out, -7, &dims, &pre, &post));
    } else {
        static uint32_t permutation[4] = {0, 3, 1, 2};
        const cmsis_nn_transpose_params params = {4, permutation};
        const cmsis_nn_dims out_dims = {k->n, k->c, k->h, k->w};
        *out_count = count_of(&dims);
        *out = take(*out_count);
        MEASURE(status, arm_transpose_s8(input, *out, &dims, &out_dims, &params));
    }
    return status;
}

/* Batch matmul: n batches of (h x c) by (c x c_out), rhs given transposed. */
static arm_cmsis_nn_status run_batch_matmul(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims lhs_dims = {1, k->n, k->h, k->c};
    const cmsis_nn_dims rhs_dims = {1, k->n, k->c_out, k->c};
    const cmsis_nn_dims output_dims = {1, k->n, k->h, k->c_out};
    const int8_t *lhs = random_s8(count_of(&lhs_dims));
    const int8_t *rhs = random_s8(count_of(&rhs_dims));
    const cmsis_nn_bmm_params params = {
        .adj_x = false,
        .adj_y = false,
        .fc_params = {.input_offset = 3,
                      .filter_offset = -2,
                      .output_offset = -5,
                      .activation = full_range},
    };
    const cmsis_nn_per_tensor_quant_params quant = {random_multiplier(), random_shift(k)};
    const cmsis_nn_context ctx = {NULL, 0};
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    arm_cmsis_nn_status status;
    MEASURE(status, arm_batch_matmul_s8(&ctx, &params, &quant, &lhs_dims, lhs, &rhs_dims, rhs,
                                        &output_dims, *out));
    return status;
}

static arm_cmsis_nn_status run_transpose_conv(const bench_case *k, int8_t **out, size_t *out_count)
{
    const cmsis_nn_dims input_dims = {k->n, k->h, k->w, k->c};
    const cmsis_nn_dims filter_dims = {k->c_out, k->kernel_h, k->kernel_w, k->c};
    const cmsis_nn_dims output_dims = {k->n, k->out_h, k->out_w, k->c_out};
    const cmsis_nn_dims bias_dims = {1, 1, 1, k->c_out};
    const int8_t *input = random_s8(count_of(&input_dims));
    const int8_t *filter = random_s8(count_of(&filter_dims));
    const int32_t *bias = random_bias((size_t)k->c_out);
    const cmsis_nn_per_channel_quant_params quant = random_quant(k, k->c_out);
    const cmsis_nn_transpose_conv_params params = {
        .input_offset = 3,
        .output_offset = -5,
        .stride = {k->stride_w, k->stride_h},
        .padding = {k->pad_w, k->pad_h},
        .padding_offsets = {0, 0},
        .dilation = {1, 1},
        .activation = full_range,
    };
    const int32_t scratch =
        arm_transpose_conv_s8_get_buffer_size(&params, &input_dims, &filter_dims, &output_dims);
    const int32_t reverse =
        arm_transpose_conv_s8_get_reverse_conv_buffer_size(&params, &input_dims, &filter_dims);
    const cmsis_nn_context ctx = {scratch > 0 ? take((size_t)scratch) : NULL, scratch};
    const cmsis_nn_context output_ctx = {reverse > 0 ? take((size_t)reverse) : NULL, reverse};
    *out_count = count_of(&output_dims);
    *out = take(*out_count);
    arm_cmsis_nn_status status;
    MEASURE(status,
            arm_transpose_conv_s8(&ctx, &output_ctx, &params, &quant, &input_dims, input,
                                  &filter_dims, filter, &bias_dims, bias, &output_dims, *out));
    return status;
}

static arm_cmsis_nn_status run_case(const bench_case *k, int8_t **out, size_t *out_count)
{
    switch (k->function) {
    case FN_CONVOLVE:
    case FN_CONVOLVE_1X1_FAST:
    case FN_CONVOLVE_1X1:
        return run_convolution(k, out, out_count);
    case FN_DEPTHWISE:
        return run_depthwise(k, out, out_count);
    case FN_FULLY_CONNECTED:
    case FN_FULLY_CONNECTED_PER_CHANNEL:
        return run_fully_connected(k, out, out_count);
    case FN_ADD:
    case FN_MUL:
        return run_elementwise(k, out, out_count);
    case FN_AVGPOOL:
    case FN_MAX_POOL:
        return run_pool(k, out, out_count);
    case FN_MINIMUM:
    case FN_MAXIMUM:
        return run_min_max(k, out, out_count);
    case FN_PAD:
    case FN_TRANSPOSE:
        return run_layout(k, out, out_count);
    case FN_BATCH_MATMUL:
        return run_batch_matmul(k, out, out_count);
    case FN_TRANSPOSE_CONV:
        return run_transpose_conv(k, out, out_count);
    default:
        board_printf("kernel_bench: unknown function id %ld in the corpus\n", (long)k->function);
        board_exit(2);
        return ARM_CMSIS_NN_ARG_ERROR;
    }
}

/* FNV-1a over the output bytes. */
static uint32_t checksum(const int8_t *data, size_t count)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < count; ++i) {
        hash = (hash ^ (uint8_t)data[i]) * 16777619u;
    }
    return hash;
}

int main(void)
{
    uint8_t *corpus = __arena_start;
    const long length = board_read_file("bench_cases.bin", corpus, CORPUS_CAPACITY);
    uint32_t header[2];
    if (length < 8) {
        board_printf("kernel_bench: cannot read bench_cases.bin (run it through "
                     "run_kernel_bench.py)\n");
        return 2;
    }
    memcpy(header, corpus, sizeof(header));
    const size_t record = sizeof(bench_case) + NAME_BYTES;
    if (memcmp(corpus, "KBC1", 4) != 0 || (size_t)length != 8 + header[1] * record) {
        board_printf("kernel_bench: bench_cases.bin is not a KBC1 corpus of its length\n");
        return 2;
    }
    int failures = 0;
    for (uint32_t i = 0; i < header[1]; ++i) {
        bench_case k;
        char name[NAME_BYTES + 1];
        memcpy(&k, corpus + 8 + i * record, sizeof(k));
        memcpy(name, corpus + 8 + i * record + sizeof(k), NAME_BYTES);
        name[NAME_BYTES] = '\0';
        arena_next = corpus + CORPUS_CAPACITY;
        random_state = (uint32_t)k.seed;
        int8_t *out = NULL;
        size_t out_count = 0;
        const arm_cmsis_nn_status status = run_case(&k, &out, &out_count);
        failures += status != ARM_CMSIS_NN_SUCCESS;
        board_printf("case %lu %s status %d checksum %08lx\n", (unsigned long)i, name, (int)status,
                     (unsigned long)checksum(out, out_count));
    }
    board_printf("kernel_bench: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}

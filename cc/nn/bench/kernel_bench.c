/*
 * kernel_bench: runs the heaviest MobileNetV2 (224x224, width 1.0) layers of each kernel kind
 * through //cc/nn on the simulated Corstone-300, between profile markers, so the host can read
 * the guest instructions each kernel call took (tools/qemu_plugin). A benchmark, not a test:
 * it checks only that every kernel returns success, and prints an output checksum so runs of
 * different kernel implementations can be compared for equality.
 *
 * Layers (by multiply-accumulates in MobileNetV2):
 *   conv_1x1_320_1280   final 1x1 convolution, 7x7x320 -> 7x7x1280        20.1 M MACs
 *   conv_1x1_16_96      first expansion, 112x112x16 -> 112x112x96         19.3 M MACs
 *   conv_3x3_stem       stem 3x3 stride 2, 224x224x3 -> 112x112x32        10.8 M MACs
 *   depthwise_3x3_144   3x3 depthwise, 56x56x144, stride 1                 4.1 M MACs
 *   fully_connected     classifier, 1280 -> 1000                            1.3 M MACs
 */
#include <stddef.h>
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/boards/common/board.h"

/* Deterministic operand bytes (a 32-bit LCG), so every run and every build sees the same data. */
static uint32_t random_state = 12345u;

static uint32_t next_random(void)
{
    random_state = random_state * 1664525u + 1013904223u;
    return random_state >> 8;
}

static void fill_s8(int8_t *data, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        data[i] = (int8_t)(next_random() & 0xFF);
    }
}

static void fill_bias(int32_t *data, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        data[i] = (int32_t)(next_random() & 0xFFFF) - 0x8000;
    }
}

/* Requantization typical of the layer (scale ~ 2^-10 .. 2^-9). */
static void fill_requant(int32_t *multipliers, int32_t *shifts, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        multipliers[i] = 0x40000000 + (int32_t)(next_random() & 0x3FFFFFFF);
        shifts[i] = -9;
    }
}

/* Bump allocation from the activation region; the bench never frees. */
static uint8_t *arena_next;

static void *take(size_t bytes)
{
    uint8_t *p = arena_next;
    arena_next += (bytes + 15u) & ~(size_t)15u;
    if (arena_next > __arena_end) {
        board_puts("kernel_bench: arena exhausted\n");
        board_exit(3);
    }
    return p;
}

static uint32_t checksum(const int8_t *data, size_t count)
{
    uint32_t sum = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < count; ++i) {
        sum = (sum ^ (uint8_t)data[i]) * 16777619u;
    }
    return sum;
}

static int report(const char *name, arm_cmsis_nn_status status, const int8_t *out, size_t count,
                  uint32_t macs)
{
    board_printf("layer %s status %d macs %lu checksum %08lx\n", name, (int)status,
                 (unsigned long)macs, (unsigned long)checksum(out, count));
    return status == ARM_CMSIS_NN_SUCCESS ? 0 : 1;
}

static int bench_conv(const char *name, cmsis_nn_dims input_dims, cmsis_nn_dims filter_dims,
                      cmsis_nn_dims output_dims, int32_t stride, int32_t padding, uint32_t tag)
{
    arena_next = __arena_start;
    const size_t in_count = (size_t)input_dims.n * input_dims.h * input_dims.w * input_dims.c;
    const size_t w_count = (size_t)filter_dims.n * filter_dims.h * filter_dims.w * filter_dims.c;
    const size_t out_count = (size_t)output_dims.n * output_dims.h * output_dims.w * output_dims.c;
    const int32_t channels = output_dims.c;
    int8_t *input = take(in_count);
    int8_t *weights = take(w_count);
    int8_t *output = take(out_count);
    int32_t *bias = take((size_t)channels * 4);
    int32_t *multipliers = take((size_t)channels * 4);
    int32_t *shifts = take((size_t)channels * 4);
    fill_s8(input, in_count);
    fill_s8(weights, w_count);
    fill_bias(bias, (size_t)channels);
    fill_requant(multipliers, shifts, (size_t)channels);

    cmsis_nn_conv_params params = {
        .input_offset = 3,
        .output_offset = -5,
        .stride = {stride, stride},
        .padding = {padding, padding},
        .dilation = {1, 1},
        .activation = {-128, 127},
    };
    const cmsis_nn_per_channel_quant_params quant = {multipliers, shifts};
    const cmsis_nn_dims bias_dims = {1, 1, 1, channels};
    const int32_t scratch_size =
        arm_convolve_wrapper_s8_get_buffer_size(&params, &input_dims, &filter_dims, &output_dims);
    const cmsis_nn_context ctx = {scratch_size > 0 ? take((size_t)scratch_size) : NULL,
                                  scratch_size};
    board_profile_marker(tag);
    const arm_cmsis_nn_status status =
        arm_convolve_wrapper_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims, weights,
                                &bias_dims, bias, &output_dims, output);
    board_profile_marker(tag + 1);
    return report(name, status, output, out_count,
                  (uint32_t)(out_count * filter_dims.h * filter_dims.w * filter_dims.c));
}

static int bench_depthwise(uint32_t tag)
{
    arena_next = __arena_start;
    const cmsis_nn_dims input_dims = {1, 56, 56, 144};
    const cmsis_nn_dims filter_dims = {1, 3, 3, 144};
    const cmsis_nn_dims output_dims = {1, 56, 56, 144};
    const size_t count = 56u * 56u * 144u;
    int8_t *input = take(count);
    int8_t *weights = take(9u * 144u);
    int8_t *output = take(count);
    int32_t *bias = take(144u * 4u);
    int32_t *multipliers = take(144u * 4u);
    int32_t *shifts = take(144u * 4u);
    fill_s8(input, count);
    fill_s8(weights, 9u * 144u);
    fill_bias(bias, 144u);
    fill_requant(multipliers, shifts, 144u);
    cmsis_nn_dw_conv_params params = {
        .input_offset = 3,
        .output_offset = -5,
        .ch_mult = 1,
        .stride = {1, 1},
        .padding = {1, 1},
        .dilation = {1, 1},
        .activation = {-128, 127},
    };
    const cmsis_nn_per_channel_quant_params quant = {multipliers, shifts};
    const cmsis_nn_dims bias_dims = {1, 1, 1, 144};
    const int32_t scratch_size = arm_depthwise_conv_wrapper_s8_get_buffer_size(
        &params, &input_dims, &filter_dims, &output_dims);
    const cmsis_nn_context ctx = {scratch_size > 0 ? take((size_t)scratch_size) : NULL,
                                  scratch_size};
    board_profile_marker(tag);
    const arm_cmsis_nn_status status =
        arm_depthwise_conv_wrapper_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims,
                                      weights, &bias_dims, bias, &output_dims, output);
    board_profile_marker(tag + 1);
    return report("depthwise_3x3_144", status, output, count, (uint32_t)(count * 9u));
}

static int bench_fully_connected(uint32_t tag)
{
    arena_next = __arena_start;
    const int32_t depth = 1280;
    const int32_t classes = 1000;
    int8_t *input = take((size_t)depth);
    int8_t *weights = take((size_t)depth * classes);
    int8_t *output = take((size_t)classes);
    int32_t *bias = take((size_t)classes * 4u);
    fill_s8(input, (size_t)depth);
    fill_s8(weights, (size_t)depth * classes);
    fill_bias(bias, (size_t)classes);
    const cmsis_nn_fc_params params = {
        .input_offset = 3, .filter_offset = 0, .output_offset = -5, .activation = {-128, 127}};
    const cmsis_nn_per_tensor_quant_params quant = {0x5A000000, -9};
    const cmsis_nn_dims input_dims = {1, 1, 1, depth};
    const cmsis_nn_dims filter_dims = {depth, 1, 1, classes};
    const cmsis_nn_dims bias_dims = {1, 1, 1, classes};
    const cmsis_nn_dims output_dims = {1, 1, 1, classes};
    const int32_t scratch_size = arm_fully_connected_s8_get_buffer_size(&filter_dims);
    const cmsis_nn_context ctx = {scratch_size > 0 ? take((size_t)scratch_size) : NULL,
                                  scratch_size};
    board_profile_marker(tag);
    const arm_cmsis_nn_status status =
        arm_fully_connected_s8(&ctx, &params, &quant, &input_dims, input, &filter_dims, weights,
                               &bias_dims, bias, &output_dims, output);
    board_profile_marker(tag + 1);
    return report("fully_connected", status, output, (size_t)classes, (uint32_t)(depth * classes));
}

int main(void)
{
    int failures = 0;
    failures +=
        bench_conv("conv_1x1_320_1280", (cmsis_nn_dims){1, 7, 7, 320},
                   (cmsis_nn_dims){1280, 1, 1, 320}, (cmsis_nn_dims){1, 7, 7, 1280}, 1, 0, 0);
    failures +=
        bench_conv("conv_1x1_16_96", (cmsis_nn_dims){1, 112, 112, 16},
                   (cmsis_nn_dims){96, 1, 1, 16}, (cmsis_nn_dims){1, 112, 112, 96}, 1, 0, 2);
    failures += bench_conv("conv_3x3_stem", (cmsis_nn_dims){1, 224, 224, 3},
                           (cmsis_nn_dims){32, 3, 3, 3}, (cmsis_nn_dims){1, 112, 112, 32}, 2, 1, 4);
    failures += bench_depthwise(6);
    failures += bench_fully_connected(8);
    board_printf("kernel_bench: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}

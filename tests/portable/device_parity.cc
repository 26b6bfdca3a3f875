// device_parity: the portable kernels' float results on a Cortex-M must be the host's, bit for
// bit. The same program runs on the host (its output file is the reference) and as firmware on
// the simulated M55 (FPU) and M3 (soft-float); each writes every result bit to results.bin and
// the test compares the files byte for byte. Together with the host tests against torch
// (tests/portable), that carries the accuracy contract of docs/portable.md to the device.
//
// Inputs: dense bit-pattern sweeps over the ranges where exp, log, tanh and sigmoid bend,
// subnormals and special values, and pseudo-random tensors for the reductions, linear algebra,
// convolution and quantization. NaN results are written as one canonical pattern: the sign and
// payload of a NaN are not part of the contract (x86 and Arm make different default NaNs).
#include <stdint.h>
#include <string.h>

#include "cc/ops/op_glue.h"

#ifdef PORTABLE_PARITY_HOST
#include <stdio.h>
#else
#include "cc/boards/common/board.h"
#endif

namespace
{

// Sized for the M3 board's RAM: 3 sweeps x 6 kernels x 1500 floats, plus the rest.
constexpr int32_t kSweep = 1500;
constexpr int32_t kTensor = 4096;
constexpr size_t kResultCapacity = 160 * 1024;

uint8_t results[kResultCapacity];
size_t result_size = 0;
int failures = 0;

float inputs[kTensor];
float outputs[kTensor];

uint32_t random_state = 0x9E3779B9u;

uint32_t next_random()
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

float random_float(float scale)
{
    return (static_cast<float>(next_random() >> 8) * (1.0f / 16777216.0f) - 0.5f) * 2.0f * scale;
}

void append_floats(const float *values, int32_t count)
{
    for (int32_t i = 0; i < count; ++i) {
        uint32_t bits;
        memcpy(&bits, &values[i], sizeof(bits));
        if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0) {
            bits = 0x7fc00000u;
        }
        if (result_size + 4 > kResultCapacity) {
            ++failures; // the buffer is too small: a test bug, never a silent truncation
            return;
        }
        memcpy(&results[result_size], &bits, 4);
        result_size += 4;
    }
}

void append_bytes(const void *data, size_t size)
{
    if (result_size + size > kResultCapacity) {
        ++failures;
        return;
    }
    memcpy(&results[result_size], data, size);
    result_size += size;
}

cmops_tensor tensor(void *data, int32_t dtype, int32_t dim, const int32_t *sizes, size_t nbytes)
{
    cmops_tensor t = {};
    t.data = data;
    t.dtype = dtype;
    t.dim = dim;
    for (int32_t d = 0; d < dim; ++d) {
        t.sizes[d] = sizes[d];
        t.dim_order[d] = static_cast<uint8_t>(d);
    }
    t.nbytes = nbytes;
    return t;
}

cmops_tensor vector(float *data, int32_t count)
{
    return tensor(data, CMOPS_DTYPE_FLOAT32, 1, &count, sizeof(float) * count);
}

void check(cmops_status status, cmops_context &ctx)
{
    if (status != CMOPS_OK) {
        ++failures;
#ifdef PORTABLE_PARITY_HOST
        printf("kernel failed: status %d, argument %d\n", static_cast<int>(status),
               static_cast<int>(ctx.error_arg));
#else
        board_printf("kernel failed: status %d, argument %d\n", static_cast<int>(status),
                     static_cast<int>(ctx.error_arg));
#endif
    }
}

// kSweep floats evenly spaced in bit pattern between lo and hi (same sign), then specials.
void fill_sweep(float lo, float hi)
{
    uint32_t a;
    uint32_t b;
    memcpy(&a, &lo, 4);
    memcpy(&b, &hi, 4);
    const int32_t count = kSweep - 8;
    for (int32_t i = 0; i < count; ++i) {
        const uint32_t bits = a + static_cast<uint32_t>((static_cast<uint64_t>(b - a) * i) / count);
        memcpy(&inputs[i], &bits, 4);
        if (i % 2 == 1) {
            inputs[i] = -inputs[i];
        }
    }
    const uint32_t specials[8] = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                  0x7fc00000u, 0x00000001u, 0x80800000u, 0x7f7fffffu};
    for (int32_t i = 0; i < 8; ++i) {
        memcpy(&inputs[count + i], &specials[i], 4);
    }
}

void unary_sweeps(cmops_context &ctx)
{
    const float ranges[][2] = {{1e-40f, 1e-2f}, {1e-2f, 4.0f}, {4.0f, 120.0f}};
    for (const auto &range : ranges) {
        fill_sweep(range[0], range[1]);
        cmops_tensor in = vector(inputs, kSweep);
        cmops_tensor out = vector(outputs, kSweep);
        check(cmops::aten::sigmoid_out(&ctx, in, out), ctx);
        append_floats(outputs, kSweep);
        check(cmops::aten::tanh_out(&ctx, in, out), ctx);
        append_floats(outputs, kSweep);
        check(cmops::aten::sqrt_out(&ctx, in, out), ctx);
        append_floats(outputs, kSweep);
        cmops_scalar exponent = {};
        exponent.kind = CMOPS_VALUE_DOUBLE;
        exponent.as.double_value = 2.2;
        check(cmops::aten::pow_Tensor_Scalar_out(&ctx, in, exponent, out), ctx);
        append_floats(outputs, kSweep);
        // exp through softmax rows of two, log through log_softmax rows of two.
        const int32_t rows[2] = {kSweep / 2, 2};
        cmops_tensor in2 = tensor(inputs, CMOPS_DTYPE_FLOAT32, 2, rows, sizeof(float) * kSweep);
        cmops_tensor out2 = tensor(outputs, CMOPS_DTYPE_FLOAT32, 2, rows, sizeof(float) * kSweep);
        check(cmops::aten::_softmax_out(&ctx, in2, -1, false, out2), ctx);
        append_floats(outputs, kSweep);
        check(cmops::aten::_log_softmax_out(&ctx, in2, 0, false, out2), ctx);
        append_floats(outputs, kSweep);
    }
}

void reductions_and_products(cmops_context &ctx)
{
    for (int32_t i = 0; i < kTensor; ++i) {
        inputs[i] = random_float(8.0f);
    }
    // sum and mean over the last dim of [4, 1000], keepdim.
    const int32_t shape[2] = {4, 1000};
    const int32_t kept[2] = {4, 1};
    cmops_tensor in = tensor(inputs, CMOPS_DTYPE_FLOAT32, 2, shape, sizeof(inputs));
    cmops_tensor out = tensor(outputs, CMOPS_DTYPE_FLOAT32, 2, kept, sizeof(outputs));
    const int64_t last = -1;
    const cmops_int_list dims = {&last, 1};
    const cmops_optional_int none = {false, 0};
    check(cmops::aten::sum_IntList_out(&ctx, in, &dims, true, none, out), ctx);
    append_floats(outputs, 4);
    check(cmops::aten::mean_out(&ctx, in, &dims, true, none, out), ctx);
    append_floats(outputs, 4);
    // linear: [10, 60] x [50, 60]^T + bias.
    const int32_t x_shape[2] = {10, 60};
    const int32_t w_shape[2] = {50, 60};
    const int32_t b_shape[1] = {50};
    const int32_t y_shape[2] = {10, 50};
    cmops_tensor x = tensor(inputs, CMOPS_DTYPE_FLOAT32, 2, x_shape, 600 * 4);
    cmops_tensor w = tensor(inputs + 600, CMOPS_DTYPE_FLOAT32, 2, w_shape, 3000 * 4);
    cmops_tensor b = tensor(inputs + 3600, CMOPS_DTYPE_FLOAT32, 1, b_shape, 50 * 4);
    cmops_tensor y = tensor(outputs, CMOPS_DTYPE_FLOAT32, 2, y_shape, 500 * 4);
    check(cmops::aten::linear_out(&ctx, x, w, &b, y), ctx);
    append_floats(outputs, 500);
    // convolution: [1, 4, 9, 9] with a [6, 2, 3, 3] kernel, groups 2, dilation 2, padding 1,
    // then its transpose with stride 2.
    const int32_t in_shape[4] = {1, 4, 9, 9};
    const int32_t k_shape[4] = {6, 2, 3, 3};
    const int32_t o_shape[4] = {1, 6, 7, 7};
    cmops_tensor ci = tensor(inputs, CMOPS_DTYPE_FLOAT32, 4, in_shape, 324 * 4);
    cmops_tensor ck = tensor(inputs + 400, CMOPS_DTYPE_FLOAT32, 4, k_shape, 108 * 4);
    cmops_tensor co = tensor(outputs, CMOPS_DTYPE_FLOAT32, 4, o_shape, 294 * 4);
    const int64_t one = 1;
    const int64_t two = 2;
    const int64_t zero = 0;
    const cmops_int_list ones = {&one, 1};
    const cmops_int_list twos = {&two, 1};
    const cmops_int_list zeros = {&zero, 1};
    const int32_t bias_shape[1] = {6};
    cmops_tensor bias = tensor(inputs + 3700, CMOPS_DTYPE_FLOAT32, 1, bias_shape, 6 * 4);
    check(cmops::aten::convolution_out(&ctx, ci, ck, &bias, ones, ones, twos, false, zeros, 2, co),
          ctx);
    append_floats(outputs, 294);
    const int32_t t_shape[4] = {4, 3, 3, 3};
    const int32_t to_shape[4] = {1, 6, 17, 17};
    cmops_tensor tk = tensor(inputs + 600, CMOPS_DTYPE_FLOAT32, 4, t_shape, 108 * 4);
    cmops_tensor to = tensor(outputs, CMOPS_DTYPE_FLOAT32, 4, to_shape, 1734 * 4);
    check(cmops::aten::convolution_out(&ctx, ci, tk, nullptr, twos, ones, ones, true, zeros, 2, to),
          ctx);
    append_floats(outputs, 1734);
    // add with alpha (no fused multiply-add on either side), quantize and dequantize.
    cmops_tensor a = vector(inputs, 2000);
    cmops_tensor c = vector(inputs + 2000, 2000);
    cmops_tensor sum = vector(outputs, 2000);
    cmops_scalar alpha = {};
    alpha.kind = CMOPS_VALUE_DOUBLE;
    alpha.as.double_value = 0.37;
    check(cmops::aten::add_out(&ctx, a, c, alpha, sum), ctx);
    append_floats(outputs, 2000);
    static int8_t quantized[2000];
    int32_t count = 2000;
    cmops_tensor q = tensor(quantized, CMOPS_DTYPE_INT8, 1, &count, sizeof(quantized));
    check(cmops::quantized_decomposed::quantize_per_tensor_out(&ctx, a, 0.0627, -3, -128, 127,
                                                               CMOPS_DTYPE_INT8, q),
          ctx);
    append_bytes(quantized, sizeof(quantized));
    check(cmops::quantized_decomposed::dequantize_per_tensor_out(&ctx, q, 0.0627, -3, -128, 127,
                                                                 CMOPS_DTYPE_INT8, none, sum),
          ctx);
    append_floats(outputs, 2000);
}

} // namespace

#ifdef PORTABLE_PARITY_HOST
int main(int argc, char **argv)
{
    cmops_context ctx = {CMOPS_NO_ARG, CMOPS_PHASE_RUN};
    unary_sweeps(ctx);
    reductions_and_products(ctx);
    if (argc != 2 || failures != 0) {
        return 1;
    }
    FILE *file = fopen(argv[1], "wb");
    if (file == nullptr || fwrite(results, 1, result_size, file) != result_size) {
        return 1;
    }
    return fclose(file) == 0 ? 0 : 1;
}
#else
int main(void)
{
    cmops_context ctx = {CMOPS_NO_ARG, CMOPS_PHASE_RUN};
    unary_sweeps(ctx);
    reductions_and_products(ctx);
    if (board_write_file("results.bin", results, result_size) != 0) {
        board_printf("portable parity: cannot write results.bin\n");
        return 1;
    }
    board_printf("portable parity: %u result bytes, %d kernel failures\n",
                 static_cast<unsigned>(result_size), failures);
    return failures == 0 ? 0 : 1;
}
#endif

// aten::convolution.out: float32 1-D ([N, C, L]) and 2-D ([N, C, H, W]) convolution with
// stride, padding, dilation and groups, and its transposed form (output_padding). Any dim order
// (channels-last included) for input, weight and out.
//
// Direct form: out[n, o, y, x] = bias[o] + sum over (c, ky, kx) of
//   input[n, g * Cg + c, y * s - p + ky * d, ...] * weight[o, c, ky, kx]     (o in group g)
// Transposed form, gathered per output element (no scatter, so each output has one fixed
// summation order): input position i contributes to y = i * s - p + ky * d, so
//   out[n, o, y, x] = bias[o] + sum over (c, ky, kx) with (y + p - ky * d) divisible by s of
//   input[n, g * Cg + c, (y + p - ky * d) / s, ...] * weight[g * Cg + c, o - g * Og, ky, kx].
// Sums run in float in (c, ky, kx) order; the bias is added last.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::convolution_out;

namespace cmops
{
namespace aten
{
namespace
{

// A spatial parameter list of 1 entry (applies to every spatial dim) or one per spatial dim.
bool spatial_pair(cmops_int_list list, int32_t spatial, int64_t fallback, int64_t lo,
                  int32_t out[2])
{
    out[0] = out[1] = static_cast<int32_t>(fallback);
    if (list.length == 0) {
        return true;
    }
    if (list.length != 1 && list.length != static_cast<size_t>(spatial)) {
        return false;
    }
    for (int32_t i = 0; i < spatial; ++i) {
        const int64_t value = list.items[list.length == 1 ? 0 : i];
        if (value < lo || value > 65535) {
            return false;
        }
        // 1-D convolutions run as 2-D with a height of 1: their one entry is the width's.
        out[spatial == 1 ? 1 : i] = static_cast<int32_t>(value);
    }
    return true;
}

struct Geometry {
    int32_t batches, in_channels, in_h, in_w;
    int32_t out_channels, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t group_in, group_out; // channels per group
    int32_t stride[2], padding[2], dilation[2];
    // Strides of the 4 logical dims (1-D tensors get a unit height).
    int64_t in_strides[4], weight_strides[4], out_strides[4];
};

void four_d(const cmops_tensor &t, int32_t sizes[4], int64_t strides[4])
{
    int64_t own[CMOPS_MAX_DIM];
    portable::logical_strides(t, own);
    if (t.dim == 4) {
        for (int32_t d = 0; d < 4; ++d) {
            sizes[d] = t.sizes[d];
            strides[d] = own[d];
        }
        return;
    }
    sizes[0] = t.sizes[0];
    sizes[1] = t.sizes[1];
    sizes[2] = 1;
    sizes[3] = t.sizes[2];
    strides[0] = own[0];
    strides[1] = own[1];
    strides[2] = 0;
    strides[3] = own[2];
}

// The kernel taps k in [0, count) whose input position offset + k * step lies in [0, size):
// [*first, *last). Keeps bounds checks out of the innermost loop.
void valid_taps(int32_t offset, int32_t step, int32_t size, int32_t count, int32_t *first,
                int32_t *last)
{
    const int32_t lo = offset >= 0 ? 0 : (-offset + step - 1) / step;
    const int32_t hi = size - 1 - offset < 0 ? 0 : (size - 1 - offset) / step + 1;
    *first = lo;
    *last = hi < count ? hi : count;
}

void convolve_direct(const Geometry &g, const float *in, const float *w, const float *bias,
                     int64_t bias_stride, float *result)
{
    for (int32_t n = 0; n < g.batches; ++n) {
        for (int32_t o = 0; o < g.out_channels; ++o) {
            const int32_t first_channel = (o / g.group_out) * g.group_in;
            for (int32_t y = 0; y < g.out_h; ++y) {
                const int32_t y0 = y * g.stride[0] - g.padding[0];
                int32_t ky_first;
                int32_t ky_last;
                valid_taps(y0, g.dilation[0], g.in_h, g.kernel_h, &ky_first, &ky_last);
                for (int32_t x = 0; x < g.out_w; ++x) {
                    const int32_t x0 = x * g.stride[1] - g.padding[1];
                    int32_t kx_first;
                    int32_t kx_last;
                    valid_taps(x0, g.dilation[1], g.in_w, g.kernel_w, &kx_first, &kx_last);
                    float sum = 0.0f;
                    for (int32_t c = 0; c < g.group_in; ++c) {
                        const float *in_plane =
                            in + n * g.in_strides[0] + (first_channel + c) * g.in_strides[1];
                        const float *w_plane =
                            w + o * g.weight_strides[0] + c * g.weight_strides[1];
                        for (int32_t ky = ky_first; ky < ky_last; ++ky) {
                            const float *in_row =
                                in_plane + (y0 + ky * g.dilation[0]) * g.in_strides[2];
                            const float *w_row = w_plane + ky * g.weight_strides[2];
                            for (int32_t kx = kx_first; kx < kx_last; ++kx) {
                                sum += in_row[(x0 + kx * g.dilation[1]) * g.in_strides[3]] *
                                       w_row[kx * g.weight_strides[3]];
                            }
                        }
                    }
                    if (bias != nullptr) {
                        sum += bias[o * bias_stride];
                    }
                    result[n * g.out_strides[0] + o * g.out_strides[1] + y * g.out_strides[2] +
                           x * g.out_strides[3]] = sum;
                }
            }
        }
    }
}

void convolve_transposed(const Geometry &g, const float *in, const float *w, const float *bias,
                         int64_t bias_stride, float *result)
{
    for (int32_t n = 0; n < g.batches; ++n) {
        for (int32_t o = 0; o < g.out_channels; ++o) {
            const int32_t group = o / g.group_out;
            const int32_t first_channel = group * g.group_in;
            const int32_t o_in_group = o - group * g.group_out;
            for (int32_t y = 0; y < g.out_h; ++y) {
                for (int32_t x = 0; x < g.out_w; ++x) {
                    float sum = 0.0f;
                    for (int32_t c = 0; c < g.group_in; ++c) {
                        const float *in_plane =
                            in + n * g.in_strides[0] + (first_channel + c) * g.in_strides[1];
                        const float *w_plane = w + (first_channel + c) * g.weight_strides[0] +
                                               o_in_group * g.weight_strides[1];
                        for (int32_t ky = 0; ky < g.kernel_h; ++ky) {
                            const int32_t ty = y + g.padding[0] - ky * g.dilation[0];
                            if (ty < 0 || ty % g.stride[0] != 0 || ty / g.stride[0] >= g.in_h) {
                                continue;
                            }
                            const float *in_row = in_plane + (ty / g.stride[0]) * g.in_strides[2];
                            const float *w_row = w_plane + ky * g.weight_strides[2];
                            for (int32_t kx = 0; kx < g.kernel_w; ++kx) {
                                const int32_t tx = x + g.padding[1] - kx * g.dilation[1];
                                if (tx < 0 || tx % g.stride[1] != 0 || tx / g.stride[1] >= g.in_w) {
                                    continue;
                                }
                                sum += in_row[(tx / g.stride[1]) * g.in_strides[3]] *
                                       w_row[kx * g.weight_strides[3]];
                            }
                        }
                    }
                    if (bias != nullptr) {
                        sum += bias[o * bias_stride];
                    }
                    result[n * g.out_strides[0] + o * g.out_strides[1] + y * g.out_strides[2] +
                           x * g.out_strides[3]] = sum;
                }
            }
        }
    }
}

} // namespace

cmops_status convolution_out(cmops_context *ctx, const cmops_tensor &input,
                             const cmops_tensor &weight, const cmops_tensor *bias,
                             cmops_int_list stride, cmops_int_list padding, cmops_int_list dilation,
                             bool transposed, cmops_int_list output_padding, int64_t groups,
                             cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, input, args::input));
    CMOPS_TRY(portable::check_tensor(ctx, weight, args::weight));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx,
                  input.dtype == CMOPS_DTYPE_FLOAT32 && weight.dtype == CMOPS_DTYPE_FLOAT32 &&
                      out.dtype == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(
        ctx, (input.dim == 3 || input.dim == 4) && weight.dim == input.dim && out.dim == input.dim,
        CMOPS_ERR_RANK, args::out);
    const int32_t spatial = input.dim - 2;
    Geometry g;
    int32_t in_sizes[4], weight_sizes[4], out_sizes[4];
    four_d(input, in_sizes, g.in_strides);
    four_d(weight, weight_sizes, g.weight_strides);
    four_d(out, out_sizes, g.out_strides);
    int32_t extra[2];
    CMOPS_REQUIRE(ctx, spatial_pair(stride, spatial, 1, 1, g.stride), CMOPS_ERR_PARAM,
                  args::stride);
    CMOPS_REQUIRE(ctx, spatial_pair(padding, spatial, 0, 0, g.padding), CMOPS_ERR_PARAM,
                  args::padding);
    CMOPS_REQUIRE(ctx, spatial_pair(dilation, spatial, 1, 1, g.dilation), CMOPS_ERR_PARAM,
                  args::dilation);
    CMOPS_REQUIRE(ctx, !transposed || spatial_pair(output_padding, spatial, 0, 0, extra),
                  CMOPS_ERR_PARAM, args::output_padding);
    if (!transposed) {
        extra[0] = extra[1] = 0;
    }
    if (spatial == 1) {
        // The unit height: no stride, padding or dilation across it.
        g.stride[0] = 1;
        g.padding[0] = 0;
        g.dilation[0] = 1;
        extra[0] = 0;
    }
    CMOPS_REQUIRE(ctx, groups >= 1 && groups <= 65535, CMOPS_ERR_PARAM, args::groups);
    const int32_t group_count = static_cast<int32_t>(groups);
    g.batches = in_sizes[0];
    g.in_channels = in_sizes[1];
    g.in_h = in_sizes[2];
    g.in_w = in_sizes[3];
    g.kernel_h = weight_sizes[2];
    g.kernel_w = weight_sizes[3];
    CMOPS_REQUIRE(ctx, g.in_channels % group_count == 0, CMOPS_ERR_SHAPE, args::groups);
    g.group_in = g.in_channels / group_count;
    int64_t expected_h;
    int64_t expected_w;
    if (!transposed) {
        g.out_channels = weight_sizes[0];
        CMOPS_REQUIRE(ctx, weight_sizes[1] == g.group_in && g.out_channels % group_count == 0,
                      CMOPS_ERR_SHAPE, args::weight);
        expected_h = (static_cast<int64_t>(g.in_h) + 2 * g.padding[0] -
                      static_cast<int64_t>(g.dilation[0]) * (g.kernel_h - 1) - 1) /
                         g.stride[0] +
                     1;
        expected_w = (static_cast<int64_t>(g.in_w) + 2 * g.padding[1] -
                      static_cast<int64_t>(g.dilation[1]) * (g.kernel_w - 1) - 1) /
                         g.stride[1] +
                     1;
    } else {
        CMOPS_REQUIRE(ctx, weight_sizes[0] == g.in_channels, CMOPS_ERR_SHAPE, args::weight);
        g.out_channels = weight_sizes[1] * group_count;
        CMOPS_REQUIRE(ctx, extra[0] < g.stride[0] || extra[0] < g.dilation[0], CMOPS_ERR_PARAM,
                      args::output_padding);
        CMOPS_REQUIRE(ctx, extra[1] < g.stride[1] || extra[1] < g.dilation[1], CMOPS_ERR_PARAM,
                      args::output_padding);
        expected_h = (static_cast<int64_t>(g.in_h) - 1) * g.stride[0] - 2 * g.padding[0] +
                     static_cast<int64_t>(g.dilation[0]) * (g.kernel_h - 1) + extra[0] + 1;
        expected_w = (static_cast<int64_t>(g.in_w) - 1) * g.stride[1] - 2 * g.padding[1] +
                     static_cast<int64_t>(g.dilation[1]) * (g.kernel_w - 1) + extra[1] + 1;
    }
    g.group_out = g.out_channels / group_count;
    CMOPS_REQUIRE(ctx, expected_h >= 1 && expected_w >= 1, CMOPS_ERR_SHAPE, args::input);
    CMOPS_REQUIRE(ctx,
                  out_sizes[0] == g.batches && out_sizes[1] == g.out_channels &&
                      out_sizes[2] == expected_h && out_sizes[3] == expected_w,
                  CMOPS_ERR_SHAPE, args::out);
    g.out_h = out_sizes[2];
    g.out_w = out_sizes[3];
    const float *bias_data = nullptr;
    int64_t bias_stride = 0;
    if (bias != nullptr) {
        CMOPS_TRY(portable::check_tensor(ctx, *bias, args::bias));
        CMOPS_REQUIRE(ctx,
                      bias->dtype == CMOPS_DTYPE_FLOAT32 && bias->dim == 1 &&
                          bias->sizes[0] == g.out_channels,
                      CMOPS_ERR_SHAPE, args::bias);
        bias_data = static_cast<const float *>(bias->data);
        int64_t own[CMOPS_MAX_DIM];
        portable::logical_strides(*bias, own);
        bias_stride = own[0];
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

    if (transposed) {
        convolve_transposed(g, static_cast<const float *>(input.data),
                            static_cast<const float *>(weight.data), bias_data, bias_stride,
                            static_cast<float *>(out.data));
    } else {
        convolve_direct(g, static_cast<const float *>(input.data),
                        static_cast<const float *>(weight.data), bias_data, bias_stride,
                        static_cast<float *>(out.data));
    }
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops

/*
 * matmul.h: the float32 dot-product core linear, addmm and bmm share. Internal to
 * //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_MATMUL_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_MATMUL_H_

#include <stdint.h>

namespace cmops
{
namespace portable
{

/** A strided float matrix: element (r, c) at data[r * row_stride + c * column_stride]. */
struct Matrix {
    const float *data;
    int64_t row_stride;
    int64_t column_stride;
};

/** A * B (rows x depth by depth x columns) in float, each dot product summed over k in order.
 * fn(row, column, dot) receives every result. */
template <typename Fn>
void matmul_f32(const Matrix &a, const Matrix &b, int32_t rows, int32_t depth, int32_t columns,
                Fn &&fn)
{
    for (int32_t r = 0; r < rows; ++r) {
        const float *a_row = a.data + r * a.row_stride;
        for (int32_t c = 0; c < columns; ++c) {
            const float *b_column = b.data + c * b.column_stride;
            float dot = 0.0f;
            for (int32_t k = 0; k < depth; ++k) {
                dot += a_row[k * a.column_stride] * b_column[k * b.row_stride];
            }
            fn(r, c, dot);
        }
    }
}

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_MATMUL_H_ */

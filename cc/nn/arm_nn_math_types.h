/*
 * arm_nn_math_types.h: fixed-width types and limits used by the int8 kernels.
 *
 * Same include name as Arm's CMSIS-NN so code written against CMSIS-NN compiles against this
 * library unchanged. Written for this project from the public API documentation.
 */
#ifndef M55ML_CC_NN_ARM_NN_MATH_TYPES_H_
#define M55ML_CC_NN_ARM_NN_MATH_TYPES_H_

#include <limits.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NN_Q7_MAX ((int8_t)(0x7F))
#define NN_Q7_MIN ((int8_t)(0x80))
#define NN_Q15_MAX ((int16_t)(0x7FFF))
#define NN_Q15_MIN ((int16_t)(0x8000))
#define NN_Q31_MAX ((int32_t)(0x7FFFFFFFL))
#define NN_Q31_MIN ((int32_t)(0x80000000L))

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_NN_ARM_NN_MATH_TYPES_H_ */

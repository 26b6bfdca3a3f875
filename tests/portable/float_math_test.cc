// float_math_test: our float exp, expm1, log, tanh and sigmoid (cc/ops/portable/internal/
// float_math.h) against the correctly rounded result, on every 1009th float of each function's
// interesting range (both signs, subnormals included) plus special values. The correctly rounded
// value is the host libm's double result rounded to float. Asserts the ulp bounds the header and
// docs/portable.md state, and prints what it measured.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc/ops/portable/internal/float_math.h"

namespace
{

int64_t ordered(float value)
{
    int32_t bits;
    memcpy(&bits, &value, sizeof(bits));
    return bits < 0 ? static_cast<int64_t>(INT32_MIN) - bits : bits;
}

int64_t ulps(float actual, double exact)
{
    const float expected = static_cast<float>(exact);
    if (isnan(actual) || isnan(expected)) {
        return isnan(actual) && isnan(expected) ? 0 : INT64_MAX;
    }
    if (actual == expected) {
        return 0;
    }
    const int64_t d = ordered(actual) - ordered(expected);
    return d < 0 ? -d : d;
}

struct Function {
    const char *name;
    float (*ours)(float);
    double (*exact)(double);
    float lo;
    float hi;
    int64_t bound;
};

double exact_sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

} // namespace

// Bazel generates test.xml for a test that does not write $XML_OUTPUT_FILE, with the run's
// duration among that action's arguments: a sweep taking seconds would then miss the remote cache
// on every clean rebuild. The test writes its own, duration-free XML instead.
static void write_junit(int failures)
{
    const char *path = getenv("XML_OUTPUT_FILE");
    if (path == nullptr || path[0] == '\0') {
        return;
    }
    FILE *xml = fopen(path, "w");
    if (xml == nullptr) {
        return;
    }
    fprintf(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite "
            "name=\"float_math_test\" tests=\"1\" failures=\"%d\"><testcase "
            "name=\"float_math_test\">%s</testcase></testsuite></testsuites>\n",
            failures != 0, failures != 0 ? "<failure message=\"see test.log\"></failure>" : "");
    fclose(xml);
}

int main()
{
    const Function functions[] = {
        {"exp", cmops::portable::exp_f32, exp, -104.0f, 89.0f, 1},
        {"expm1", cmops::portable::expm1_f32, expm1, -20.0f, 89.0f, 2},
        {"log", cmops::portable::log_f32, log, 0.0f, 3.4e38f, 1},
        {"tanh", cmops::portable::tanh_f32, tanh, -12.0f, 12.0f, 2},
        {"sigmoid", cmops::portable::sigmoid_f32, exact_sigmoid, -110.0f, 110.0f, 2},
    };
    const float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-45f, -1e-45f};
    int failures = 0;
    for (const Function &f : functions) {
        int64_t worst = 0;
        float worst_input = 0.0f;
        uint64_t count = 0;
        for (uint64_t bits = 0; bits <= 0xffffffffu; bits += 1009) {
            const uint32_t b = static_cast<uint32_t>(bits);
            float x;
            memcpy(&x, &b, sizeof(x));
            if (!(x >= f.lo && x <= f.hi)) {
                continue;
            }
            ++count;
            const int64_t d = ulps(f.ours(x), f.exact(x));
            if (d > worst) {
                worst = d;
                worst_input = x;
            }
        }
        for (const float x : specials) {
            if (isnan(x) || (x >= f.lo && x <= f.hi) || isinf(x)) {
                const int64_t d = ulps(f.ours(x), f.exact(x));
                if (d > worst) {
                    worst = d;
                    worst_input = x;
                }
            }
        }
        printf("%s: max %lld ulp (at %a) over %llu inputs, bound %lld\n", f.name,
               static_cast<long long>(worst), static_cast<double>(worst_input),
               static_cast<unsigned long long>(count), static_cast<long long>(f.bound));
        failures += worst > f.bound;
    }
    printf("%d failures\n", failures);
    write_junit(failures);
    return failures == 0 ? 0 : 1;
}

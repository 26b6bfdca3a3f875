// The value model the generated glue unpacks: every argument type of cc/ops/kernel_args.h, each
// refused with CMOPS_ERR_ARG_KIND (naming its index) when the value is of another kind.
#include <stdio.h>

#include "cc/ops/internal/glue_support.h"

namespace
{

int g_failures = 0;

#define CHECK(condition)                                                                           \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition);          \
            ++g_failures;                                                                          \
        }                                                                                          \
    } while (0)

cmops_tensor int8_tensor(int8_t *data, int32_t n)
{
    cmops_tensor t{};
    t.data = data;
    t.dtype = CMOPS_DTYPE_INT8;
    t.dim = 1;
    t.sizes[0] = n;
    t.dim_order[0] = 0;
    t.nbytes = static_cast<size_t>(n);
    return t;
}

void tensor_lists()
{
    int8_t a[4] = {};
    int8_t b[2] = {};
    cmops_tensor ta = int8_tensor(a, 4);
    cmops_tensor tb = int8_tensor(b, 2);
    cmops_tensor *items[3] = {&ta, nullptr, &tb};
    cmops_value list{};
    list.kind = CMOPS_VALUE_OPTIONAL_TENSOR_LIST;
    list.as.tensor_list = cmops_tensor_list{items, 3};
    cmops_value *args[1] = {&list};
    cmops_context ctx{CMOPS_NO_ARG, CMOPS_PHASE_RUN};
    cmops_tensor_list out{};
    CHECK(cmops::glue::optional_tensor_list(&ctx, args, 0, &out) == CMOPS_OK);
    CHECK(out.length == 3 && out.items[0] == &ta && out.items[1] == nullptr);
    // Tensor[] takes no None entry.
    list.kind = CMOPS_VALUE_TENSOR_LIST;
    CHECK(cmops::glue::tensor_list(&ctx, args, 0, &out) == CMOPS_ERR_ARG_KIND);
    CHECK(ctx.error_arg == 0);
    items[1] = &tb;
    CHECK(cmops::glue::tensor_list(&ctx, args, 0, &out) == CMOPS_OK);
    // An entry is checked like any tensor: a short buffer is refused.
    tb.nbytes = 1;
    ctx.error_arg = CMOPS_NO_ARG;
    CHECK(cmops::glue::tensor_list(&ctx, args, 0, &out) == CMOPS_ERR_BUFFER);
    CHECK(ctx.error_arg == 0);
}

void scalars_and_optionals()
{
    cmops_value none{};
    none.kind = CMOPS_VALUE_NONE;
    cmops_value real{};
    real.kind = CMOPS_VALUE_DOUBLE;
    real.as.double_value = 2.5;
    cmops_value flag{};
    flag.kind = CMOPS_VALUE_BOOL;
    flag.as.bool_value = true;
    cmops_value *args[3] = {&none, &real, &flag};
    cmops_context ctx{CMOPS_NO_ARG, CMOPS_PHASE_RUN};

    cmops_scalar scalar{};
    CHECK(cmops::glue::scalar(&ctx, args, 1, &scalar) == CMOPS_OK);
    CHECK(scalar.kind == CMOPS_VALUE_DOUBLE && scalar.as.double_value == 2.5);
    CHECK(cmops::glue::scalar(&ctx, args, 2, &scalar) == CMOPS_OK && scalar.as.bool_value);
    CHECK(cmops::glue::scalar(&ctx, args, 0, &scalar) == CMOPS_ERR_ARG_KIND && ctx.error_arg == 0);

    cmops_optional_scalar maybe{};
    CHECK(cmops::glue::optional_scalar(&ctx, args, 0, &maybe) == CMOPS_OK && !maybe.has_value);
    cmops_optional_double maybe_double{};
    CHECK(cmops::glue::optional_double(&ctx, args, 1, &maybe_double) == CMOPS_OK);
    CHECK(maybe_double.has_value && maybe_double.value == 2.5);
    cmops_optional_int maybe_int{};
    CHECK(cmops::glue::optional_int(&ctx, args, 0, &maybe_int) == CMOPS_OK && !maybe_int.has_value);
    ctx.error_arg = CMOPS_NO_ARG;
    CHECK(cmops::glue::optional_int(&ctx, args, 1, &maybe_int) == CMOPS_ERR_ARG_KIND);
    CHECK(ctx.error_arg == 1);
}

void lists()
{
    const double weights[2] = {0.5, 1.5};
    const bool mask[3] = {true, false, true};
    const int64_t order[2] = {1, 0};
    cmops_value d{};
    d.kind = CMOPS_VALUE_DOUBLE_LIST;
    d.as.double_list = cmops_double_list{weights, 2};
    cmops_value b{};
    b.kind = CMOPS_VALUE_BOOL_LIST;
    b.as.bool_list = cmops_bool_list{mask, 3};
    cmops_value i{};
    i.kind = CMOPS_VALUE_INT_LIST;
    i.as.int_list = cmops_int_list{order, 2};
    cmops_value none{};
    none.kind = CMOPS_VALUE_NONE;
    cmops_value *args[4] = {&d, &b, &i, &none};
    cmops_context ctx{CMOPS_NO_ARG, CMOPS_PHASE_RUN};

    cmops_double_list doubles{};
    CHECK(cmops::glue::double_list(&ctx, args, 0, &doubles) == CMOPS_OK);
    CHECK(doubles.length == 2 && doubles.items[1] == 1.5);
    cmops_bool_list bools{};
    CHECK(cmops::glue::bool_list(&ctx, args, 1, &bools) == CMOPS_OK && bools.length == 3);
    CHECK(cmops::glue::bool_list(&ctx, args, 0, &bools) == CMOPS_ERR_ARG_KIND &&
          ctx.error_arg == 0);
    const cmops_int_list *maybe = nullptr;
    CHECK(cmops::glue::optional_int_list(&ctx, args, 2, &maybe) == CMOPS_OK);
    CHECK(maybe != nullptr && maybe->items[0] == 1);
    CHECK(cmops::glue::optional_int_list(&ctx, args, 3, &maybe) == CMOPS_OK && maybe == nullptr);
    cmops_int_list ints{};
    CHECK(cmops::glue::int_list(&ctx, args, 3, &ints) == CMOPS_ERR_ARG_KIND && ctx.error_arg == 3);
    CHECK(cmops::glue::argument_count(&ctx, args, 4, 5) == CMOPS_ERR_ARG_COUNT);
    CHECK(ctx.error_arg == CMOPS_NO_ARG);
}

} // namespace

int main()
{
    tensor_lists();
    scalars_and_optionals();
    lists();
    printf("%s\n", g_failures == 0 ? "glue_support_test: ok" : "glue_support_test: FAILED");
    return g_failures == 0 ? 0 : 1;
}

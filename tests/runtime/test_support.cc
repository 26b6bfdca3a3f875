#include "tests/runtime/test_support.h"

#include <stdio.h>
#include <string.h>

#include <cinttypes>
#include <fstream>
#include <iterator>

namespace m55ml
{
namespace testing
{
namespace
{

struct TestCase {
    const char *name;
    TestFunction function;
};

std::vector<TestCase> &registry()
{
    static std::vector<TestCase> tests;
    return tests;
}

std::vector<std::string> &argument_storage()
{
    static std::vector<std::string> args;
    return args;
}

int g_failures_in_current_test = 0;

// Checking kernels stand in for the cortex_m:: operators of the product's kernel table (generated
// from operators.yaml, tools/opgen/gen_op_glue.py), one slot per table entry.
constexpr size_t kMaxCheckingKernels = 64;

// The registry the kernel reports to. Kernels get no user pointer, so the one running test's
// registry is reached through this; tests run one at a time.
CheckingRegistry *g_active_registry = nullptr;

size_t element_bytes(int32_t dtype)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
    case CMOPS_DTYPE_INT8:
    case CMOPS_DTYPE_BOOL:
        return 1;
    case CMOPS_DTYPE_INT16:
        return 2;
    case CMOPS_DTYPE_INT32:
    case CMOPS_DTYPE_FLOAT32:
        return 4;
    case CMOPS_DTYPE_INT64:
        return 8;
    default:
        return 1;
    }
}

std::string describe_value(const cmops_value &value, const uint8_t *arena_base, size_t arena_size)
{
    char text[64];
    switch (value.kind) {
    case CMOPS_VALUE_NONE:
        return "N";
    case CMOPS_VALUE_INT:
        return "I" + std::to_string(value.as.int_value);
    case CMOPS_VALUE_BOOL:
        return value.as.bool_value ? "B1" : "B0";
    case CMOPS_VALUE_DOUBLE: {
        uint8_t bytes[8];
        memcpy(bytes, &value.as.double_value, sizeof(bytes));
        std::string hex = "D";
        for (uint8_t byte : bytes) {
            snprintf(text, sizeof(text), "%02x", byte);
            hex += text;
        }
        return hex;
    }
    case CMOPS_VALUE_INT_LIST: {
        std::string list = "L";
        for (size_t i = 0; i < value.as.int_list.length; ++i) {
            list += (i == 0 ? "" : ",") + std::to_string(value.as.int_list.items[i]);
        }
        return list;
    }
    case CMOPS_VALUE_TENSOR: {
        const cmops_tensor &t = value.as.tensor;
        std::string out = "T" + std::to_string(t.dtype) + "[";
        for (int32_t i = 0; i < t.dim; ++i) {
            out += (i == 0 ? "" : ",") + std::to_string(t.sizes[i]);
        }
        out += "]{";
        for (int32_t i = 0; i < t.dim; ++i) {
            out += (i == 0 ? "" : ",") + std::to_string(t.dim_order[i]);
        }
        out += "}";
        const uint8_t *data = static_cast<const uint8_t *>(t.data);
        // The fixtures have one planned buffer, memory id 1, at the start of the arena.
        if (data == nullptr) {
            return out + "@-";
        }
        if (arena_base != nullptr && data >= arena_base && data < arena_base + arena_size) {
            return out + "@m1+" + std::to_string(data - arena_base);
        }
        snprintf(text, sizeof(text), "@c%016" PRIx64, fnv1a64(data, t.nbytes));
        return out + text;
    }
    default:
        return "?" + std::to_string(value.kind);
    }
}

cmops_status checking_kernel(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CheckingRegistry *registry = g_active_registry;
    if (num_args == 0 || args == nullptr) {
        ctx->error_arg = CMOPS_NO_ARG;
        return CMOPS_ERR_ARG_COUNT;
    }
    volatile uint8_t sink = 0;
    std::string call;
    for (size_t k = 0; k < num_args; ++k) {
        const cmops_value *value = args[k];
        if (value == nullptr || value->kind < CMOPS_VALUE_NONE ||
            value->kind > CMOPS_VALUE_OPTIONAL_TENSOR_LIST) {
            ctx->error_arg = static_cast<int32_t>(k);
            return CMOPS_ERR_ARG_KIND;
        }
        if (value->kind == CMOPS_VALUE_TENSOR) {
            const cmops_tensor &t = value->as.tensor;
            if (t.dim < 0 || t.dim > CMOPS_MAX_DIM) {
                ctx->error_arg = static_cast<int32_t>(k);
                return CMOPS_ERR_RANK;
            }
            size_t numel = 1;
            for (int32_t d = 0; d < t.dim; ++d) {
                numel *= static_cast<size_t>(t.sizes[d]);
            }
            if (t.nbytes < numel * element_bytes(t.dtype) || (t.nbytes > 0 && t.data == nullptr)) {
                ctx->error_arg = static_cast<int32_t>(k);
                return CMOPS_ERR_BUFFER;
            }
            // Touch every byte: an out-of-bounds view faults here under AddressSanitizer.
            const uint8_t *bytes = static_cast<const uint8_t *>(t.data);
            for (size_t i = 0; i < t.nbytes; ++i) {
                sink = static_cast<uint8_t>(sink + bytes[i]);
            }
            if (registry != nullptr) {
                registry->tensor_bytes_read += t.nbytes;
            }
        } else if (value->kind == CMOPS_VALUE_INT_LIST) {
            for (size_t i = 0; i < value->as.int_list.length; ++i) {
                sink = static_cast<uint8_t>(sink + value->as.int_list.items[i]);
            }
        }
        if (registry != nullptr && registry->record_calls) {
            call += (k == 0 ? "" : ";") +
                    describe_value(*value, registry->arena_base, registry->arena_size);
        }
    }
    const cmops_value *out = args[num_args - 1];
    if (out->kind != CMOPS_VALUE_TENSOR) {
        ctx->error_arg = static_cast<int32_t>(num_args - 1);
        return CMOPS_ERR_ARG_KIND;
    }
    // Deterministic output so repeated runs compare equal.
    uint8_t *target = static_cast<uint8_t *>(out->as.tensor.data);
    for (size_t i = 0; i < out->as.tensor.nbytes; ++i) {
        target[i] = static_cast<uint8_t>(i * 31u + 7u);
    }
    if (registry != nullptr && registry->record_calls) {
        registry->calls.push_back(registry->current_operator + "(" + call + ")");
    }
    return CMOPS_OK;
}

cmops_kernel g_checking_kernels[kMaxCheckingKernels];

void before_op(void *context, const pte::OpEvent *event)
{
    CheckingRegistry *registry = static_cast<CheckingRegistry *>(context);
    registry->current_operator = std::string(event->name) + "." + event->overload;
    g_active_registry = registry;
}

} // namespace

TestRegistrar::TestRegistrar(const char *name, TestFunction function)
{
    registry().push_back({name, function});
}

void record_failure(const char *file, int line, const std::string &message)
{
    ++g_failures_in_current_test;
    fprintf(stderr, "  %s:%d: %s\n", file, line, message.c_str());
}

const std::vector<std::string> &arguments()
{
    return argument_storage();
}

std::string flag(const std::string &name, const std::string &fallback)
{
    const std::string prefix = "--" + name + "=";
    for (const std::string &arg : arguments()) {
        if (arg.compare(0, prefix.size(), prefix) == 0) {
            return arg.substr(prefix.size());
        }
    }
    return fallback;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

AlignedBytes::AlignedBytes(const std::vector<uint8_t> &bytes, size_t misalignment)
    : storage_(bytes.size() + 2 * PTE_REQUIRED_ALIGNMENT), size_(bytes.size())
{
    const uintptr_t base = reinterpret_cast<uintptr_t>(storage_.data());
    offset_ = (PTE_REQUIRED_ALIGNMENT - base % PTE_REQUIRED_ALIGNMENT) % PTE_REQUIRED_ALIGNMENT +
              misalignment;
    if (!bytes.empty()) {
        memcpy(storage_.data() + offset_, bytes.data(), bytes.size());
    }
}

std::vector<uint8_t> read_file(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        fprintf(stderr, "cannot read fixture %s (pass --fixtures=DIR)\n", path.c_str());
        exit(2);
    }
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(file),
                                std::istreambuf_iterator<char>());
}

std::vector<std::string> split(const std::string &text, char separator)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = text.find(separator, start);
        if (end == std::string::npos) {
            parts.push_back(text.substr(start));
            break;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

std::map<std::string, std::string> read_manifest(const std::string &path)
{
    const std::vector<uint8_t> bytes = read_file(path);
    std::map<std::string, std::string> manifest;
    for (const std::string &line : split(std::string(bytes.begin(), bytes.end()), '\n')) {
        const size_t equals = line.find('=');
        if (equals != std::string::npos) {
            manifest[line.substr(0, equals)] = line.substr(equals + 1);
        }
    }
    return manifest;
}

Fixture load_fixture(const std::string &name)
{
    // Under `bazel test` the fixtures sit in the runfiles at their package path.
    const std::string directory = flag("fixtures", "tests/runtime");
    const std::string stem = directory + "/" + name;
    Fixture fixture;
    fixture.name = name;
    fixture.pte = read_file(stem + ".pte");
    fixture.manifest = read_manifest(stem + ".manifest.txt");
    fixture.reference_output = read_file(stem + ".reference_output.bin");
    const size_t num_inputs = split(fixture.manifest["input_nbytes"], ',').size();
    for (size_t i = 0; i < num_inputs; ++i) {
        fixture.inputs.push_back(read_file(stem + ".input" + std::to_string(i) + ".bin"));
    }
    return fixture;
}

uint64_t fnv1a64(const void *data, size_t size)
{
    const uint8_t *bytes = static_cast<const uint8_t *>(data);
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < size; ++i) {
        hash = (hash ^ bytes[i]) * 0x100000001b3ull;
    }
    return hash;
}

constexpr uint64_t kLargestTestArena = 64u << 20;

const cmops_kernel *checking_resolver(void *context, const char *name, const char *overload)
{
    CheckingRegistry *registry = static_cast<CheckingRegistry *>(context);
    if (strcmp(overload, "out") != 0 || name == registry->missing_operator) {
        return nullptr;
    }
    const cmops_kernel *product = cmops_find_kernel(name, overload);
    if (product == nullptr) {
        return nullptr;
    }
    if (strncmp(name, "cortex_m::", 10) != 0) {
        return product; // layout operators (view_copy, dim-order copies) run for real
    }
    const cmops_kernel *table = cmops_all_kernels(nullptr);
    const size_t slot = static_cast<size_t>(product - table);
    if (slot >= kMaxCheckingKernels) {
        return nullptr;
    }
    // Argument count and written arguments come from the product's table, itself checked
    // against operators.yaml by tests/kernels.
    g_checking_kernels[slot] = {
        product->name, "out",
        static_cast<size_t>(static_cast<int>(product->num_args) + registry->num_args_adjustment),
        checking_kernel,
        // An in-place input is written too, as its schema's `Tensor(a!)` says.
        product->written_args | registry->in_place_args, registry->in_place_args,
        product->arg_names};
    return &g_checking_kernels[slot];
}

pte::ProfileHooks checking_hooks(CheckingRegistry *registry)
{
    return pte::ProfileHooks{registry, before_op, nullptr};
}

pte::Status load_and_run(const uint8_t *pte, size_t size, const Fixture &fixture,
                         CheckingRegistry *registry, Runner *runner, std::string *stage)
{
    *stage = "load";
    pte::Status status = runner->program.load(pte, size, nullptr, &runner->diag);
    if (status != pte::Status::kOk) {
        return status;
    }
    *stage = "prepare";
    if (runner->program.single_arena_size() > kLargestTestArena) {
        // A mutated size the test cannot allocate: prepare must refuse a small arena instead.
        runner->arena_storage.assign(4096 + 16, 0);
        uint8_t *small = runner->arena_storage.data() +
                         (16 - reinterpret_cast<uintptr_t>(runner->arena_storage.data()) % 16) % 16;
        for (size_t i = 0; i < PTE_MAX_PLANNED_BUFFERS; ++i) {
            runner->buffers[i] = {small, 4096};
        }
        status = runner->method.prepare(runner->program, runner->buffers,
                                        runner->program.num_planned_buffers(), &runner->diag,
                                        checking_resolver, registry);
        if (status == pte::Status::kOk) {
            record_failure(__FILE__, __LINE__,
                           "prepare accepted a 4 KiB arena for " +
                               std::to_string(runner->program.single_arena_size()) +
                               " planned bytes");
        }
        return status;
    }
    runner->arena_storage.assign(static_cast<size_t>(runner->program.single_arena_size()) + 16, 0);
    uint8_t *arena = runner->arena_storage.data() +
                     (16 - reinterpret_cast<uintptr_t>(runner->arena_storage.data()) % 16) % 16;
    registry->arena_base = arena;
    registry->arena_size = static_cast<size_t>(runner->program.single_arena_size());
    status = pte::split_arena(runner->program, arena,
                              static_cast<size_t>(runner->program.single_arena_size()),
                              runner->buffers, PTE_MAX_PLANNED_BUFFERS, &runner->diag);
    if (status != pte::Status::kOk) {
        return status;
    }
    status = runner->method.prepare(runner->program, runner->buffers,
                                    runner->program.num_planned_buffers(), &runner->diag,
                                    checking_resolver, registry);
    if (status != pte::Status::kOk) {
        return status;
    }
    *stage = "input";
    for (size_t i = 0; i < runner->program.num_inputs(); ++i) {
        // A mutated program may declare other input sizes: feed zeros of the declared size.
        pte::TensorInfo info;
        status = runner->program.input_info(i, &info, &runner->diag);
        if (status != pte::Status::kOk) {
            return status;
        }
        std::vector<uint8_t> input(info.nbytes, 0);
        if (i < fixture.inputs.size() && fixture.inputs[i].size() == info.nbytes) {
            input = fixture.inputs[i];
        }
        status = runner->method.set_input(i, input.data(), input.size(), &runner->diag);
        if (status != pte::Status::kOk) {
            return status;
        }
    }
    *stage = "execute";
    const pte::ProfileHooks hooks = checking_hooks(registry);
    return runner->method.execute(&runner->diag, &hooks);
}

} // namespace testing
} // namespace m55ml

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        m55ml::testing::argument_storage().push_back(argv[i]);
    }
    const std::string only = m55ml::testing::flag("only", "");
    int passed = 0;
    int failed = 0;
    for (const auto &test : m55ml::testing::registry()) {
        if (!only.empty() && only != test.name) {
            continue;
        }
        m55ml::testing::g_failures_in_current_test = 0;
        test.function();
        const bool ok = m55ml::testing::g_failures_in_current_test == 0;
        printf("%s %s\n", ok ? "PASS" : "FAIL", test.name);
        fflush(stdout);
        (ok ? passed : failed) += 1;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/*
 * test_support.h: a minimal test runner and the fixtures shared by the runtime's host tests.
 *
 * No test framework is packaged for this environment, so the runner is a dozen lines: TEST
 * registers a function, EXPECT records a failure and goes on, main() runs every test and ends
 * with the line "N passed, N failed" that CI reads.
 */
#ifndef M55ML_TESTS_RUNTIME_TEST_SUPPORT_H_
#define M55ML_TESTS_RUNTIME_TEST_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <string>
#include <vector>

#include "cc/ops/cortex_m_ops.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace testing
{

using TestFunction = void (*)();

struct TestRegistrar {
    TestRegistrar(const char *name, TestFunction function);
};

void record_failure(const char *file, int line, const std::string &message);

#define TEST(name)                                                                                 \
    static void name();                                                                            \
    static ::m55ml::testing::TestRegistrar name##_registrar(#name, name);                          \
    static void name()

#define EXPECT(condition)                                                                          \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            ::m55ml::testing::record_failure(__FILE__, __LINE__, "EXPECT(" #condition ")");        \
        }                                                                                          \
    } while (0)

#define EXPECT_MSG(condition, message)                                                             \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            ::m55ml::testing::record_failure(__FILE__, __LINE__,                                   \
                                             std::string("EXPECT(" #condition "): ") + (message)); \
        }                                                                                          \
    } while (0)

// Checks a runtime status and shows the diagnostic when it differs.
#define EXPECT_STATUS(expression, expected, diag)                                                  \
    do {                                                                                           \
        const ::m55ml::pte::Status actual_status_ = (expression);                                  \
        if (actual_status_ != (expected)) {                                                        \
            ::m55ml::testing::record_failure(                                                      \
                __FILE__, __LINE__,                                                                \
                std::string(#expression " returned ") +                                            \
                    ::m55ml::pte::status_name(actual_status_) + ", expected " +                    \
                    ::m55ml::pte::status_name(expected) + " (" + (diag).detail + ")");             \
        }                                                                                          \
    } while (0)

// Command-line arguments of the test binary (after the program name).
const std::vector<std::string> &arguments();

// Value of `--name=value` among the arguments, or `fallback`.
std::string flag(const std::string &name, const std::string &fallback);

bool contains(const std::string &text, const std::string &part);

// A file's bytes copied to a 16-byte aligned address (the runtime requires it).
class AlignedBytes
{
  public:
    AlignedBytes() = default;
    explicit AlignedBytes(const std::vector<uint8_t> &bytes, size_t misalignment = 0);
    uint8_t *data()
    {
        return storage_.data() + offset_;
    }
    const uint8_t *data() const
    {
        return storage_.data() + offset_;
    }
    size_t size() const
    {
        return size_;
    }
    std::vector<uint8_t> bytes() const
    {
        return std::vector<uint8_t>(data(), data() + size_);
    }

  private:
    std::vector<uint8_t> storage_;
    size_t offset_ = 0;
    size_t size_ = 0;
};

std::vector<uint8_t> read_file(const std::string &path);

// NAME.manifest.txt written by make_test_programs.py: key=value lines from ExecuTorch's side.
std::map<std::string, std::string> read_manifest(const std::string &path);
std::vector<std::string> split(const std::string &text, char separator);

// One fixture program: NAME.pte and its inputs, reference output and manifest.
struct Fixture {
    std::string name;
    std::vector<uint8_t> pte;
    std::vector<std::vector<uint8_t>> inputs;
    std::vector<uint8_t> reference_output;
    std::map<std::string, std::string> manifest;
};

// Loads fixture NAME from the directory given by --fixtures=DIR.
Fixture load_fixture(const std::string &name);

uint64_t fnv1a64(const void *data, size_t size);

// Test-only kernel registry. Every cortex_m:: operator of operators.yaml with its argument count,
// each bound to a kernel that checks the views it gets, reads every byte of every tensor (so
// AddressSanitizer sees any pointer outside the arenas or the program) and fills `out`.
struct CheckingRegistry {
    std::string missing_operator;        // resolve reports this name as absent ("" = none)
    int num_args_adjustment = 0;         // added to every kernel's num_args (signature tests)
    uint32_t in_place_args = 0;          // every kernel declares these arguments in-place
    bool record_calls = false;           // append each call, formatted like the manifest
    const uint8_t *arena_base = nullptr; // to print planned tensors as @m1+offset
    size_t arena_size = 0;
    std::vector<std::string> calls;
    std::string current_operator; // set by the profiling hook below
    uint64_t tensor_bytes_read = 0;
};

const cmops_kernel *checking_resolver(void *registry, const char *name, const char *overload);

// Profiling hooks that tell the checking registry which operator is running.
pte::ProfileHooks checking_hooks(CheckingRegistry *registry);

// Program, arena and method for one fixture, ready to run with the checking registry.
struct Runner {
    pte::Program program;
    std::vector<uint8_t> arena_storage;
    pte::MemorySpan buffers[PTE_MAX_PLANNED_BUFFERS];
    pte::Method method;
    pte::Diagnostic diag;
};

// Load, prepare (arena of exactly the planned size), set every input, execute. Returns the first
// non-Ok status; `stage` says which step it came from ("load", "prepare", "input", "execute").
pte::Status load_and_run(const uint8_t *pte, size_t size, const Fixture &fixture,
                         CheckingRegistry *registry, Runner *runner, std::string *stage);

} // namespace testing
} // namespace m55ml

#endif // M55ML_TESTS_RUNTIME_TEST_SUPPORT_H_

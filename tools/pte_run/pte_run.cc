/*
 * pte_run: runs a .pte on the host with the same runtime and kernels as the firmware.
 *
 *   pte_run --program model.pte --input in.bin [--input ...] --output out.bin [--output ...]
 *           [--method forward] [--profile] [--info]
 *
 * Input files hold each input tensor's raw bytes in its dim order (what Method::set_input takes);
 * output files receive the output tensors' raw bytes. Prints the kernel calls executed, per
 * operator, and with --profile each call's wall time. Any error is one line on stderr,
 * "pte_run: error: <what>", and a distinct exit code:
 *   0 ok, 2 usage, 3 file I/O, 4 program rejected, 5 not runnable in this build (operator,
 *   capacity), 6 input mismatch, 7 a kernel failed.
 * Host-only: it uses the heap, files and the clock, which the runtime library itself never does.
 */
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cc/runtime/pte_runtime.h"

namespace
{

using m55ml::pte::Diagnostic;
using m55ml::pte::MemorySpan;
using m55ml::pte::Method;
using m55ml::pte::OpEvent;
using m55ml::pte::ProfileHooks;
using m55ml::pte::Program;
using m55ml::pte::Status;
using m55ml::pte::TensorInfo;

enum ExitCode {
    kExitOk = 0,
    kExitUsage = 2,
    kExitFile = 3,
    kExitProgramRejected = 4,
    kExitNotRunnable = 5,
    kExitInput = 6,
    kExitKernel = 7,
};

// Largest arena the host runner allocates. A program's plan is data from the file: a corrupt or
// hostile one may ask for 2^62 bytes, which must end in one line, not in std::bad_alloc. Every
// model this project targets plans a few megabytes; 1 GiB leaves room for far larger ones.
constexpr uint64_t kMaxHostArenaBytes = uint64_t{1} << 30;

struct FreeDeleter {
    void operator()(void *pointer) const
    {
        std::free(pointer);
    }
};

struct Options {
    std::string program;
    std::string method;
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
    bool profile = false;
    bool info = false;
};

const char kUsage[] =
    "usage: pte_run --program FILE.pte [--input FILE]... [--output FILE]... [--method NAME]\n"
    "               [--profile] [--info]\n";

int fail(int code, const std::string &message)
{
    std::fprintf(stderr, "pte_run: error: %s\n", message.c_str());
    return code;
}

// "<StatusName>: <detail>", or the status's generic message when there is no detail.
int fail_status(int code, const Diagnostic &diag)
{
    const char *explanation =
        diag.detail[0] != '\0' ? diag.detail : m55ml::pte::status_message(diag.status);
    return fail(code, std::string(m55ml::pte::status_name(diag.status)) + ": " + explanation);
}

int exit_code_for_load(Status status)
{
    return status == Status::kCapacityExceeded ? kExitNotRunnable : kExitProgramRejected;
}

int exit_code_for_prepare(Status status)
{
    return status == Status::kMalformed ? kExitProgramRejected : kExitNotRunnable;
}

bool parse_args(int argc, char **argv, Options *options, std::string *error)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string *out) {
            if (i + 1 >= argc) {
                *error = arg + " needs a value";
                return false;
            }
            *out = argv[++i];
            return true;
        };
        std::string text;
        if (arg == "--program") {
            if (!value(&options->program))
                return false;
        } else if (arg == "--method") {
            if (!value(&options->method))
                return false;
        } else if (arg == "--input") {
            if (!value(&text))
                return false;
            options->inputs.push_back(text);
        } else if (arg == "--output") {
            if (!value(&text))
                return false;
            options->outputs.push_back(text);
        } else if (arg == "--profile") {
            options->profile = true;
        } else if (arg == "--info") {
            options->info = true;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(kExitOk);
        } else {
            *error = "unknown argument '" + arg + "'";
            return false;
        }
    }
    if (options->program.empty()) {
        *error = "--program is required";
        return false;
    }
    return true;
}

// Reads a whole file. `alignment` > 1 returns storage whose data() start is aligned that much.
bool read_file(const std::string &path, std::vector<uint8_t> *storage, size_t *offset, size_t *size,
               size_t alignment, std::string *error)
{
    FILE *file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        *error = "cannot open '" + path + "': " + std::strerror(errno);
        return false;
    }
    std::vector<uint8_t> bytes;
    uint8_t chunk[65536];
    size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0) {
        bytes.insert(bytes.end(), chunk, chunk + got);
    }
    const bool read_error = std::ferror(file) != 0;
    std::fclose(file);
    if (read_error) {
        *error = "cannot read '" + path + "'";
        return false;
    }
    storage->assign(bytes.size() + alignment, 0);
    const uintptr_t base = reinterpret_cast<uintptr_t>(storage->data());
    *offset = (alignment - base % alignment) % alignment;
    if (!bytes.empty()) {
        std::memcpy(storage->data() + *offset, bytes.data(), bytes.size());
    }
    *size = bytes.size();
    return true;
}

std::string describe(const TensorInfo &info)
{
    std::string text = m55ml::pte::scalar_type_name(info.scalar_type);
    text += "[";
    for (int32_t i = 0; i < info.dim; ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(info.sizes[i]);
    }
    text += "] dim_order (";
    for (int32_t i = 0; i < info.dim; ++i) {
        text += (i == 0 ? "" : ",") + std::to_string(info.dim_order[i]);
    }
    return text + ") " + std::to_string(info.nbytes) + " bytes";
}

void print_info(const Program &program)
{
    std::printf("method %s: %zu values, %zu instructions, %llu constant bytes\n",
                program.method_name(), program.num_values(), program.num_instructions(),
                static_cast<unsigned long long>(program.constant_bytes()));
    for (size_t i = 0; i < program.num_planned_buffers(); ++i) {
        std::printf("  planned buffer (memory id %zu): %llu bytes\n", i + 1,
                    static_cast<unsigned long long>(program.planned_buffer_size(i)));
    }
    TensorInfo info;
    for (size_t i = 0; i < program.num_inputs(); ++i) {
        if (program.input_info(i, &info, nullptr) == Status::kOk) {
            std::printf("  input %zu: %s\n", i, describe(info).c_str());
        }
    }
    for (size_t i = 0; i < program.num_outputs(); ++i) {
        if (program.output_info(i, &info, nullptr) == Status::kOk) {
            std::printf("  output %zu: %s\n", i, describe(info).c_str());
        }
    }
    for (size_t i = 0; i < program.num_operators(); ++i) {
        std::printf("  operator %zu: %s.%s\n", i, program.operator_name(i),
                    program.operator_overload(i));
    }
}

struct Profile {
    using Clock = std::chrono::steady_clock;
    bool per_call = false;
    Clock::time_point started;
    std::vector<uint32_t> calls_per_operator;
    std::vector<double> microseconds_per_operator;
};

void before_op(void *context, const OpEvent *)
{
    static_cast<Profile *>(context)->started = Profile::Clock::now();
}

void after_op(void *context, const OpEvent *event, Status status)
{
    Profile *profile = static_cast<Profile *>(context);
    const double microseconds =
        std::chrono::duration<double, std::micro>(Profile::Clock::now() - profile->started).count();
    profile->calls_per_operator[event->operator_index] += 1;
    profile->microseconds_per_operator[event->operator_index] += microseconds;
    if (profile->per_call) {
        std::printf("  call %4u chains[%u].instructions[%u] %-44s %10.1f us%s\n", event->call_index,
                    event->chain_index, event->instruction_index,
                    (std::string(event->name) + "." + event->overload).c_str(), microseconds,
                    status == Status::kOk ? "" : "  FAILED");
    }
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    std::string error;
    if (!parse_args(argc, argv, &options, &error)) {
        std::fputs(kUsage, stderr);
        return fail(kExitUsage, error);
    }

    std::vector<uint8_t> program_storage;
    size_t program_offset = 0;
    size_t program_size = 0;
    if (!read_file(options.program, &program_storage, &program_offset, &program_size,
                   PTE_REQUIRED_ALIGNMENT, &error)) {
        return fail(kExitFile, error);
    }

    Diagnostic diag;
    Program program;
    const char *method_name = options.method.empty() ? nullptr : options.method.c_str();
    if (program.load(program_storage.data() + program_offset, program_size, method_name, &diag) !=
        Status::kOk) {
        return fail_status(exit_code_for_load(diag.status), diag);
    }
    if (options.info) {
        print_info(program);
    }

    // calloc, not a vector: a failed allocation is a null pointer, never an exception. Zeroed, so
    // a kernel that reads bytes nobody wrote gives the same wrong answer on every run.
    const uint64_t arena_size = program.single_arena_size();
    if (arena_size > kMaxHostArenaBytes) {
        return fail(kExitNotRunnable, "the program plans " + std::to_string(arena_size) +
                                          " bytes of arena, more than this runner's limit of " +
                                          std::to_string(kMaxHostArenaBytes) +
                                          " bytes: is the .pte corrupt?");
    }
    const std::unique_ptr<uint8_t, FreeDeleter> arena_storage(static_cast<uint8_t *>(
        std::calloc(static_cast<size_t>(arena_size) + PTE_REQUIRED_ALIGNMENT, 1)));
    if (arena_storage == nullptr) {
        return fail(kExitNotRunnable,
                    "cannot allocate the program's " + std::to_string(arena_size) + "-byte arena");
    }
    const uintptr_t arena_base = reinterpret_cast<uintptr_t>(arena_storage.get());
    uint8_t *arena =
        arena_storage.get() +
        (PTE_REQUIRED_ALIGNMENT - arena_base % PTE_REQUIRED_ALIGNMENT) % PTE_REQUIRED_ALIGNMENT;
    MemorySpan buffers[PTE_MAX_PLANNED_BUFFERS];
    if (m55ml::pte::split_arena(program, arena, static_cast<size_t>(arena_size), buffers,
                                PTE_MAX_PLANNED_BUFFERS, &diag) != Status::kOk) {
        return fail_status(kExitNotRunnable, diag);
    }
    // Static: Method carries kilobytes of per-call staging, as it would in firmware.
    static Method method;
    if (method.prepare(program, buffers, program.num_planned_buffers(), &diag) != Status::kOk) {
        return fail_status(exit_code_for_prepare(diag.status), diag);
    }

    if (options.inputs.size() != program.num_inputs()) {
        return fail(kExitInput, "the program has " + std::to_string(program.num_inputs()) +
                                    " input(s); " + std::to_string(options.inputs.size()) +
                                    " --input given");
    }
    if (options.outputs.size() > program.num_outputs()) {
        return fail(kExitUsage, "the program has " + std::to_string(program.num_outputs()) +
                                    " output(s); " + std::to_string(options.outputs.size()) +
                                    " --output given");
    }
    for (size_t i = 0; i < options.inputs.size(); ++i) {
        std::vector<uint8_t> storage;
        size_t offset = 0;
        size_t size = 0;
        if (!read_file(options.inputs[i], &storage, &offset, &size, 1, &error)) {
            return fail(kExitFile, error);
        }
        if (method.set_input(i, storage.data() + offset, size, &diag) != Status::kOk) {
            return fail(kExitInput, std::string(m55ml::pte::status_name(diag.status)) + ": " +
                                        options.inputs[i] + ": " + diag.detail);
        }
    }

    Profile profile;
    profile.per_call = options.profile;
    profile.calls_per_operator.assign(program.num_operators(), 0);
    profile.microseconds_per_operator.assign(program.num_operators(), 0.0);
    const ProfileHooks hooks = {&profile, before_op, after_op};
    const auto started = Profile::Clock::now();
    const Status status = method.execute(&diag, &hooks);
    const double total_us =
        std::chrono::duration<double, std::micro>(Profile::Clock::now() - started).count();
    if (status != Status::kOk) {
        return fail_status(kExitKernel, diag);
    }

    std::printf("%s: %u kernel calls, %.1f us\n", program.method_name(), method.calls_executed(),
                total_us);
    for (size_t i = 0; i < program.num_operators(); ++i) {
        std::printf("  %5u calls %12.1f us  %s.%s\n", profile.calls_per_operator[i],
                    profile.microseconds_per_operator[i], program.operator_name(i),
                    program.operator_overload(i));
    }

    for (size_t i = 0; i < options.outputs.size(); ++i) {
        const void *data = nullptr;
        size_t nbytes = 0;
        if (method.output(i, &data, &nbytes, &diag) != Status::kOk) {
            return fail_status(kExitKernel, diag);
        }
        FILE *file = std::fopen(options.outputs[i].c_str(), "wb");
        if (file == nullptr) {
            return fail(kExitFile,
                        "cannot create '" + options.outputs[i] + "': " + std::strerror(errno));
        }
        const size_t written = nbytes > 0 ? std::fwrite(data, 1, nbytes, file) : 0;
        const bool close_failed = std::fclose(file) != 0;
        if (written != nbytes || close_failed) {
            return fail(kExitFile, "cannot write '" + options.outputs[i] + "'");
        }
    }
    return kExitOk;
}

// pte_runner_main.cc: firmware that runs the .pte program linked into it, on a Corstone-300.
//
// The program arrives as read-only data (section .rodata.program, placed in QSPI flash by the
// linker script) through the symbols below, emitted by the cortex_m_firmware rule. Inputs are
// host files read through semihosting, outputs are written back the same way, so one ELF serves
// any input and the host compares outputs byte for byte:
//
//   input<i>.bin   input i, the exact bytes of the tensor (dtype, dim order) the program declares
//   output<i>.bin  output i, written after one inference
//   eval_inputs.bin + eval_labels.bin (optional)  N inputs back to back and N uint8 labels: the
//                  firmware runs all of them and reports top-1 accuracy (programs with one input
//                  whose output 0 is float32 or int8; sizes that disagree are an error)
//
// It prints the plan (operators, arena), a checksum of every output and the top-5 classes of
// output 0 when it is float32 or int8 (a program may leave the final dequantize to the
// application), and marks every kernel call with board_profile_marker() so the instruction-count
// plugin costs each one.
// Exit codes: 0 ok, 2 program rejected, 3 I/O, 4 arena too small, 5 kernel failed.

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cc/boards/common/board.h"
#include "cc/runtime/pte_runtime.h"

extern "C" {
extern const uint8_t m55ml_program_start[];
extern const uint8_t m55ml_program_end[];
}

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

enum ExitCode : int {
    kExitOk = 0,
    kExitProgramRejected = 2,
    kExitIo = 3,
    kExitArenaTooSmall = 4,
    kExitKernelFailed = 5,
};

// Everything from __arena_start to the end of SRAM: planned buffers first, then staging for
// inputs read from the host. Lives in .bss.arena, which startup does not clear (4 MB).
constexpr size_t kAlignment = PTE_REQUIRED_ALIGNMENT;

size_t align_up(size_t value)
{
    return (value + kAlignment - 1) & ~(kAlignment - 1);
}

Program g_program;
Method g_method;

// Operator index of each kernel call of the profiled inference, printed after it so the host
// can name the instruction counts the plugin records at each marker.
constexpr uint32_t kMaxProfiledCalls = 1024;
uint16_t g_call_operator[kMaxProfiledCalls];

int report(const char *what, const Diagnostic &diag, int exit_code)
{
    board_printf("error: %s: %s (%s): %s\n", what, m55ml::pte::status_message(diag.status),
                 m55ml::pte::status_name(diag.status), diag.detail);
    return exit_code;
}

void before_op(void *context, const OpEvent *event)
{
    (void)context;
    if (event->call_index < kMaxProfiledCalls) {
        g_call_operator[event->call_index] = (uint16_t)event->operator_index;
    }
    board_profile_marker(event->call_index * 2);
}

// One line per 24 calls: "calls 0..23: 5 0 0 1 ..." (operator index of each call).
void print_call_operators(uint32_t calls)
{
    const uint32_t recorded = calls < kMaxProfiledCalls ? calls : kMaxProfiledCalls;
    for (uint32_t first = 0; first < recorded; first += 24) {
        char line[200];
        size_t used = board_snprintf(line, sizeof line, "calls %lu:", (unsigned long)first);
        for (uint32_t i = first; i < recorded && i < first + 24 && used < sizeof line; ++i) {
            used += board_snprintf(line + used, sizeof line - used, " %u",
                                   (unsigned)g_call_operator[i]);
        }
        board_printf("%s\n", line);
    }
}

void after_op(void *context, const OpEvent *event, Status status)
{
    (void)context;
    (void)status;
    board_profile_marker(event->call_index * 2 + 1);
}

// FNV-1a, 32 bit: a checksum a person can compare between runs and hosts at a glance.
uint32_t checksum(const uint8_t *bytes, size_t length)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < length; ++i) {
        hash = (hash ^ bytes[i]) * 16777619u;
    }
    return hash;
}

// Indices of the k largest scores, largest first; ties go to the lower index. T is float or
// int8_t: the argmax of int8 logits is the argmax of their dequantized values (positive scale).
template <typename T> void top_k(const T *scores, size_t count, size_t k, size_t *chosen)
{
    for (size_t rank = 0; rank < k; ++rank) {
        size_t best = count;
        for (size_t i = 0; i < count; ++i) {
            bool taken = false;
            for (size_t j = 0; j < rank; ++j) {
                taken = taken || chosen[j] == i;
            }
            if (!taken && (best == count || scores[i] > scores[best])) {
                best = i;
            }
        }
        chosen[rank] = best;
    }
}

// Scores top-5 and evaluation can rank: float32 and int8 outputs.
bool rankable(int32_t scalar_type)
{
    return scalar_type == CMOPS_DTYPE_FLOAT32 || scalar_type == CMOPS_DTYPE_INT8;
}

size_t element_bytes(int32_t scalar_type)
{
    return scalar_type == CMOPS_DTYPE_FLOAT32 ? sizeof(float) : 1;
}

// Top-1 of a rankable output.
size_t argmax(const void *data, size_t nbytes, int32_t scalar_type)
{
    size_t best = 0;
    if (scalar_type == CMOPS_DTYPE_FLOAT32) {
        top_k(static_cast<const float *>(data), nbytes / sizeof(float), 1, &best);
    } else {
        top_k(static_cast<const int8_t *>(data), nbytes, 1, &best);
    }
    return best;
}

// Prints a float with 4 decimals without the C library's printf.
void print_score(float value)
{
    const bool negative = value < 0.0f;
    const float magnitude = negative ? -value : value;
    const uint32_t whole = (uint32_t)magnitude;
    const uint32_t fraction = (uint32_t)((magnitude - (float)whole) * 10000.0f + 0.5f);
    board_printf("%s%lu.%04lu", negative ? "-" : "", (unsigned long)whole,
                 (unsigned long)(fraction > 9999 ? 9999 : fraction));
}

void print_plan(const Program &program)
{
    board_printf("program: %lu bytes, %lu operators, %lu instructions, %lu values, "
                 "%lu constant bytes\n",
                 (unsigned long)(m55ml_program_end - m55ml_program_start),
                 (unsigned long)program.num_operators(), (unsigned long)program.num_instructions(),
                 (unsigned long)program.num_values(), (unsigned long)program.constant_bytes());
    for (size_t i = 0; i < program.num_operators(); ++i) {
        board_printf("operator %lu: %s.%s\n", (unsigned long)i, program.operator_name(i),
                     program.operator_overload(i));
    }
    for (size_t i = 0; i < program.num_planned_buffers(); ++i) {
        board_printf("planned buffer %lu: %lu bytes\n", (unsigned long)i,
                     (unsigned long)program.planned_buffer_size(i));
    }
}

void print_top5(const void *data, size_t nbytes, const TensorInfo &info)
{
    if (!rankable(info.scalar_type)) {
        board_printf("top-5: skipped, output 0 is %s (float32 or int8 scores are ranked)\n",
                     m55ml::pte::scalar_type_name(info.scalar_type));
        return;
    }
    const size_t count = nbytes / element_bytes(info.scalar_type);
    if (count == 0) {
        return;
    }
    size_t chosen[5];
    const size_t k = count < 5 ? count : 5;
    if (info.scalar_type == CMOPS_DTYPE_FLOAT32) {
        top_k(static_cast<const float *>(data), count, k, chosen);
    } else {
        top_k(static_cast<const int8_t *>(data), count, k, chosen);
    }
    board_puts("top-5:");
    for (size_t rank = 0; rank < k; ++rank) {
        board_printf(" %lu (", (unsigned long)chosen[rank]);
        if (info.scalar_type == CMOPS_DTYPE_FLOAT32) {
            print_score(static_cast<const float *>(data)[chosen[rank]]);
        } else {
            board_printf("%d", (int)static_cast<const int8_t *>(data)[chosen[rank]]);
        }
        board_puts(")");
    }
    board_puts("\n");
}

// Runs every sample of eval_inputs.bin and reports top-1 accuracy against eval_labels.bin.
int evaluate(uint8_t *staging, size_t staging_size, Diagnostic *diag)
{
    // One byte more than the limit, so a larger set is refused instead of silently cut short.
    constexpr long kMaxSamples = 4096;
    static uint8_t labels[kMaxSamples + 1];
    const long num_labels = board_read_file("eval_labels.bin", labels, sizeof labels);
    if (num_labels <= 0) {
        return kExitOk; // no evaluation set: nothing to do
    }
    if (num_labels > kMaxSamples) {
        board_printf("error: eval_labels.bin holds more than %ld samples, this firmware's limit\n",
                     kMaxSamples);
        return kExitIo;
    }
    TensorInfo input_info;
    TensorInfo output_info;
    if (g_program.num_inputs() != 1) {
        board_printf("error: evaluation needs a program with one input; this one has %lu\n",
                     (unsigned long)g_program.num_inputs());
        return kExitProgramRejected;
    }
    if (g_program.input_info(0, &input_info, diag) != Status::kOk ||
        g_program.output_info(0, &output_info, diag) != Status::kOk) {
        return report("evaluation", *diag, kExitProgramRejected);
    }
    if (!rankable(output_info.scalar_type)) {
        board_printf("error: evaluation ranks output 0, which is %s; it must be float32 or int8\n",
                     m55ml::pte::scalar_type_name(output_info.scalar_type));
        return kExitProgramRejected;
    }
    const size_t input_bytes = input_info.nbytes;
    const size_t wanted = (size_t)num_labels * input_bytes;
    // Read as much as staging holds, so extra inputs are seen and counted, not ignored.
    if (wanted >= staging_size) {
        board_printf("error: eval_inputs.bin needs %lu bytes of staging, %lu available\n",
                     (unsigned long)wanted + 1, (unsigned long)staging_size);
        return kExitIo;
    }
    const long got = board_read_file("eval_inputs.bin", staging, staging_size);
    if (got < 0) {
        board_printf("error: cannot open eval_inputs.bin (eval_labels.bin holds %ld labels)\n",
                     num_labels);
        return kExitIo;
    }
    if (got != (long)wanted) {
        board_printf("error: eval_inputs.bin holds %s%ld bytes but eval_labels.bin holds %ld "
                     "labels: %ld inputs of %lu bytes are %lu bytes\n",
                     (size_t)got == staging_size ? "at least " : "", got, num_labels, num_labels,
                     (unsigned long)input_bytes, (unsigned long)wanted);
        return kExitIo;
    }
    long correct = 0;
    for (long sample = 0; sample < num_labels; ++sample) {
        if (g_method.set_input(0, staging + (size_t)sample * input_bytes, input_bytes, diag) !=
                Status::kOk ||
            g_method.execute(diag) != Status::kOk) {
            return report("evaluation", *diag, kExitKernelFailed);
        }
        const void *data = nullptr;
        size_t nbytes = 0;
        if (g_method.output(0, &data, &nbytes, diag) != Status::kOk) {
            return report("evaluation output", *diag, kExitKernelFailed);
        }
        correct += argmax(data, nbytes, output_info.scalar_type) == labels[sample] ? 1 : 0;
    }
    board_printf("accuracy: %ld/%ld correct\n", correct, num_labels);
    return kExitOk;
}

int run()
{
    Diagnostic diag;
    const size_t program_size = (size_t)(m55ml_program_end - m55ml_program_start);
    if (g_program.load(m55ml_program_start, program_size, nullptr, &diag) != Status::kOk) {
        return report("program", diag, kExitProgramRejected);
    }
    print_plan(g_program);

    uint8_t *const region = __arena_start;
    const size_t region_size = (size_t)(__arena_end - __arena_start);
    const size_t planned = (size_t)g_program.single_arena_size();
    board_printf("arena: %lu bytes planned, %lu available\n", (unsigned long)planned,
                 (unsigned long)region_size);
    MemorySpan buffers[PTE_MAX_PLANNED_BUFFERS];
    if (m55ml::pte::split_arena(g_program, region, region_size, buffers, PTE_MAX_PLANNED_BUFFERS,
                                &diag) != Status::kOk) {
        return report("arena", diag, kExitArenaTooSmall);
    }
    // Call state after the planned buffers: every call's argument views are built, and every
    // kernel checks its arguments, once at prepare; execute only calls kernels.
    const size_t call_state_size = (size_t)Method::call_state_size(g_program);
    if (align_up(planned) + align_up(call_state_size) > region_size) {
        board_printf("error: arena: %lu bytes planned + %lu bytes of call state > %lu available\n",
                     (unsigned long)planned, (unsigned long)call_state_size,
                     (unsigned long)region_size);
        return kExitArenaTooSmall;
    }
    const MemorySpan call_state = {region + align_up(planned), call_state_size};
    board_printf("call state: %lu bytes\n", (unsigned long)call_state_size);
    if (g_method.prepare(g_program, buffers, g_program.num_planned_buffers(), &diag, nullptr,
                         nullptr, call_state) != Status::kOk) {
        return report("prepare", diag,
                      diag.status == Status::kArenaTooSmall ? kExitArenaTooSmall
                                                            : kExitProgramRejected);
    }

    const size_t used = align_up(planned) + align_up(call_state_size);
    uint8_t *const staging = region + used;
    const size_t staging_size = region_size - used;
    for (size_t i = 0; i < g_program.num_inputs(); ++i) {
        TensorInfo info;
        if (g_program.input_info(i, &info, &diag) != Status::kOk) {
            return report("input", diag, kExitProgramRejected);
        }
        char name[24];
        board_snprintf(name, sizeof name, "input%lu.bin", (unsigned long)i);
        const long got = board_read_file(name, staging, staging_size);
        if (got != (long)info.nbytes) {
            board_printf("error: %s: read %ld bytes, input %lu needs %lu\n", name, got,
                         (unsigned long)i, (unsigned long)info.nbytes);
            return kExitIo;
        }
        if (g_method.set_input(i, staging, info.nbytes, &diag) != Status::kOk) {
            return report(name, diag, kExitProgramRejected);
        }
    }

    const ProfileHooks hooks = {nullptr, before_op, after_op};
    board_profile_marker(0xFFFFFFFFu); // start of inference
    const Status status = g_method.execute(&diag, &hooks);
    board_profile_marker(0xFFFFFFFFu); // end of inference
    if (status != Status::kOk) {
        return report("execute", diag, kExitKernelFailed);
    }
    board_printf("executed %lu kernel calls\n", (unsigned long)g_method.calls_executed());
    print_call_operators(g_method.calls_executed());

    for (size_t i = 0; i < g_program.num_outputs(); ++i) {
        const void *data = nullptr;
        size_t nbytes = 0;
        TensorInfo info;
        if (g_method.output(i, &data, &nbytes, &diag) != Status::kOk ||
            g_program.output_info(i, &info, &diag) != Status::kOk) {
            return report("output", diag, kExitProgramRejected);
        }
        char name[24];
        board_snprintf(name, sizeof name, "output%lu.bin", (unsigned long)i);
        if (board_write_file(name, data, nbytes) != 0) {
            board_printf("error: cannot write %s\n", name);
            return kExitIo;
        }
        board_printf("%s: %lu bytes, fnv1a32 0x%08lx\n", name, (unsigned long)nbytes,
                     (unsigned long)checksum(static_cast<const uint8_t *>(data), nbytes));
        if (i == 0) {
            print_top5(data, nbytes, info);
        }
    }
    return evaluate(staging, staging_size, &diag);
}

} // namespace

int main()
{
    return run();
}

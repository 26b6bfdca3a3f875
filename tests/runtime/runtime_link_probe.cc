/*
 * runtime_link_probe: firmware that links every entry point of cc/runtime with the cc/ops
 * kernels for the Corstone-300 board, so test_firmware_link.py can inspect what a real image
 * pulls in (no heap, no C++ runtime) and how much .text the runtime costs.
 *
 * The program bytes are a placeholder: the probe is about linking, not running a model.
 */
#include <stdint.h>

#include "cc/boards/common/board.h"
#include "cc/runtime/pte_runtime.h"

namespace
{

using m55ml::pte::Diagnostic;
using m55ml::pte::MemorySpan;
using m55ml::pte::Method;
using m55ml::pte::Program;
using m55ml::pte::Status;

// Not const-foldable: the compiler must keep every branch below.
alignas(16) volatile uint8_t g_program_bytes[64] = {0x10, 0, 0, 0, 'E', 'T', '1', '2'};
alignas(16) uint8_t g_arena[4096];
Program g_program;
Method g_method;
Diagnostic g_diag;

void before_op(void *, const m55ml::pte::OpEvent *event)
{
    board_profile_marker(event->call_index);
}

} // namespace

int main(void)
{
    const uint8_t *bytes = const_cast<const uint8_t *>(g_program_bytes);
    if (g_program.load(bytes, sizeof(g_program_bytes), "forward", &g_diag) != Status::kOk) {
        board_printf("runtime_link_probe: %s: %s\n", m55ml::pte::status_name(g_diag.status),
                     g_diag.detail);
        return 0;
    }
    MemorySpan spans[PTE_MAX_PLANNED_BUFFERS];
    if (m55ml::pte::split_arena(g_program, g_arena, sizeof(g_arena), spans, PTE_MAX_PLANNED_BUFFERS,
                                &g_diag) != Status::kOk ||
        g_method.prepare(g_program, spans, g_program.num_planned_buffers(), &g_diag) !=
            Status::kOk) {
        return 1;
    }
    static uint8_t input[16];
    g_method.set_input(0, input, sizeof(input), &g_diag);
    const m55ml::pte::ProfileHooks hooks = {nullptr, before_op, nullptr};
    if (g_method.execute(&g_diag, &hooks) != Status::kOk) {
        return 2;
    }
    const void *data = nullptr;
    size_t nbytes = 0;
    return g_method.output(0, &data, &nbytes, &g_diag) == Status::kOk ? 0 : 3;
}

/* Reset and exception handling shared by every board (Secure or privileged Thread mode, no RTOS).
 * Board-specific: only the memory map, in the board's linker script (cc/boards/boards.bzl). */
#include <stdint.h>

#include "cc/boards/common/board.h"

extern uint32_t __stack_top[], __stack_limit[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

int main(void);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)

void Reset_Handler(void) __attribute__((noreturn));
void Fault_Handler(void) __attribute__((naked, noreturn));
void Default_Handler(void) __attribute__((noreturn));

void Reset_Handler(void)
{
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* CP10 and CP11 full access: the FPU and the Helium (MVE) unit share these enables. A core
     * without an FPU (Cortex-M3) is built without __ARM_FP and leaves CPACR alone. */
    SCB_CPACR |= (0xFu << 20);
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    /* Report MemManage, BusFault and UsageFault as themselves rather than as a HardFault. */
    SCB_SHCSR |= (1u << 16) | (1u << 17) | (1u << 18);

    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0;
    }
    /* Paint the unused stack so board_exit() can report the high-water mark. */
    uint32_t *const in_use = (uint32_t *)__builtin_frame_address(0) - 16;
    for (uint32_t *word = __stack_limit; word < in_use;) {
        *word++ = BOARD_STACK_PAINT;
    }
    for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) {
        (*ctor)();
    }
    board_exit(main());
}

/* Called by Fault_Handler with the exception stack frame: report where it happened and the fault
 * status registers. The host decodes them (tools/sim/run_firmware.py adds one "FAULT: <fault>
 * <bit>: <meaning>" line per bit set), so their descriptions take no flash. */
__attribute__((noreturn, used)) static void report_fault(const uint32_t *frame)
{
    const uint32_t exception = SCB_ICSR & 0x1FFu;
    const uint32_t cfsr = SCB_CFSR;
    const uint32_t hfsr = SCB_HFSR;
    board_printf("FAULT: exception %lu at pc=0x%08lx lr=0x%08lx cfsr=0x%08lx hfsr=0x%08lx "
                 "mmfar=0x%08lx bfar=0x%08lx\n",
                 (unsigned long)exception, (unsigned long)frame[6], (unsigned long)frame[5],
                 (unsigned long)cfsr, (unsigned long)hfsr, (unsigned long)SCB_MMFAR,
                 (unsigned long)SCB_BFAR);
    board_exit(BOARD_EXIT_FAULT);
}

/* HardFault, MemManage, BusFault, UsageFault, SecureFault: pick the stack the frame is on. */
void Fault_Handler(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "b report_fault\n\t");
}

void Default_Handler(void)
{
    board_printf("FAULT: unexpected exception %lu\n", (unsigned long)(SCB_ICSR & 0x1FFu));
    board_exit(BOARD_EXIT_FAULT);
}

typedef void (*vector_entry)(void);

/* At the start of the board's code region, where the core fetches its reset vector. */
__attribute__((section(".vectors"), used)) const vector_entry vector_table[16 + 16] = {
    (vector_entry)__stack_top, /* initial main stack pointer */
    Reset_Handler,
    Default_Handler, /* NMI */
    Fault_Handler,   /* HardFault */
    Fault_Handler,   /* MemManage */
    Fault_Handler,   /* BusFault */
    Fault_Handler,   /* UsageFault */
    Fault_Handler,   /* SecureFault (Armv8-M; reserved on Armv7-M) */
    0,
    0,
    0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    Default_Handler, /* SysTick */
    /* External interrupts are not enabled by this board support. */
};

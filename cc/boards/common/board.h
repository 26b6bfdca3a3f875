/*
 * board.h: what every simulated board offers firmware (//cc/boards/common), whichever board
 * package (//cc/boards/<board>: its linker script, cc/boards/boards.bzl) the ELF is linked for.
 *
 * Output and exit go through Arm semihosting (the simulator must enable it: QEMU
 * `-semihosting-config enable=on,target=native`, FVP `cpu0.semihosting-enable=1`), so no UART
 * driver or C library stdio is linked. The startup code enables the FPU (and Helium) when the core
 * has one, copies .data, clears .bss, paints the stack and calls main(); main's return value
 * becomes the simulator's exit code. A fault prints the exception, pc, the fault status registers
 * and their decoded causes, and exits with BOARD_EXIT_FAULT.
 */
#ifndef M55ML_CC_BOARDS_COMMON_BOARD_H_
#define M55ML_CC_BOARDS_COMMON_BOARD_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Pattern startup writes over the unused stack; board_stack_used() looks for the first word
 * that lost it. */
#define BOARD_STACK_PAINT 0xA5A5A5A5u

/* Bytes of main stack used so far (high-water mark since reset), and the stack's size. */
size_t board_stack_used(void);
size_t board_stack_size(void);

/* Exit codes the board itself uses; programs use 0 (pass) and small positive codes. */
enum {
    BOARD_EXIT_FAULT = 0xEE, /* a fault or unexpected exception was reported */
};

/* Writes `length` bytes to the simulator's stdout. */
void board_write(const char *text, size_t length);

/* Writes a NUL-terminated string to stdout. */
void board_puts(const char *text);

/* printf-style output to stdout, without the C library. Supports %s %c %d %i %u %x %X %p %%,
 * the `l` and `ll` length modifiers, a field width and the `0` flag. Lines longer than 256
 * bytes are cut. */
void board_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
void board_vprintf(const char *format, va_list args);

/* Formats into `buffer` (always NUL-terminated when size > 0); returns the length written. */
size_t board_snprintf(char *buffer, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Ends the simulation with `code` as the simulator's exit status. */
__attribute__((noreturn)) void board_exit(int code);

/* Reads up to `capacity` bytes of the host file `path` (semihosting file I/O); returns the number
 * of bytes read or -1 when the file cannot be opened. For inputs that are not linked in. */
long board_read_file(const char *path, void *buffer, size_t capacity);

/* Writes `length` bytes to the host file `path`, replacing it; returns 0 or -1. */
int board_write_file(const char *path, const void *data, size_t length);

/* Marks a point in the run for the instruction-count plugin (tools/qemu_plugin): the plugin
 * records the guest instruction count each time this function executes, so the host can
 * attribute instructions to the code between markers. Costs a few instructions. */
void board_profile_marker(uint32_t tag);

/* The board the image is linked for (its key in cc/boards/boards.bzl), e.g. "mps2_an386". */
extern const char board_name[];

/* Linker-script symbols bounding the activation arena (the board's arena region). */
extern uint8_t __arena_start[];
extern uint8_t __arena_end[];

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_BOARDS_COMMON_BOARD_H_ */
